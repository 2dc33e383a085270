r"""Configured regexes, matched within a time budget per request.

Theory of operation. Python's ``re`` backtracks: on a crafted value that
almost matches, a regex can try very many ways of splitting the value
between its repeated parts (ReDoS), and ``re`` cannot be stopped once it
runs. No analysis of the regex's shape has kept up with the shapes people
write, so the bound on what a request can cost is not an analysis: it is
the engine.

- Every configured regex that runs on request data (origins, resource
  patterns, allow_headers) becomes a :class:`BoundedRegex`.
- A deliberately simple rule, :func:`worst_case_steps`, bounds the work
  ``re``'s backtracking can do on any value of the option's length limit.
  It multiplies out every choice the regex offers, assuming the worst
  (it never asks which characters can meet which). Where the bound is small
  (:data:`FAST_STEPS`), ``re`` runs the regex: it is the fastest engine,
  and the rule proves it cheap. A regex the rule cannot prove cheap is
  only slower, never unsafe.
- Every other regex runs in the ``regex`` package (a maintained superset
  of ``re``, same syntax and meaning under its ``VERSION0`` flag), whose
  ``match`` takes a ``timeout``.
- A :class:`RegexBudget` is the time all the configured regexes together
  may spend on one request (:data:`REGEX_BUDGET_SECONDS`). Before a regex
  runs, the budget is asked what is left; the bounded engine gets no more.
  When it runs out, the regex is taken as not matching: an origin or a
  header is not allowed, a resource pattern means no rule at all (never a
  later, wider one), and the budget remembers which regex it was, so that
  the shell can name it once in the log.

The budget counts only time spent in regexes, from the first one that runs:
a request that meets no regex never reads the clock.
"""

from __future__ import annotations

import re
from time import monotonic
from typing import TYPE_CHECKING, Any, Final

from .errors import Found, Problem, ProblemCode
from .limits import REGEX_BUDGET_SECONDS, VALUE_LIMITS
from .regex_syntax import ASSERTS, GROUPS, REPEATS, SINGLE, C, parse

if TYPE_CHECKING:
    from .checks import CheckFailure

__all__ = [
    "FAST_STEPS",
    "REGEX_BUDGET_SECONDS",
    "BoundedRegex",
    "RegexBudget",
    "prepare",
    "worst_case_steps",
]

#: Regexes whose :func:`worst_case_steps` is at most this run in ``re``.
#: Measured on this project's machine, ``re`` takes at most about 2 ns a
#: step, so such a regex costs at most about 0.1 ms on any value (see
#: docs/security.md, "Regular expressions").
FAST_STEPS: Final = 50_000

# "[:alpha:]", "[=a=]", "[.a.]" inside a set: POSIX classes to regex, not to re.
_POSIX_CLASS: Final = re.compile(r"\[([:=.])\^?\w+\1\]")

# Bounds past this are "too many to count": the arithmetic stops growing.
_CAP: Final = 10**12


class RegexBudget:
    """The time configured regexes may still spend on one request.

    Create one per request and hand it to every match of that request (the
    Flask shell keeps it in the WSGI environ, so that every CORS layer that
    looks at the request draws on the same one). The clock starts at the
    first regex that asks.

    The request's origin checks (:mod:`flask_cors.core.checks`) report here
    too: one that fails refuses, and the shell logs what it raised.

    Attributes:
        seconds: The whole budget, in seconds.
        exhausted: The patterns (as written) that were stopped or never ran
            because the budget was spent, in order.
        failed: The origin checks that raised or answered neither ``True``
            nor ``False``, in order.
    """

    __slots__ = ("_deadline", "exhausted", "failed", "seconds")

    def __init__(self, seconds: float = REGEX_BUDGET_SECONDS) -> None:
        self.seconds = seconds
        self.exhausted: list[str] = []
        self.failed: list[CheckFailure] = []
        self._deadline: float | None = None

    def __repr__(self) -> str:
        return (
            f"RegexBudget(seconds={self.seconds!r}, exhausted={self.exhausted!r}, "
            f"failed={self.failed!r})"
        )

    def remaining(self) -> float:
        """Return the seconds left, starting the clock on the first call."""
        now = monotonic()
        if self._deadline is None:
            self._deadline = now + self.seconds
            return self.seconds
        return self._deadline - now


