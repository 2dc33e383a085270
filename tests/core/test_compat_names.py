"""flask-cors 6's module-level names in flask_cors.core, with flask-cors's values and behaviour."""

from __future__ import annotations

import logging
import re
from typing import Final

import pytest

import flask_cors.core as core
from flask_cors.core import (
    ConfigurationError,
    Policy,
    compat,
    ensure_iterable,
    flexible_str,
    get_allow_headers,
    get_cors_origins,
    get_regexp_pattern,
    parse_resources,
    probably_regex,
    re_fix,
    sanitize_regex_param,
    serialize_options,
    try_match_any_pattern,
    try_match_pattern,
)

APP = "https://app.example.com"
SHOP = "https://shop.example.com"

#: The public names of flask-cors 6.0.5's ``flask_cors.core`` (what its own
#: top-level statements define).
FLASK_CORS_6_NAMES: Final = (
    "ACL_ALLOW_HEADERS",
    "ACL_CREDENTIALS",
    "ACL_EXPOSE_HEADERS",
    "ACL_MAX_AGE",
    "ACL_METHODS",
    "ACL_ORIGIN",
    "ACL_REQUEST_HEADERS",
    "ACL_REQUEST_HEADER_PRIVATE_NETWORK",
    "ACL_REQUEST_METHOD",
    "ACL_RESPONSE_PRIVATE_NETWORK",
    "ALL_METHODS",
    "CONFIG_OPTIONS",
    "DEFAULT_OPTIONS",
    "FLASK_CORS_EVALUATED",
    "LOG",
    "CorsOptionsInput",
    "CrossOriginOptionsInput",
    "ExposeHeadersInput",
    "HeadersInput",
    "MaxAgeInput",
    "MethodsInput",
    "OriginsInput",
    "RegexObject",
    "ResourcePattern",
    "ResourceSpec",
    "ensure_iterable",
    "flexible_str",
    "get_allow_headers",
    "get_app_kwarg_dict",
    "get_cors_headers",
    "get_cors_options",
    "get_cors_origins",
    "get_regexp_pattern",
    "merge_options",
    "parse_resources",
    "probably_regex",
    "re_fix",
    "sanitize_regex_param",
    "serialize_options",
    "set_cors_headers",
    "try_match_any_pattern",
    "try_match_pattern",
)
#: The flask-cors 6.0.5 names that are also this package's API.
STILL_CURRENT: Final = frozenset(
    [name for name in FLASK_CORS_6_NAMES if name.startswith("ACL_")]
    + ["ALL_METHODS", "parse_resources"]
)


@pytest.mark.parametrize("name", FLASK_CORS_6_NAMES)
def test_every_flask_cors_6_name_is_importable(name: str) -> None:
    """Each public name of flask-cors 6.0.5's core can still be imported from flask_cors.core."""
    namespace: dict[str, object] = {}
    exec(f"from flask_cors.core import {name}", namespace)
    assert namespace[name] is getattr(core, name)


def test_star_import_brings_every_flask_cors_6_name() -> None:
    """from flask_cors.core import * brings 6.0.5's names, as flask-cors's own tests use it."""
    namespace: dict[str, object] = {}
    exec("from flask_cors.core import *", namespace)
    names = set(FLASK_CORS_6_NAMES) - {"CorsOptionsInput", "CrossOriginOptionsInput"}
    assert sorted(names - set(namespace)) == []
    assert namespace["try_match_pattern"] is core.try_match_pattern
    # And this package's own API.
    assert {"Policy", "RequestInfo", "decide", "Decision"} <= set(namespace)


def test_flask_cors_6_logger_names_at_the_top_level() -> None:
    """flask_cors.rootlogger is the "flask_cors" logger, NullHandler logging's, as in 6.0.5."""
    namespace: dict[str, object] = {}
    exec("from flask_cors import NullHandler, rootlogger", namespace)
    assert namespace["rootlogger"] is logging.getLogger("flask_cors")
    assert namespace["NullHandler"] is logging.NullHandler


