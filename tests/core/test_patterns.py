"""patterns: flask-cors's literal-or-regex entries, sorted out once at configuration time."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flask_cors.core import PatternSet, Policy, Problem
from flask_cors.core.errors import Found
from flask_cors.core.patterns import (
    as_entries,
    check_header_name,
    looks_like_regex,
    parse_entries,
    split_top_level_commas,
)


@pytest.mark.parametrize("char", list("*\\]?$^[()"))
def test_each_hint_character_makes_a_regex(char: str) -> None:
    """Each of the characters * \\ ] ? $ ^ [ ( ) marks a string as a regex."""
    assert looks_like_regex(f"https://a{char}b.com") is True


@pytest.mark.parametrize(
    "text",
    ["https://app.example.com", "http://localhost:3000", "a.b-c_d+e|f{1}", "", "null"],
)
def test_plain_strings_are_literals(text: str) -> None:
    """Strings without those characters (even with '.', '+', '|', '{') are literals."""
    assert looks_like_regex(text) is False


@pytest.mark.parametrize(
    ("raw", "entries"),
    [
        pytest.param("a", ["a"], id="string"),
        pytest.param(re.compile("a"), [re.compile("a")], id="regex"),
        pytest.param(["a", "b"], ["a", "b"], id="list"),
        pytest.param(("a",), ["a"], id="tuple"),
        pytest.param(None, [None], id="none"),
        pytest.param(5, [5], id="int"),
    ],
)
def test_as_entries(raw: object, entries: list[object]) -> None:
    """A string, a regex or a non-iterable is one entry; an iterable is its items."""
    assert as_entries(raw) == entries


def parse(raw: object, *, ignore_case: bool = True, origins: bool = False) -> PatternSet:
    option = "origins" if origins else "allow_headers"
    found = Found()
    parsed = parse_entries(option, raw, found, ignore_case=ignore_case, origins=origins)
    assert found == Found()
    return parsed


def test_parse_entries_sorts_out_kinds() -> None:
    """Literals, regex strings, compiled regexes and '*' each land in their place ('*' a flag)."""
    compiled = re.compile("c")
    assert parse(["lit", "re.*", compiled, "*"]) == PatternSet(
        literals=("lit",),
        patterns=(re.compile("re.*", re.IGNORECASE), compiled),
        matches_all=True,
        size=4,
        ignore_case=True,
    )


def test_parse_entries_case_sensitive() -> None:
    """Without ignore_case, regex strings are compiled without IGNORECASE."""
    parsed = parse(["re.*", "*"], ignore_case=False)
    assert parsed.patterns == (re.compile("re.*"),)
    assert parsed.matches_all is True
    assert parsed.ignore_case is False


def test_parse_entries_problems() -> None:
    """Entries flask-cors refused too are errors, others findings; the rest still form a set."""
    found = Found()
    parsed = parse_entries(
        "allow_headers", ["ok", 1, "(", re.compile(b"x")], found, ignore_case=True
    )
    assert parsed == PatternSet(
        literals=("ok",), patterns=(), matches_all=False, size=4, ignore_case=True
    )
    assert found.errors == [
        Problem(
            "allow_headers",
            "(",
            "is not a valid regex: missing ), unterminated subpattern at position 0",
            "escape regex characters with re.escape() if it is meant literally",
        ),
        Problem("allow_headers", re.compile(b"x"), "is a bytes regex", "compile a str pattern"),
    ]
    assert found.findings == [
        Problem(
            "allow_headers",
            1,
            "is not a string or regex, so it never matches",
            "give a string, a compiled regex, or a list of them",
        ),
    ]


def test_parse_entries_none() -> None:
    """None is a finding with a fix that names the option, and gives a set matching nothing."""
    found = Found()
    parsed = parse_entries("origins", None, found, ignore_case=True)
    assert parsed == PatternSet((), (), matches_all=False, size=0, ignore_case=True)
    assert parsed.matches("https://app.example.com") is False
    assert found.errors == []
    assert found.findings == [
        Problem(
            "origins",
            None,
            "is None, which allows nothing",
            "pass an empty list to allow no origins, or leave the option out for the default",
        )
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("https://app.example.com", True, id="literal-exact"),
        pytest.param("HTTPS://APP.EXAMPLE.COM", True, id="literal-upper"),
        pytest.param("https://app.example.com/", False, id="literal-longer"),
        pytest.param("https://app.example.co", False, id="literal-shorter"),
        pytest.param("https://api.example.org", True, id="regex-match"),
        pytest.param("HTTPS://API.EXAMPLE.ORG", True, id="regex-ignore-case"),
        pytest.param("https://api.example.org.evil.net", True, id="regex-prefix"),
        pytest.param("x https://api.example.org", False, id="regex-not-searched"),
        pytest.param("https://evil.example.net", False, id="no-match"),
        pytest.param("", False, id="empty"),
    ],
)
def test_matches(value: str, expected: bool) -> None:
    """matches() compares literals ignoring case and matches regexes from the start."""
    patterns = parse(["https://app.example.com", r"https://[a-z]+\.example\.org"], origins=True)
    assert patterns.matches(value) is expected


def test_matches_casefold() -> None:
    """Literal comparison uses casefold, so 'ß' matches 'SS'."""
    # Configuration refuses a non-ASCII literal origin (browsers send
    # punycode), so the set is built directly to test the matcher alone.
    patterns = PatternSet(
        literals=("https://straße.example",),
        patterns=(),
        matches_all=False,
        size=1,
        ignore_case=True,
    )
    assert patterns.matches("https://STRASSE.example") is True


def test_matches_case_sensitive_literals() -> None:
    """Without ignore_case a literal only matches its exact spelling."""
    patterns = parse(["X-Api"], ignore_case=False)
    assert patterns.matches("X-Api") is True
    assert patterns.matches("x-api") is False


def test_matches_all() -> None:
    """A set containing '*' matches any value, even an empty one."""
    patterns = parse(["https://app.example.com", "*"], origins=True)
    assert patterns.matches("") is True
    assert patterns.matches("anything at all") is True


def test_empty_set_matches_nothing() -> None:
    """An empty set matches no value."""
    patterns = parse([])
    assert patterns.matches("") is False
    assert patterns.matches("https://app.example.com") is False


def test_size_counts_duplicates() -> None:
    """size counts configured entries, duplicates included (flask-cors's Vary rule does)."""
    assert parse(["a", "a", "b.*"]).size == 3


@pytest.mark.parametrize("name", ["Content-Type", "X-Custom_1", "x-api-key", "X!#$%&'*+.^`|~"])
def test_check_header_name_accepts_tokens(name: str) -> None:
    """A header name that is an HTTP token is accepted."""
    assert check_header_name(name) is None


@pytest.mark.parametrize("name", ["X Token", "Content-Type;", "X-Ä", ""])
def test_check_header_name_reports_other_names(name: str) -> None:
    """A literal header name that is not an HTTP token is a problem with a fix."""
    assert check_header_name(name) == Problem(
        "allow_headers",
        name,
        "is not a valid HTTP header name, so no request header matches it",
        "remove spaces, quotes and separators",
    )


@pytest.mark.parametrize(("name", "meant"), [("X-A\r\n", "X-A"), (" X-A ", "X-A")])
def test_check_header_name_reports_surrounding_whitespace(name: str, meant: str) -> None:
    """A header name padded with whitespace is a problem whose fix is the name unpadded."""
    assert check_header_name(name) == Problem(
        "allow_headers", name, "has surrounding whitespace", f"did you mean {meant!r}?"
    )


def test_check_header_name_reports_several_names() -> None:
    """Several header names joined in one string are a problem whose fix is the list."""
    assert check_header_name("a, b") == Problem(
        "allow_headers",
        "a, b",
        "holds several header names in one string",
        "give a list: ['a', 'b']",
    )


def test_literal_allow_headers_that_are_not_tokens_are_findings() -> None:
    """Each literal allow_headers entry that is not a token is a finding; regexes are exempt."""
    policy = Policy(allow_headers=["X Token", "X-Ok", r"X-(A|B)", "Content-Type;"])

    assert [str(problem) for problem in policy.findings] == [
        "allow_headers='X Token': is not a valid HTTP header name, so no request header "
        "matches it (remove spaces, quotes and separators)",
        "allow_headers='Content-Type;': is not a valid HTTP header name, so no request header "
        "matches it (remove spaces, quotes and separators)",
    ]


# --- Review 2, finding 8: a comma inside a quantifier or a class is no list separator ------


@pytest.mark.parametrize(
    ("option", "regex"),
    [
        pytest.param("origins", r"^https://[a-z0-9-]{1,63}\.example\.com$", id="label-bound"),
        pytest.param("origins", r"^http://localhost:\d{2,5}$", id="port-digits"),
        pytest.param("origins", r"^https://app\.example\.com(:\d{,5})?$", id="upper-bound-only"),
        pytest.param("origins", r"^https://[a-z,]+\.example\.com$", id="comma-in-class"),
        pytest.param("origins", r"^https://[^,/]+\.example\.com$", id="comma-in-negated-class"),
        pytest.param("allow_headers", r"^x-[a-z]{2,20}$", id="header-bound"),
        pytest.param("allow_headers", r"^x-(?:[a-z]{1,3}-){2,4}id$", id="nested-bounds"),
    ],
)
def test_regex_quantifier_comma_taken_for_a_list(option: str, regex: str) -> None:
    """A comma inside a {m,n} quantifier or a character class gives no 'several' finding."""
    options: Any = {option: [regex]}
    policy = Policy(**options)

    assert [str(problem) for problem in policy.findings] == []


@pytest.mark.parametrize(
    ("regex", "parts"),
    [
        pytest.param(
            r"^https://a\.com$,^https://b\.com$",
            [r"^https://a\.com$", r"^https://b\.com$"],
            id="two-regexes",
        ),
        pytest.param(
            r"^https://[a-z]{1,9}\.a\.com$, ^https://b\.com$",
            [r"^https://[a-z]{1,9}\.a\.com$", r"^https://b\.com$"],
            id="split-at-the-top-level-comma-only",
        ),
    ],
)
def test_a_comma_between_regexes_still_asks_for_a_list(regex: str, parts: list[str]) -> None:
    """A comma outside quantifiers and classes is a 'several origins' finding, split there."""
    policy = Policy(origins=[regex])

    assert policy.findings == (
        Problem("origins", regex, "holds several origins in one string", f"give a list: {parts!r}"),
    )


COMMA_FREE_PARTS = [r"a", r"\.", r"[a,b]", r"[^,/]", r"x{1,3}", r"\d{,5}", r"y{2,}", r"\,", "[]a,]"]


@given(
    entries=st.lists(
        st.lists(st.sampled_from(COMMA_FREE_PARTS), min_size=1, max_size=5).map("".join),
        min_size=1,
        max_size=4,
    )
)
def test_split_top_level_commas_recovers_the_joined_regexes(entries: list[str]) -> None:
    """Regexes joined with commas split back into exactly those regexes, whatever they hold."""
    assert split_top_level_commas(",".join(entries)) == entries
