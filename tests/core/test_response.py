"""join_lines: a decision's lines joined to those a response already has, none twice."""

from __future__ import annotations

import pytest

from flask_cors.core import join_lines
from flask_cors.core.response import DECISION_HEADERS, has_allow_origin, varies_on_origin

ACAO = ("Access-Control-Allow-Origin", "https://app.example")
ACAC = ("Access-Control-Allow-Credentials", "true")
VARY = ("Vary", "Origin")
LINES = [ACAO, ACAC, VARY]


CT = ("Content-Type", "text/plain")


@pytest.mark.parametrize(
    ("existing", "joined"),
    [
        pytest.param([CT], [CT, *LINES], id="no-cors-line"),
        pytest.param([], LINES, id="no-line-at-all"),
        pytest.param(
            [("access-control-allow-origin", "*")],
            [("access-control-allow-origin", "*"), ACAC, VARY],
            id="origin-any-case",
        ),
        pytest.param([ACAC], [ACAC, ACAO, VARY], id="credentials"),
        pytest.param(
            [("Vary", "Accept-Encoding"), CT],
            [("Vary", "Accept-Encoding, Origin"), CT, ACAO, ACAC],
            id="vary-without-origin",
        ),
        pytest.param(
            [("Vary", "Accept-Encoding, origin")],
            [("Vary", "Accept-Encoding, origin"), ACAO, ACAC],
            id="vary-listing-origin",
        ),
        pytest.param([("VARY", " * ")], [("VARY", " * "), ACAO, ACAC], id="vary-star"),
        pytest.param(
            [("Vary", "Accept"), CT, ("Vary", "Cookie,Origin")],
            [("Vary", "Accept, Cookie,Origin"), CT, ACAO, ACAC],
            id="origin-in-later-vary",
        ),
        pytest.param(
            [("Vary", "Originator")],
            [("Vary", "Originator, Origin"), ACAO, ACAC],
            id="vary-token-not-a-prefix",
        ),
        pytest.param(
            [("X-Access-Control-Allow-Origin", "*")],
            [("X-Access-Control-Allow-Origin", "*"), *LINES],
            id="lookalike-name",
        ),
    ],
)
def test_join_lines(existing: list[tuple[str, str]], joined: list[tuple[str, str]]) -> None:
    """The response's lines, Origin joined to its one Vary line, then the lines it lacks."""
    assert join_lines(existing, LINES) == joined


def test_join_lines_without_vary_in_the_decision_leaves_vary_alone() -> None:
    """A decision without Vary (send_wildcard) changes no Vary line of the response."""
    existing = [("Vary", "Accept"), ("Vary", "Cookie")]
    assert join_lines(existing, [ACAO]) == [*existing, ACAO]


def test_join_lines_reads_a_one_pass_iterable() -> None:
    """The existing lines may be any iterable, read once: a generator works."""
    existing = ((name, value) for name, value in [("Vary", "Origin"), ACAC])
    assert join_lines(existing, LINES) == [("Vary", "Origin"), ACAC, ACAO]


def test_decision_headers_are_lower_cased_cors_names_and_vary() -> None:
    """The names a Decision can hold: seven CORS response headers, and Vary."""
    assert "vary" in DECISION_HEADERS
    assert all(name == name.lower() for name in DECISION_HEADERS)
    assert len(DECISION_HEADERS - {"vary"}) == 7
    assert all(name.startswith("access-control-") for name in DECISION_HEADERS - {"vary"})


@pytest.mark.parametrize(
    ("values", "covered"),
    [
        (["Origin"], True),
        (["accept-encoding,ORIGIN"], True),
        (["*"], True),
        (["Accept-Encoding"], False),
        ([], False),
        ([""], False),
    ],
)
def test_varies_on_origin(values: list[str], covered: bool) -> None:
    """Vary values cover Origin when one of their tokens is Origin (any case) or *."""
    assert varies_on_origin(values) is covered


@pytest.mark.parametrize(
    ("lines", "answered"),
    [
        pytest.param([], False, id="no-line"),
        pytest.param([CT], False, id="no-cors-line"),
        pytest.param([ACAO], True, id="allow-origin"),
        pytest.param([CT, ("access-control-allow-origin", "*")], True, id="lower-case"),
        pytest.param([("ACCESS-CONTROL-ALLOW-ORIGIN", "null")], True, id="upper-case"),
        pytest.param([ACAC, VARY], False, id="other-cors-lines"),
        pytest.param([("Access-Control-Allow-Origins", "*")], False, id="longer-name"),
        pytest.param([("X-Access-Control-Allow-Origin", "*")], False, id="prefixed-name"),
        pytest.param([("Access-Control-Allow-Origin", "")], True, id="empty-value"),
    ],
)
def test_has_allow_origin(lines: list[tuple[str, str]], answered: bool) -> None:
    """A response counts as answered exactly when a line is named Access-Control-Allow-Origin."""
    assert has_allow_origin(lines) is answered


def test_join_lines_joins_the_decisions_own_vary_names() -> None:
    """The response's Vary gains the names the decision's Vary holds, not a fixed 'Origin'."""
    existing = [("Vary", "Cookie")]
    decision = [("Vary", "Origin, Access-Control-Request-Headers")]
    assert join_lines(existing, decision) == [
        ("Vary", "Cookie, Origin, Access-Control-Request-Headers")
    ]
    assert join_lines([("Vary", "origin")], decision) == [
        ("Vary", "origin, Access-Control-Request-Headers")
    ]
