"""Resources: which rule applies to a request path, with flask-cors's ordering and CVE fixes."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from urllib.parse import unquote

import pytest

from flask_cors.core import ConfigurationError, Policy, Problem, Resources, Rule, parse_resources
from flask_cors.core.patterns import Entry
from flask_cors.core.resources import (
    MAX_PATH_LENGTH,
    decided_by_start,
    literal_prefix,
    matches_every_path,
)

SHAPE_FIX = "give a path pattern, a list of them, or a dict of pattern -> options"
PATH_REGEX_FIX = "escape regex characters with re.escape() if the path is meant literally"


def build(spec: object) -> Resources:
    """Resources with one default policy per parsed pattern, in parse order."""
    return Resources(tuple(Rule(pattern, Policy()) for pattern, _ in parse_resources(spec)))


def matched(resources: Resources, path: str) -> str | None:
    rule = resources.match(path)
    return None if rule is None else rule.text


def reference(resources: Resources, path: str) -> str | None:
    """The obvious matcher: decode, then try every rule in order."""
    path = unquote(path)
    for rule in resources.rules:
        pattern = rule.pattern
        if pattern == path if isinstance(pattern, str) else pattern.match(path):
            return rule.text
    return None


# --- parse_resources -----------------------------------------------------------


def test_parse_dict_order() -> None:
    """Dict rules go literals, compiled regexes, regex strings; each by more '/', then length."""
    compiled = re.compile("/api/v1/.*")
    spec: dict[Entry, Mapping[str, object]] = {
        "*": {"n": 0},
        "/api/*": {"n": 1},
        "/x": {"n": 2},
        compiled: {"n": 3},
        "/api/v1/*": {"n": 4},
        "/api/v1/users": {"n": 5},
        re.compile("/a"): {"n": 6},
        "/xyz": {"n": 7},
    }
    assert parse_resources(spec) == [
        ("/api/v1/users", {"n": 5}),
        ("/xyz", {"n": 7}),
        ("/x", {"n": 2}),
        (compiled, {"n": 3}),
        (re.compile("/a"), {"n": 6}),
        (re.compile("/api/v1/*"), {"n": 4}),
        (re.compile("/api/*"), {"n": 1}),
        (re.compile(".*"), {"n": 0}),
    ]


def test_parse_dict_keeps_option_mappings() -> None:
    """Each pattern keeps the very options mapping it was given."""
    options = {"origins": ["https://app.example.com"]}
    [(pattern, parsed)] = parse_resources({"/api/*": options})
    assert parsed is options
    assert pattern == re.compile("/api/*")


def test_parse_dict_ties_keep_insertion_order() -> None:
    """Patterns equal in kind, slashes and length keep their dict order."""
    assert parse_resources({"/b/.*": {}, "/a/.*": {}}) == [
        (re.compile("/b/.*"), {}),
        (re.compile("/a/.*"), {}),
    ]


def test_parse_list_keeps_order() -> None:
    """A list of patterns is not sorted: its order is the matching order."""
    assert parse_resources(["*", "/api/v1/*", "/exact"]) == [
        (re.compile(".*"), {}),
        (re.compile("/api/v1/*"), {}),
        ("/exact", {}),
    ]


# Atomic groups and possessive repeats are Python 3.11 syntax.
NEEDS_311 = pytest.mark.skipif(sys.version_info < (3, 11), reason="Python 3.11+ regex syntax")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param("/api/*", [(re.compile("/api/*"), {})], id="regex-string"),
        pytest.param("/exact", [("/exact", {})], id="literal-string"),
        pytest.param("*", [(re.compile(".*"), {})], id="star"),
        pytest.param(re.compile("/x", re.I), [(re.compile("/x", re.I), {})], id="compiled"),
        pytest.param(("/a", "/b*"), [("/a", {}), (re.compile("/b*"), {})], id="tuple"),
        pytest.param([], [], id="empty-list"),
        pytest.param({}, [], id="empty-dict"),
    ],
)
def test_parse_shapes(spec: object, expected: list[tuple[Entry, Mapping[str, object]]]) -> None:
    """A single string, '*', a compiled regex or an iterable are all accepted."""
    assert parse_resources(spec) == expected


def test_parse_regex_strings_case_sensitive() -> None:
    """Regex strings for paths are compiled without IGNORECASE."""
    [(pattern, _)] = parse_resources("/api/.*")
    assert isinstance(pattern, re.Pattern)
    assert pattern.flags & re.IGNORECASE == 0


@pytest.mark.parametrize("spec", [123, None, 1.5, object()], ids=["int", "none", "float", "object"])
def test_parse_unsupported_type(spec: object) -> None:
    """Anything but a pattern, an iterable or a mapping is a ConfigurationError (a ValueError)."""
    with pytest.raises(ValueError, match="has an unsupported type") as caught:
        parse_resources(spec)
    assert isinstance(caught.value, ConfigurationError)
    assert caught.value.problems == (
        Problem("resources", spec, "has an unsupported type", SHAPE_FIX),
    )


def test_parse_reports_every_bad_pattern() -> None:
    """Invalid regexes, bytes regexes, non-strings and non-dict options are all reported."""
    with pytest.raises(ConfigurationError) as caught:
        parse_resources({"/(": {}, re.compile(b"/b"): {}, 5: {}, "/ok": "not a dict"})
    # Problems come in matching order: literals, then compiled, then regex strings.
    assert caught.value.problems == (
        Problem(
            "resources['/ok']",
            "not a dict",
            "is not a dict",
            "give each resource a dict of options, such as {'origins': [...]}",
        ),
        Problem(
            "resources",
            5,
            "is not a path pattern",
            "give path patterns as strings or compiled regexes",
        ),
        Problem("resources", re.compile(b"/b"), "is a bytes regex", "compile a str pattern"),
        Problem(
            "resources",
            "/(",
            "is not a valid regex: missing ), unterminated subpattern at position 1",
            PATH_REGEX_FIX,
        ),
    )


# --- Resources.match -----------------------------------------------------------------


def test_rule_text() -> None:
    """Rule.text is the pattern as written, for literals and regexes alike."""
    assert Rule("/a", Policy()).text == "/a"
    assert Rule(re.compile("/b.*"), Policy()).text == "/b.*"


def test_most_specific_rule_wins() -> None:
    """With a dict, the literal beats every regex and the regex with more '/' beats the rest."""
    resources = build({"*": {}, "/api/*": {}, "/api/v1/*": {}, "/api/v1/users": {}})
    assert matched(resources, "/api/v1/users") == "/api/v1/users"
    assert matched(resources, "/api/v1/orders") == "/api/v1/*"
    assert matched(resources, "/api/v2") == "/api/*"
    assert matched(resources, "/other") == ".*"


def test_first_match_wins_in_list_order() -> None:
    """With a list, the first pattern that matches wins, even a literal listed after it."""
    resources = build(["/api/.*", "/api/exact", "/.*"])
    assert matched(resources, "/api/exact") == "/api/.*"
    assert matched(resources, "/else") == "/.*"


def test_literal_listed_first_wins() -> None:
    """A literal listed before a matching regex wins over it."""
    resources = build(["/api/exact", "/api/.*"])
    assert matched(resources, "/api/exact") == "/api/exact"
    assert matched(resources, "/api/other") == "/api/.*"


def test_regex_matches_from_start() -> None:
    """A path regex matches from the start but need not match the whole path."""
    resources = build(["/api/*"])
    assert matched(resources, "/api/v1") == "/api/*"
    assert matched(resources, "/apiary") == "/api/*"
    assert matched(resources, "/v1/api/") is None


def test_literal_matches_whole_path() -> None:
    """A literal path matches only the identical path."""
    resources = build(["/exact"])
    assert matched(resources, "/exact") == "/exact"
    assert matched(resources, "/exact/") is None
    assert matched(resources, "/exac") is None


def test_no_match() -> None:
    """A path no rule matches gives None, and so does an empty rule set."""
    assert matched(build(["/api/.*"]), "/web") is None
    assert Resources(()).match("/anything") is None


def test_case_sensitive_paths() -> None:
    """Paths compare case-sensitively (CVE-2024-6866) unless a compiled regex says otherwise."""
    resources = build(["/api/.*", "/Exact"])
    assert matched(resources, "/API/x") is None
    assert matched(resources, "/exact") is None
    assert matched(build(re.compile("/api/.*", re.IGNORECASE)), "/API/x") == "/api/.*"


def test_percent_decoding() -> None:
    """Paths are percent-decoded before matching, including UTF-8 sequences."""
    resources = build(["/a b", "/café", "/api/.*"])
    assert matched(resources, "/a%20b") == "/a b"
    assert matched(resources, "/caf%C3%A9") == "/café"
    assert matched(resources, "/%61pi/x") == "/api/.*"


def test_plus_is_not_a_space() -> None:
    """'+' stays '+' (plain unquote, not unquote_plus: CVE-2024-6844)."""
    resources = build(["/a b", "/a+b"])
    assert matched(resources, "/a+b") == "/a+b"
    assert matched(resources, "/a%2Bb") == "/a+b"
    assert matched(build(["/a b"]), "/a+b") is None


def test_decoded_once() -> None:
    """A doubly encoded path is decoded once only."""
    resources = build(["/a%20b", "/a b"])
    assert matched(resources, "/a%2520b") == "/a%20b"


# --- The prefix-indexed matcher --------------------------------------------------

PATHS = [
    "/",
    "/api",
    "/api/",
    "/api/v1",
    "/api/v1/users",
    "/api/v1/users/7",
    "/API/v1",
    "/apiary",
    "/static/app.js",
    "/x",
    "/X",
    "/x/y",
    "/caf%C3%A9",
    "/a%2Fb",
    "/a+b",
    "/public/%41",
    "",
]

JOINABLE = [
    "/api/v1/users",
    "/api/v1/.*",
    re.compile("/api/.*"),
    r"/static/.*\.js$",
    "/x",
    re.compile("/public/[A-Z]", re.IGNORECASE),
    "/a|/b",
    "*",
]
WITH_GROUPS = [*JOINABLE[:-1], r"/(static)/(.*)", "*"]
WITH_GLOBAL_FLAG = [*JOINABLE[:-1], "(?i)/x", "*"]


def test_regexes_without_a_literal_prefix_are_tried_on_every_path() -> None:
    """Only regexes with no literal prefix (here a flag) are left out of the index.

    '.*' matches every path, so it is not tried at all: it is the answer when
    no rule before it matches.
    """
    resources = build(JOINABLE)
    unindexed = {resources.rules[index].text for index in resources.index._unindexed}
    assert unindexed == {"/public/[A-Z]"}
    assert matched(resources, "/nothing/else") == ".*"


@pytest.mark.parametrize(
    ("text", "every"),
    [
        pytest.param(".*", True, id="dot-star"),
        pytest.param("/*", True, id="slash-star-the-default"),
        pytest.param("^.*", True, id="anchored-dot-star"),
        pytest.param("^/*", True, id="anchored-slash-star"),
        pytest.param("", True, id="empty"),
        pytest.param("/.*", False, id="needs-a-slash"),
        pytest.param(".*$", False, id="dollar-fails-before-a-newline"),
        pytest.param("^$", False, id="empty-only"),
        pytest.param("(?=/api).*", False, id="lookahead"),
    ],
)
def test_matches_every_path(text: str, every: bool) -> None:
    """Only patterns that match the start of any string count as matching every path."""
    assert matches_every_path(re.compile(text)) is every
    if every:
        for path in [*PATHS, "a\nb", "x" * 5000]:
            assert re.compile(text).match(path), path


def test_rules_after_a_catch_all_never_apply() -> None:
    """In list order, a rule after '/*' is shadowed by it, as trying the rules in order shows."""
    resources = build(["/api/.*", "/*", "/x", "/static/.*"])
    for path in PATHS:
        assert matched(resources, path) == reference(resources, path), path
    assert matched(resources, "/x") == "/*"
    assert matched(resources, "/api/v1") == "/api/.*"


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        pytest.param("/api/*", "/api/items", True, id="slash-star"),
        pytest.param("/api/*", "/apiary", True, id="slash-star-matches-as-the-regex-does"),
        pytest.param("/api/.*", "/api/", True, id="dot-star"),
        pytest.param("/api/.*", "/api", False, id="dot-star-needs-the-slash"),
        pytest.param("/api^.*", "/api/items", False, id="caret-after-the-prefix-never-matches"),
        pytest.param("/api/.*$", "/api/x\ny", False, id="dollar-is-not-free"),
        pytest.param(re.compile("/api/.+"), "/api/", False, id="plus-needs-a-character"),
    ],
)
def test_prefix_and_rest_agree_with_the_regex(
    pattern: str | re.Pattern[str], path: str, expected: bool
) -> None:
    """A rule decided by its literal prefix alone matches exactly where its regex matches."""
    resources = build([pattern])
    assert (matched(resources, path) is not None) is expected
    assert bool(re.compile(pattern).match(path)) is expected


LONG = "a" * MAX_PATH_LENGTH


@pytest.mark.parametrize(
    ("spec", "path", "expected"),
    [
        pytest.param(
            {"/api/admin/.*": {}, "/*": {}}, f"/api/admin/{LONG}", "/api/admin/.*", id="prefix-rule"
        ),
        pytest.param(
            {"/api/admin/*": {}, "/*": {}}, f"/api/admin/{LONG}", "/api/admin/*", id="prefix-star"
        ),
        pytest.param({"/api/admin/.*": {}, "/*": {}}, f"/public/{LONG}", "/*", id="other-prefix"),
        pytest.param({"/api/.*": {}}, f"/api/{LONG}", "/api/.*", id="prefix-rule-alone"),
        pytest.param({"/*": {}}, f"/api/{LONG}", "/*", id="catch-all-alone"),
        pytest.param(
            {r"/api/admin/[a-z]+": {}, "/*": {}},
            f"/api/admin/{LONG}",
            r"/api/admin/[a-z]+",
            id="regex-decided-by-the-start",
        ),
        pytest.param(
            {r".*/admin/.*": {}, "/*": {}}, f"/x/admin/{LONG}", r".*/admin/.*", id="no-prefix"
        ),
        pytest.param(
            {r"/api/admin/[a-z]+$": {}, "/*": {}}, f"/api/admin/{LONG}", None, id="end-anchor"
        ),
        pytest.param(
            {r".*/admin/[a-z]+\b": {}, "/*": {}}, f"/x/admin/{LONG}", None, id="word-boundary"
        ),
        pytest.param(
            {r"/api/.*/items": {}, "/*": {}},
            f"/api/{LONG}/items",
            None,
            id="match-beyond-the-limit",
        ),
        pytest.param(
            {r"/api/admin/[a-z]+": {}, "/api/.*": {}, "/*": {}},
            f"/api/other/{LONG}",
            "/api/.*",
            id="regex-ruled-out-by-its-prefix",
        ),
        pytest.param({f"/api/{LONG}": {}, "/*": {}}, f"/api/{LONG}", f"/api/{LONG}", id="literal"),
    ],
)
def test_long_path_falls_back_to_catch_all_rule(
    spec: dict[str, object], path: str, expected: str | None
) -> None:
    """A path too long for regexes never reaches a rule a shorter path could not (CVE-2024-6839).

    Rules decided by their literal prefix, and regexes that match the path's
    start with nothing looking at its end, apply as to any path; any other
    regex that may match means no rule (no CORS headers), never a later one.
    """
    resources = build(spec)

    assert matched(resources, path) == expected
    if expected is not None:
        assert matched(resources, path) == reference(resources, path)


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [
        pytest.param(re.compile("/api/v1/.*"), "/api/v1/", id="dot-star"),
        pytest.param(re.compile(r"/static/.*\.js$"), "/static/", id="anchored"),
        pytest.param(re.compile("/ab+"), "/ab", id="plus-keeps-previous"),
        pytest.param(re.compile("/ab*"), "/a", id="star-drops-previous"),
        pytest.param(re.compile("/ab?"), "/a", id="question-drops-previous"),
        pytest.param(re.compile("/ab{0,2}"), "/a", id="braces-drop-previous"),
        pytest.param(re.compile(r"/a\.b"), "/a", id="escape-stops"),
        pytest.param(re.compile(r"/(static)/(.*)"), "/", id="groups"),
        pytest.param(re.compile("/a|/b"), "", id="alternation"),
        pytest.param(re.compile("(?i)/x"), "", id="global-inline-flag"),
        pytest.param(re.compile("/public/[A-Z]", re.IGNORECASE), "", id="ignorecase-flag"),
        pytest.param(re.compile("/x", re.ASCII), "", id="ascii-flag"),
        pytest.param(re.compile("^/api"), "", id="caret"),
        pytest.param(re.compile(".*"), "", id="any"),
    ],
)
def test_literal_prefix(pattern: re.Pattern[str], prefix: str) -> None:
    """literal_prefix() is the text every match starts with, or '' when that is unknown."""
    assert literal_prefix(pattern) == prefix


@pytest.mark.parametrize(
    "spec",
    [JOINABLE, WITH_GROUPS, WITH_GLOBAL_FLAG],
    ids=["indexed", "groups", "global-flag"],
)
@pytest.mark.parametrize("as_dict", [False, True], ids=["list", "dict"])
def test_matchers_agree_with_reference(spec: list[Entry], as_dict: bool) -> None:
    """Both matchers give the same rule as trying every rule in order."""
    resources = build({pattern: {} for pattern in spec} if as_dict else spec)
    for path in PATHS:
        assert matched(resources, path) == reference(resources, path), path


def test_global_inline_flag_applies() -> None:
    """A global inline flag such as '(?i)/x' keeps its meaning in the fallback matcher."""
    resources = build(["(?i)/x", "/.*"])
    assert matched(resources, "/X") == "(?i)/x"
    assert matched(resources, "/y") == "/.*"


def test_ignorecase_flag_stays_scoped() -> None:
    """An IGNORECASE compiled rule does not make its neighbours case-insensitive."""
    resources = build([re.compile("/a", re.IGNORECASE), "/b.*"])
    assert matched(resources, "/A") == "/a"
    assert matched(resources, "/B") is None


def test_five_hundred_rules() -> None:
    """Five hundred literal and regex rules each still match their own paths."""
    spec: dict[str, Mapping[str, object]] = {}
    for n in range(250):
        spec[f"/svc{n}/.*"] = {"n": n}
        spec[f"/static/{n}"] = {"n": n}
    resources = build(spec)
    assert len(resources.rules) == 500
    for n in (0, 1, 10, 99, 100, 249):
        assert matched(resources, f"/svc{n}/items") == f"/svc{n}/.*"
        assert matched(resources, f"/static/{n}") == f"/static/{n}"
        assert matched(resources, f"/svc{n}/items") == reference(resources, f"/svc{n}/items")
    assert matched(resources, "/svc250/items") is None
    assert matched(resources, "/static/250") is None


@pytest.mark.parametrize(
    ("pattern", "decided"),
    [
        (r"/api/[a-z]+", True),
        (r"^/api/(v1|v2)/.*", True),
        (r"/a(?<=a)x", True),
        (r"(/a)(?(1)b|c)", True),
        (r"/api/[a-z]+$", False),
        (r"/api/[a-z]+\Z", False),
        (r"/api/[a-z]+\b", False),
        (r"/api/(?=x)", False),
        (r"/api/(?!x)", False),
        (r"/a|/b$", False),
        pytest.param(r"/api/(?>[a-z]*)", False, marks=NEEDS_311, id="atomic-group"),
        pytest.param(r"/api/[a-z]*+", False, marks=NEEDS_311, id="possessive-repeat"),
    ],
)
def test_decided_by_start(pattern: str, decided: bool) -> None:
    """A regex is decided by a path's start unless it anchors, looks ahead or never gives back."""
    assert decided_by_start(re.compile(pattern)) is decided
