"""The ``flask cors`` commands (routes, check, explain), run through Flask's CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Blueprint, Flask, Response, redirect, request
from flask.cli import ScriptInfo
from flask.testing import FlaskCliRunner

from flask_cors import CORS, CORSConfigWarning, InsecureCORSWarning, cross_origin
from flask_cors.cli import cors
from flask_cors.core.browser import LOCAL_NETWORK_DEPARTURE
from flask_cors.testing import BrowserClient

APP = "https://app.example.com"
CREDENTIALS_ANY = (
    "origins='*': with supports_credentials=True lets every site read responses made with the "
    "user's cookies: any origin is echoed back as allowed (list the origins that may send "
    "credentials, such as origins=['https://app.example.com'])"
)
NULL = (
    "origins='null': allows the opaque origin 'null', which sandboxed iframes, file: pages and "
    "some redirects send, and which any site can produce (list the real origins of the pages "
    "that call this API)"
)


def create_app() -> Flask:
    """An app with an app-wide rule, a blueprint rule, a decorated view and an uncovered route."""
    app = Flask("cli_tests", static_folder=None)
    shop = Blueprint("shop", __name__, url_prefix="/shop")

    @shop.route("/cart", methods=["GET", "POST"])
    def cart() -> str:
        return "cart"

    CORS(shop, origins="https://shop.example.com")
    app.register_blueprint(shop)

    @app.route("/api/users", methods=["GET", "PUT"])
    def users() -> str:
        return "users"

    @app.route("/widget")
    @cross_origin(origins=["https://partner.example.com"])
    def widget() -> str:
        return "widget"

    @app.route("/health")
    def health() -> str:
        return "ok"

    CORS(app, resources={r"/api/*": {"origins": [APP], "max_age": 600}})
    return app


def create_insecure_app() -> Flask:
    """An app whose configuration is valid but insecure, in a rule and in a decorated view."""
    app = Flask("insecure_cli_tests", static_folder=None)

    @app.route("/embed")
    @cross_origin(origins="null")
    def embed() -> str:
        return "embed"

    CORS(app, supports_credentials=True, resources=r"/api/*")
    return app


def create_broken_app() -> Flask:
    """An app factory whose CORS configuration is refused."""
    app = Flask("broken_cli_tests", static_folder=None)
    refused: dict[str, Any] = {"supports_credentials": "False"}
    CORS(app, origins=["https://app.example.com", "(x"], **refused)
    return app


def create_app_with_findings() -> Flask:
    """An app factory whose CORS configuration runs as flask-cors 6 ran it, with findings."""
    app = Flask("findings_cli_tests", static_folder=None)
    CORS(app, origins=["localhost:3000", "https://app.example.com/"], max_age=-1)
    return app


@pytest.fixture
def runner() -> FlaskCliRunner:
    """A CLI runner of the app that create_app() builds."""
    return create_app().test_cli_runner()


def output_lines(runner: FlaskCliRunner, args: list[str], *, exit_code: int = 0) -> list[str]:
    """Run ``flask cors <args>`` and return its output lines, checking the exit code."""
    result = runner.invoke(cors, args)
    assert result.exit_code == exit_code, result.output
    return result.output.splitlines()


# --- routes --------------------------------------------------------------------------------


def test_routes_lists_every_rule_with_what_covers_it(runner: FlaskCliRunner) -> None:
    """routes prints one row per URL rule: the decorator, the matching rule, or '-'."""
    assert output_lines(runner, ["routes"]) == [
        "Endpoint   Methods    Rule        CORS                           Origins",
        "---------  ---------  ----------  -----------------------------  -------",
        "users      GET, PUT   /api/users  rule '/api/*'                  https://app.example.com",
        "health     GET        /health     -                              -",
        "shop.cart  GET, POST  /shop/cart  rule '/*' of blueprint 'shop'  https://shop.example.com",
        "widget     GET        /widget     @cross_origin on 'widget'      "
        "https://partner.example.com",
    ]


def test_routes_prints_origins_as_written() -> None:
    """Regex, wildcard and any-origin entries print as written, not through repr()."""
    app = Flask("routes_tests", static_folder=None)
    app.add_url_rule("/api/items", "items", lambda: "items")
    app.add_url_rule("/open", "open", lambda: "open")
    CORS(
        app,
        resources={
            r"/api/*": {"origins": [r"https://.*\.example\.com$", "https://*.example.org"]},
            "/open": {"origins": "*"},
        },
    )

    lines = output_lines(app.test_cli_runner(), ["routes"])

    assert [line.split("  ")[-1].strip() for line in lines[2:]] == [
        r"https://*.example.org, regex https://.*\.example\.com$",
        "any (*)",
    ]


def test_routes_of_an_app_without_cors(app: Flask) -> None:
    """Without any CORS configuration every route shows '-'."""
    lines = output_lines(app.test_cli_runner(), ["routes"])

    assert lines[2:] == [
        "anything  DELETE, GET, PATCH, POST, PUT  /             -     -",
        "anything  DELETE, GET, PATCH, POST, PUT  /<path:path>  -     -",
    ]


# --- check ---------------------------------------------------------------------------------


def test_check_valid_app(runner: FlaskCliRunner) -> None:
    """check counts the rules and decorated views, finds nothing and says valid; exit 0."""
    assert output_lines(runner, ["check"]) == [
        "2 CORS rule(s), 1 @cross_origin view(s): valid",
    ]


def create_mistaken_app() -> Flask:
    """An app from an old tutorial: CORS_HEADERS in the config, @cross_origin above the route."""
    app = Flask("mistaken_cli_tests", static_folder=None)
    app.config["CORS_HEADERS"] = "Content-Type"
    CORS(app, resources=r"/api/*")

    @cross_origin()
    @app.route("/items")
    def items() -> str:
        return "no CORS"

    return app


@pytest.mark.parametrize(("args", "exit_code"), [(["check"], 1), (["check", "--strict"], 1)])
def test_check_reports_configuration_mistakes_and_does_not_say_valid(
    app: Flask, args: list[str], exit_code: int
) -> None:
    """check names a stray CORS_* key and a misplaced @cross_origin with their fixes."""
    result = app.test_cli_runner().invoke(
        cors, args, obj=ScriptInfo(create_app=create_mistaken_app)
    )

    assert result.exit_code == exit_code
    assert result.output.splitlines() == [
        "1 CORS rule(s), 0 @cross_origin view(s): fails: 2 configuration mistakes",
        "warning: CORS_HEADERS='Content-Type': is not a Flask-CORS setting, so it is ignored "
        "(the request headers a page may send are CORS_ALLOW_HEADERS, by default every one: "
        "remove it, or rename it to 'CORS_ALLOW_HEADERS')",
        "warning: @cross_origin on 'items' is above @app.route, so the route 'items' was "
        "registered without it and gets no CORS headers: put @cross_origin under @app.route, "
        "next to the function",
    ]


def test_check_reports_mistakes_of_an_app_loaded_before(app: Flask) -> None:
    """Mistakes made before check runs (no warnings left to catch) are found in the app itself."""
    app.config["CORS_ORIGIN"] = APP

    def items() -> str:
        return "no CORS"

    app.add_url_rule("/items", "items", items)
    with pytest.warns(CORSConfigWarning):
        cross_origin()(items)

    assert output_lines(app.test_cli_runner(), ["check"], exit_code=1) == [
        "0 CORS rule(s), 0 @cross_origin view(s): fails: 2 configuration mistakes",
        f"warning: CORS_ORIGIN={APP!r}: is not a Flask-CORS setting, so it is ignored "
        "(did you mean 'CORS_ORIGINS'?)",
        "warning: @cross_origin on 'items' is above @app.route, so the route 'items' was "
        "registered without it and gets no CORS headers: put @cross_origin under @app.route, "
        "next to the function",
    ]


@pytest.mark.parametrize("args", [["check"], ["check", "--strict"]])
def test_check_insecure_app(app: Flask, args: list[str]) -> None:
    """check lists each insecure setting once, and fails on them: the summary says so; exit 1.

    ``--strict`` is still accepted, and changes nothing.
    """
    runner = app.test_cli_runner()
    result = runner.invoke(cors, args, obj=ScriptInfo(create_app=create_insecure_app))

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "1 CORS rule(s), 1 @cross_origin view(s): fails: 2 insecure settings",
        f"insecure: rule '/api/*': {CREDENTIALS_ANY}",
        f"insecure: @cross_origin on 'embed': {NULL}",
    ]


def create_configured_view_app() -> Flask:
    """An app whose config gives the origins of a view that only asks for credentials."""
    app = Flask("configured_view_cli_tests", static_folder=None)
    app.config["CORS_ORIGINS"] = ["https://app.example.com", "null"]

    @app.route("/account")
    @cross_origin(supports_credentials=True)
    def account() -> str:
        return "account"

    return app


def test_check_judges_a_view_under_the_apps_config_only(app: Flask) -> None:
    """A view is reported once, for what it allows under the app's config.

    Its own options alone would mean origins '*' with credentials (warned
    when it is decorated), but the app's config gives its origins: the
    finding is their 'null', not '*'.
    """
    result = app.test_cli_runner().invoke(
        cors, ["check"], obj=ScriptInfo(create_app=create_configured_view_app)
    )

    assert result.output.splitlines() == [
        "0 CORS rule(s), 1 @cross_origin view(s): fails: 1 insecure setting",
        f"insecure: @cross_origin on 'account': {NULL}",
    ]


def test_check_reports_decorated_views_of_an_app_loaded_before(app: Flask) -> None:
    """A decorated view is checked under the app's config even if its app was already loaded."""
    app.config["CORS_SUPPORTS_CREDENTIALS"] = True

    @app.route("/account")
    @cross_origin()
    def account() -> str:
        return "account"

    assert output_lines(app.test_cli_runner(), ["check"], exit_code=1) == [
        "0 CORS rule(s), 1 @cross_origin view(s): fails: 1 insecure setting",
        f"insecure: @cross_origin on 'account': {CREDENTIALS_ANY}",
    ]


