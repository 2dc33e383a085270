"""Policy: every input shape normalised once, every error and finding reported at once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta

import attrs
import pytest

from flask_cors.core import ConfigurationError, HeaderText, PatternSet, Policy, Problem, ProblemCode

APP = "https://app.example.com"
SHOP = "https://shop.example.com"
SUBDOMAINS = r"https://.*\.example\.com"

TOKEN_FIX = "remove spaces, quotes and separators"
MAX_AGE_FIX = "give whole seconds as an int >= 0, a string of digits, or a timedelta"
REGEX_FIX = "escape regex characters with re.escape() if it is meant literally"
KNOWN = (
    "known options: origins, methods, allow_headers, expose_headers, supports_credentials, "
    "max_age, send_wildcard, vary_header, always_send, allow_private_network"
)


def literals(*names: str) -> PatternSet:
    return PatternSet(
        literals=names, patterns=(), matches_all=False, size=len(names), ignore_case=True
    )


def generate(*items: str) -> Iterator[str]:
    yield from items


# --- Defaults -------------------------------------------------------------


def test_defaults() -> None:
    """Policy() holds flask-cors 6's defaults in normalised form and no explicit options."""
    policy = Policy()
    star = PatternSet(literals=(), patterns=(), matches_all=True, size=1, ignore_case=True)
    assert policy.origins == star
    assert policy.allow_headers == star
    assert policy.methods == ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
    assert policy.header_text == HeaderText(
        "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT", None, None
    )
    assert policy.expose_headers == ()
    assert policy.max_age is None
    assert (
        policy.supports_credentials,
        policy.send_wildcard,
        policy.vary_header,
        policy.always_send,
        policy.allow_private_network,
    ) == (False, False, True, True, False)
    assert policy.explicit == frozenset()


def test_from_options_matches_keywords() -> None:
    """Policy.from_options(mapping) builds the same policy as the keyword form."""
    options: dict[str, object] = {
        "origins": [APP, SUBDOMAINS],
        "methods": "get",
        "max_age": 5,
        "supports_credentials": True,
    }
    assert Policy.from_options(options) == Policy(
        origins=[APP, SUBDOMAINS], methods="get", max_age=5, supports_credentials=True
    )
    assert Policy.from_options({}) == Policy()


def test_policy_is_frozen() -> None:
    """A Policy cannot be changed after it is built."""
    policy = Policy()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.max_age = 5  # type: ignore[misc]


def test_explicit_records_given_options() -> None:
    """explicit names exactly the options passed, even when passed their default value."""
    assert Policy(origins="*", max_age=None, vary_header=True).explicit == {
        "origins",
        "max_age",
        "vary_header",
    }
    assert Policy.from_options({"methods": ["GET"]}).explicit == {"methods"}


# --- Origins and allow_headers ----------------------------------------------


def test_origins_star() -> None:
    """origins='*' sets matches_all and is no regex, so it does not list the opaque 'null'."""
    parsed = Policy(origins="*").origins
    assert parsed == PatternSet(
        literals=(), patterns=(), matches_all=True, size=1, ignore_case=True
    )
    assert parsed.matches("null") is True
    assert parsed.matches_listed("null") is False


def test_origins_literal_string() -> None:
    """A string without regex characters is one literal origin."""
    assert Policy(origins=APP).origins == literals(APP)


def test_origins_regex_string() -> None:
    """A string with regex characters is compiled case-insensitively."""
    assert Policy(origins=SUBDOMAINS).origins == PatternSet(
        literals=(),
        patterns=(re.compile(SUBDOMAINS, re.IGNORECASE),),
        matches_all=False,
        size=1,
        ignore_case=True,
    )


def test_origins_compiled_regex_kept() -> None:
    """A compiled regex is kept as given, with its own flags."""
    pattern = re.compile(r"https://[a-z]+\.example\.com")
    parsed = Policy(origins=pattern).origins
    assert parsed.patterns == (pattern,)
    assert parsed.patterns[0].flags & re.IGNORECASE == 0
    assert (parsed.literals, parsed.matches_all, parsed.size) == ((), False, 1)


