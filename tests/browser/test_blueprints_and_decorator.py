"""``@cross_origin`` on views, ``CORS(blueprint)``, and the decorator inside an app-wide rule."""

from __future__ import annotations

from .harness import CorsPage, LiveServer

NO_ALLOW_ORIGIN = "No 'Access-Control-Allow-Origin' header is present"


def test_decorator_defaults_allow_the_page(cors_page: CorsPage, decorated_api: LiveServer) -> None:
    """A view with a bare @cross_origin() lets the page read it, with its origin echoed."""
    url = decorated_api.url("/open")
    result = cors_page.fetch(url)
    assert result.allowed, result
    (exchange,) = decorated_api.exchanges(url)
    assert exchange.header("Access-Control-Allow-Origin") == cors_page.origin


def test_decorator_answers_the_preflight(cors_page: CorsPage, decorated_api: LiveServer) -> None:
    """The decorated view answers the PUT's preflight itself; the page reads the exposed header."""
    url = decorated_api.url("/listed")
    result = cors_page.fetch(url, method="PUT", body="x")
    assert result.allowed, result
    assert result.headers.get("x-exposed") == "visible"
    preflight, actual = decorated_api.exchanges(url)
    assert preflight.method == "OPTIONS"
    assert preflight.listed("Access-Control-Allow-Methods") == ["GET", "PUT"]
    assert actual.method == "PUT"


def test_decorator_methods_refuse_delete(cors_page: CorsPage, decorated_api: LiveServer) -> None:
    """A DELETE the route accepts but the decorator's methods leave out fails its preflight."""
    url = decorated_api.url("/listed")
    result = cors_page.fetch(url, method="DELETE")
    assert result.blocked, result
    assert "Method DELETE is not allowed" in result.cors_error
    assert [exchange.method for exchange in decorated_api.exchanges(url)] == ["OPTIONS"]


def test_decorator_refuses_an_unlisted_origin(
    cors_page: CorsPage, decorated_api: LiveServer
) -> None:
    """A view whose @cross_origin lists another origin is unreadable from the page."""
    url = decorated_api.url("/elsewhere")
    result = cors_page.fetch(url)
    assert result.blocked, result
    assert NO_ALLOW_ORIGIN in result.cors_error


def test_without_automatic_options_flask_answers_the_preflight_bare(
    cors_page: CorsPage, decorated_api: LiveServer
) -> None:
    """With automatic_options=False Flask answers the preflight bare, so a PUT is blocked."""
    url = decorated_api.url("/manual-options")
    result = cors_page.fetch(url, method="PUT", body="x")
    assert result.blocked, result
    assert "Response to preflight request doesn't pass access control check" in result.cors_error
    (preflight,) = decorated_api.exchanges(url)
    assert preflight.status == 200
    assert preflight.header("Access-Control-Allow-Origin") is None


def test_without_automatic_options_simple_get_still_works(
    cors_page: CorsPage, decorated_api: LiveServer
) -> None:
    """With automatic_options=False a simple GET, which needs no preflight, is still readable."""
    result = cors_page.fetch(decorated_api.url("/manual-options"))
    assert result.allowed, result


def test_async_view_is_decorated(cors_page: CorsPage, decorated_api: LiveServer) -> None:
    """An async def view under @cross_origin is readable from the page."""
    result = cors_page.fetch(decorated_api.url("/async"))
    assert result.allowed, result
    assert result.json()["path"] == "/async"


def test_blueprint_with_cors_is_readable(cors_page: CorsPage, blueprint_api: LiveServer) -> None:
    """A view of a blueprint given CORS(blueprint) is readable, exposed header included."""
    result = cors_page.fetch(blueprint_api.url("/v1/items"))
    assert result.allowed, result
    assert result.headers.get("x-exposed") == "visible"


def test_blueprint_answers_the_preflight(cors_page: CorsPage, blueprint_api: LiveServer) -> None:
    """A PUT to a blueprint with CORS passes its preflight and runs."""
    url = blueprint_api.url("/v1/items")
    result = cors_page.fetch(url, method="PUT", body="x")
    assert result.allowed, result
    assert [exchange.method for exchange in blueprint_api.exchanges(url)] == ["OPTIONS", "PUT"]


def test_blueprint_abort_is_readable(cors_page: CorsPage, blueprint_api: LiveServer) -> None:
    """An abort(404) inside a blueprint with CORS reaches the page with its status."""
    result = cors_page.fetch(blueprint_api.url("/v1/items/7"))
    assert result.allowed, result
    assert result.status == 404
    assert "no item 7" in result.body


def test_blueprint_without_cors_is_blocked(cors_page: CorsPage, blueprint_api: LiveServer) -> None:
    """A sibling blueprint that was not given CORS stays unreadable from the page."""
    result = cors_page.fetch(blueprint_api.url("/internal/items"))
    assert result.blocked, result
    assert NO_ALLOW_ORIGIN in result.cors_error


def test_blueprint_listing_another_origin_is_blocked(
    cors_page: CorsPage, blueprint_api: LiveServer
) -> None:
    """A blueprint whose CORS lists another origin refuses the page."""
    result = cors_page.fetch(blueprint_api.url("/partners/items"))
    assert result.blocked, result
    assert NO_ALLOW_ORIGIN in result.cors_error


def test_app_rule_refuses_the_page(cors_page: CorsPage, blueprint_api: LiveServer) -> None:
    """An app-wide rule listing another origin refuses the page on a plain view."""
    result = cors_page.fetch(blueprint_api.url("/mixed/plain"))
    assert result.blocked, result
    assert NO_ALLOW_ORIGIN in result.cors_error


def test_decorator_wins_over_the_app_rule(cors_page: CorsPage, blueprint_api: LiveServer) -> None:
    """@cross_origin on a view decides for it, although the app-wide rule would refuse the page."""
    url = blueprint_api.url("/mixed/decorated")
    result = cors_page.fetch(url)
    assert result.allowed, result
    (exchange,) = blueprint_api.exchanges(url)
    assert exchange.values("Access-Control-Allow-Origin") == [cors_page.origin]
