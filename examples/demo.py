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

import logging
import os
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

    return app


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
        """Run the API, keeping the exchange if the URL names a call."""
        ids = parse_qs(str(environ.get("QUERY_STRING", ""))).get(CALL_PARAMETER)
        if not ids:
            return self.app(environ, start_response)
        call_id = ids[0]

        def recording_start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            self._record(call_id, environ, status, headers)
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
        return jsonify(api=api, calls=[asdict(call) for call in CALLS])

    @app.get("/exchanges/<call_id>")
    def exchanges(call_id: str) -> ResponseReturnValue:
        return jsonify(recorder.exchanges(call_id))

    return app


def usage(api: str, page: str) -> str:
    """Return what the demo prints when it starts."""
    return f"""\
flask_cors demo

  Open the page:  {page}
  The API:        {api}

The page calls the API from another origin and shows, live, which calls the
browser allowed or blocked, and the headers that came back. Or try by hand:
  # a preflight for a JSON POST: methods, headers and max-age come back
  curl -si -X OPTIONS {api}/api/items -H 'Origin: {_origin(page)}' \\
       -H 'Access-Control-Request-Method: POST' \\
       -H 'Access-Control-Request-Headers: content-type'

The 'flask_cors' logger is at DEBUG here, so each decision is logged below.
Press Ctrl+C to stop.
"""


def _origin(url: str) -> str:
    return url.rstrip("/")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Leave the page's own requests out of the log: it shows the API's."""


def serve(api_port: int, page_port: int) -> tuple[BaseWSGIServer, BaseWSGIServer, str]:
    """Bind the API and the page servers; return them and the page's URL.

    A port that is taken ends the program with Werkzeug's message.
    """
    page = f"http://{PAGE_HOST}:{page_port}/"
    api = f"http://{API_HOST}:{api_port}"
    recorder = Recorder(create_app(_origin(page)))
    api_server = make_server(API_HOST, api_port, recorder, threaded=True)
    try:
        page_app = create_page_app(api, recorder)
        page_server = make_server(
            API_HOST, page_port, page_app, threaded=True, request_handler=_QuietHandler
        )
    except BaseException:
        api_server.server_close()
        raise
    return api_server, page_server, page


def main() -> None:
    """Run the demo: the API on 127.0.0.1:$PORT (5000), the page on localhost:$PAGE_PORT (5001)."""
    api_port = int(os.environ.get("PORT", str(DEFAULT_PORT)))
    page_port = int(os.environ.get("PAGE_PORT", str(DEFAULT_PAGE_PORT)))
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    api_server, page_server, page = serve(api_port, page_port)
    print(usage(f"http://{API_HOST}:{api_server.port}", page), flush=True)
    logging.getLogger("flask_cors").setLevel(logging.DEBUG)
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
