"""Resource rules: which policy applies to which request path.

flask-cors's ``resources`` option maps path patterns to per-path options.
A pattern is a literal path, a regex string (by the same "looks like a
regex" guess as origins) or a compiled regex; ``"*"`` means any path.
Literal paths compare exactly; regexes match from the start of the path.
Paths are percent-decoded with plain ``unquote`` (``+`` stays ``+``,
CVE-2024-6844) and compared case-sensitively (CVE-2024-6866).

When several patterns of a mapping match, the most specific wins
(CVE-2024-6839): literal paths come first, then compiled regexes, then regex
strings, each group ordered by more ``/`` first, then by longer pattern.

Matching is one dictionary lookup for the literal paths and one call of a
single combined regex for all regex patterns, so its cost barely grows with
the number of rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias
from urllib.parse import unquote

from attrs import field, frozen

from .errors import ConfigurationError, Problem
from .patterns import WILDCARD, Entry, looks_like_regex
from .policy import Policy

#: What ``resources`` accepts: one pattern, a list of them, or a mapping of
#: patterns to per-resource options.
ResourcesInput: TypeAlias = (
    "str | re.Pattern[str] | Iterable[str | re.Pattern[str]]"
    " | Mapping[str | re.Pattern[str], Mapping[str, object]]"
)

# Flags a compiled pattern may carry and still join the combined regex as a
# scoped group such as "(?i:...)"; re.UNICODE is implied for str patterns.
_SCOPED_FLAGS = {re.IGNORECASE: "i", re.MULTILINE: "m", re.DOTALL: "s", re.VERBOSE: "x"}
_JOINABLE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE


def parse_resources(spec: object) -> list[tuple[Entry, Mapping[str, object]]]:
    """Turn a ``resources`` value into ``(pattern, options)`` pairs, best first.

    Regex strings are compiled (case-sensitively) and ``"*"`` becomes
    ``.*``; literal paths stay strings.

    Raises:
        ConfigurationError: If ``spec`` has an unsupported shape, or holds
            invalid regexes or option values that are not mappings.
    """
    pairs, problems = collect_resources(spec)
    if problems:
        raise ConfigurationError(problems)
    return pairs


def collect_resources(
    spec: object,
) -> tuple[list[tuple[Entry, Mapping[str, object]]], list[Problem]]:
    """Like :func:`parse_resources`, but return the problems beside the valid pairs.

    For callers that check more configuration at once and report every
    problem together.
    """
    pairs: list[tuple[object, object]]
    if isinstance(spec, Mapping):
        pairs = sorted(spec.items(), key=lambda pair: _specificity(pair[0]))
    elif isinstance(spec, str | re.Pattern):
        pairs = [(spec, {})]
    elif isinstance(spec, Iterable):
        pairs = [(pattern, {}) for pattern in spec]
    else:
        fix = "give a path pattern, a list of them, or a dict of pattern -> options"
        return [], [Problem("resources", spec, "has an unsupported type", fix)]
    problems: list[Problem] = []
    parsed: list[tuple[Entry, Mapping[str, object]]] = []
    for pattern, options in pairs:
        entry = _parse_pattern(pattern, problems)
        if not isinstance(options, Mapping):
            fix = "give each resource a dict of options, such as {'origins': [...]}"
            problems.append(Problem(f"resources[{pattern!r}]", options, "is not a dict", fix))
        elif entry is not None:
            parsed.append((entry, options))
    return parsed, problems


def _specificity(pattern: object) -> tuple[int, int, int, int]:
    """Sort key putting more specific patterns first (CVE-2024-6839)."""
    if isinstance(pattern, re.Pattern):
        text = str(pattern.pattern)
        return (1, 0, -text.count("/"), -len(text))
    text = str(pattern)
    if text == WILDCARD:
        text = ".*"
    group = (1, 1) if looks_like_regex(text) else (0, 0)
    return (*group, -text.count("/"), -len(text))


def _parse_pattern(pattern: object, problems: list[Problem]) -> Entry | None:
    if isinstance(pattern, re.Pattern):
        if isinstance(pattern.pattern, str):
            return pattern
        problems.append(Problem("resources", pattern, "is a bytes regex", "compile a str pattern"))
        return None
    if not isinstance(pattern, str):
        fix = "give path patterns as strings or compiled regexes"
        problems.append(Problem("resources", pattern, "is not a path pattern", fix))
        return None
    text = ".*" if pattern == WILDCARD else pattern
    if not looks_like_regex(text):
        return text
    try:
        return re.compile(text)
    except re.error as error:
        fix = "escape regex characters with re.escape() if the path is meant literally"
        problems.append(Problem("resources", pattern, f"is not a valid regex: {error}", fix))
        return None


@frozen
class Rule:
    """One resource rule: a path pattern and the policy for matching paths.

    Attributes:
        pattern: A literal path, or a compiled regex matched from the start.
        policy: The policy for requests whose path matches.

    """

    pattern: Entry
    policy: Policy

    @property
    def text(self) -> str:
        """The pattern as written, for messages."""
        return self.pattern if isinstance(self.pattern, str) else self.pattern.pattern


@frozen
class Resources:
    """Resource rules in matching order, with a one-pass matcher.

    Attributes:
        rules: The rules, best first.

    """

    rules: tuple[Rule, ...]
    _literal: dict[str, int] = field(init=False, eq=False, repr=False)
    _combined: re.Pattern[str] | None = field(init=False, eq=False, repr=False)
    _regexes: tuple[tuple[int, re.Pattern[str]], ...] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        literal: dict[str, int] = {}
        regexes: list[tuple[int, re.Pattern[str]]] = []
        for index, rule in enumerate(self.rules):
            if isinstance(rule.pattern, str):
                literal.setdefault(rule.pattern, index)
            else:
                regexes.append((index, rule.pattern))
        # Set once here, before the object is shared.
        object.__setattr__(self, "_literal", literal)
        object.__setattr__(self, "_regexes", tuple(regexes))
        object.__setattr__(self, "_combined", _combine(regexes))

    def match(self, path: str) -> Rule | None:
        """Return the first rule whose pattern matches ``path``, or ``None``."""
        if "%" in path:
            path = unquote(path)
        best = self._literal.get(path)
        found = self._first_regex(path)
        if found is not None and (best is None or found < best):
            best = found
        return None if best is None else self.rules[best]

    def _first_regex(self, path: str) -> int | None:
        combined = self._combined
        if combined is not None:
            hit = combined.match(path)
            # Each alternative is the named group "r<index>", so the group
            # that matched names the rule.
            return None if hit is None else int(str(hit.lastgroup)[1:])
        for index, pattern in self._regexes:
            if pattern.match(path):
                return index
        return None


def _combine(regexes: Sequence[tuple[int, re.Pattern[str]]]) -> re.Pattern[str] | None:
    """Join rule regexes into one alternation, or ``None`` if they cannot be.

    Python's regex alternation tries alternatives left to right at the same
    position, so the first matching alternative is the first matching rule.
    Patterns with groups of their own (whose numbers would shift) or with
    flags that cannot be scoped are matched one by one instead.
    """
    if not regexes:
        return None
    parts = []
    for index, pattern in regexes:
        if pattern.groups or pattern.flags & ~_JOINABLE_FLAGS:
            return None
        flags = "".join(c for flag, c in _SCOPED_FLAGS.items() if pattern.flags & flag)
        scope = f"?{flags}:" if flags else "?:"
        parts.append(f"(?P<r{index}>({scope}{pattern.pattern}))")
    try:
        return re.compile("|".join(parts))
    except re.error:
        # For instance a pattern with a global inline flag, "(?i)/api",
        # which is only valid at the very start of a regex.
        return None
