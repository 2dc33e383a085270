"""The one home of Python's private regex parser, and what it says about a regex.

Several parts of the core read a configured regex's structure: the cost
bound that picks its matching engine (:mod:`flask_cors.core.bounded`), the
backtracking advice (:mod:`flask_cors.core.redos`), the origin lint and the
resource index. They all read the parse tree of the standard library's own
parser, so they see exactly the regex ``re`` runs. That parser is private
(``re._parser`` since Python 3.11, ``sre_parse`` before) but stable for
years; it is loaded here only, so that a move in CPython is one edit.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any, Final

__all__ = [
    "ASSERTS",
    "GROUPS",
    "REPEATS",
    "SINGLE",
    "C",
    "Parsed",
    "body",
    "parse",
]

_NEW_NAMES: Final = sys.version_info >= (3, 11)
_PARSER: Any = importlib.import_module("re._parser" if _NEW_NAMES else "sre_parse")
#: The parser's opcode constants (``re._constants``, ``sre_constants`` before 3.11).
C: Any = importlib.import_module("re._constants" if _NEW_NAMES else "sre_constants")

#: A parsed regex: a list of ``(opcode, argument)`` pairs.
Parsed = list[tuple[Any, Any]]

#: Repeats: greedy, lazy, and (Python 3.11+) possessive.
REPEATS: Final = frozenset(
    getattr(C, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(C, name)
)
#: Groups: capturing or not, and (Python 3.11+) atomic.
GROUPS: Final = frozenset(
    getattr(C, name) for name in ("SUBPATTERN", "ATOMIC_GROUP") if hasattr(C, name)
)
#: Elements that match exactly one character.
SINGLE: Final = frozenset({C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN, C.CATEGORY})
#: Lookarounds: ahead and behind, positive and negative.
ASSERTS: Final = frozenset({C.ASSERT, C.ASSERT_NOT})


def parse(pattern: re.Pattern[str]) -> Parsed | None:
    """Return the parse tree of a compiled regex, or ``None`` if the parser cannot read it."""
    try:
        return list(_PARSER.parse(pattern.pattern, pattern.flags))
    except Exception:
        # The parser's own errors were raised by re.compile already; anything
        # else means a CPython whose private parser changed shape.
        return None


def body(op: Any, argument: Any) -> Any:
    """The sub-pattern of a group: ``(?:...)`` and ``(...)`` carry flags beside it."""
    return argument[-1] if op == C.SUBPATTERN else argument
