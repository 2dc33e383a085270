"""Joining a decision's header lines to the lines a response already has.

A view, another middleware or a second CORS layer may have set some CORS
headers itself. Repeating a single-valued one (``Access-Control-Allow-Origin``,
``Access-Control-Allow-Credentials``, ...) makes browsers refuse the response
(Fetch, section 3.2.5, "CORS check": the value must be exactly one origin),
so a line whose name the response has is not added again. ``Vary`` is a list
(RFC 9110, section 12.5.5): ``Vary: Origin`` is added beside another ``Vary``
line unless that one already names ``Origin`` or is ``*``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

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
from .policy import Header

#: The lower-cased names of every header a :class:`~flask_cors.core.Decision`
#: can hold. A response with none of them takes a decision's lines as they are.
DECISION_HEADERS: Final = frozenset(
    name.lower()
    for name in (
        ACL_ORIGIN,
        ACL_CREDENTIALS,
        ACL_EXPOSE_HEADERS,
        ACL_ALLOW_HEADERS,
        ACL_METHODS,
        ACL_MAX_AGE,
        ACL_RESPONSE_PRIVATE_NETWORK,
        VARY,
    )
)


def lines_to_add(lines: Iterable[Header], existing: Iterable[Header]) -> list[Header]:
    """Return the decision's ``lines`` that a response with the ``existing`` lines lacks.

    Names compare case-insensitively. The order of ``lines`` is kept.
    """
    existing = list(existing)
    present = {lower for name, _ in existing if (lower := name.lower()) in DECISION_HEADERS}
    if not present:
        return list(lines)
    varies = "vary" in present and varies_on_origin(
        value for name, value in existing if name.lower() == "vary"
    )
    return [
        (name, value)
        for name, value in lines
        if not (varies if name.lower() == "vary" else name.lower() in present)
    ]


def varies_on_origin(values: Iterable[str]) -> bool:
    """Whether ``Vary`` lines with these values already cover ``Origin`` (or are ``*``)."""
    return any(
        token.strip().lower() in ("origin", "*") for value in values for token in value.split(",")
    )
