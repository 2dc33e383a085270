"""Credentialed requests: cookies, ``supports_credentials`` and the wildcard.

A cookie set by a cross-site response is a third-party cookie, which
Chromium blocks, so the cookie cases call the API as ``http://localhost:B``
from the page on ``http://localhost:A``: the same site, another origin.
"""

from __future__ import annotations

from .apps import COOKIE
from .harness import CorsPage, LiveServer


def test_cookie_round_trip_on_the_same_site(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A cookie set by a credentialed call comes back on the next one, and the page sees it."""
    login = cors_page.fetch(
        rules_api.url("/creds/login", host="localhost"), method="POST", credentials="include"
    )
    assert login.allowed, login
    url = rules_api.url("/creds/echo", host="localhost")
    result = cors_page.fetch(url, credentials="include")
    assert result.allowed, result
    assert result.json()["cookie"] == "cookie-from-the-api"
    (exchange,) = rules_api.exchanges(url)
    assert exchange.header("Access-Control-Allow-Credentials") == "true"
    assert exchange.header("Access-Control-Allow-Origin") == cors_page.origin


def test_cookie_stays_home_without_credentials_include(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """Without credentials: "include" the browser sends no cookie to another origin."""
    login = cors_page.fetch(
        rules_api.url("/creds/login", host="localhost"), method="POST", credentials="include"
    )
    assert login.allowed, login
    url = rules_api.url("/creds/echo", host="localhost")
    result = cors_page.fetch(url)
    assert result.allowed, result
    assert result.json()["cookie"] is None
    (exchange,) = rules_api.exchanges(url)
    assert COOKIE not in exchange.request_headers.get("cookie", "")


def test_credentials_without_supports_credentials_are_blocked(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A credentialed call to a rule without supports_credentials is blocked by the browser."""
    url = rules_api.url("/listed/echo")
    result = cors_page.fetch(url, credentials="include")
    assert result.blocked, result
    assert "Access-Control-Allow-Credentials" in result.cors_error
    (exchange,) = rules_api.exchanges(url)
    assert exchange.header("Access-Control-Allow-Origin") == cors_page.origin
    assert exchange.header("Access-Control-Allow-Credentials") is None


def test_send_wildcard_refuses_credentials(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """The "*" of send_wildcard is refused by the browser for a credentialed call."""
    url = rules_api.url("/wildcard/echo")
    result = cors_page.fetch(url, credentials="include")
    assert result.blocked, result
    assert "must not be the wildcard '*'" in result.cors_error
    (exchange,) = rules_api.exchanges(url)
    assert exchange.header("Access-Control-Allow-Origin") == "*"


def test_cross_site_credentialed_call_is_allowed(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A credentialed call to another site passes with supports_credentials, its origin echoed."""
    url = rules_api.url("/creds/echo")
    result = cors_page.fetch(url, credentials="include")
    assert result.allowed, result
    (exchange,) = rules_api.exchanges(url)
    assert exchange.header("Access-Control-Allow-Credentials") == "true"
    assert exchange.header("Access-Control-Allow-Origin") == cors_page.origin


def test_credentialed_preflight_is_allowed(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A credentialed PUT passes its preflight, which carries Access-Control-Allow-Credentials."""
    url = rules_api.url("/creds/echo")
    result = cors_page.fetch(url, method="PUT", credentials="include", body="x")
    assert result.allowed, result
    assert result.json()["method"] == "PUT"
    preflight, actual = rules_api.exchanges(url)
    assert preflight.method == "OPTIONS"
    assert preflight.header("Access-Control-Allow-Credentials") == "true"
    assert actual.method == "PUT"
