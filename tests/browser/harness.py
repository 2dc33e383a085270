"""What the browser tests stand on: live servers that record, and a page that fetches.

The browser is the judge in these tests, so nothing here answers for it:
the servers are real HTTP servers on loopback (no Playwright routing, which
would answer preflights itself), and the page calls them with ``fetch()``.
What the browser hides from the page (preflights and the headers of blocked
responses) is read from the server side instead: every server records each
request it received and the status and headers it answered with.

Every ``fetch()`` is also judged by the browser model of
:mod:`flask_cors.core.browser`, over the responses the server recorded: its
verdict (allowed or blocked, the preflight sent or not, the headers the
page can read, the console message) must equal what Chromium did, or the
case fails. So every case of the suite is a case of the model too.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Final
from urllib.parse import parse_qs, urlsplit

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from flask_cors.core import (
    BrowserRequest,
    BrowserResponse,
    CorsError,
    PreflightCache,
    Step,
    Verdict,
    chromium_message,
    judge,
)

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from playwright.sync_api import ConsoleMessage, Frame, Page

#: The query parameter that tags each URL a test fetches, so the server's
#: record of it can be found, and so no two cases share a preflight cache entry.
TOKEN: Final = "t"

#: How long to wait for the console message that explains a blocked fetch.
_CONSOLE_WAIT: Final = 2.0

# Runs in the page: one fetch(), reported as data, never as an exception.
# The response headers listed are only those the browser lets the page read.
_FETCH_JS: Final = """
async ([url, init]) => {
  try {
    const response = await fetch(url, init);
    const headers = {};
    response.headers.forEach((value, name) => { headers[name] = value; });
    return {ok: true, status: response.status, headers, body: await response.text()};
  } catch (error) {
    return {ok: false, status: null, headers: {}, body: "", error: String(error)};
  }
}
"""

# Runs in the page: add an iframe sandboxed without allow-same-origin, so the
# documents in it have an opaque origin and their requests say "Origin: null".
_SANDBOX_JS: Final = """
() => new Promise((resolve) => {
  const frame = document.createElement("iframe");
  frame.name = "sandboxed";
  frame.sandbox = "allow-scripts";
  frame.src = "/";
  frame.onload = () => resolve(null);
  document.body.append(frame);
})
"""


@dataclass(frozen=True)
class Exchange:
    """One request a server received, and the status and headers it answered with.

    Attributes:
        method: The request method as it arrived (Werkzeug upper-cases it).
        path: The request path.
        token: The value of the URL's :data:`TOKEN` parameter, if any.
        request_headers: The request headers, by lower-case name.
        status: The response status code.
        response_headers: The response headers, in order; names may repeat.

    """

    method: str
    path: str
    token: str | None
    request_headers: dict[str, str]
    status: int
    response_headers: tuple[tuple[str, str], ...]

    def values(self, name: str) -> list[str]:
        """Return every value of one response header, in order."""
        wanted = name.lower()
        return [value for key, value in self.response_headers if key.lower() == wanted]

    def header(self, name: str) -> str | None:
        """Return one response header's values joined with ", ", or None if absent."""
        values = self.values(name)
        return ", ".join(values) if values else None

    def listed(self, name: str) -> list[str]:
        """Return the items of a comma-separated response header, stripped."""
        return [item.strip() for value in self.values(name) for item in value.split(",")]


