"""The errors and warnings of flask_cors.

Configuration is checked once, when a :class:`~flask_cors.core.Policy` is
built, and every problem found is reported together in one
:class:`ConfigurationError`. It subclasses :class:`ValueError` because
flask-cors raised ``ValueError`` for bad configuration and callers catch it.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen


@frozen
class Problem:
    """One thing wrong with a configuration.

    Attributes:
        option: The option the problem is in, such as ``"origins"``.
        value: The offending value, as given.
        message: What is wrong with it.
        fix: How to fix it, when there is an obvious fix.

    """

    option: str
    value: object
    message: str
    fix: str | None = None

    def __str__(self) -> str:
        text = f"{self.option}={self.value!r}: {self.message}"
        return f"{text} ({self.fix})" if self.fix else text


class ConfigurationError(ValueError):
    """A CORS configuration is invalid; :attr:`problems` lists every reason.

    Raised when a :class:`~flask_cors.core.Policy` is built or merged, and so
    by ``CORS(...)``, ``init_app(...)`` and ``@cross_origin(...)`` at startup,
    never while a request is handled.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"invalid CORS configuration, {count} {noun}:\n{lines}")


class InsecureCORSWarning(UserWarning):
    """A CORS configuration works, but lets more sites read responses than it seems to.

    Emitted once, when ``CORS(...)``, ``init_app(...)`` or
    ``@cross_origin(...)`` is configured, never per request (a decorated
    view made insecure by an app's ``CORS_*`` config: once, at its first
    request in that app). It subclasses :class:`UserWarning`, so ``warnings.simplefilter("error",
    InsecureCORSWarning)`` (or pytest's ``-W error``) turns it into an error.
    :func:`~flask_cors.core.lint` returns the same findings as data.
    """


class CORSConfigWarning(UserWarning):
    """A CORS configuration works as flask-cors 6.0.5 would run it, but not as meant.

    The configuration starts and serves, but probably not as its author
    meant; the message says what is sent instead and how to fix it.
    Emitted once, when ``CORS(...)``, ``init_app(...)`` or
    ``@cross_origin(...)`` is configured, never per request.
    """
