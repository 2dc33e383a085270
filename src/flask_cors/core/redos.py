r"""Regexes that backtrack exponentially, refused when configuration is parsed.

Python's ``re`` backtracks. A regex that repeats, without bound, a part that
itself repeats without bound (``(a+)+``, ``(.*\.)*``) can take time
exponential in the length of a crafted input: a few dozen characters of
``Origin`` then cost seconds of CPU per request (ReDoS). Such a repetition
is safe only when every round must consume a character the inner repetition
cannot match, as the ``.`` in ``([a-z0-9-]+\.)*``: then there is one way to
split the input, and matching stays linear.

This module decides that from the parsed regex. It reads the standard
library's regex parser, which is private but has been stable for years; if
it ever fails, the regex is accepted, as flask-cors accepted every regex.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from typing import Any, Final

from .errors import Problem

_NEW_NAMES: Final = sys.version_info >= (3, 11)
_PARSER: Any = importlib.import_module("re._parser" if _NEW_NAMES else "sre_parse")
_C: Any = importlib.import_module("re._constants" if _NEW_NAMES else "sre_constants")
_REPEATS: Final = frozenset(
    getattr(_C, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_C, name)
)

CharTest = Callable[[str], bool]


def exponential_problem(option: str, pattern: re.Pattern[str]) -> Problem | None:
    """Return the problem with a regex that can backtrack exponentially, or ``None``."""
    try:
        parsed = _PARSER.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    if not _dangerous(list(parsed), bool(pattern.flags & re.IGNORECASE)):
        return None
    return Problem(
        option,
        pattern.pattern,
        "can backtrack for exponential (or cubic) time on a crafted request (ReDoS): it "
        "repeats a part that itself repeats or can match in two ways, or has three "
        "repetitions in a row that match the same characters",
        "use a wildcard origin such as 'https://*.example.com', or end each repeated part with "
        "a character its inner repetition cannot match, as in r'([a-z0-9-]+\\.)*example\\.com$'",
    )


def _dangerous(items: list[Any], ignore_case: bool) -> bool:
    """Whether ``items`` hold a repetition that can backtrack exponentially or worse."""
    if _overlapping_run(items):
        return True
    for op, argument in items:
        for body in _children(op, argument):
            if _dangerous(body, ignore_case):
                return True
        if op in _REPEATS and argument[1] == _C.MAXREPEAT:
            body = list(argument[2])
            if _ambiguous_branches(body):
                return True
            delimiters = _mandatory_literals(body)
            for inner in _variable_repeats(body):
                matches = _char_test(inner)
                if matches is None or not any(
                    not matches(d) and (not ignore_case or not matches(d.swapcase()))
                    for d in delimiters
                ):
                    return True
    return False


# Characters probed to see whether repetitions can match the same text.
_PROBES: Final = [chr(code) for code in range(0x20, 0x7F)]


def _overlapping_run(items: list[Any]) -> bool:
    r"""Whether three unbounded one-character repetitions in a row accept a common character.

    ``.*\..*\..*`` backtracks in time cubic in the input's length: a second
    of CPU on a 1,024-character ``Origin``. Two such repetitions are
    quadratic, which the length limits keep cheap.
    """
    tests = [
        _char_test(list(argument[2]))
        for op, argument in items
        if op in _REPEATS and argument[1] == _C.MAXREPEAT
    ]
    if len(tests) < 3:
        return False
    if any(test is None for test in tests):
        return True
    return any(sum(1 for test in tests if test is not None and test(ch)) >= 3 for ch in _PROBES)


def _ambiguous_branches(body: list[Any]) -> bool:
    """Whether a repeated body chooses between branches that can start alike, as ``(a|aa)+``."""
    for op, argument in body:
        if op == _C.SUBPATTERN:
            if _ambiguous_branches(list(argument[-1])):
                return True
        elif op == _C.BRANCH:
            firsts = [_first_char(list(branch)) for branch in argument[1]]
            for index, first in enumerate(firsts):
                for other in firsts[index + 1 :]:
                    if first is None or other is None:
                        return True
                    if any(first(ch) and other(ch) for ch in _PROBES):
                        return True
    return False


def _first_char(items: list[Any]) -> CharTest | None:
    """A test for the first character a sub-pattern can match, if simply known."""
    if not items:
        return None
    op, argument = items[0]
    if op == _C.SUBPATTERN:
        return _first_char(list(argument[-1]))
    if op in _REPEATS and argument[0] >= 1:
        return _first_char(list(argument[2]))
    return _char_test([items[0]])


def _children(op: Any, argument: Any) -> list[list[Any]]:
    """The sub-patterns directly inside one parsed item."""
    if op in _REPEATS:
        return [list(argument[2])]
    if op == _C.SUBPATTERN:
        return [list(argument[-1])]
    if op == _C.BRANCH:
        return [list(branch) for branch in argument[1]]
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return [list(argument[1])]
    return []


def _variable_repeats(items: list[Any]) -> list[list[Any]]:
    """The bodies of the repetitions of variable count anywhere inside ``items``.

    Inside an unbounded repetition, ``a{1,3}`` is as ambiguous as ``a+``.
    """
    found: list[list[Any]] = []
    for op, argument in items:
        if op in _REPEATS and argument[0] != argument[1]:
            found.append(list(argument[2]))
        for body in _children(op, argument):
            found.extend(_variable_repeats(body))
    return found


def _mandatory_literals(items: list[Any]) -> set[str]:
    """Characters every match of ``items`` contains at their own place."""
    found: set[str] = set()
    for op, argument in items:
        if op == _C.LITERAL:
            found.add(chr(argument))
        elif op == _C.SUBPATTERN:
            found |= _mandatory_literals(list(argument[-1]))
    return found


def _char_test(body: list[Any]) -> CharTest | None:
    """A test for the characters a one-character repeated body matches, if it is one."""
    if len(body) != 1:
        return None
    op, argument = body[0]
    if op == _C.LITERAL:
        return _equals(chr(argument))
    if op == _C.NOT_LITERAL:
        return lambda ch: ch != chr(argument)
    if op == _C.ANY:
        return lambda ch: True
    if op == _C.IN:
        return _set_test(list(argument))
    return None


def _set_test(items: list[Any]) -> CharTest | None:
    negate = bool(items) and items[0][0] == _C.NEGATE
    tests: list[CharTest] = []
    for op, argument in items[1:] if negate else items:
        if op == _C.LITERAL:
            tests.append(_equals(chr(argument)))
        elif op == _C.RANGE:
            tests.append(_between(argument[0], argument[1]))
        elif op == _C.CATEGORY and argument in _CATEGORIES:
            tests.append(_CATEGORIES[argument])
        else:
            return None

    def test(ch: str) -> bool:
        return any(one(ch) for one in tests) != negate

    return test


def _equals(expected: str) -> CharTest:
    return lambda ch: ch == expected


def _between(low: int, high: int) -> CharTest:
    return lambda ch: low <= ord(ch) <= high


_CATEGORIES: Final[dict[Any, CharTest]] = {
    _C.CATEGORY_DIGIT: str.isdigit,
    _C.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdigit(),
    _C.CATEGORY_SPACE: str.isspace,
    _C.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    _C.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    _C.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
}
