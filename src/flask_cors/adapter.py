"""Where Flask meets the core: request snapshot in, headers out, options and warnings.

This module holds no CORS logic: it reads the request, calls
:func:`~flask_cors.core.decide`, copies the decision's headers onto the
response, and reports what the core found (refusals, insecure settings) on
the ``flask_cors`` logger and as warnings.
"""

from __future__ import annotations

import difflib
import functools
import logging
import sys
import warnings
import weakref
from collections.abc import Callable, Collection, Iterable, Mapping
from types import FrameType
from typing import Any, Final, TextIO, cast

from attrs import define, field, frozen
from flask import Flask, Request, Response
from flask.logging import has_level_handler, wsgi_errors_stream
from werkzeug.datastructures import Headers
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from .core import (
    ACL_ORIGIN,
    ConfigurationError,
    Decision,
    InsecureCORSWarning,
    Policy,
    Problem,
    RequestInfo,
    decide,
    decide_environ,
    explain,
    lint,
)
from .core.errors import CORSConfigWarning, Found
from .core.explain import shown_method
from .core.lint import PublicSuffixTest, doubtful
from .core.policy import parse_flag
from .core.response import DECISION_HEADERS, header_changes
from .core.upgrade import upgrade_notes
from .core.vocabulary import CONFIG_KEYS, DEFAULTS, KNOWN_OPTIONS, config_key, sort_options

LOG: Final = logging.getLogger("flask_cors")

#: Writes the ``flask_cors`` log to :func:`flask.logging.wsgi_errors_stream`
#: (the server's error stream, else stderr), as Flask's own
#: ``default_handler`` does for ``app.logger``; see :func:`ensure_log_handler`.
# The stream is Flask's LocalProxy of one.
default_handler: Final = logging.StreamHandler(cast(TextIO, wsgi_errors_stream))
default_handler.setFormatter(
    logging.Formatter("[%(asctime)s] %(levelname)s in %(name)s: %(message)s")
)

# The WSGI environ key holding the response @cross_origin decided, so an
# app-wide CORS leaves that response alone (even when the decorator refused
# the origin), while an error response made later in the same request still
# gets its headers.
DECIDED: Final = "flask_cors.decided"
#: The WSGI environ key under which a request may carry a list to receive
#: :class:`Traced` records of the decisions made for it.
TRACE: Final = "flask_cors.trace"

_ALLOW_ORIGIN: Final = ACL_ORIGIN.lower()
# Werkzeug's Headers has kept its lines in a plain list, ``_list``, since its
# first releases. Checked once here: a Werkzeug that changes it loses only
# the shortcut in respond().
_LINES_LIST: Final = isinstance(getattr(Headers(), "_list", None), list)
# How much of an origin the refusal log keeps as its key.
_KEYED_ORIGIN: Final = 256


def snapshot(request: Request) -> RequestInfo:
    """Take the CORS-relevant parts of a Flask request."""
    environ = request.environ
    return RequestInfo(
        request.method,
        environ.get("HTTP_ORIGIN"),
        request.path,
        environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD"),
        environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS"),
        environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK") == "true",
    )


def already_decided(request: Request, response: Response) -> bool:
    """Whether this response needs no decision: @cross_origin made one, or it has CORS headers.

    A layer that refused the origin leaves no mark, so another layer (a
    second ``CORS``, or an app-wide one under a blueprint's) may still allow
    it, as in flask-cors.
    """
    return request.environ.get(DECIDED) is response or _answered(headers_of(response))


def headers_of(response: Response) -> Headers:
    """Return the response's headers as Werkzeug's ``Headers``.

    Some libraries (OAuthlib) replace them with a plain dict, which cannot
    hold a repeated header: it is replaced by a ``Headers`` first.
    """
    headers = response.headers
    if not isinstance(headers, Headers):
        headers = response.headers = Headers(headers or {})
    return headers


def _answered(headers: Headers) -> bool:
    """Whether the headers have ``Access-Control-Allow-Origin``."""
    return any(name.lower() == _ALLOW_ORIGIN for name, _ in headers)


def mark_decided(request: Request, response: Response) -> None:
    """Record that @cross_origin decided this response, so no other layer does."""
    request.environ[DECIDED] = response