class BoundedRegex:
    """A configured regex that matches from the start of a value, within a budget.

    ``re`` runs it where :func:`worst_case_steps` proves that cheap, the
    ``regex`` package with a timeout everywhere else. Both read the pattern
    and flags as written, so the meaning is the one the user wrote.

    Attributes:
        compiled: The regex as configured (``re``), for reading.
        pattern: Its pattern text.
        steps: Its :func:`worst_case_steps` on values of the option's limit.
        fast: Whether ``re`` runs it (``steps`` is at most :data:`FAST_STEPS`).
    """

    __slots__ = ("_bounded", "compiled", "fast", "pattern", "steps")

    def __init__(self, compiled: re.Pattern[str], limit: int) -> None:
        """Prepare ``compiled`` for values of at most ``limit`` characters.

        Raises:
            ValueError: If the bounded engine cannot read a regex that
                ``re`` would have to run unbounded.
        """
        self.compiled = compiled
        self.pattern = compiled.pattern
        parsed = parse(compiled)
        self.steps = _CAP if parsed is None else worst_case_steps(parsed, limit)
        self.fast = self.steps <= FAST_STEPS
        self._bounded: Any = None if self.fast else _bounded_engine(compiled)

    def __repr__(self) -> str:
        engine = "re" if self.fast else "regex"
        return f"BoundedRegex({self.pattern!r}, engine={engine!r}, steps={self.steps})"

    def match(self, value: str, budget: RegexBudget) -> bool:
        """Return whether the regex matches the start of ``value``.

        ``False`` when ``budget`` is spent, before or while it runs; the
        budget then records this pattern.
        """
        left = budget.remaining()
        if left <= 0:
            budget.exhausted.append(self.pattern)
            return False
        if self._bounded is None:
            return self.compiled.match(value) is not None
        try:
            return self._bounded.match(value, timeout=left) is not None
        except TimeoutError:
            budget.exhausted.append(self.pattern)
            return False


def prepare(option: str, pattern: re.Pattern[str], found: Found) -> BoundedRegex | None:
    """Prepare a configured regex of ``option`` to run within the budget.

    A regex the bounded engine cannot read is an error (``None``); one it
    must run, that can backtrack for long, gets the backtracking advice as
    a finding (:mod:`flask_cors.core.redos`): it is bounded all the same.
    """
    try:
        bounded = BoundedRegex(pattern, VALUE_LIMITS[option])
    except ValueError as error:
        fix = "write a POSIX class such as [[:alpha:]] as [a-zA-Z], or simplify the regex"
        found.errors.append(
            Problem(option, pattern.pattern, str(error), fix, code=ProblemCode.REGEX_ENGINE)
        )
        return None
    if not bounded.fast:
        # Only a regex that runs bounded needs the advice, and its module.
        from .redos import backtracking_problem

        advice = backtracking_problem(option, pattern)
        if advice is not None:
            found.findings.append(advice)
    return bounded


def _bounded_engine(compiled: re.Pattern[str]) -> Any:
    """Compile ``compiled``'s pattern and flags in the ``regex`` package, as ``re`` means them."""
    # Imported only when a regex needs it: most configurations never do, and
    # the package is some 8 ms of an app's startup.
    import regex

    # re's flag values are regex's (IGNORECASE, MULTILINE, DOTALL, VERBOSE,
    # ASCII, UNICODE, LOCALE); DEBUG is only a compile-time printout.
    flags = (compiled.flags & ~re.DEBUG) | regex.VERSION0
    if _POSIX_CLASS.search(compiled.pattern):
        # re reads "[[:alpha:]]" as a set of "[:alph" then "]"; regex, as a
        # POSIX class: the same text would mean something else.
        raise ValueError("the bounded regex engine reads '[:name:]' as a POSIX class, re does not")
    try:
        return regex.compile(compiled.pattern, flags)
    except regex.error as error:
        raise ValueError(f"the bounded regex engine cannot read it ({error})") from error


