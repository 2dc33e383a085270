"""The :class:`Decision` that decide() returns, and the :class:`Reason` codes.

A decision is the server's side of the CORS protocol for one request: the
response header lines (https://fetch.spec.whatwg.org/#http-responses) and
why the request was or was not allowed.
"""

from __future__ import annotations

import enum

from attrs import frozen

__all__ = [
    "Decision",
    "Reason",
]


class Reason(enum.Enum):
    """Why a request got the decision it got.

    Constants rather than formatted text, so deciding stays cheap; turning
    them into sentences is a separate step.
    """

    #: The CORS request is allowed.
    ALLOWED = "allowed"
    #: No ``Origin`` header: not a CORS request
    #: (https://fetch.spec.whatwg.org/#cors-request).
    NO_ORIGIN = "no-origin"
    #: The origin is not among the allowed origins.
    ORIGIN_NOT_ALLOWED = "origin-not-allowed"
    #: The ``Origin`` header cannot be an origin (too long, control or
    #: non-ASCII characters, a list of several origins).
    INVALID_ORIGIN = "invalid-origin"
    #: The preflight asks for a method that is not allowed.
    METHOD_NOT_ALLOWED = "method-not-allowed"
    #: The preflight asks for headers that are not all allowed.
    HEADERS_NOT_ALLOWED = "headers-not-allowed"
    #: ``Access-Control-Request-Headers`` is malformed or too long.
    INVALID_REQUEST_HEADERS = "invalid-request-headers"
    #: The preflight asks for private network access, which is not allowed.
    PRIVATE_NETWORK_NOT_ALLOWED = "private-network-not-allowed"
    #: A configured regex did not finish within the request's regex budget
    #: (:data:`~flask_cors.core.bounded.REGEX_BUDGET_SECONDS`), so what it
    #: would have allowed is not allowed.
    REGEX_BUDGET = "regex-budget"
    #: An origin function (:class:`~flask_cors.core.checks.OriginCheck`)
    #: raised or did not answer ``True`` or ``False``, which refuses the
    #: origin; the request's budget holds what it raised
    #: (:attr:`~flask_cors.core.bounded.RegexBudget.failed`).
    ORIGIN_CHECK_FAILED = "origin-check-failed"


@frozen
class Decision:
    """What to do with one request's response.

    Attributes:
        headers: The headers to add to the response, in order, as
            ``(name, value)`` pairs. A name may repeat.
        is_cors: Whether the request carried an ``Origin`` header.
        is_preflight: Whether it was a CORS preflight: ``OPTIONS`` with
            ``Origin`` and ``Access-Control-Request-Method``.
        allowed: Whether the CORS request is allowed in full; ``False`` for
            a request that is not a CORS request.
        reason: Why; :attr:`Reason.ALLOWED` when allowed.

    """

    headers: tuple[tuple[str, str], ...]
    is_cors: bool
    is_preflight: bool
    allowed: bool
    reason: Reason
