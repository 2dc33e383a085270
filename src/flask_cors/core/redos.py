r"""Regexes that backtrack for too long, found when configuration is parsed.

Python's ``re`` backtracks. On a crafted input that almost matches, a regex
can try many ways of splitting the input between its repetitions before it
gives up, and a request then costs seconds of CPU (ReDoS). This module reads
the parsed regex and estimates how the worst case grows with the input's
length *n*, under the way flask-cors matches: :meth:`re.Pattern.match`, from
the start of the value, where a match need not reach the end.

Theory of operation.

- **Polynomial degree.** Repetitions in sequence that can all consume the
  same character *c* (``.*\..*\..*`` on a run of dots), with only elements
  that also accept *c* between them, can split a run of *c* in about
  *n*\ :sup:`k` ways for *k* such repetitions: the degree is *k*.
- **Exponential.** A repetition of a body that can match the same text in
  more than one way (``(a+)+``, ``([a-z0-9]+-?){1,10}``, ``(\w+-\w+)*``,
  ``(a|ab)*``) splits a run in exponentially many ways.
- **Nothing after can fail.** Backtracking happens only when something after
  the repetition fails. When what follows can always match the empty string
  (``.*`` at the end, ``:?\d*/?.*``), the first way found succeeds, so such
  repetitions cost nothing extra. This is what makes flask-cors's documented
  ``r"http?://\w*\.?example\.com:?\d*/?.*"`` safe.

A repetition bounded by a small count (``[a-z0-9-]{1,63}``) adds a constant
factor, not a degree. Each option has a length limit on what the request can
put in front of the regex (see :mod:`flask_cors.core.decide` and
:mod:`flask_cors.core.resources`), and the degree it may have follows from it:
the cost at the limit must stay within a few milliseconds (the measurements
are in ``docs/security.md``).

The parsed form is the standard library's regex parser, private but stable
for years; if reading it ever fails, the regex is accepted, as flask-cors
accepted every regex.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Final

from .errors import Problem
from .limits import REGEX_BUDGET_SECONDS
from .regex_syntax import GROUPS as _GROUPS
from .regex_syntax import REPEATS as _REPEATS
from .regex_syntax import SINGLE as _SINGLE
from .regex_syntax import C as _C
from .regex_syntax import body as _body
from .regex_syntax import parse

__all__ = [
    "backtracking_problem",
]


# Anchors that hold at the start of a match: under re.match they never fail there.
_START_ANCHORS: Final = frozenset({_C.AT_BEGINNING, _C.AT_BEGINNING_STRING})
#: A repetition whose count can exceed this adds a degree; a smaller bound
#: only multiplies the cost by a constant.
_LONG_REPEAT: Final = 32

# The characters probed: printable ASCII (all an Origin or a header name can
# hold), plus what a percent-decoded path may add.
_PROBES: Final = (*(chr(code) for code in range(0x20, 0x7F)), "\n", "\t", "\xe9", "\u044f")

_Chars = frozenset[str]
_ALL: Final[_Chars] = frozenset(_PROBES)

#: The greatest polynomial degree each option's regexes may have, from the
#: length limit of the request value they match: an Origin (at most 300
#: characters) may be split quadratically in well under a millisecond; a
#: path (2,048) or a header name (4,096) only linearly.
_MAX_DEGREE: Final = {"origins": 2, "allow_headers": 1, "resources": 1}


def backtracking_problem(option: str, pattern: re.Pattern[str]) -> Problem | None:
    """Return the problem with a regex whose backtracking grows too fast, or ``None``.

    Args:
        option: The option the regex is in: ``"origins"``, ``"allow_headers"``
            or ``"resources"``; it sets the degree allowed (:data:`_MAX_DEGREE`).
        pattern: The compiled regex.
    """
    parsed = parse(pattern)
    if parsed is None:  # pragma: no cover - a CPython whose private parser changed
        return None
    analysis = _Analysis(bool(pattern.flags & re.IGNORECASE))
    analysis.walk(parsed, {}, ())
    limit = _MAX_DEGREE.get(option, 1)
    if analysis.exponential:
        growth = "exponential in the length of a crafted request"
    elif analysis.degree > limit:
        growth = f"growing as the length of a crafted request to the power {analysis.degree}"
    else:
        return None
    return Problem(
        option,
        pattern.pattern,
        f"can backtrack for time {growth} (ReDoS): {analysis.why}; it runs within the regex "
        f"budget ({REGEX_BUDGET_SECONDS * 1000:g} ms per request), so a crafted request that "
        "makes it slow is refused",
        _FIXES.get(option, _FIXES["origins"]),
    )


_FIXES: Final = {
    "origins": "use a wildcard origin such as 'https://*.example.com', or end each repeated "
    "part with a character it cannot match, as in r'https://([a-z0-9-]+\\.)*example\\.com$'",
    "allow_headers": "list the header names, or repeat only what a name cannot otherwise "
    "match, as in r'x-[a-z0-9-]*$'",
    "resources": "use a path prefix such as r'/api/*', or repeat only what cannot match the "
    "next part, as in r'/api/[^/]+/items'",
}


class _Analysis:
    """One walk over a parsed regex, recording the worst growth found."""

    def __init__(self, ignore_case: bool) -> None:
        self.ignore_case = ignore_case
        self.degree = 0
        self.exponential = False
        self.why = ""

    # -- what elements match --------------------------------------------

    def chars(self, items: Sequence[Any]) -> _Chars:
        """The probed characters that can occur anywhere in a match of ``items``."""
        found: set[str] = set()
        for op, argument in items:
            single = self.single(op, argument)
            if single is not None:
                found |= single
            elif op in _REPEATS:
                found |= self.chars(argument[2])
            elif op in _GROUPS:
                found |= self.chars(_body(op, argument))
            elif op == _C.BRANCH:
                for branch in argument[1]:
                    found |= self.chars(branch)
            elif op == _C.GROUPREF_EXISTS:
                found |= self.chars(argument[1])
                if argument[2] is not None:
                    found |= self.chars(argument[2])
            elif op == _C.GROUPREF:
                return _ALL
        return frozenset(found)

    def single(self, op: Any, argument: Any) -> _Chars | None:
        """The probed characters a one-character element matches, or ``None`` for others."""
        if op not in _SINGLE:
            return None
        test = _char_test(op, argument)
        if self.ignore_case:
            return frozenset(
                ch for ch in _PROBES if test(ch) or test(ch.lower()) or test(ch.upper())
            )
        return frozenset(ch for ch in _PROBES if test(ch))

    # -- what can match nothing, and what can never fail ------------------

    def nullable(self, items: Sequence[Any]) -> bool:
        """Whether ``items`` can match the empty string (assertions aside)."""
        return all(self._nullable_one(op, argument) for op, argument in items)

    def _nullable_one(self, op: Any, argument: Any) -> bool:
        if op in _SINGLE:
            return False
        if op in _REPEATS:
            return argument[0] == 0 or self.nullable(argument[2])
        if op in _GROUPS:
            return self.nullable(_body(op, argument))
        if op == _C.BRANCH:
            return any(self.nullable(branch) for branch in argument[1])
        if op == _C.GROUPREF_EXISTS:
            return self.nullable(argument[1]) or (argument[2] is None or self.nullable(argument[2]))
        # Anchors, lookarounds and back-references match no characters.
        return True

    def always_succeeds(self, items: Sequence[Any]) -> bool:
        """Whether ``items`` match at any position: nothing in them can fail."""
        return all(self._succeeds_one(op, argument) for op, argument in items)

    def _succeeds_one(self, op: Any, argument: Any) -> bool:
        if op in _REPEATS:
            return argument[0] == 0 or self.always_succeeds(argument[2])
        if op in _GROUPS:
            return self.always_succeeds(_body(op, argument))
        if op == _C.BRANCH:
            return any(self.always_succeeds(branch) for branch in argument[1])
        if op == _C.AT:
            return argument in _START_ANCHORS
        # Characters, lookarounds, back-references and conditionals can fail.
        return False

    # -- the walk ---------------------------------------------------------

    def walk(
        self, items: Sequence[Any], counts: dict[str, int], tail: tuple[Sequence[Any], ...]
    ) -> dict[str, int]:
        """Walk ``items`` followed by ``tail``, carrying each character's chain length.

        ``counts[c]`` is how many long repetitions able to consume ``c``
        came before this point with nothing in between that refuses ``c``.
        Returns the counts after ``items``.
        """
        counts = dict(counts)
        for index, (op, argument) in enumerate(items):
            rest = (items[index + 1 :], *tail)
            if all(self.always_succeeds(part) for part in rest):
                # Nothing after this element can fail: the first way this
                # element matches is the match. Its insides still count.
                self._inside(op, argument, rest)
                return counts
            counts = self._step(op, argument, counts, rest)
        return counts

    def _step(
        self, op: Any, argument: Any, counts: dict[str, int], rest: tuple[Sequence[Any], ...]
    ) -> dict[str, int]:
        single = self.single(op, argument)
        if single is not None:
            # A character every match holds here: chains of other characters end.
            return {ch: n for ch, n in counts.items() if ch in single}
        if op in _REPEATS:
            return self._repeat(argument, counts, rest)
        if op in _GROUPS:
            return self.walk(_body(op, argument), counts, rest)
        if op == _C.BRANCH:
            return self._branches(argument[1], counts, rest)
        if op == _C.GROUPREF_EXISTS:
            other = argument[2] if argument[2] is not None else []
            return self._branches([argument[1], other], counts, rest)
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            # A lookaround's body is a match of its own, which ends where the
            # body does.
            self.walk(argument[1], {}, ())
        # Anchors and back-references: zero-width or unknown; chains go on.
        return counts

    def _inside(self, op: Any, argument: Any, rest: tuple[Sequence[Any], ...]) -> None:
        """Check what is nested in an element whose continuation cannot fail."""
        if op in _REPEATS:
            self.walk(argument[2], {}, (*rest,))
        elif op in _GROUPS:
            self.walk(_body(op, argument), {}, rest)
        elif op == _C.BRANCH:
            for branch in argument[1]:
                self.walk(branch, {}, rest)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            self.walk(argument[1], {}, ())

    def _branches(
        self, branches: Sequence[Sequence[Any]], counts: dict[str, int], rest: tuple[Any, ...]
    ) -> dict[str, int]:
        merged: dict[str, int] = {}
        for branch in branches:
            for ch, n in self.walk(branch, counts, rest).items():
                merged[ch] = max(n, merged.get(ch, 0))
        return merged

    def _repeat(
        self, argument: Any, counts: dict[str, int], rest: tuple[Sequence[Any], ...]
    ) -> dict[str, int]:
        low, high, body = argument[0], argument[1], list(argument[2])
        long = high == _C.MAXREPEAT or high > _LONG_REPEAT
        if high >= 2 and not self.exponential:
            reason = self._ambiguous_body(body)
            if reason:
                self.exponential = True
                self.why = f"it repeats a part that {reason}"
        # The body, once: its own chains (and nested repetitions) count.
        inner = self.walk(body, counts if low >= 1 else {**counts}, ((), *rest))
        if not long:
            if low == 0:
                # Optional: chains can also pass over it.
                return {ch: max(n, inner.get(ch, 0)) for ch, n in {**inner, **counts}.items()}
            return inner
        # A long repetition consumes any run of its characters: one more
        # degree for each of them.
        passed = {**counts} if low == 0 else inner
        after: dict[str, int] = {}
        for ch in self.chars(body) | passed.keys():
            if ch in self.chars(body):
                after[ch] = max(counts.get(ch, 0), inner.get(ch, 0)) + 1
            elif ch in passed:
                after[ch] = passed[ch]
        worst = max(after.values(), default=0)
        if worst > self.degree:
            self.degree = worst
            if not self.exponential:
                self.why = (
                    f"{worst} repeated parts in a row can consume the same characters, so a "
                    "run of them can be split between the parts in many ways"
                )
        return after

    def _ambiguous_body(self, body: list[Any]) -> str:
        """Say why a repeated body can match the same text in several ways, or return ''."""
        if self.nullable(body) and self.chars(body):
            return "can match nothing, so rounds can be skipped in many ways"
        mandatory = self._mandatory(body)
        for inner in self._variable_bodies(body):
            consumed = self.chars(inner)
            if any(all(ch in chars for chars in mandatory) for ch in consumed):
                return "itself repeats, so a run can be split between rounds in many ways"
        trailing = self._edge_repeats(body, from_end=True)
        leading = self._edge_repeats(body, from_end=False)
        if any(a & b for a in trailing for b in leading):
            return (
                "starts and ends with repeated parts that match the same characters, so "
                "consecutive rounds can share a run in many ways"
            )
        if self._overlapping_branches(body):
            return "chooses between branches that can match the same text"
        return ""

    def _variable_bodies(self, items: Sequence[Any]) -> list[Sequence[Any]]:
        """The parts of ``items`` that match a variable number of times.

        The bodies of repetitions of variable count, and the branches of a
        choice that may also match nothing (``(?:|a)``, which is how the
        parser writes ``(a|aa)``).
        """
        found: list[Sequence[Any]] = []
        for op, argument in items:
            if op in _REPEATS:
                if argument[0] != argument[1]:
                    found.append(argument[2])
                found.extend(self._variable_bodies(argument[2]))
            elif op in _GROUPS:
                found.extend(self._variable_bodies(_body(op, argument)))
            elif op == _C.BRANCH:
                branches = argument[1]
                if any(self.nullable(branch) for branch in branches):
                    found.extend(branch for branch in branches if not self.nullable(branch))
                for branch in branches:
                    found.extend(self._variable_bodies(branch))
        return found

    def _mandatory(self, items: Sequence[Any]) -> list[_Chars]:
        """The character sets of the one-character elements every match of ``items`` holds."""
        found: list[_Chars] = []
        for op, argument in items:
            single = self.single(op, argument)
            if single is not None:
                found.append(single)
            elif op in _GROUPS:
                found.extend(self._mandatory(_body(op, argument)))
            elif op in _REPEATS and argument[0] >= 1:
                found.extend(self._mandatory(argument[2]))
        return found

    def _edge_repeats(self, items: Sequence[Any], *, from_end: bool) -> list[_Chars]:
        """Characters of the variable repetitions reachable from one edge of ``items``."""
        found: list[_Chars] = []
        for op, argument in reversed(items) if from_end else items:
            if op in _REPEATS and argument[0] != argument[1]:
                found.append(self.chars(argument[2]))
            elif op in _GROUPS:
                found.extend(self._edge_repeats(_body(op, argument), from_end=from_end))
            if not self._nullable_one(op, argument):
                break
        return found

    def _overlapping_branches(self, items: Sequence[Any]) -> bool:
        """Whether a choice in ``items`` has two branches that can start alike."""
        for op, argument in items:
            if op in _GROUPS and self._overlapping_branches(_body(op, argument)):
                return True
            if op == _C.BRANCH:
                # Two branches that can both match nothing ("(a|a)" is parsed
                # as "a(?:|)") or start alike give each round two ways.
                branches = argument[1]
                firsts = [self._first(branch) for branch in branches]
                empty = [self.nullable(branch) for branch in branches]
                for index, first in enumerate(firsts):
                    for other in range(index + 1, len(firsts)):
                        if (empty[index] and empty[other]) or first & firsts[other]:
                            return True
        return False

    def _first(self, items: Sequence[Any]) -> _Chars:
        """The characters a match of ``items`` can start with."""
        found: set[str] = set()
        for op, argument in items:
            single = self.single(op, argument)
            if single is not None:
                return frozenset(found | single)
            if op in _REPEATS:
                found |= self._first(argument[2])
            elif op in _GROUPS:
                found |= self._first(_body(op, argument))
            elif op == _C.BRANCH:
                for branch in argument[1]:
                    found |= self._first(branch)
            elif op != _C.AT:
                return _ALL
            if not self._nullable_one(op, argument):
                break
        return frozenset(found)


_CharTest = Callable[[str], bool]


def _char_test(op: Any, argument: Any) -> _CharTest:
    if op == _C.LITERAL:
        return chr(argument).__eq__
    if op == _C.NOT_LITERAL:
        return chr(argument).__ne__
    if op == _C.ANY:
        return "\n".__ne__
    if op == _C.CATEGORY:
        return _CATEGORIES.get(argument, _anything)
    return _set_test(list(argument))


def _set_test(items: list[Any]) -> _CharTest:
    negate = bool(items) and items[0][0] == _C.NEGATE
    tests: list[_CharTest] = []
    for op, argument in items[1:] if negate else items:
        if op == _C.LITERAL:
            tests.append(chr(argument).__eq__)
        elif op == _C.RANGE:
            tests.append(_between(*argument))
        elif op == _C.CATEGORY:
            tests.append(_CATEGORIES.get(argument, _anything))
        else:  # pragma: no cover - the parser's set items are those above
            tests.append(_anything)

    def test(ch: str) -> bool:
        return any(one(ch) for one in tests) != negate

    return test


def _between(low: int, high: int) -> _CharTest:
    return lambda ch: low <= ord(ch) <= high


def _anything(ch: str) -> bool:
    return True


_CATEGORIES: Final[dict[Any, _CharTest]] = {
    _C.CATEGORY_DIGIT: str.isdigit,
    _C.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdigit(),
    _C.CATEGORY_SPACE: str.isspace,
    _C.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    _C.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    _C.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
}
