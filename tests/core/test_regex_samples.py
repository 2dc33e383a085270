"""regex_samples: strings made from a regex, and the parts of them the regex lets vary."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flask_cors.core.regex_samples import Piece, fixed_mask, sample_text, samples, variants


def texts(regex: str) -> list[str]:
    return [sample_text(sample) for sample in samples(re.compile(regex, re.IGNORECASE))]


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        pytest.param(r"^https://app\.example\.com$", ["https://app.example.com"], id="literal"),
        pytest.param(
            r"^https://(app|admin)\.example\.com$",
            ["https://app.example.com", "https://admin.example.com"],
            id="alternation",
        ),
        pytest.param(
            r"^https://(a|b)\.com$", ["https://a.com", "https://b.com"], id="listed-class"
        ),
        pytest.param(
            r"^https?://x\.io$", ["https://x.io", "http://x.io"], id="optional-first-with-it"
        ),
        pytest.param(r"^https://.*\.io$", ["https://app.io", "https://.io"], id="dot-star"),
        pytest.param(
            r"^https://[a-z0-9-]+\.io$", ["https://a.io", "https://aa.io"], id="class-repeat"
        ),
        pytest.param(
            r"^http://localhost:\d{2,5}$",
            ["http://localhost:88", "http://localhost:888"],
            id="digits",
        ),
        pytest.param(r"^https://app.io$", ["https://app.io"], id="lone-any-as-a-dot"),
        pytest.param(r"(?=x)^$", [""], id="lookahead-matches-no-text"),
        pytest.param(r"https:/" + "/*", ["https:/", "https://"], id="repeated-literal"),
    ],
)
def test_samples(regex: str, expected: list[str]) -> None:
    """Samples take each literal, each branch, one or two rounds of a repeat, a word for '.*'."""
    assert texts(regex) == expected


def test_a_regex_the_parser_cannot_read_has_no_samples() -> None:
    """A pattern the private parser refuses gives no samples rather than an error."""
    pattern = re.compile("a")
    broken = type("Broken", (), {"pattern": "(", "flags": 0})()

    assert samples(broken) == []
    assert samples(pattern) != []


@pytest.mark.parametrize(
    ("regex", "changed"),
    [
        pytest.param(
            r"^https://myapp-.*\.vercel\.app$",
            [
                "https://myapp-attacker.vercel.app",
                "https://myapp-attacker.net.vercel.app",
                "https://myapp-bbb.vercel.app",
            ],
            id="dot-star-inside-a-label",
        ),
        pytest.param(
            r"^https://[a-z0-9-]+\.s3\.amazonaws\.com$",
            ["https://attacker.s3.amazonaws.com", "https://b.s3.amazonaws.com"],
            id="class-repeat",
        ),
        pytest.param(r"^https://(foo|bar)\.com$", [], id="named-choices-do-not-vary"),
        pytest.param(r"^https://app.example\.com$", [], id="a-lone-dot-varies-separately"),
    ],
)
def test_variants_change_the_parts_that_vary(regex: str, changed: list[str]) -> None:
    """Each part that can vary is changed alone, to an attacker's name and to another member."""
    first = samples(re.compile(regex, re.IGNORECASE))[0]

    assert list(variants(first)) == changed


def test_any_char_variants_turn_a_lone_dot_into_a_letter() -> None:
    """With any_char, only a lone '.' changes: 'app.example' becomes 'appxexample'."""
    first = samples(re.compile(r"^https://app.example\.com$"))[0]

    assert list(variants(first, any_char=True)) == ["https://appxexample.com"]


def test_all_varying_parts_change_together_last() -> None:
    """After each part alone, every varying part changes at once."""
    sample = (Piece("https://"), Piece("a", ("b",)), Piece("."), Piece("c", ("d",)), Piece(".io"))

    assert list(variants(sample)) == ["https://b.c.io", "https://a.d.io", "https://b.d.io"]


def test_fixed_mask_marks_the_characters_the_regex_fixes() -> None:
    """Characters from literals are fixed; those from parts that vary are not."""
    sample = (Piece("ab"), Piece("cd", ("x",)), Piece("e"))

    assert fixed_mask(sample) == [True, True, False, False, True]
    assert sample_text(sample) == "abcde"


PARTS = [
    r"\.",
    "a",
    "example",
    "[a-z]+",
    "[a-z0-9-]{1,63}",
    r"\d{2,5}",
    "(www|app)",
    r"([a-z]+\.)?",
    ".*",
    "[^/]+",
    "-",
    "(?:x|yz)",
    "[.]",
]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(parts=st.lists(st.sampled_from(PARTS), min_size=1, max_size=6))
def test_samples_of_plain_regexes_match_them(parts: list[str]) -> None:
    """Without lookarounds or back references, every sample (and variant) is a full match."""
    pattern = re.compile("^https://" + "".join(parts) + "$", re.IGNORECASE)

    for sample in samples(pattern):
        assert pattern.fullmatch(sample_text(sample))
        for changed in variants(sample):
            assert pattern.fullmatch(changed)
