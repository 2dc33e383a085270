"""The errors and warnings of flask_cors.

Configuration is checked once, when a :class:`~flask_cors.core.Policy` is
built. What flask-cors 6.0.5 also refuses, or what would be a real hole if it
ran, is an error: every such problem is reported together in one
:class:`ConfigurationError`, which subclasses :class:`ValueError` because
flask-cors raised ``ValueError`` for bad configuration and callers catch it.
Everything else found is a finding that flask-cors 6.0.5 would have run as
written: the Flask shell reports it as a :class:`CORSConfigWarning` (or, for
a setting that opens more than it seems to, an :class:`InsecureCORSWarning`),
and strict mode turns every finding into a :class:`ConfigurationError`.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import Factory, define, evolve, frozen


@frozen
class Problem:
    """One thing wrong with a configuration.

    Attributes:
        option: The option the problem is in, such as ``"origins"``.
        value: The offending value, as given.
        message: What is wrong with it.
        fix: How to fix it, when there is an obvious fix.
        written: Where the value was written, when that is not the keyword
            ``option`` itself: a ``CORS_*`` config key such as
            ``"CORS_ORIGINS"``, or a resource's option such as
            ``"resources['/api/*'].origins"``.

    """

    option: str
    value: object
    message: str
    fix: str | None = None
    written: str | None = None

    def __str__(self) -> str:
        text = f"{self.written or self.option}={self.value!r}: {self.message}"
        return f"{text} ({self.fix})" if self.fix else text

    def written_at(self, place: str | None) -> Problem:
        """Return this problem as written at ``place`` (a ``CORS_*`` key, a resource's option).

        A fix that names the keyword (``pass supports_credentials=True``)
        then names the config key (``set CORS_SUPPORTS_CREDENTIALS = True``).
        """
        if place is None:
            return self
        fix = self.fix
        if fix is not None and place.startswith("CORS_"):
            fix = fix.replace(f"pass {self.option}=", f"set {place} = ")
        return evolve(self, written=place, fix=fix)


@define
class Found:
    """What checking one piece of configuration found, sorted by consequence.

    Attributes:
        errors: Problems that stop the configuration: flask-cors 6.0.5
            refuses them too, or running them would be a real hole.
        findings: Problems flask-cors 6.0.5 ran as written and this package
            runs the same way, reported as warnings (errors in strict mode).
    """

    errors: list[Problem] = Factory(list)
    findings: list[Problem] = Factory(list)


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
    """A CORS configuration runs as flask-cors 6.0.5 ran it, but probably not as meant.

    An origin with no scheme, a path or a trailing slash, several origins in
    one string, a header name with spaces, an unknown option (``origin=``
    for ``origins=``), an ``app.config`` key that is not a setting
    (``CORS_HEADERS`` for ``CORS_ALLOW_HEADERS``), ``@cross_origin`` placed
    above ``@app.route``: flask-cors 6.0.5 accepted these silently. This
    package runs them the same way, so an upgrade breaks nothing, and says
    what was probably meant. Emitted once, when the configuration is read.
    It subclasses :class:`UserWarning`; strict mode (``strict=True`` or
    ``CORS_STRICT``) turns these into a :class:`ConfigurationError`.
    """