@pytest.mark.parametrize(
    "args", [["check"], ["routes"], ["explain", "/", "--origin", APP]], ids=lambda a: a[0]
)
def test_invalid_configuration_is_one_clean_error(app: Flask, args: list[str]) -> None:
    """Every command prints every problem of a broken configuration, no traceback, and exits 1."""
    result = app.test_cli_runner().invoke(cors, args, obj=ScriptInfo(create_app=create_broken_app))

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: invalid CORS configuration, 2 problems:",
        "  - origins='(x': is not a valid regex: missing ), unterminated subpattern at position 0 "
        "(escape regex characters with re.escape() if it is meant literally)",
        "  - supports_credentials='False': is a string, and flask-cors 6 read every non-empty "
        "string as True (pass supports_credentials=False)",
    ]


def test_check_configuration_with_findings(app: Flask) -> None:
    """check of an app that starts with findings prints each finding with its fix and exits 1."""
    result = app.test_cli_runner().invoke(
        cors, ["check"], obj=ScriptInfo(create_app=create_app_with_findings)
    )

    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "1 CORS rule(s), 0 @cross_origin view(s): fails: 3 configuration mistakes",
        "warning: rule '/*': origins='localhost:3000': has no scheme "
        "(did you mean 'http://localhost:3000'?)",
        "warning: rule '/*': origins='https://app.example.com/': has a trailing slash "
        "(did you mean 'https://app.example.com'?)",
        "warning: rule '/*': max_age=-1: is negative; browsers ignore it (give whole seconds as "
        "an int >= 0, a string of digits, or a timedelta)",
    ]


