"""What the browser tests stand on: live servers that record, and a page that fetches.

The browser is the judge in these tests, so nothing here answers for it:
the servers are real HTTP servers on loopback (no Playwright routing, which
would answer preflights itself), and the page calls them with ``fetch()``.
What the browser hides from the page (preflights and the headers of blocked
responses) is read from the server side instead: every server records each
request it received and the status and headers it answered with.

Every ``fetch()`` is also run through the browser model of
:mod:`flask_cors.core.browser` (:func:`~flask_cors.core.browser.fetch`),
whose ``send`` answers each request the model sends with the response the
servers recorded for the request Chromium sent: the two must be the same
request (method, URL, ``Origin``, the preflight's headers, the body's
type and bytes, credentials), in the same order, none more, none less.
Then the verdict (allowed or blocked, the status, the response's type and
URL, the headers the page can read, the console message) must equal what
Chromium did, or the case fails. So every case of the suite is a case of
the model too.
"""

from __future__ import annotations

import io
import itertools
import json
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Final
from urllib.parse import parse_qs, unquote, urlsplit

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from flask_cors.core.browser import (
    FORM_BOUNDARY,
    Body,
    BodyKind,
    BrowserRequest,
    BrowserResponse,
    CorsFailure,
    Outgoing,
    PreflightCache,
    Step,
    Verdict,
    chromium_message,
    fetch,
)
from flask_cors.core.browser.messages import NETWORK_ERRORS
from flask_cors.core.urls import without_fragment

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from playwright.sync_api import ConsoleMessage, Frame, Page

#: The query parameter that tags each URL a test fetches, so the server's
#: record of it can be found, and so no two cases share a preflight cache entry.
TOKEN: Final = "t"

#: How long to wait for the console message that explains a blocked fetch.
_CONSOLE_WAIT: Final = 2.0

