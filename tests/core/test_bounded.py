"""Bounded matching: each configured regex runs in re only where a sound bound proves it cheap.

Table cases pin which engine runs what, the budget's behaviour, and the
cost bound on shapes whose worst case is known; a Hypothesis property holds
the two engines to one meaning on the corpus of real regexes.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import regex
from differential.corpus import load, regexes
from hypothesis import given, settings
from hypothesis import strategies as st

from flask_cors.core import ConfigurationError, Decider, Policy, Reason, RequestInfo, decide
from flask_cors.core.bounded import FAST_STEPS, BoundedRegex, RegexBudget, worst_case_steps
from flask_cors.core.limits import VALUE_LIMITS
from flask_cors.core.regex_syntax import parse

ORIGIN = VALUE_LIMITS["origins"]
PATH = VALUE_LIMITS["resources"]


def steps(regex: str, limit: int = ORIGIN, flags: int = 0) -> int:
    parsed = parse(re.compile(regex, flags))
    assert parsed is not None
    return worst_case_steps(parsed, limit)


# (id, regex, limit, the bound). Each bound is worked out by hand from the
# rule in worst_case_steps' docstring.
STEPS = [
    ("literal", r"https://app\.example\.com", ORIGIN, 23),
    ("one-dot-star-then-literal", r"a.*b", 10, 1 + 11 + 12 * 1),
    # ".*" at the end cannot fail: entered once, whatever came before.
    ("trailing-dot-star", r"a.*b.*", 10, 1 + 11 + 12 * 1 + 11),
    ("two-dot-stars", r"a.*b.*c", 10, 1 + 11 + 12 * (1 + 11 + 12 * 1)),
    ("bounded-repeat-stopped-by-a-literal", r"[a-z]{1,3}-", 10, (2 * 3 + 1) + 1),
    ("bounded-repeat", r"[a-z]{1,3}b", 10, 3 + 3 * 1),
    ("optional-then-literal", r"a?b", 10, 1 + 2 * 1),
    ("branches", r"(?:ab|cd)e", 10, 2 + 2 + 2 * 1),
    ("lookahead-keeps-its-first-way", r"(?=a*)b", 10, 11 + 1),
    ("back-reference-compares-the-value", r"(a)\1", 10, 1 + 11),
    # "[0-9]+" before "/": only its longest way goes on; each shorter one
    # costs the one step that refuses it.
    ("stopped-by-a-literal", r"[0-9]+/[0-9]+/x", 10, (2 * 11 + 1) + 1 + (2 * 11 + 1) + 1 + 1),
    ("not-stopped-by-a-letter", r"[0-9]+a[0-9]+a", 10, 11 + 11 + 11 * 11 + 121),
    ("not-stopped-by-what-it-repeats", r".+/x", 10, 11 + 11 + 11),
    ("two-ways-on-before-dollar", r"[^/]+$", 10, (2 * 11 + 1) + 2),
    ("one-way-on-before-end-of-string", r"[^/]+\Z", 10, (2 * 11 + 1) + 1),
]


@pytest.mark.parametrize(
    ("regex", "limit", "expected"), [case[1:] for case in STEPS], ids=[c[0] for c in STEPS]
)
def test_worst_case_steps(regex: str, limit: int, expected: int) -> None:
    """The bound on shapes small enough to count by hand."""
    assert steps(regex, limit) == expected


# Regexes a crafted request makes slow in re: none may be proven cheap.
UNBOUNDED = [
    pytest.param(r"^(a+)+$", id="nested-plus"),
    pytest.param(r"^(a|a)*$", id="identical-branches"),
    pytest.param(r"/static(/([\w-]+/?)+\.(css|js))?", id="review2-trailing-optional-group"),
    pytest.param(r"^https://app\.example\.com(\.([\w-]+\.?)+\.internal)?", id="review2-origin"),
    pytest.param(r"^http://10(?:\.\d?\d?\d)+(?::\d+)?$", id="review2-adjacent-optionals"),
    pytest.param(r"(?:(?:a|ab)(?:bc|c))+$", id="review2-consecutive-choices"),
    pytest.param(r"^/api/.*/users/.*/posts/.*/comments/.*/likes$", id="review2-rest-rule"),
    pytest.param(r"^https://.*a.*b.*c.*d$", id="review2-mixed-separators"),
    pytest.param(r"^[a-z0-9]{1,30}-?" * 5 + r"\.example\.com$", id="review2-bounded-in-a-row"),
    pytest.param(r"^/n/[^0-9]*\d+[^0-9]*/x$", id="review2-unicode-digits"),
    pytest.param(r"^https://(?:k+\u212a+)+\.example\.com$", id="review2-casefold"),
    pytest.param(r"(.*)*x", id="nullable-body-in-a-star"),
]


@pytest.mark.parametrize("regex", UNBOUNDED)
def test_backtracking_regexes_are_never_proven_cheap(regex: str) -> None:
    """Every shape the reviews timed at seconds runs in the bounded engine."""
    for limit in VALUE_LIMITS.values():
        assert steps(regex, limit, re.IGNORECASE) > FAST_STEPS
        assert not BoundedRegex(re.compile(regex, re.IGNORECASE), limit).fast


FAST = [
    pytest.param(r"^https://([a-z0-9-]+\.)?example\.com$", ORIGIN, id="optional-subdomain"),
    pytest.param(r"^https://[a-z0-9-]+\.example\.com$", ORIGIN, id="one-label"),
    pytest.param(r"https://.*\.example\.com$", ORIGIN, id="dot-star-subdomains"),
    pytest.param(r"^http://localhost:\d+$", ORIGIN, id="any-port"),
    pytest.param(r"/api/v1/.*", PATH, id="prefix-rule"),
    pytest.param(r"^/api/[^/]+/items$", PATH, id="one-segment"),
    pytest.param(r"^/api/v[0-9]+/items/[^/]+$", PATH, id="version-and-id"),
    pytest.param(r"http://192\.168\.\d+\.\d+:\d+", ORIGIN, id="private-address"),
    pytest.param(r"X-COMPANY-.*", VALUE_LIMITS["allow_headers"], id="header-prefix"),
]


@pytest.mark.parametrize(("regex", "limit"), FAST)
def test_common_regexes_run_in_re(regex: str, limit: int) -> None:
    """The regexes real configurations use are proven cheap and run in re, the fastest engine."""
    assert BoundedRegex(re.compile(regex, re.IGNORECASE), limit).fast


def test_spent_budget_matches_nothing_and_names_the_regex() -> None:
    """A regex that runs out of budget does not match, and the budget says which one it was."""
    slow = BoundedRegex(re.compile(r"^(a|a)*$"), ORIGIN)
    budget = RegexBudget()
    assert not slow.match("a" * 60 + "!", budget)
    assert budget.exhausted == [r"^(a|a)*$"]
    # Spent: even a match that would take no time is not tried.
    cheap = BoundedRegex(re.compile(r"a"), ORIGIN)
    assert cheap.fast
    assert not cheap.match("a", budget)
    assert budget.exhausted == [r"^(a|a)*$", "a"]


def test_budget_starts_at_the_first_regex() -> None:
    """The clock starts when the first regex asks, not when the budget is made."""
    budget = RegexBudget(seconds=0.5)
    assert budget.remaining() == 0.5
    assert 0 < budget.remaining() <= 0.5


def test_bounded_engine_keeps_re_meaning_of_a_matching_value() -> None:
    """The bounded engine answers as re does on an ordinary value."""
    slow = BoundedRegex(re.compile(r"^https://(ab|b)+\.example\.com$", re.IGNORECASE), ORIGIN)
    assert not slow.fast
    assert slow.match("https://ABBAB.example.com", RegexBudget())
    assert not slow.match("https://abc.example.com", RegexBudget())


def test_posix_class_text_the_engines_read_apart_is_a_configuration_error() -> None:
    """re reads '[[:alpha:]]' as a set of '[:alph' then ']'; regex as a class: refused, said so."""
    with (
        pytest.warns(FutureWarning, match="nested set"),
        pytest.raises(ConfigurationError) as raised,
    ):
        Policy(origins=[r"^https://([[:alpha:]]+)+\.example\.com$"])
    (problem,) = raised.value.problems
    assert problem.message == (
        "the bounded regex engine reads '[:name:]' as a POSIX class, re does not"
    )


def test_posix_class_text_in_a_cheap_regex_runs_in_re() -> None:
    """A regex re runs itself keeps re's reading of '[[:', as in flask-cors 6.0.5."""
    with pytest.warns(FutureWarning, match="nested set"):
        policy = Policy(origins=[r"^https://[[:alpha:]]\.example\.com$"])
    assert decide(policy, RequestInfo("GET", origin="https://:].example.com")).allowed


def test_a_refusal_for_want_of_budget_is_not_remembered() -> None:
    """A decision cut short by the budget is made afresh next time: another request's
    crafted path cannot get a good origin refused for everyone."""
    policy = Policy(origins=[r"^https://(ab|b)+\.example\.com$"])
    decider = Decider(policy)
    good = RequestInfo("GET", origin="https://abb.example.com")
    # Spent by an earlier part of the same request.
    assert decider.decide(good, RegexBudget(seconds=0.0)).reason is Reason.REGEX_BUDGET
    assert decider.decide(good).allowed


# -- properties ---------------------------------------------------------------


def _flags(option: str) -> int:
    return 0 if option == "resources" else re.IGNORECASE


def _compiled(option: str, item: str | re.Pattern[str]) -> re.Pattern[str] | None:
    if isinstance(item, re.Pattern):
        return item
    try:
        return re.compile(item, _flags(option))
    except re.error:
        return None


CORPUS_REGEXES = [
    (option, compiled)
    for option, item in regexes(load())
    if (compiled := _compiled(option, item)) is not None
]

# Values near what the corpus regexes match: their own literal text, cut and
# mutated, so matches and near misses both occur.
_ALPHABET = "abcxyz019.-:/_AZ%\u00e9\u0663 "


@settings(max_examples=300, derandomize=True, deadline=None)
@given(data=st.data())
def test_both_engines_agree_on_every_corpus_regex(data: Any) -> None:
    """The bounded engine reads every regex of the corpus as re does."""
    option, compiled = data.draw(st.sampled_from(CORPUS_REGEXES))
    seed = re.sub(r"[\\^$()\[\]*+?{}|]", "", compiled.pattern)
    value = data.draw(
        st.one_of(
            st.text(_ALPHABET, max_size=40),
            st.builds(
                lambda cut, tail: seed[:cut] + tail,
                st.integers(0, 60),
                st.text(_ALPHABET, max_size=8),
            ),
            st.sampled_from(["https://app.example.com", "http://localhost:3000", "/api/v1/x"]),
        )
    )
    bounded = BoundedRegex(compiled, VALUE_LIMITS[option])
    other = regex.compile(compiled.pattern, compiled.flags | regex.VERSION0)
    assert (other.match(value) is not None) == (compiled.match(value) is not None)
    assert bounded.match(value, RegexBudget(seconds=1.0)) == (compiled.match(value) is not None)


def test_corpus_regexes_mostly_run_in_re() -> None:
    """Nearly all real regexes are proven cheap: the bounded engine is the exception."""
    fast = [
        compiled.pattern
        for option, compiled in CORPUS_REGEXES
        if BoundedRegex(compiled, VALUE_LIMITS[option]).fast
    ]
    assert len(fast) >= 0.9 * len(CORPUS_REGEXES)
