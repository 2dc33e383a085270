"""lines_to_add: a decision's lines joined to those a response already has, none twice."""

from __future__ import annotations

import pytest

from flask_cors.core import lines_to_add
from flask_cors.core.response import DECISION_HEADERS, varies_on_origin

ACAO = ("Access-Control-Allow-Origin", "https://app.example")
ACAC = ("Access-Control-Allow-Credentials", "true")
VARY = ("Vary", "Origin")
LINES = [ACAO, ACAC, VARY]


@pytest.mark.parametrize(
    ("existing", "added"),
    [
        pytest.param([("Content-Type", "text/plain")], LINES, id="no-cors-line"),
        pytest.param([], LINES, id="no-line-at-all"),
        pytest.param([("access-control-allow-origin", "*")], [ACAC, VARY], id="origin-any-case"),
        pytest.param(
            [("Access-Control-Allow-Credentials", "true")], [ACAO, VARY], id="credentials"
        ),
        pytest.param([("Vary", "Accept-Encoding")], LINES, id="vary-without-origin"),
        pytest.param([("Vary", "Accept-Encoding, origin")], [ACAO, ACAC], id="vary-listing-origin"),
        pytest.param([("VARY", " * ")], [ACAO, ACAC], id="vary-star"),
        pytest.param(
            [("Vary", "Accept"), ("Vary", "Cookie,Origin")], [ACAO, ACAC], id="origin-in-later-vary"
        ),
        pytest.param([("Vary", "Originator")], LINES, id="vary-token-not-a-prefix"),
        pytest.param([("X-Access-Control-Allow-Origin", "*")], LINES, id="lookalike-name"),
    ],
)
def test_lines_to_add(existing: list[tuple[str, str]], added: list[tuple[str, str]]) -> None:
    """The decision's lines the response lacks, in the decision's order."""
    assert lines_to_add(LINES, existing) == added


def test_lines_to_add_reads_a_one_pass_iterable() -> None:
    """The existing lines may be any iterable, read once: a generator works."""
    existing = ((name, value) for name, value in [("Vary", "Origin"), ACAC])
    assert lines_to_add(LINES, existing) == [ACAO]


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