def test_core_docstring_names_the_flask_cors_6_names_left_out_of_all() -> None:
    """The core's docstring names exactly the flask-cors 6.0.5 names its __all__ leaves out."""
    named = set(re.findall(r"``(\w+)``", core.__doc__ or "")) & set(FLASK_CORS_6_NAMES)
    assert named == set(FLASK_CORS_6_NAMES) - set(core.__all__)


def test_compat_all_is_what_the_core_reexports() -> None:
    """The names flask_cors.core.compat lists are flask-cors 6.0.5's, the same objects from core."""
    assert set(compat.__all__) <= set(FLASK_CORS_6_NAMES) - STILL_CURRENT
    assert all(getattr(core, name) is getattr(compat, name) for name in compat.__all__)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ACL_ORIGIN", "Access-Control-Allow-Origin"),
        ("ACL_METHODS", "Access-Control-Allow-Methods"),
        ("ACL_ALLOW_HEADERS", "Access-Control-Allow-Headers"),
        ("ACL_EXPOSE_HEADERS", "Access-Control-Expose-Headers"),
        ("ACL_CREDENTIALS", "Access-Control-Allow-Credentials"),
        ("ACL_MAX_AGE", "Access-Control-Max-Age"),
        ("ACL_RESPONSE_PRIVATE_NETWORK", "Access-Control-Allow-Private-Network"),
        ("ACL_REQUEST_METHOD", "Access-Control-Request-Method"),
        ("ACL_REQUEST_HEADERS", "Access-Control-Request-Headers"),
        ("ACL_REQUEST_HEADER_PRIVATE_NETWORK", "Access-Control-Request-Private-Network"),
        ("ALL_METHODS", ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"]),
        ("FLASK_CORS_EVALUATED", "_FLASK_CORS_EVALUATED"),
    ],
)
def test_constant(name: str, value: object) -> None:
    """Each flask-cors 6 constant exists in flask_cors.core with flask-cors's value."""
    assert getattr(core, name) == value


def test_config_options() -> None:
    """CONFIG_OPTIONS lists flask-cors's CORS_* keys in flask-cors's order."""
    assert core.CONFIG_OPTIONS == [
        "CORS_ORIGINS",
        "CORS_METHODS",
        "CORS_ALLOW_HEADERS",
        "CORS_EXPOSE_HEADERS",
        "CORS_SUPPORTS_CREDENTIALS",
        "CORS_MAX_AGE",
        "CORS_SEND_WILDCARD",
        "CORS_AUTOMATIC_OPTIONS",
        "CORS_VARY_HEADER",
        "CORS_RESOURCES",
        "CORS_INTERCEPT_EXCEPTIONS",
        "CORS_ALWAYS_SEND",
        "CORS_ALLOW_PRIVATE_NETWORK",
    ]


def test_default_options() -> None:
    """DEFAULT_OPTIONS holds flask-cors's raw defaults, shell options included."""
    assert core.DEFAULT_OPTIONS == {
        "origins": "*",
        "methods": ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"],
        "allow_headers": "*",
        "expose_headers": None,
        "supports_credentials": False,
        "max_age": None,
        "send_wildcard": False,
        "automatic_options": True,
        "vary_header": True,
        "resources": r"/*",
        "intercept_exceptions": True,
        "always_send": True,
        "allow_private_network": False,
    }


def test_regex_object_and_log() -> None:
    """RegexObject is the compiled-regex type and LOG is the 'flask_cors.core' logger."""
    assert core.RegexObject is re.Pattern
    assert isinstance(re.compile("x"), core.RegexObject)
    assert core.LOG is logging.getLogger("flask_cors.core")


