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
A few changed meaning since flask-cors 6.0.5: the shell says so once, as a
:class:`CORSUpgradeWarning`, which is never an error.

The words, used the same way everywhere: a *problem* (:class:`Problem`) is
anything the checks found, named by its :class:`ProblemCode`; an *error*
stops the configuration; a *finding* is every other problem: a mistake
(:class:`CORSConfigWarning`), an insecure setting
(:class:`InsecureCORSWarning`) or an upgrade note (:class:`CORSUpgradeWarning`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from attrs import Factory, define, evolve, field, frozen

__all__ = [
    "CORSConfigWarning",
    "CORSUpgradeWarning",
    "ConfigurationError",
    "Found",
    "InsecureCORSWarning",
    "Problem",
    "ProblemCode",
]


class ProblemCode(enum.Enum):
    """What kind of problem a :class:`Problem` is: which check found it.

    As :class:`~flask_cors.core.Reason` is for decisions: a constant that
    code can test, count and group by, where the problem's text is for
    people. Whether a problem is an error depends on the value too (the
    string ``"False"`` for ``supports_credentials`` is, for ``vary_header``
    it is not): that is where it is reported, not its code.
    """

    # Reading options.
    #: A name that is no option (``orgins``); ignored, as flask-cors 6 did.
    UNKNOWN_OPTION = "unknown-option"
    #: An ``app.config`` key like a setting that is none (``CORS_HEADERS``).
    STRAY_CONFIG_KEY = "stray-config-key"
    #: A ``CORS_*`` key set after ``CORS(app)`` read the app's config.
    LATE_CONFIG_KEY = "late-config-key"
    #: A flag that is not ``True`` or ``False`` (a string, a number, None).
    NOT_A_BOOL = "not-a-bool"
    #: ``None`` where a list is expected: it allows nothing.
    NONE_VALUE = "none-value"
    #: An entry that is not a string (nor a compiled regex where one may be).
    NOT_A_STRING = "not-a-string"
    #: A regex compiled from bytes, which never matches a header's text.
    BYTES_REGEX = "bytes-regex"
    #: A regex that does not compile.
    INVALID_REGEX = "invalid-regex"
    #: A regex the bounded engine reads otherwise than ``re``.
    REGEX_ENGINE = "regex-engine"
    #: A regex that can backtrack for long on a crafted value (ReDoS).
    BACKTRACKING_REGEX = "backtracking-regex"
    #: Several origins or header names in one string (``"a.com,b.com"``).
    SEVERAL_IN_ONE = "several-in-one-string"
    #: An entry with spaces around it.
    SURROUNDING_WHITESPACE = "surrounding-whitespace"
    #: An empty entry.
    EMPTY_ENTRY = "empty-entry"
    #: A literal origin no browser sends: no scheme, a path, a default port...
    NOT_AN_ORIGIN = "not-an-origin"
    #: A method or header name that is no HTTP token.
    NOT_A_TOKEN = "not-a-token"
    #: A control character inside a name, which no header can carry.
    CONTROL_CHARACTER = "control-character"
    #: A line break around a name, left out when the value is sent.
    LINE_BREAK = "line-break"
    #: A ``max_age`` that is not a number of seconds.
    NOT_SECONDS = "not-seconds"
    #: A negative ``max_age``.
    NEGATIVE_SECONDS = "negative-seconds"
    #: A ``resources`` value, pattern or per-resource options of the wrong shape.
    RESOURCES_SHAPE = "resources-shape"
    #: ``send_wildcard`` with ``origins="*"`` and ``supports_credentials``.
    WILDCARD_WITH_CREDENTIALS = "wildcard-with-credentials"
    #: ``send_wildcard`` with a function deciding origins, which it would overrule.
    WILDCARD_WITH_FUNCTION = "wildcard-with-function"
    #: An origin function that cannot decide: not callable, or ``async def``.
    ORIGIN_FUNCTION = "origin-function"
    #: An origin function never asked: ``"*"`` beside it allows every origin.
    UNASKED_FUNCTION = "unasked-function"
    #: A time or size that is not positive (``remembered(ttl=0)``).
    NOT_POSITIVE = "not-positive"
    # Insecure settings (the lint, flask_cors.core.lint).
    #: Credentials with every origin allowed.
    CREDENTIALS_ANY_ORIGIN = "credentials-any-origin"
    #: A wildcard or regex origin covering sites under a public suffix.
    PUBLIC_SUFFIX = "public-suffix"
    #: A regex origin that matches other sites' origins.
    OTHER_SITES = "other-sites"
    #: A regex origin whose end is not anchored.
    UNANCHORED_REGEX = "unanchored-regex"
    #: The opaque origin ``null`` allowed.
    NULL_ORIGIN = "null-origin"
    #: Private Network Access for every origin.
    PRIVATE_NETWORK_ANY_ORIGIN = "private-network-any-origin"
    #: A plain http origin with credentials or Private Network Access.
    PLAIN_HTTP = "plain-http"
    # Notes.
    #: An origin function, which no check can look inside (``flask cors check``).
    UNSEEN_FUNCTION = "unseen-function"
    # Upgrade notes (flask_cors.core.upgrade).
    #: A wildcard origin that flask-cors 6 read as a regex of other meaning.
    WILDCARD_MEANING = "wildcard-meaning"


@frozen
class Problem:
    """One thing wrong with a configuration.

    Equal problems are the same problem, whatever their ``value`` is made of
    (a list is a value too): reporting says each once.

    Attributes:
        option: The option the problem is in, such as ``"origins"``.
        value: The offending value, as given.
        message: What is wrong with it.
        fix: How to fix it, when there is an obvious fix.
        written: Where the value was written, when that is not the keyword
            ``option`` itself: a ``CORS_*`` config key such as
            ``"CORS_ORIGINS"``, or a resource's option such as
            ``"resources['/api/*'].origins"``.
        code: Which check found it (keyword only).

    """

    option: str
    # Not hashed: a value may be a list. Equal problems still hash alike.
    value: object = field(hash=False)
    message: str
    fix: str | None = None
    written: str | None = None
    code: ProblemCode = field(kw_only=True)

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
    never while a request is handled. Every problem of the configuration is
    said at once: the findings that would have been warnings are listed
    after the errors (:attr:`findings`), so an error never hides them.

    Args:
        problems: What stops the configuration.
        findings: The findings of the same configuration, which are not
            errors (strict mode passes them as ``problems``).
    """

    def __init__(self, problems: Iterable[Problem], findings: Iterable[Problem] = ()) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        given = set(self.problems)
        self.findings: tuple[Problem, ...] = tuple(
            problem for problem in dict.fromkeys(findings) if problem not in given
        )
        count = len(self.problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        text = f"invalid CORS configuration, {count} {noun}:\n{lines}"
        if self.findings:
            also = "\n".join(f"  - {problem}" for problem in self.findings)
            text += f"\nalso found (a warning each, not an error):\n{also}"
        super().__init__(text)


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


class CORSUpgradeWarning(UserWarning):
    """A setting means something else than it meant to flask-cors 6.0.5.

    A note for whoever upgrades: ``"https://*.example.com"`` with
    credentials was a regex that allowed no subdomain, and now allows every
    one. Said once per configuration, never an error (strict mode included:
    it is a change to know of, not a mistake). Once known, acknowledge it by
    its category: ``warnings.filterwarnings("ignore",
    category=flask_cors.CORSUpgradeWarning)``, or in pytest's configuration
    ``filterwarnings = ["ignore::flask_cors.CORSUpgradeWarning"]``.
    """