def create_blueprint_view_broken_by_config() -> Flask:
    """An app whose CORS_SUPPORTS_CREDENTIALS is refused, with a decorated view in a blueprint."""
    app = Flask("broken_view_cli_tests", static_folder=None)
    app.config["CORS_SUPPORTS_CREDENTIALS"] = "False"
    api = Blueprint("api", __name__, url_prefix="/api")

    @api.route("/account")
    @cross_origin(origins=APP)
    def account() -> str:
        return "account"

    app.register_blueprint(api)
    return app


@pytest.mark.parametrize("args", [["check"], ["check", "--strict"]])
def test_check_fails_on_a_decorated_view_the_apps_config_breaks(
    app: Flask, args: list[str]
) -> None:
    """A blueprint's decorated view served without CORS headers is found and fails check.

    The same error as on the wire: the view answers with no CORS headers.
    """
    result = app.test_cli_runner().invoke(
        cors, args, obj=ScriptInfo(create_app=create_blueprint_view_broken_by_config)
    )

    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "0 CORS rule(s), 1 @cross_origin view(s): fails: 1 error",
        "error: @cross_origin on 'account' is served without CORS headers: "
        "CORS_SUPPORTS_CREDENTIALS='False': is a string, and flask-cors 6 read every non-empty "
        "string as True (set CORS_SUPPORTS_CREDENTIALS = False)",
    ]
    served = create_blueprint_view_broken_by_config().test_client()
    response = served.get("/api/account", headers={"Origin": APP})
    assert "Access-Control-Allow-Origin" not in response.headers


def create_credentials_view_app() -> Flask:
    """An app whose config lists the origin of a view that asks for credentials, strictly."""
    app = Flask("credentials_view_cli_tests", static_folder=None)
    app.config["CORS_ORIGINS"] = [APP]

    @app.route("/account")
    @cross_origin(supports_credentials=True, strict=True)
    def account() -> str:
        return "account"

    return app


def test_check_judges_the_policy_that_serves(app: Flask) -> None:
    """A view whose own options alone would be insecure, but whose served policy is not: valid."""
    result = app.test_cli_runner().invoke(
        cors, ["check"], obj=ScriptInfo(create_app=create_credentials_view_app)
    )

    assert result.exit_code == 0
    assert result.output.splitlines() == ["0 CORS rule(s), 1 @cross_origin view(s): valid"]


def create_late_config_app() -> Flask:
    """An app that sets CORS_ORIGINS after CORS(app) read the config, as tutorials misorder it."""
    app = Flask("late_config_cli_tests", static_folder=None)
    CORS(app)
    app.config["CORS_ORIGINS"] = [APP]
    return app


def test_check_reports_a_setting_made_after_cors(app: Flask) -> None:
    """A CORS_* key set after CORS(app), silently ignored at run time, fails check."""
    result = app.test_cli_runner().invoke(
        cors, ["check"], obj=ScriptInfo(create_app=create_late_config_app)
    )

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "1 CORS rule(s), 0 @cross_origin view(s): fails: 1 configuration mistake",
        "warning: CORS_ORIGINS=['https://app.example.com']: was set after CORS(app) or "
        "init_app(app) read the app's config, so it is ignored (set the CORS_* keys before "
        "CORS(app) or init_app(app))",
    ]


def create_subdomains_app() -> Flask:
    """A new, strict project allowing every subdomain with credentials."""
    app = Flask("subdomains_cli_tests", static_folder=None)
    CORS(app, origins="https://*.example.com", supports_credentials=True, strict=True)
    return app


def test_check_prints_an_upgrade_note_and_does_not_fail_on_it(app: Flask) -> None:
    """An upgrade note is a note, under strict mode too: printed, and check passes."""
    result = app.test_cli_runner().invoke(
        cors, ["check"], obj=ScriptInfo(create_app=create_subdomains_app)
    )

    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "1 CORS rule(s), 0 @cross_origin view(s): valid",
        "note: rule '/*': origins='https://*.example.com': allows every subdomain with "
        "credentials; flask-cors 6 read it as a regex that allowed no subdomain, only "
        "'https://example.com' and look-alikes such as 'https://aexample.com' (keep it if every "
        "subdomain may read responses made with the user's cookies, and acknowledge this note "
        "with the warning filter 'ignore::flask_cors.CORSUpgradeWarning'; otherwise list the "
        "origins that may)",
    ]


def create_each_kind_app() -> Flask:
    """An app with one of each kind check reports: an error, an insecure setting, a mistake."""
    app = Flask("each_kind_cli_tests", static_folder=None)
    app.config["CORS_MAX_AGE"] = "soon"
    CORS(app, resources={r"/api/*": {"origins": "null"}})

    @app.route("/account")
    @cross_origin(origins=APP, send_wildcard=True, vary_header="no")  # type: ignore[arg-type]
    def account() -> str:
        return "account"

    app.config["CORS_SEND_WILDCARD"] = True
    app.config["CORS_SUPPORTS_CREDENTIALS"] = "off"
    return app


def test_check_lists_errors_then_insecure_settings_then_mistakes(app: Flask) -> None:
    """Each line says its kind, errors first; the summary counts each kind and says it fails."""
    result = app.test_cli_runner().invoke(
        cors, ["check"], obj=ScriptInfo(create_app=create_each_kind_app)
    )

    assert result.exit_code == 1
    assert [line.partition(":")[0] for line in result.output.splitlines()[1:]] == [
        "error",
        "insecure",
        "warning",
        "warning",
        "warning",
        "warning",
    ]
    assert result.output.splitlines()[0] == (
        "1 CORS rule(s), 1 @cross_origin view(s): fails: 1 error, 1 insecure setting, "
        "4 configuration mistakes"
    )


