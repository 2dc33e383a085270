"""Watch a browser apply CORS: an API with a few rules, and a page on another origin.

Run it with ``make demo``. It serves two things from one process:

- the API, on http://127.0.0.1:5000 (``PORT``): a few routes under different
  CORS rules, set with ``CORS(app, resources=...)`` and ``@cross_origin``;
- a page, on http://localhost:5001 (``PAGE_PORT``), that calls the API with
  ``fetch()`` and shows, live, which calls the browser allowed or blocked and
  why: the headers that came back.

To a browser, ``localhost`` and ``127.0.0.1`` are different sites, so every
call is cross-origin and CORS decides it. A page cannot see the headers of a
response its browser blocked, so the API is wrapped in a :class:`Recorder`
and the page asks its own server what the API received and answered.
"""

from __future__ import annotations

import inspect
import logging
import os
import sys
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import parse_qs

from flask import Flask, abort, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from flask_cors import CORS, cross_origin
from flask_cors.adapter import TRACE, Traced
from flask_cors.core import explain

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: Where the API listens. To a browser, a page on localhost is another site.
API_HOST: Final = "127.0.0.1"
#: The host name the page is opened under.
PAGE_HOST: Final = "localhost"
DEFAULT_PORT: Final = 5000
DEFAULT_PAGE_PORT: Final = 5001
#: The page's origin with the default ports: the one origin /api/* allows.
FRONTEND: Final = f"http://{PAGE_HOST}:{DEFAULT_PAGE_PORT}"
#: The only origin /partner allows: not the page.
PARTNER: Final = "https://partner.example"
#: The query parameter that names one call of the page, to find its exchanges.
CALL_PARAMETER: Final = "call"

_PAGE: Final = Path(__file__).with_name("demo_page.html")
#: What the demo logs: each exchange of each call, with what flask_cors
#: decided and what the browser does with it.
LOG: Final = logging.getLogger("demo")


def create_app(frontend: str = FRONTEND) -> Flask:
    """Build the demo API: an ``/api/*`` for one frontend, a public route and two closed ones.

    Args:
        frontend: The origin ``/api/*`` allows: the demo page's.

    """
    app = Flask(__name__)
    CORS(
        app,
        resources={
            r"/api/*": {
                "origins": [frontend],
                "methods": ["GET", "POST"],
                "allow_headers": ["Content-Type"],
                "expose_headers": ["X-Request-Id"],
                "supports_credentials": True,
                "max_age": 600,
            },
        },
    )

    @app.get("/api/items")
    def items() -> ResponseReturnValue:
        return jsonify(["apple", "pear"]), 200, {"X-Request-Id": "42"}

    @app.post("/api/items")
    def add_item() -> ResponseReturnValue:
        return jsonify(created=True), 201

    @app.delete("/api/items/<int:item_id>")
    def delete_item(item_id: int) -> ResponseReturnValue:
        return jsonify(deleted=item_id)

    @app.get("/api/missing")
    def missing() -> ResponseReturnValue:
        abort(404, description="There is nothing here.")

    @app.get("/public")
    @cross_origin(origins="*", send_wildcard=True)
    def public() -> ResponseReturnValue:
        return jsonify(message="anyone may read this")

    @app.get("/partner")
    @cross_origin(origins=[PARTNER])
    def partner() -> ResponseReturnValue:
        return jsonify(message="for the partner's pages only")

    @app.get("/private")
    def private() -> ResponseReturnValue:
        return jsonify(message="no CORS rule covers this path")

    # Not a call of the page: what the API's own URL shows, opened by hand.
    app.add_url_rule("/", "index", lambda: api_index(app, f"{frontend}/"))
    return app


def api_index(app: Flask, page: str) -> ResponseReturnValue:
    """Return the API's ``/``: its routes and the page that calls them, as plain text.

    Args:
        app: The demo API.
        page: The demo page's URL.

    """
    routes = [
        (", ".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})), rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in ("index", "static")
    ]
    width = max(len(methods) for methods, _ in routes)
    listing = "\n".join(f"  {methods:<{width}}  {path}" for methods, path in routes)
    text = (
        "flask_cors demo: the API\n\n"
        "The demo page calls these routes from another origin and shows which\n"
        f"calls the browser allows, and why: {page}\n\n"
        f"{listing}\n\n"
        "Their CORS rules are create_app in examples/demo.py, shown on the page too.\n"
    )
    return text, 200, {"Content-Type": "text/plain; charset=utf-8"}


