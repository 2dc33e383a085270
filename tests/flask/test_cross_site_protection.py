"""cross_site_protection: state-changing requests from untrusted pages get 403, views unrun.

Off by default (flask-cors 6.0.5 had nothing of the kind). When on, the
origins the CORS configuration lists for a request are the trusted ones:
those of every CORS layer that covers it. The requests carry what
browsers send (``Origin``, ``Sec-Fetch-Site``); tests/browser proves the
same in Chromium.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from flask import Blueprint, Flask, abort
from werkzeug.exceptions import Forbidden
from werkzeug.test import TestResponse

from flask_cors import (
    CORS,
    ConfigurationError,
    CrossSiteRequestRefused,
    cross_origin,
    cross_site_exempt,
)

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

APP = "https://app.example.com"
EVIL = "https://evil.example.net"
HOST = "api.example.com"
SELF = f"https://{HOST}"

REFUSED_BODY = (
    "Cross-site request refused: this request came from a page on another site, and this "
    "server accepts requests that can change data only from its own pages and the sites it "
    "trusts."
)


def cross_site(origin: str = EVIL, site: str = "cross-site") -> dict[str, str]:
    """What a browser sends with a page's cross-site request."""
    return {"Origin": origin, "Sec-Fetch-Site": site}


class Shop:
    """An app with a view that changes state, counting its runs."""

    def __init__(self) -> None:
        self.app = Flask("shop", static_folder=None)
        self.app.config["SERVER_NAME"] = HOST
        self.ran: list[str] = []
        self.app.add_url_rule("/api/orders", "orders", self.view("orders"), methods=_METHODS)
        self.app.add_url_rule("/login", "login", self.view("login"), methods=_METHODS)

    def view(self, name: str) -> Callable[[], str]:
        def run() -> str:
            self.ran.append(name)
            return name

        run.__name__ = name
        return run

    def send(self, method: str, path: str, headers: dict[str, str]) -> TestResponse:
        return self.app.test_client().open(
            path, method=method, headers=headers, base_url=f"https://{HOST}"
        )


_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


@pytest.fixture
def shop() -> Shop:
    """A shop whose /api/* rule lists one frontend, with protection on."""
    shop = Shop()
    CORS(shop.app, resources={r"/api/*": {"origins": [APP]}}, cross_site_protection=True)
    return shop


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        pytest.param("POST", "/api/orders", cross_site(), 403, id="cross-site-post"),
        pytest.param("DELETE", "/api/orders", cross_site(), 403, id="cross-site-delete"),
        pytest.param("PUT", "/api/orders", cross_site(site="same-site"), 403, id="same-site"),
        pytest.param("POST", "/api/orders", cross_site(APP), 200, id="trusted-origin"),
        pytest.param("POST", "/api/orders", cross_site(SELF, "same-origin"), 200, id="same-origin"),
        pytest.param("POST", "/api/orders", {"Sec-Fetch-Site": "none"}, 200, id="user-initiated"),
        pytest.param("POST", "/api/orders", {}, 200, id="not-a-browser"),
        pytest.param("POST", "/api/orders", {"Origin": SELF}, 200, id="old-browser-same-origin"),
        pytest.param("POST", "/api/orders", {"Origin": EVIL}, 403, id="old-browser-cross-origin"),
        pytest.param("POST", "/api/orders", cross_site("null"), 403, id="null-origin"),
        pytest.param("GET", "/api/orders", cross_site(), 200, id="get-passes"),
        pytest.param("HEAD", "/api/orders", cross_site(), 200, id="head-passes"),
        pytest.param("POST", "/login", cross_site(), 403, id="uncovered-path"),
        pytest.param("POST", "/login", cross_site(APP), 403, id="uncovered-path-trusts-none"),
        pytest.param("POST", "/login", cross_site(SELF, "same-origin"), 200, id="uncovered-own"),
        pytest.param("POST", "/nowhere", cross_site(), 403, id="unrouted"),
    ],
)
def test_protection(
    shop: Shop, method: str, path: str, headers: dict[str, str], status: int
) -> None:
    """Each request is answered with its status; a refused one never reaches the view."""
    response = shop.send(method, path, headers)

    assert response.status_code == status
    if status == 403:
        assert shop.ran == []