@pytest.mark.parametrize(
    "create_app",
    [
        create_app,
        create_app_with_findings,
        create_insecure_app,
        create_mistaken_app,
        create_subdomains_app,
        create_late_config_app,
        create_blueprint_view_broken_by_config,
        create_broken_app,
        create_each_kind_app,
    ],
)
def test_checks_summary_agrees_with_its_exit_code(
    app: Flask, create_app: Callable[[], Flask]
) -> None:
    """check says 'valid' exactly when it exits 0; every line it prints names its kind."""
    result = app.test_cli_runner().invoke(cors, ["check"], obj=ScriptInfo(create_app=create_app))

    summary, *lines = result.stdout.splitlines() or [""]
    assert (result.exit_code == 0) == summary.endswith(": valid")
    assert all(line.startswith(("error: ", "insecure: ", "warning: ", "note: ")) for line in lines)


# --- explain -------------------------------------------------------------------------------

CHROMIUM = "Chromium: Access to fetch at 'http://localhost{path}' from origin '{origin}' has been "
CHROMIUM += "blocked by CORS policy: "
NO_ACAO = "No 'Access-Control-Allow-Origin' header is present on the requested resource."


def test_explain_allowed_preflight_then_request(runner: FlaskCliRunner) -> None:
    """A request with a custom header is preceded by its preflight; the browser allows both."""
    assert output_lines(
        runner, ["explain", "/api/users", "--origin", APP, "--header", "X-Token: abc"]
    ) == [
        "OPTIONS /api/users (preflight) -> 200 OK",
        "  > Origin: https://app.example.com",
        "  > Access-Control-Request-Method: GET",
        "  > Access-Control-Request-Headers: x-token",
        "  < Access-Control-Allow-Origin: https://app.example.com",
        "  < Access-Control-Allow-Headers: x-token",
        "  < Access-Control-Max-Age: 600",
        "  < Access-Control-Allow-Methods: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
        "  < Vary: Origin",
        "CORS: preflight from origin 'https://app.example.com' for method 'GET' with headers "
        "'x-token' is allowed by rule '/api/*'",
        "",
        "GET /api/users (request) -> 200 OK",
        "  > Origin: https://app.example.com",
        "  > X-Token: abc",
        "  < Access-Control-Allow-Origin: https://app.example.com",
        "  < Vary: Origin",
        "CORS: 'GET' request from origin 'https://app.example.com' is allowed by rule '/api/*'",
        "verdict: allowed: the page can read the response; readable headers: content-length, "
        "content-type",
    ]


def test_explain_safelisted_header_needs_no_preflight(runner: FlaskCliRunner) -> None:
    """A header the browser sends without a preflight (Accept) sends no OPTIONS first."""
    lines = output_lines(runner, ["explain", "/api/users", "--origin", APP, "--header", "Accept"])
    assert lines[0] == "GET /api/users (request) -> 200 OK"


def test_explain_allowed_preflight_of_an_unsafe_method(runner: FlaskCliRunner) -> None:
    """For PUT only the preflight is sent; the request is judged on what the policy would add."""
    assert output_lines(runner, ["explain", "/api/users", "--origin", APP, "--method", "PUT"]) == [
        "OPTIONS /api/users (preflight) -> 200 OK",
        "  > Origin: https://app.example.com",
        "  > Access-Control-Request-Method: PUT",
        "  < Access-Control-Allow-Origin: https://app.example.com",
        "  < Access-Control-Max-Age: 600",
        "  < Access-Control-Allow-Methods: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
        "  < Vary: Origin",
        "CORS: preflight from origin 'https://app.example.com' for method 'PUT' is allowed by "
        "rule '/api/*'",
        "",
        "PUT /api/users (not sent: it could change data; --send sends it)",
        "  < Access-Control-Allow-Origin: https://app.example.com",
        "  < Vary: Origin",
        "CORS: 'PUT' request from origin 'https://app.example.com' is allowed by rule '/api/*'",
        "verdict: allowed: the page can read the response",
    ]


def test_explain_send_sends_an_unsafe_method(runner: FlaskCliRunner) -> None:
    """With --send the PUT itself goes through the app, and its real answer is judged."""
    lines = output_lines(
        runner, ["explain", "/api/users", "--origin", APP, "--method", "put", "--send"]
    )
    assert "PUT /api/users (request) -> 200 OK" in lines
    assert lines[-1] == (
        "verdict: allowed: the page can read the response; readable headers: content-length, "
        "content-type"
    )


def test_explain_refused_origin(runner: FlaskCliRunner) -> None:
    """A refused origin is blocked with Chromium's message and CORS's reason; exit 1."""
    origin = "http://localhost:3000"
    assert output_lines(runner, ["explain", "/api/users", "--origin", origin], exit_code=1) == [
        "GET /api/users (request) -> 200 OK",
        "  > Origin: http://localhost:3000",
        "  < Vary: Origin",
        "CORS: origin 'http://localhost:3000' is not allowed by rule '/api/*'; allowed: "
        "'https://app.example.com'",
        "verdict: blocked at the response",
        CHROMIUM.format(path="/api/users", origin=origin) + NO_ACAO,
    ]


def test_explain_refused_by_a_decorated_view(runner: FlaskCliRunner) -> None:
    """A refusal by @cross_origin names the decorated view; exit 1."""
    assert output_lines(runner, ["explain", "/widget", "--origin", APP], exit_code=1) == [
        "GET /widget (request) -> 200 OK",
        "  > Origin: https://app.example.com",
        "  < Vary: Origin",
        "CORS: origin 'https://app.example.com' is not allowed by @cross_origin on 'widget'; "
        "allowed: 'https://partner.example.com'",
        "verdict: blocked at the response",
        CHROMIUM.format(path="/widget", origin=APP) + NO_ACAO,
    ]


def test_explain_path_without_a_rule(runner: FlaskCliRunner) -> None:
    """A path no rule or decorator covers is blocked, and CORS says nothing covers it."""
    assert output_lines(runner, ["explain", "/health", "--origin", APP], exit_code=1) == [
        "GET /health (request) -> 200 OK",
        "  > Origin: https://app.example.com",
        "CORS: no CORS rule or @cross_origin covers this path",
        "verdict: blocked at the response",
        CHROMIUM.format(path="/health", origin=APP) + NO_ACAO,
    ]


