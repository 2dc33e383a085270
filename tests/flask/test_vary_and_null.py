"""Vary: Origin on every origin-dependent response, and the opaque origin 'null' only when listed.

Both are deliberate differences from flask-cors 6 (docs/migration.md): it sent
Vary only to allowed origins with several or regex origins configured, and
echoed 'null' under '*'.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, session
from werkzeug.test import TestResponse

from flask_cors import CORS, InsecureCORSWarning, cross_origin

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

APP = "https://app.example.com"
VARY = ("Vary", "Origin")


@pytest.fixture
def app() -> Flask:
    """Return an app with a plain view and views that set a Vary header of their own."""
    app = Flask("vary_tests", static_folder=None)

    @app.route("/plain", methods=["GET", "POST"])
    def plain() -> str:
        return "plain"

    @app.route("/vary/<path:value>")
    def vary(value: str) -> tuple[str, dict[str, str]]:
        return "vary", {"Vary": value}

    return app


# --- Vary: Origin --------------------------------------------------------------------------

REQUESTS = {
    "allowed": {"Origin": APP},
    "refused": {"Origin": "https://evil.example"},
    "invalid-origin": {"Origin": "https://a.example, https://b.example"},
    "no-origin": {},
    "refused-preflight": {"Origin": "https://evil.example", "Access-Control-Request-Method": "PUT"},
}


@pytest.mark.parametrize("kind", list(REQUESTS))
def test_single_origin_varies_on_every_response(app: Flask, kind: str) -> None:
    """With one allowed origin, allowed, refused and non-CORS responses all carry Vary: Origin."""
    CORS(app, origins=APP)
    headers = REQUESTS[kind]
    method = "OPTIONS" if "Access-Control-Request-Method" in headers else "GET"

    response = app.test_client().open("/plain", method=method, headers=headers)

    assert response.headers.getlist("Vary") == ["Origin"]


def test_refused_and_allowed_answers_differ_only_by_origin(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """The refused and allowed answers to one URL both say they vary on Origin."""
    CORS(app, origins=APP, expose_headers="X-Total")
    client = app.test_client()

    assert cors_headers(client.get("/plain", headers={"Origin": APP})) == [
        ("Access-Control-Allow-Origin", APP),
        ("Access-Control-Expose-Headers", "X-Total"),
        VARY,
    ]
    assert cors_headers(client.get("/plain", headers={"Origin": "https://evil.example"})) == [VARY]
    assert cors_headers(client.get("/plain")) == [
        ("Access-Control-Allow-Origin", APP),
        ("Access-Control-Expose-Headers", "X-Total"),
        VARY,
    ]


@pytest.mark.parametrize(
    ("options", "vary"),
    [
        pytest.param({}, ["Origin"], id="star-echoes-the-origin"),
        pytest.param({"origins": [APP, "https://shop.example.com"]}, ["Origin"], id="two-origins"),
        pytest.param({"origins": r"https://.*\.example\.com$"}, ["Origin"], id="regex"),
        pytest.param({"origins": "https://*.example.com"}, ["Origin"], id="wildcard"),
        pytest.param({"always_send": False}, ["Origin"], id="always-send-off"),
        pytest.param({"send_wildcard": True}, [], id="send-wildcard-never-varies"),
        pytest.param(
            {"send_wildcard": True, "always_send": False},
            ["Origin"],
            id="send-wildcard-without-always-send-varies",
        ),
        pytest.param({"origins": []}, [], id="no-origins-never-vary"),
        pytest.param({"vary_header": False}, [], id="vary-header-off"),
        pytest.param({"origins": APP, "vary_header": False}, [], id="vary-header-off-one-origin"),
    ],
)
@pytest.mark.parametrize("kind", list(REQUESTS))
def test_which_policies_vary(
    app: Flask, options: dict[str, object], vary: list[str], kind: str
) -> None:
    """Vary: Origin is on every response unless the answer cannot depend on Origin or it is off."""
    CORS(app, **options)  # type: ignore[arg-type]
    headers = REQUESTS[kind]
    method = "OPTIONS" if "Access-Control-Request-Method" in headers else "GET"

    response = app.test_client().open("/plain", method=method, headers=headers)

    assert response.headers.getlist("Vary") == vary


@pytest.mark.parametrize(
    ("own", "vary"),
    [
        pytest.param("Accept-Encoding", ["Accept-Encoding, Origin"], id="other-header"),
        pytest.param("Origin", ["Origin"], id="already-origin"),
        pytest.param("accept-encoding, origin", ["accept-encoding, origin"], id="in-a-list"),
        pytest.param("*", ["*"], id="star"),
    ],
)
def test_vary_joins_the_views_own_vary_on_a_refusal(app: Flask, own: str, vary: list[str]) -> None:
    """A refused response adds Origin to the view's own Vary line, never twice."""
    CORS(app, origins=APP)

    response = app.test_client().get(f"/vary/{own}", headers={"Origin": "https://evil.example"})

    assert response.headers.getlist("Vary") == vary
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("origin", [APP, "https://evil.example"])
def test_vary_origin_dropped_after_later_vary_update(origin: str) -> None:
    """Origin stays in Vary when Flask's session saving adds Cookie after the CORS hook."""
    app = Flask("vary_session", static_folder=None)
    app.secret_key = "test"
    CORS(app, origins=[APP], supports_credentials=True)

    @app.get("/me")
    def me() -> tuple[dict[str, str], dict[str, str]]:
        return {"user": session.get("user", "anonymous")}, {"Vary": "Accept-Encoding"}

    response = app.test_client().get("/me", headers={"Origin": origin})

    assert response.headers.getlist("Vary") == ["Accept-Encoding, Origin, Cookie"]


