"""ProblemCode: every problem names the check that found it, as data code can test."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import pytest

from flask_cors.core import ConfigurationError, Policy, Problem, ProblemCode, lint
from flask_cors.core.checks import remembered
from flask_cors.core.errors import Found
from flask_cors.core.lint import unseen
from flask_cors.core.resources import collect_resources
from flask_cors.core.upgrade import upgrade_notes


def errors_of(options: Any) -> list[ProblemCode]:
    with pytest.raises(ConfigurationError) as raised:
        Policy.from_options(options)
    return [problem.code for problem in raised.value.problems]


def findings_of(options: Any) -> list[ProblemCode]:
    return [problem.code for problem in Policy.from_options(options).findings]


def insecure_of(options: Any) -> list[ProblemCode]:
    return [problem.code for problem in lint(Policy.from_options(options))]


def notes_of(options: Any) -> list[ProblemCode]:
    return [problem.code for problem in upgrade_notes(Policy.from_options(options))]


def resources_of(spec: object) -> list[ProblemCode]:
    found = Found()
    collect_resources(spec, found)
    return [problem.code for problem in [*found.errors, *found.findings]]


def _check(origin: str) -> bool:
    return origin == "https://app.example.com"


async def _async_check(origin: str) -> bool:
    return origin == "https://app.example.com"


def unseen_of(options: Any) -> list[ProblemCode]:
    return [problem.code for problem in unseen(Policy.from_options(options))]


def remembered_of(options: Any) -> list[ProblemCode]:
    with pytest.raises(ConfigurationError) as raised:
        remembered(_check, **options)
    return [problem.code for problem in raised.value.problems]


CASES: list[tuple[Callable[[object], list[ProblemCode]], object, ProblemCode]] = [
    (errors_of, {"orgins": "*"}, ProblemCode.UNKNOWN_OPTION),
    (findings_of, {"vary_header": "no"}, ProblemCode.NOT_A_BOOL),
    (errors_of, {"supports_credentials": "no"}, ProblemCode.NOT_A_BOOL),
    (findings_of, {"methods": None}, ProblemCode.NONE_VALUE),
    (findings_of, {"origins": [3]}, ProblemCode.NOT_A_STRING),
    (errors_of, {"origins": [re.compile(b"x")]}, ProblemCode.BYTES_REGEX),
    (errors_of, {"origins": "(x"}, ProblemCode.INVALID_REGEX),
    (
        errors_of,
        {"origins": [r"^https://([[:alpha:]]+)+\.example\.com$"]},
        ProblemCode.REGEX_ENGINE,
    ),
    (findings_of, {"origins": [r"^(a+)+$"]}, ProblemCode.BACKTRACKING_REGEX),
    (findings_of, {"origins": "https://a.example,https://b.example"}, ProblemCode.SEVERAL_IN_ONE),
    (findings_of, {"origins": [" https://a.example"]}, ProblemCode.SURROUNDING_WHITESPACE),
    (findings_of, {"origins": [""]}, ProblemCode.EMPTY_ENTRY),
    (findings_of, {"origins": ["localhost:3000"]}, ProblemCode.NOT_AN_ORIGIN),
    (findings_of, {"methods": ["PO ST"]}, ProblemCode.NOT_A_TOKEN),
    (errors_of, {"methods": ["PO\x00ST"]}, ProblemCode.CONTROL_CHARACTER),
    (findings_of, {"methods": "GET\n"}, ProblemCode.LINE_BREAK),
    (findings_of, {"max_age": "soon"}, ProblemCode.NOT_SECONDS),
    (findings_of, {"max_age": -1}, ProblemCode.NEGATIVE_SECONDS),
    (resources_of, 42, ProblemCode.RESOURCES_SHAPE),
    (
        errors_of,
        {"supports_credentials": True, "send_wildcard": True},
        ProblemCode.WILDCARD_WITH_CREDENTIALS,
    ),
    (insecure_of, {"supports_credentials": True}, ProblemCode.CREDENTIALS_ANY_ORIGIN),
    (insecure_of, {"origins": "https://*.com"}, ProblemCode.PUBLIC_SUFFIX),
    (insecure_of, {"origins": r"^https://app.example\.com$"}, ProblemCode.OTHER_SITES),
    (insecure_of, {"origins": r"^https://app\.example\.com"}, ProblemCode.UNANCHORED_REGEX),
    (insecure_of, {"origins": "null"}, ProblemCode.NULL_ORIGIN),
    (insecure_of, {"allow_private_network": True}, ProblemCode.PRIVATE_NETWORK_ANY_ORIGIN),
    (
        insecure_of,
        {"origins": "http://app.example.com", "supports_credentials": True},
        ProblemCode.PLAIN_HTTP,
    ),
    (
        notes_of,
        {"origins": "https://*.example.com", "supports_credentials": True},
        ProblemCode.WILDCARD_MEANING,
    ),
    (errors_of, {"origins": [_async_check]}, ProblemCode.ORIGIN_FUNCTION),
    (findings_of, {"origins": ["*", _check]}, ProblemCode.UNASKED_FUNCTION),
    (errors_of, {"origins": [_check], "send_wildcard": True}, ProblemCode.WILDCARD_WITH_FUNCTION),
    (unseen_of, {"origins": [_check]}, ProblemCode.UNSEEN_FUNCTION),
    (remembered_of, {"ttl": 0}, ProblemCode.NOT_POSITIVE),
]

#: The codes of the Flask integration's own checks, of ``app.config`` (see
#: tests/flask/test_config_warnings.py and tests/flask/test_cli.py).
SHELL_CODES = {ProblemCode.STRAY_CONFIG_KEY, ProblemCode.LATE_CONFIG_KEY}


@pytest.mark.parametrize(
    ("found", "given", "code"), CASES, ids=[code.value for _, _, code in CASES]
)
def test_each_check_names_its_problem(
    found: Callable[[object], list[ProblemCode]], given: object, code: ProblemCode
) -> None:
    """A configuration with one problem gives exactly that problem's code."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert found(given) == [code]


def test_every_code_is_reached() -> None:
    """Every ProblemCode is what some check finds: none is dead, none is missing a case."""
    assert {code for _, _, code in CASES} | SHELL_CODES == set(ProblemCode)


def test_equal_problems_are_one_whatever_their_value() -> None:
    """Problems are compared and hashed as data: a list value is no obstacle to saying one once."""
    first = Problem("origins", ["a", "b"], "is bad", code=ProblemCode.NOT_A_STRING)
    again = Problem("origins", ["a", "b"], "is bad", code=ProblemCode.NOT_A_STRING)
    other = Problem("origins", ["a", "b"], "is bad", code=ProblemCode.EMPTY_ENTRY)

    assert first == again
    assert first != other
    assert len({first, again, other}) == 2


def test_a_configuration_error_lists_findings_after_its_errors() -> None:
    """ConfigurationError keeps the findings apart, each once, none that is also an error."""
    error = Problem("max_age", "٣", "is not a number of seconds", code=ProblemCode.NOT_SECONDS)
    finding = Problem("max_age", -1, "is negative", code=ProblemCode.NEGATIVE_SECONDS)

    raised = ConfigurationError([error], [finding, error, finding])

    assert raised.problems == (error,)
    assert raised.findings == (finding,)
    assert str(raised) == (
        "invalid CORS configuration, 1 problem:\n  - max_age='٣': is not a number of seconds\n"
        "also found (a warning each, not an error):\n  - max_age=-1: is negative"
    )