def worst_case_steps(parsed: Any, limit: int) -> int:
    r"""Bound the work ``re`` can do matching ``parsed`` at the start of any value.

    ``limit`` is the longest value the regex can meet. The bound counts
    element attempts of a backtracking matcher: an element is entered once
    for every way the elements before it can have matched, and each way an
    element can match (a repeat that can stop after 1, 2, ... rounds; each
    branch of a choice) enters what follows once more. Nothing here asks
    which characters can meet which, so the bound is never too low: a
    repeated ``.*`` costs as if every character could be split anywhere.

    One thing cuts it down, soundly: once the rest of the regex cannot
    fail (``.*`` or optional parts at the end), the first way that reaches
    the rest is the match, so what comes after is entered once, whatever
    the ways before it. Lookarounds and atomic groups keep their first way
    for the same reason. A back-reference may compare the whole value.

    Returns:
        The bound, or 10**12 for anything larger.
    """
    return _sequence(parsed, limit, final=True)[1]


def _sequence(items: Any, limit: int, *, final: bool) -> tuple[int, int]:
    """``(ways, steps)`` of a sequence: each element entered once per way before it.

    ``final`` says that what follows the sequence cannot fail, so its first
    exit ends the match.
    """
    items = list(items)
    # From ``settled`` on, nothing can fail: the first entry there is the match.
    settled = len(items)
    if final:
        while settled and _succeeds(*items[settled - 1]):
            settled -= 1
    ways, steps = 1, 0
    for index, (op, argument) in enumerate(items):
        if index >= settled:
            steps = min(steps + _element(op, argument, limit, final=True)[1], _CAP)
            continue
        element_ways, element_steps = _element(
            op, argument, limit, final=final and index == settled - 1
        )
        if index + 1 < len(items):
            element_ways, element_steps = _stopped_by_next(
                op, argument, items[index + 1], limit, (element_ways, element_steps)
            )
        steps = min(steps + ways * element_steps, _CAP)
        ways = min(ways * element_ways, _CAP)
    return (1 if final else ways), steps


def _stopped_by_next(
    op: Any, argument: Any, following: Any, limit: int, counted: tuple[int, int]
) -> tuple[int, int]:
    """``(ways, steps)`` of a repeat whose next element refuses what it repeats.

    ``[0-9]+/``: every way ``[0-9]+`` stops short of its longest leaves a
    digit where ``/`` must be, so what follows fails at its first step; only
    the longest way goes on. Such a repeat counts one way on (two before
    ``$``, which also holds before a final newline) and one step for each
    way cut short. Anything this does not prove keeps ``counted``.
    """
    if op not in (C.MAX_REPEAT, C.MIN_REPEAT):
        return counted
    _, high, body = argument
    if len(body) != 1 or body[0][0] not in SINGLE:
        return counted
    next_op, next_argument = following
    if next_op is C.AT and next_argument in (C.AT_END, C.AT_END_STRING):
        going_on = 2 if next_argument is C.AT_END else 1
    elif next_op is C.LITERAL and _refuses(body[0], chr(next_argument)):
        going_on = 1
    else:
        return counted
    rounds = min(high, limit + 1)
    return min(going_on, counted[0]), min(2 * rounds + 1, counted[1] + rounds + 1)


def _refuses(single: tuple[Any, Any], char: str) -> bool:
    """Whether a one-character element surely cannot match ``char``.

    Decided only for an ASCII character that is no letter, which no case
    folding maps to or from anything else; ``.`` is taken to match
    everything (DOTALL may be on in a group).
    """
    if not char.isascii() or char.isalpha():
        return False
    op, argument = single
    if op is C.LITERAL:
        return chr(argument) != char
    if op is C.NOT_LITERAL:
        return chr(argument) == char
    if op is C.CATEGORY:
        return not _in_category(argument, char)
    if op is C.IN:
        items = list(argument)
        negate = bool(items) and items[0][0] is C.NEGATE
        found = any(_in_set_item(item, char) for item in items[1 if negate else 0 :])
        return found if negate else not found
    return False