@dataclass(frozen=True)
class Call:
    """One call the page makes, what the browser should do with it, and why.

    Attributes:
        name: A short identifier, unique among the calls.
        title: What the call tries, in a few words.
        method: The fetch method.
        path: The API path.
        expect: What the browser should do with the response.
        why: The rule that decides it, in a sentence.
        headers: Request headers the page adds.
        body: The request body, if any.
        credentials: fetch's credentials mode.

    """

    name: str
    title: str
    method: str
    path: str
    expect: Literal["allowed", "blocked"]
    why: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    credentials: Literal["omit", "same-origin", "include"] = "same-origin"


#: The calls the page makes, in order.
CALLS: Final = (
    Call(
        "read-items",
        "Read the list",
        "GET",
        "/api/items",
        "allowed",
        "/api/* lists this page's origin, so the API echoes it in "
        "Access-Control-Allow-Origin, and exposes X-Request-Id for the page to read.",
    ),
    Call(
        "add-item",
        "Send JSON",
        "POST",
        "/api/items",
        "allowed",
        "A JSON body makes the browser ask first with OPTIONS (a preflight); "
        "/api/* allows POST and the Content-Type header.",
        headers={"Content-Type": "application/json"},
        body='{"name": "plum"}',
    ),
    Call(
        "delete-item",
        "Delete an item",
        "DELETE",
        "/api/items/1",
        "blocked",
        "/api/* allows only GET and POST, so the preflight's answer does not list "
        "DELETE and the browser never sends it, although the route exists.",
    ),
    Call(
        "custom-header",
        "Send a custom header",
        "GET",
        "/api/items",
        "blocked",
        "/api/* allows only the Content-Type request header, so the preflight's "
        "answer does not list x-debug.",
        headers={"X-Debug": "1"},
    ),
    Call(
        "read-error",
        "Read an error",
        "GET",
        "/api/missing",
        "allowed",
        "Error responses get the CORS headers too, so the page can read the 404 and its message.",
    ),
    Call(
        "with-credentials",
        "Read with credentials",
        "GET",
        "/api/items",
        "allowed",
        "/api/* sets supports_credentials: the API answers with the exact origin "
        "and Access-Control-Allow-Credentials: true, which a call with cookies needs.",
        credentials="include",
    ),
    Call(
        "public",
        "Read a public route",
        "GET",
        "/public",
        "allowed",
        "@cross_origin(origins='*', send_wildcard=True) answers "
        "Access-Control-Allow-Origin: *, which any page may read.",
    ),
    Call(
        "public-credentials",
        "Read a public route with credentials",
        "GET",
        "/public",
        "blocked",
        "A browser never lets Access-Control-Allow-Origin: * cover a call with credentials.",
        credentials="include",
    ),
    Call(
        "partner",
        "Read the partner route",
        "GET",
        "/partner",
        "blocked",
        f"@cross_origin(origins=[{PARTNER!r}]) allows another origin: the view ran, "
        "but without Access-Control-Allow-Origin the browser hides its answer.",
    ),
    Call(
        "private",
        "Read a route without CORS",
        "GET",
        "/private",
        "blocked",
        "No CORS rule covers /private: the API answered 200 with no CORS headers, "
        "and the browser hides it.",
    ),
)


