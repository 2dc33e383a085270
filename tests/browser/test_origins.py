"""Which page origins the browser lets read a response, by the rule's ``origins``."""

from __future__ import annotations

from .harness import CorsPage, LiveServer

NO_ALLOW_ORIGIN = "No 'Access-Control-Allow-Origin' header is present"


def test_default_origins_allow_the_page(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """With the default origins ("*") the page's origin is echoed and the browser allows it."""
    url = rules_api.url("/default/echo")
    result = cors_page.fetch(url)
    assert result.allowed, result
    assert result.json()["origin"] == cors_page.origin
    (exchange,) = rules_api.exchanges(url)
    assert exchange.values("Access-Control-Allow-Origin") == [cors_page.origin]


def test_listed_origin_is_allowed(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """An origin in the rule's list is echoed back alone, and the browser allows the read."""
    url = rules_api.url("/listed/echo")
    result = cors_page.fetch(url)
    assert result.allowed, result
    (exchange,) = rules_api.exchanges(url)
    assert exchange.values("Access-Control-Allow-Origin") == [cors_page.origin]
    assert exchange.header("Vary") == "Origin"


def test_listed_origin_matches_regardless_of_case(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A listed origin written in upper case still matches; the page's own spelling is echoed."""
    url = rules_api.url("/upper/echo")
    result = cors_page.fetch(url)
    assert result.allowed, result
    (exchange,) = rules_api.exchanges(url)
    assert exchange.header("Access-Control-Allow-Origin") == cors_page.origin


def test_regex_origin_is_allowed(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A regex origin that matches the page's origin lets the browser read the response."""
    url = rules_api.url("/regex/echo")
    result = cors_page.fetch(url)
    assert result.allowed, result
    assert result.json()["path"] == "/regex/echo"


def test_regex_origin_that_does_not_match_is_blocked(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A regex origin that does not match the page leaves the response unreadable."""
    url = rules_api.url("/regex-other/echo")
    result = cors_page.fetch(url)
    assert result.blocked, result
    assert NO_ALLOW_ORIGIN in result.cors_error
    (exchange,) = rules_api.exchanges(url)
    assert exchange.header("Access-Control-Allow-Origin") is None


def test_unlisted_origin_is_blocked_although_the_server_answered(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A simple GET from an unlisted origin runs on the server, but the browser hides the 200."""
    url = rules_api.url("/elsewhere/echo")
    result = cors_page.fetch(url)
    assert result.blocked, result
    assert NO_ALLOW_ORIGIN in result.cors_error
    (exchange,) = rules_api.exchanges(url)
    assert exchange.status == 200
    assert not [name for name, _ in exchange.response_headers if name.startswith("Access-Control")]


def test_path_outside_every_rule_is_blocked(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A path that no resource pattern covers gets no CORS headers, so the browser blocks it."""
    url = rules_api.url("/uncovered/echo")
    result = cors_page.fetch(url)
    assert result.blocked, result
    assert NO_ALLOW_ORIGIN in result.cors_error


def test_send_wildcard_answers_star(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """With send_wildcard the server answers "*", which the browser accepts without credentials."""
    url = rules_api.url("/wildcard/echo")
    result = cors_page.fetch(url)
    assert result.allowed, result
    (exchange,) = rules_api.exchanges(url)
    assert exchange.values("Access-Control-Allow-Origin") == ["*"]
    assert exchange.header("Vary") is None


def test_null_origin_is_allowed_when_listed(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A sandboxed iframe sends "Origin: null"; a rule listing "null" lets it read the response."""
    frame = cors_page.sandboxed_frame()
    url = rules_api.url("/null/echo")
    result = cors_page.fetch(url, frame=frame)
    assert result.allowed, result
    (exchange,) = rules_api.exchanges(url)
    assert exchange.request_headers["origin"] == "null"
    assert exchange.header("Access-Control-Allow-Origin") == "null"


def test_null_origin_is_refused_by_a_listed_https_origin(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A sandboxed iframe's "null" origin does not match a listed https origin, so it is blocked."""
    frame = cors_page.sandboxed_frame()
    url = rules_api.url("/elsewhere/echo")
    result = cors_page.fetch(url, frame=frame)
    assert result.blocked, result
    assert "from origin 'null'" in result.cors_error
    (exchange,) = rules_api.exchanges(url)
    assert exchange.request_headers["origin"] == "null"
    assert exchange.header("Access-Control-Allow-Origin") is None
