"""The demo's API answers as its page says, and the demo script serves both on their ports.

What a browser does with these answers is checked in
``tests/browser/test_demo_page.py``; here it is the headers, without a browser.
"""

from __future__ import annotations

import ast
import json
import logging
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
from werkzeug.datastructures import Headers
from werkzeug.test import Client

from demo import (
    CALLS,
    FRONTEND,
    PARTNER,
    Call,
    Recorder,
    configuration_code,
    create_app,
    create_page_app,
    usage,
)

DEMO = Path(__file__).parent.parent / "examples" / "demo.py"


@pytest.fixture
def client() -> FlaskClient:
    return create_app().test_client()


def _cors_headers(headers: Headers) -> list[str]:
    return [name for name, _ in headers if name.startswith("Access-Control")]


def _preflight(client: FlaskClient, path: str, method: str, headers: str = "") -> Headers:
    request_headers = {"Origin": FRONTEND, "Access-Control-Request-Method": method}
    if headers:
        request_headers["Access-Control-Request-Headers"] = headers
    response = client.options(path, headers=request_headers)
    assert response.status_code == 200
    return response.headers


def test_frontend_is_echoed_with_credentials(client: FlaskClient) -> None:
    """The page's origin is echoed back alone, with credentials and the exposed header."""
    response = client.get("/api/items", headers={"Origin": FRONTEND})
    assert response.headers.getlist("Access-Control-Allow-Origin") == [FRONTEND]
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert response.headers["Access-Control-Expose-Headers"] == "X-Request-Id"


def test_json_post_preflight_is_allowed(client: FlaskClient) -> None:
    """A JSON POST preflight gets the two methods, the requested header and max-age."""
    headers = _preflight(client, "/api/items", "POST", "content-type")
    assert headers["Access-Control-Allow-Origin"] == FRONTEND
    assert headers["Access-Control-Allow-Methods"] == "GET, POST"
    assert headers["Access-Control-Allow-Headers"] == "content-type"
    assert headers["Access-Control-Max-Age"] == "600"


def test_delete_preflight_gets_no_methods(client: FlaskClient) -> None:
    """A DELETE preflight is answered without Access-Control-Allow-Methods."""
    headers = _preflight(client, "/api/items/1", "DELETE")
    assert "Access-Control-Allow-Methods" not in headers


def test_custom_header_is_not_allowed(client: FlaskClient) -> None:
    """A preflight asking for x-debug gets no Access-Control-Allow-Headers."""
    headers = _preflight(client, "/api/items", "GET", "x-debug")
    assert "Access-Control-Allow-Headers" not in headers


