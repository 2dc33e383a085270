"""InsecureCORSWarning: emitted once per finding when CORS is configured, never per request."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from flask import Blueprint, Flask

from flask_cors import (
    CORS,
    ConfigurationError,
    CORSUpgradeWarning,
    InsecureCORSWarning,
    cross_origin,
)
from flask_cors.core.errors import CORSConfigWarning

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
PLAIN_HTTP = (
    "origins='http://app.example.com': is plain http with supports_credentials=True: anyone on "
    "the network path can inject a script into that origin and read responses made with the "
    "user's cookies (serve the page over https and allow 'https://app.example.com')"
)
UNANCHORED = (
    "origins='https://.*\\\\.example\\\\.com': is a regex not anchored at the end, so it also "
    "matches every origin that merely starts with a match, such as "
    "'https://app.example.com.attacker.net' (end the regex with '$', or use a wildcard origin "
    "such as 'https://*.example.com')"
)


def messages(record: pytest.WarningsRecorder) -> list[str]:
    return [str(warning.message) for warning in record]


def test_cors_warns_at_configuration(app: Flask) -> None:
    """CORS(app, ...) with credentials and '*' warns once, naming the rule and the fix."""
    with pytest.warns(InsecureCORSWarning) as record:
        CORS(app, supports_credentials=True)

    assert messages(record) == [f"rule '/*': {CREDENTIALS_ANY}"]
    assert record[0].filename == __file__


def test_init_app_warns_and_cors_without_an_app_does_not(app: Flask) -> None:
    """CORS(**options) alone says nothing; init_app(app) warns, pointing at its caller."""
    with warnings.catch_warnings(record=True) as early:
        warnings.simplefilter("always")
        cors = CORS(supports_credentials=True)
    assert early == []

    with pytest.warns(InsecureCORSWarning) as record:
        cors.init_app(app)

    assert messages(record) == [f"rule '/*': {CREDENTIALS_ANY}"]
    assert record[0].filename == __file__


def test_cross_origin_warns_when_it_decorates(app: Flask) -> None:
    """@cross_origin(...) warns when applied, naming the view, pointing at the decorated code."""
    with pytest.warns(InsecureCORSWarning) as record:

        @app.route("/view")
        @cross_origin(origins=["http://app.example.com"], supports_credentials=True)
        def view() -> str:
            return "view"

    assert messages(record) == [f"@cross_origin on 'view': {PLAIN_HTTP}"]
    assert record[0].filename == __file__


def test_blueprint_warns_with_its_rule(app: Flask) -> None:
    """CORS(blueprint, ...) warns at configuration like CORS(app, ...)."""
    with pytest.warns(InsecureCORSWarning) as record:
        CORS(Blueprint("api", __name__), origins=["null"])

    assert messages(record) == [f"rule '/*' of blueprint 'api': {NULL}"]
    assert record[0].filename == __file__


def test_app_config_settings_are_checked_too(app: Flask) -> None:
    """Insecure CORS_* config values warn when CORS(app) reads them."""
    app.config.update(CORS_ORIGINS=r"https://.*\.example\.com")

    with pytest.warns(InsecureCORSWarning) as record:
        CORS(app)

    assert messages(record) == [f"rule '/*': {UNANCHORED}"]


def test_one_warning_per_finding_naming_every_rule_it_applies_to(app: Flask) -> None:
    """A finding shared by several rules is one warning; distinct findings are one each."""
    with pytest.warns(InsecureCORSWarning) as record:
        CORS(
            app,
            supports_credentials=True,
            resources={
                "/a/*": {},
                "/b/*": {},
                "/partner/*": {"origins": ["http://app.example.com", "null"]},
                "/safe/*": {"origins": ["https://app.example.com"]},
            },
        )

    # Rules are visited best first: the longer '/partner/*' before '/a/*' and '/b/*'.
    assert messages(record) == [
        f"rule '/partner/*': {NULL}",
        f"rule '/partner/*': {PLAIN_HTTP}",
        f"rule '/a/*', rule '/b/*': {CREDENTIALS_ANY}",
    ]
    assert {warning.filename for warning in record} == {__file__}


def test_requests_do_not_warn(app: Flask) -> None:
    """Once configured, serving requests (allowed or refused) emits no warning."""
    with pytest.warns(InsecureCORSWarning):
        CORS(app, origins=["null"])
    client = app.test_client()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.get("/x", headers={"Origin": "null"})
        client.get("/x", headers={"Origin": "https://evil.example"})

    assert caught == []


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({}, id="default"),
        pytest.param(
            {"origins": ["https://app.example.com"], "supports_credentials": True},
            id="https-origins-with-credentials",
        ),
        pytest.param(
            {"origins": ["http://localhost:3000"], "supports_credentials": True},
            id="loopback-with-credentials",
        ),
        pytest.param({"origins": [r"https://.*\.example\.com$"]}, id="anchored-regex"),
    ],
)
def test_safe_configurations_do_not_warn(app: Flask, options: dict[str, object]) -> None:
    """Configurations that lint finds nothing in emit no warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        CORS(app, **options)  # type: ignore[arg-type]

    assert caught == []