def test_off_by_default() -> None:
    """Without the option, a cross-site POST reaches the view, as with flask-cors 6.0.5."""
    shop = Shop()
    CORS(shop.app, resources={r"/api/*": {"origins": [APP]}})

    assert shop.send("POST", "/api/orders", cross_site()).status_code == 200
    assert shop.ran == ["orders"]


def test_config_key() -> None:
    """CORS_CROSS_SITE_PROTECTION = True turns it on."""
    shop = Shop()
    shop.app.config["CORS_CROSS_SITE_PROTECTION"] = True
    CORS(shop.app, origins=[APP])

    assert shop.send("POST", "/api/orders", cross_site()).status_code == 403


def test_factory() -> None:
    """init_app(app, cross_site_protection=True) turns it on for the app."""
    shop = Shop()
    cors = CORS(origins=[APP])
    cors.init_app(shop.app, cross_site_protection=True)

    assert shop.send("POST", "/api/orders", cross_site()).status_code == 403
    assert shop.send("POST", "/api/orders", cross_site(APP)).status_code == 200


def test_string_false_is_an_error() -> None:
    """cross_site_protection='False' is refused: flask-cors read strings as True."""
    with pytest.raises(ConfigurationError, match="cross_site_protection='False'"):
        CORS(Flask("x"), cross_site_protection="False")  # type: ignore[arg-type]


def test_refusal_body_and_headers(shop: Shop, cors_headers: CorsHeaders) -> None:
    """The 403 says what happened, names no trusted origin, and carries the CORS decision."""
    response = shop.send("POST", "/api/orders", cross_site())

    assert response.status_code == 403
    assert REFUSED_BODY in response.get_data(as_text=True)
    assert APP not in response.get_data(as_text=True)
    assert cors_headers(response) == [("Vary", "Origin")]


def test_star_refuses_but_lets_the_page_read(cors_headers: CorsHeaders) -> None:
    """Under origins='*', a cross-site POST is refused; its 403 is readable by the page."""
    shop = Shop()
    CORS(shop.app, cross_site_protection=True)

    refused = shop.send("POST", "/api/orders", cross_site())
    read = shop.send("GET", "/api/orders", cross_site())

    assert refused.status_code == 403
    assert cors_headers(refused) == [("Access-Control-Allow-Origin", EVIL), ("Vary", "Origin")]
    assert read.status_code == 200
    assert shop.ran == ["orders"]


def test_before_every_other_hook() -> None:
    """The refusal comes before the app's own before_request hooks (authentication...)."""
    shop = Shop()
    seen: list[str] = []

    @shop.app.before_request
    def authenticate() -> None:
        seen.append("authenticate")
        abort(401)

    CORS(shop.app, origins=[APP], cross_site_protection=True)

    assert shop.send("POST", "/api/orders", cross_site()).status_code == 403
    assert seen == []
    assert shop.send("POST", "/api/orders", cross_site(APP)).status_code == 401


def test_error_handler_answers_it() -> None:
    """The app's handler for 403, or for CrossSiteRequestRefused, answers the refusal."""
    shop = Shop()
    CORS(shop.app, origins=[APP], cross_site_protection=True)

    @shop.app.errorhandler(CrossSiteRequestRefused)
    def refused(error: CrossSiteRequestRefused) -> tuple[dict[str, str], int]:
        return {"error": "cross-site", "reason": error.verdict.value, "by": error.where}, 403

    response = shop.send("POST", "/api/orders", cross_site())

    assert response.status_code == 403
    assert response.json == {"error": "cross-site", "reason": "cross-site", "by": "rule '/*'"}


def test_is_a_forbidden() -> None:
    """CrossSiteRequestRefused is werkzeug's Forbidden: handlers for 403 take it."""
    assert issubclass(CrossSiteRequestRefused, Forbidden)


# --- Trusted: every layer that covers the request ----------------------------------------


def test_blueprint_layer_trusted_under_app_protection() -> None:
    """A blueprint's CORS lists an origin: app-wide protection trusts it on the blueprint."""
    shop = Shop()
    partners = Blueprint("partners", __name__, url_prefix="/partners")
    partners.add_url_rule("/orders", "orders", shop.view("partner-orders"), methods=["POST"])
    CORS(partners, origins=["https://partner.example"])
    shop.app.register_blueprint(partners)
    CORS(shop.app, origins=[APP], cross_site_protection=True)

    partner = cross_site("https://partner.example")
    assert shop.send("POST", "/partners/orders", partner).status_code == 200
    assert shop.send("POST", "/partners/orders", cross_site(APP)).status_code == 200
    assert shop.send("POST", "/api/orders", partner).status_code == 403