def test_explain_credentials_without_supports_credentials(runner: FlaskCliRunner) -> None:
    """--credentials judges the preflight as a credentialed one: without ACAC it is blocked."""
    lines = output_lines(
        runner,
        ["explain", "/api/users", "--origin", APP, "--method", "PUT", "--credentials"],
        exit_code=1,
    )
    assert lines[-2:] == [
        "verdict: blocked at the preflight",
        CHROMIUM.format(path="/api/users", origin=APP)
        + "Response to preflight request doesn't pass access control check: The value of the "
        "'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' "
        "when the request's credentials mode is 'include'.",
    ]


def test_explain_sees_a_header_set_by_the_view(app: Flask) -> None:
    """A view that sets "Access-Control-Allow-Origin: *" itself is judged on it: no credentials."""

    @app.get("/feed")
    def feed() -> Response:
        return Response("feed", headers={"Access-Control-Allow-Origin": "*"})

    CORS(app, supports_credentials=True, origins=[APP])
    runner = app.test_cli_runner()
    lines = output_lines(
        runner, ["explain", "/feed", "--origin", APP, "--credentials"], exit_code=1
    )
    assert lines[-1] == CHROMIUM.format(path="/feed", origin=APP) + (
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the "
        "wildcard '*' when the request's credentials mode is 'include'."
    )
    assert output_lines(runner, ["explain", "/feed", "--origin", APP])[-1].startswith(
        "verdict: allowed"
    )


def test_explain_preflight_answered_401_by_a_before_request_hook(app: Flask) -> None:
    """A before_request hook answering a preflight 401 is named: browsers refuse non-2xx."""

    @app.before_request
    def require_login() -> Response:
        return Response("log in first", status=401)

    CORS(app)

    lines = output_lines(
        app.test_cli_runner(),
        ["explain", "/api/me", "--origin", APP, "--method", "DELETE"],
        exit_code=1,
    )

    assert lines == [
        "OPTIONS /api/me (preflight) -> 401 UNAUTHORIZED",
        "  > Origin: https://app.example.com",
        "  > Access-Control-Request-Method: DELETE",
        "  < Access-Control-Allow-Origin: https://app.example.com",
        "  < Access-Control-Allow-Methods: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
        "  < Vary: Origin",
        "CORS: preflight from origin 'https://app.example.com' for method 'DELETE' is allowed by "
        "rule '/*'",
        "verdict: blocked at the preflight",
        CHROMIUM.format(path="/api/me", origin=APP)
        + "Response to preflight request doesn't pass access control check: It does not have "
        "HTTP ok status.",
        "cause: the preflight got 401: probably an authentication or authorization "
        "before_request hook; answer_preflights=True answers preflights before before_request "
        "hooks and routing",
    ]


# --- layers: the order the app's hooks decide in (review 2, finding 6) ----------------------

SHOP = "https://shop.example.com"
PARTNER = "https://partner.example.com"
OTHER = "https://other.example"
WRITES = ["GET", "POST", "PUT", "DELETE"]


def blueprint_over_app() -> Flask:
    """An app-wide CORS for one origin and a public blueprint open to every origin."""
    app = Flask("blueprint_over_app", static_folder=None)
    CORS(app, origins=[APP])
    public = Blueprint("public", __name__, url_prefix="/public")
    public.add_url_rule("/items", "items", lambda: "items", methods=WRITES)
    public.add_url_rule("/feed", "feed", lambda: "feed")
    CORS(public, origins="*")
    app.register_blueprint(public)
    return app


def two_calls_on_the_app() -> Flask:
    """Two CORS(app) whose rules overlap: the later one opens every origin with credentials."""
    app = Flask("two_calls_on_the_app", static_folder=None)
    app.add_url_rule("/api/items", "items", lambda: "items", methods=WRITES)
    CORS(app, resources={r"/api/*": {"origins": [APP]}})
    with pytest.warns(InsecureCORSWarning):
        CORS(app, resources={r"/api/*": {"origins": "*", "supports_credentials": True}})
    return app


def nested_blueprints() -> Flask:
    """A child blueprint in a parent, each with its own CORS, under an app-wide CORS."""
    app = Flask("nested_blueprints", static_folder=None)
    parent = Blueprint("parent", __name__, url_prefix="/parent")
    child = Blueprint("child", __name__, url_prefix="/child")
    child.add_url_rule("/items", "items", lambda: "items", methods=WRITES)
    CORS(child, origins=[SHOP])
    CORS(parent, origins=[PARTNER])
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    CORS(app, origins=[APP])
    return app


def blueprint_registered_twice() -> Flask:
    """One blueprint with its CORS, registered twice (the second time under another name)."""
    app = Flask("blueprint_registered_twice", static_folder=None)
    api = Blueprint("api", __name__)
    api.add_url_rule("/items", "items", lambda: "items", methods=WRITES)
    CORS(api, origins=[SHOP])
    app.register_blueprint(api, url_prefix="/v1")
    app.register_blueprint(api, url_prefix="/v2", name="v2")
    CORS(app, origins=[APP])
    return app


def decorated_view_under_app() -> Flask:
    """A @cross_origin view for one origin under an app-wide CORS for another."""
    app = Flask("decorated_view_under_app", static_folder=None)

    @app.route("/widget", methods=WRITES)
    @cross_origin(origins=[PARTNER])
    def widget() -> str:
        return "widget"

    CORS(app, origins=[APP])
    return app


