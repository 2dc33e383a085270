"""The demo behaves as the commands it prints say."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from demo import FRONTEND, create_app, usage

DEMO = Path(__file__).parent.parent / "examples" / "demo.py"


@pytest.fixture
def client() -> FlaskClient:
    return create_app().test_client()


def test_allowed_origin_is_echoed_with_credentials(client: FlaskClient) -> None:
    """The frontend origin is echoed back, with credentials and the exposed header."""
    response = client.get("/api/items", headers={"Origin": FRONTEND})
    assert response.headers.getlist("Access-Control-Allow-Origin") == [FRONTEND]
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert response.headers["Access-Control-Expose-Headers"] == "X-Request-Id"
    assert response.headers.getlist("Vary") == ["Origin"]


def test_preflight_lists_methods_headers_and_max_age(client: FlaskClient) -> None:
    """A JSON POST preflight gets the methods, the requested header and max-age."""
    response = client.options(
        "/api/items",
        headers={
            "Origin": FRONTEND,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"
    assert response.headers["Access-Control-Max-Age"] == "600"
    assert (
        response.headers["Access-Control-Allow-Methods"]
        == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    )


def test_other_origin_gets_no_cors_headers(client: FlaskClient) -> None:
    """An origin that is not listed gets no Access-Control-* header at all."""
    response = client.get("/api/items", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert [name for name, _ in response.headers if name.startswith("Access-Control")] == []


def test_error_response_keeps_cors_headers(client: FlaskClient) -> None:
    """The 404 of an API route carries CORS headers, so the page can read it."""
    response = client.get("/api/missing", headers={"Origin": FRONTEND})
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == FRONTEND


def test_public_route_sends_wildcard(client: FlaskClient) -> None:
    """The @cross_origin public route answers any origin with '*'."""
    response = client.get("/public", headers={"Origin": "https://anyone.example"})
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]


def test_uncovered_path_gets_nothing(client: FlaskClient) -> None:
    """A path no resource rule covers gets no CORS headers."""
    response = client.get("/private", headers={"Origin": FRONTEND})
    assert "Access-Control-Allow-Origin" not in response.headers


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def demo_server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    env = {**os.environ, "PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, str(DEMO)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/public", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_demo_serves_on_port_and_prints_usage(
    demo_server: tuple[str, subprocess.Popen[str]],
) -> None:
    """The demo script listens on $PORT, prints its usage, and answers a real preflight."""
    base, process = demo_server
    request = urllib.request.Request(
        base + "/api/items",
        method="OPTIONS",
        headers={"Origin": FRONTEND, "Access-Control-Request-Method": "POST"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == FRONTEND
    process.terminate()
    output, _ = process.communicate(timeout=10)
    assert output.startswith(usage(base))