def test_decorated_view_trusted_alone() -> None:
    """A @cross_origin view decides alone: protection trusts its origins, not the app's."""
    shop = Shop()

    @shop.app.post("/widgets")
    @cross_origin(origins=["https://widgets.example"])
    def widgets() -> str:
        return "widgets"

    CORS(shop.app, origins=[APP], cross_site_protection=True)

    assert shop.send("POST", "/widgets", cross_site("https://widgets.example")).status_code == 200
    assert shop.send("POST", "/widgets", cross_site(APP)).status_code == 403


def test_blueprint_protection_covers_its_routes_only() -> None:
    """CORS(blueprint, cross_site_protection=True) protects the blueprint's routes, no others."""
    shop = Shop()
    admin = Blueprint("admin", __name__, url_prefix="/admin")
    admin.add_url_rule("/users", "users", shop.view("users"), methods=["POST"])
    CORS(admin, origins=[APP], cross_site_protection=True)
    shop.app.register_blueprint(admin)

    assert shop.send("POST", "/admin/users", cross_site()).status_code == 403
    assert shop.send("POST", "/admin/users", cross_site(APP)).status_code == 200
    assert shop.send("POST", "/login", cross_site()).status_code == 200


# --- Exemptions -------------------------------------------------------------------------------


def test_exempt_view_below_route() -> None:
    """@cross_site_exempt under @app.route exempts the view."""
    shop = Shop()

    @shop.app.post("/auth/callback")
    @cross_site_exempt
    def callback() -> str:
        return "signed in"

    CORS(shop.app, cross_site_protection=True)

    assert shop.send("POST", "/auth/callback", cross_site()).status_code == 200
    assert shop.send("POST", "/login", cross_site()).status_code == 403


def test_exempt_view_above_route() -> None:
    """@cross_site_exempt above @app.route exempts the view too."""
    shop = Shop()

    @cross_site_exempt
    @shop.app.post("/auth/callback")
    def callback() -> str:
        return "signed in"

    CORS(shop.app, cross_site_protection=True)

    assert shop.send("POST", "/auth/callback", cross_site()).status_code == 200


def test_exempt_under_cross_origin() -> None:
    """@cross_site_exempt under @cross_origin exempts the view the route got."""
    shop = Shop()

    @shop.app.post("/saml/acs")
    @cross_origin(origins=[APP], cross_site_protection=True)
    @cross_site_exempt
    def acs() -> str:
        return "asserted"

    assert shop.send("POST", "/saml/acs", cross_site()).status_code == 200


def test_exempt_blueprint_and_nested() -> None:
    """cross_site_exempt(blueprint) exempts its routes, and those of blueprints nested in it."""
    shop = Shop()
    hooks = Blueprint("hooks", __name__, url_prefix="/hooks")
    hooks.add_url_rule("/pay", "pay", shop.view("pay"), methods=["POST"])
    inner = Blueprint("inner", __name__, url_prefix="/inner")
    inner.add_url_rule("/ship", "ship", shop.view("ship"), methods=["POST"])
    hooks.register_blueprint(inner)
    assert cross_site_exempt(hooks) is hooks
    shop.app.register_blueprint(hooks)
    CORS(shop.app, cross_site_protection=True)

    assert shop.send("POST", "/hooks/pay", cross_site()).status_code == 200
    assert shop.send("POST", "/hooks/inner/ship", cross_site()).status_code == 200
    assert shop.send("POST", "/login", cross_site()).status_code == 403


# --- @cross_origin(cross_site_protection=True) ------------------------------------------------


def test_decorator_protection(cors_headers: CorsHeaders) -> None:
    """A decorated view refuses untrusted pages with 403 (its own CORS headers on it), unrun."""
    shop = Shop()

    @shop.app.post("/transfer")
    @cross_origin(origins=[APP], cross_site_protection=True)
    def transfer() -> str:
        shop.ran.append("transfer")
        return "sent"

    refused = shop.send("POST", "/transfer", cross_site())
    allowed = shop.send("POST", "/transfer", cross_site(APP))

    assert (refused.status_code, cors_headers(refused)) == (403, [("Vary", "Origin")])
    assert allowed.status_code == 200
    assert cors_headers(allowed) == [("Access-Control-Allow-Origin", APP), ("Vary", "Origin")]
    assert shop.ran == ["transfer"]