def test_origins_mixed_list() -> None:
    """A list is split into literals and patterns, keeping configuration order."""
    pattern = re.compile("https://x")
    assert Policy(origins=[SHOP, SUBDOMAINS, APP, pattern]).origins == PatternSet(
        literals=(SHOP, APP),
        patterns=(re.compile(SUBDOMAINS, re.IGNORECASE), pattern),
        matches_all=False,
        size=4,
        ignore_case=True,
    )


def test_origins_star_in_list() -> None:
    """'*' inside a list turns on matches_all beside the other entries."""
    parsed = Policy(origins=[APP, "*"]).origins
    assert parsed == PatternSet(
        literals=(APP,), patterns=(), matches_all=True, size=2, ignore_case=True
    )


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda: (SHOP, APP), id="tuple"),
        pytest.param(lambda: [SHOP, APP], id="list"),
        pytest.param(lambda: generate(SHOP, APP), id="generator"),
        pytest.param(lambda: {SHOP: 1, APP: 2}.keys(), id="dict-keys"),
    ],
)
def test_origins_ordered_iterables(shape: Callable[[], Iterable[str]]) -> None:
    """Tuples, lists, generators and other ordered iterables give the same literals."""
    assert Policy(origins=shape()).origins == literals(SHOP, APP)


@pytest.mark.parametrize("shape", [set, frozenset], ids=["set", "frozenset"])
def test_origins_sets(shape: type[set[str]] | type[frozenset[str]]) -> None:
    """A set of origins gives the same literals in some order."""
    parsed = Policy(origins=shape({APP, SHOP})).origins
    assert sorted(parsed.literals) == [APP, SHOP]
    assert (parsed.patterns, parsed.matches_all, parsed.size) == ((), False, 2)


def test_origins_empty_list() -> None:
    """An empty origins list is accepted and allows nothing."""
    assert Policy(origins=[]).origins == literals()


def test_allow_headers_shapes() -> None:
    """allow_headers takes the same shapes as origins and also ignores case."""
    assert Policy(allow_headers="Content-Type").allow_headers == literals("Content-Type")
    assert Policy(allow_headers=["X-A", r"X-B-.*"]).allow_headers == PatternSet(
        literals=("X-A",),
        patterns=(re.compile(r"X-B-.*", re.IGNORECASE),),
        matches_all=False,
        size=2,
        ignore_case=True,
    )


# --- Methods, expose_headers, max_age ----------------------------------------


@pytest.mark.parametrize(
    ("given", "names", "sent"),
    [
        pytest.param("get, post", ("GET", "POST"), "GET, POST", id="string-upper-cased"),
        pytest.param("post,get", ("POST", "GET"), "POST,GET", id="string-order-kept"),
        pytest.param(["put", "GET"], ("GET", "PUT"), "GET, PUT", id="list-sorted"),
        pytest.param(("b", "a"), ("A", "B"), "A, B", id="tuple"),
        pytest.param({"PATCH"}, ("PATCH",), "PATCH", id="set"),
        pytest.param(generate("delete", "get"), ("DELETE", "GET"), "DELETE, GET", id="generator"),
        pytest.param([], (), None, id="empty-list"),
    ],
)
def test_methods(given: str | Iterable[str], names: tuple[str, ...], sent: str | None) -> None:
    """methods holds the names, and the Access-Control-Allow-Methods value flask-cors sends."""
    policy = Policy(methods=given)
    assert (policy.methods, policy.header_text.methods) == (names, sent)


@pytest.mark.parametrize(
    ("given", "names", "sent"),
    [
        pytest.param("X-B, X-A", ("X-B", "X-A"), "X-B, X-A", id="string-as-is"),
        pytest.param("x-lower", ("x-lower",), "x-lower", id="string-case-kept"),
        pytest.param(["X-B", "X-A"], ("X-A", "X-B"), "X-A, X-B", id="list-sorted"),
        pytest.param({"X-Only"}, ("X-Only",), "X-Only", id="set"),
        pytest.param(generate("b", "a"), ("a", "b"), "a, b", id="generator"),
        pytest.param([], (), None, id="empty-list"),
        pytest.param(None, (), None, id="none"),
    ],
)
def test_expose_headers(
    given: str | Iterable[str] | None, names: tuple[str, ...], sent: str | None
) -> None:
    """expose_headers holds the names, and the Access-Control-Expose-Headers value, case kept."""
    policy = Policy(expose_headers=given)
    assert (policy.expose_headers, policy.header_text.expose_headers) == (names, sent)


