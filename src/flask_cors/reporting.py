"""Reporting what the configuration's checks found: warnings, strict mode, the log.

The core finds the problems (:class:`~flask_cors.core.Problem`); this
module says them once each, as :class:`~flask_cors.CORSConfigWarning` or
:class:`~flask_cors.InsecureCORSWarning` pointing at the user's code, or
raises them together in strict mode, and makes the ``flask_cors`` log
visible when nothing else would show it.
"""

from __future__ import annotations

import logging
import sys
import warnings
import weakref
from collections.abc import Callable, Collection, Iterable
from types import FrameType
from typing import Any, Final, TextIO, cast

from flask import Flask
from flask.logging import has_level_handler, wsgi_errors_stream

from .core import ConfigurationError, InsecureCORSWarning, Policy, Problem
from .core.errors import CORSConfigWarning
from .core.upgrade import upgrade_notes
from .public_suffixes import lint

LOG: Final = logging.getLogger("flask_cors")

#: Writes the ``flask_cors`` log to :func:`flask.logging.wsgi_errors_stream`
#: (the server's error stream, else stderr), as Flask's own
#: ``default_handler`` does for ``app.logger``; see :func:`ensure_log_handler`.
# The stream is Flask's LocalProxy of one.
default_handler: Final = logging.StreamHandler(cast(TextIO, wsgi_errors_stream))
default_handler.setFormatter(
    logging.Formatter("[%(asctime)s] %(levelname)s in %(name)s: %(message)s")
)


def findings(policy: Policy) -> tuple[Problem, ...]:
    """Return :func:`~flask_cors.core.lint`'s findings, public suffixes judged by the list."""
    return lint(policy)


def report(
    policies: Iterable[tuple[str, Policy]],
    extra: Iterable[Problem] = (),
    *,
    strict: bool,
    already: Collection[str] = (),
    during_request: bool = False,
) -> list[str]:
    """Report what the configuration's checks found, once per distinct finding.

    A policy's :attr:`~flask_cors.Policy.findings` and ``extra`` (the
    shell options' findings) become :class:`CORSConfigWarning`; the insecure
    settings :func:`findings` finds, :class:`InsecureCORSWarning`; each names
    every place it applies to. In strict mode they are errors instead, all
    raised together.

    Args:
        policies: ``(where, policy)`` pairs, such as ``("rule '/api/*'", ...)``.
        extra: More findings, not tied to one policy.
        strict: Raise every finding as a :class:`ConfigurationError`.
        already: Findings (as text) reported before, not to repeat.
        during_request: Configuration read at a request (``@cross_origin``
            under an app's config): each finding is logged too; an
            :class:`InsecureCORSWarning` that a filter turns into an error is
            raised as a :class:`ConfigurationError`, which the caller turns
            into "no CORS headers", never a 500; any other is not raised.

    Returns:
        The text of every finding reported.

    Raises:
        ConfigurationError: In strict mode, if anything was found.
    """
    found: dict[str, tuple[Problem, type[UserWarning], list[str]]] = {}
    for where, policy in policies:
        insecure = findings(policy)
        kinds: list[tuple[Iterable[Problem], type[UserWarning]]] = [
            (policy.findings, CORSConfigWarning),
            (insecure, InsecureCORSWarning),
        ]
        if not strict:
            # What changed in meaning since flask-cors 6 matters on upgrade;
            # strict mode is for configuration written for this package. An
            # entry already warned about as insecure needs no second word.
            flagged = {problem.value for problem in insecure}
            notes = [note for note in upgrade_notes(policy) if note.value not in flagged]
            kinds.append((notes, CORSConfigWarning))
        for problems, category in kinds:
            for problem in problems:
                found.setdefault(str(problem), (problem, category, []))[2].append(where)
    for problem in extra:
        found.setdefault(str(problem), (problem, CORSConfigWarning, []))
    if strict and found:
        raise ConfigurationError(problem for problem, _, _ in found.values())
    for text, (problem, category, wheres) in found.items():
        if text in already:
            continue
        message = f"{', '.join(wheres)}: {text}" if wheres else text
        if during_request:
            LOG.warning("%s", message)
            try:
                warnings.warn(category(message), stacklevel=2)
            except Warning:
                # The app made this warning an error, and a request must not
                # become a 500. An insecure setting must then not run (the
                # caller serves the view without CORS headers, as
                # docs/security.md promises); a CORSConfigWarning keeps
                # flask-cors 6.0.5's behaviour, and the log has it.
                if category is InsecureCORSWarning:
                    raise ConfigurationError([problem]) from None
        else:
            warnings.warn(category(message), stacklevel=_caller_level())
    return list(found)


def _caller_level() -> int:
    """Return the stacklevel that points a warning at the first caller outside flask_cors."""
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").partition(".")[0] == (
        "flask_cors"
    ):
        frame = frame.f_back
        level += 1
    return level


def warn_config(message: str) -> None:
    """Warn about a configuration mistake, pointing at the first caller outside flask_cors."""
    warnings.warn(CORSConfigWarning(message), stacklevel=_caller_level())


#: The views given to @cross_origin, by the function it returned: a route
#: registered with one of them was decorated above ``@app.route``.
UNDECORATED: Final[weakref.WeakKeyDictionary[Callable[..., Any], str]] = weakref.WeakKeyDictionary()


def misplaced_views(app: Flask) -> list[str]:
    """Say which of the app's routes have @cross_origin above ``@app.route``, and the fix."""
    return [
        misplaced_message(where, endpoint)
        for endpoint, view in app.view_functions.items()
        if (where := UNDECORATED.get(view)) is not None
    ]


def misplaced_message(where: str, endpoint: str) -> str:
    """Say that a route was registered without its @cross_origin, and the fix."""
    return (
        f"{where} is above @app.route, so the route {endpoint!r} was registered without it and "
        "gets no CORS headers: put @cross_origin under @app.route, next to the function"
    )


def ensure_log_handler() -> None:
    """Make the ``flask_cors`` log visible when nothing else would show it.

    As Flask does for ``app.logger``: when no handler on the way to the root
    logger takes the logger's level (WARNING unless set), add
    :data:`default_handler`. An app that configures logging keeps its own.
    The log stays quiet: each refusal and failed preflight is logged once.
    """
    if not has_level_handler(LOG):
        LOG.addHandler(default_handler)
