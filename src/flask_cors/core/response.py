"""Joining a decision's header lines to the lines a response already has.

A view, another middleware or a second CORS layer may have set some CORS
headers itself. Repeating a single-valued one (``Access-Control-Allow-Origin``,
``Access-Control-Allow-Credentials``, ...) makes browsers refuse the response
(https://fetch.spec.whatwg.org/#cors-check: the value must be exactly one
origin), so a line whose name the response has is not added again. ``Vary``
is a list (https://www.rfc-editor.org/rfc/rfc9110#section-12.5.5):
``Origin`` joins the response's own ``Vary`` line, unless that already
names ``Origin`` or is ``*``.
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

__all__ = [
    "DECISION_HEADERS",
    "has_allow_origin",
    "header_changes",
    "join_lines",
    "varies_on_origin",
]


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


_ALLOW_ORIGIN: Final = ACL_ORIGIN.lower()


def has_allow_origin(lines: Iterable[Header]) -> bool:
    """Whether a response's header lines have ``Access-Control-Allow-Origin`` (any case).

    Such a response was answered already, by its view or by another CORS
    layer, and is left alone: a second value of the header would make
    browsers refuse it (https://fetch.spec.whatwg.org/#cors-check).
    """
    return any(name.lower() == _ALLOW_ORIGIN for name, _ in lines)


def join_lines(existing: Iterable[Header], lines: Iterable[Header]) -> list[Header]:
    """Return a response's header lines with a decision's ``lines`` joined in, none twice.

    A decision line whose name the response already has is left out (names
    compare case-insensitively). A decision's ``Vary: Origin`` goes into
    the response's ``Vary`` instead of a line of its own: its ``Vary`` lines
    become one line, at the first one's place, ending in ``Origin`` unless
    they already cover it (see :func:`header_changes`). Otherwise the order
    of both is kept, the decision's lines last.
    """
    existing = list(existing)
    vary, added = header_changes(existing, lines)
    if vary is None:
        return [*existing, *added]
    joined: list[Header] = []
    first = True
    for name, value in existing:
        if name.lower() != "vary":
            joined.append((name, value))
        elif first:
            joined.append((name, vary))
            first = False
    return [*joined, *added]


def header_changes(
    existing: Iterable[Header], lines: Iterable[Header]
) -> tuple[str | None, list[Header]]:
    """Return what joining a decision's ``lines`` changes in a response's ``existing`` lines.

    Returns:
        The one value the response's ``Vary`` lines become (``None``: they
        stay as they are), and the decision's lines to add, in order.
        ``Vary`` changes when the decision has ``Vary: Origin`` and the
        response has ``Vary`` lines: they become one line, because
        Werkzeug's ``response.vary`` reads only the first ``Vary`` line and
        rewrites the header from it, as Flask's session saving does
        (``vary.add("Cookie")``) after every hook. An ``Origin`` on a
        second line would be lost.
    """
    existing = list(existing)
    present = {lower for name, _ in existing if (lower := name.lower()) in DECISION_HEADERS}
    if not present:
        return None, list(lines)
    lines = list(lines)
    added = [(name, value) for name, value in lines if name.lower() not in present]
    if "vary" not in present or not any(name.lower() == "vary" for name, _ in lines):
        return None, added
    values = [value for name, value in existing if name.lower() == "vary"]
    # The decision's own Vary names, whatever they are (decide() says Origin).
    ours = [value for name, value in lines if name.lower() == "vary"]
    missing = [name for name in _names(ours) if not _varies_on(values, name)]
    if not missing and len(values) == 1:
        return None, added
    tokens = [token for value in values if (token := value.strip())]
    return ", ".join([*tokens, *missing]), added


def _varies_on(values: Iterable[str], name: str) -> bool:
    """Whether ``Vary`` lines with these values already cover ``name`` (or are ``*``)."""
    return any(token.lower() in (name.lower(), "*") for token in _names(values))


def varies_on_origin(values: Iterable[str]) -> bool:
    """Whether ``Vary`` lines with these values already cover ``Origin`` (or are ``*``)."""
    return _varies_on(values, "Origin")


def _names(values: Iterable[str]) -> list[str]:
    """The field names a list of ``Vary`` values holds, in order."""
    return [token for value in values for item in value.split(",") if (token := item.strip())]