@pytest.mark.parametrize(
    ("given", "seconds", "sent"),
    [
        pytest.param(600, 600, "600", id="int"),
        pytest.param(0, 0, "0", id="zero"),
        pytest.param("600", 600, "600", id="digit-string"),
        pytest.param("0600", 600, "0600", id="digit-string-leading-zero"),
        pytest.param("0", 0, "0", id="zero-string"),
        pytest.param("", None, None, id="empty-string"),
        pytest.param(None, None, None, id="none"),
        pytest.param(timedelta(hours=1), 3600, "3600", id="timedelta"),
        pytest.param(
            timedelta(seconds=59, microseconds=999_999), 59, "59", id="timedelta-truncated"
        ),
        pytest.param(timedelta(0), 0, "0", id="timedelta-zero"),
    ],
)
def test_max_age(
    given: int | str | timedelta | None, seconds: int | None, sent: str | None
) -> None:
    """max_age holds whole seconds, and the Access-Control-Max-Age value flask-cors sends."""
    policy = Policy(max_age=given)
    assert (policy.max_age, policy.header_text.max_age) == (seconds, sent)


@pytest.mark.parametrize(
    "name",
    [
        "supports_credentials",
        "send_wildcard",
        "vary_header",
        "always_send",
        "allow_private_network",
    ],
)
@pytest.mark.parametrize("value", [True, False])
def test_boolean_flags(name: str, value: bool) -> None:
    """Each boolean flag keeps the bool it is given."""
    assert getattr(Policy.from_options({name: value}), name) is value


# --- Errors ------------------------------------------------------------------


def problems_of(options: dict[str, object]) -> tuple[Problem, ...]:
    with pytest.raises(ConfigurationError) as caught:
        Policy.from_options(options)
    return caught.value.problems


def findings_of(options: dict[str, object]) -> tuple[Policy, tuple[Problem, ...]]:
    policy = Policy.from_options(options)
    return policy, policy.findings


def test_configuration_error_is_value_error() -> None:
    """ConfigurationError subclasses ValueError, so flask-cors callers still catch it."""
    assert issubclass(ConfigurationError, ValueError)
    with pytest.raises(ValueError, match="invalid CORS configuration"):
        Policy(supports_credentials="False")  # type: ignore[arg-type]


def test_every_problem_reported_at_once() -> None:
    """All errors of a configuration come in one error, in option order, each with its fix."""
    with pytest.raises(ConfigurationError) as caught:
        Policy.from_options(
            {
                "origin": APP,
                "origins": [APP, re.compile(b"x")],
                "methods": "GET POST",
                "allow_headers": "[",
                "expose_headers": ["X\nA", "ok"],
                "supports_credentials": "False",
                "max_age": -1,
                "vary_header": None,
            }
        )
    error = caught.value
    assert error.problems == (
        Problem(
            "origin",
            APP,
            "is not a CORS option",
            "did you mean 'origins'?",
            code=ProblemCode.UNKNOWN_OPTION,
        ),
        Problem(
            "origins",
            re.compile(b"x"),
            "is a bytes regex",
            "compile a str pattern",
            code=ProblemCode.BYTES_REGEX,
        ),
        Problem(
            "allow_headers",
            "[",
            "is not a valid regex: unterminated character set at position 0",
            REGEX_FIX,
            code=ProblemCode.INVALID_REGEX,
        ),
        Problem(
            "expose_headers",
            "X\nA",
            "holds a control character, which no header can carry",
            code=ProblemCode.CONTROL_CHARACTER,
        ),
        Problem(
            "supports_credentials",
            "False",
            "is a string, and flask-cors 6 read every non-empty string as True",
            "pass supports_credentials=False",
            code=ProblemCode.NOT_A_BOOL,
        ),
    )
    assert str(error) == (
        "invalid CORS configuration, 5 problems:\n"
        "  - origin='https://app.example.com': is not a CORS option (did you mean 'origins'?)\n"
        "  - origins=re.compile(b'x'): is a bytes regex (compile a str pattern)\n"
        "  - allow_headers='[': is not a valid regex: unterminated character set at position 0 "
        f"({REGEX_FIX})\n"
        "  - expose_headers='X\\nA': holds a control character, which no header can carry\n"
        "  - supports_credentials='False': is a string, and flask-cors 6 read every non-empty "
        "string as True (pass supports_credentials=False)"
    )


