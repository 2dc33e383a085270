"""CORSConfigWarning: mistakes flask-cors 6 ignored silently are warned about, with the fix."""

from __future__ import annotations

import inspect
import logging
import sys
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from flask_cors import CORS, CORSConfigWarning, cross_origin

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ORIGIN = {"Origin": "https://app.example"}

CORS_HEADERS = (
    "CORS_HEADERS='Content-Type': is not a Flask-CORS setting, so it is ignored (the request "
    "headers a page may send are CORS_ALLOW_HEADERS, by default every one: remove it, or "
    "rename it to 'CORS_ALLOW_HEADERS')"
)


def messages(record: pytest.WarningsRecorder) -> list[str]:
    return [str(warning.message) for warning in record]


def test_unknown_option_in_cors_kwargs_warns_and_is_ignored(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A misspelled CORS(...) option is a CORSConfigWarning naming the option meant."""
    misspelled: dict[str, Any] = {"origin": "https://only.example"}

    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, **misspelled)

    assert messages(record) == [
        "origin='https://only.example': is not a Flask-CORS option, so it is ignored "
        "(did you mean 'origins'?)"
    ]
    assert record[0].filename == __file__
    assert cors_headers(client.get("/", headers=ORIGIN)) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]


@pytest.mark.parametrize(
    ("where", "named"),
    [
        ("init_app", ""),
        ("cross_origin", ""),
        ("resources", "resources['/api/*']."),
    ],
)
def test_unknown_option_elsewhere_warns(app: Flask, where: str, named: str) -> None:
    """A misspelled option in init_app(...), @cross_origin(...) or a resource dict warns.

    The warning names where the option was written when not a keyword: a resource.
    """
    misspelled: Any = {"max_agee": 5}
    configure: Callable[[], object] = {
        "init_app": lambda: CORS().init_app(app, **misspelled),
        "cross_origin": lambda: cross_origin(**misspelled)(lambda: "view"),
        "resources": lambda: CORS(app, resources={r"/api/*": misspelled}),
    }[where]

    with pytest.warns(CORSConfigWarning) as record:
        configure()

    assert messages(record) == [
        f"{named}max_agee=5: is not a Flask-CORS option, so it is ignored (did you mean 'max_age'?)"
    ]
    assert record[0].filename == __file__


def test_misspelled_origins_in_a_resource_warns_before_opening_every_origin(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """{"orgins": ...} in a resource leaves origins at '*', so the warning names the fix."""
    resources: Any = {r"/api/*": {"orgins": "https://app.example"}}

    with pytest.warns(CORSConfigWarning, match="did you mean 'origins'"):
        CORS(app, resources=resources)

    assert cors_headers(client.get("/api/x", headers={"Origin": "https://evil.example"})) == [
        ("Access-Control-Allow-Origin", "https://evil.example"),
        ("Vary", "Origin"),
    ]


def test_an_unknown_option_without_a_close_match_only_says_it_is_ignored(app: Flask) -> None:
    """An option like no known one gets no suggestion."""
    unknown: dict[str, Any] = {"zzz": 1}

    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, **unknown)

    assert messages(record) == ["zzz=1: is not a Flask-CORS option, so it is ignored (remove it)"]


def test_cors_headers_config_key_warns_with_the_setting_meant(app: Flask) -> None:
    """app.config['CORS_HEADERS'] (from old tutorials) warns that CORS_ALLOW_HEADERS is meant."""
    app.config["CORS_HEADERS"] = "Content-Type"

    with pytest.warns(CORSConfigWarning) as record:
        CORS(app)

    assert messages(record) == [CORS_HEADERS]
    assert record[0].filename == __file__


def test_a_misspelled_config_key_warns_with_the_closest_setting(app: Flask) -> None:
    """A CORS_* key close to a setting names the setting; one like none is left alone."""
    app.config["CORS_ORIGIN"] = "https://app.example"
    app.config["CORS_SUPPORT_CREDENTIALS"] = True
    app.config["CORS_ALLOWED_ORIGINS"] = "https://app.example"
    # Another program's, such as FLASK_CORS_REQUIRE_BROWSER read by from_prefixed_env().
    app.config["CORS_REQUIRE_BROWSER"] = "1"
    app.config["CORS_ENABLED"] = True
    app.config["CORS_ORIGINS"] = "https://app.example"

    with pytest.warns(CORSConfigWarning) as record:
        CORS(app)

    assert messages(record) == [
        "CORS_ORIGIN='https://app.example': is not a Flask-CORS setting, so it is ignored "
        "(did you mean 'CORS_ORIGINS'?)",
        "CORS_SUPPORT_CREDENTIALS=True: is not a Flask-CORS setting, so it is ignored "
        "(did you mean 'CORS_SUPPORTS_CREDENTIALS'?)",
        "CORS_ALLOWED_ORIGINS='https://app.example': is not a Flask-CORS setting, so it is "
        "ignored (did you mean 'CORS_ORIGINS'?)",
    ]


def test_config_keys_are_reported_once_per_app(app: Flask) -> None:
    """A second CORS(...) on the same app does not repeat the config warning."""
    app.config["CORS_HEADERS"] = "Content-Type"
    with pytest.warns(CORSConfigWarning):
        CORS(app)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CORS(app)


def test_a_config_key_set_after_cors_is_logged_at_a_decorated_views_first_request(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The tutorial order (CORS(app), then the config) is said once at the first request.

    Under an error filter (this suite's), a warning at a request is written
    to the log instead of failing the request.
    """
    app = Flask(__name__)
    CORS(app)
    app.config["CORS_HEADERS"] = "Content-Type"

    @app.route("/")
    @cross_origin()
    def home() -> str:
        return "home"

    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="flask_cors"):
        assert client.get("/", headers=ORIGIN).status_code == 200
        assert client.get("/", headers=ORIGIN).status_code == 200

    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [("WARNING", CORS_HEADERS)]