# Runs in the page: one fetch(), reported as data, never as an exception.
# The body is built from a spec (see PageBody.js); the response headers
# listed are only those the browser lets the page read.
_FETCH_JS: Final = """
async ([url, init, body]) => {
  if (body !== null) {
    if (body.kind === "text") init.body = body.text;
    if (body.kind === "URLSearchParams") init.body = new URLSearchParams(body.fields);
    if (body.kind === "FormData") {
      init.body = new FormData();
      for (const [name, value] of body.fields) init.body.append(name, value);
    }
    if (body.kind === "Blob") init.body = new Blob([body.text], {type: body.type});
    if (body.kind === "ArrayBuffer") init.body = new TextEncoder().encode(body.text).buffer;
  }
  try {
    const response = await fetch(url, init);
    const headers = {};
    response.headers.forEach((value, name) => { headers[name] = value; });
    return {
      ok: true, status: response.status, headers, body: await response.text(),
      type: response.type, url: response.url, redirected: response.redirected,
    };
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


#: Orders the requests all servers receive.
_SEQUENCE: Final = itertools.count()


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
        port: The port of the server that received it.
        query: The query string, as sent.
        body: The request body.
        sequence: Its place among the requests every server received.

    """

    method: str
    path: str
    token: str | None
    request_headers: dict[str, str]
    status: int
    response_headers: tuple[tuple[str, str], ...]
    port: int = 0
    query: str = ""
    body: bytes = b""
    sequence: int = field(default_factory=lambda: next(_SEQUENCE))

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
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        # The app reads the body again from here.
        environ["wsgi.input"] = io.BytesIO(body)

        def recording_start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            self._record(environ, status, headers, body)
            return start_response(status, headers, exc_info)

        return self.app(environ, recording_start_response)

    def _record(
        self, environ: WSGIEnvironment, status: str, headers: list[tuple[str, str]], body: bytes
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
            port=int(environ["SERVER_PORT"]),
            query=str(environ.get("QUERY_STRING", "")),
            body=body,
        )
        with self._lock:
            self._exchanges.append(exchange)

    def since(self, sequence: int) -> list[Exchange]:
        """Return the exchanges recorded after ``sequence``, oldest first."""
        with self._lock:
            return [exchange for exchange in self._exchanges if exchange.sequence > sequence]

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
class PageBody:
    """A body a page passes to ``fetch()``: built in the page by JavaScript, and for the model.

    Attributes:
        kind: What the page passes: a string, ``URLSearchParams``,
            ``FormData``, ``Blob`` or ``ArrayBuffer``.
        text: The text of a string, ``Blob`` or ``ArrayBuffer`` body.
        fields: The fields of a ``URLSearchParams`` or ``FormData`` body.
        type: The type of a ``Blob``.

    """

    kind: BodyKind
    text: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    type: str = ""

    def js(self) -> dict[str, object]:
        """Return the spec ``_FETCH_JS`` builds the body from."""
        spec: dict[str, object] = {"kind": self.kind.value, "text": self.text}
        spec.update(fields=self.fields, type=self.type)
        return spec

    def model(self) -> Body:
        """Return the model's :class:`~flask_cors.core.browser.Body` for it."""
        if self.kind is BodyKind.TEXT:
            return Body.text(self.text)
        if self.kind is BodyKind.URL_SEARCH_PARAMS:
            return Body.url_search_params(self.fields)
        if self.kind is BodyKind.FORM_DATA:
            return Body.form_data(self.fields)
        if self.kind is BodyKind.BLOB:
            return Body.blob(self.text, self.type)
        return Body.buffer(self.text.encode())


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
            responses the servers recorded; it agreed with Chromium.
        type: The response's type (``basic``, ``cors``, ``opaqueredirect``), or None.
        url: The response's URL, or "".
        redirected: Whether the response came after a redirect.

    """

    allowed: bool
    status: int | None
    headers: dict[str, str]
    body: str
    error: str | None
    console: tuple[str, ...]
    model: Verdict
    type: str | None = None
    url: str = ""
    redirected: bool = False

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


class Disagreement(AssertionError):
    """The model and Chromium differ: on the wire, or in the verdict."""


class Replay:
    """The model's ``send``: answers each request the model sends with what Chromium got.

    The servers recorded every request Chromium sent for the fetch, in
    order; each request the model sends must be the next of them, the same
    request, and gets the response recorded for it.
    """

    def __init__(self, recorded: list[Exchange]) -> None:
        self.recorded = recorded
        self.used = 0

    def __call__(self, outgoing: Outgoing) -> BrowserResponse:
        """Return the recorded answer to ``outgoing``, or raise if Chromium sent no such request."""
        if self.used >= len(self.recorded):
            raise Disagreement(f"the model sent {_describe(outgoing)}; Chromium sent nothing more")
        exchange = self.recorded[self.used]
        self.used += 1
        differences = _differences(outgoing, exchange)
        if differences:
            raise Disagreement(
                f"request {self.used}: the model sent {_describe(outgoing)}, Chromium sent "
                f"{exchange.method} :{exchange.port}{exchange.path}?{exchange.query} "
                f"{exchange.request_headers}: {'; '.join(differences)}"
            )
        return BrowserResponse(exchange.status, exchange.response_headers + SERVER_ADDS)

    def leftover(self) -> list[Exchange]:
        """Return the requests Chromium sent that the model did not."""
        return self.recorded[self.used :]


def _describe(outgoing: Outgoing) -> str:
    return f"{outgoing.method} {outgoing.url} {dict(outgoing.headers)}"


def _differences(outgoing: Outgoing, exchange: Exchange) -> list[str]:
    """Say how a request the model sends differs from the one Chromium sent, if it does."""
    found: list[str] = []
    parts = urlsplit(outgoing.url)
    if (outgoing.method, parts.port, unquote(parts.path), parts.query) != (
        exchange.method,
        exchange.port,
        exchange.path,
        exchange.query,
    ):
        found.append("method or URL")
    preflight = "access-control-request-method" in exchange.request_headers
    if outgoing.preflight != preflight:
        found.append("preflight or not")
    sent = {name.lower(): value for name, value in outgoing.headers}
    got = exchange.request_headers
    for name in (
        "origin",
        "access-control-request-method",
        "access-control-request-headers",
        "authorization",
        "x-custom",
    ):
        if sent.get(name) != got.get(name):
            found.append(f"{name}: {sent.get(name)!r} != {got.get(name)!r}")
    body = outgoing.body or b""
    content_type = sent.get("content-type")
    if body.startswith(b"--" + FORM_BOUNDARY.encode()):
        # Chromium draws its boundary at random, the model's is fixed: read
        # Chromium's off its body's first line (the page may have set
        # another Content-Type).
        chromium = exchange.body.partition(b"\r\n")[0].removeprefix(b"--")
        body = body.replace(FORM_BOUNDARY.encode(), chromium)
        if content_type is not None:
            content_type = content_type.replace(FORM_BOUNDARY, chromium.decode("latin-1"))
    if content_type != got.get("content-type"):
        found.append(f"content-type: {content_type!r} != {got.get('content-type')!r}")
    if body != exchange.body:
        found.append(f"body: {body[:60]!r} != {exchange.body[:60]!r}")
    if "cookie" in got and not outgoing.credentials:
        found.append("Chromium sent cookies the model would not")
    return found


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

    def fetch(
        self,
        url: str,
        *,
        frame: Frame | None = None,
        body: str | PageBody | None = None,
        **init: object,
    ) -> FetchResult:
        """Call ``fetch(url, init)`` in the page (or in ``frame``) and report how it ended.

        ``init`` holds fetch's options: ``method``, ``headers``,
        ``credentials``, ``cache``, ``redirect``; ``body`` a string or a
        :class:`PageBody`. The browser model runs the same fetch against
        what the servers recorded, and any difference on the wire or in the
        verdict fails the case (:class:`Disagreement`).
        """
        return self.fetch_with(url, init, frame=frame, body=body)

    def fetch_with(
        self,
        url: str,
        init: Mapping[str, object],
        *,
        frame: Frame | None = None,
        body: str | PageBody | None = None,
    ) -> FetchResult:
        """Do what :meth:`fetch` does, with fetch's options in a mapping."""
        init = dict(init)
        seen = len(self._console)
        target = frame or self.page.main_frame
        page_body = PageBody(BodyKind.TEXT, text=body) if isinstance(body, str) else body
        origin = str(target.evaluate("() => self.origin"))
        try:
            request: BrowserRequest | None = model_request(origin, url, init, page_body)
        except ValueError as refused:
            request, refusal = None, str(refused)
        # Every request recorded from now on has a greater number.
        start = next(_SEQUENCE)
        now = time.monotonic()
        raw = target.evaluate(_FETCH_JS, [url, init, None if page_body is None else page_body.js()])
        if request is None:
            # fetch() itself refused the request, before sending anything.
            if raw["ok"] or refusal not in str(raw.get("error")) or _recorded_since(start):
                raise Disagreement(f"the model refused the fetch ({refusal}); Chromium: {raw}")
            raise ValueError(refusal)
        replay = Replay([e for e in _recorded_since(start) if e.token == _token(url)])
        verdict = fetch(request, replay, cache=self.preflights, now=now)
        if replay.leftover():
            raise Disagreement(
                f"Chromium sent {len(replay.leftover())} more request(s) than the model: "
                f"{[(e.method, e.path, e.query) for e in replay.leftover()]}; model: {verdict}"
            )
        if not raw["ok"]:
            # Chromium's last word on a failed fetch is "Failed to load resource"
            # (after the CORS message, if any).
            deadline = time.monotonic() + _CONSOLE_WAIT
            while time.monotonic() < deadline and not any(
                text.startswith("Failed to load resource") for text in self._console[seen:]
            ):
                self.page.wait_for_timeout(10)
        result = FetchResult(
            allowed=bool(raw["ok"]),
            status=raw["status"],
            headers=dict(raw["headers"]),
            body=str(raw["body"]),
            error=raw.get("error"),
            console=tuple(self._console[seen:]),
            model=verdict,
            type=raw.get("type"),
            url=str(raw.get("url", "")),
            redirected=bool(raw.get("redirected", False)),
        )
        _assert_model_agrees(request, result)
        return result

    def sandboxed_frame(self) -> Frame:
        """Add a sandboxed iframe (opaque origin, scripts allowed) and return its frame."""
        self.page.evaluate(_SANDBOX_JS)
        frame = self.page.frame(name="sandboxed")
        assert frame is not None
        return frame