def test_every_finding_reported_at_once() -> None:
    """All findings are kept in option order with fixes; values are read as flask-cors 6 did."""
    policy, findings = findings_of(
        {
            "origins": None,
            "methods": "GET POST",
            "expose_headers": ["X A", "ok"],
            "supports_credentials": 1,
            "max_age": -1,
            "vary_header": None,
        }
    )
    assert findings == (
        Problem(
            "origins",
            None,
            "is None, which allows nothing",
            "pass an empty list to allow no origins, or leave the option out for the default",
            code=ProblemCode.NONE_VALUE,
        ),
        Problem(
            "methods",
            "GET POST",
            "is not a valid HTTP token",
            TOKEN_FIX,
            code=ProblemCode.NOT_A_TOKEN,
        ),
        Problem(
            "expose_headers",
            "X A",
            "is not a valid HTTP token",
            TOKEN_FIX,
            code=ProblemCode.NOT_A_TOKEN,
        ),
        Problem(
            "supports_credentials",
            1,
            "is not True or False; read as True, as flask-cors 6 did",
            "pass supports_credentials=True",
            code=ProblemCode.NOT_A_BOOL,
        ),
        Problem(
            "max_age",
            -1,
            "is negative; browsers ignore it",
            MAX_AGE_FIX,
            code=ProblemCode.NEGATIVE_SECONDS,
        ),
        Problem(
            "vary_header",
            None,
            "is not True or False; read as False, as flask-cors 6 did",
            "pass vary_header=False",
            code=ProblemCode.NOT_A_BOOL,
        ),
    )
    assert [str(finding) for finding in findings] == [
        "origins=None: is None, which allows nothing (pass an empty list to allow no origins, "
        "or leave the option out for the default)",
        f"methods='GET POST': is not a valid HTTP token ({TOKEN_FIX})",
        f"expose_headers='X A': is not a valid HTTP token ({TOKEN_FIX})",
        "supports_credentials=1: is not True or False; read as True, as flask-cors 6 did "
        "(pass supports_credentials=True)",
        f"max_age=-1: is negative; browsers ignore it ({MAX_AGE_FIX})",
        "vary_header=None: is not True or False; read as False, as flask-cors 6 did "
        "(pass vary_header=False)",
    ]
    assert policy.origins == PatternSet((), (), matches_all=False, size=0, ignore_case=True)
    assert (policy.methods, policy.expose_headers, policy.max_age) == (
        ("GET POST",),
        ("X A", "ok"),
        -1,
    )
    assert policy.header_text == HeaderText("GET POST", "X A, ok", "-1")
    assert (policy.supports_credentials, policy.vary_header) == (True, False)