def test_decorator_config_key() -> None:
    """CORS_CROSS_SITE_PROTECTION applies to decorated views too."""
    shop = Shop()
    shop.app.config["CORS_CROSS_SITE_PROTECTION"] = True

    @shop.app.post("/transfer")
    @cross_origin(origins=[APP])
    def transfer() -> str:
        return "sent"

    assert shop.send("POST", "/transfer", cross_site()).status_code == 403


# --- Origin functions --------------------------------------------------------------------------


def test_origin_function_is_trusted() -> None:
    """An origin function the CORS rule asks is asked by protection too, on every request."""
    shop = Shop()
    registered = {APP}
    CORS(shop.app, origins=registered.__contains__, cross_site_protection=True)

    assert shop.send("POST", "/api/orders", cross_site(APP)).status_code == 200
    registered.clear()
    assert shop.send("POST", "/api/orders", cross_site(APP)).status_code == 403


# --- The log -----------------------------------------------------------------------------------


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture the 'flask_cors' logger at INFO."""
    with caplog.at_level(logging.INFO, logger="flask_cors"):
        yield caplog


def test_log_warns_first_then_informs(shop: Shop, log: pytest.LogCaptureFixture) -> None:
    """The first refusal by a rule is a WARNING with how to allow it; other origins, INFO once."""
    for origin in (EVIL, EVIL, "https://other.example"):
        shop.send("POST", "/api/orders", cross_site(origin))

    assert [(r.levelname, r.getMessage()) for r in log.records if r.name == "flask_cors"] == [
        (
            "WARNING",
            "CORS cross-site protection refused POST '/api/orders' with 403: POST request from "
            "origin 'https://evil.example.net' was refused by cross-site protection of rule "
            "'/api/*': the browser says another site's page sent it (Sec-Fetch-Site: "
            "'cross-site'), and the CORS origins do not list it; trusted: "
            "'https://app.example.com'; to let that page send it, list its origin in origins, "
            "or exempt the view or blueprint with cross_site_exempt()",
        ),
        (
            "INFO",
            "CORS refused POST '/api/orders': origin 'https://evil.example.net' is not allowed "
            "by rule '/api/*'; allowed: 'https://app.example.com'",
        ),
        (
            "INFO",
            "CORS cross-site protection refused POST '/api/orders' with 403: POST request from "
            "origin 'https://other.example' was refused by cross-site protection of rule "
            "'/api/*': the browser says another site's page sent it (Sec-Fetch-Site: "
            "'cross-site'), and the CORS origins do not list it; trusted: "
            "'https://app.example.com'; to let that page send it, list its origin in origins, "
            "or exempt the view or blueprint with cross_site_exempt()",
        ),
        (
            "INFO",
            "CORS refused POST '/api/orders': origin 'https://other.example' is not allowed by "
            "rule '/api/*'; allowed: 'https://app.example.com'",
        ),
    ]


def test_log_on_uncovered_path(shop: Shop, log: pytest.LogCaptureFixture) -> None:
    """A path no rule covers says so: no origin is trusted there."""
    shop.send("POST", "/login", {"Origin": EVIL})

    [record] = [r for r in log.records if r.name == "flask_cors"]
    assert record.getMessage() == (
        "CORS cross-site protection refused POST '/login' with 403: POST request from origin "
        "'https://evil.example.net' was refused by cross-site protection of no CORS rule (no "
        "origin is trusted): it has no Sec-Fetch-Site (a browser from before 2023?) and its "
        "Origin is not the host it was sent to ('api.example.com'), and the CORS origins do "
        "not list it; trusted: none; to let that page send it, list its origin in origins, or "
        "exempt the view or blueprint with cross_site_exempt()"
    )


def test_hostile_origin_cannot_forge_log_lines(shop: Shop, log: pytest.LogCaptureFixture) -> None:
    """A refused Origin with a line break is shown escaped: one log line per refusal."""
    # As a lenient server passes it on; Werkzeug's test client refuses to build it.
    environ = {"HTTP_ORIGIN": "https://x\r\nINFO forged"}
    shop.app.test_client().post("/api/orders", environ_base=environ, base_url=SELF)

    messages = [r.getMessage() for r in log.records if r.name == "flask_cors"]
    assert all("\n" not in message and "\r" not in message for message in messages)
    assert "'https://x\\r\\nINFO forged'" in messages[0]
