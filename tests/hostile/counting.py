"""A pattern-like object that records what it is asked to match, and helpers that install it.

The core matches configured regexes with ``pattern.match(value)``. Swapping a
policy's compiled patterns for :class:`CountingPattern` objects that
delegate to them shows which values, and how long, reach a user regex,
without timing anything.
"""

from __future__ import annotations

import re
from typing import Any, cast

from flask_cors.core import Policy, Resources, Rule


class CountingPattern:
    """Wraps a compiled regex and records the length of every value matched against it."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.compiled = pattern
        self.pattern = pattern.pattern
        self.flags = pattern.flags
        self.lengths: list[int] = []

    def match(self, value: str, *args: Any) -> re.Match[str] | None:
        """Record the value's length, then match as the wrapped regex does."""
        self.lengths.append(len(value))
        return self.compiled.match(value, *args)


def count_policy_patterns(policy: Policy) -> list[CountingPattern]:
    """Swap ``policy``'s origin and header regexes for counting ones; return them.

    The policy must have been given its own ``origins`` and ``allow_headers``
    (the defaults' pattern sets are shared between policies).
    """
    assert {"origins", "allow_headers"} <= policy.explicit
    counters: list[CountingPattern] = []
    for entries in (policy.origins, policy.allow_headers):
        wrapped = tuple(CountingPattern(pattern) for pattern in entries.patterns)
        # A test-only swap inside a frozen object, before any request is decided.
        object.__setattr__(entries, "patterns", wrapped)
        counters.extend(wrapped)
    return counters


def counting_resources(
    patterns: list[str], policy: Policy
) -> tuple[Resources, list[CountingPattern]]:
    """Return resource rules whose path regexes count what they are matched against."""
    counters = [CountingPattern(re.compile(text)) for text in patterns]
    rules = tuple(Rule(cast(re.Pattern[str], counter), policy) for counter in counters)
    return Resources(rules), counters