LAYER_CASES = [
    # (app factory, path, origin, method, credentials, allowed)
    (blueprint_over_app, "/public/items", OTHER, "POST", False, True),
    (blueprint_over_app, "/public/items", OTHER, "PUT", False, True),
    (blueprint_over_app, "/public/items", APP, "DELETE", False, True),
    # A method the route lacks: the 405 is the route's blueprint's, which
    # answers it before the app (docs/migration.md).
    (blueprint_over_app, "/public/feed", OTHER, "POST", False, True),
    (blueprint_over_app, "/public/feed", APP, "POST", False, True),
    (two_calls_on_the_app, "/api/items", OTHER, "POST", True, True),
    (two_calls_on_the_app, "/api/items", APP, "PUT", True, True),
    (nested_blueprints, "/parent/child/items", SHOP, "POST", False, True),
    (nested_blueprints, "/parent/child/items", PARTNER, "POST", False, True),
    (nested_blueprints, "/parent/child/items", APP, "PUT", False, True),
    (nested_blueprints, "/parent/child/items", OTHER, "POST", False, False),
    (blueprint_registered_twice, "/v2/items", SHOP, "POST", False, True),
    (blueprint_registered_twice, "/v2/items", APP, "POST", False, True),
    (blueprint_registered_twice, "/v1/items", OTHER, "POST", False, False),
    # The decorator decides alone: the app's CORS does not allow what it refuses.
    (decorated_view_under_app, "/widget", APP, "POST", False, False),
    (decorated_view_under_app, "/widget", PARTNER, "PUT", False, True),
]


@pytest.mark.parametrize(
    ("create", "path", "origin", "method", "credentials", "allowed"),
    LAYER_CASES,
    ids=[f"{case[0].__name__}-{case[1]}-{case[3]}-{case[2]}" for case in LAYER_CASES],
)
def test_cli_routes_explain_pick_wrong_layer(
    create: Any, path: str, origin: str, method: str, credentials: bool, allowed: bool
) -> None:
    """explain's verdict, sent or not, is what the app really lets the page read."""
    app: Flask = create()
    real = BrowserClient(app, origin).fetch(path, method=method, credentials=credentials)
    args = ["explain", path, "--origin", origin, "--method", method]
    args += ["--credentials"] if credentials else []
    runner = app.test_cli_runner()
    unsent = runner.invoke(cors, args)
    sent = runner.invoke(cors, [*args, "--send"])
    assert "(not sent: it could change data; --send sends it)" in unsent.output
    assert (real.allowed, unsent.exit_code, sent.exit_code) == (
        allowed,
        0 if allowed else 1,
        0 if allowed else 1,
    ), unsent.output


def test_cli_routes_explain_pick_wrong_layer_routes() -> None:
    """routes lists every CORS layer covering a route, in the order the app's hooks decide."""
    lines = output_lines(nested_blueprints().test_cli_runner(), ["routes"])
    under = " " * 65
    assert lines[2:] == [
        "parent.child.items  DELETE, GET, POST, PUT  /parent/child/items  "
        "rule '/*' of blueprint 'child'        https://shop.example.com",
        f"{under}else rule '/*' of blueprint 'parent'  https://partner.example.com",
        f"{under}else rule '/*'                        https://app.example.com",
    ]


def test_cli_explain_prints_every_layer_that_decided() -> None:
    """A layer that refuses, then the layer that allows: explain says what each decided."""
    app = blueprint_registered_twice()
    lines = output_lines(app.test_cli_runner(), ["explain", "/v2/items", "--origin", APP])
    assert [line for line in lines if line.startswith("CORS:")] == [
        "CORS: origin 'https://app.example.com' is not allowed by rule '/*' of blueprint 'api'; "
        "allowed: 'https://shop.example.com'",
        "CORS: 'GET' request from origin 'https://app.example.com' is allowed by rule '/*'",
    ]


# --- the path's query and fragment (review 2, finding 7) ------------------------------------


def query_app() -> Flask:
    """Resource rules that a query string would defeat, and a decorated view."""
    app = Flask("query_app", static_folder=None)
    app.add_url_rule("/api/export", "export", lambda: "export", methods=WRITES)
    app.add_url_rule("/api/admin", "admin", lambda: "admin", methods=WRITES)

    @app.route("/items", methods=WRITES)
    @cross_origin(origins=[APP])
    def items() -> str:
        return "items"

    with pytest.warns(InsecureCORSWarning):
        CORS(
            app,
            resources={
                "/api/export": {"origins": "*", "supports_credentials": True},
                r"/api/admin$": {"origins": ["https://admin.example.com"]},
                "/*": {"origins": [PARTNER]},
            },
        )
    return app


@pytest.mark.parametrize(
    ("path", "origin", "credentials", "said"),
    [
        (
            "/api/export?format=csv",
            OTHER,
            True,
            "CORS: 'POST' request from origin 'https://other.example' is allowed by rule "
            "'/api/export'",
        ),
        (
            "/api/admin?page=2#top",
            PARTNER,
            False,
            "CORS: origin 'https://partner.example.com' is not allowed by rule '/api/admin$'; "
            "allowed: 'https://admin.example.com'",
        ),
        (
            "/items?page=2",
            APP,
            False,
            "CORS: 'POST' request from origin 'https://app.example.com' is allowed by "
            "@cross_origin on 'items'",
        ),
    ],
)
def test_cli_explain_query_string_picks_wrong_rule(
    path: str, origin: str, credentials: bool, said: str
) -> None:
    """A request not sent is judged by the rule of its path without query or fragment."""
    app = query_app()
    args = ["explain", path, "--origin", origin, "--method", "POST"]
    args += ["--credentials"] if credentials else []
    real = BrowserClient(app, origin).fetch(path, method="POST", credentials=credentials)
    lines = output_lines(app.test_cli_runner(), args, exit_code=0 if real.allowed else 1)
    assert said in lines


# --- the page's origin as pasted (review 2, finding 12; issue 22, item 10) ------------------

USAGE = ["Usage: cors explain [OPTIONS] PATH", "Try 'cors explain --help' for help.", ""]


