"""Error responses carry CORS headers, so the page can read the status and the message."""

from __future__ import annotations

from .harness import CorsPage, LiveServer


def test_not_found_is_readable(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A 404 from routing, on a covered path, reaches the page with its status and body."""
    url = rules_api.url("/errors/missing")
    result = cors_page.fetch(url)
    assert result.allowed, result
    assert result.status == 404
    assert "Not Found" in result.body


def test_uncaught_exception_is_readable(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """The 500 made from an uncaught exception reaches the page with its status."""
    url = rules_api.url("/errors/boom")
    result = cors_page.fetch(url)
    assert result.allowed, result
    assert result.status == 500
    assert "Internal Server Error" in result.body


def test_abort_is_readable(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """An abort(403) reaches the page with its status and its description."""
    url = rules_api.url("/errors/forbidden")
    result = cors_page.fetch(url)
    assert result.allowed, result
    assert result.status == 403
    assert "no entry" in result.body


def test_error_after_a_preflight_is_readable(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A JSON PUT passes its preflight, and the 409 its view aborts with is readable."""
    url = rules_api.url("/errors/conflict")
    result = cors_page.fetch(
        url, method="PUT", headers={"Content-Type": "application/json"}, body="{}"
    )
    assert result.allowed, result
    assert result.status == 409
    assert "already there" in result.body
    assert [exchange.status for exchange in rules_api.exchanges(url)] == [200, 409]


def test_error_outside_every_rule_is_blocked(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A 404 on a path no rule covers has no CORS headers, so the page learns nothing of it."""
    url = rules_api.url("/uncovered/missing")
    result = cors_page.fetch(url)
    assert result.blocked, result
    assert "No 'Access-Control-Allow-Origin' header is present" in result.cors_error
    (exchange,) = rules_api.exchanges(url)
    assert exchange.status == 404
