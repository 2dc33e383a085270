"""CORS(blueprint): CORS headers for one blueprint's routes only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Blueprint, Flask
from werkzeug.test import TestResponse

from flask_cors import CORS, cross_origin

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ORIGIN = {"Origin": "https://app.example"}
ALLOWED = [("Access-Control-Allow-Origin", "https://app.example"), ("Vary", "Origin")]


def make_blueprint(name: str, url_prefix: str) -> Blueprint:
    blueprint = Blueprint(name, __name__, url_prefix=url_prefix)

    @blueprint.route("/<path:path>", methods=["GET", "POST"])
    def anything(path: str) -> str:
        return f"{name}:{path}"

    return blueprint


@pytest.fixture
def app() -> Flask:
    """Return an app with one route of its own, "/page"; blueprints are added by the tests."""
    app = Flask("blueprint_tests", static_folder=None)

    @app.route("/page")
    def page() -> str:
        return "page"

    return app


def test_cors_on_a_blueprint_covers_only_its_routes(app: Flask, cors_headers: CorsHeaders) -> None:
    """CORS(blueprint) adds headers to the blueprint's routes and nowhere else."""
    api = make_blueprint("api", "/api")
    CORS(api)
    app.register_blueprint(api)
    client = app.test_client()

    inside = client.get("/api/users", headers=ORIGIN)
    outside = client.get("/page", headers=ORIGIN)

    assert inside.get_data(as_text=True) == "api:users"
    assert cors_headers(inside) == ALLOWED
    assert outside.status_code == 200
    assert cors_headers(outside) == []


def test_other_blueprints_are_not_affected(app: Flask, cors_headers: CorsHeaders) -> None:
    """A second blueprint without CORS gets no headers, even for the same origin."""
    api, admin = make_blueprint("api", "/api"), make_blueprint("admin", "/admin")
    CORS(api)
    app.register_blueprint(api)
    app.register_blueprint(admin)
    client = app.test_client()

    assert cors_headers(client.get("/api/x", headers=ORIGIN)) == ALLOWED
    assert cors_headers(client.get("/admin/x", headers=ORIGIN)) == []