def test_other_origin_gets_no_cors_headers(client: FlaskClient) -> None:
    """An origin that /api/* does not list gets no Access-Control-* header at all."""
    response = client.get("/api/items", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert _cors_headers(response.headers) == []


def test_error_response_keeps_cors_headers(client: FlaskClient) -> None:
    """The 404 of an API route carries CORS headers, so the page can read it."""
    response = client.get("/api/missing", headers={"Origin": FRONTEND})
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == FRONTEND


def test_public_route_sends_wildcard(client: FlaskClient) -> None:
    """The @cross_origin public route answers any origin with '*' and no credentials."""
    response = client.get("/public", headers={"Origin": "https://anyone.example"})
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_partner_route_allows_only_the_partner(client: FlaskClient) -> None:
    """The partner route echoes the partner's origin and gives the page nothing."""
    partner = client.get("/partner", headers={"Origin": PARTNER})
    assert partner.headers["Access-Control-Allow-Origin"] == PARTNER
    page = client.get("/partner", headers={"Origin": FRONTEND})
    assert _cors_headers(page.headers) == []


def test_uncovered_path_gets_nothing(client: FlaskClient) -> None:
    """A path no CORS rule covers gets no CORS headers."""
    response = client.get("/private", headers={"Origin": FRONTEND})
    assert _cors_headers(response.headers) == []


def test_api_root_lists_the_routes_and_the_page(client: FlaskClient) -> None:
    """The API's / says what is there: every route with its methods, and the page's URL."""
    response = client.get("/")

    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert f"calls the browser allows, and why: {FRONTEND}/\n" in text
    listed = [line.split() for line in text.splitlines() if line.startswith("  ")]
    assert listed == [
        ["GET", "/api/items"],
        ["POST", "/api/items"],
        ["DELETE", "/api/items/<int:item_id>"],
        ["GET", "/api/missing"],
        ["GET", "/public"],
        ["GET", "/partner"],
        ["GET", "/private"],
    ]
    # Every path a call of the page uses is listed.
    assert {call.path for call in CALLS} <= {path for _, path in listed} | {"/api/items/1"}


def test_calls_are_named_uniquely() -> None:
    """Every call of the page has its own name, which the page uses to find its exchanges."""
    names = [call.name for call in CALLS]
    assert len(names) == len(set(names))
    assert {call.expect for call in CALLS} == {"allowed", "blocked"}


def test_page_app_serves_the_page_the_calls_and_the_exchanges() -> None:
    """The page's server hands out the page, the calls, and what the API got for one call."""
    recorder = Recorder(create_app())
    api = Client(recorder)
    api.options(
        "/api/items?call=c1",
        headers={"Origin": FRONTEND, "Access-Control-Request-Method": "POST"},
    )
    api.get("/api/items", headers={"Origin": FRONTEND})
    page = create_page_app("http://127.0.0.1:5000", recorder).test_client()

    html = page.get("/")
    assert html.status_code == 200
    assert "<title>" in html.get_data(as_text=True)
    calls = page.get("/calls.json").get_json()
    assert calls["api"] == "http://127.0.0.1:5000"
    assert [call["name"] for call in calls["calls"]] == [call.name for call in CALLS]
    (exchange,) = page.get("/exchanges/c1").get_json()
    assert exchange["method"] == "OPTIONS"
    assert exchange["request_headers"]["Origin"] == FRONTEND
    assert ["Access-Control-Allow-Origin", FRONTEND] in exchange["response_headers"]
    assert page.get("/exchanges/unknown").get_json() == []


def test_page_gets_the_configuration_code_its_calls_exercise() -> None:
    """calls.json carries create_app's source: the CORS(...) rules and @cross_origin views."""
    page = create_page_app("http://127.0.0.1:5000", Recorder(create_app())).test_client()

    code = page.get("/calls.json").get_json()["configuration"]

    assert code == configuration_code()
    assert code.startswith("def create_app(frontend: str = FRONTEND) -> Flask:")
    assert 'r"/api/*": {' in code
    assert '@cross_origin(origins="*", send_wildcard=True)' in code
    assert "@cross_origin(origins=[PARTNER])" in code


# The request headers and Content-Type values that need no preflight
# (https://fetch.spec.whatwg.org/#cors-safelisted-request-header).
_SAFELISTED = {"accept", "accept-language", "content-language"}
_SAFE_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}


def _needs_preflight(call: Call) -> bool:
    for name, value in call.headers.items():
        if name.lower() == "content-type":
            if value not in _SAFE_CONTENT_TYPES:
                return True
        elif name.lower() not in _SAFELISTED:
            return True
    return call.method not in ("GET", "HEAD", "POST")


def _browse(api: Client, call: Call, run: str) -> None:
    """Send what a browser sends for the call: a preflight first where one is needed."""
    url = f"{call.path}?call={run}-{call.name}"
    if _needs_preflight(call):
        headers = {"Origin": FRONTEND, "Access-Control-Request-Method": call.method}
        if call.headers:
            headers["Access-Control-Request-Headers"] = ",".join(sorted(call.headers)).lower()
        preflight = api.options(url, headers=headers)
        allowed = preflight.headers.get("Access-Control-Allow-Methods", "")
        if call.method not in allowed or "x-debug" in headers.get(
            "Access-Control-Request-Headers", ""
        ):
            return  # The browser stops at a preflight that does not allow the call.
    api.open(url, method=call.method, headers={"Origin": FRONTEND, **call.headers})