def test_vary_lines_of_the_view_are_joined_into_one(app: Flask) -> None:
    """A view's several Vary lines become one line with Origin, so Werkzeug's vary sees them all."""
    CORS(app, origins=APP)

    @app.get("/two-vary")
    def two_vary() -> tuple[str, list[tuple[str, str]]]:
        return "two", [("Vary", "Accept"), ("Vary", "Cookie, origin")]

    response = app.test_client().get("/two-vary", headers={"Origin": APP})

    assert response.headers.getlist("Vary") == ["Accept, Cookie, origin"]
    assert response.vary.as_set() == {"accept", "cookie", "origin"}


def test_decorated_view_varies_on_refused_and_non_cors_responses(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """@cross_origin adds Vary: Origin to refused and Origin-less responses too."""

    @app.route("/view")
    @cross_origin(origins=APP, always_send=False)
    def view() -> str:
        return "view"

    client = app.test_client()

    assert cors_headers(client.get("/view", headers={"Origin": "https://evil.example"})) == [VARY]
    assert cors_headers(client.get("/view")) == [VARY]


# --- The opaque origin 'null' --------------------------------------------------------------

NULL = {"Origin": "null"}


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({}, id="star"),
        pytest.param({"origins": ".*"}, id="dot-star"),
        pytest.param({"origins": [APP]}, id="listed-origins"),
        pytest.param({"origins": "https://*.example.com"}, id="wildcard"),
    ],
)
def test_null_is_refused_unless_listed(
    app: Flask, cors_headers: CorsHeaders, options: dict[str, object]
) -> None:
    """'null' gets no CORS headers under '*' (which echoes origins) or other origins."""
    CORS(app, **options)  # type: ignore[arg-type]

    response = app.test_client().get("/plain", headers=NULL)

    assert response.status_code == 200
    assert [name for name, _ in cors_headers(response) if name != "Vary"] == []


@pytest.mark.parametrize(
    "origin",
    [APP, "https://other.example", None, "null", "x", "https://a.example,https://b.example"],
)
def test_vary_missing_with_send_wildcard(
    app: Flask, cors_headers: CorsHeaders, origin: str | None
) -> None:
    """With send_wildcard every response gets '*' and no Vary, 'null' and malformed origins too."""
    CORS(app, resources={r"/plain": {"origins": "*", "send_wildcard": True, "max_age": 86400}})
    headers = {"Origin": origin} if origin is not None else {}

    response = app.test_client().get("/plain", headers=headers)

    assert cors_headers(response) == [("Access-Control-Allow-Origin", "*")]


@pytest.mark.parametrize("origin", ["NULL", "Null"])
def test_null_in_any_letter_case_is_refused_under_star(
    app: Flask, cors_headers: CorsHeaders, origin: str
) -> None:
    """'*' does not cover the opaque origin in any letter case: 'NULL' is not echoed."""
    CORS(app, supports_credentials=False)

    response = app.test_client().get("/plain", headers={"Origin": origin})

    assert cors_headers(response) == [VARY]


def test_null_preflight_under_star_is_refused(app: Flask, cors_headers: CorsHeaders) -> None:
    """A preflight from 'null' under the default '*' gets only Vary: Origin."""
    CORS(app)

    response = app.test_client().options(
        "/plain", headers={**NULL, "Access-Control-Request-Method": "PUT"}
    )

    assert cors_headers(response) == [VARY]


def test_null_is_allowed_when_listed(app: Flask, cors_headers: CorsHeaders) -> None:
    """Listing 'null' (which warns) allows it, echoed back, with credentials if configured."""
    with pytest.warns(InsecureCORSWarning, match=r"^rule '/\*': origins='null': allows the opaque"):
        CORS(app, origins=["null", APP], supports_credentials=True)
    client = app.test_client()

    assert cors_headers(client.get("/plain", headers=NULL)) == [
        ("Access-Control-Allow-Origin", "null"),
        ("Access-Control-Allow-Credentials", "true"),
        VARY,
    ]
    assert cors_headers(client.get("/plain", headers={"Origin": APP})) == [
        ("Access-Control-Allow-Origin", APP),
        ("Access-Control-Allow-Credentials", "true"),
        VARY,
    ]


def test_null_beside_star_is_allowed(app: Flask, cors_headers: CorsHeaders) -> None:
    """'null' listed beside '*' is allowed; send_wildcard then answers it with '*'."""
    with pytest.warns(InsecureCORSWarning, match=r"origins='null'"):
        CORS(app, origins=["*", "null"], send_wildcard=True)

    response = app.test_client().get("/plain", headers=NULL)

    assert cors_headers(response) == [("Access-Control-Allow-Origin", "*")]


def test_null_allowed_by_a_regex(app: Flask, cors_headers: CorsHeaders) -> None:
    """A regex origin that matches 'null' allows it, like a listed 'null'."""
    with pytest.warns(InsecureCORSWarning, match=r"origins='\(null\|https://app\\\\\.example"):
        CORS(app, origins=r"(null|https://app\.example\.com)$")

    response = app.test_client().get("/plain", headers=NULL)

    assert cors_headers(response) == [("Access-Control-Allow-Origin", "null"), VARY]


def test_null_on_a_decorated_view(app: Flask, cors_headers: CorsHeaders) -> None:
    """@cross_origin() under its default '*' refuses 'null' too."""

    @app.route("/view")
    @cross_origin()
    def view() -> str:
        return "view"

    response = app.test_client().get("/view", headers=NULL)

    assert cors_headers(response) == [VARY]
