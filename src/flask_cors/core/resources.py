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

Matching is one dictionary lookup for the literal paths. Regexes are
indexed by the literal text they start with (``/api/v1/`` for
``r"/api/v1/.*"``): a few dictionary lookups on prefixes of the path find
the only rules that can match, and just those run. So the cost barely grows
with the number of rules. A regex that is its prefix plus ``.*`` or ``/*``
(the usual ``r"/api/*"``) does not even run: the lookup was its match. A
pattern that matches every path (the default ``/*``) ends the search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final
from urllib.parse import unquote

from attrs import field, frozen

from .bounded import BoundedRegex, RegexBudget, prepare
from .errors import ConfigurationError, Found, Problem

# MAX_PATH_LENGTH is still importable from here, where it was defined before.
from .limits import MAX_PATH_LENGTH as MAX_PATH_LENGTH
from .patterns import WILDCARD, Entry, looks_like_regex
from .policy import Policy
from .regex_syntax import C as _C
from .regex_syntax import parse

# The input type lives with the option vocabulary; still importable here.
from .vocabulary import ResourcesInput as ResourcesInput

__all__ = [
    "MAX_PATH_LENGTH",
    "Resources",
    "ResourcesInput",
    "Rule",
    "RuleIndex",
    "collect_resources",
    "decided_by_start",
    "literal_prefix",
    "matches_every_path",
    "parse_resources",
]


def parse_resources(spec: object) -> list[tuple[Entry, Mapping[str, object]]]:
    """Turn a ``resources`` value into ``(pattern, options)`` pairs, best first.

    Regex strings are compiled (case-sensitively) and ``"*"`` becomes
    ``.*``; literal paths stay strings.

    Raises:
        ConfigurationError: If ``spec`` has an unsupported shape, or holds
            invalid regexes or option values that are not mappings.
    """
    found = Found()
    pairs = collect_resources(spec, found)
    if found.errors:
        raise ConfigurationError(found.errors)
    return pairs


def collect_resources(spec: object, found: Found) -> list[tuple[Entry, Mapping[str, object]]]:
    """Like :func:`parse_resources`, but record the problems in ``found`` beside the valid pairs.

    For callers that check more configuration at once and report every
    problem together: errors are what :func:`parse_resources` raises;
    findings (a regex that can backtrack, which runs within the budget) are
    for warnings.
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
        found.errors.append(Problem("resources", spec, "has an unsupported type", fix))
        return []
    parsed: list[tuple[Entry, Mapping[str, object]]] = []
    for pattern, options in pairs:
        entry = _parse_pattern(pattern, found)
        if not isinstance(options, Mapping):
            fix = "give each resource a dict of options, such as {'origins': [...]}"
            found.errors.append(Problem(f"resources[{pattern!r}]", options, "is not a dict", fix))
        elif entry is not None:
            parsed.append((entry, options))
    return parsed


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


def _parse_pattern(pattern: object, found: Found) -> Entry | None:
    if isinstance(pattern, re.Pattern):
        if isinstance(pattern.pattern, str):
            return _bounded(pattern, found)
        fix = "compile a str pattern"
        found.errors.append(Problem("resources", pattern, "is a bytes regex", fix))
        return None
    if not isinstance(pattern, str):
        fix = "give path patterns as strings or compiled regexes"
        found.errors.append(Problem("resources", pattern, "is not a path pattern", fix))
        return None
    text = ".*" if pattern == WILDCARD else pattern
    if not looks_like_regex(text):
        return text
    try:
        return _bounded(re.compile(text), found)
    except re.error as error:
        fix = "escape regex characters with re.escape() if the path is meant literally"
        found.errors.append(Problem("resources", pattern, f"is not a valid regex: {error}", fix))
        return None


def _bounded(pattern: re.Pattern[str], found: Found) -> re.Pattern[str] | None:
    """Return ``pattern`` if it can run within the budget; record what is wrong with it."""
    return None if prepare("resources", pattern, found) is None else pattern


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
    """Resource rules in matching order, with an indexed matcher.

    Attributes:
        rules: The rules, best first.
        index: The rules indexed for matching, built once (:class:`RuleIndex`).
    """

    rules: tuple[Rule, ...]
    index: RuleIndex = field(init=False, eq=False, repr=False)

    @index.default
    def _index(self) -> RuleIndex:
        return RuleIndex(self.rules)

    @property
    def bounded(self) -> bool:
        """Whether matching a path may run a configured regex (see :attr:`RuleIndex.bounded`)."""
        return self.index.bounded

    def match(self, path: str, budget: RegexBudget | None = None) -> Rule | None:
        """Return the first rule whose pattern matches ``path``, or ``None``.

        See :meth:`RuleIndex.match`, which gives the rule's place in
        :attr:`rules`.
        """
        found = self.index.match(path, budget)
        return None if found is None else self.rules[found]


class RuleIndex:
    """Resource rules indexed for matching: built once from the rules, read per request.

    Literal paths are one dictionary lookup. Regexes are indexed by the
    literal text they start with (``/api/v1/`` for ``r"/api/v1/.*"``), and
    one that is its prefix plus ``.*`` or ``/*`` is decided by the lookup
    alone. The first rule that matches every path (the default ``/*``) ends
    the search: the rules after it can never win.

    Attributes:
        bounded: Whether matching a path may run a configured regex, and so
            draws on a :class:`~flask_cors.core.bounded.RegexBudget`.
    """

    __slots__ = (
        "_by_prefix",
        "_fallback",
        "_literal",
        "_only",
        "_prefix_only",
        "_regexes",
        "_truncatable",
        "_unindexed",
        "bounded",
    )

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        last = len(rules)
        for index, rule in enumerate(rules):
            if not isinstance(rule.pattern, str) and matches_every_path(rule.pattern):
                last = index
                break
        literal: dict[str, int] = {}
        by_prefix: dict[int, dict[str, list[int]]] = {}
        unindexed: list[int] = []
        prefix_only: set[int] = set()
        for index, rule in enumerate(rules[:last]):
            if isinstance(rule.pattern, str):
                literal.setdefault(rule.pattern, index)
                continue
            prefix = literal_prefix(rule.pattern)
            if prefix:
                by_prefix.setdefault(len(prefix), {}).setdefault(prefix, []).append(index)
                # r"/api/*" or r"/api/.*": the path starting with the prefix,
                # which the index lookup found, is the whole match.
                if rule.pattern.pattern[len(prefix) :] in _ANY_REST:
                    prefix_only.add(index)
            else:
                unindexed.append(index)
        self._literal = literal
        self._by_prefix = tuple(
            (length, {text: tuple(found) for text, found in table.items()})
            for length, table in sorted(by_prefix.items())
        )
        self._unindexed = tuple(unindexed)
        self._prefix_only = frozenset(prefix_only)
        self._truncatable = frozenset(
            index
            for index, rule in enumerate(rules[:last])
            if not isinstance(rule.pattern, str) and decided_by_start(rule.pattern)
        )
        # The index of the rule that matches every path, if any.
        self._fallback: int | None = last if last < len(rules) else None
        # The default configuration, one rule for every path, needs no search.
        self._only: int | None = 0 if last == 0 and rules else None
        self._regexes = tuple(
            None if isinstance(rule.pattern, str) else BoundedRegex(rule.pattern, MAX_PATH_LENGTH)
            for rule in rules
        )
        runs = set(unindexed) | {
            index for _, table in self._by_prefix for found in table.values() for index in found
        }
        self.bounded = bool(runs - prefix_only)

    def match(self, path: str, budget: RegexBudget | None = None) -> int | None:
        """Return the place of the first rule whose pattern matches ``path``, or ``None``.

        No configured regex runs on a path longer than
        :data:`MAX_PATH_LENGTH`: it is compared with literal paths, with
        regexes decided by their literal prefix (``r"/api/*"``) and with
        patterns that match every path (such as ``"/*"``, the default). If
        a regex that would have to run comes first among the rules that may
        match it, it gets no rule (``None``) rather than a later one.

        Regexes run within ``budget`` (a new
        :class:`~flask_cors.core.bounded.RegexBudget` when ``None``). If it
        is spent before a regex that may match has answered, the path gets
        no rule, never a later, wider one (CVE-2024-6839).
        """
        only = self._only
        if only is not None:
            return only
        if "%" in path:
            path = unquote(path)
        best = self._literal.get(path)
        size = len(path)
        if size > MAX_PATH_LENGTH:
            return self._match_long(path, best, budget)
        # The lowest-numbered rule that matches wins. Each group of
        # candidates is in rule order, so each is tried only up to the best
        # match found so far; no list is built or sorted.
        regexes = self._regexes
        for index in self._unindexed:
            if best is not None and index >= best:
                break
            if budget is None:
                budget = RegexBudget()
            if regexes[index].match(path, budget):  # type: ignore[union-attr]
                best = index
                break
            if budget.exhausted:
                return None
        prefix_only = self._prefix_only
        for length, table in self._by_prefix:
            if length > size:
                break
            found = table.get(path[:length])
            if found is None:
                continue
            for index in found:
                if best is not None and index >= best:
                    break
                if index in prefix_only:
                    best = index
                    break
                if budget is None:
                    budget = RegexBudget()
                if regexes[index].match(path, budget):  # type: ignore[union-attr]
                    best = index
                    break
                if budget.exhausted:
                    return None
        return self._fallback if best is None else best

    def _match_long(self, path: str, best: int | None, budget: RegexBudget | None) -> int | None:
        """Match a path longer than :data:`MAX_PATH_LENGTH`, no regex seeing more of it.

        A rule decided by its literal prefix (``r"/api/*"``) applies as it
        would to a short path. A regex that matches the path's first
        :data:`MAX_PATH_LENGTH` characters matches the path too, if it has
        no anchor or lookahead that looks at where the text ends (see
        :func:`decided_by_start`). Any other regex that may match, before a
        rule that does, means no rule at all: a later, less specific rule
        must never answer a path that an earlier one may match
        (CVE-2024-6839), and a request without a rule gets no CORS headers.
        """
        size = len(path)
        start = path[:MAX_PATH_LENGTH]
        # Every regex rule that may match: those without a literal prefix,
        # and those whose prefix the path starts with.
        candidates = list(self._unindexed)
        for length, table in self._by_prefix:
            if length > size:
                break
            candidates.extend(table.get(path[:length], ()))
        for index in sorted(candidates):
            if best is not None and index >= best:
                break
            if index in self._prefix_only:
                return index
            regex = self._regexes[index]
            if index not in self._truncatable or regex is None:
                return None
            return index if regex.match(start, budget or RegexBudget()) else None
        return self._fallback if best is None else best


# Anchors that hold at the start of a text, however it ends.
_STARTS: Final = frozenset({_C.AT_BEGINNING, _C.AT_BEGINNING_STRING, _C.AT_BEGINNING_LINE})
# Parsed items that match characters only, wherever the text ends.
_PLAIN: Final = frozenset(
    {_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN, _C.CATEGORY, _C.GROUPREF, _C.GROUPREF_IGNORE}
)

# Characters after which a regex stops being literal text; a quantifier also
# makes the character before it optional.
_SPECIAL = frozenset(".^$*+?{}[]\\|()")
_OPTIONAL_PREVIOUS = frozenset("*?{")

# Regexes that match at the start of every string, whatever their flags:
# each can match the empty string, with no anchor or lookaround to fail.
_EVERY_PATH: Final = frozenset({"", ".*", "^.*", "/*", "^/*"})
# What may follow a regex's literal prefix for the prefix alone to decide a
# match: these match the empty string anywhere ("^" would not).
_ANY_REST: Final = frozenset({"", ".*", "/*"})


def matches_every_path(pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` matches (from the start) every path, as ``"/*"`` does.

    A conservative test by the pattern's text: ``False`` means "not known to".
    """
    return pattern.pattern in _EVERY_PATH


def decided_by_start(pattern: re.Pattern[str]) -> bool:
    r"""Whether a match of ``pattern`` on the start of a path is a match on the whole path.

    True when nothing in the regex looks at where the text ends: no ``$``,
    ``\Z``, ``\b`` or ``\B``, no lookahead, no atomic group or
    possessive repeat (which may keep what they took at the end of a cut
    text). A conservative test: ``False`` means "not known to".
    """
    parsed = parse(pattern)
    # A regex the standard library's private parser cannot read: not known.
    return parsed is not None and _start_only(parsed)


def _start_only(items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op is _C.AT:
            if av not in _STARTS:
                return False
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            if av[0] >= 0 or not _start_only(list(av[1])):
                return False
        elif op is _C.SUBPATTERN:
            if not _start_only(list(av[-1])):
                return False
        elif op is _C.BRANCH:
            if not all(_start_only(list(branch)) for branch in av[1]):
                return False
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            if not _start_only(list(av[2])):
                return False
        elif op is _C.GROUPREF_EXISTS:
            if not all(_start_only(list(part)) for part in av[1:] if part is not None):
                return False
        elif op not in _PLAIN:
            # Atomic groups, possessive repeats and anything newer.
            return False
    return True


def literal_prefix(pattern: re.Pattern[str]) -> str:
    """Return the literal text every match of ``pattern`` starts with ("" if unknown).

    Patterns with an alternation, or with flags that change what the text
    means (IGNORECASE, VERBOSE, ...), get the empty string.
    """
    text = pattern.pattern
    if pattern.flags & ~re.UNICODE or "|" in text:
        # An alternation anywhere ("/a|/b") can match without the prefix.
        return ""
    end = 0
    while end < len(text) and text[end] not in _SPECIAL:
        end += 1
    if end < len(text) and text[end] in _OPTIONAL_PREVIOUS:
        end -= 1
    return text[: max(end, 0)]