def test_single_problem_message() -> None:
    """One problem is announced as '1 problem', and a problem without a fix has no parentheses."""
    with pytest.raises(ConfigurationError) as caught:
        Policy.from_options({"expose_headers": ["X-A\r\nX-B"]})
    assert str(caught.value) == (
        "invalid CORS configuration, 1 problem:\n"
        "  - expose_headers='X-A\\r\\nX-B': holds a control character, which no header can carry"
    )
    assert caught.value.problems == (
        Problem(
            "expose_headers",
            "X-A\r\nX-B",
            "holds a control character, which no header can carry",
            code=ProblemCode.CONTROL_CHARACTER,
        ),
    )


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param(
            {"max_ages": 5},
            Problem(
                "max_ages",
                5,
                "is not a CORS option",
                "did you mean 'max_age'?",
                code=ProblemCode.UNKNOWN_OPTION,
            ),
            id="unknown-close-to-max-age",
        ),
        pytest.param(
            {"supports_credential": True},
            Problem(
                "supports_credential",
                True,
                "is not a CORS option",
                "did you mean 'supports_credentials'?",
                code=ProblemCode.UNKNOWN_OPTION,
            ),
            id="unknown-close-to-supports-credentials",
        ),
        pytest.param(
            {"zzz": 1},
            Problem("zzz", 1, "is not a CORS option", KNOWN, code=ProblemCode.UNKNOWN_OPTION),
            id="unknown-nothing-close",
        ),
        pytest.param(
            {"resources": "/api/*"},
            Problem(
                "resources",
                "/api/*",
                "is not a CORS option",
                KNOWN,
                code=ProblemCode.UNKNOWN_OPTION,
            ),
            id="shell-option-not-a-policy-option",
        ),
        pytest.param(
            {"allow_private_network": "no"},
            Problem(
                "allow_private_network",
                "no",
                "is a string, and flask-cors 6 read every non-empty string as True",
                "pass allow_private_network=False",
                code=ProblemCode.NOT_A_BOOL,
            ),
            id="flag-string-spelling-false",
        ),
        pytest.param(
            {"max_age": "٣"},
            Problem(
                "max_age",
                "٣",
                "is not a number of seconds",
                MAX_AGE_FIX,
                code=ProblemCode.NOT_SECONDS,
            ),
            id="max-age-non-ascii-digit",
        ),
        pytest.param(
            {"expose_headers": ["X-A\r\nX-B"]},
            Problem(
                "expose_headers",
                "X-A\r\nX-B",
                "holds a control character, which no header can carry",
                code=ProblemCode.CONTROL_CHARACTER,
            ),
            id="expose-crlf",
        ),
        pytest.param(
            {"methods": "GET\x00"},
            Problem(
                "methods",
                "GET\x00",
                "holds a control character, which no header can carry",
                code=ProblemCode.CONTROL_CHARACTER,
            ),
            id="method-nul",
        ),
        pytest.param(
            {"origins": "https://(a.com"},
            Problem(
                "origins",
                "https://(a.com",
                "is not a valid regex: missing ), unterminated subpattern at position 8",
                REGEX_FIX,
                code=ProblemCode.INVALID_REGEX,
            ),
            id="origin-invalid-regex",
        ),
        pytest.param(
            {"origins": [re.compile(b"https://a")]},
            Problem(
                "origins",
                re.compile(b"https://a"),
                "is a bytes regex",
                "compile a str pattern",
                code=ProblemCode.BYTES_REGEX,
            ),
            id="origin-bytes-regex",
        ),
        pytest.param(
            {"allow_headers": ["X-A", "X-(B"]},
            Problem(
                "allow_headers",
                "X-(B",
                "is not a valid regex: missing ), unterminated subpattern at position 2",
                REGEX_FIX,
                code=ProblemCode.INVALID_REGEX,
            ),
            id="allow-headers-invalid-regex",
        ),
    ],
)
def test_single_problem(options: dict[str, object], expected: Problem) -> None:
    """Each kind of invalid option is reported with its value, message and fix."""
    assert problems_of(options) == (expected,)


