"""decide(): the CORS protocol's server side, as one pure function.

Theory of operation. The Fetch standard's CORS protocol
(https://fetch.spec.whatwg.org/#http-cors-protocol) has the server answer
two kinds of request. A CORS request carries ``Origin``; the server answers
with ``Access-Control-Allow-Origin`` (and friends) if the origin may read
the response. A preflight is an ``OPTIONS`` request with
``Origin`` and ``Access-Control-Request-Method``, sent by the browser before
a request that is not "simple"; the server answers with the methods and
headers it allows and how long that answer may be cached.

Everything that depends only on the configuration was computed when the
:class:`~flask_cors.core.Policy` was built; here only the request-dependent
part is done. The headers produced, and their order, are those of
flask-cors 6.0.5 for the same configuration and request, except for the
deliberate differences listed in the docs' migration page.

Request headers are attacker-controlled. They are checked for size and
syntax before any user regex sees them, and a malformed value is refused,
never matched and never echoed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from .constants import ACL_ALLOW_HEADERS, ACL_METHODS, ACL_ORIGIN, ACL_RESPONSE_PRIVATE_NETWORK
from .decision import Decision, Reason
from .patterns import TOKEN
from .policy import Header, Policy
from .request import RequestInfo, is_preflight

#: Longest ``Origin`` considered. A browser's is a scheme, ``://``, a host of
#: at most 253 characters and a port; a longer value is no browser's, and
#: the bound keeps the work any configured regex can do on it small (see
#: :mod:`flask_cors.core.redos`).
MAX_ORIGIN_LENGTH: Final = 300
#: Longest ``Access-Control-Request-Headers`` considered.
MAX_REQUEST_HEADERS_LENGTH: Final = 4096
#: Most header names one preflight may ask for. Browsers list only the
#: page's non-safelisted headers; a hundred is far beyond real pages, and
#: the bound keeps a hostile preflight cheap.
MAX_REQUEST_HEADERS_ITEMS: Final = 100

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


def decide(policy: Policy, info: RequestInfo) -> Decision:
    """Decide which CORS headers a response to ``info`` gets under ``policy``.

    Never raises for any request: malformed input is refused with a reason.
    Never emits a value containing CR, LF or NUL, never allows an origin the
    policy does not allow, and never pairs ``Access-Control-Allow-Origin: *``
    with ``Access-Control-Allow-Credentials: true``.

    The result depends only on the arguments. It is memoized per policy
    (at most :data:`MEMO_SIZE` entries, short header values only), which
    changes its cost, never its answer.
    """
    return _remembered(
        policy,
        info.method,
        info.origin,
        info.request_method,
        info.request_headers,
        info.private_network,
    )


def decide_environ(policy: Policy, environ: Mapping[str, Any]) -> Decision:
    """Decide the request in a WSGI environ (PEP 3333) under ``policy``.

    The same decision as ``decide(policy, RequestInfo.from_environ(environ))``,
    but a decision remembered for the same header values is found straight
    from the environ, and none needs the snapshot built: servers and
    adapters call this on every request.
    """
    get = environ.get
    method = get("REQUEST_METHOD")
    origin = get("HTTP_ORIGIN")
    request_method = get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")
    requested = get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS")
    private_network = get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK") == "true"
    try:
        # _memorable(), inlined: every request runs this.
        if (
            (origin is None or len(origin) <= _MEMO_MAX_VALUE)
            and (request_method is None or len(request_method) <= _MEMO_MAX_VALUE)
            and (requested is None or len(requested) <= _MEMO_MAX_VALUE)
        ):
            # The memo's key, as _remembered() builds it, for the method as
            # sent: a lower-case spelling misses here and is found there.
            key = (method, origin, request_method, requested, private_network)
            found = policy._decisions.get(key)
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
        return _remembered(
            policy, method.upper(), origin, request_method, requested, private_network
        )
    # Values that are not text: the snapshot turns them into text.
    return decide(policy, RequestInfo.from_environ(environ))


def _remembered(
    policy: Policy,
    method: str,
    origin: str | None,
    request_method: str | None,
    requested: str | None,
    private_network: bool,
) -> Decision:
    """Decide from the memo when it has the answer, else afresh, remembering the answer."""
    if not _memorable(origin, request_method, requested):
        return _decide(policy, method, origin, request_method, requested, private_network)
    key = (method, origin, request_method, requested, private_network)
    memo = policy._decisions
    found = memo.get(key)
    if found is not None:
        return found
    decision = _decide(policy, method, origin, request_method, requested, private_network)
    if len(memo) >= MEMO_SIZE:
        # Clearing beats eviction bookkeeping: a full memo means traffic is
        # not repetitive, and the memo refills with what is.
        memo.clear()
    memo[key] = decision
    return decision


def _memorable(origin: str | None, method: str | None, requested: str | None) -> bool:
    """Whether a request's header values are short enough for the memo.

    Long values are decided afresh every time, and never hashed: hostile
    input cannot fill the memo with large strings.
    """
    return (
        (origin is None or len(origin) <= _MEMO_MAX_VALUE)
        and (method is None or len(method) <= _MEMO_MAX_VALUE)
        and (requested is None or len(requested) <= _MEMO_MAX_VALUE)
    )


def _decide(
    policy: Policy,
    method: str,
    origin: str | None,
    request_method: str | None,
    requested: str | None,
    private_network: bool,
) -> Decision:
    preflight = is_preflight(method, origin, request_method)
    if not origin:
        # Not a CORS request. flask-cors's always_send still answers it, so
        # that a cached response carries the headers.
        if not policy._without_origin:
            return Decision(policy._vary, False, False, False, Reason.NO_ORIGIN)
        allow_origin = policy._without_origin
        is_cors = False
        reason = Reason.NO_ORIGIN
    elif policy._send_wildcard:
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
            return Decision(policy._vary, True, preflight, False, Reason.INVALID_ORIGIN)
        # "*" does not cover the opaque origin "null" in any letter case
        # (the length check first spares other origins a lower-cased copy).
        if len(origin) == 4 and origin.lower() == "null":
            allowed = policy._null_allowed
        else:
            allowed = policy.origins.matches(origin)
        if not allowed:
            return Decision(policy._vary, True, preflight, False, Reason.ORIGIN_NOT_ALLOWED)
        allow_origin = (origin,)
        is_cors = True
        reason = Reason.ALLOWED

    # Empty values are never sent (origins=[""] answers a request without
    # Origin with the other headers only, as flask-cors did).
    headers: list[Header] = [(ACL_ORIGIN, value) for value in allow_origin if value]
    headers.extend(policy._common_headers)
    if private_network:
        # Private Network Access draft
        # (https://wicg.github.io/private-network-access/#headers): answer
        # the request header either way, so the browser learns the answer.
        headers.append((ACL_RESPONSE_PRIVATE_NETWORK, _bool(policy.allow_private_network)))
        if not policy.allow_private_network and is_cors:
            reason = Reason.PRIVATE_NETWORK_NOT_ALLOWED
    if method == "OPTIONS" and request_method:
        # https://fetch.spec.whatwg.org/#cors-preflight-fetch: the method
        # must be listed, and every requested header.
        # Method names are short tokens: a long value is refused unread.
        if (
            len(request_method) <= _MAX_METHOD
            and request_method.isascii()
            and request_method.upper() in policy._method_names
        ):
            allowed_headers, header_reason = _allowed_headers(policy, requested)
            if allowed_headers:
                headers.append((ACL_ALLOW_HEADERS, allowed_headers))
            if request_method in policy._method_names:
                headers.extend(policy._preflight_headers)
            else:
                headers.extend(_with_method(policy._preflight_headers, request_method))
            if header_reason is not None and reason is Reason.ALLOWED and is_cors:
                reason = header_reason
        elif reason is Reason.ALLOWED:
            reason = Reason.METHOD_NOT_ALLOWED
    headers.extend(policy._vary)
    return Decision(tuple(headers), is_cors, preflight, reason is Reason.ALLOWED, reason)


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


def _allowed_headers(policy: Policy, requested: str | None) -> tuple[str, Reason | None]:
    """Return the requested headers that are allowed, joined, and why not all are."""
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
    allow = policy.allow_headers
    if allow.matches_all:
        return ", ".join(sorted(names)), None
    matching = [name for name in names if allow.matches(name)]
    reason = None if len(matching) == len(names) else Reason.HEADERS_NOT_ALLOWED
    return ", ".join(sorted(matching)), reason


def _bool(value: bool) -> str:
    return "true" if value else "false"
