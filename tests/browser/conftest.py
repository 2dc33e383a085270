"""Fixtures of the browser suite: one headless Chromium, the test page, the apps under test.

The page is served from ``http://localhost:A`` and the apps from
``http://127.0.0.1:B``: another origin and another site, so every call is a
cross-site CORS request unless a case asks for ``host="localhost"``.

Without Chromium the suite is skipped, unless ``FLASK_CORS_REQUIRE_BROWSER``
is set (``.ci/run`` sets it): then a missing browser fails every case.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pytest
from playwright.sync_api import Browser, sync_playwright

from .apps import blueprint_app, decorated_app, page_app, rules_app
from .harness import CorsPage, LiveServer

#: Set (to anything but "" or "0") to make a missing Chromium a failure.
REQUIRE_BROWSER: Final = "FLASK_CORS_REQUIRE_BROWSER"

#: Flags for Debian's Chromium run as root, offline, with a fresh profile
#: (Playwright gives each launch a new temporary profile).
CHROMIUM_FLAGS: Final = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_HERE: Final = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``browser``, so ``-m "not browser"`` leaves them out."""
    for item in items:
        if item.path.is_relative_to(_HERE):
            item.add_marker(pytest.mark.browser)


def _chromium() -> str:
    """Return the Chromium executable, or skip (fail when a browser is required)."""
    executable = shutil.which("chromium")
    if executable is not None:
        return executable
    reason = "Chromium is not installed (apt-get install chromium)"
    if os.environ.get(REQUIRE_BROWSER, "") not in ("", "0"):
        pytest.fail(f"{reason}, and {REQUIRE_BROWSER} says a browser is required", pytrace=False)
    pytest.skip(f"{reason}; set {REQUIRE_BROWSER}=1 to make this a failure")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Return the one headless Chromium of this suite.

    Package-scoped, so Playwright (whose sync API keeps an event loop
    running in the main thread) stops before other suites run: Flask's
    async views refuse to run while a loop is running in their thread.
    """
    executable = _chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def page_server() -> Iterator[LiveServer]:
    """Serve the blank page the cases run in."""
    server = LiveServer(page_app(), "page-server")
    yield server
    server.close()


@pytest.fixture(scope="session")
def page_origin(page_server: LiveServer) -> str:
    """Return the test page's origin, ``http://localhost:A``."""
    return page_server.origin("localhost")


@pytest.fixture(scope="session")
def rules_api(page_origin: str) -> Iterator[LiveServer]:
    """Serve the app with one ``CORS(app, resources=...)`` rule per behaviour."""
    server = LiveServer(rules_app(page_origin), "rules-api")
    yield server
    server.close()


@pytest.fixture(scope="session")
def decorated_api(page_origin: str) -> Iterator[LiveServer]:
    """Serve the app whose views carry ``@cross_origin``."""
    server = LiveServer(decorated_app(page_origin), "decorated-api")
    yield server
    server.close()


@pytest.fixture(scope="session")
def blueprint_api(page_origin: str) -> Iterator[LiveServer]:
    """Serve the app whose blueprints have CORS of their own."""
    server = LiveServer(blueprint_app(page_origin), "blueprint-api")
    yield server
    server.close()


@pytest.fixture(scope="module")
def module_page(browser: Browser, page_origin: str) -> Iterator[CorsPage]:
    """Open one browser context and page for a test module (a new renderer costs ~0.4 s)."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    try:
        yield CorsPage(context.new_page(), page_origin)
    finally:
        context.close()


@pytest.fixture
def cors_page(module_page: CorsPage) -> CorsPage:
    """Return the test page, reloaded, with no cookies and an empty console.

    Preflights cached by earlier cases cannot interfere: the browser keys that
    cache by URL, and every case fetches URLs with a token of its own.
    """
    module_page.reset()
    return module_page