def test_flask_helpers_load_lazily() -> None:
    """The Flask-needing helpers resolve on access; unknown names raise AttributeError."""
    for name in ("get_cors_headers", "get_cors_options", "get_app_kwarg_dict", "set_cors_headers"):
        assert callable(getattr(core, name))
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        _ = core.no_such_name  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (re.compile("plain"), True),
        ("*", True),
        (r"https://.*\.example\.com", True),
        ("^https://a", True),
        ("https://a$", True),
        ("https://a?", True),
        ("https://[ab]", True),
        ("https://(a)", True),
        (APP, False),
        ("", False),
    ],
)
def test_probably_regex(entry: str | re.Pattern[str], expected: bool) -> None:
    """probably_regex is true for compiled regexes and strings with regex characters."""
    assert probably_regex(entry) is expected


def test_re_fix() -> None:
    """re_fix turns '*' into '.*' and returns anything else unchanged."""
    pattern = re.compile("x")
    assert re_fix("*") == ".*"
    assert re_fix("/api/*") == "/api/*"
    assert re_fix(pattern) is pattern


@pytest.mark.parametrize(
    ("value", "pattern", "case_sensitive", "expected"),
    [
        ("https://a.com", "https://a.com", True, True),
        ("https://A.com", "https://a.com", True, False),
        ("https://A.com", "https://a.com", False, True),
        ("https://a.com/x", "https://a.com", False, False),
        ("https://a.com.evil", re.compile(r"https://a\.com"), True, True),
        ("x https://a.com", re.compile(r"https://a\.com"), True, False),
        ("HTTPS://A.COM", re.compile(r"https://a\.com"), False, False),
        (5, "5", True, True),
    ],
)
def test_try_match_pattern(
    value: object, pattern: str | re.Pattern[str], case_sensitive: bool, expected: bool
) -> None:
    """try_match_pattern matches regexes from the start with their own flags, literals whole."""
    assert try_match_pattern(value, pattern, caseSensitive=case_sensitive) is expected


def test_try_match_pattern_default_case_sensitive() -> None:
    """try_match_pattern compares literals case-sensitively by default."""
    assert try_match_pattern("A", "a") is False


def test_try_match_any_pattern() -> None:
    """try_match_any_pattern is true when any pattern matches."""
    patterns: list[str | re.Pattern[str]] = [APP, re.compile(r"https://.*\.example\.org")]
    assert try_match_any_pattern("https://x.example.org", patterns) is True
    assert try_match_any_pattern(APP.upper(), patterns, caseSensitive=False) is True
    assert try_match_any_pattern(APP.upper(), patterns) is False
    assert try_match_any_pattern(APP, []) is False


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (None, None),
        ("b, a", "b, a"),
        (["b", "a"], "a, b"),
        ({"b", "a"}, "a, b"),
        (("GET",), "GET"),
        ([2, 10, 1], "1, 2, 10"),
        ([], ""),
        (5, "5"),
    ],
)
def test_flexible_str(obj: object, expected: str | None) -> None:
    """flexible_str keeps strings, sorts and joins iterables, and keeps None."""
    assert flexible_str(obj) == expected


def test_ensure_iterable() -> None:
    """ensure_iterable wraps strings and scalars in a list and returns iterables as they are."""
    items = ["a"]
    pair = ("a", "b")
    assert ensure_iterable("abc") == ["abc"]
    assert ensure_iterable(5) == [5]
    assert ensure_iterable(None) == [None]
    assert ensure_iterable(items) is items
    assert ensure_iterable(pair) is pair


def test_sanitize_regex_param() -> None:
    """sanitize_regex_param gives a list with every '*' turned into '.*'."""
    pattern = re.compile("x")
    assert sanitize_regex_param("*") == [".*"]
    assert sanitize_regex_param(["*", APP, pattern]) == [".*", APP, pattern]
    assert sanitize_regex_param(pattern) == [pattern]
    assert sanitize_regex_param(None) == [None]


def test_get_regexp_pattern() -> None:
    """get_regexp_pattern gives a regex's source, or the string itself."""
    assert get_regexp_pattern(re.compile(r"/api/.*")) == "/api/.*"
    assert get_regexp_pattern("/api") == "/api"