@pytest.mark.parametrize("configured", ["https://app.example.com/", "https://app.example.com:443"])
def test_browser_model_accepts_origins_no_browser_sends_explain(configured: str) -> None:
    """Review 2, finding 12: explain sends the origin browsers send, so a broken config blocks."""
    app = Flask("pasted_origin", static_folder=None)
    app.add_url_rule("/api/me", "me", lambda: "me")
    with pytest.warns(CORSConfigWarning):
        CORS(app, origins=[configured], supports_credentials=True)
    lines = output_lines(
        app.test_cli_runner(),
        ["explain", "/api/me", "--origin", configured, "--credentials"],
        exit_code=1,
    )
    assert lines[:3] == [
        f"note: --origin {configured!r} is taken as the origin 'https://app.example.com', which "
        "is what a page there sends",
        "GET /api/me (request) -> 200 OK",
        "  > Origin: https://app.example.com",
    ]
    assert lines[-1] == CHROMIUM.format(path="/api/me", origin=APP) + NO_ACAO


def test_explain_takes_a_pasted_url_as_its_origin(runner: FlaskCliRunner) -> None:
    """A URL copied from the address bar is the page at that URL: its origin is sent, and said."""
    lines = output_lines(
        runner, ["explain", "/api/users", "--origin", "HTTPS://App.Example.com/orders?id=3"]
    )
    assert lines[:3] == [
        "note: --origin 'HTTPS://App.Example.com/orders?id=3' is taken as the origin "
        "'https://app.example.com', which is what a page there sends",
        "GET /api/users (request) -> 200 OK",
        "  > Origin: https://app.example.com",
    ]
    assert lines[-1].startswith("verdict: allowed")


@pytest.mark.parametrize(
    ("origin", "error"),
    [
        (
            "localhost:5173",
            "'localhost:5173' is not an origin: it has no scheme "
            "(did you mean 'http://localhost:5173'?)",
        ),
        (
            "https://ada@app.example.com",
            "'https://ada@app.example.com' is not an origin: it has a user name or password, "
            "which browsers never send in Origin (did you mean 'https://app.example.com'?)",
        ),
        ("https://", "'https://' is not an origin: it has no host"),
    ],
)
def test_explain_refuses_what_cannot_be_an_origin(
    runner: FlaskCliRunner, origin: str, error: str
) -> None:
    """Something no page has as its origin is a usage error that names the fix."""
    lines = output_lines(runner, ["explain", "/api/users", "--origin", origin], exit_code=2)
    assert lines == [*USAGE, f"Error: Invalid value for '--origin': {error}"]


def test_explain_keeps_the_null_origin(runner: FlaskCliRunner) -> None:
    """A sandboxed page's origin, null, is taken as it is."""
    lines = output_lines(runner, ["explain", "/api/users", "--origin", "null"], exit_code=1)
    assert lines[:2] == ["GET /api/users (request) -> 200 OK", "  > Origin: null"]


# --- options with line breaks and other values fetch() refuses (review 2, finding 13) -------


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["/api/users\n", "--origin", APP],
            "Invalid value for 'PATH': '/api/users\\n' holds a line break or another control "
            "character, which no URL can",
        ),
        (
            ["/api/users", "--origin", f"{APP}\r\n"],
            "Invalid value for '--origin': 'https://app.example.com\\r\\n' is not an origin: it "
            "holds whitespace or a control character (did you mean 'https://app.example.com'?)",
        ),
        (
            ["/api/users", "--origin", APP, "--header", "X-Token: abc\nX-Other: 1"],
            "Invalid value for '--header': 'X-Token: abc\\nX-Other: 1' holds a line break or "
            "another control character, which no header can",
        ),
        (
            ["/api/users", "--origin", APP, "--method", "PUT\n", "--send"],
            "Invalid value for '--method': 'PUT\\n' holds a line break or another control "
            "character, which no method can",
        ),
        (
            ["/api/users", "--origin", APP, "--cookie", "session=a\x00b", "--credentials"],
            "Invalid value for '--cookie': 'session=a\\x00b' holds a line break or another "
            "control character, which no cookie can",
        ),
        (
            ["/api/users", "--origin", APP, "--method", "PUT X"],
            "Invalid value for '--method': 'PUT X' is not a method: fetch() takes an HTTP "
            "token, such as PUT (https://fetch.spec.whatwg.org/#concept-method)",
        ),
        (
            ["/api/users", "--origin", APP, "--method", "connect"],
            "Invalid value for '--method': fetch() refuses the method 'connect' "
            "(https://fetch.spec.whatwg.org/#forbidden-method)",
        ),
        (
            ["/api/users", "--origin", APP, "--header", ": abc"],
            "Invalid value for '--header': ': abc' has no header name fetch() takes (an HTTP "
            "token): give 'Name: value' or a name",
        ),
        (
            ["/api/users", "--origin", APP, "--cookie", "a=1; b=2"],
            "Invalid value for '--cookie': 'a=1; b=2' is not one cookie: give NAME=VALUE, one "
            "--cookie for each",
        ),
    ],
    ids=[
        "path-line-break",
        "origin-line-break",
        "header-line-break",
        "method-line-break",
        "cookie-nul",
        "method-not-a-token",
        "method-forbidden",
        "header-no-name",
        "cookie-two",
    ],
)
def test_cli_explain_traceback_on_line_break_argument(
    runner: FlaskCliRunner, args: list[str], error: str
) -> None:
    """Review 2, finding 13: a value no browser sends is a usage error naming its option."""
    result = runner.invoke(cors, ["explain", *args])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [*USAGE, f"Error: {error}"]


# --- cookies (issue 22, item 11) ------------------------------------------------------------


def create_login_app() -> Flask:
    """An API behind a login hook that wants a session cookie (preflights pass)."""
    app = Flask("login_cli_tests", static_folder=None)

    @app.before_request
    def require_login() -> Response | None:
        if request.method == "OPTIONS" or request.cookies.get("session") == "ada":
            return None
        return Response("log in first", status=401)

    app.add_url_rule("/api/me", "me", lambda: "me", methods=["GET", "PUT"])
    CORS(app, origins=[APP], supports_credentials=True)
    return app