@define
class Refusals:
    """Logs each distinct refusal, and each failed preflight, once.

    A refused CORS request is logged at INFO once per (rule, origin,
    reason); a preflight that ends with a status browsers refuse, at WARNING
    once per (rule, status). Remembers at most :attr:`limit` of them, then
    starts afresh, so a stream of made-up origins cannot grow memory.
    """

    limit: int = 1024
    _seen: set[tuple[object, ...]] = field(factory=set)

    def _first(self, key: tuple[object, ...]) -> bool:
        if key in self._seen:
            return False
        if len(self._seen) >= self.limit:
            self._seen.clear()
        self._seen.add(key)
        return True

    def note(self, where: str, policy: Policy, info: RequestInfo, decision: Decision) -> None:
        """Log the explanation of a refused CORS request, unless already logged."""
        if not LOG.isEnabledFor(logging.INFO):
            return
        # A long origin is keyed by its start and length: a hostile one can
        # be kilobytes long, and the log remembers up to `limit` of them.
        origin = info.origin
        if origin is not None and len(origin) > _KEYED_ORIGIN:
            origin = f"{origin[:_KEYED_ORIGIN]}...({len(origin)})"
        if not self._first((where, origin, decision.reason)):
            return
        # explain() shows request values with repr(), and the method is
        # shown bare only when it is a token, so no request can forge a log
        # line (CVE-2024-1681).
        text = explain(policy, info, decision, where=where)
        LOG.info("CORS refused %s %r: %s", shown_method(info.method), info.path, text)

    def failed_preflight(self, where: str, request: Request, status: int) -> None:
        """Warn that browsers will refuse a preflight's status, and say what probably set it."""
        if not self._first((where, "preflight", status)):
            return
        LOG.warning(
            "CORS preflight OPTIONS %r (%s) got status %d, and browsers refuse a preflight whose "
            "status is not 2xx: %s. With answer_preflights=True (CORS_ANSWER_PREFLIGHTS), "
            "flask_cors answers preflights itself, before before_request hooks and routing.",
            request.path,
            where,
            status,
            preflight_failure_cause(request, status),
        )


def preflight_failure_cause(request: Request, status: int) -> str:
    """Say what most likely answered a preflight with a non-2xx status."""
    routing = request.routing_exception
    if isinstance(routing, RequestRedirect):
        return "routing redirected it (a URL rule that ends with '/'); browsers do not follow it"
    if isinstance(routing, NotFound) and status == 404:
        return "no route matches this path"
    if isinstance(routing, MethodNotAllowed) and status == 405:
        return "the route does not accept OPTIONS"
    if status in (401, 403):
        return "probably an authentication or authorization before_request hook"
    if 300 <= status < 400:
        return "probably a redirect from a before_request hook (to a login page?)"
    if status >= 500:
        return "an error in a before_request hook or the view"
    return "probably a before_request hook or the view itself"


@frozen
class Traced:
    """One decision the shell made, recorded when the request asks for a trace.

    ``flask cors explain`` sends its request with a list under
    :data:`TRACE` in the WSGI environ and reads these back.
    """

    where: str
    policy: Policy
    info: RequestInfo
    decision: Decision


def respond(
    where: str,
    policy: Policy,
    request: Request,
    response: Response,
    refusals: Refusals,
    *,
    info: RequestInfo | None = None,
    unless_answered: bool = False,
) -> None:
    """Decide ``request`` under ``policy`` and add the decision's headers to ``response``.

    ``request`` is the request object itself, not Flask's proxy: every read
    through the proxy costs a context lookup. A caller that has a snapshot
    of it passes it as ``info``; otherwise the decision is looked up straight
    from the WSGI environ, and a snapshot is taken only when the log or a
    trace needs one. With ``unless_answered``, a response that already has
    ``Access-Control-Allow-Origin`` (set by the view, or by another layer)
    is left alone.
    """
    headers = response.headers
    # Werkzeug's own Headers (not a subclass, whose methods may do more)
    # is read and extended through its list of lines: add() checks every
    # value for CR and LF, and decide() never emits one (a tested
    # guarantee), so this costs a fraction.
    lines = headers._list if _LINES_LIST and type(headers) is Headers else None
    # Most responses have no CORS header yet, nor Vary: one pass over their
    # few lines tells, and then the decision's lines go in as they are.
    plain = lines is not None
    if lines is not None:
        for name, _ in lines:
            if name.lower() in DECISION_HEADERS:
                plain = False
                break
    else:
        headers = headers_of(response)
    if not plain and unless_answered and _answered(headers):
        return
    environ = request.environ
    decision = decide_environ(policy, environ) if info is None else decide(policy, info)
    if plain and lines is not None:
        lines.extend(decision.headers)
    else:
        _join(headers, decision)
    trace = environ.get(TRACE)
    if trace is not None:
        trace.append(Traced(where, policy, info or snapshot(request), decision))
    if decision.is_preflight and not 200 <= response.status_code < 300:
        refusals.failed_preflight(where, request, response.status_code)
    if decision.is_cors and not decision.allowed:
        if LOG.isEnabledFor(logging.INFO):
            refusals.note(where, policy, info or snapshot(request), decision)
    elif LOG.isEnabledFor(logging.DEBUG):
        LOG.debug("CORS %s for %r by %s", decision.reason.value, request.path, where)


