"""A regex wrapper that records what it is asked to match, and helpers that install it.

The core runs configured regexes through :class:`~flask_cors.core.bounded.BoundedRegex`
(``regex.match(value, budget)``), whichever engine runs them. Swapping a
policy's or a rule index's bounded regexes for :class:`CountingRegex`
objects that delegate to them shows which values, and how long, reach a
user regex, without timing anything.
"""

from __future__ import annotations

import re
from typing import cast

from flask_cors.core import Policy, RegexBudget, Resources, Rule
from flask_cors.core.bounded import BoundedRegex


class CountingRegex:
    """Wraps a bounded regex and records the length of every value matched against it."""

    def __init__(self, regex: BoundedRegex) -> None:
        self.regex = regex
        self.pattern = regex.pattern
        self.lengths: list[int] = []

    def match(self, value: str, budget: RegexBudget) -> bool:
        """Record the value's length, then match as the wrapped regex does."""
        self.lengths.append(len(value))
        return self.regex.match(value, budget)


def count_policy_patterns(policy: Policy) -> list[CountingRegex]:
    """Swap ``policy``'s origin and header regexes for counting ones; return them.

    The policy must have been given its own ``origins`` and ``allow_headers``
    (the defaults' pattern sets are shared between policies).
    """
    assert {"origins", "allow_headers"} <= policy.explicit
    counters: list[CountingRegex] = []
    for entries in (policy.origins, policy.allow_headers):
        wrapped = [CountingRegex(regex) for regex in entries.bounded]
        # A test-only swap inside a frozen object, before any request is
        # decided; without the cheap shortcut, every match goes through them.
        object.__setattr__(entries, "bounded", tuple(wrapped))
        object.__setattr__(entries, "_cheap", None)
        counters.extend(wrapped)
    return counters


def counting_resources(
    patterns: list[str], policy: Policy
) -> tuple[Resources, list[CountingRegex]]:
    """Return resource rules whose path regexes count what they are matched against."""
    resources = Resources(tuple(Rule(re.compile(text), policy) for text in patterns))
    index = resources.index
    counters = [CountingRegex(regex) for regex in index._regexes if regex is not None]
    # A test-only swap inside the index, before any path is matched.
    index._regexes = tuple(cast(BoundedRegex, counter) for counter in counters)
    return resources, counters
