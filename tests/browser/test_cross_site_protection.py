"""Cross-site request protection in Chromium: another site's form and no-cors fetch are refused.

The page is on ``http://localhost:A``; the protected API on
``http://127.0.0.1:B`` (another site) and, for the same-site case,
``http://localhost:B``. Chromium's own requests say where they come from
(``Sec-Fetch-Site``); the server records them, and counts the views that
ran, so each case shows both what the browser sent and that a refused
request changed nothing. The browser model's :func:`~flask_cors.core.fetch_site`
must name the same ``Sec-Fetch-Site`` Chromium sent.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Final

import pytest
from flask import Flask, request

from flask_cors import CORS
from flask_cors.core.browser import fetch_site

from .apps import OTHER_ORIGIN, PAGE_HTML
from .harness import CorsPage, LiveServer

#: The views that ran, by path: a refused request must never add to it.
RAN: Final[list[str]] = []

# Runs in the page: submit an HTML form (POST, urlencoded) into an iframe, so
# the page stays, and resolve once the answer has loaded there.
_FORM_JS: Final = """
([action]) => new Promise((resolve) => {
  const frame = document.createElement("iframe");
  frame.name = "answer-" + Math.random();
  document.body.append(frame);
  const form = document.createElement("form");
  form.method = "POST";
  form.action = action;
  form.target = frame.name;
  const input = document.createElement("input");
  input.name = "amount";
  input.value = "1000";
  form.append(input);
  document.body.append(form);
  frame.onload = () => resolve(null);
  form.submit();
})
"""

# Runs in the page: a fetch() in no-cors mode, which needs no preflight and
# whose answer the page cannot read: reported as the opaque response's type.
_NO_CORS_JS: Final = """
async ([url]) => {
  const response = await fetch(url, {method: "POST", mode: "no-cors", body: "amount=1000",
    headers: {"Content-Type": "application/x-www-form-urlencoded"}});
  return response.type;
}
"""


def protected_app(page_origin: str) -> Flask:
    """An API that trusts the test page on /trusted/* and another origin on /untrusted/*."""
    app = Flask("protected_api", static_folder=None)

    def transfer() -> str:
        RAN.append(request.path)
        return "transferred"

    for prefix in ("trusted", "untrusted"):
        app.add_url_rule(f"/{prefix}/transfer", f"{prefix}_transfer", transfer, methods=["POST"])

    @app.get("/own-page")
    def own_page() -> str:
        # A page of the API's own origin, with a form posting to its own view.
        return PAGE_HTML

    CORS(
        app,
        resources={
            r"/trusted/*": {"origins": [page_origin]},
            r"/untrusted/*": {"origins": [OTHER_ORIGIN]},
        },
        cross_site_protection=True,
    )
    return app


@pytest.fixture(scope="module")
def protected_api(page_origin: str) -> Iterator[LiveServer]:
    """Serve the protected API on 127.0.0.1."""
    server = LiveServer(protected_app(page_origin), "protected-api")
    yield server
    server.close()


@pytest.fixture(autouse=True)
def no_views_ran() -> None:
    """Start each case with no view run."""
    RAN.clear()


def submit_form(cors_page: CorsPage, action: str) -> None:
    """Submit an HTML form from the test page to ``action``."""
    cors_page.page.evaluate(_FORM_JS, [action])


def test_cross_site_form_post_is_refused(
    cors_page: CorsPage, protected_api: LiveServer, page_origin: str
) -> None:
    """Another site's HTML form POST is refused with 403 and the view does not run."""
    url = protected_api.url("/untrusted/transfer")
    submit_form(cors_page, url)

    (exchange,) = protected_api.exchanges(url)
    assert exchange.request_headers["sec-fetch-site"] == "cross-site"
    assert exchange.request_headers["origin"] == page_origin
    assert exchange.request_headers["sec-fetch-site"] == fetch_site(page_origin, url)
    assert exchange.status == 403
    assert RAN == []


def test_no_cors_fetch_is_refused(
    cors_page: CorsPage, protected_api: LiveServer, page_origin: str
) -> None:
    """A no-cors fetch POST (no preflight, an opaque answer) is refused; the view does not run."""
    url = protected_api.url("/untrusted/transfer")
    assert cors_page.page.evaluate(_NO_CORS_JS, [url]) == "opaque"

    (exchange,) = protected_api.exchanges(url)
    assert exchange.request_headers["sec-fetch-site"] == "cross-site"
    assert exchange.request_headers["sec-fetch-mode"] == "no-cors"
    assert exchange.status == 403
    assert RAN == []


def test_same_site_form_post_is_refused(
    cors_page: CorsPage, protected_api: LiveServer, page_origin: str
) -> None:
    """A form from another port of localhost (same site, another origin) is refused too."""
    url = protected_api.url("/untrusted/transfer", host="localhost")
    submit_form(cors_page, url)

    (exchange,) = protected_api.exchanges(url)
    assert exchange.request_headers["sec-fetch-site"] == "same-site"
    assert exchange.request_headers["sec-fetch-site"] == fetch_site(page_origin, url)
    assert exchange.status == 403
    assert RAN == []


def test_fetch_from_allowed_origin_passes(
    cors_page: CorsPage, protected_api: LiveServer, page_origin: str
) -> None:
    """A fetch from the origin the CORS rule lists passes: the view runs, the page reads it."""
    url = protected_api.url("/trusted/transfer")
    result = cors_page.fetch(
        url, method="POST", headers={"Content-Type": "application/json"}, body="{}"
    )

    assert result.allowed, result
    assert (result.status, result.body) == (200, "transferred")
    preflight, actual = protected_api.exchanges(url)
    assert preflight.method == "OPTIONS"
    assert actual.request_headers["sec-fetch-site"] == "cross-site"
    assert RAN == ["/trusted/transfer"]


def test_form_from_allowed_origin_passes(cors_page: CorsPage, protected_api: LiveServer) -> None:
    """A form from the listed origin passes too: the trusted origins are the CORS origins."""
    url = protected_api.url("/trusted/transfer")
    submit_form(cors_page, url)

    (exchange,) = protected_api.exchanges(url)
    assert exchange.status == 200
    assert RAN == ["/trusted/transfer"]


def test_same_origin_form_passes(cors_page: CorsPage, protected_api: LiveServer) -> None:
    """The API's own page posting a form to it passes, on a path that trusts no other origin."""
    cors_page.page.goto(protected_api.origin() + "/own-page")
    url = protected_api.url("/untrusted/transfer")
    submit_form(cors_page, url)

    (exchange,) = protected_api.exchanges(url)
    assert exchange.request_headers["sec-fetch-site"] == "same-origin"
    assert exchange.request_headers["sec-fetch-site"] == fetch_site(protected_api.origin(), url)
    assert exchange.status == 200
    assert RAN == ["/untrusted/transfer"]


def test_request_without_browser_headers_passes(protected_api: LiveServer) -> None:
    """A program's POST (no Origin, no Sec-Fetch-Site: a webhook, curl) passes."""
    url = protected_api.url("/untrusted/transfer")
    with urllib.request.urlopen(urllib.request.Request(url, data=b"amount=1")) as response:
        assert response.status == 200

    (exchange,) = protected_api.exchanges(url)
    assert "sec-fetch-site" not in exchange.request_headers
    assert "origin" not in exchange.request_headers
    assert RAN == ["/untrusted/transfer"]


def test_refused_program_with_foreign_origin(protected_api: LiveServer) -> None:
    """A program sending a foreign Origin without Sec-Fetch-Site is refused (older-browser rule)."""
    url = protected_api.url("/untrusted/transfer")
    sent = urllib.request.Request(url, data=b"amount=1", headers={"Origin": "https://evil.test"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(sent)
    refused.value.close()
    assert refused.value.code == 403
    assert RAN == []