@pytest.mark.parametrize(
    ("options", "expected", "value"),
    [
        pytest.param(
            {"send_wildcard": "yes"},
            Problem(
                "send_wildcard",
                "yes",
                "is not True or False; read as True, as flask-cors 6 did",
                "pass send_wildcard=True",
                code=ProblemCode.NOT_A_BOOL,
            ),
            True,
            id="flag-string",
        ),
        pytest.param(
            {"always_send": 0},
            Problem(
                "always_send",
                0,
                "is not True or False; read as False, as flask-cors 6 did",
                "pass always_send=False",
                code=ProblemCode.NOT_A_BOOL,
            ),
            False,
            id="flag-zero",
        ),
        pytest.param(
            {"allow_private_network": None},
            Problem(
                "allow_private_network",
                None,
                "is not True or False; read as False, as flask-cors 6 did",
                "pass allow_private_network=False",
                code=ProblemCode.NOT_A_BOOL,
            ),
            False,
            id="flag-none",
        ),
        pytest.param(
            {"max_age": timedelta(seconds=-3)},
            Problem(
                "max_age",
                timedelta(seconds=-3),
                "is negative; browsers ignore it",
                MAX_AGE_FIX,
                code=ProblemCode.NEGATIVE_SECONDS,
            ),
            "-3",
            id="max-age-negative-timedelta",
        ),
        pytest.param(
            {"max_age": "1.5"},
            Problem(
                "max_age",
                "1.5",
                "is not a number of seconds; browsers ignore it",
                MAX_AGE_FIX,
                code=ProblemCode.NOT_SECONDS,
            ),
            "1.5",
            id="max-age-decimal-string",
        ),
        pytest.param(
            {"max_age": "-5"},
            Problem(
                "max_age",
                "-5",
                "is not a number of seconds; browsers ignore it",
                MAX_AGE_FIX,
                code=ProblemCode.NOT_SECONDS,
            ),
            "-5",
            id="max-age-negative-string",
        ),
        pytest.param(
            {"max_age": 1.5},
            Problem(
                "max_age",
                1.5,
                "is not a number of seconds; browsers ignore it",
                MAX_AGE_FIX,
                code=ProblemCode.NOT_SECONDS,
            ),
            "1.5",
            id="max-age-float",
        ),
        pytest.param(
            {"max_age": True},
            Problem(
                "max_age",
                True,
                "is not a number of seconds; browsers ignore it",
                MAX_AGE_FIX,
                code=ProblemCode.NOT_SECONDS,
            ),
            "True",
            id="max-age-bool",
        ),
        pytest.param(
            {"methods": ["GET", "PO ST"]},
            Problem(
                "methods",
                "PO ST",
                "is not a valid HTTP token",
                TOKEN_FIX,
                code=ProblemCode.NOT_A_TOKEN,
            ),
            "GET, PO ST",
            id="method-list-item-with-space",
        ),
        pytest.param(
            {"methods": "GET;POST"},
            Problem(
                "methods",
                "GET;POST",
                "is not a valid HTTP token",
                TOKEN_FIX,
                code=ProblemCode.NOT_A_TOKEN,
            ),
            "GET;POST",
            id="method-string-with-separator",
        ),
        pytest.param(
            {"methods": [1]},
            Problem(
                "methods",
                1,
                "is not a string; sent as str() of it, as flask-cors 6 did",
                code=ProblemCode.NOT_A_STRING,
            ),
            "1",
            id="method-not-string",
        ),
        pytest.param(
            {"methods": None},
            Problem(
                "methods",
                None,
                "is None, which allows nothing",
                "pass an empty list to allow no methods, or leave the option out for the default",
                code=ProblemCode.NONE_VALUE,
            ),
            None,
            id="methods-none",
        ),
        pytest.param(
            {"expose_headers": "X-A, X(B)"},
            Problem(
                "expose_headers",
                "X(B)",
                "is not a valid HTTP token",
                TOKEN_FIX,
                code=ProblemCode.NOT_A_TOKEN,
            ),
            "X-A, X(B)",
            id="expose-string-item-with-separator",
        ),
        pytest.param(
            {"expose_headers": 5},
            Problem(
                "expose_headers",
                5,
                "is not a string; sent as str() of it, as flask-cors 6 did",
                code=ProblemCode.NOT_A_STRING,
            ),
            "5",
            id="expose-not-string",
        ),
        pytest.param(
            {"origins": [APP, 5]},
            Problem(
                "origins",
                5,
                "is not a string or regex, so it never matches",
                "give a string, a compiled regex, or a list of them",
                code=ProblemCode.NOT_A_STRING,
            ),
            PatternSet((APP,), (), matches_all=False, size=2, ignore_case=True),
            id="origin-not-string",
        ),
        pytest.param(
            {"allow_headers": None},
            Problem(
                "allow_headers",
                None,
                "is None, which allows nothing",
                "pass an empty list to allow no allow_headers, "
                "or leave the option out for the default",
                code=ProblemCode.NONE_VALUE,
            ),
            PatternSet((), (), matches_all=False, size=0, ignore_case=True),
            id="allow-headers-none",
        ),
    ],
)
def test_single_finding(options: dict[str, object], expected: Problem, value: object) -> None:
    """Each option flask-cors 6 ran as written is a finding with its fix, read as 6 read it."""
    policy, findings = findings_of(options)
    assert findings == (expected,)
    (name,) = options
    # The list options are checked as they are sent.
    held = policy.header_text if name in ("methods", "expose_headers", "max_age") else policy
    assert getattr(held, name) == value