class Recorder:
    """WSGI middleware that remembers what the API received and answered, per call.

    Requests whose URL carries ``?call=<id>`` are kept under that id (the
    newest few hundred), with the request's method, path and CORS-relevant
    headers and the response's status and headers.
    """

    #: How many calls are remembered.
    LIMIT: Final = 500

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._calls: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Run the API, keeping (and logging) the exchange if the URL names a call."""
        ids = parse_qs(str(environ.get("QUERY_STRING", ""))).get(CALL_PARAMETER)
        if not ids:
            return self.app(environ, start_response)
        call_id = ids[0]
        # flask_cors appends the decisions it makes for this request here.
        trace: list[Traced] = []
        environ[TRACE] = trace

        def recording_start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            self._record(call_id, environ, status, headers)
            LOG.info("%s", log_line(call_id, environ, status, headers, trace))
            return start_response(status, headers, exc_info)

        return self.app(environ, recording_start_response)

    def _record(
        self, call_id: str, environ: WSGIEnvironment, status: str, headers: list[tuple[str, str]]
    ) -> None:
        sent = {
            name: str(environ[key])
            for name, key in (
                ("Origin", "HTTP_ORIGIN"),
                ("Access-Control-Request-Method", "HTTP_ACCESS_CONTROL_REQUEST_METHOD"),
                ("Access-Control-Request-Headers", "HTTP_ACCESS_CONTROL_REQUEST_HEADERS"),
                ("Content-Type", "CONTENT_TYPE"),
            )
            if environ.get(key)
        }
        exchange = {
            "method": environ["REQUEST_METHOD"],
            "path": environ.get("PATH_INFO", ""),
            "request_headers": sent,
            "status": status,
            "response_headers": [list(pair) for pair in headers],
        }
        with self._lock:
            self._calls.setdefault(call_id, []).append(exchange)
            self._calls.move_to_end(call_id)
            while len(self._calls) > self.LIMIT:
                self._calls.popitem(last=False)

    def exchanges(self, call_id: str) -> list[dict[str, Any]]:
        """Return what the API received and answered for one call, oldest first."""
        with self._lock:
            return list(self._calls.get(call_id, ()))


_CALLS_BY_NAME: Final = {call.name: call for call in CALLS}


def log_line(
    call_id: str,
    environ: WSGIEnvironment,
    status: str,
    headers: list[tuple[str, str]],
    trace: list[Traced],
) -> str:
    """Say what one exchange of a call was, what flask_cors decided, and what the browser does.

    flask_cors decides from the request alone; whether the browser lets the
    page read the answer also depends on the call's credentials mode, which
    the server never sees. So both are said, each for what it is.
    """
    run, _, name = call_id.partition("-")
    call = _CALLS_BY_NAME.get(name)
    method = environ["REQUEST_METHOD"]
    preflight = method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
    what = f"run {run}, {name}: {method} {environ.get('PATH_INFO', '')}"
    what += " (preflight)" if preflight else ""
    if trace:
        decided = trace[-1]
        verdict = "sent CORS headers" if decided.decision.allowed else "refused"
        text = explain(decided.policy, decided.info, decided.decision, where=decided.where)
        server = f"flask_cors {verdict}: {text}"
    else:
        server = "no CORS rule or @cross_origin covers it: no CORS headers"
    line = f"{what} -> {status}; {server}"
    if call is None:
        return line
    problem = browser_problem(call, preflight, environ.get("HTTP_ORIGIN"), headers)
    browser = "the browser blocks the call: " + problem if problem else "the browser lets it pass"
    return f"{line}; {browser}"


def browser_problem(
    call: Call, preflight: bool, origin: str | None, headers: list[tuple[str, str]]
) -> str | None:
    """Return why a browser refuses this response to the call, or None if it accepts it.

    The CORS check of the Fetch standard
    (https://fetch.spec.whatwg.org/#cors-check), and for a preflight the
    status, method and header checks of
    https://fetch.spec.whatwg.org/#cors-preflight-fetch, for the calls the
    demo makes.
    """
    found = {name.lower(): value for name, value in headers}
    allow_origin = found.get("access-control-allow-origin")
    if allow_origin is None:
        return "no Access-Control-Allow-Origin"
    if call.credentials == "include":
        if allow_origin == "*":
            return "with credentials, Access-Control-Allow-Origin must name the origin, not '*'"
        if found.get("access-control-allow-credentials") != "true":
            return "with credentials, Access-Control-Allow-Credentials must be 'true'"
    if allow_origin not in ("*", origin):
        return f"Access-Control-Allow-Origin is {allow_origin!r}, not the page's origin"
    if not preflight:
        return None
    methods = _listed(found.get("access-control-allow-methods", ""))
    if call.method not in ("GET", "HEAD", "POST") and call.method.lower() not in methods:
        return f"Access-Control-Allow-Methods does not list {call.method}"
    allowed = _listed(found.get("access-control-allow-headers", ""))
    missing = [name for name in call.headers if name.lower() not in allowed and "*" not in allowed]
    if missing:
        return f"Access-Control-Allow-Headers does not list {', '.join(missing).lower()}"
    return None


def _listed(value: str) -> set[str]:
    return {item.strip().lower() for item in value.split(",") if item.strip()}


def configuration_code() -> str:
    """Return the source of :func:`create_app`: the configuration the page's calls exercise."""
    return textwrap.dedent(inspect.getsource(create_app))


def create_page_app(api: str, recorder: Recorder) -> Flask:
    """Build the app that serves the demo page, its calls and what the API answered them.

    Args:
        api: The API's base URL, as the page should call it.
        recorder: The recorder wrapped around that API.

    """
    app = Flask(f"{__name__}_page", static_folder=None)

    @app.get("/")
    def page() -> ResponseReturnValue:
        return _PAGE.read_text(encoding="utf-8"), 200, {"Content-Type": "text/html; charset=utf-8"}

    @app.get("/calls.json")
    def calls() -> ResponseReturnValue:
        return jsonify(
            api=api, calls=[asdict(call) for call in CALLS], configuration=configuration_code()
        )

    @app.get("/exchanges/<call_id>")
    def exchanges(call_id: str) -> ResponseReturnValue:
        return jsonify(recorder.exchanges(call_id))

    return app


def usage(api: str, page: str) -> str:
    """Return what the demo prints when it starts."""
    return f"""\
flask_cors demo

  Open the page:  {page}
  The API:        {api}/  (lists its routes)

The page calls the API from another origin and shows, live, which calls the
browser allowed or blocked, and the headers that came back. Or try by hand:
  # a preflight for a JSON POST: methods, headers and max-age come back
  curl -si -X OPTIONS {api}/api/items -H 'Origin: {_origin(page)}' \\
       -H 'Access-Control-Request-Method: POST' \\
       -H 'Access-Control-Request-Headers: content-type'

Each exchange of each call the page makes is logged below, every run: what
flask_cors decided, and whether the browser lets the page read the answer.
Press Ctrl+C to stop.
"""


def _origin(url: str) -> str:
    return url.rstrip("/")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Leave the page's own requests out of the log: it shows the API's."""


def serve(api_port: int, page_port: int) -> tuple[BaseWSGIServer, BaseWSGIServer, str]:
    """Bind the API and the page servers; return them and the page's URL.

    A port that cannot be bound ends the program with Werkzeug's message and
    how to choose other ports.
    """
    page = f"http://{PAGE_HOST}:{page_port}/"
    api = f"http://{API_HOST}:{api_port}"
    recorder = Recorder(create_app(_origin(page)))
    api_server = _bind(recorder, api_port, api_port, page_port, "PORT")
    try:
        page_app = create_page_app(api, recorder)
        page_server = _bind(page_app, page_port, api_port, page_port, "PAGE_PORT")
    except BaseException:
        api_server.server_close()
        raise
    return api_server, page_server, page


def _bind(
    app: WSGIApplication, port: int, api_port: int, page_port: int, variable: str
) -> BaseWSGIServer:
    """Bind one server; if Werkzeug gives up on the port, say which variable sets it."""
    handler = _QuietHandler if variable == "PAGE_PORT" else None
    try:
        return make_server(API_HOST, port, app, threaded=True, request_handler=handler)
    except SystemExit:
        print(port_advice(variable, port, api_port, page_port), file=sys.stderr)
        raise


def port_advice(variable: str, port: int, api_port: int, page_port: int) -> str:
    """Say how to run the demo on other ports than the one that could not be bound."""
    free = max(api_port, page_port) + 1
    return (
        f"The demo's {'API' if variable == 'PORT' else 'page'} could not listen on port {port} "
        f"({variable}={port}). Choose free ports with PORT= (the API) and PAGE_PORT= "
        f"(the page), such as: make demo PORT={free} PAGE_PORT={free + 1}"
    )


def main() -> None:
    """Run the demo: the API on 127.0.0.1:$PORT (5000), the page on localhost:$PAGE_PORT (5001)."""
    api_port = int(os.environ.get("PORT", str(DEFAULT_PORT)))
    page_port = int(os.environ.get("PAGE_PORT", str(DEFAULT_PAGE_PORT)))
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    # flask_cors logs each distinct refusal once (as in production); the
    # demo's own log shows every exchange of every run instead.
    logging.getLogger("flask_cors").setLevel(logging.WARNING)
    api_server, page_server, page = serve(api_port, page_port)
    print(usage(f"http://{API_HOST}:{api_server.port}", page), flush=True)
    page_thread = threading.Thread(target=page_server.serve_forever, name="demo-page")
    page_thread.start()
    try:
        api_server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        page_server.shutdown()
        page_thread.join()
        page_server.server_close()
        api_server.server_close()


if __name__ == "__main__":
    main()
