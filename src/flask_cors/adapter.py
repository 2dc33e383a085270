"""Where Flask meets the core per request: the decision's headers onto the response.

This module holds no CORS rule: it hands the request's WSGI environ to
:meth:`~flask_cors.core.Decider.decide_environ`, copies the decision's headers onto
the response (:mod:`flask_cors.core.response` says which), marks what
``@cross_origin`` decided, and logs refusals once. Reading configuration is
:mod:`flask_cors.settings`; reporting what it finds, :mod:`flask_cors.reporting`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Final

from attrs import define, field, frozen
from flask import Request, Response
from werkzeug.datastructures import Headers
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from .core import Decider, Decision, Policy, Protection, RegexBudget, RequestInfo, explain
from .core.checks import CheckFailure, check_name
from .core.explain import explain_protection, shown_method
from .core.response import DECISION_HEADERS, has_allow_origin, header_changes
from .reporting import LOG as LOG

# Still importable here, where docs/migration.md names it.
from .reporting import default_handler as default_handler

__all__ = [
    "BUDGET",
    "DECIDED",
    "TRACE",
    "Refusals",
    "Traced",
    "already_decided",
    "apply",
    "budget_of",
    "default_handler",
    "mark_decided",
    "preflight_failure_cause",
    "respond",
]


# The WSGI environ key holding the response @cross_origin decided, so an
# app-wide CORS leaves that response alone (even when the decorator refused
# the origin), while an error response made later in the same request still
# gets its headers.
DECIDED: Final = "flask_cors.decided"
#: The WSGI environ key under which a request may carry a list to receive
#: :class:`Traced` records of the decisions made for it.
TRACE: Final = "flask_cors.trace"
#: The WSGI environ key holding the request's
#: :class:`~flask_cors.core.RegexBudget`: every CORS layer that looks at a
#: request draws on the same one.
BUDGET: Final = "flask_cors.regex_budget"

# Werkzeug's Headers has kept its lines in a plain list, ``_list``, since its
# first releases. Checked once here: a Werkzeug that changes it loses only
# the shortcut in respond().
_LINES_LIST: Final = isinstance(getattr(Headers(), "_list", None), list)
# How much of an origin the refusal log keeps as its key.
_KEYED_ORIGIN: Final = 256


def already_decided(request: Request, response: Response) -> bool:
    """Whether this response needs no decision: @cross_origin made one, or it has CORS headers.

    A layer that refused the origin leaves no mark, so another layer (a
    second ``CORS``, or an app-wide one under a blueprint's) may still allow
    it, as in flask-cors.
    """
    return request.environ.get(DECIDED) is response or has_allow_origin(_headers_of(response))


def budget_of(environ: dict[str, Any]) -> RegexBudget:
    """Return the request's regex budget, made on first use and shared by every CORS layer."""
    budget = environ.get(BUDGET)
    if budget is None:
        budget = environ[BUDGET] = RegexBudget()
    return budget


def _headers_of(response: Response) -> Headers:
    """Return the response's headers as Werkzeug's ``Headers``.

    Some libraries (OAuthlib) replace them with a plain dict, which cannot
    hold a repeated header: it is replaced by a ``Headers`` first.
    """
    headers = response.headers
    if not isinstance(headers, Headers):
        headers = response.headers = Headers(headers or {})
    return headers


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

    def note(
        self,
        where: str,
        policy: Policy,
        info: RequestInfo,
        decision: Decision,
        failed: Sequence[CheckFailure] = (),
    ) -> None:
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
        text = explain(policy, info, decision, where=where, failed=failed)
        LOG.info("CORS refused %s %r: %s", shown_method(info.method), info.path, text)

    def checks_failed(self, where: str, budget: RegexBudget) -> None:
        """Log, with its traceback, each origin function failure not logged before.

        Once per distinct error (the function, the exception's type, where
        it was raised; see :attr:`~flask_cors.core.checks.CheckFailure.key`),
        at ERROR: a function that fails refuses every origin it is asked
        about, which is an outage for the pages it should allow.
        """
        for failure in budget.failed:
            if not self._first(("origin-check", failure.key)):
                continue
            error = failure.error
            LOG.error(
                "CORS origin function %s (%s) failed for origin %r, which is refused (never "
                "allowed, never a 500): %s(%r). Each distinct failure is logged once.",
                check_name(failure.check),
                where,
                failure.origin[:_KEYED_ORIGIN],
                type(error).__qualname__,
                str(error),
                exc_info=(type(error), error, error.__traceback__),
            )

    def cross_site(
        self, where: str, policy: Policy, info: RequestInfo, verdict: Protection
    ) -> None:
        """Log a request refused by cross-site protection, and how to allow its origin.

        The first refusal by each rule for each reason is a WARNING, so that
        a page the configuration forgot is seen; later ones, at INFO once per
        origin, so that made-up origins cannot flood the log.
        """
        first = self._first((where, "cross-site", verdict))
        if not first and not LOG.isEnabledFor(logging.INFO):
            return
        origin = info.origin
        if origin is not None and len(origin) > _KEYED_ORIGIN:
            origin = f"{origin[:_KEYED_ORIGIN]}...({len(origin)})"
        if not self._first((where, "cross-site", verdict, origin)) and not first:
            return
        text = explain_protection(policy, info, verdict, where=where)
        LOG.log(
            logging.WARNING if first else logging.INFO,
            "CORS cross-site protection refused %s %r with 403: %s",
            shown_method(info.method),
            info.path,
            text,
        )

    def over_budget(self, where: str, budget: RegexBudget) -> None:
        """Warn, once per regex, that a configured regex ran out of the request's regex budget."""
        for pattern in budget.exhausted:
            if self._first(("regex-budget", pattern)):
                LOG.warning(
                    "CORS regex %r (%s) did not finish within the regex budget (%g ms per "
                    "request, all regexes together), so it did not match: that request was "
                    "refused, and a path got no rule. A crafted request can do this to a regex "
                    "that backtracks; rewrite it so that no part can match the same text in "
                    "several ways (see 'flask cors check').",
                    pattern,
                    where,
                    budget.seconds * 1000,
                )

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
    decider: Decider,
    request: Request,
    response: Response,
    refusals: Refusals,
    *,
    info: RequestInfo | None = None,
    unless_answered: bool = False,
) -> None:
    """Decide ``request`` with ``decider`` and add the decision's headers to ``response``.

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
    if lines is not None:
        for name, _ in lines:
            if name.lower() in DECISION_HEADERS:
                lines = None
                break
    if lines is None and unless_answered and has_allow_origin(_headers_of(response)):
        return
    environ = request.environ
    budget = budget_of(environ) if decider.bounded else None
    decision = (
        decider.decide_environ(environ, budget) if info is None else decider.decide(info, budget)
    )
    if lines is not None:
        lines.extend(decision.headers)
    else:
        apply(decision, response)
    # Most requests are allowed, or not CORS requests, and need no record:
    # only a debug line, without a call to _observe.
    refused = decision.is_cors and not decision.allowed
    if refused or decision.is_preflight or budget is not None or TRACE in environ:
        _observe(where, decider, request, response, refusals, info, decision, budget)
    elif LOG.isEnabledFor(logging.DEBUG):
        _debug(where, request, decision)


def _observe(
    where: str,
    decider: Decider,
    request: Request,
    response: Response,
    refusals: Refusals,
    info: RequestInfo | None,
    decision: Decision,
    budget: RegexBudget | None,
) -> None:
    """Record and log what a decision means: a trace, a failed preflight, a refusal."""
    environ = request.environ
    if budget is not None:
        if budget.exhausted:
            refusals.over_budget(where, budget)
        if budget.failed:
            refusals.checks_failed(where, budget)
    trace = environ.get(TRACE)
    if trace is not None:
        trace.append(
            Traced(where, decider.policy, info or RequestInfo.from_environ(environ), decision)
        )
    if decision.is_preflight and not 200 <= response.status_code < 300:
        refusals.failed_preflight(where, request, response.status_code)
    if decision.is_cors and not decision.allowed:
        if LOG.isEnabledFor(logging.INFO):
            refusals.note(
                where,
                decider.policy,
                info or RequestInfo.from_environ(environ),
                decision,
                budget.failed if budget is not None else (),
            )
    elif LOG.isEnabledFor(logging.DEBUG):
        _debug(where, request, decision)


def _debug(where: str, request: Request, decision: Decision) -> None:
    """Log, at DEBUG, what was decided for a request that needs no other record."""
    LOG.debug("CORS %s for %r by %s", decision.reason.value, request.path, where)


def apply(decision: Decision, response: Response) -> None:
    """Add a decision's headers to a response, none of them twice.

    A header the response already has (set by the view: ``Vary: Origin``,
    ``Access-Control-Allow-Credentials``, ``Access-Control-Max-Age``, ...)
    is not added again, and ``Origin`` joins the response's own ``Vary``
    line: see :func:`~flask_cors.core.response.join_lines`.
    """
    _join(_headers_of(response), decision)


def _join(headers: Headers, decision: Decision) -> None:
    """Add the decision's lines the headers lack, and join Origin to their Vary line."""
    vary, added = header_changes(headers, decision.headers)
    if vary is not None:
        # Werkzeug's set() keeps the first Vary line's place and drops the others.
        headers.set("Vary", vary)
    for name, value in added:
        headers.add(name, value)
