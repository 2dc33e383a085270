"""Preflights: methods, request headers, JSON bodies and how long the answer is cached.

Playwright does not show preflights to the page, so each case reads the
``OPTIONS`` request and its answer from the server's record.
"""

from __future__ import annotations

from .harness import CorsPage, LiveServer

JSON = {"Content-Type": "application/json"}


def test_json_post_is_preflighted_and_allowed(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A JSON POST is preflighted for POST and content-type, then runs and is readable."""
    url = rules_api.url("/default/echo")
    result = cors_page.fetch(url, method="POST", headers=JSON, body='{"name": "pear"}')
    assert result.allowed, result
    assert result.json()["body"] == '{"name": "pear"}'
    preflight, actual = rules_api.exchanges(url)
    assert preflight.method == "OPTIONS"
    assert preflight.request_headers["access-control-request-method"] == "POST"
    assert preflight.request_headers["access-control-request-headers"] == "content-type"
    assert preflight.status == 200
    assert preflight.header("Access-Control-Allow-Headers") == "content-type"
    assert "POST" in preflight.listed("Access-Control-Allow-Methods")
    assert actual.method == "POST"


def test_put_with_default_methods_is_allowed(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A PUT passes its preflight under the default methods, and its response is readable."""
    url = rules_api.url("/default/echo")
    result = cors_page.fetch(url, method="PUT", body="x")
    assert result.allowed, result
    assert result.json()["method"] == "PUT"


def test_method_not_listed_is_refused_before_it_runs(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A DELETE that the rule's methods leave out fails its preflight and never reaches the view."""
    url = rules_api.url("/methods/echo")
    result = cors_page.fetch(url, method="DELETE")
    assert result.blocked, result
    assert "Method DELETE is not allowed by Access-Control-Allow-Methods" in result.cors_error
    (preflight,) = rules_api.exchanges(url)
    assert preflight.method == "OPTIONS"
    assert preflight.header("Access-Control-Allow-Origin") == cors_page.origin
    assert "DELETE" not in preflight.listed("Access-Control-Allow-Methods")


def test_simple_post_is_not_preflighted_so_methods_do_not_apply(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A text/plain POST needs no preflight, so a rule listing only GET still lets the page read."""
    url = rules_api.url("/get-only/echo")
    result = cors_page.fetch(url, method="POST", body="plain text")
    assert result.allowed, result
    assert [exchange.method for exchange in rules_api.exchanges(url)] == ["POST"]


def test_json_post_refused_when_methods_leave_out_post(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """A JSON POST to a rule listing only GET is blocked at its preflight and never runs."""
    url = rules_api.url("/get-only/echo")
    result = cors_page.fetch(url, method="POST", headers=JSON, body="{}")
    assert result.blocked, result
    # POST is a CORS-safelisted method, which the browser never looks up in
    # Access-Control-Allow-Methods; what fails is the content-type header,
    # which the answer for a refused method does not list.
    assert "Request header field content-type is not allowed" in result.cors_error
    (preflight,) = rules_api.exchanges(url)
    assert preflight.method == "OPTIONS"
    assert preflight.header("Access-Control-Allow-Headers") is None


def test_allowed_custom_header_passes(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A custom header listed in allow_headers passes the preflight and reaches the view."""
    url = rules_api.url("/headers/echo")
    result = cors_page.fetch(url, headers={"X-Allowed": "yes"})
    assert result.allowed, result
    assert result.json()["x_allowed"] == "yes"
    preflight, _ = rules_api.exchanges(url)
    assert preflight.header("Access-Control-Allow-Headers") == "x-allowed"


def test_unlisted_custom_header_is_refused(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A custom header missing from allow_headers fails the preflight, naming the header."""
    url = rules_api.url("/headers/echo")
    result = cors_page.fetch(url, headers={"X-Refused": "yes"})
    assert result.blocked, result
    assert "Request header field x-refused is not allowed" in result.cors_error
    (preflight,) = rules_api.exchanges(url)
    assert preflight.header("Access-Control-Allow-Headers") is None


def test_authorization_is_listed_explicitly_by_default(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """With the default allow_headers, Authorization passes and the preflight names it, not "*"."""
    url = rules_api.url("/default/echo")
    result = cors_page.fetch(url, headers={"Authorization": "Bearer abc"})
    assert result.allowed, result
    assert result.json()["authorization"] == "Bearer abc"
    preflight, _ = rules_api.exchanges(url)
    # Chromium lets "*" cover Authorization although the Fetch standard does
    # not (other browsers follow the standard), so the value must name it.
    assert preflight.header("Access-Control-Allow-Headers") == "authorization"


def test_authorization_refused_when_not_allowed(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """Authorization fails the preflight of a rule whose allow_headers leave it out."""
    url = rules_api.url("/headers/echo")
    result = cors_page.fetch(url, headers={"Authorization": "Bearer abc"})
    assert result.blocked, result
    assert "Request header field authorization is not allowed" in result.cors_error


def test_lower_case_patch_is_allowed(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A fetch with method "patch" (sent as typed) passes: the preflight lists "patch" verbatim."""
    url = rules_api.url("/default/echo")
    result = cors_page.fetch(url, method="patch", body="x")
    preflight = rules_api.exchanges(url)[0]
    assert preflight.request_headers["access-control-request-method"] == "patch"
    assert "patch" in preflight.listed("Access-Control-Allow-Methods")
    assert result.allowed, result
    assert result.json()["method"] == "PATCH"


def test_upper_case_patch_is_allowed(cors_page: CorsPage, rules_api: LiveServer) -> None:
    """A fetch with method "PATCH" passes its preflight under the default methods."""
    url = rules_api.url("/default/echo")
    result = cors_page.fetch(url, method="PATCH", body="x")
    assert result.allowed, result
    assert rules_api.exchanges(url)[0].request_headers["access-control-request-method"] == "PATCH"


def test_max_age_lets_the_browser_reuse_the_preflight(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """With max_age=600 two PUTs to one URL cost one preflight: the browser caches the answer."""
    url = rules_api.url("/cached/echo")
    for _ in range(2):
        result = cors_page.fetch(url, method="PUT", body="x")
        assert result.allowed, result
    exchanges = rules_api.exchanges(url)
    assert [exchange.method for exchange in exchanges] == ["OPTIONS", "PUT", "PUT"]
    assert exchanges[0].header("Access-Control-Max-Age") == "600"


def test_max_age_zero_makes_every_call_preflight(
    cors_page: CorsPage, rules_api: LiveServer
) -> None:
    """With max_age=0 the browser caches nothing, so each PUT is preflighted again."""
    url = rules_api.url("/uncached/echo")
    for _ in range(2):
        result = cors_page.fetch(url, method="PUT", body="x")
        assert result.allowed, result
    exchanges = rules_api.exchanges(url)
    assert [exchange.method for exchange in exchanges] == ["OPTIONS", "PUT", "OPTIONS", "PUT"]
    assert exchanges[0].header("Access-Control-Max-Age") == "0"