@functools.cache
def public_suffix_test() -> PublicSuffixTest | None:
    """Return a test for public suffixes backed by the Public Suffix List, if installed.

    The list comes with ``publicsuffixlist`` (``pip install flask-cors[psl]``),
    read once per process, when the first configuration is linted. Unknown
    top-level names (``localhost``, ``internal``) do not count as public.
    Without the package, :func:`~flask_cors.core.lint` knows only
    top-level domains.
    """
    try:
        from publicsuffixlist import PublicSuffixList
    except ImportError:
        return None
    return PublicSuffixList(accept_unknown=False).is_public


def findings(policy: Policy) -> tuple[Problem, ...]:
    """Return :func:`~flask_cors.core.lint`'s findings, public suffixes judged by the list."""
    return lint(policy, public_suffix=public_suffix_test())


def report(
    policies: Iterable[tuple[str, Policy]],
    extra: Iterable[Problem] = (),
    *,
    strict: bool,
    already: Collection[str] = (),
    during_request: bool = False,
) -> list[str]:
    """Report what the configuration's checks found, once per distinct finding.

    A policy's :attr:`~flask_cors.Policy.findings`, what
    :func:`~flask_cors.core.lint.doubtful` finds in it and ``extra`` (the
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
            (doubtful(policy), CORSConfigWarning),
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


def apply(decision: Decision, response: Response) -> None:
    """Add a decision's headers to a response, none of them twice.

    A header the response already has (set by the view: ``Vary: Origin``,
    ``Access-Control-Allow-Credentials``, ``Access-Control-Max-Age``, ...)
    is not added again, and ``Origin`` joins the response's own ``Vary``
    line: see :func:`~flask_cors.core.response.join_lines`.
    """
    _join(headers_of(response), decision)


def _join(headers: Headers, decision: Decision) -> None:
    """Add the decision's lines the headers lack, and join Origin to their Vary line."""
    vary, added = header_changes(headers, decision.headers)
    if vary is not None:
        # Werkzeug's set() keeps the first Vary line's place and drops the others.
        headers.set("Vary", vary)
    for name, value in added:
        headers.add(name, value)


def config_options(config: Mapping[str, object] | None) -> dict[str, object]:
    """Return the ``CORS_*`` settings of an app's config that are not None, by option name."""
    if not config:
        return {}
    return {name: value for name in DEFAULTS if (value := config.get(config_key(name))) is not None}


def split_options(
    options: Mapping[str, object], where: str, found: Found | None = None
) -> dict[str, object]:
    """Return the options a Policy holds; record unknown names, which are ignored.

    flask-cors logged an unknown option and went on, so it is a finding
    (a :class:`~flask_cors.CORSConfigWarning`, an error in strict mode)
    added to ``found``, never an error of its own.
    """
    sorted_options = sort_options(options)
    if found is not None and sorted_options.unknown:
        written = _written(where, options) or {}
        message = "is not a Flask-CORS option, so it is ignored"
        for name in sorted_options.unknown:
            close = _close(name, sorted(KNOWN_OPTIONS))
            fix = f"did you mean {close!r}?" if close else "remove it"
            found.findings.append(
                Problem(str(name), options[name], message, fix, written=written.get(name))
            )
    return sorted_options.policy


def _close(name: object, choices: list[str], cutoff: float = 0.6) -> str | None:
    """Return the closest of ``choices`` to ``name``, or ``None``."""
    if not isinstance(name, str):
        return None
    close = difflib.get_close_matches(name, choices, n=1, cutoff=cutoff)
    return close[0] if close else None


