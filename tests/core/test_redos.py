"""Regexes that can backtrack are named at startup, as advice: they start and run bounded.

The bound on a request's cost is the engine's (tests/core/test_bounded.py);
the backtracking analysis only names the regexes a crafted request can make
slow, with the fix. A finding is a warning, an error under strict mode.
"""

from __future__ import annotations

import re
import time

import pytest

from flask_cors.core import Policy, Problem, Reason, RequestInfo, decide, parse_resources
from flask_cors.core.redos import backtracking_problem

EXPONENTIAL = (
    "can backtrack for time exponential in the length of a crafted request (ReDoS): it repeats "
    "a part that itself repeats, so a run can be split between rounds in many ways"
)
BRANCHES = (
    "can backtrack for time exponential in the length of a crafted request (ReDoS): it repeats "
    "a part that chooses between branches that can match the same text"
)


def polynomial(degree: int) -> str:
    return (
        f"can backtrack for time growing as the length of a crafted request to the power {degree} "
        f"(ReDoS): {degree} repeated parts in a row can consume the same characters, so a run of "
        "them can be split between the parts in many ways"
    )


BOUNDED = (
    "; it runs within the regex budget (2 ms per request), so a crafted request that "
    "makes it slow is refused"
)
FIX = (
    "use a wildcard origin such as 'https://*.example.com', or end each repeated part with a "
    "character it cannot match, as in r'https://([a-z0-9-]+\\.)*example\\.com$'"
)
HEADER_FIX = (
    "list the header names, or repeat only what a name cannot otherwise match, "
    "as in r'x-[a-z0-9-]*$'"
)

REFUSED = [
    pytest.param(r"^(a+)+$", EXPONENTIAL, id="nested-plus"),
    pytest.param(r"^https?://(.*\.)*example\.com$", EXPONENTIAL, id="nested-star-subdomains"),
    # Python's parser factors the common prefix out of "a|a", leaving
    # "a(?:|)": each round still has two ways to match, so it is exponential.
    pytest.param(r"(a|a)*$", BRANCHES, id="identical-branches"),
    pytest.param(r"(a|aa)+$", EXPONENTIAL, id="overlapping-branches"),
    pytest.param(r"(a{1,3})+$", EXPONENTIAL, id="variable-count-inside"),
    pytest.param(r"^(\w+\s?)*$", EXPONENTIAL, id="word-and-optional-space"),
    pytest.param(r"https://.*\..*\..*\.com", polynomial(3), id="three-dot-stars"),
    pytest.param(r"^a*a*a*a*b$", polynomial(4), id="four-a-stars"),
]

ACCEPTED = [
    pytest.param(r"https://([a-z0-9-]+\.)*example\.com$", id="labels-ending-in-a-dot"),
    pytest.param(r"^(\w+\.)*example\.com$", id="word-labels-ending-in-a-dot"),
    pytest.param(r"https://.*\.example\.com$", id="one-dot-star"),
    pytest.param(r"https://.*\..*\.com", id="two-dot-stars"),
    pytest.param(r"(ab|cd)+", id="branches-starting-apart"),
    pytest.param(r"^(x-[a-z]+)*$", id="prefix-outside-the-inner-set"),
    pytest.param(r"^(ab?)+$", id="optional-tail"),
    pytest.param(r"(x{2})*", id="fixed-count-inside"),
    pytest.param(r"^https?://localhost(:\d+)?$", id="optional-port"),
    pytest.param(r"https?://(app|admin)\.example\.com$", id="branch-outside-a-repeat"),
]


@pytest.mark.parametrize(("regex", "message"), REFUSED)
def test_backtracking_origin_regex_is_a_finding_with_the_fix(regex: str, message: str) -> None:
    """A backtracking-prone origin regex starts, with the reason, the bound and the fix."""
    policy = Policy(origins=[regex])
    assert Problem("origins", regex, message + BOUNDED, FIX) in policy.findings


@pytest.mark.parametrize(
    "regex", [r"https://.*\..*\.com", r"^a*a*b$"], ids=["two-dot-stars", "two-a-stars"]
)
def test_quadratic_regex_is_a_finding_for_headers_only(regex: str) -> None:
    """A quadratic regex is fine for origins (300 characters at most), advice for allow_headers."""
    assert backtracking_problem("origins", re.compile(regex, re.IGNORECASE)) is None
    policy = Policy(allow_headers=[regex])
    assert policy.findings == (
        Problem("allow_headers", regex, polynomial(2) + BOUNDED, HEADER_FIX),
    )


@pytest.mark.parametrize("regex", ACCEPTED)
def test_safe_regex_is_accepted(regex: str) -> None:
    """A regex whose repetitions cannot split an input in many ways is accepted as before."""
    assert backtracking_problem("origins", re.compile(regex)) is None
    assert Policy(origins=[regex]).findings == ()


def test_compiled_regex_and_header_regex_are_checked_too() -> None:
    """Compiled patterns and allow_headers regexes are checked like origin strings."""
    policy = Policy(origins=[re.compile(r"^(a+)+$")], allow_headers=[r"^(x+)+$"])
    assert [(p.option, p.value) for p in policy.findings] == [
        ("origins", r"^(a+)+$"),
        ("allow_headers", r"^(x+)+$"),
    ]


def test_resource_regex_is_accepted_and_bounded() -> None:
    """A resource path regex that backtracks exponentially starts (6.0.5 starts it)."""
    ((pattern, _),) = parse_resources({r"/(a+)+x": {}})
    assert not isinstance(pattern, str)
    assert pattern.pattern == r"/(a+)+x"


def test_exponential_origin_regex_is_refused_within_the_budget() -> None:
    """The advice is not the guarantee: a crafted origin is refused within the budget."""
    policy = Policy(origins=[r"^https://(a|a)+\.example\.com$"])
    hostile = "https://" + "a" * 60 + "!"
    decision = decide(policy, RequestInfo("GET", origin=hostile))
    assert (decision.allowed, decision.reason) == (False, Reason.REGEX_BUDGET)
    assert decide(policy, RequestInfo("GET", origin="https://aaa.example.com")).allowed


def test_ignore_case_flag_is_considered() -> None:
    """With IGNORECASE, a delimiter that only differs in case does not protect the repetition."""
    assert backtracking_problem("origins", re.compile(r"^([a-z]+A)*$")) is None
    assert backtracking_problem("origins", re.compile(r"^([a-z]+A)*$", re.IGNORECASE)) is not None


def test_accepted_subdomain_regex_stays_fast_on_a_hostile_origin() -> None:
    """The recommended safe subdomain regex answers a crafted 1,000-character origin at once."""
    policy = Policy(origins=[r"https://([a-z0-9-]+\.)*example\.com$"])
    hostile = "https://" + "a." * 495 + "!"
    started = time.perf_counter()
    decision = decide(policy, RequestInfo("GET", origin=hostile))
    assert time.perf_counter() - started < 0.05
    assert not decision.allowed
