"""Configured header values: a line break around a name is left out of the header and reported.

A trailing newline from a YAML block scalar, a file or an environment
variable (``CORS_EXPOSE_HEADERS="X-Total-Count\\n"``) must never reach a
header line; a control character inside a name can never work and is
refused.
"""

from __future__ import annotations

import pytest

from flask_cors.core import ConfigurationError, Policy, Problem, RequestInfo, decide

APP = "https://app.example.com"
PREFLIGHT = RequestInfo("OPTIONS", origin=APP, request_method="GET")
FORBIDDEN = ("\r", "\n", "\x00")


@pytest.mark.parametrize(
    ("options", "methods", "exposed"),
    [
        pytest.param(
            {"methods": "GET, POST\n", "expose_headers": "X-Total-Count\n"},
            "GET, POST",
            "X-Total-Count",
            id="trailing-newline-in-strings",
        ),
        pytest.param(
            {"methods": ["get\r\n", "POST"], "expose_headers": ["X-Page", "\tX-Total-Count\n"]},
            "POST, GET",
            "X-Total-Count, X-Page",
            id="newline-around-list-items",
        ),
        pytest.param(
            {"methods": "GET,\nPOST", "expose_headers": "X-A,\r\n X-B\x0b"},
            "GET, POST",
            "X-A, X-B",
            id="line-breaks-between-items",
        ),
    ],
)
def test_newline_in_methods_or_expose_headers(
    options: dict[str, object], methods: str, exposed: str
) -> None:
    """Names with a line break around them are sent without it: no value has CR, LF or NUL."""
    policy = Policy(origins=[APP], **options)  # type: ignore[arg-type]

    headers = dict(decide(policy, PREFLIGHT).headers)

    assert headers["Access-Control-Allow-Methods"] == methods
    assert headers["Access-Control-Expose-Headers"] == exposed
    assert not any(char in value for value in headers.values() for char in FORBIDDEN)


def test_values_without_control_characters_are_sent_as_written() -> None:
    """A value with no control character is sent exactly as configured, as flask-cors does."""
    policy = Policy(origins=[APP], methods="GET,POST ", expose_headers=" X-A,X-B")

    headers = dict(decide(policy, PREFLIGHT).headers)

    assert headers["Access-Control-Allow-Methods"] == "GET,POST "
    assert headers["Access-Control-Expose-Headers"] == " X-A,X-B"
    assert policy.findings == ()


@pytest.mark.parametrize("option", ["methods", "expose_headers"])
@pytest.mark.parametrize("name", ["X-Total\nCount", "X-Total\rCount", "X-Total-Count\x00"])
def test_control_character_inside_a_name_is_refused(option: str, name: str) -> None:
    """A control character inside a name (or a NUL anywhere) can never work: it is refused."""
    with pytest.raises(ConfigurationError) as raised:
        Policy(**{option: name})  # type: ignore[arg-type]

    assert [problem.value for problem in raised.value.problems] == [name]


def test_line_breaks_are_reported_with_the_fix() -> None:
    """Each option with a line break around a name gets one finding saying what is sent."""
    policy = Policy(methods="GET, POST\n", expose_headers=["X-Total-Count\n"])

    assert policy.findings == (
        Problem(
            "methods",
            "GET, POST\n",
            "has a line break or another control character around a name, left out of the "
            "header, which is sent as 'GET, POST' (flask-cors 6 sent it as written, and every "
            "response failed)",
            "remove it from the configured value: a YAML block scalar, a file or an "
            "environment variable often ends with a newline",
        ),
        Problem(
            "expose_headers",
            "X-Total-Count\n",
            "has a line break or another control character around a name, left out of the "
            "header, which is sent as 'X-Total-Count' (flask-cors 6 sent it as written, and "
            "every response failed)",
            "remove it from the configured value: a YAML block scalar, a file or an "
            "environment variable often ends with a newline",
        ),
    )
