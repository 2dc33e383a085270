"""The lint on origin regexes from public code (tests/corpus/origin_regexes.json).

Each unsafe regex comes with an origin an attacker can really get that the
regex allows: the test checks that a browser can send it, that the regex
matches it as flask-cors matches (``re.match``, ignoring case) and that the
lint warns. Each safe regex must give no finding. A regex that is not
anchored at the end but that no origin a browser sends can run past (a
loopback port) gives its one finding, with no example.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

import pytest

from flask_cors.core import Policy, Problem
from flask_cors.core.sites import BrowserOrigin
from flask_cors.public_suffixes import lint

ROWS: Final[list[dict[str, Any]]] = json.loads(
    (Path(__file__).parents[1] / "corpus" / "origin_regexes.json").read_text(encoding="utf-8")
)


def by_verdict(verdict: str) -> list[Any]:
    return [pytest.param(row, id=row["id"]) for row in ROWS if row["verdict"] == verdict]


def findings(row: dict[str, Any]) -> tuple[Problem, ...]:
    credentials = row.get("supports_credentials", False)
    return lint(Policy(origins=[row["regex"]], supports_credentials=credentials))


def examples(problems: tuple[Problem, ...]) -> list[str]:
    return [found[1] for p in problems if (found := re.search(r"such as '([^']+)'", p.message))]


def test_the_corpus_is_large_and_mixed() -> None:
    """The corpus holds at least 40 regexes, unsafe and safe, each from a named source."""
    verdicts = [row["verdict"] for row in ROWS]

    assert len(ROWS) >= 40
    assert verdicts.count("unsafe") >= 20
    assert verdicts.count("safe") >= 20
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    assert all(row["source"] and row["found_in"] for row in ROWS)


@pytest.mark.parametrize("row", by_verdict("unsafe"))
def test_every_unsafe_regex_warns(row: dict[str, Any]) -> None:
    """The attacker origin is one a browser sends, the regex matches it, and the lint warns."""
    attacker = row["attacker"]

    assert BrowserOrigin.parse(attacker) is not None
    assert re.match(row["regex"], attacker, re.IGNORECASE)
    assert findings(row) != ()


@pytest.mark.parametrize("row", by_verdict("safe"))
def test_every_safe_regex_is_quiet(row: dict[str, Any]) -> None:
    """A regex that allows only what it names gives no finding."""
    assert findings(row) == ()


@pytest.mark.parametrize("row", by_verdict("unanchored"))
def test_unanchored_loopback_regexes_warn_without_an_example(row: dict[str, Any]) -> None:
    """No origin a browser sends runs past these; the missing end anchor is still said."""
    (finding,) = findings(row)

    assert finding.message.startswith("is a regex not anchored at the end")
    assert examples((finding,)) == []


@pytest.mark.parametrize("row", [pytest.param(row, id=row["id"]) for row in ROWS])
def test_every_example_in_a_finding_is_true(row: dict[str, Any]) -> None:
    """Each example a finding names is a serialized origin the regex matches."""
    for example in examples(findings(row)):
        origin = BrowserOrigin.parse(example)
        assert origin is not None
        assert origin.text == example
        assert re.match(row["regex"], example, re.IGNORECASE)
