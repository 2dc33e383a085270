"""The demo, started as ``make demo`` starts it: its page's calls end in Chromium as it shows."""

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
from playwright.sync_api import Browser, Page

from demo import CALLS, configuration_code

DEMO = Path(__file__).parents[2] / "examples" / "demo.py"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def demo_page_url() -> Iterator[str]:
    """Run examples/demo.py on two free ports and return the page URL it serves."""
    port, page_port = _free_port(), _free_port()
    process = subprocess.Popen(
        [sys.executable, str(DEMO)],
        env={**os.environ, "PORT": str(port), "PAGE_PORT": str(page_port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        for url in (f"http://127.0.0.1:{port}/public", f"http://127.0.0.1:{page_port}/"):
            while True:
                try:
                    urllib.request.urlopen(url, timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise
                    time.sleep(0.1)
        yield f"http://localhost:{page_port}/"
    finally:
        process.terminate()
        process.communicate(timeout=10)


@pytest.fixture
def demo_page(browser: Browser, demo_page_url: str) -> Iterator[Page]:
    """Open the demo page in a fresh context and wait until it has made every call."""
    context = browser.new_context()
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto(demo_page_url)
        page.wait_for_selector("body[data-done]")
        yield page
    finally:
        context.close()


def _call(page: Page, name: str) -> dict[str, str]:
    section = page.locator(f'section[data-call="{name}"]')
    return {
        "outcome": section.get_attribute("data-outcome") or "",
        "diagnosis": section.locator(".diagnosis").inner_text(),
        "exchanges": section.locator(".exchanges").text_content() or "",
    }


def test_every_call_ends_as_the_page_says(demo_page: Page) -> None:
    """Each call on the demo page is allowed or blocked by Chromium as the demo's rules predict."""
    outcomes = {call.name: _call(demo_page, call.name)["outcome"] for call in CALLS}
    assert outcomes == {call.name: call.expect for call in CALLS}
    summary = demo_page.locator("#summary").inner_text()
    assert summary == f"{len(CALLS)} of {len(CALLS)} calls ended as the rules say."


def test_blocked_calls_show_why_from_the_headers(demo_page: Page) -> None:
    """The page names the failed check of each blocked call, from the headers the API sent."""
    delete = _call(demo_page, "delete-item")
    assert "DELETE" in delete["diagnosis"]
    assert "OPTIONS /api/items/1" in delete["exchanges"]
    assert "DELETE /api/items/1" not in delete["exchanges"]
    assert "x-debug" in _call(demo_page, "custom-header")["diagnosis"]
    assert "Access-Control-Allow-Origin: *" in _call(demo_page, "public-credentials")["diagnosis"]
    partner = _call(demo_page, "partner")
    assert "no Access-Control-Allow-Origin" in partner["diagnosis"]
    assert "GET /partner → 200" in partner["exchanges"]


def test_run_again_repeats_every_call(demo_page: Page) -> None:
    """The page's button makes every call again, with new URLs, and ends the same way."""
    demo_page.click("#again")
    demo_page.wait_for_selector("body[data-done]")
    outcomes = {call.name: _call(demo_page, call.name)["outcome"] for call in CALLS}
    assert outcomes == {call.name: call.expect for call in CALLS}


def test_page_shows_the_configuration_beside_the_calls(demo_page: Page) -> None:
    """The page shows the API's CORS configuration code, the rules its calls exercise."""
    code = demo_page.locator("#configuration").inner_text()

    assert code.startswith("def create_app(frontend: str = FRONTEND) -> Flask:")
    assert '@cross_origin(origins="*", send_wildcard=True)' in code
    assert demo_page.locator("#configuration").is_visible()


@pytest.mark.parametrize("width", [1280, 800])
def test_configuration_lines_wrap_inside_their_panel(demo_page: Page, width: int) -> None:
    """No line of the configuration runs out of its panel: long ones wrap, and copy unchanged."""
    demo_page.set_viewport_size({"width": width, "height": 900})
    panel = demo_page.locator("#configuration")

    overflow = panel.evaluate("element => element.scrollWidth - element.clientWidth")

    assert overflow == 0
    assert panel.inner_text() == configuration_code().rstrip("\n")