def test_log_says_each_run_what_flask_cors_decided_and_what_the_browser_does(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every exchange of every run is logged, ending as the page marks the call."""
    api = Client(Recorder(create_app()))

    with caplog.at_level(logging.INFO, logger="demo"):
        for run in ("r1", "r2"):
            for call in CALLS:
                _browse(api, call, run)

    lines = [record.getMessage() for record in caplog.records if record.name == "demo"]
    for run in ("r1", "r2"):
        for call in CALLS:
            mine = [line for line in lines if line.startswith(f"run {run}, {call.name}: ")]
            assert mine, (run, call.name)
            blocked = any("the browser blocks the call" in line for line in mine)
            assert ("blocked" if blocked else "allowed") == call.expect, mine
    assert (
        "run r2, public-credentials: GET /public -> 200 OK; flask_cors sent CORS headers: "
        "'GET' request from origin 'http://localhost:5001' is allowed by @cross_origin on "
        "'public'; "
        "the browser blocks the call: with credentials, Access-Control-Allow-Origin must name "
        "the origin, not '*'"
    ) in lines
    partner = [line for line in lines if line.startswith("run r2, partner: ")]
    assert partner == [
        "run r2, partner: GET /partner -> 200 OK; flask_cors refused: origin "
        "'http://localhost:5001' is not allowed by @cross_origin on 'partner'; allowed: "
        "'https://partner.example'; the browser blocks the call: no Access-Control-Allow-Origin"
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def demo_process() -> Iterator[tuple[str, str, subprocess.Popen[str]]]:
    port, page_port = _free_port(), _free_port()
    env = {**os.environ, "PORT": str(port), "PAGE_PORT": str(page_port)}
    process = subprocess.Popen(
        [sys.executable, str(DEMO)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    api, page = f"http://127.0.0.1:{port}", f"http://localhost:{page_port}/"
    try:
        deadline = time.monotonic() + 20
        for url in (api + "/public", f"http://127.0.0.1:{page_port}/calls.json"):
            while True:
                try:
                    urllib.request.urlopen(url, timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise
                    time.sleep(0.1)
        yield api, page, process
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_demo_serves_api_and_page_and_prints_usage(
    demo_process: tuple[str, str, subprocess.Popen[str]],
) -> None:
    """The demo script listens on $PORT and $PAGE_PORT, prints the page URL, answers a preflight."""
    api, page, process = demo_process
    request = urllib.request.Request(
        api + "/api/items",
        method="OPTIONS",
        headers={"Origin": page.rstrip("/"), "Access-Control-Request-Method": "POST"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == page.rstrip("/")
    calls_url = page.replace("localhost", "127.0.0.1") + "calls.json"
    with urllib.request.urlopen(calls_url, timeout=5) as response:
        assert json.load(response)["api"] == api
    process.terminate()
    output, _ = process.communicate(timeout=10)
    assert output.startswith(usage(api, page))


@pytest.mark.parametrize("busy", ["PORT", "PAGE_PORT"])
def test_a_busy_port_says_how_to_choose_others(busy: str) -> None:
    """When a port is taken, the demo exits 1 and names PORT= and PAGE_PORT= to choose others."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ports = {"PORT": str(_free_port()), "PAGE_PORT": str(_free_port()), busy: str(port)}
        result = subprocess.run(
            [sys.executable, str(DEMO)],
            env={**os.environ, **ports},
            capture_output=True,
            text=True,
            timeout=30,
        )

    assert result.returncode == 1
    assert f"Port {port} is in use by another program." in result.stderr
    assert f"({busy}={port}). Choose free ports with PORT= (the API) and PAGE_PORT= " in (
        result.stderr
    )


def test_make_demo_installs_the_demo_group_only(tmp_path: Path) -> None:
    """`make demo` sets up its venv with the package and the demo group, not the dev group."""
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-n", "demo", f"VENV={venv}"],
        cwd=DEMO.parents[1],
        capture_output=True,
        text=True,
        check=True,
    )

    installs = [line for line in result.stdout.splitlines() if "pip install" in line]
    assert installs == [
        f'{venv}/bin/python -m pip install --quiet --upgrade "pip>=25.1"',
        f"{venv}/bin/python -m pip install --quiet --group demo -e .",
    ]


def test_the_demo_imports_only_what_the_demo_group_installs() -> None:
    """examples/demo.py needs the standard library, Flask (with Werkzeug) and this package only."""
    tree = ast.parse(DEMO.read_text())
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }

    # _typeshed exists for type checkers only, under TYPE_CHECKING.
    outside = imported - set(sys.stdlib_module_names) - {"__future__", "_typeshed"}
    assert outside == {"flask", "werkzeug", "flask_cors"}
