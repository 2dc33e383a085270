"""Reporting what the configuration's checks found: warnings, strict mode, the log.

The core finds the problems (:class:`~flask_cors.core.Problem`); this
module sorts the findings by what they mean (:func:`gather`), says each
once, as a warning pointing at the user's line (:func:`report`), or raises
them together in strict mode, and makes the ``flask_cors`` log visible
when nothing else would show it (:data:`default_handler`).

Every finding is said once per configuration, from the user's own line:
the one that configured it (``CORS(app)``, ``init_app(app)``,
``@cross_origin(...)``), also when it is found at a request, as a
decorated view's under an app's ``CORS_*`` config is.
"""

from __future__ import annotations

import logging
import sys
import warnings
import weakref
from collections.abc import Callable, Collection, Iterable
from typing import Any, Final, TextIO, cast

from attrs import frozen
from flask import Flask
from flask.logging import wsgi_errors_stream

from .core import ConfigurationError, InsecureCORSWarning, Policy, Problem
from .core.errors import CORSConfigWarning, CORSUpgradeWarning
from .core.upgrade import upgrade_notes
from .public_suffixes import lint

__all__ = [
    "LOG",
    "UNDECORATED",
    "Said",
    "Site",
    "default_handler",
    "ensure_log_handler",
    "gather",
    "insecure_settings",
    "misplaced_message",
    "misplaced_views",
    "note_misplaced",
    "report",
    "show_refusals_in_debug",
    "warn_at",
    "warn_misplaced_views",
]


LOG: Final = logging.getLogger("flask_cors")


