"""CORS for any WSGI application with ``flask_cors.core`` alone: no Flask.

Run it with ``python examples/docs/wsgi_middleware.py``, then::

    curl -i http://127.0.0.1:8000/api/hello -H "Origin: https://app.example.com"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from flask_cors.core import Decider, Policy, join_lines

if TYPE_CHECKING:
    from _typeshed import OptExcInfo
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: ``(path prefix, policy)`` pairs: the first prefix that starts a path wins.
Rules = Sequence[tuple[str, Policy]]


class CORSMiddleware:
    """Add CORS headers to a WSGI app's responses, and answer preflights.

    Args:
        app: The WSGI application to wrap.
        rules: The policy for each path prefix, most specific first. Paths
            under no prefix get no CORS headers.
    """

    def __init__(self, app: WSGIApplication, rules: Rules) -> None:
        self.app = app
        # One Decider per policy, kept as long as the middleware: it compiles
        # the policy once and remembers recent decisions.
        self.deciders = [(prefix, Decider(policy)) for prefix, policy in rules]

    def decider_for(self, path: str) -> Decider | None:
        """Return the decider of the first rule whose prefix starts ``path``."""
        for prefix, decider in self.deciders:
            if path.startswith(prefix):
                return decider
        return None

    def __call__(
        self,
        environ: WSGIEnvironment,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        """Serve one request through the wrapped app, with CORS headers."""
        # The prefixes are ASCII, so the raw WSGI path compares as well as
        # the decoded one.
        decider = self.decider_for(environ.get("PATH_INFO") or "/")
        if decider is None:
            return self.app(environ, start_response)
        decision = decider.decide_environ(environ)
        if decision.is_preflight:
            # Answered here: the app may not route OPTIONS, and browsers
            # refuse a preflight whose status is not 2xx.
            status = "204 No Content" if decision.allowed else "403 Forbidden"
            start_response(status, list(decision.headers))
            return []

        def start_with_cors(
            status: str,
            headers: list[tuple[str, str]],
            exc_info: OptExcInfo | None = None,
        ) -> Callable[[bytes], object]:
            # The app may have set CORS headers itself: join_lines keeps
            # those and adds only the decision's others, so none is sent
            # twice, and it joins Origin to the app's own Vary line.
            cors_headers = join_lines(headers, decision.headers)
            return start_response(status, cors_headers, exc_info)

        return self.app(environ, start_with_cors)


def hello(
    environ: WSGIEnvironment,
    start_response: StartResponse,
) -> Iterable[bytes]:
    """Greet every request: a WSGI app that knows nothing of CORS."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello\n"]


site = Policy(origins=["https://app.example.com"], supports_credentials=True)
# The admin API: the site's policy, but read-only and cached for a minute.
admin = site.merge(Policy(methods=["GET"], max_age=60))
app = CORSMiddleware(hello, [("/api/admin/", admin), ("/api/", site)])

if __name__ == "__main__":
    from wsgiref.simple_server import make_server

    with make_server("127.0.0.1", 8000, app) as server:
        print("Serving on http://127.0.0.1:8000 (Ctrl-C stops)")
        server.serve_forever()