class Recorder:
    """WSGI middleware that keeps an :class:`Exchange` for every request.

    It sits outside the Flask app, so it sees every request the server got,
    whatever the app's hooks do, and the headers exactly as they go out.
    """

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._exchanges: list[Exchange] = []

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def recording_start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            self._record(environ, status, headers)
            return start_response(status, headers, exc_info)

        return self.app(environ, recording_start_response)

    def _record(
        self, environ: WSGIEnvironment, status: str, headers: list[tuple[str, str]]
    ) -> None:
        request_headers = {
            key[5:].replace("_", "-").lower(): str(value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            request_headers["content-type"] = str(environ["CONTENT_TYPE"])
        tokens = parse_qs(str(environ.get("QUERY_STRING", ""))).get(TOKEN)
        exchange = Exchange(
            method=str(environ["REQUEST_METHOD"]),
            path=str(environ.get("PATH_INFO", "")),
            token=tokens[0] if tokens else None,
            request_headers=request_headers,
            status=int(status.split(" ", 1)[0]),
            response_headers=tuple(headers),
        )
        with self._lock:
            self._exchanges.append(exchange)

    def tagged(self, token: str) -> list[Exchange]:
        """Return the exchanges of the URLs tagged with ``token``, oldest first."""
        with self._lock:
            return [exchange for exchange in self._exchanges if exchange.token == token]


class _QuietHandler(WSGIRequestHandler):
    # HTTP/1.0 closes each connection after its response, so no handler
    # thread is left holding a keep-alive socket when the server stops.
    protocol_version = "HTTP/1.0"

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log nothing: a test reads the recorder, not the access log."""

    def send_response(self, code: int, message: str | None = None) -> None:
        """Send the status line without the Server and Date headers http.server adds.

        So the headers the recorder saw, plus :data:`SERVER_ADDS`, are all
        the browser gets, and the model judges exactly what Chromium read.
        """
        self.log_request(code)
        self.send_response_only(code, message)


#: The header Werkzeug's server adds to every response after the app's own.
SERVER_ADDS: Final = (("Connection", "close"),)


class LiveServer:
    """A WSGI app served over real HTTP on 127.0.0.1, on a free port, in a thread.

    The server listens on 127.0.0.1 and is reached as ``http://127.0.0.1:PORT``
    (another site than a page on ``http://localhost:A``) or as
    ``http://localhost:PORT`` (the same site, another origin).
    """

    #: The servers running, by port, so a page can find the record of any URL.
    running: ClassVar[dict[int, LiveServer]] = {}

    def __init__(self, app: WSGIApplication, name: str) -> None:
        self.recorder = Recorder(app)
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, self.recorder, threaded=True, request_handler=_QuietHandler
        )
        self.port: int = self._server.port
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=name,
            daemon=True,
        )
        self._thread.start()
        LiveServer.running[self.port] = self

    def origin(self, host: str = "127.0.0.1") -> str:
        """Return the server's origin under one host name."""
        return f"http://{host}:{self.port}"

    def url(self, path: str, *, host: str = "127.0.0.1") -> str:
        """Return a URL of ``path`` tagged with a token never used before."""
        separator = "&" if "?" in path else "?"
        return f"{self.origin(host)}{path}{separator}{TOKEN}={uuid.uuid4().hex}"

    def exchanges(self, url: str) -> list[Exchange]:
        """Return what the server received for a URL made by :meth:`url`, oldest first."""
        query = url.partition("?")[2]
        return self.recorder.tagged(parse_qs(query)[TOKEN][-1])

    def close(self) -> None:
        """Stop serving, close the socket and wait for the thread."""
        LiveServer.running.pop(self.port, None)
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


@dataclass(frozen=True)
class FetchResult:
    """How one ``fetch()`` in the page ended.

    Attributes:
        allowed: Whether the fetch resolved: the browser let the page read
            the response. False means it rejected with ``TypeError: Failed
            to fetch``, which is all a page learns of a CORS failure.
        status: The response status the page read, or None.
        headers: The response headers the page could read, by lower-case name.
        body: The response body the page read, or "".
        error: The error the fetch rejected with, or None.
        console: The console errors logged meanwhile; the browser says there
            why it blocked a response.
        model: The browser model's verdict on the same fetch, from the
            responses the server recorded; it agreed with Chromium.

    """

    allowed: bool
    status: int | None
    headers: dict[str, str]
    body: str
    error: str | None
    console: tuple[str, ...]
    model: Verdict

    @property
    def blocked(self) -> bool:
        """Whether the fetch failed the way a CORS failure does."""
        return not self.allowed and self.error == "TypeError: Failed to fetch"

    @property
    def cors_error(self) -> str:
        """Return the console message in which the browser blocked the response, or ""."""
        return next((text for text in self.console if "blocked by CORS policy" in text), "")

    def json(self) -> Any:
        """Return the body parsed as JSON."""
        return json.loads(self.body)


class CorsPage:
    """A page on the test origin that makes ``fetch()`` calls and keeps the console.

    Args:
        page: A Playwright page; :meth:`reset` loads the test origin's page in it.
        origin: That page's origin, as the browser sends it in ``Origin``.

    """

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.origin = origin
        self._console: list[str] = []
        #: The model's preflight cache, as Chromium keeps its own.
        self.preflights = PreflightCache()
        page.on("console", self._on_console)

    def reset(self) -> None:
        """Forget cookies and console messages, and load the page afresh."""
        self.page.context.clear_cookies()
        self.page.goto(self.origin + "/")
        self._console.clear()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._console.append(message.text)

    def fetch(self, url: str, *, frame: Frame | None = None, **init: object) -> FetchResult:
        """Call ``fetch(url, init)`` in the page (or in ``frame``) and report how it ended.

        ``init`` holds fetch's options: ``method``, ``headers``, ``body``,
        ``credentials``. A rejected fetch waits briefly for the console
        message that says why. The browser model judges the same fetch, and
        a verdict other than Chromium's fails the case.
        """
        seen = len(self._console)
        target = frame or self.page.main_frame
        server = LiveServer.running[urlsplit(url).port or 80]
        before = len(server.exchanges(url))
        now = time.monotonic()
        raw = target.evaluate(_FETCH_JS, [url, init])
        if not raw["ok"]:
            deadline = time.monotonic() + _CONSOLE_WAIT
            while not any("blocked by CORS policy" in text for text in self._console[seen:]) and (
                time.monotonic() < deadline
            ):
                self.page.wait_for_timeout(25)
        request = _model_request(str(target.evaluate("() => self.origin")), url, init)
        result = FetchResult(
            allowed=bool(raw["ok"]),
            status=raw["status"],
            headers=dict(raw["headers"]),
            body=str(raw["body"]),
            error=raw.get("error"),
            console=tuple(self._console[seen:]),
            model=self._judge(request, server.exchanges(url)[before:], now),
        )
        _assert_model_agrees(request, result)
        return result

    def _judge(self, request: BrowserRequest, exchanges: list[Exchange], now: float) -> Verdict:
        """Judge one fetch by the model, from what the server received and answered."""
        preflights = [e for e in exchanges if "access-control-request-method" in e.request_headers]
        actuals = [e for e in exchanges if e not in preflights]
        verdict = judge(
            request,
            preflight=_model_response(preflights[0]) if preflights else None,
            response=_model_response(actuals[0]) if actuals else None,
            cached=self.preflights.lookup(request, now),
        )
        assert verdict.preflighted == bool(preflights), (
            f"Chromium sent {len(preflights)} preflight(s), the model expected "
            f"{int(verdict.preflighted)}: {request}"
        )
        if verdict.answer is not None:
            self.preflights.store(request, verdict.answer, now)
        return verdict

    def sandboxed_frame(self) -> Frame:
        """Add a sandboxed iframe (opaque origin, scripts allowed) and return its frame."""
        self.page.evaluate(_SANDBOX_JS)
        frame = self.page.frame(name="sandboxed")
        assert frame is not None
        return frame


def _model_request(origin: str, url: str, init: dict[str, object]) -> BrowserRequest:
    """Return the model's request for a ``fetch(url, init)`` made by a page of ``origin``."""
    headers = dict(init.get("headers") or {})  # type: ignore[call-overload]
    # https://fetch.spec.whatwg.org/#concept-bodyinit-extract: a string body
    # sets this Content-Type unless the page set one.
    if isinstance(init.get("body"), str) and not any(k.lower() == "content-type" for k in headers):
        headers["Content-Type"] = "text/plain;charset=UTF-8"
    return BrowserRequest(
        origin=origin,
        url=url,
        method=str(init.get("method", "GET")),
        headers=tuple(headers.items()),
        credentials=init.get("credentials") == "include",
    )


def _model_response(exchange: Exchange) -> BrowserResponse:
    """Return what the browser received for an exchange: the app's headers and the server's."""
    return BrowserResponse(exchange.status, exchange.response_headers + SERVER_ADDS)


def _assert_model_agrees(request: BrowserRequest, result: FetchResult) -> None:
    """Fail unless the model's verdict is what Chromium did: outcome, readable headers, message."""
    model = result.model
    assert model.allowed == result.allowed, f"Chromium allowed={result.allowed}, model: {model}"
    if model.allowed:
        assert dict(model.readable) == result.headers, (result.headers, model)
    elif model.error is CorsError.HEADER_NOT_ALLOWED:
        # Chromium names one refused header, in an order of its own.
        messages = {
            chromium_message(request, Step.PREFLIGHT, model.error, name)
            for name in model.refused_headers
        }
        assert result.cors_error in messages, (result.console, model)
    else:
        assert model.message == result.cors_error, (result.console, model)