class _FallbackHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes a record only when no other handler on its way to the root would.

    As Flask's ``default_handler`` does for ``app.logger``, but judged when
    the record is written, not when the handler was added: an app that
    configures logging after ``CORS(app)`` (``logging.basicConfig``,
    ``dictConfig``, pytest's capture) gets each record once, through its
    own handlers.
    """

    def handle(self, record: logging.LogRecord) -> bool:
        logger: logging.Logger | None = LOG
        while logger is not None:
            for handler in logger.handlers:
                if handler is not self and record.levelno >= handler.level:
                    return False
            if not logger.propagate:
                break
            logger = logger.parent
        return bool(super().handle(record))


#: Writes the ``flask_cors`` log to :func:`flask.logging.wsgi_errors_stream`
#: (the server's error stream, else stderr), as Flask's own
#: ``default_handler`` does for ``app.logger``, when no other handler on the
#: way to the root logger takes a record; see :func:`ensure_log_handler`.
# The stream is Flask's LocalProxy of one.
default_handler: Final = _FallbackHandler(cast(TextIO, wsgi_errors_stream))
default_handler.setFormatter(
    logging.Formatter("[%(asctime)s] %(levelname)s in %(name)s: %(message)s")
)


def ensure_log_handler() -> None:
    """Give the ``flask_cors`` logger :data:`default_handler`, once.

    The handler writes only what no other handler would (see
    :class:`_FallbackHandler`), so it can stay: an app's own logging
    configuration, made before or after, takes over.
    """
    if default_handler not in LOG.handlers:
        LOG.addHandler(default_handler)


def show_refusals_in_debug(app: Flask) -> None:
    """In debug mode, let the log show refused requests (INFO), as Flask shows ``app.logger``'s.

    ``flask run --debug`` and ``app.debug = True`` set Flask's own logger to
    DEBUG; a developer should see why a request was refused as readily. A
    level the app set on the ``flask_cors`` logger is kept.
    """
    if app.debug and LOG.level == logging.NOTSET:
        LOG.setLevel(logging.INFO)


def insecure_settings(policy: Policy) -> tuple[Problem, ...]:
    """Return the insecure settings of a policy: :func:`~flask_cors.core.lint`, with the PSL.

    Public suffixes are judged by the Public Suffix List.
    """
    return lint(policy)


@frozen
class Site:
    """A line of the user's code that configured CORS, where its warnings point.

    Attributes:
        filename: The file.
        lineno: The line.
        module: The module's name, as warning filters match it.
        globals: The module's globals, whose ``__warningregistry__`` keeps
            what was shown, as for a warning raised there.
    """

    filename: str
    lineno: int
    module: str
    globals: dict[str, Any]

    @classmethod
    def here(cls) -> Site:
        """Return the line of the first caller outside ``flask_cors``."""
        frame = sys._getframe(1)
        while frame.f_back is not None and _ours(frame.f_globals):
            frame = frame.f_back
        return cls(
            frame.f_code.co_filename, frame.f_lineno, _module(frame.f_globals), frame.f_globals
        )


def _ours(scope: dict[str, Any]) -> bool:
    return str(scope.get("__name__", "")).partition(".")[0] == "flask_cors"


def _module(scope: dict[str, Any]) -> str:
    return str(scope.get("__name__", "__main__"))


def warn_at(
    site: Site, message: str, category: type[Warning], *, during_request: bool = False
) -> None:
    """Warn ``message`` as if raised on ``site``'s line, through the app's warning filters.

    During a request, a warning the app's filters turn into an error
    (``filterwarnings = error``) must not make the response a 500: it is
    written to the log instead, so it is still said once.
    """
    try:
        warnings.warn_explicit(
            category(message),
            category,
            site.filename,
            site.lineno,
            module=site.module,
            registry=site.globals.setdefault("__warningregistry__", {}),
            module_globals=site.globals,
        )
    except Warning:
        if not during_request:
            raise
        LOG.warning("%s", message)


@frozen
class Said:
    """One finding, as it is reported: what, of which kind, and where it applies.

    Attributes:
        problem: The finding.
        category: Its warning: :class:`~flask_cors.CORSConfigWarning` (a
            mistake), :class:`~flask_cors.InsecureCORSWarning` or
            :class:`~flask_cors.CORSUpgradeWarning` (an upgrade note).
        wheres: The rules and views it applies to, as log lines name them;
            empty for a finding of no one rule (an unknown option).
    """

    problem: Problem
    category: type[UserWarning]
    wheres: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{', '.join(self.wheres)}: {self.problem}" if self.wheres else str(self.problem)

    @property
    def refused_when_strict(self) -> bool:
        """Whether strict mode refuses it: every finding but an upgrade note."""
        return self.category is not CORSUpgradeWarning


def gather(
    policies: Iterable[tuple[str, Policy]], extra: Iterable[Problem] = (), *, serving: bool = True
) -> list[Said]:
    """Return every finding of these policies, and ``extra``, once each, with its kind.

    A policy's :attr:`~flask_cors.Policy.findings` are mistakes, what
    :func:`insecure_settings` finds is insecure, what
    :func:`~flask_cors.core.upgrade.upgrade_notes` says is an upgrade note
    (unless the same entry is already insecure: it needs no second word).
    ``extra`` (the shell options' findings) are mistakes of no one policy.
    A finding of several policies is one, naming each.

    Args:
        policies: ``(where, policy)`` pairs, such as ``("rule '/api/*'", ...)``.
        extra: More findings, not tied to one policy.
        serving: Whether the policies are those that serve requests. A
            decorator's own options over the defaults may not be (the app's
            ``CORS_*`` config may give the origins): then only the mistakes
            in its options are said, and what it allows is judged later, on
            the policy that serves.
    """
    found: dict[Problem, tuple[type[UserWarning], list[str]]] = {}
    for where, policy in policies:
        insecure = insecure_settings(policy) if serving else ()
        flagged = {(problem.option, repr(problem.value)) for problem in insecure}
        notes = [
            note for note in upgrade_notes(policy) if (note.option, repr(note.value)) not in flagged
        ]
        kinds: list[tuple[Iterable[Problem], type[UserWarning]]] = [
            (policy.findings, CORSConfigWarning),
            (insecure, InsecureCORSWarning),
            (notes, CORSUpgradeWarning),
        ]
        for problems, category in kinds:
            for problem in problems:
                wheres = found.setdefault(problem, (category, []))[1]
                if where not in wheres:
                    wheres.append(where)
    for problem in extra:
        found.setdefault(problem, (CORSConfigWarning, []))
    return [Said(problem, category, tuple(wheres)) for problem, (category, wheres) in found.items()]


def report(
    policies: Iterable[tuple[str, Policy]],
    extra: Iterable[Problem] = (),
    *,
    strict: bool,
    site: Site | None = None,
    serving: bool = True,
    already: Collection[Problem] = (),
    during_request: bool = False,
) -> frozenset[Problem]:
    """Report what the configuration's checks found, each finding once, from the user's line.

    Each finding of :func:`gather` becomes a warning of its category, shown
    as raised on ``site``'s line. In strict mode every finding but an
    upgrade note is an error instead, all raised together, with the notes
    listed beside them: strict mode hides nothing.

    Args:
        policies: ``(where, policy)`` pairs, such as ``("rule '/api/*'", ...)``.
        extra: More findings, not tied to one policy.
        strict: Raise the findings as a :class:`ConfigurationError`.
        site: The user's line that configured it; by default, the first
            caller outside ``flask_cors``.
        serving: Whether the policies serve requests (see :func:`gather`).
        already: Findings reported before, not to say again.
        during_request: Configuration read at a request (``@cross_origin``
            under an app's config). A warning that the app's filters turn
            into an error must not make the request a 500: an
            :class:`InsecureCORSWarning` is then raised as a
            :class:`ConfigurationError`, which the caller turns into "no
            CORS headers"; any other is logged instead.

    Returns:
        Every finding reported or known before (``already`` included).

    Raises:
        ConfigurationError: In strict mode, if anything but upgrade notes
            was found.
    """
    said = gather(policies, extra, serving=serving)
    if strict:
        refused = [one.problem for one in said if one.refused_when_strict]
        if refused:
            notes = [one.problem for one in said if not one.refused_when_strict]
            raise ConfigurationError(refused, notes)
    site = site or Site.here()
    for one in said:
        if one.problem in already:
            continue
        if during_request and one.category is InsecureCORSWarning:
            try:
                warn_at(site, str(one), one.category)
            except InsecureCORSWarning:
                # The app made this warning an error, and a request must not
                # become a 500; an insecure setting must not run either: the
                # caller serves the view without CORS headers, as
                # docs/security.md promises.
                raise ConfigurationError([one.problem]) from None
        else:
            # Another warning made an error at a request keeps flask-cors
            # 6.0.5's behaviour, and is said in the log instead.
            warn_at(site, str(one), one.category, during_request=during_request)
    return frozenset({*already, *(one.problem for one in said)})


#: Each view given to @cross_origin (the function before decoration), with
#: how log lines name it and the line that decorated it: a route registered
#: with one of them was decorated above its route decorator.
UNDECORATED: Final[weakref.WeakKeyDictionary[Callable[..., Any], tuple[str, Site]]] = (
    weakref.WeakKeyDictionary()
)


def misplaced_views(app: Flask) -> dict[str, str]:
    """Say which of the app's routes have @cross_origin above their route decorator, and the fix.

    Returns:
        The message for each such endpoint, by endpoint.
    """
    return {
        endpoint: misplaced_message(known[0], endpoint)
        for endpoint, view in app.view_functions.items()
        if (known := UNDECORATED.get(view)) is not None
    }


# The misplaced views already said, each once (once per decoration).
_MISPLACED_SAID: Final[weakref.WeakSet[Callable[..., Any]]] = weakref.WeakSet()


def warn_misplaced_views(app: Flask, *, during_request: bool = False) -> None:
    """Warn of the app's routes registered without their @cross_origin, each view once.

    Each warning points at the line of the misplaced decorator. Called when
    the app is configured and at its first request, so that a blueprint
    registered later is seen too.
    """
    for endpoint, view in list(app.view_functions.items()):
        known = UNDECORATED.get(view)
        if known is not None:
            note_misplaced(view, endpoint, *known, during_request=during_request)


def note_misplaced(
    view: Callable[..., Any],
    endpoint: str,
    where: str,
    site: Site,
    *,
    during_request: bool = False,
) -> None:
    """Warn that ``endpoint`` was routed before @cross_origin decorated ``view``, unless said."""
    if view in _MISPLACED_SAID:
        return
    _MISPLACED_SAID.add(view)
    message = misplaced_message(where, endpoint)
    warn_at(site, message, CORSConfigWarning, during_request=during_request)


def misplaced_message(where: str, endpoint: str) -> str:
    """Say that a route was registered without its @cross_origin, and the fix.

    A blueprint's route (``"api.items"``) was made with the blueprint's
    decorator (``@api.get(...)``), an app's with the app's.
    """
    route = "the blueprint's route decorator" if "." in endpoint else "@app.route"
    return (
        f"{where} is above {route}, so the route {endpoint!r} was registered without it and "
        f"gets no CORS headers: put @cross_origin under {route}, next to the function"
    )