def test_cross_origin_above_app_route_warns(app: Flask) -> None:
    """@cross_origin above @app.route warns at once that the route gets no CORS, and the fix."""
    with pytest.warns(CORSConfigWarning) as record:

        @cross_origin()
        @app.route("/misplaced")
        def misplaced() -> str:
            return "no CORS"

    assert messages(record) == [
        "@cross_origin on 'misplaced' is above @app.route, so the route 'misplaced' was "
        "registered without it and gets no CORS headers: put @cross_origin under @app.route, "
        "next to the function"
    ]
    assert record[0].filename == __file__


def test_cross_origin_under_app_route_does_not_warn(app: Flask) -> None:
    """The documented order, @app.route then @cross_origin, warns nothing."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        @app.route("/placed")
        @cross_origin()
        def placed() -> str:
            return "CORS"


def test_cors_warns_about_routes_registered_with_a_misplaced_decorator() -> None:
    """CORS(app) after the routes finds a decorator the route never saw, in any module."""
    app = Flask(__name__)

    def view() -> str:
        return "no CORS"

    def decorate(view: Callable[[], str]) -> Callable[[], str]:
        # Decorated where no app is in sight: nothing to see yet.
        return cross_origin()(view)

    app.add_url_rule("/elsewhere", "elsewhere", view)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        decorate(view)

    with pytest.warns(CORSConfigWarning, match="route 'elsewhere' was registered without it"):
        CORS(app, resources=r"/api/*")


def test_a_setting_made_after_cors_is_said_at_the_first_request(app: Flask) -> None:
    """CORS_ORIGINS set after CORS(app) is ignored, as in flask-cors 6; the first request says so.

    Once, from the line of CORS(app), and the hook that says it is gone after.
    """
    CORS(app)
    line = sys._getframe().f_lineno - 1
    app.config["CORS_ORIGINS"] = ["https://app.example"]
    client = app.test_client()

    with pytest.warns(CORSConfigWarning) as record:
        response, _ = [
            client.get("/", headers={"Origin": "https://attacker.example"}) for _ in "ab"
        ]

    assert messages(record) == [
        "CORS_ORIGINS=['https://app.example']: was set after CORS(app) or init_app(app) read "
        "the app's config, so it is ignored (set the CORS_* keys before CORS(app) or "
        "init_app(app))"
    ]
    assert (record[0].filename, record[0].lineno) == (__file__, line)
    assert response.headers["Access-Control-Allow-Origin"] == "https://attacker.example"
    assert [func.__name__ for func in app.before_request_funcs.get(None, [])] == []


def test_settings_made_before_cors_say_nothing_at_the_first_request(app: Flask) -> None:
    """The documented order, config then CORS(app), is silent at the first request."""
    app.config["CORS_ORIGINS"] = ["https://app.example"]
    app.config["CORS_MAX_AGE"] = 600
    CORS(app)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        app.test_client().get("/", headers=ORIGIN)


def test_cross_origin_above_a_blueprint_route_warns(app: Flask) -> None:
    """@cross_origin above @bp.get(...) warns at once, like above @app.route, from its line."""
    api = Blueprint("api", __name__, url_prefix="/api")
    with pytest.warns(CORSConfigWarning) as record:

        @cross_origin(origins="https://app.example")
        @api.get("/items")
        def items() -> str:
            return "no CORS"

    assert messages(record) == [
        "@cross_origin on 'items' is above the blueprint's route decorator, so the route "
        "'api.items' was registered without it and gets no CORS headers: put @cross_origin "
        "under the blueprint's route decorator, next to the function"
    ]
    wrapped = items.__wrapped__  # type: ignore[attr-defined]
    # Python 3.10 runs a decorator on the line of the def below the
    # decorators (3.11 on the decorator's own line): the warning points there.
    lines, first = inspect.getsourcelines(wrapped)
    def_line = first + next(i for i, line in enumerate(lines) if line.lstrip().startswith("def "))
    expected = def_line if sys.version_info < (3, 11) else wrapped.__code__.co_firstlineno
    assert (record[0].filename, record[0].lineno) == (__file__, expected)
    app.register_blueprint(api)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CORS(app, resources=r"/other/*")
        app.test_client().get("/api/items")


def test_a_blueprint_route_registered_after_cors_is_said_at_the_first_request(app: Flask) -> None:
    """A misplaced decorator out of sight when applied is said at the app's first request."""
    api = Blueprint("api", __name__, url_prefix="/api")

    def items() -> str:
        return "no CORS"

    def decorate(view: Callable[[], str]) -> Callable[[], str]:
        # Decorated where no app or blueprint is in sight.
        return cross_origin()(view)

    api.get("/items")(items)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        decorate(items)
        CORS(app, resources=r"/other/*")
        app.register_blueprint(api)

    with pytest.warns(CORSConfigWarning, match="route 'api.items' was registered without it"):
        response = app.test_client().get("/api/items", headers=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    ("option", "regex", "allowed"),
    [
        ("origins", r"^https://[a-z0-9-]{1,63}\.example\.com$", "https://app.example.com"),
        ("origins", r"^http://localhost:\d{2,5}$", "http://localhost:3000"),
        ("allow_headers", r"^x-[a-z]{2,20}$", "X-Trace"),
    ],
)
def test_regex_quantifier_comma_taken_for_a_list(
    app: Flask, option: str, regex: str, allowed: str
) -> None:
    """A {m,n} quantifier's comma is no list: strict mode starts, and the regex matches."""
    options: Any = {option: [regex]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CORS(app, strict=True, **options)

    if option == "origins":
        response = app.test_client().get("/", headers={"Origin": allowed})
        assert response.headers["Access-Control-Allow-Origin"] == allowed
    else:
        response = app.test_client().options(
            "/",
            headers={
                "Origin": "https://app.example",
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": allowed,
            },
        )
        assert response.headers["Access-Control-Allow-Headers"] == allowed
