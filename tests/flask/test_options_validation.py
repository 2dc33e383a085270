"""Refused configuration fails at CORS()/init_app()/cross_origin() time; findings only warn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from flask_cors import CORS, ConfigurationError, CORSConfigWarning, ProblemCode, cross_origin

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ORIGIN = {"Origin": "https://app.example"}
MAX_AGE_FIX = "(give whole seconds as an int >= 0, a string of digits, or a timedelta)"


def problems_of(error: ConfigurationError) -> set[str]:
    return {str(problem) for problem in error.problems}


def flask_cors_warnings(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [
        (record.levelname, record.getMessage())
        for record in caplog.records
        if record.name.partition(".")[0] == "flask_cors"
    ]


def config_warnings(record: pytest.WarningsRecorder) -> list[str]:
    return [str(w.message) for w in record if issubclass(w.category, CORSConfigWarning)]


def test_every_problem_in_cors_kwargs_is_listed_at_once() -> None:
    """CORS(...) raises one ConfigurationError, a ValueError, naming every problem.

    The refused options first, then, so that an error hides nothing, the
    findings of the same options (here a flag word read as True).
    """
    bad: dict[str, Any] = {
        "supports_credentials": "no",
        "max_age": "٣",
        "methods": ["GET", "BAD\x00"],
        "origins": ["(x"],
        "vary_header": "off",
    }

    with pytest.raises(ValueError, match="invalid CORS configuration") as raised:
        CORS(**bad)

    error = raised.value
    assert isinstance(error, ConfigurationError)
    assert str(error) == (
        "invalid CORS configuration, 4 problems:\n"
        "  - supports_credentials='no': is a string, and flask-cors 6 read every non-empty"
        " string as True (pass supports_credentials=False)\n"
        f"  - max_age='٣': is not a number of seconds {MAX_AGE_FIX}\n"
        "  - methods='BAD\\x00': holds a control character, which no header can carry\n"
        "  - origins='(x': is not a valid regex: missing ), unterminated subpattern at"
        " position 0 (escape regex characters with re.escape() if it is meant literally)\n"
        "also found (a warning each, not an error):\n"
        "  - vary_header='off': is a string, read as True as flask-cors 6 read every non-empty"
        " string: vary_header is on (pass vary_header=False to turn it off, or"
        " vary_header=True to keep it on)"
    )
    assert [problem.option for problem in error.problems] == [
        "supports_credentials",
        "max_age",
        "methods",
        "origins",
    ]
    assert [problem.option for problem in error.findings] == ["vary_header"]


def test_every_finding_in_cors_kwargs_is_warned_at_once(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """CORS(app, ...) warns once per option flask-cors 6 ran as written, and runs it as 6 did."""
    findings: dict[str, Any] = {
        "supports_credentials": 1,
        "max_age": -1,
        "methods": ["GET", "BAD METHOD"],
        "origins": ["https://app.example", None],
        "vary_header": 1,
    }

    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, **findings)

    assert config_warnings(record) == [
        "rule '/*': supports_credentials=1: is not True or False; read as True, as flask-cors 6"
        " did (pass supports_credentials=True)",
        f"rule '/*': max_age=-1: is negative; browsers ignore it {MAX_AGE_FIX}",
        "rule '/*': methods='BAD METHOD': is not a valid HTTP token"
        " (remove spaces, quotes and separators)",
        "rule '/*': origins=None: is not a string or regex, so it never matches"
        " (give a string, a compiled regex, or a list of them)",
        "rule '/*': vary_header=1: is not True or False; read as True, as flask-cors 6 did"
        " (pass vary_header=True)",
    ]
    response = client.options("/", headers={**ORIGIN, "Access-Control-Request-Method": "GET"})
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Max-Age", "-1"),
        ("Access-Control-Allow-Methods", "BAD METHOD, GET"),
        ("Vary", "Origin"),
    ]


def test_init_app_raises_when_it_runs() -> None:
    """A refused option given to init_app raises there, after CORS() itself succeeded."""
    cors = CORS(origins="https://app.example")
    bad: dict[str, Any] = {"max_age": "٣", "allow_private_network": "off"}

    with pytest.raises(ConfigurationError) as raised:
        cors.init_app(Flask("validation"), **bad)

    assert str(raised.value) == (
        "invalid CORS configuration, 2 problems:\n"
        f"  - max_age='٣': is not a number of seconds {MAX_AGE_FIX}\n"
        "  - allow_private_network='off': is a string, and flask-cors 6 read every non-empty"
        " string as True (pass allow_private_network=False)"
    )


def test_init_app_warns_when_it_runs() -> None:
    """A finding in init_app's options is warned there, after CORS() itself succeeded."""
    cors = CORS(origins="https://app.example")
    app = Flask("validation")
    findings: dict[str, Any] = {"max_age": 1.5, "allow_private_network": "true"}

    with pytest.warns(CORSConfigWarning) as record:
        cors.init_app(app, **findings)

    assert config_warnings(record) == [
        f"rule '/*': max_age=1.5: is not a number of seconds; browsers ignore it {MAX_AGE_FIX}",
        "rule '/*': allow_private_network='true': is not True or False; read as True, as"
        " flask-cors 6 did (pass allow_private_network=True)",
    ]


