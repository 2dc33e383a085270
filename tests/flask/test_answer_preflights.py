"""answer_preflights: preflights answered before hooks and routing, and the diagnosis without."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Blueprint, Flask, abort, request
from flask.testing import FlaskClient

from flask_cors import CORS, CORSConfigWarning, cross_origin

ORIGIN = "https://app.example.com"
PREFLIGHT = {
    "Origin": ORIGIN,
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "authorization",
}
ADVICE = (
    "With answer_preflights=True (CORS_ANSWER_PREFLIGHTS), flask_cors answers preflights "
    "itself, before before_request hooks and routing."
)


def build(**options: Any) -> Flask:
    """An API with an auth hook, a GET-only route, a trailing-slash route and an OPTIONS view."""
    app = Flask("preflights")

    @app.before_request
    def require_token() -> None:
        if request.path.startswith("/api/secure") and "Authorization" not in request.headers:
            abort(401)

    @app.get("/api/secure/data")
    def data() -> str:
        return "data"

    @app.route("/api/getonly", methods=["GET"], provide_automatic_options=False)
    def get_only() -> str:
        return "get only"

    @app.get("/api/folder/")
    def folder() -> str:
        return "folder"

    @app.route("/api/own", methods=["GET", "OPTIONS"], provide_automatic_options=False)
    def own() -> tuple[str, int, dict[str, str]]:
        return "own", 200, {"X-Own-Options": "yes"}

    @app.get("/decorated")
    @cross_origin(origins=[ORIGIN], max_age=60)
    def decorated() -> str:
        return "decorated"

    @app.get("/public")
    def public() -> str:
        return "public"

    CORS(app, resources={"/api/*": {"origins": [ORIGIN]}}, **options)
    return app


def client(**options: Any) -> FlaskClient:
    return build(**options).test_client()


@pytest.mark.parametrize(
    ("path", "status", "cause"),
    [
        (
            "/api/secure/data",
            401,
            "probably an authentication or authorization before_request hook",
        ),
        ("/api/missing", 404, "no route matches this path"),
        ("/api/getonly", 405, "the route does not accept OPTIONS"),
        (
            "/api/folder",
            308,
            "routing redirected it (a URL rule that ends with '/'); browsers do not follow it",
        ),
    ],
    ids=["auth-401", "missing-404", "method-405", "trailing-slash-308"],
)
def test_without_the_option_a_failed_preflight_is_logged_once(
    caplog: pytest.LogCaptureFixture, path: str, status: int, cause: str
) -> None:
    """The preflight keeps flask-cors's status, and one WARNING names the probable cause."""
    api = client()
    with caplog.at_level("WARNING", logger="flask_cors"):
        first = api.options(path, headers=PREFLIGHT)
        second = api.options(path, headers=PREFLIGHT)
    assert (first.status_code, second.status_code) == (status, status)
    assert first.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert [r.getMessage() for r in caplog.records if r.name == "flask_cors"] == [
        f"CORS preflight OPTIONS {path!r} (rule '/api/*') got status {status}, and browsers "
        f"refuse a preflight whose status is not 2xx: {cause}. {ADVICE}"
    ]