def test_two_blueprints_with_their_own_options(app: Flask, cors_headers: CorsHeaders) -> None:
    """Each blueprint answers with the options its own CORS was given."""
    public, partner = make_blueprint("public", "/public"), make_blueprint("partner", "/partner")
    CORS(public, send_wildcard=True)
    CORS(partner, origins="https://partner.example", supports_credentials=True)
    app.register_blueprint(public)
    app.register_blueprint(partner)
    client = app.test_client()
    origin = {"Origin": "https://partner.example"}

    assert cors_headers(client.get("/public/x", headers=origin)) == [
        ("Access-Control-Allow-Origin", "*")
    ]
    assert cors_headers(client.get("/partner/x", headers=origin)) == [
        ("Access-Control-Allow-Origin", "https://partner.example"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(client.get("/partner/x", headers=ORIGIN)) == [("Vary", "Origin")]


def test_blueprint_resources_match_the_full_request_path(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """Resource patterns of CORS(blueprint) are matched against the path with its prefix."""
    api = make_blueprint("api", "/api")
    CORS(api, resources=r"/api/public/*")
    app.register_blueprint(api)
    client = app.test_client()

    assert cors_headers(client.get("/api/public/x", headers=ORIGIN)) == ALLOWED
    assert cors_headers(client.get("/api/private/x", headers=ORIGIN)) == []


def test_unrouted_path_under_the_prefix_gets_the_blueprints_headers(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """A 404 under the blueprint's prefix gets its CORS headers, so the page reads the 404.

    flask-cors 6.0.5 gave it none (Flask runs no blueprint hook for a path
    no route matches); a deliberate difference, docs/migration.md.
    """
    api = Blueprint("api", __name__, url_prefix="/api")

    @api.route("/users")
    def users() -> str:
        return "users"

    CORS(api)
    app.register_blueprint(api)

    response = app.test_client().get("/api/nothing-here", headers=ORIGIN)
    elsewhere = app.test_client().get("/apix/nothing-here", headers=ORIGIN)

    assert response.status_code == 404
    assert cors_headers(response) == ALLOWED
    assert cors_headers(elsewhere) == []


@pytest.mark.parametrize("answer_preflights", [False, True])
def test_method_the_route_lacks_gets_the_blueprints_headers(
    app: Flask, cors_headers: CorsHeaders, answer_preflights: bool
) -> None:
    """A 405 on a blueprint's route carries the headers its preflight was allowed with."""
    api = Blueprint("api", __name__, url_prefix="/api")

    @api.get("/users")
    def users() -> str:
        return "users"

    CORS(api, answer_preflights=answer_preflights)
    app.register_blueprint(api)
    client = app.test_client()
    preflight = client.options(
        "/api/users", headers={**ORIGIN, "Access-Control-Request-Method": "PUT"}
    )
    put = client.put("/api/users", headers=ORIGIN)

    assert preflight.status_code in (200, 204)
    assert ("Access-Control-Allow-Origin", "https://app.example") in cors_headers(preflight)
    assert put.status_code == 405
    assert cors_headers(put) == ALLOWED


def test_routing_error_headers_follow_the_blueprints_rules(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """A routing error under the prefix gets the headers of the blueprint's matching rule only."""
    api = Blueprint("api", __name__, url_prefix="/api")

    @api.route("/users")
    def users() -> str:
        return "users"

    @api.route("/public/here")
    def here() -> str:
        return "here"

    CORS(api, resources={"/api/public/*": {"origins": "*", "expose_headers": ["X-Total"]}})
    app.register_blueprint(api)
    client = app.test_client()
    routed = cors_headers(client.get("/api/public/here", headers=ORIGIN))

    assert ("Access-Control-Expose-Headers", "X-Total") in routed
    assert cors_headers(client.get("/api/public/gone", headers=ORIGIN)) == routed
    assert cors_headers(client.get("/api/private/gone", headers=ORIGIN)) == []


def test_app_config_is_not_read_for_a_blueprint(app: Flask, cors_headers: CorsHeaders) -> None:
    """Like flask-cors, CORS(blueprint) uses its own options and ignores app.config CORS_*."""
    app.config.update(CORS_ORIGINS="https://config.example", CORS_MAX_AGE=5)
    api = make_blueprint("api", "/api")
    CORS(api)
    app.register_blueprint(api)

    response = app.test_client().options(
        "/api/x", headers={**ORIGIN, "Access-Control-Request-Method": "GET"}
    )

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
        ("Vary", "Origin"),
    ]


def test_decorator_inside_a_blueprint(app: Flask, cors_headers: CorsHeaders) -> None:
    """@cross_origin works on a blueprint's view, with the app's config under it."""
    app.config["CORS_EXPOSE_HEADERS"] = "X-Config"
    api = Blueprint("api", __name__, url_prefix="/api")

    @api.route("/users")
    @cross_origin(origins="https://app.example")
    def users() -> str:
        return "users"

    app.register_blueprint(api)

    response = app.test_client().get("/api/users", headers=ORIGIN)

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Expose-Headers", "X-Config"),
        ("Vary", "Origin"),
    ]


def test_blueprint_and_app_wide_cors_agree_on_one_answer(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """When the blueprint's CORS allows the origin, the app-wide CORS adds nothing more."""
    api = make_blueprint("api", "/api")
    CORS(api, origins="https://app.example", expose_headers="X-Blueprint")
    app.register_blueprint(api)
    CORS(app, expose_headers="X-App")

    response = app.test_client().get("/api/x", headers=ORIGIN)

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Expose-Headers", "X-Blueprint"),
        ("Vary", "Origin"),
    ]


def test_app_wide_cors_still_answers_an_origin_the_blueprint_refuses(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """As in flask-cors, a blueprint's CORS refusing an origin does not stop the app's CORS."""
    api = make_blueprint("api", "/api")
    CORS(api, origins="https://app.example")
    app.register_blueprint(api)
    CORS(app, origins="https://other.example")

    response = app.test_client().get("/api/x", headers={"Origin": "https://other.example"})

    # The blueprint's refusal leaves only Vary: Origin, which the app's answer
    # does not repeat.
    assert cors_headers(response) == [
        ("Vary", "Origin"),
        ("Access-Control-Allow-Origin", "https://other.example"),
    ]
