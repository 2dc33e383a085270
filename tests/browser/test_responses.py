"""Which response headers the page may read: exposed, unexposed and safelisted."""

from __future__ import annotations

from .harness import CorsPage, LiveServer


def test_exposed_header_is_readable(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A header named in expose_headers is readable from the page."""
    url = rules_api.url("/expose/echo")
    result = cors_page.fetch(url)
    assert result.allowed, result
    assert result.headers.get("x-exposed") == "visible"
    (exchange,) = rules_api.exchanges(url)
    assert exchange.header("Access-Control-Expose-Headers") == "X-Exposed"


def test_unexposed_header_is_hidden_although_sent(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A header the server sends but does not expose is invisible to the page."""
    url = rules_api.url("/expose/echo")
    result = cors_page.fetch(url)
    assert result.allowed, result
    assert "x-hidden" not in result.headers
    (exchange,) = rules_api.exchanges(url)
    assert exchange.header("X-Hidden") == "secret"


def test_nothing_is_exposed_by_default(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """Without expose_headers the page reads only safelisted headers such as Content-Type."""
    url = rules_api.url("/listed/echo")
    result = cors_page.fetch(url)
    assert result.allowed, result
    assert result.headers.get("content-type") == "application/json"
    assert "x-exposed" not in result.headers
