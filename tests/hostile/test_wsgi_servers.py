"""Hostile header shapes through real WSGI servers on loopback: duplicated, folded, oversized.

A test client builds the WSGI environ itself; a server builds it from the
bytes on the wire, and that is where duplicated headers are joined with a
comma, folded lines unfolded and latin-1 bytes turned into text. Both
Werkzeug's development server and the standard library's wsgiref serve an
app with ``CORS`` on 127.0.0.1 (an ephemeral port, one thread), and
http.client sends each request. Only loopback traffic; every server is shut
down after its test.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol
from wsgiref.simple_server import WSGIRequestHandler
from wsgiref.simple_server import make_server as make_wsgiref_server

import pytest
from flask import Flask
from werkzeug.serving import make_server as make_werkzeug_server

from flask_cors import CORS

ORIGIN = "https://app.example.com"
ACAO = "access-control-allow-origin"
ACAH = "access-control-allow-headers"


class Server(Protocol):
    """What both servers offer: serving until shut down, and their address."""

    server_address: Any

    def serve_forever(self, poll_interval: float = ...) -> None: ...

    def shutdown(self) -> None: ...

    def server_close(self) -> None: ...


class QuietHandler(WSGIRequestHandler):
    """wsgiref's handler without its request log on stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""


def make_app() -> Flask:
    app = Flask("wsgi_server_tests", static_folder=None)
    app.add_url_rule("/api/items", "items", lambda: "ok", methods=["GET", "POST"])
    CORS(app, origins=[ORIGIN], allow_headers=["Content-Type", r"^X-Custom-[a-z]+$"])
    return app


SERVERS: dict[str, Callable[[Flask], Server]] = {
    "werkzeug": lambda app: make_werkzeug_server("127.0.0.1", 0, app),
    "wsgiref": lambda app: make_wsgiref_server("127.0.0.1", 0, app, handler_class=QuietHandler),
}


@pytest.fixture(params=sorted(SERVERS))
def port(request: pytest.FixtureRequest) -> Iterator[int]:
    """Serve the app on an ephemeral loopback port for one test; yield the port."""
    server = SERVERS[request.param](make_app())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def send(port: int, method: str, headers: list[tuple[str, str]]) -> http.client.HTTPResponse:
    """Send one request with these header lines, repeats included, and read the response."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, "/api/items")
    for name, value in headers:
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def cors_values(response: http.client.HTTPResponse, name: str) -> list[str]:
    return [value for key, value in response.getheaders() if key.lower() == name]


def preflight(*lines: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Origin", ORIGIN), ("Access-Control-Request-Method", "POST"), *lines]


def test_duplicated_origin_headers_are_refused(port: int) -> None:
    """Two Origin headers, joined with a comma by the server, get no Access-Control-Allow-Origin."""
    response = send(port, "GET", [("Origin", ORIGIN), ("Origin", "https://evil.example")])
    assert response.status == 200
    assert cors_values(response, ACAO) == []
    assert cors_values(response, "vary") == ["Origin"]


def test_the_same_origin_twice_is_refused(port: int) -> None:
    """The allowed Origin sent twice is no single origin, and is refused."""
    response = send(port, "GET", [("Origin", ORIGIN), ("Origin", ORIGIN)])
    assert cors_values(response, ACAO) == []


def test_request_headers_split_over_two_lines_are_joined(port: int) -> None:
    """Access-Control-Request-Headers split over two lines is read as one list, as Fetch does."""
    response = send(
        port,
        "OPTIONS",
        preflight(
            ("Access-Control-Request-Headers", "content-type"),
            ("Access-Control-Request-Headers", "x-custom-a"),
        ),
    )
    assert cors_values(response, ACAO) == [ORIGIN]
    assert cors_values(response, ACAH) == ["content-type, x-custom-a"]


def test_request_headers_split_over_many_lines_past_the_limit_are_refused(port: int) -> None:
    """Fifty lines of requested headers, over 4,096 characters once joined, allow no header."""
    line = ("Access-Control-Request-Headers", ",".join(["x-custom-a"] * 9))
    response = send(port, "OPTIONS", preflight(*[line] * 50))
    assert response.status == 200
    assert cors_values(response, ACAO) == [ORIGIN]
    assert cors_values(response, ACAH) == []


def test_ten_thousand_commas_are_refused(port: int) -> None:
    """A requested-headers line of 10,000 commas allows no header and costs nothing visible."""
    response = send(port, "OPTIONS", preflight(("Access-Control-Request-Headers", "," * 10_000)))
    assert response.status == 200
    assert cors_values(response, ACAH) == []


def test_folded_origin_line_is_refused(port: int) -> None:
    """An Origin continued on a folded line (obsolete line folding) is refused, never echoed."""
    response = send(port, "GET", [("Origin", ORIGIN + "\r\n evil")])
    assert response.status < 500
    assert cors_values(response, ACAO) == []


def test_latin_1_bytes_in_origin_are_refused(port: int) -> None:
    """An Origin with non-ASCII bytes (as latin-1 text in the environ) is refused."""
    response = send(port, "GET", [("Origin", "https://b\xfccher.example")])
    assert response.status == 200
    assert cors_values(response, ACAO) == []


def test_a_60_kib_origin_is_refused(port: int) -> None:
    """An Origin of 60 KiB, which both servers accept, is refused with no CORS headers."""
    response = send(port, "GET", [("Origin", "https://" + "a" * 60 * 1024)])
    assert response.status == 200
    assert cors_values(response, ACAO) == []
    assert cors_values(response, "vary") == ["Origin"]