def test_serialize_options_builds_policy() -> None:
    """serialize_options returns the Policy for the options, ignoring shell-only options."""
    policy = serialize_options(
        {
            "origins": [APP],
            "max_age": 5,
            "resources": r"/*",
            "automatic_options": True,
            "intercept_exceptions": False,
        }
    )
    assert policy == Policy(origins=[APP], max_age=5)


def test_serialize_options_warns_on_unknown(caplog: pytest.LogCaptureFixture) -> None:
    """An unknown option is logged as a warning on 'flask_cors.core' and left out."""
    with caplog.at_level(logging.WARNING, logger="flask_cors.core"):
        policy = serialize_options({"origin": APP, "methods": ["GET"]})
    assert policy == Policy(methods=["GET"])
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("flask_cors.core", logging.WARNING, "Unknown option passed to Flask-CORS: 'origin'")
    ]


def test_serialize_options_raises_value_error() -> None:
    """Options flask-cors refused too raise ConfigurationError, which is a ValueError."""
    with pytest.raises(ValueError, match=r"send_wildcard=True: cannot be combined") as raised:
        serialize_options({"origins": "*", "supports_credentials": True, "send_wildcard": True})
    assert isinstance(raised.value, ConfigurationError)


def test_serialize_options_keeps_what_flask_cors_accepted() -> None:
    """Options flask-cors ran as written give a Policy holding them, with the finding."""
    policy = serialize_options({"max_age": -1})
    assert (policy.max_age, policy.header_text.max_age) == (-1, "-1")
    assert [str(finding) for finding in policy.findings] == [
        "max_age=-1: is negative; browsers ignore it (give whole seconds as an int >= 0, "
        "a string of digits, or a timedelta)"
    ]


@pytest.mark.parametrize(
    ("policy", "origin", "expected"),
    [
        pytest.param(Policy(), APP, [APP], id="default-echo"),
        pytest.param(Policy(send_wildcard=True), APP, ["*"], id="send-wildcard"),
        pytest.param(Policy(origins=[APP]), SHOP, None, id="not-allowed"),
        pytest.param(Policy(origins=[SHOP, APP]), None, [APP, SHOP], id="no-origin-literals"),
        pytest.param(Policy(), None, ["*"], id="no-origin-star"),
        pytest.param(Policy(supports_credentials=True), None, None, id="no-origin-credentials"),
        pytest.param(Policy(always_send=False), None, None, id="no-origin-always-send-off"),
        pytest.param(Policy(), "https://a.example\r\n", None, id="malformed"),
    ],
)
def test_get_cors_origins(policy: Policy, origin: str | None, expected: list[str] | None) -> None:
    """get_cors_origins gives the Access-Control-Allow-Origin values, or None for none."""
    assert get_cors_origins(policy, origin) == expected


@pytest.mark.parametrize(
    ("policy", "requested", "expected"),
    [
        pytest.param(Policy(), "b, A", "A, b", id="all-sorted"),
        pytest.param(Policy(allow_headers=["x-a"]), "X-A, X-B", "X-A", id="filtered"),
        pytest.param(Policy(allow_headers=["x-a"]), "X-B", "", id="none-allowed"),
        pytest.param(Policy(), None, None, id="absent"),
        pytest.param(Policy(), "", None, id="empty"),
    ],
)
def test_get_allow_headers(policy: Policy, requested: str | None, expected: str | None) -> None:
    """get_allow_headers joins the allowed requested headers, or gives None if none were asked."""
    assert get_allow_headers(policy, requested) == expected


def test_parse_resources_is_exported() -> None:
    """parse_resources is importable from flask_cors.core and sorts as flask-cors does."""
    assert parse_resources({"/a/*": {}, "/a/b": {}}) == [("/a/b", {}), (re.compile("/a/*"), {})]