def test_explain_sends_cookies_with_credentials() -> None:
    """--cookie goes with a credentialed request, never with its preflight."""
    lines = output_lines(
        create_login_app().test_cli_runner(),
        [
            *["explain", "/api/me", "--origin", APP, "--method", "PUT", "--send"],
            *["--credentials", "--cookie", "session=ada", "--cookie", "theme=dark"],
        ],
    )
    assert lines[:3] == [
        "OPTIONS /api/me (preflight) -> 200 OK",
        "  > Origin: https://app.example.com",
        "  > Access-Control-Request-Method: PUT",
    ]
    assert "  > Cookie: session=ada; theme=dark" in lines
    assert "PUT /api/me (request) -> 200 OK" in lines
    assert lines[-1].startswith("verdict: allowed")


def test_explain_takes_a_cookie_header_as_the_browsers_cookies() -> None:
    """--header 'Cookie: ...' is not dropped in silence: its cookies are the browser's, said so."""
    lines = output_lines(
        create_login_app().test_cli_runner(),
        [
            *["explain", "/api/me", "--origin", APP, "--credentials"],
            *["--header", "Cookie: session=ada; theme=dark"],
        ],
    )
    assert lines[:4] == [
        "note: a page cannot set Cookie (fetch() drops it): taken as the browser's cookies, as "
        "--cookie NAME=VALUE gives them",
        "GET /api/me (request) -> 200 OK",
        "  > Origin: https://app.example.com",
        "  > Cookie: session=ada; theme=dark",
    ]


def test_explain_sends_no_cookie_without_credentials() -> None:
    """Without --credentials the browser sends no cookie, and explain says so."""
    lines = output_lines(
        create_login_app().test_cli_runner(),
        ["explain", "/api/me", "--origin", APP, "--cookie", "session=ada"],
    )
    assert lines[:3] == [
        'note: cookies are sent only with --credentials (fetch(..., {credentials: "include"}))',
        "GET /api/me (request) -> 401 UNAUTHORIZED",
        "  > Origin: https://app.example.com",
    ]


def test_explain_says_a_forbidden_header_is_dropped(runner: FlaskCliRunner) -> None:
    """A header fetch() never lets a page set is dropped, and explain says so."""
    lines = output_lines(
        runner, ["explain", "/api/users", "--origin", APP, "--header", "Origin: https://x.example"]
    )
    assert lines[:3] == [
        "note: --header 'Origin' is dropped: fetch() never lets a page set it (a forbidden "
        "request header)",
        "GET /api/users (request) -> 200 OK",
        "  > Origin: https://app.example.com",
    ]


# --- redirects, and Local Network Access (issue 23) ----------------------------------------


def redirecting_app(*, private_network: bool = False) -> Flask:
    """An API whose /api/me redirects to a login page outside the rules, and a slashed list."""
    app = Flask("redirecting_cli_tests", static_folder=None)
    app.add_url_rule("/login", "login", lambda: "log in")
    app.add_url_rule("/api/me", "me", lambda: redirect("/login"))
    app.add_url_rule("/api/list/", "list", lambda: "[]")
    CORS(
        app,
        resources={"/api/*": {"origins": [APP], "allow_private_network": private_network}},
    )
    return app


def test_explain_follows_a_redirect_and_blocks_at_the_login_page() -> None:
    """Each request of the fetch is printed; the verdict names the login page, redirected."""
    lines = output_lines(
        redirecting_app().test_cli_runner(), ["explain", "/api/me", "--origin", APP], exit_code=1
    )
    assert lines == [
        "GET /api/me (request) -> 302 FOUND",
        "  > Origin: https://app.example.com",
        "  < Access-Control-Allow-Origin: https://app.example.com",
        "  < Vary: Origin",
        "CORS: 'GET' request from origin 'https://app.example.com' is allowed by rule '/api/*'",
        "",
        "GET /login (request) -> 200 OK",
        "  > Origin: https://app.example.com",
        "CORS: no CORS rule or @cross_origin covers this path",
        "verdict: blocked at the response",
        "Chromium: Access to fetch at 'http://localhost/login' (redirected from "
        "'http://localhost/api/me') from origin 'https://app.example.com' has been blocked by "
        "CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested "
        "resource.",
    ]


def test_explain_follows_a_trailing_slash_redirect() -> None:
    """Werkzeug's 308 to the slashed URL is followed, and the page reads the list."""
    lines = output_lines(
        redirecting_app().test_cli_runner(), ["explain", "/api/list", "--origin", APP]
    )
    assert "GET /api/list (request) -> 308 PERMANENT REDIRECT" in lines
    assert "GET /api/list/ (request) -> 200 OK" in lines
    assert lines[-2] == (
        "verdict: allowed: the page can read the response; readable headers: content-length, "
        "content-type"
    )
    assert lines[-1].startswith("note: Chromium keeps GET responses in its HTTP cache")


def test_explain_says_what_allow_private_network_does_in_chromium() -> None:
    """allow_private_network is answered, but Chromium ignores it now: explain says so."""
    app = redirecting_app(private_network=True)
    lines = output_lines(app.test_cli_runner(), ["explain", "/api/list/", "--origin", APP])
    assert lines[-1] == f"note: allow_private_network=True here: {LOCAL_NETWORK_DEPARTURE}"


@pytest.mark.parametrize("command", ["routes", "check", "explain"])
def test_help_is_plain_text(command: str) -> None:
    """`flask cors COMMAND --help` shows no reStructuredText roles or double backticks."""
    result = Flask("help_text").test_cli_runner().invoke(cors, [command, "--help"])
    assert result.exit_code == 0
    assert ":func:" not in result.output
    assert ":class:" not in result.output
    assert "``" not in result.output