def test_several_problems_in_one_option() -> None:
    """Several bad entries of one option are each reported, errors and findings apart."""
    assert problems_of({"origins": [re.compile(b"x"), 3, "(", APP]}) == (
        Problem(
            "origins",
            re.compile(b"x"),
            "is a bytes regex",
            "compile a str pattern",
            code=ProblemCode.BYTES_REGEX,
        ),
        Problem(
            "origins",
            "(",
            "is not a valid regex: missing ), unterminated subpattern at position 0",
            REGEX_FIX,
            code=ProblemCode.INVALID_REGEX,
        ),
    )
    policy, findings = findings_of({"origins": [3, APP, None]})
    assert findings == (
        Problem(
            "origins",
            3,
            "is not a string or regex, so it never matches",
            "give a string, a compiled regex, or a list of them",
            code=ProblemCode.NOT_A_STRING,
        ),
        Problem(
            "origins",
            None,
            "is not a string or regex, so it never matches",
            "give a string, a compiled regex, or a list of them",
            code=ProblemCode.NOT_A_STRING,
        ),
    )
    assert policy.origins == PatternSet((APP,), (), matches_all=False, size=3, ignore_case=True)


WILDCARD_CREDENTIALS = Problem(
    "send_wildcard",
    True,
    "cannot be combined with origins='*' and supports_credentials=True: browsers reject "
    "'Access-Control-Allow-Origin: *' on credentialed requests",
    "list the allowed origins, or set send_wildcard=False",
    code=ProblemCode.WILDCARD_WITH_CREDENTIALS,
)


def test_wildcard_with_credentials_rejected() -> None:
    """origins='*' with supports_credentials and send_wildcard is refused, as in flask-cors."""
    with pytest.raises(ConfigurationError) as caught:
        Policy(origins="*", supports_credentials=True, send_wildcard=True)
    assert caught.value.problems == (WILDCARD_CREDENTIALS,)


def test_wildcard_with_credentials_by_default_origins() -> None:
    """The default origins count as '*' for the credentials and send_wildcard conflict."""
    assert problems_of({"supports_credentials": True, "send_wildcard": True}) == (
        WILDCARD_CREDENTIALS,
    )


def test_wildcard_conflict_reported_with_other_problems() -> None:
    """The conflict is reported beside the per-option errors, after them."""
    assert problems_of({"supports_credentials": True, "send_wildcard": True, "max_age": "٣"}) == (
        Problem(
            "max_age", "٣", "is not a number of seconds", MAX_AGE_FIX, code=ProblemCode.NOT_SECONDS
        ),
        WILDCARD_CREDENTIALS,
    )


def test_wildcard_conflict_from_merge() -> None:
    """A merge that brings the three settings together raises, though each side is valid."""
    credentials = Policy(supports_credentials=True)
    wildcard = Policy(send_wildcard=True)
    with pytest.raises(ConfigurationError) as caught:
        credentials.merge(wildcard)
    assert caught.value.problems == (WILDCARD_CREDENTIALS,)
    listed = Policy(origins=[APP], supports_credentials=True, send_wildcard=True)
    with pytest.raises(ConfigurationError) as caught:
        listed.merge(Policy(origins="*"))
    assert caught.value.problems == (WILDCARD_CREDENTIALS,)


def test_wildcard_allowed_without_star() -> None:
    """send_wildcard with credentials is fine when origins is not '*'."""
    policy = Policy(origins=[APP], supports_credentials=True, send_wildcard=True)
    assert (policy.send_wildcard, policy.supports_credentials) == (True, True)


def test_dot_star_with_credentials_rejected() -> None:
    """origins='.*' is '*' to flask-cors, so the credentials conflict is refused for it too."""
    with pytest.raises(ConfigurationError):
        Policy(origins=".*", supports_credentials=True, send_wildcard=True)


