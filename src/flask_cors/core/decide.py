"""decide(): the CORS protocol's server side, as one pure function.

Theory of operation. The Fetch standard's CORS protocol
(https://fetch.spec.whatwg.org/#http-cors-protocol) has the server answer
two kinds of request. A CORS request carries ``Origin``; the server answers
with ``Access-Control-Allow-Origin`` (and friends) if the origin may read
the response. A preflight is an ``OPTIONS`` request with
``Origin`` and ``Access-Control-Request-Method``, sent by the browser before
a request that is not "simple"; the server answers with the methods and
headers it allows and how long that answer may be cached.

What a :class:`~flask_cors.core.Policy` means for the headers (their
lines, the method names, ``Vary``) is compiled once, here, beside the code
that reads it; per request only the request-dependent part is done, and a
:class:`Decider` remembers recent answers. The headers produced, and their order, are those of
flask-cors 6.0.5 for the same configuration and request, except for the
deliberate differences listed in the docs' migration page.

Request headers are attacker-controlled. They are checked for size and
syntax before any user regex sees them, and a malformed value is refused,
never matched and never echoed.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from typing import Any, Final

from .bounded import RegexBudget
from .constants import (
    ACL_ALLOW_HEADERS,
    ACL_CREDENTIALS,
    ACL_EXPOSE_HEADERS,
    ACL_MAX_AGE,
    ACL_METHODS,
    ACL_ORIGIN,
    ACL_RESPONSE_PRIVATE_NETWORK,
    VARY,
)
from .decision import Decision, Reason
from .limits import MAX_ORIGIN_LENGTH, MAX_REQUEST_HEADERS_ITEMS, MAX_REQUEST_HEADERS_LENGTH
from .patterns import TOKEN, PatternSet
from .policy import Header, Policy
from .request import ASKS_PRIVATE_NETWORK, RequestInfo, is_preflight

__all__ = [
    "MEMO_SIZE",
    "Decider",
    "allowed_headers",
    "decide",
]


# An Origin header holds one origin (https://fetch.spec.whatwg.org/#origin-header):
# visible ASCII with no comma (a comma means a proxy joined several Origin
# headers into one). Any such value is matched against the configuration as
# flask-cors matched it, with or without a scheme: tests and tools send
# "Origin: www.example.com", and only an entry that names it can allow it.
_ORIGIN_SYNTAX = re.compile(r"[!-+\--~]+\Z")

# Longest requested method looked at; the longest registered HTTP method
# names have about 20 characters.
_MAX_METHOD: Final = 64

#: Decisions remembered per policy. Browsers send the same few origins and
#: preflights over and over, so a small memo answers most requests with one
#: dictionary lookup.
MEMO_SIZE: Final = 256
#: Requests with longer header values are decided afresh every time, so
#: that hostile input cannot fill the memo with large strings.
_MEMO_MAX_VALUE: Final = 256


class _Compiled:
    """What :func:`_decide` reads of a policy, computed once from its values."""

    __slots__ = (
        "allow_headers",
        "common_headers",
        "method_names",
        "null_allowed",
        "origin_checks",
        "origins",
        "origins_budget",
        "origins_clocked",
        "preflight_headers",
        "private_network",
        "send_wildcard",
        "vary",
        "without_origin",
    )

    def __init__(self, policy: Policy) -> None:
        origins = policy.origins
        self.origins = origins
        # Whether matching an Origin may read the regex budget; not when the
        # origin regexes are proven cheap together (PatternSet.clocked).
        self.origins_clocked = bool(origins.bounded) and origins.clocked
        self.origin_checks = bool(origins.checks)
        # An origin function's failure is recorded in the budget too.
        self.origins_budget = self.origins_clocked or self.origin_checks
        self.allow_headers = policy.allow_headers
        self.private_network = policy.allow_private_network
        self.method_names = frozenset(policy.methods)
        # Never "*" with credentials (https://fetch.spec.whatwg.org/#cors-check).
        self.send_wildcard = (
            origins.matches_all and policy.send_wildcard and not policy.supports_credentials
        )
        # The opaque origin "null" (sandboxed iframes, file: pages, some
        # redirects) is shared by every such document, so "*" does not
        # cover it: only an entry that names it does (an origin function
        # is asked per request).
        self.null_allowed = origins.matches_fixed("null")
        # https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches: unless
        # every response carries "Access-Control-Allow-Origin: *", the headers
        # depend on the request's Origin, and every response must say so,
        # those to refused and to non-CORS requests included. With
        # send_wildcard, requests without Origin get "*" only with
        # always_send; without it, the answer depends on the Origin's presence.
        varies = policy.vary_header and not (self.send_wildcard and policy.always_send)
        varies = varies and (origins.matches_all or origins.size > 0)
        self.vary: tuple[Header, ...] = ((VARY, "Origin"),) if varies else ()
        # A request without Origin (always_send): "*" if "*" is allowed and
        # credentials are not ("*" fails the CORS check of a request with
        # credentials, https://fetch.spec.whatwg.org/#cors-check), otherwise
        # the first literal origin in sorted order.
        without: tuple[str, ...] = ()
        if policy.always_send:
            if not origins.matches_all:
                # flask-cors set every literal origin but kept only the first
                # when it flattened its headers; one value is also all that
                # Fetch allows (https://fetch.spec.whatwg.org/#http-access-control-allow-origin).
                # _decide() leaves out an empty one (origins=[""]), as flask-cors did.
                without = tuple(sorted(origins.literals)[:1])
            elif not policy.supports_credentials:
                without = ("*",)
        self.without_origin = without
        text = policy.header_text
        common: list[Header] = []
        if text.expose_headers:
            common.append((ACL_EXPOSE_HEADERS, text.expose_headers))
        if policy.supports_credentials:
            common.append((ACL_CREDENTIALS, "true"))
        self.common_headers = tuple(common)
        preflight: list[Header] = []
        if text.max_age:
            preflight.append((ACL_MAX_AGE, text.max_age))
        if text.methods:
            preflight.append((ACL_METHODS, text.methods))
        self.preflight_headers = tuple(preflight)


def decide(policy: Policy, info: RequestInfo, budget: RegexBudget | None = None) -> Decision:
    """Decide which CORS headers a response to ``info`` gets under ``policy``.

    Never raises for any request: malformed input is refused with a reason.
    Never emits a value containing CR, LF or NUL, never allows an origin the
    policy does not allow, and never pairs ``Access-Control-Allow-Origin: *``
    with ``Access-Control-Allow-Credentials: true``.

    The result depends only on the arguments, with one bound: configured
    regexes run within ``budget`` (a new
    :class:`~flask_cors.core.bounded.RegexBudget` when ``None``), and what a
    regex that did not finish in it would have allowed is not allowed
    (:attr:`Reason.REGEX_BUDGET`). A server deciding many requests under one
    policy uses a :class:`Decider`, which gives the same answers faster.
    """
    return _decide(
        _Compiled(policy),
        info.method,
        info.origin,
        info.request_method,
        info.request_headers,
        info.private_network,
        budget,
    )


class Decider:
    """Decides requests under one policy, as :func:`decide` does, remembering recent answers.

    What the policy means for the headers is compiled once, and the last
    :data:`MEMO_SIZE` decisions for short header values are remembered:
    browsers send the same few origins and preflights over and over, so
    most requests are answered with one dictionary lookup. The memo is the
    one piece of state in the core; it changes the cost of a decision,
    never its answer. Keep one Decider per policy, for as long as the
    policy is in use (the Flask shell keeps one per resource rule and
    decorated view).

    Attributes:
        policy: The policy requests are decided under.
        bounded: Whether deciding may read a
            :class:`~flask_cors.core.bounded.RegexBudget`: a regex origin not
            proven cheap, a regex in ``allow_headers``, or an origin function
            (whose failures the budget records).
    """

    __slots__ = ("_asks", "_compiled", "_memo", "bounded", "policy")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._compiled = _Compiled(policy)
        self._memo: dict[Hashable, Decision] = {}
        # The shell hands over the request's budget when deciding may read
        # it, and reads back an origin function's failures from it.
        self.bounded = self._compiled.origins_budget or bool(policy.allow_headers.bounded)
        # An origin function's answers may change between two requests (the
        # allow-list is the application's): no decision for a request with
        # an Origin is remembered, so that a change is seen at once.
        # remembered() opts into keeping answers for a time, in the function.
        self._asks = bool(policy.origins.checks)

    def __repr__(self) -> str:
        return f"Decider({self.policy!r})"

    def decide(self, info: RequestInfo, budget: RegexBudget | None = None) -> Decision:
        """Return ``decide(self.policy, info, budget)``."""
        return self._remembered(
            info.method,
            info.origin,
            info.request_method,
            info.request_headers,
            info.private_network,
            budget,
        )

    def decide_environ(
        self, environ: Mapping[str, Any], budget: RegexBudget | None = None
    ) -> Decision:
        """Decide the request in a WSGI environ (PEP 3333).

        The same decision as ``self.decide(RequestInfo.from_environ(environ), budget)``,
        but a remembered one is found straight from the environ, and none
        needs the snapshot built: servers and adapters call this on every
        request.
        """
        get = environ.get
        method = get("REQUEST_METHOD")
        origin = get("HTTP_ORIGIN")
        request_method = get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")
        requested = get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS")
        # asks_private_network(), inlined: every request runs this.
        private_network = get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK") == ASKS_PRIVATE_NETWORK
        try:
            # A lookup only, so lengths are enough: what _memorable() refuses
            # is never stored, and cannot be found. Inlined, as every request
            # runs it; the length of the method keeps a long one from being
            # hashed.
            if (
                method is not None
                and len(method) <= _MAX_METHOD
                and (origin is None or len(origin) <= _MEMO_MAX_VALUE)
                and (request_method is None or len(request_method) <= _MEMO_MAX_VALUE)
                and (requested is None or len(requested) <= _MEMO_MAX_VALUE)
            ):
                # The memo's key, as _remembered() builds it, for the method as
                # sent: a lower-case spelling misses here and is found there.
                key = (method, origin, request_method, requested, private_network)
                found = self._memo.get(key)
                if found is not None:
                    return found
        except TypeError:
            # A value without a length or a hash: not text, as PEP 3333 wants.
            pass
        if (
            type(method) is str
            and (origin is None or type(origin) is str)
            and (request_method is None or type(request_method) is str)
            and (requested is None or type(requested) is str)
        ):
            return self._remembered(
                method.upper(), origin, request_method, requested, private_network, budget
            )
        # Values that are not text: the snapshot turns them into text.
        return self.decide(RequestInfo.from_environ(environ), budget)

    def _remembered(
        self,
        method: str,
        origin: str | None,
        request_method: str | None,
        requested: str | None,
        private_network: bool,
        budget: RegexBudget | None,
    ) -> Decision:
        """Decide from the memo when it has the answer, else afresh, remembering the answer.

        A decision cut short by the regex budget is not remembered: the
        budget may have been spent by other parts of the same request. Nor
        is one for a request with an ``Origin`` under a policy with an
        origin function: its answer may change.
        """
        if not _memorable(method, origin, request_method, requested):
            return _decide(
                self._compiled, method, origin, request_method, requested, private_network, budget
            )
        key = (method, origin, request_method, requested, private_network)
        memo = self._memo
        found = memo.get(key)
        if found is not None:
            return found
        decision = _decide(
            self._compiled, method, origin, request_method, requested, private_network, budget
        )
        if decision.reason is Reason.REGEX_BUDGET or (self._asks and origin):
            return decision
        if len(memo) >= MEMO_SIZE:
            # Clearing beats eviction bookkeeping: a full memo means traffic is
            # not repetitive, and the memo refills with what is.
            memo.clear()
        memo[key] = decision
        return decision


def _memorable(
    method: str, origin: str | None, request_method: str | None, requested: str | None
) -> bool:
    """Whether a request's method and header values are short enough for the memo.

    Long values are decided afresh every time, and never stored: hostile
    input cannot fill the memo with large strings. The method must be a
    token of at most :data:`_MAX_METHOD` characters, the bound ``_decide``
    puts on ``Access-Control-Request-Method``: every method a browser can
    send is one (https://fetch.spec.whatwg.org/#concept-method), while a
    server may pass on a request line of 64 KiB (Werkzeug's) or more.
    """
    return (
        len(method) <= _MAX_METHOD
        # Letters only, as nearly every method is, is a token: the regex
        # runs only for the rest.
        and ((method.isascii() and method.isalpha()) or TOKEN.fullmatch(method) is not None)
        and (origin is None or len(origin) <= _MEMO_MAX_VALUE)
        and (request_method is None or len(request_method) <= _MEMO_MAX_VALUE)
        and (requested is None or len(requested) <= _MEMO_MAX_VALUE)
    )


def _decide(
    compiled: _Compiled,
    method: str,
    origin: str | None,
    request_method: str | None,
    requested: str | None,
    private_network: bool,
    budget: RegexBudget | None,
) -> Decision:
    preflight = is_preflight(method, origin, request_method)
    if not origin:
        # Not a CORS request. flask-cors's always_send still answers it, so
        # that a cached response carries the headers.
        if not compiled.without_origin:
            return Decision(compiled.vary, False, False, False, Reason.NO_ORIGIN)
        allow_origin = compiled.without_origin
        is_cors = False
        reason = Reason.NO_ORIGIN
    elif compiled.send_wildcard:
        # "*" to every origin, null and malformed ones included, as
        # flask-cors does: the answer then never depends on the Origin, so a
        # shared cache may serve it to any page without Vary (Fetch,
        # https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches). "*"
        # carries no credentials, so it opens nothing to those origins that
        # any other site could not read.
        allow_origin = ("*",)
        is_cors = True
        reason = Reason.ALLOWED
    else:
        # "Origin: *" is no origin; echoed, it would read as the wildcard, and
        # with credentials pair "*" with Access-Control-Allow-Credentials.
        if len(origin) > MAX_ORIGIN_LENGTH or not _ORIGIN_SYNTAX.match(origin) or origin == "*":
            return Decision(compiled.vary, True, preflight, False, Reason.INVALID_ORIGIN)
        # "*" does not cover the opaque origin "null" in any letter case
        # (the length check first spares other origins a lower-cased copy).
        if budget is None and compiled.origins_budget:
            budget = RegexBudget()
        if len(origin) == 4 and origin.lower() == "null":
            allowed = compiled.null_allowed or (
                compiled.origin_checks and compiled.origins.matches_listed(origin, budget)
            )
        else:
            allowed = compiled.origins.matches(origin, budget)
        if not allowed:
            return Decision(compiled.vary, True, preflight, False, _why_not(budget))
        allow_origin = (origin,)
        is_cors = True
        reason = Reason.ALLOWED

    # Empty values are never sent (origins=[""] answers a request without
    # Origin with the other headers only, as flask-cors did).
    headers: list[Header] = [(ACL_ORIGIN, value) for value in allow_origin if value]
    headers.extend(compiled.common_headers)
    if private_network:
        # Private Network Access draft
        # (https://wicg.github.io/private-network-access/#headers): answer
        # the request header either way, so the browser learns the answer.
        headers.append((ACL_RESPONSE_PRIVATE_NETWORK, _bool(compiled.private_network)))
        if not compiled.private_network and is_cors:
            reason = Reason.PRIVATE_NETWORK_NOT_ALLOWED
    if method == "OPTIONS" and request_method:
        # https://fetch.spec.whatwg.org/#cors-preflight-fetch: the method
        # must be listed, and every requested header.
        # Method names are short tokens: a long value is refused unread.
        if (
            len(request_method) <= _MAX_METHOD
            and request_method.isascii()
            and request_method.upper() in compiled.method_names
        ):
            listed, header_reason = allowed_headers(compiled.allow_headers, requested, budget)
            if listed:
                headers.append((ACL_ALLOW_HEADERS, listed))
            if request_method in compiled.method_names:
                headers.extend(compiled.preflight_headers)
            else:
                headers.extend(_with_method(compiled.preflight_headers, request_method))
            if header_reason is not None and reason is Reason.ALLOWED and is_cors:
                reason = header_reason
        elif reason is Reason.ALLOWED:
            reason = Reason.METHOD_NOT_ALLOWED
    headers.extend(compiled.vary)
    return Decision(tuple(headers), is_cors, preflight, reason is Reason.ALLOWED, reason)


def _why_not(budget: RegexBudget | None) -> Reason:
    """Why an origin was not allowed: not listed, or a check that could not answer."""
    if budget is not None:
        if budget.failed:
            return Reason.ORIGIN_CHECK_FAILED
        if budget.exhausted:
            return Reason.REGEX_BUDGET
    return Reason.ORIGIN_NOT_ALLOWED


def well_formed_origin(origin: str) -> bool:
    """Whether an ``Origin`` value can be one origin, as :func:`decide` requires before matching.

    Visible ASCII without commas, at most
    :data:`~flask_cors.core.limits.MAX_ORIGIN_LENGTH` characters, and not
    ``*`` (https://fetch.spec.whatwg.org/#origin-header).
    """
    return len(origin) <= MAX_ORIGIN_LENGTH and bool(_ORIGIN_SYNTAX.match(origin)) and origin != "*"


def _with_method(preflight: tuple[Header, ...], method: str) -> list[Header]:
    """Add a requested method's own spelling to Access-Control-Allow-Methods.

    Browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT
    (https://fetch.spec.whatwg.org/#concept-method-normalize), then compare
    methods byte for byte, so a page's ``fetch(url, {method: "patch"})``
    needs ``patch`` listed although ``PATCH`` is allowed. Werkzeug
    upper-cases the method, so the view sees ``PATCH`` either way.
    """
    return [
        (name, f"{value}, {method}" if name == ACL_METHODS else value) for name, value in preflight
    ]


def allowed_headers(
    allow: PatternSet, requested: str | None, budget: RegexBudget | None = None
) -> tuple[str, Reason | None]:
    """Return the requested headers that are allowed, joined, and why not all are.

    Regexes run within ``budget`` (a new one when ``None``); a name whose
    regexes did not finish in it is not allowed.
    """
    if not requested:
        return "", None
    if (
        len(requested) > MAX_REQUEST_HEADERS_LENGTH
        or requested.count(",") >= MAX_REQUEST_HEADERS_ITEMS
    ):
        return "", Reason.INVALID_REQUEST_HEADERS
    # The value is a list (https://fetch.spec.whatwg.org/#http-new-header-syntax)
    # whose empty elements ("a,,b") a recipient ignores
    # (https://www.rfc-editor.org/rfc/rfc9110#section-5.6.1.2).
    names = [name for name in (item.strip(" \t") for item in requested.split(",")) if name]
    # Header names are tokens (https://fetch.spec.whatwg.org/#http-new-header-syntax,
    # https://www.rfc-editor.org/rfc/rfc9110#section-5.6.2). Checking item by
    # item with a token regex, which cannot backtrack, keeps the cost linear
    # in the length of even a hostile value.
    if not all(TOKEN.fullmatch(name) for name in names):
        return "", Reason.INVALID_REQUEST_HEADERS
    if allow.matches_all:
        return ", ".join(sorted(names)), None
    if not allow.bounded:
        matching = [name for name in names if allow.matches(name)]
    else:
        if budget is None:
            budget = RegexBudget()
        # Each name costs little (a proven-cheap set reads no clock), but a
        # hundred of them may not: the budget is asked before each.
        matching = []
        for name in names:
            if budget.remaining() <= 0:
                budget.exhausted.extend(regex.pattern for regex in allow.bounded)
                break
            if allow.matches(name, budget):
                matching.append(name)
    if len(matching) == len(names):
        return ", ".join(sorted(matching)), None
    reason = Reason.REGEX_BUDGET if budget and budget.exhausted else Reason.HEADERS_NOT_ALLOWED
    return ", ".join(sorted(matching)), reason


def _bool(value: bool) -> str:
    return "true" if value else "false"