def warn_config(message: str) -> None:
    """Warn about a configuration mistake, pointing at the first caller outside flask_cors."""
    warnings.warn(CORSConfigWarning(message), stacklevel=_caller_level())


# How alike (difflib's ratio) a key must be to a setting to be taken for a
# misspelling of it: CORS_ORIGIN and CORS_ALLOWED_ORIGINS are; CORS_ENABLED
# is not.
_CLOSE_KEY: Final = 0.75


def stray_config_keys(config: Mapping[str, object] | None) -> list[Problem]:
    """Return a finding for each ``CORS_*`` config key that looks like a misspelled setting.

    ``app.config['CORS_HEADERS'] = 'Content-Type'`` comes from old tutorials:
    flask-cors never read it, and the request headers a page may send are
    ``CORS_ALLOW_HEADERS`` (by default every one). Other keys are reported
    only when close to a setting (``CORS_ORIGIN``): a key like no setting
    (``CORS_REQUIRE_BROWSER``, from ``FLASK_CORS_*`` environment variables
    read by ``from_prefixed_env()``) may well be another program's.
    """
    if not config:
        return []
    found = []
    for key, value in config.items():
        if not isinstance(key, str) or not key.startswith("CORS_") or key in CONFIG_KEYS:
            continue
        if key == "CORS_HEADERS":
            fix = (
                "the request headers a page may send are CORS_ALLOW_HEADERS, by default "
                "every one: remove it, or rename it to 'CORS_ALLOW_HEADERS'"
            )
        elif (close := _close(key, sorted(CONFIG_KEYS), cutoff=_CLOSE_KEY)) is not None:
            fix = f"did you mean {close!r}?"
        else:
            continue
        found.append(Problem(key, value, "is not a Flask-CORS setting, so it is ignored", fix))
    return found


# What was reported of each app's config keys, so each is said once per app.
_CONFIG_REPORTED: Final[weakref.WeakKeyDictionary[Flask, set[str]]] = weakref.WeakKeyDictionary()


def new_stray_config_keys(app: Flask) -> list[Problem]:
    """Return the app's stray ``CORS_*`` keys (see :func:`stray_config_keys`) not reported yet."""
    reported = _CONFIG_REPORTED.setdefault(app, set())
    fresh = [problem for problem in stray_config_keys(app.config) if problem.option not in reported]
    reported.update(problem.option for problem in fresh)
    return fresh


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


def layer_policies(
    layers: Iterable[tuple[str, Mapping[str, object]]], found: Found
) -> list[Policy]:
    """Parse configuration layers into policies; record every layer's problems in ``found``.

    The policies are layers (see :meth:`Policy.checked`): the caller checks
    each merged result. Their findings stay on them, for :func:`report`;
    unknown option names, which no policy holds, go to ``found.findings``.

    Args:
        layers: ``(where, options)`` pairs, such as ``("app.config", {...})``;
            problems in the ``app.config`` layer name the ``CORS_*`` key, and
            those in a resource's (``"resources['/api/*']"``) its option.
        found: Receives the errors and the unknown options.
    """
    policies: list[Policy] = []
    for where, options in layers:
        written = _written(where, options)
        try:
            policies.append(
                Policy.from_options(
                    split_options(options, where, found), layer=True, written=written
                )
            )
        except ConfigurationError as error:
            found.errors.extend(error.problems)
    return policies


def _written(where: str, options: Mapping[str, object]) -> dict[str, str] | None:
    """Say where each option of a layer was written, when not as a keyword of its name."""
    if where == "app.config":
        return {name: config_key(name) for name in options}
    if where.startswith("resources["):
        return {name: f"{where}.{name}" for name in options}
    return None


def read_flags(
    layers: Iterable[tuple[str, Mapping[str, object]]], names: Iterable[str], found: Found
) -> dict[str, bool]:
    """Read shell-only flags (``automatic_options``...) from layers, later layers winning.

    Read as flask-cors read them, by truthiness; what is not a boolean is a
    finding, and a string that says the opposite of how it reads an error.
    """
    flags: dict[str, bool] = {}
    for where, options in layers:
        written = _written(where, options) or {}
        for name in names:
            if name in options:
                local = Found()
                flags[name] = parse_flag(name, options[name], local)
                found.errors.extend(p.written_at(written.get(name)) for p in local.errors)
                found.findings.extend(p.written_at(written.get(name)) for p in local.findings)
    return flags