def _in_set_item(item: tuple[Any, Any], char: str) -> bool:
    """Whether one item of a character set may match ``char`` (``True`` when unsure)."""
    op, argument = item
    if op is C.LITERAL:
        return chr(argument) == char
    if op is C.RANGE:
        low, high = argument
        return bool(low <= ord(char) <= high)
    if op is C.CATEGORY:
        return _in_category(argument, char)
    return True


def _in_category(category: Any, char: str) -> bool:
    r"""Whether ``\d``, ``\s``, ``\w`` or their negations may match an ASCII ``char``."""
    tests = {
        C.CATEGORY_DIGIT: char.isdigit(),
        C.CATEGORY_NOT_DIGIT: not char.isdigit(),
        C.CATEGORY_SPACE: char.isspace(),
        C.CATEGORY_NOT_SPACE: not char.isspace(),
        C.CATEGORY_WORD: char.isalnum() or char == "_",
        C.CATEGORY_NOT_WORD: not (char.isalnum() or char == "_"),
    }
    return tests.get(category, True)


def _element(op: Any, argument: Any, limit: int, *, final: bool) -> tuple[int, int]:
    """``(ways, steps)`` of one parsed element entered once."""
    if op in SINGLE or op is C.AT:
        return 1, 1
    if op is C.SUBPATTERN:
        return _sequence(argument[-1], limit, final=final)
    if op in GROUPS or op in ASSERTS:
        # An atomic group or a lookaround keeps its first way: its work, one exit.
        return 1, _sequence(argument if op in GROUPS else argument[1], limit, final=True)[1]
    if op is C.BRANCH:
        return _choices(argument[1], limit, final=final)
    if op is C.GROUPREF_EXISTS:
        return _choices([argument[1], argument[2] or []], limit, final=final)
    if op in REPEATS:
        return _repeat(op, argument, limit, final=final)
    # Back-references compare up to the whole value; anything newer is
    # counted as the worst.
    return (1, limit + 1) if op in (C.GROUPREF, C.GROUPREF_IGNORE) else (_CAP, _CAP)


def _choices(branches: Any, limit: int, *, final: bool) -> tuple[int, int]:
    ways, steps = 0, 0
    for branch in branches:
        branch_ways, branch_steps = _sequence(branch, limit, final=final)
        ways, steps = min(ways + branch_ways, _CAP), min(steps + branch_steps, _CAP)
    return (1 if final else ways), steps


def _repeat(op: Any, argument: Any, limit: int, *, final: bool) -> tuple[int, int]:
    """``(ways, steps)`` of a repeat: each round entered once per way the rounds before matched."""
    low, high, body = argument
    if body.getwidth()[0] >= 1:
        # Each round takes a character: no more rounds than the value has,
        # plus the one that fails.
        high = min(high, limit + 1)
    elif high == C.MAXREPEAT:
        return _CAP, _CAP
    low = min(low, high)
    if op is getattr(C, "POSSESSIVE_REPEAT", None) or (final and low <= 1):
        # A possessive repeat keeps the rounds it took; and where nothing
        # after the repeat can fail once its required round is done, a
        # failing round ends it with a match. Either way each round is
        # entered once, and its first way goes on.
        return 1, min(high * _sequence(body, limit, final=True)[1], _CAP)
    body_ways, body_steps = _sequence(body, limit, final=False)
    ways, steps, entries = 0, 0, 1
    for rounds in range(high + 1):
        if rounds >= low:
            ways = min(ways + entries, _CAP)
        if rounds == high:
            break
        steps = min(steps + entries * body_steps, _CAP)
        entries = min(entries * body_ways, _CAP)
        if steps >= _CAP:
            return _CAP, _CAP
    return (1 if final else ways), steps


def _succeeds(op: Any, argument: Any) -> bool:
    """Whether an element matches at any position (it can always match nothing)."""
    if op in REPEATS:
        low, _, body = argument
        return low == 0 or all(_succeeds(*item) for item in body)
    if op is C.SUBPATTERN:
        return all(_succeeds(*item) for item in argument[-1])
    if op is C.BRANCH:
        return any(all(_succeeds(*item) for item in branch) for branch in argument[1])
    # Characters, anchors, lookarounds, back-references, atomic groups (their
    # first way may leave what follows nothing to match) can fail.
    return False