def test_cross_origin_raises_when_called_not_at_request_time() -> None:
    """@cross_origin(...) checks its options when it is called, before any view or request."""
    bad: dict[str, Any] = {"max_age": "٣", "methods": "GET, P\x01UT"}

    with pytest.raises(ConfigurationError) as raised:
        cross_origin(**bad)

    assert str(raised.value) == (
        "invalid CORS configuration, 2 problems:\n"
        f"  - max_age='٣': is not a number of seconds {MAX_AGE_FIX}\n"
        "  - methods='GET, P\\x01UT': holds a control character, which no header can carry"
    )


def test_cross_origin_warns_when_applied_to_a_view(app: Flask, cors_headers: CorsHeaders) -> None:
    """@cross_origin(...) warns about its findings when it wraps the view, and serves as 6 did."""
    findings: dict[str, Any] = {"max_age": -5, "methods": "GET, P:UT"}

    with pytest.warns(CORSConfigWarning) as record:

        @app.route("/decorated")
        @cross_origin(**findings)
        def decorated() -> str:
            return "ok"

    assert config_warnings(record) == [
        f"@cross_origin on 'decorated': max_age=-5: is negative; browsers ignore it {MAX_AGE_FIX}",
        "@cross_origin on 'decorated': methods='P:UT': is not a valid HTTP token"
        " (remove spaces, quotes and separators)",
    ]
    response = app.test_client().options(
        "/decorated", headers={**ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Max-Age", "-5"),
        ("Access-Control-Allow-Methods", "GET, P:UT"),
        ("Vary", "Origin"),
    ]


def test_bad_app_config_raises_at_cors_app_time(app: Flask) -> None:
    """A refused CORS_* value in app.config raises when CORS(app) runs, named by its key."""
    app.config["CORS_MAX_AGE"] = "٣"

    with pytest.raises(ConfigurationError) as raised:
        CORS(app)

    assert problems_of(raised.value) == {
        f"CORS_MAX_AGE='٣': is not a number of seconds {MAX_AGE_FIX}"
    }


def test_app_config_finding_warns_at_cors_app_time(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A CORS_* value flask-cors 6 ran as written warns, named by its key, and is sent as given."""
    app.config["CORS_MAX_AGE"] = "soon"

    with pytest.warns(CORSConfigWarning) as record:
        CORS(app)

    assert config_warnings(record) == [
        "rule '/*': CORS_MAX_AGE='soon': is not a number of seconds; browsers ignore it "
        f"{MAX_AGE_FIX}"
    ]
    response = client.options("/", headers={**ORIGIN, "Access-Control-Request-Method": "GET"})
    assert ("Access-Control-Max-Age", "soon") in cors_headers(response)


def test_bad_per_resource_option_raises(app: Flask) -> None:
    """Refused options inside the resources dict raise at CORS(app) time, all of them."""
    resources: Any = {
        r"/api/*": {"supports_credentials": "no"},
        r"/files/*": {"max_age": "٣"},
    }

    with pytest.raises(ConfigurationError) as raised:
        CORS(app, resources=resources)

    assert problems_of(raised.value) == {
        "resources['/api/*'].supports_credentials='no': is a string, and flask-cors 6 read"
        " every non-empty string as True (pass supports_credentials=False)",
        f"resources['/files/*'].max_age='٣': is not a number of seconds {MAX_AGE_FIX}",
    }


def test_per_resource_finding_warns(app: Flask) -> None:
    """Findings inside the resources dict warn at CORS(app) time, each named by its resource."""
    # Values of the wrong type, as untyped code (or a config file) passes them.
    resources: Any = {
        r"/api/*": {"origins": ["https://app.example"], "supports_credentials": "yes"},
        r"/files/*": {"max_age": 1.5},
    }
    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, resources=resources)

    assert sorted(config_warnings(record)) == [
        "rule '/api/*': resources['/api/*'].supports_credentials='yes': is not True or False;"
        " read as True, as flask-cors 6 did (pass supports_credentials=True)",
        "rule '/files/*': resources['/files/*'].max_age=1.5: is not a number of seconds;"
        f" browsers ignore it {MAX_AGE_FIX}",
    ]


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (
            {"supports_credentials": "false"},
            "supports_credentials='false': is a string, and flask-cors 6 read every non-empty"
            " string as True (pass supports_credentials=False)",
        ),
        (
            {"allow_private_network": "no"},
            "allow_private_network='no': is a string, and flask-cors 6 read every non-empty"
            " string as True (pass allow_private_network=False)",
        ),
        (
            {"answer_preflights": "no"},
            "answer_preflights='no': is a string, and flask-cors 6 read every non-empty"
            " string as True (pass answer_preflights=False)",
        ),
        (
            {"max_age": "ten\n"},
            f"max_age='ten\\n': is not a number of seconds {MAX_AGE_FIX}",
        ),
        (
            {"resources": {r"/api/*": "https://a.example"}},
            "resources['/api/*']='https://a.example': is not a dict (give each resource a dict"
            " of options, such as {'origins': [...]})",
        ),
    ],
    ids=[
        "credentials-false-word",
        "private-network-no-word",
        "new-option-no-word",
        "max-age-control",
        "resource-not-dict",
    ],
)
def test_refused_where_flask_cors_did_the_opposite_or_broke(
    app: Flask, options: dict[str, Any], problem: str
) -> None:
    """A value that would open what it says to keep shut, or no response can carry, raises.

    A word for false read as True, as flask-cors 6 read it, would switch on
    credentials or the private network; an option flask-cors 6 did not have
    was never written for it.
    """
    with pytest.raises(ConfigurationError) as raised:
        CORS(app, **options)

    assert [str(found) for found in raised.value.problems] == [problem]


#: The headers flask-cors 6.0.5 answers this module's preflight with under the
#: default options, to compare each finding's effect against.
ALLOWED = ("Access-Control-Allow-Origin", "https://app.example")
ALL_METHODS = ("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
X_OK = ("Access-Control-Allow-Headers", "X-Ok")
VARY = ("Vary", "Origin")


@pytest.mark.parametrize(
    ("options", "warning", "preflight"),
    [
        (
            {"send_wildcard": 1},
            "send_wildcard=1: is not True or False; read as True, as flask-cors 6 did"
            " (pass send_wildcard=True)",
            [("Access-Control-Allow-Origin", "*"), X_OK, ALL_METHODS],
        ),
        (
            {"always_send": None},
            "always_send=None: is not True or False; read as False, as flask-cors 6 did"
            " (pass always_send=False)",
            [ALLOWED, X_OK, ALL_METHODS, VARY],
        ),
        (
            {"send_wildcard": "False"},
            "send_wildcard='False': is a string, read as True as flask-cors 6 read every"
            " non-empty string: send_wildcard is on (pass send_wildcard=False to turn it off,"
            " or send_wildcard=True to keep it on)",
            [("Access-Control-Allow-Origin", "*"), X_OK, ALL_METHODS],
        ),
        (
            {"vary_header": "no"},
            "vary_header='no': is a string, read as True as flask-cors 6 read every non-empty"
            " string: vary_header is on (pass vary_header=False to turn it off, or"
            " vary_header=True to keep it on)",
            [ALLOWED, X_OK, ALL_METHODS, VARY],
        ),
        (
            {"allow_private_network": 0},
            "allow_private_network=0: is not True or False; read as False, as flask-cors 6 did"
            " (pass allow_private_network=False)",
            [ALLOWED, X_OK, ALL_METHODS, VARY],
        ),
        (
            {"max_age": -1},
            f"max_age=-1: is negative; browsers ignore it {MAX_AGE_FIX}",
            [ALLOWED, X_OK, ("Access-Control-Max-Age", "-1"), ALL_METHODS, VARY],
        ),
        (
            {"max_age": "ten"},
            f"max_age='ten': is not a number of seconds; browsers ignore it {MAX_AGE_FIX}",
            [ALLOWED, X_OK, ("Access-Control-Max-Age", "ten"), ALL_METHODS, VARY],
        ),
        (
            {"methods": "GET POST"},
            "methods='GET POST': is not a valid HTTP token (remove spaces, quotes and separators)",
            [ALLOWED, VARY],
        ),
        (
            {"methods": None},
            "methods=None: is None, which allows nothing (pass an empty list to allow no"
            " methods, or leave the option out for the default)",
            [ALLOWED, VARY],
        ),
        (
            {"expose_headers": ["X-Ok", "Bad Header"]},
            "expose_headers='Bad Header': is not a valid HTTP token"
            " (remove spaces, quotes and separators)",
            [
                ALLOWED,
                ("Access-Control-Expose-Headers", "Bad Header, X-Ok"),
                X_OK,
                ALL_METHODS,
                VARY,
            ],
        ),
        (
            {"origins": None},
            "origins=None: is None, which allows nothing (pass an empty list to allow no"
            " origins, or leave the option out for the default)",
            [],
        ),
        (
            {"allow_headers": None},
            "allow_headers=None: is None, which allows nothing (pass an empty list to allow no"
            " allow_headers, or leave the option out for the default)",
            [ALLOWED, ALL_METHODS, VARY],
        ),
        (
            {"origins": ["https://app.example", 42]},
            "origins=42: is not a string or regex, so it never matches"
            " (give a string, a compiled regex, or a list of them)",
            [ALLOWED, X_OK, ALL_METHODS, VARY],
        ),
    ],
    ids=[
        "wildcard-int",
        "always-send-none",
        "wildcard-false-word",
        "vary-no-word",
        "private-network-int",
        "max-age-negative",
        "max-age-text",
        "methods-not-token",
        "methods-none",
        "expose-not-token",
        "origins-none",
        "allow-headers-none",
        "origins-not-string",
    ],
)
def test_what_flask_cors_accepted_warns_and_runs_as_it_did(
    app: Flask,
    client: FlaskClient,
    cors_headers: CorsHeaders,
    options: dict[str, Any],
    warning: str,
    preflight: list[tuple[str, str]],
) -> None:
    """Values flask-cors 6 silently accepted warn with the fix, and answer as 6.0.5 answers."""
    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, **options)

    assert config_warnings(record) == [f"rule '/*': {warning}"]
    response = client.options(
        "/",
        headers={
            **ORIGIN,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "X-Ok",
        },
    )
    assert cors_headers(response) == preflight


def test_a_flag_written_as_a_string_in_a_resource_starts_as_in_flask_cors_6(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """resources={r"/*": {"send_wildcard": "False"}}, seen in public code, starts as 6.0.5 ran it.

    flask-cors 6.0.5 read the string as True and answered ``*``; so does
    this package, with a warning naming the value it is read as, and strict
    mode refuses it.
    """
    resources: Any = {r"/*": {"send_wildcard": "False"}}
    shell: dict[str, Any] = {"automatic_options": "no"}
    with pytest.warns(CORSConfigWarning) as record:
        CORS(app, resources=resources, **shell)

    assert sorted(config_warnings(record)) == [
        "automatic_options='no': is a string, read as True as flask-cors 6 read every non-empty"
        " string: automatic_options is on (pass automatic_options=False to turn it off, or"
        " automatic_options=True to keep it on)",
        "rule '/*': resources['/*'].send_wildcard='False': is a string, read as True as"
        " flask-cors 6 read every non-empty string: send_wildcard is on (pass"
        " send_wildcard=False to turn it off, or send_wildcard=True to keep it on)",
    ]
    assert cors_headers(client.get("/", headers=ORIGIN)) == [("Access-Control-Allow-Origin", "*")]
    with pytest.raises(ConfigurationError, match="send_wildcard='False'"):
        CORS(Flask("strict"), resources=resources, strict=True)


def test_a_credentials_flag_written_as_false_in_a_resource_is_still_refused(app: Flask) -> None:
    """Read as 6.0.5 read it, "False" would switch on credentials: that stays an error."""
    resources: Any = {r"/*": {"supports_credentials": "False"}}
    with pytest.raises(ConfigurationError) as raised:
        CORS(app, resources=resources)

    assert [str(problem) for problem in raised.value.problems] == [
        "resources['/*'].supports_credentials='False': is a string, and flask-cors 6 read every"
        " non-empty string as True (pass supports_credentials=False)"
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"origins": ["https://a.example", "(unclosed"]},
            "invalid CORS configuration, 1 problem:\n"
            "  - origins='(unclosed': is not a valid regex: missing ), unterminated subpattern"
            " at position 0 (escape regex characters with re.escape() if it is meant literally)",
        ),
        (
            {"allow_headers": "X-[a-"},
            "invalid CORS configuration, 1 problem:\n"
            "  - allow_headers='X-[a-': is not a valid regex: unterminated character set"
            " at position 2 (escape regex characters with re.escape() if it is meant literally)",
        ),
    ],
    ids=["origins", "allow-headers"],
)
def test_invalid_regex_is_a_value_error(app: Flask, options: dict[str, Any], message: str) -> None:
    """An invalid regex among origins or allow_headers raises ValueError at startup."""
    with pytest.raises(ValueError, match="is not a valid regex") as raised:
        CORS(app, **options)

    assert str(raised.value) == message


def test_wildcard_with_credentials_and_send_wildcard_is_a_value_error(app: Flask) -> None:
    """origins='*' with credentials and send_wildcard raises ValueError, as in flask-cors."""
    with pytest.raises(ValueError, match="send_wildcard=True") as raised:
        CORS(app, origins="*", supports_credentials=True, send_wildcard=True)

    assert str(raised.value) == (
        "invalid CORS configuration, 1 problem:\n"
        "  - send_wildcard=True: cannot be combined with origins='*' and"
        " supports_credentials=True: browsers reject 'Access-Control-Allow-Origin: *' on"
        " credentialed requests (list the allowed origins, or set send_wildcard=False)"
    )


def test_wildcard_and_credentials_from_different_layers_is_a_value_error(app: Flask) -> None:
    """The forbidden combination is caught across layers: config, CORS() and init_app()."""
    app.config["CORS_SUPPORTS_CREDENTIALS"] = True
    cors = CORS(send_wildcard=True)

    with pytest.raises(ValueError, match="cannot be combined with origins='\\*'"):
        cors.init_app(app, origins="*")


def test_accepted_edge_values(app: Flask, client: FlaskClient, cors_headers: CorsHeaders) -> None:
    """max_age=0, a digit string, intercept_exceptions=False and empty lists are all valid."""
    CORS(app, max_age="0", intercept_exceptions=False, expose_headers=[], methods=["get"])

    response = client.options("/", headers={**ORIGIN, "Access-Control-Request-Method": "GET"})

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Max-Age", "0"),
        ("Access-Control-Allow-Methods", "GET"),
        ("Vary", "Origin"),
    ]


def test_every_problem_is_listed_across_kwargs_and_resources(app: Flask) -> None:
    """One CORS(app, ...) call lists the refused kwargs and resource options together."""
    bad: dict[str, Any] = {
        "max_age": "٣",
        "resources": {r"/api/*": {"supports_credentials": "no"}},
    }

    with pytest.raises(ConfigurationError) as raised:
        CORS(app, **bad)

    assert problems_of(raised.value) == {
        f"max_age='٣': is not a number of seconds {MAX_AGE_FIX}",
        "resources['/api/*'].supports_credentials='no': is a string, and flask-cors 6 read"
        " every non-empty string as True (pass supports_credentials=False)",
    }


def test_every_problem_is_listed_across_an_invalid_pattern_and_bad_options(app: Flask) -> None:
    """An invalid resource regex does not hide a refused option of another resource."""
    bad: dict[str, Any] = {"resources": {r"/api/(": {}, r"/files/*": {"max_age": "٣"}}}

    with pytest.raises(ConfigurationError) as raised:
        CORS(app, **bad)

    assert len(raised.value.problems) == 2
    assert {problem.option for problem in raised.value.problems} == {"resources", "max_age"}
    assert {str(problem) for problem in raised.value.problems} == {
        "resources='/api/(': is not a valid regex: missing ), unterminated subpattern at"
        " position 5 (escape regex characters with re.escape() if the path is meant literally)",
        f"resources['/files/*'].max_age='٣': is not a number of seconds {MAX_AGE_FIX}",
    }


def test_every_problem_is_listed_across_app_config_and_init_app(app: Flask) -> None:
    """init_app lists a refused CORS_* config value and its own refused options together."""
    app.config["CORS_MAX_AGE"] = "٣"
    bad: dict[str, Any] = {"allow_private_network": "no"}

    with pytest.raises(ConfigurationError) as raised:
        CORS().init_app(app, **bad)

    assert {problem.option for problem in raised.value.problems} == {
        "max_age",
        "allow_private_network",
    }
    assert {problem.written for problem in raised.value.problems} == {"CORS_MAX_AGE", None}


def test_every_problem_is_listed_for_cross_origin_with_its_own_flags() -> None:
    """cross_origin lists a refused flag of its own together with refused CORS options."""
    bad: dict[str, Any] = {"max_age": "٣", "strict": "no"}

    with pytest.raises(ConfigurationError) as raised:
        cross_origin(**bad)

    assert {problem.option for problem in raised.value.problems} == {"max_age", "strict"}


WILDCARD_CONFLICT = (
    "cannot be combined with origins='*' and supports_credentials=True: browsers reject "
    "'Access-Control-Allow-Origin: *' on credentialed requests (list the allowed origins, "
    "or set send_wildcard=False)"
)


def test_the_wildcard_conflict_is_listed_beside_a_bad_option_of_the_decorator() -> None:
    """@cross_origin names a refused value and the conflict its own options make, together."""
    with pytest.raises(ConfigurationError) as raised:
        cross_origin(origins="*", supports_credentials=True, send_wildcard=True, max_age="x\n")
    assert problems_of(raised.value) == {
        f"max_age='x\\n': is not a number of seconds {MAX_AGE_FIX}",
        f"send_wildcard=True: {WILDCARD_CONFLICT}",
    }


def test_the_wildcard_conflict_is_listed_beside_a_bad_resource_option(app: Flask) -> None:
    """CORS() names a resource's refused value and the conflict the config makes there, at once."""
    app.config.update(CORS_SUPPORTS_CREDENTIALS=True, CORS_SEND_WILDCARD=True)
    with pytest.raises(ConfigurationError) as raised:
        CORS(app, resources={r"/api/*": {"max_age": "x\n"}})
    assert problems_of(raised.value) == {
        f"resources['/api/*'].max_age='x\\n': is not a number of seconds {MAX_AGE_FIX}",
        f"resources['/api/*'].send_wildcard=True: {WILDCARD_CONFLICT}",
    }


TYPO = (
    "orgins='https://app.example': is not a Flask-CORS option, so it is ignored "
    "(did you mean 'origins'?)"
)
CREDENTIALS_WORD = (
    "supports_credentials='False': is a string, and flask-cors 6 read every non-empty string as "
    "True (pass supports_credentials=False)"
)


def test_an_error_does_not_hide_the_findings_of_the_same_configuration(app: Flask) -> None:
    """An 'orgins' typo beside a refused option: the one error lists both, the typo as a warning."""
    bad: dict[str, Any] = {"orgins": "https://app.example", "supports_credentials": "False"}

    with pytest.raises(ConfigurationError) as raised:
        CORS(app, **bad)

    assert str(raised.value) == (
        f"invalid CORS configuration, 1 problem:\n  - {CREDENTIALS_WORD}\n"
        f"also found (a warning each, not an error):\n  - {TYPO}"
    )


@pytest.mark.parametrize(
    "configure",
    [
        pytest.param(lambda bad: CORS(**bad), id="cors-without-app"),
        pytest.param(lambda bad: CORS().init_app(Flask("x"), **bad), id="init-app"),
        pytest.param(lambda bad: cross_origin(**bad), id="cross-origin"),
        pytest.param(lambda bad: CORS(Flask("x"), resources={"/*": bad}), id="resource"),
    ],
)
def test_every_entry_point_lists_the_findings_beside_its_errors(
    configure: Callable[[dict[str, Any]], object],
) -> None:
    """CORS(), init_app(), @cross_origin() and a resource's options all say the typo too."""
    bad: dict[str, Any] = {"orgins": "https://app.example", "supports_credentials": "False"}

    with pytest.raises(ConfigurationError) as raised:
        configure(bad)

    assert [problem.code for problem in raised.value.problems] == [ProblemCode.NOT_A_BOOL]
    assert [problem.code for problem in raised.value.findings] == [ProblemCode.UNKNOWN_OPTION]
    assert [problem.option for problem in raised.value.findings] == ["orgins"]


def test_an_error_in_the_apps_config_does_not_hide_a_finding_beside_it(app: Flask) -> None:
    """A refused CORS_* value and a scheme-less CORS_ORIGINS are said together."""
    app.config.update(CORS_SUPPORTS_CREDENTIALS="False", CORS_ORIGINS="app.example")

    with pytest.raises(ConfigurationError) as raised:
        CORS(app)

    assert [str(problem) for problem in raised.value.findings] == [
        "CORS_ORIGINS='app.example': has no scheme (did you mean 'https://app.example'?)"
    ]