def test_insecure_cors_warning_is_a_user_warning() -> None:
    """InsecureCORSWarning subclasses UserWarning, so the usual filters apply to it."""
    assert issubclass(InsecureCORSWarning, UserWarning)


def test_simplefilter_error_turns_the_warning_into_an_exception(app: Flask) -> None:
    """With warnings.simplefilter('error', InsecureCORSWarning), CORS(...) raises it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureCORSWarning)
        with pytest.raises(InsecureCORSWarning) as raised:
            CORS(app, supports_credentials=True)

    assert str(raised.value) == f"rule '/*': {CREDENTIALS_ANY}"


def test_simplefilter_error_stops_cross_origin(app: Flask) -> None:
    """With the warning an error, an insecure @cross_origin fails where it is applied."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureCORSWarning)
        with pytest.raises(InsecureCORSWarning, match=r"^@cross_origin on 'view': origins='null'"):

            @cross_origin(origins="null")
            def view() -> str:
                return "view"


def test_cross_origin_config_credentials_no_warning(app: Flask) -> None:
    """@cross_origin() under CORS_SUPPORTS_CREDENTIALS=True warns once, at the first request."""
    app.config["CORS_SUPPORTS_CREDENTIALS"] = True

    @app.get("/me")
    @cross_origin()
    def me() -> str:
        return "me"

    client = app.test_client()
    with pytest.warns(InsecureCORSWarning) as record:
        client.get("/me", headers={"Origin": "https://attacker.example"})
    assert messages(record) == [f"@cross_origin on 'me': {CREDENTIALS_ANY}"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.get("/me", headers={"Origin": "https://attacker.example"})


def test_insecure_config_under_an_error_filter_serves_the_view_without_cors(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    """With InsecureCORSWarning made an error, the insecure view answers 200 with no CORS."""
    app.config["CORS_SUPPORTS_CREDENTIALS"] = True

    @app.get("/me")
    @cross_origin()
    def me() -> str:
        return "me"

    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureCORSWarning)
        response = app.test_client().get("/me", headers={"Origin": "https://attacker.example"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [
        "@cross_origin on 'me' is served without CORS headers: the app's CORS_* configuration "
        f"is invalid for it: invalid CORS configuration, 1 problem:\n  - {CREDENTIALS_ANY}"
    ]


def test_cross_origin_repeats_no_finding_of_its_own_options(app: Flask) -> None:
    """A finding of the decorator's own options, warned at decoration, is not warned again."""
    with pytest.warns(InsecureCORSWarning):

        @app.get("/me")
        @cross_origin(origins="*", supports_credentials=True)
        def me() -> str:
            return "me"

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        app.test_client().get("/me", headers={"Origin": "https://attacker.example"})


@pytest.mark.parametrize(
    ("wildcard", "suffix"),
    [
        ("https://*.github.io", "github.io"),
        ("https://*.vercel.app", "vercel.app"),
        ("https://*.com", "com"),
        ("https://*.co.uk", "co.uk"),
    ],
)
def test_wildcard_over_a_public_suffix_warns_by_the_list(
    app: Flask, wildcard: str, suffix: str
) -> None:
    """CORS() judges wildcard origins by the Public Suffix List (the psl extra, in dev)."""
    with pytest.warns(InsecureCORSWarning) as record:
        CORS(app, origins=[wildcard], supports_credentials=True)

    assert messages(record) == [
        f"rule '/*': origins={wildcard!r}: covers every site under the public suffix "
        f"{suffix!r}, where anyone can register a name, and so lets all of them read responses "
        f"made with the user's cookies (list the origins of your own sites, such as "
        f"'https://yours.{suffix}')"
    ]


@pytest.mark.parametrize(
    "wildcard", ["https://*.example.com", "https://*.app.github.io", "http://*.localhost:*"]
)
def test_wildcard_under_a_registrable_name_does_not_warn(app: Flask, wildcard: str) -> None:
    """A wildcard under a name someone registered (or a special-use name) gives no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CORS(app, origins=[wildcard])


def test_newline_in_expose_headers_warns_and_is_not_sent(app: Flask) -> None:
    """A trailing newline in CORS_EXPOSE_HEADERS warns once, naming the key, and is not sent."""
    app.config["CORS_EXPOSE_HEADERS"] = "X-Total-Count\n"
    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, origins=["https://app.example.com"])

    response = app.test_client().get("/x", headers={"Origin": "https://app.example.com"})

    assert messages(record) == [
        "rule '/*': CORS_EXPOSE_HEADERS='X-Total-Count\\n': has a line break or another control "
        "character around a name, left out of the header, which is sent as 'X-Total-Count' "
        "(flask-cors 6 sent it as written, and every response failed) (remove it from the "
        "configured value: a YAML block scalar, a file or an environment variable often ends "
        "with a newline)"
    ]
    assert response.status_code == 200
    assert response.headers["Access-Control-Expose-Headers"] == "X-Total-Count"


@pytest.mark.parametrize(
    ("regex", "suffix", "attacker"),
    [
        (
            r"^https://[a-z0-9-]+\.s3\.amazonaws\.com$",
            "s3.amazonaws.com",
            "https://attacker.s3.amazonaws.com",
        ),
        (r"^https://myapp-.*\.vercel\.app$", "vercel.app", "https://myapp-attacker.vercel.app"),
        (
            r"^https://myorg-[a-z0-9-]+\.github\.io$",
            "github.io",
            "https://myorg-attacker.github.io",
        ),
        (
            r"^https://myapp-[a-z0-9]+-myteam\.vercel\.app$",
            "vercel.app",
            "https://myapp-attacker-myteam.vercel.app",
        ),
    ],
)
def test_lint_misses_regexes_over_public_suffixes(
    app: Flask, regex: str, suffix: str, attacker: str
) -> None:
    """Review 2, finding 5: a regex over a public suffix warns, naming an origin it serves."""
    with pytest.warns(InsecureCORSWarning) as record:
        CORS(app, origins=[regex], supports_credentials=True)

    response = app.test_client().get("/x", headers={"Origin": attacker})

    assert messages(record) == [
        f"rule '/*': origins={regex!r}: covers sites under the public suffix {suffix!r}, where "
        f"anyone can register a name, such as {attacker!r} (match only the names of your own "
        "sites)"
    ]
    assert response.headers["Access-Control-Allow-Origin"] == attacker
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


PSL_LOADED = """
import sys, warnings
from flask import Flask
import flask_cors
from flask_cors import CORS
print('publicsuffixlist' in sys.modules)
CORS(Flask('a'), origins=['https://app.example.com', 'http://localhost:3000'])
print('publicsuffixlist' in sys.modules)
warnings.simplefilter('ignore')
CORS(Flask('b'), origins=[{entry!r}])
print('publicsuffixlist' in sys.modules)
"""


@pytest.mark.parametrize("entry", ["https://*.example.com", r"^https://[a-z]+\.example\.com$"])
def test_the_public_suffix_list_is_read_only_when_an_origin_needs_it(entry: str) -> None:
    """Importing flask_cors, or literal origins, never load the list; a wildcard or regex does."""
    script = PSL_LOADED.format(entry=entry)
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )

    assert ran.stdout.split() == ["False", "False", "True"]


APP = "https://app.example.com"


def create_credentials_view_app(*, strict: bool = False) -> Flask:
    """An app whose config lists its origin, with a view that only asks for credentials."""
    app = Flask("credentials_view", static_folder=None)
    app.config["CORS_ORIGINS"] = [APP]

    @app.get("/account")
    @cross_origin(supports_credentials=True, strict=strict)
    def account() -> str:
        return "account"

    return app


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_cross_origin_judges_the_policy_that_serves(strict: bool) -> None:
    """@cross_origin(supports_credentials=True) under CORS_ORIGINS warns nothing, strict or not.

    Its options alone would mean every origin with credentials, but on the
    wire only the configured origin is allowed: that policy is the one
    judged, and it is safe, so strict mode starts it too.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = create_credentials_view_app(strict=strict)
        client = app.test_client()
        allowed = client.get("/account", headers={"Origin": APP})
        refused = client.get("/account", headers={"Origin": "https://attacker.example"})

    assert caught == []
    assert allowed.headers["Access-Control-Allow-Origin"] == APP
    assert allowed.headers["Access-Control-Allow-Credentials"] == "true"
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_cross_origin_without_origins_is_judged_at_its_first_request(app: Flask) -> None:
    """With no origins anywhere, what serves is '*' with credentials: said at the first request.

    From the decorator's line, once.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        @app.get("/account")
        @cross_origin(supports_credentials=True)
        def account() -> str:
            return "account"

    client = app.test_client()
    with pytest.warns(InsecureCORSWarning) as record:
        [client.get("/account", headers={"Origin": "https://attacker.example"}) for _ in "ab"]

    assert messages(record) == [f"@cross_origin on 'account': {CREDENTIALS_ANY}"]
    assert (record[0].filename, record[0].lineno) == (__file__, _decorator_line(account))


def _decorator_line(view: object) -> int:
    """The line of @cross_origin, right under the route decorator of a decorated view.

    Python 3.10 runs a decorator on the line of the ``def`` below the
    decorators (3.11 on the decorator's own line): the warning points there.
    """
    wrapped = view.__wrapped__  # type: ignore[attr-defined]
    first = int(wrapped.__code__.co_firstlineno)
    return _def_line(wrapped) if sys.version_info < (3, 11) else first + 1


def _def_line(function: object) -> int:
    """The line of a function's ``def``, below its decorators."""
    lines, first = inspect.getsourcelines(function)  # type: ignore[arg-type]
    return first + next(i for i, line in enumerate(lines) if line.lstrip().startswith("def "))


def test_a_decorated_views_finding_at_a_request_is_said_once_from_the_users_line(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    """A finding of the app's config under @cross_origin is one warning, from the decorator.

    Not a log line as well, and not from flask_cors's own code.
    """
    app.config["CORS_ORIGINS"] = "app.example.com"

    @app.get("/items")
    @cross_origin()
    def items() -> str:
        return "items"

    client = app.test_client()
    with pytest.warns(CORSConfigWarning) as record:
        [client.get("/items", headers={"Origin": APP}) for _ in "ab"]

    assert messages(record) == [
        "@cross_origin on 'items': CORS_ORIGINS='app.example.com': has no scheme (did you mean "
        "'https://app.example.com'?)"
    ]
    assert (record[0].filename, record[0].lineno) == (__file__, _decorator_line(items))
    assert [r for r in caplog.records if r.name == "flask_cors"] == []


UPGRADE = (
    "rule '/*': origins='https://*.example.com': allows every subdomain with credentials; "
    "flask-cors 6 read it as a regex that allowed no subdomain, only 'https://example.com' and "
    "look-alikes such as 'https://aexample.com' (keep it if every subdomain may read responses "
    "made with the user's cookies, and acknowledge this note with the warning filter "
    "'ignore::flask_cors.CORSUpgradeWarning'; otherwise list the origins that may)"
)
SUBDOMAINS: dict[str, object] = {"origins": "https://*.example.com", "supports_credentials": True}


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_an_upgrade_note_is_said_once_and_strict_mode_does_not_hide_it(
    app: Flask, strict: bool
) -> None:
    """A wildcard origin with credentials is one CORSUpgradeWarning, saying how to acknowledge it.

    Strict mode neither refuses it (it is a change, not a mistake) nor
    hides it.
    """
    with pytest.warns(CORSUpgradeWarning) as record:
        CORS(app, strict=strict, **SUBDOMAINS)  # type: ignore[arg-type]

    assert messages(record) == [UPGRADE]
    assert record[0].filename == __file__


def test_an_upgrade_note_is_acknowledged_by_its_category(app: Flask) -> None:
    """Ignoring CORSUpgradeWarning acknowledges the note; nothing else is said."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=CORSUpgradeWarning)
        CORS(app, strict=True, **SUBDOMAINS)  # type: ignore[arg-type]

    assert caught == []


def test_strict_mode_lists_an_upgrade_note_beside_what_it_refuses(app: Flask) -> None:
    """Refused in strict mode for another finding, the configuration's error names the note too."""
    with pytest.raises(ConfigurationError) as raised:
        CORS(app, strict=True, max_age=-1, **SUBDOMAINS)  # type: ignore[arg-type]

    assert [problem.option for problem in raised.value.problems] == ["max_age"]
    assert [str(problem) for problem in raised.value.findings] == [
        UPGRADE.removeprefix("rule '/*': ")
    ]


# A suite as a project upgrading from flask-cors 6 has it: warnings are
# errors, the app is built in a fixture, its origins and tests predate the
# checks.
UPGRADED_SUITE = """
import pytest
from flask import Flask

from flask_cors import CORS


@pytest.fixture
def client():
    app = Flask(__name__)
    CORS(app, origins=["localhost:3000", "https://*.example.com"], supports_credentials=True)
    app.add_url_rule("/", "home", lambda: "home")
    return app.test_client()


def test_home(client):
    assert client.get("/", headers={"Origin": "https://a.example.com"}).status_code == 200
"""


def _run_suite(tmp_path: Path, config: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pyproject.toml").write_text(config)
    (tmp_path / "test_upgraded.py").write_text(UPGRADED_SUITE)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rw"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_migration_pages_pytest_line_acknowledges_the_warnings(tmp_path: Path) -> None:
    """Under filterwarnings = error an upgraded suite fails; with the migration line it passes.

    The line is the one docs/migration.md gives; the warnings then show in pytest's summary,
    once each.
    """
    page = (Path(__file__).parents[2] / "docs" / "migration.md").read_text()
    block = re.search(r"```toml\n(\[tool\.pytest\.ini_options\]\n.*?)```", page, re.DOTALL)
    assert block is not None

    failed = _run_suite(tmp_path, '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n')
    acknowledged = _run_suite(tmp_path, block.group(1))

    assert failed.returncode == 1, failed.stdout
    assert "CORSConfigWarning: rule '/*': origins='localhost:3000': has no scheme" in failed.stdout
    assert acknowledged.returncode == 0, acknowledged.stdout
    assert acknowledged.stdout.count("origins='localhost:3000': has no scheme") == 1
    assert "CORSUpgradeWarning" not in acknowledged.stdout