@pytest.mark.parametrize(
    "path",
    ["/api/secure/data", "/api/missing", "/api/getonly", "/api/folder"],
    ids=["auth-401", "missing-404", "method-405", "trailing-slash-308"],
)
def test_with_the_option_the_extension_answers_204_first(
    caplog: pytest.LogCaptureFixture, path: str
) -> None:
    """Hooks and routing never see the preflight: 204, the preflight headers, no body, no log."""
    with caplog.at_level("WARNING", logger="flask_cors"):
        response = client(answer_preflights=True).options(path, headers=PREFLIGHT)
    assert response.status_code == 204
    assert response.data == b""
    assert [(k, v) for k, v in response.headers if k.startswith(("Access-Control", "Vary"))] == [
        ("Access-Control-Allow-Origin", ORIGIN),
        ("Access-Control-Allow-Headers", "authorization"),
        ("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
        ("Vary", "Origin"),
    ]
    assert [r for r in caplog.records if r.name == "flask_cors"] == []


def test_option_from_app_config() -> None:
    """CORS_ANSWER_PREFLIGHTS in app.config turns the option on."""
    app = Flask("config")
    app.config["CORS_ANSWER_PREFLIGHTS"] = True

    @app.before_request
    def deny() -> None:
        abort(403)

    CORS(app)
    response = app.test_client().options("/anything", headers=PREFLIGHT)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_the_actual_request_still_meets_the_hook() -> None:
    """Only the preflight skips the hook: the request that follows gets its 401, readable."""
    response = client(answer_preflights=True).get("/api/secure/data", headers={"Origin": ORIGIN})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_non_preflight_options_is_untouched() -> None:
    """An OPTIONS without Access-Control-Request-Method goes through hooks as before."""
    response = client(answer_preflights=True).options(
        "/api/secure/data", headers={"Origin": ORIGIN}
    )
    assert response.status_code == 401


def test_view_that_answers_options_itself_gets_the_preflight() -> None:
    """A view with OPTIONS among its methods and no automatic answer still runs."""
    response = client(answer_preflights=True).options("/api/own", headers=PREFLIGHT)
    assert response.status_code == 200
    assert response.headers["X-Own-Options"] == "yes"
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_decorated_view_is_answered_with_its_own_policy() -> None:
    """A @cross_origin view's preflight is answered early under the decorator's options."""
    response = client(answer_preflights=True).options("/decorated", headers=PREFLIGHT)
    assert response.status_code == 204
    assert response.headers["Access-Control-Max-Age"] == "60"


def test_uncovered_path_is_left_to_the_app() -> None:
    """A preflight for a path no rule covers is not answered by the extension."""
    response = client(answer_preflights=True).options("/public", headers=PREFLIGHT)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_the_option_spelling_false_is_refused() -> None:
    """answer_preflights given as a word for false is a configuration error with a fix."""
    with pytest.raises(
        ValueError,
        match=r"answer_preflights='no': is a string, and flask-cors 6 read every non-empty "
        r"string as True \(pass answer_preflights=False\)",
    ):
        build(answer_preflights="no")


def test_a_non_boolean_option_warns_and_is_read_by_truthiness() -> None:
    """A non-boolean answer_preflights warns with the fix and is read as a boolean."""
    with pytest.warns(
        CORSConfigWarning,
        match=r"^answer_preflights='yes': is not True or False; read as True, as flask-cors 6 "
        r"did \(pass answer_preflights=True\)$",
    ):
        app = build(answer_preflights="yes")

    response = app.test_client().options("/api/secure/data", headers=PREFLIGHT)
    assert response.status_code == 204


def test_blueprint_answers_its_own_routes_first() -> None:
    """CORS(blueprint, answer_preflights=True) answers preflights of its routes before app hooks."""
    app = Flask("bp")
    bp = Blueprint("api", __name__, url_prefix="/bp")

    @bp.get("/item")
    def item() -> str:
        return "item"

    @app.before_request
    def deny() -> None:
        abort(401)

    CORS(bp, origins=[ORIGIN], answer_preflights=True)
    app.register_blueprint(bp)
    api = app.test_client()
    assert api.options("/bp/item", headers=PREFLIGHT).status_code == 204
    assert api.options("/elsewhere", headers=PREFLIGHT).status_code == 401


PARTNER = "https://partner.example.net"
PARTNER_PREFLIGHT = {"Origin": PARTNER, "Access-Control-Request-Method": "PUT"}


def partner_blueprint(name: str = "partner", prefix: str = "/partner") -> Blueprint:
    """A blueprint with one GET/PUT route, its CORS allowing the partner origin."""
    bp = Blueprint(name, __name__, url_prefix=prefix)

    @bp.route("/items", methods=["GET", "PUT"])
    def items() -> str:
        return "items"

    CORS(bp, origins=[PARTNER])
    return bp


def login_required(app: Flask) -> None:
    """Register an auth hook that answers 401 to every request without Authorization."""

    @app.before_request
    def require_login() -> tuple[str, int] | None:
        return None if "Authorization" in request.headers else ("login required", 401)


def test_answer_preflights_with_blueprints() -> None:
    """With answer_preflights on the app, a blueprint's own CORS still answers its preflights."""
    app = Flask("bp_answer")
    login_required(app)
    app.register_blueprint(partner_blueprint())
    CORS(app, origins=[ORIGIN], answer_preflights=True)
    api = app.test_client()

    response = api.options("/partner/items", headers=PARTNER_PREFLIGHT)

    assert response.status_code == 204
    assert response.headers.get("Access-Control-Allow-Origin") == PARTNER
    assert response.headers.get("Access-Control-Allow-Methods") is not None
    refused = api.options(
        "/partner/items", headers={**PARTNER_PREFLIGHT, "Origin": "https://x.example"}
    )
    assert refused.status_code == 204
    assert "Access-Control-Allow-Origin" not in refused.headers
    app_route = api.options("/other", headers={**PARTNER_PREFLIGHT, "Origin": ORIGIN})
    assert (app_route.status_code, app_route.headers.get("Access-Control-Allow-Origin")) == (
        204,
        ORIGIN,
    )


def test_answer_preflights_with_nested_blueprints() -> None:
    """answer_preflights on a nested blueprint answers its preflights before the app's auth hook."""
    app = Flask("nested_answer")
    login_required(app)
    parent = Blueprint("parent", __name__, url_prefix="/p")
    child = Blueprint("child", __name__, url_prefix="/c")

    @child.route("/items", methods=["GET", "PUT"])
    def items() -> str:
        return "items"

    CORS(child, origins=[ORIGIN], answer_preflights=True)
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    app.register_blueprint(parent, name="again", url_prefix="/again")
    api = app.test_client()

    for path in ("/p/c/items", "/again/c/items"):
        response = api.options(path, headers={**PARTNER_PREFLIGHT, "Origin": ORIGIN})
        assert (response.status_code, response.headers.get("Access-Control-Allow-Origin")) == (
            204,
            ORIGIN,
        )
    assert (
        api.options("/elsewhere", headers={**PARTNER_PREFLIGHT, "Origin": ORIGIN}).status_code
        == 401
    )
