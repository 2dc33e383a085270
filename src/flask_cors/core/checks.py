"""Origin checks: origins decided at run time, by a function of the application's.

``origins=`` also takes a callable, alone or in a list beside literals,
wildcard origins and regexes: it gets a request's ``Origin`` (a serialized
origin, https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin,
or ``null``) and answers ``True`` to allow it. An allow-list kept in a
database, or one that grows while the app runs (an identity server
registering its clients' domains), is one such function.

Three rules make it safe to use:

- Its answers are asked afresh on every request: no decision that asked it
  is remembered (:class:`~flask_cors.core.Decider`), so a change to the
  allow-list takes effect at the next request. :func:`remembered` opts
  into remembering each origin's answer for a time-to-live, and no longer.
- A check that raises, or answers anything but ``True`` or ``False``
  (a coroutine from an ``async def``, a database row), refuses: never an
  error response, never an allow. The failure goes into the request's
  :class:`~flask_cors.core.bounded.RegexBudget`, where the shell finds it
  to log once per distinct error.
- Static entries are tried first, so an origin a literal allows never
  reaches the function.

Nothing here does I/O: the function is the application's, and what it does
is its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import timedelta
from time import monotonic
from typing import TYPE_CHECKING, Final, Protocol

from attrs import frozen

from .errors import ConfigurationError, Problem, ProblemCode

if TYPE_CHECKING:
    from .bounded import RegexBudget

__all__ = [
    "CheckFailure",
    "OriginCheck",
    "RememberedCheck",
    "ask",
    "check_name",
    "is_async_check",
    "remembered",
]


class OriginCheck(Protocol):
    """A function that says whether a request's origin is allowed.

    Any function (or callable object) taking the ``Origin`` header's value
    as its one positional argument and returning a ``bool`` is one, so
    ``mypy --strict`` checks its signature where it is passed as
    ``origins=``::

        def is_registered(origin: str) -> bool:
            return origin in registered_clients()
    """

    def __call__(self, origin: str, /) -> bool:
        """Return ``True`` to allow ``origin``, ``False`` to refuse it."""
        ...


@frozen(eq=False)
class CheckFailure:
    """An origin check that raised, or did not answer ``True`` or ``False``.

    Attributes:
        check: The check that failed.
        origin: The origin it was asked about.
        error: What it raised; a :class:`TypeError` saying what it returned
            when it returned neither ``True`` nor ``False``.
    """

    check: OriginCheck
    origin: str
    error: Exception

    @property
    def key(self) -> tuple[str, str, str, int]:
        """What makes two failures the same error: the check, the exception type, where raised.

        The message is left out: it often holds the origin, and a database
        outage is one error, however many origins meet it.
        """
        traceback = self.error.__traceback__
        while traceback is not None and traceback.tb_next is not None:
            traceback = traceback.tb_next
        where = ("", 0)
        if traceback is not None:
            where = (traceback.tb_frame.f_code.co_filename, traceback.tb_lineno)
        return (check_name(self.check), type(self.error).__qualname__, *where)


def ask(check: OriginCheck, origin: str, budget: RegexBudget) -> bool:
    """Return whether ``check`` allows ``origin``: ``True`` only if it answered ``True``.

    Never raises for an :class:`Exception`: a check that raises, or returns
    anything but ``True`` or ``False``, refuses, and the failure is
    appended to ``budget.failed``.
    """
    try:
        answer = check(origin)
    except Exception as error:
        budget.failed.append(CheckFailure(check, origin, error))
        return False
    if answer is True or answer is False:
        return answer
    if inspect.iscoroutine(answer):
        # Never awaited: closed, so Python does not warn about it later.
        answer.close()
    error = TypeError(f"returned {_shown(answer)}, not True or False")
    budget.failed.append(CheckFailure(check, origin, error))
    return False


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:80]}..."


def is_async_check(entry: object) -> bool:
    """Whether ``entry`` is an ``async def`` function (or object), whose answer is a coroutine."""
    return inspect.iscoroutinefunction(entry) or inspect.iscoroutinefunction(
        getattr(entry, "__call__", None)  # noqa: B004 - the method, not callable()
    )


def check_name(check: object) -> str:
    """Name an origin check for a person: ``module.function``, as logs and explanations show it."""
    if isinstance(check, RememberedCheck):
        return f"{check_name(check.check)} (answers remembered for {check.ttl:g} s)"
    func = getattr(check, "func", None)
    if func is not None and callable(func) and type(check).__name__ == "partial":
        return f"partial({check_name(func)})"
    name = getattr(check, "__qualname__", None)
    if not isinstance(name, str):
        name = f"{type(check).__qualname__}()"
    module = getattr(check, "__module__", None) or type(check).__module__
    return f"{module}.{name}" if module and module != "builtins" else name


#: How many origins' answers a :class:`RememberedCheck` keeps by default.
REMEMBERED_SIZE: Final = 1024


class RememberedCheck:
    """An origin check whose answers are remembered, each for :attr:`ttl` seconds.

    Made by :func:`remembered`; it is an :class:`OriginCheck` itself. A
    failure (an exception, an answer that is not a ``bool``) is never
    remembered: the next request asks again.

    Attributes:
        check: The check asked when an answer is missing or expired.
        ttl: How long an answer is used, in seconds.
        size: How many origins' answers are kept; when full, all are
            forgotten, so a stream of made-up origins cannot grow memory.
    """

    __slots__ = ("_answers", "_clock", "check", "size", "ttl")

    def __init__(
        self,
        check: OriginCheck,
        ttl: float,
        *,
        size: int = REMEMBERED_SIZE,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        self.check = check
        self.ttl = ttl
        self.size = size
        self._clock = clock
        self._answers: dict[str, tuple[bool, float]] = {}

    def __repr__(self) -> str:
        return f"remembered({check_name(self.check)}, ttl={self.ttl:g})"

    def __call__(self, origin: str, /) -> bool:
        """Return the remembered answer for ``origin``, asking :attr:`check` when it expired."""
        now = self._clock()
        found = self._answers.get(origin)
        if found is not None and found[1] > now:
            return found[0]
        answer = self.check(origin)
        if answer is True or answer is False:
            answers = self._answers
            if len(answers) >= self.size and origin not in answers:
                answers.clear()
            answers[origin] = (answer, now + self.ttl)
        return answer

    def forget(self, origin: str | None = None) -> None:
        """Forget the answer for ``origin``, or every answer: for when the allow-list changed."""
        if origin is None:
            self._answers.clear()
        else:
            self._answers.pop(origin, None)


def remembered(
    check: OriginCheck, *, ttl: float | timedelta, size: int = REMEMBERED_SIZE
) -> RememberedCheck:
    """Remember ``check``'s answer for each origin for ``ttl``: fewer calls, changes seen later.

    An origin check is asked on every request by default, so a change to
    the allow-list is seen at once. Where asking costs (a database query),
    this asks once per origin per ``ttl``; a change is then seen within
    ``ttl``, or at once after :meth:`RememberedCheck.forget`::

        CORS(app, origins=remembered(is_registered, ttl=timedelta(minutes=5)))

    Args:
        check: The origin check.
        ttl: How long each answer is used: seconds, or a ``timedelta``.
        size: How many origins' answers are kept (see :class:`RememberedCheck`).

    Raises:
        ConfigurationError: If ``ttl`` is not a positive time, ``size`` not a
            positive number, or ``check`` not a synchronous callable.
    """
    seconds = ttl.total_seconds() if isinstance(ttl, timedelta) else ttl
    problems: list[Problem] = []
    if not callable(check) or is_async_check(check):
        problems.append(
            Problem(
                "origins",
                check,
                "is not a function of the origin",
                "pass a def function",
                code=ProblemCode.ORIGIN_FUNCTION,
            )
        )
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
        fix = "give seconds > 0, or a timedelta"
        problems.append(
            Problem("ttl", ttl, "is not a positive time", fix, code=ProblemCode.NOT_POSITIVE)
        )
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        problems.append(
            Problem(
                "size",
                size,
                "is not a positive number",
                "give an int >= 1",
                code=ProblemCode.NOT_POSITIVE,
            )
        )
    if problems:
        raise ConfigurationError(problems)
    return RememberedCheck(check, float(seconds), size=size)
