"""Bad configuration fails at CORS()/init_app()/cross_origin() time; unknown names only warn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from flask_cors import CORS, ConfigurationError, cross_origin

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ORIGIN = {"Origin": "https://app.example"}
MAX_AGE_FIX = "(give whole seconds as an int >= 0, a string of digits, or a timedelta)"


def problems_of(error: ConfigurationError) -> set[str]:
    return {str(problem) for problem in error.problems}


def test_every_problem_in_cors_kwargs_is_listed_at_once() -> None:
    """CORS(...) raises one ConfigurationError, a ValueError, naming every bad option."""
    bad: dict[str, Any] = {
        "supports_credentials": "yes",
        "max_age": -1,
        "methods": ["GET", "BAD METHOD"],
        "origins": None,
        "vary_header": 1,
    }

    with pytest.raises(ValueError, match="invalid CORS configuration") as raised:
        CORS(**bad)

    error = raised.value
    assert isinstance(error, ConfigurationError)
    assert str(error) == (
        "invalid CORS configuration, 5 problems:\n"
        "  - supports_credentials='yes': must be True or False"
        " (pass supports_credentials=True)\n"
        f"  - max_age=-1: is negative {MAX_AGE_FIX}\n"
        "  - methods='BAD METHOD': is not a valid HTTP token"
        " (remove spaces, quotes and separators)\n"
        "  - origins=None: must not be None (pass an empty list to allow no origins,"
        " or leave the option out for the default)\n"
        "  - vary_header=1: must be True or False (pass vary_header=True)"
    )
    assert [problem.option for problem in error.problems] == [
        "supports_credentials",
        "max_age",
        "methods",
        "origins",
        "vary_header",
    ]


def test_init_app_raises_when_it_runs() -> None:
    """A bad option given to init_app raises there, after CORS() itself succeeded."""
    cors = CORS(origins="https://app.example")
    bad: dict[str, Any] = {"max_age": 1.5, "allow_private_network": "true"}

    with pytest.raises(ConfigurationError) as raised:
        cors.init_app(Flask("validation"), **bad)

    assert str(raised.value) == (
        "invalid CORS configuration, 2 problems:\n"
        f"  - max_age=1.5: is not a number of seconds {MAX_AGE_FIX}\n"
        "  - allow_private_network='true': must be True or False"
        " (pass allow_private_network=True)"
    )


def test_cross_origin_raises_when_called_not_at_request_time() -> None:
    """@cross_origin(...) checks its options when it is called, before any view or request."""
    bad: dict[str, Any] = {"max_age": -5, "methods": "GET, P:UT"}

    with pytest.raises(ConfigurationError) as raised:
        cross_origin(**bad)

    assert str(raised.value) == (
        "invalid CORS configuration, 2 problems:\n"
        f"  - max_age=-5: is negative {MAX_AGE_FIX}\n"
        "  - methods='P:UT': is not a valid HTTP token (remove spaces, quotes and separators)"
    )


def test_bad_app_config_raises_at_cors_app_time(app: Flask) -> None:
    """A bad CORS_* value in app.config raises when CORS(app) runs."""
    app.config["CORS_MAX_AGE"] = "soon"

    with pytest.raises(ConfigurationError) as raised:
        CORS(app)

    assert problems_of(raised.value) == {
        f"max_age='soon': is not a number of seconds {MAX_AGE_FIX}"
    }


def test_bad_per_resource_option_raises(app: Flask) -> None:
    """Bad options inside the resources dict raise at CORS(app) time, all of them."""
    resources: Any = {
        r"/api/*": {"supports_credentials": "yes"},
        r"/files/*": {"max_age": 1.5},
    }

    with pytest.raises(ConfigurationError) as raised:
        CORS(app, resources=resources)

    assert problems_of(raised.value) == {
        "resources['/api/*'].supports_credentials='yes': must be True or False"
        " (pass supports_credentials=True)",
        f"resources['/files/*'].max_age=1.5: is not a number of seconds {MAX_AGE_FIX}",
    }


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"supports_credentials": "false"}, "supports_credentials='false': must be True or False"),
        ({"send_wildcard": 1}, "send_wildcard=1: must be True or False"),
        ({"always_send": None}, "always_send=None: must be True or False"),
        ({"vary_header": "no"}, "vary_header='no': must be True or False"),
        ({"allow_private_network": 0}, "allow_private_network=0: must be True or False"),
        ({"intercept_exceptions": "no"}, "intercept_exceptions='no': must be True or False"),
        ({"max_age": -1}, "max_age=-1: is negative"),
        ({"max_age": "ten"}, "max_age='ten': is not a number of seconds"),
        ({"methods": "GET POST"}, "methods='GET POST': is not a valid HTTP token"),
        ({"methods": None}, "methods=None: must be a string or a list of strings"),
        ({"expose_headers": ["X-Ok", "Bad Header"]}, "expose_headers='Bad Header': is not a"),
        ({"origins": None}, "origins=None: must not be None"),
        ({"allow_headers": None}, "allow_headers=None: must not be None"),
        ({"origins": ["https://a.example", 42]}, "origins=42: is not a string or regex"),
        ({"resources": {r"/api/*": "https://a.example"}}, "resources['/api/*']='https://a."),
    ],
    ids=[
        "credentials-string",
        "wildcard-int",
        "always-send-none",
        "vary-string",
        "private-network-int",
        "intercept-string",
        "max-age-negative",
        "max-age-text",
        "methods-not-token",
        "methods-none",
        "expose-not-token",
        "origins-none",
        "allow-headers-none",
        "origins-not-string",
        "resource-not-dict",
    ],
)
def test_deliberately_stricter_than_flask_cors(
    app: Flask, options: dict[str, Any], problem: str
) -> None:
    """Values flask-cors silently accepted (non-bool flags, bad max_age...) raise here."""
    with pytest.raises(ConfigurationError) as raised:
        CORS(app, **options)

    assert len(raised.value.problems) == 1
    assert str(raised.value.problems[0]).startswith(problem)


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
    """One CORS(app, ...) call lists the bad kwargs and the bad resource options together."""
    bad: dict[str, Any] = {
        "max_age": -1,
        "resources": {r"/api/*": {"supports_credentials": "yes"}},
    }

    with pytest.raises(ConfigurationError) as raised:
        CORS(app, **bad)

    assert problems_of(raised.value) == {
        f"max_age=-1: is negative {MAX_AGE_FIX}",
        "resources['/api/*'].supports_credentials='yes': must be True or False"
        " (pass supports_credentials=True)",
    }


def test_every_problem_is_listed_across_an_invalid_pattern_and_bad_options(app: Flask) -> None:
    """An invalid resource regex does not hide a bad option of another resource."""
    bad: dict[str, Any] = {"resources": {r"/api/(": {}, r"/files/*": {"max_age": -1}}}

    with pytest.raises(ConfigurationError) as raised:
        CORS(app, **bad)

    assert len(raised.value.problems) == 2
    assert {problem.option for problem in raised.value.problems} == {
        "resources",
        "resources['/files/*'].max_age",
    }


def test_every_problem_is_listed_across_app_config_and_init_app(app: Flask) -> None:
    """init_app lists a bad CORS_* config value and its own bad options together."""
    app.config["CORS_MAX_AGE"] = "soon"
    bad: dict[str, Any] = {"always_send": "no"}

    with pytest.raises(ConfigurationError) as raised:
        CORS().init_app(app, **bad)

    assert {problem.option for problem in raised.value.problems} == {"max_age", "always_send"}


def test_every_problem_is_listed_for_cross_origin_with_automatic_options() -> None:
    """cross_origin lists a bad automatic_options together with bad CORS options."""
    bad: dict[str, Any] = {"max_age": -5, "automatic_options": "no"}

    with pytest.raises(ConfigurationError) as raised:
        cross_origin(**bad)

    assert {problem.option for problem in raised.value.problems} == {
        "max_age",
        "automatic_options",
    }