def _token(url: str) -> str | None:
    tokens = parse_qs(urlsplit(url).query).get(TOKEN)
    return tokens[-1] if tokens else None


def _recorded_since(sequence: int) -> list[Exchange]:
    """Return what every server recorded after ``sequence``, in order."""
    servers = list(LiveServer.running.values())
    found = [e for server in servers for e in server.recorder.since(sequence)]
    return sorted(found, key=lambda exchange: exchange.sequence)


def model_request(
    origin: str, url: str, init: Mapping[str, object], body: PageBody | None = None
) -> BrowserRequest:
    """Return the model's request for a ``fetch(url, init)`` made by a page of ``origin``."""
    headers = dict(init.get("headers") or {})  # type: ignore[call-overload]
    return BrowserRequest(
        origin=origin,
        url=url,
        method=str(init.get("method", "GET")),
        headers=tuple(headers.items()),
        credentials=init.get("credentials", "same-origin"),  # type: ignore[arg-type]
        body=None if body is None else body.model(),
        cache=init.get("cache", "default"),  # type: ignore[arg-type]
        redirect=init.get("redirect", "follow"),  # type: ignore[arg-type]
    )


def _assert_model_agrees(request: BrowserRequest, result: FetchResult) -> None:
    """Fail unless the model's verdict is what Chromium did: outcome, response, message."""
    model = result.model
    if model.allowed != result.allowed:
        raise Disagreement(f"Chromium allowed={result.allowed} {result.console}, model: {model}")
    if model.allowed:
        seen = (result.status, result.type, result.url, result.redirected, result.headers)
        expected = (
            model.status,
            model.response_type,
            without_fragment(model.url),
            model.redirected,
            dict(model.readable),
        )
        if seen != expected:
            raise Disagreement(f"Chromium read {seen}, the model {expected}: {model}")
    elif model.error in NETWORK_ERRORS:
        if model.message not in result.console:
            raise Disagreement(f"Chromium said {result.console}, the model {model.message!r}")
    elif model.error is CorsFailure.HEADER_NOT_ALLOWED:
        # Chromium names one refused header, in an order of its own.
        messages = {
            chromium_message(request, Step.PREFLIGHT, model.error, name, url=model.url)
            for name in model.refused_headers
        }
        if result.cors_error not in messages:
            raise Disagreement(f"Chromium said {result.console}, the model {messages}")
    elif model.message != result.cors_error:
        raise Disagreement(f"Chromium said {result.console}, the model {model.message!r}")