@pytest.mark.parametrize(
    ("value", "fix"),
    [
        ("false", "pass supports_credentials=False"),
        ("False", "pass supports_credentials=False"),
        (" off ", "pass supports_credentials=False"),
        ("0", "pass supports_credentials=False"),
        ("no", "pass supports_credentials=False"),
    ],
)
def test_flag_string_spelling_false_is_refused(value: str, fix: str) -> None:
    """A word for false is refused where reading it as 6.0.5 did (True) opens credentials."""
    assert problems_of({"supports_credentials": value}) == (
        Problem(
            "supports_credentials",
            value,
            "is a string, and flask-cors 6 read every non-empty string as True",
            fix,
            code=ProblemCode.NOT_A_BOOL,
        ),
    )


@pytest.mark.parametrize("name", ["send_wildcard", "vary_header", "always_send"])
@pytest.mark.parametrize("value", ["False", "false", " off ", "0", "no"])
def test_flag_string_spelling_false_is_read_as_flask_cors_6_read_it(name: str, value: str) -> None:
    """A word for false given to a flag that opens nothing is read as True, as 6.0.5 read it.

    ``resources={r"/*": {"send_wildcard": "False"}}`` is in public code:
    flask-cors 6.0.5 ran it with send_wildcard on. So does this package,
    with a finding that says so (an error in strict mode only).
    """
    policy, findings = findings_of({name: value})
    assert findings == (
        Problem(
            name,
            value,
            f"is a string, read as True as flask-cors 6 read every non-empty string: {name} is on",
            f"pass {name}=False to turn it off, or {name}=True to keep it on",
            code=ProblemCode.NOT_A_BOOL,
        ),
    )
    assert getattr(policy, name) is True


def test_send_wildcard_string_false_with_credentials_and_any_origin_is_refused() -> None:
    """Read as 6.0.5 read it, send_wildcard='False' with credentials and '*' is refused as there."""
    problems = problems_of({"supports_credentials": True, "send_wildcard": "False"})
    assert [problem.code for problem in problems] == [ProblemCode.WILDCARD_WITH_CREDENTIALS]


@pytest.mark.parametrize(
    ("value", "read", "fix"),
    [
        ("", False, "pass supports_credentials=False"),
        ([], False, "pass supports_credentials=False"),
        ("true", True, "pass supports_credentials=True"),
        ("YES", True, "pass supports_credentials=True"),
        ("maybe", True, "pass supports_credentials=True or supports_credentials=False"),
        (2, True, "pass supports_credentials=True or supports_credentials=False"),
    ],
)
def test_flag_fix_follows_the_word(value: object, read: bool, fix: str) -> None:
    """Other non-boolean flags are read by truthiness as flask-cors 6 did, fixed as meant."""
    policy, findings = findings_of({"supports_credentials": value})
    assert findings == (
        Problem(
            "supports_credentials",
            value,
            f"is not True or False; read as {read}, as flask-cors 6 did",
            fix,
            code=ProblemCode.NOT_A_BOOL,
        ),
    )
    assert policy.supports_credentials is read


def test_problem_str() -> None:
    """A Problem renders as option=value: message, with the fix in parentheses."""
    assert (
        str(Problem("origins", "x", "is bad", "do y", code=ProblemCode.NOT_AN_ORIGIN))
        == "origins='x': is bad (do y)"
    )
    assert (
        str(Problem("origins", 3, "is bad", code=ProblemCode.NOT_AN_ORIGIN)) == "origins=3: is bad"
    )


def test_configuration_error_from_problems() -> None:
    """ConfigurationError can be built from any iterable of problems and keeps them in order."""
    first = Problem("a", 1, "one", code=ProblemCode.UNKNOWN_OPTION)
    second = Problem("b", 2, "two", "fix", code=ProblemCode.UNKNOWN_OPTION)
    error = ConfigurationError(iter([first, second]))
    assert error.problems == (first, second)
    assert str(error) == "invalid CORS configuration, 2 problems:\n  - a=1: one\n  - b=2: two (fix)"
