"""The differential oracle: flask-cors 6.0.5's ``get_cors_headers``, where the answers should agree.

The reference is loaded as the differential tests and the benchmarks load
it (the top-level ``reference`` package: the released wheel, cached outside
the repository). Our headers must equal its headers for the same configuration
and request, except where docs/migration.md documents a deliberate
difference. :func:`skip_reason` names the difference that makes a case
incomparable, so the fuzzer compares every other case; ``Vary: Origin`` is
left out of the comparison (difference (f)) and checked by the model
instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Final

from werkzeug.datastructures import Headers

from flask_cors.core import RequestInfo
from reference import Reference

from .model import VARY_ORIGIN, Configured, Kind, requested_names, valid_origin

HeaderList = list[tuple[str, str]]

_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")


class Mismatch(AssertionError):
    """Ours and the reference answered differently outside the documented differences."""


def reference_options(reference: Reference, configured: Configured) -> Any | None:
    """Return the reference's parsed options, or ``None`` if it rejects the configuration."""
    core = reference.core
    try:
        return core.serialize_options({**core.DEFAULT_OPTIONS, **configured.options})
    except (ValueError, TypeError):
        return None


def reference_headers(reference: Reference, options: Any, info: RequestInfo) -> HeaderList:
    """Return flask-cors 6.0.5's headers for a request, under its parsed options."""
    named = (
        ("Origin", info.origin),
        ("Access-Control-Request-Method", info.request_method),
        ("Access-Control-Request-Headers", info.request_headers),
        ("Access-Control-Request-Private-Network", "true" if info.private_network else None),
    )
    sent = Headers([(name, value) for name, value in named if value is not None])
    produced = reference.core.get_cors_headers(options, sent, info.method)
    return [(str(name), str(value)) for name, value in produced.items(multi=True)]


def skip_reason(configured: Configured, options: Any, info: RequestInfo) -> str | None:
    """Return the documented difference that makes this case incomparable, or ``None``.

    The letters are those of the differential suite's named differences
    (tests/differential), each a section of docs/migration.md.
    """
    if any(kind is Kind.WILDCARD for kind, _ in configured.origins):
        return "(i) wildcard origin patterns"
    values = (info.origin, info.request_method, info.request_headers)
    if any(value is not None and _CONTROL.search(value) for value in values):
        # No HTTP server delivers CR, LF or NUL in a header value, and
        # Werkzeug's Headers refuses them; the model checks ours alone.
        return "(c) control characters in a request header"
    if info.origin and not valid_origin(info.origin):
        return "(c) malformed Origin"
    if info.origin is not None and info.origin.lower() == "null":
        return "(g) null not allowed by '*'"
    if info.method == "OPTIONS" and info.request_method:
        method = info.request_method
        ours = method.isascii() and method.upper() in configured.methods()
        theirs = method.upper() in str(options.methods or "")
        if ours != theirs:
            return "(a) methods match by exact membership"
        if ours and method != method.upper():
            return "(h) requested method spelling"
        if ours and _zero_max_age(configured.options.get("max_age")):
            return "(d) max_age=0 is sent"
        requested = info.request_headers
        if ours and requested:
            if requested_names(requested) is None:
                return "(c) malformed Access-Control-Request-Headers"
            if any(not item.strip(" \t") for item in requested.split(",")):
                return "(b) empty request header items are ignored"
    return None


def _zero_max_age(value: object) -> bool:
    if isinstance(value, timedelta):
        return int(value.total_seconds()) == 0
    return value is not None and not isinstance(value, bool) and value in (0, "0")


def without_vary(headers: Sequence[tuple[str, str]]) -> HeaderList:
    """Return the headers without ``Vary: Origin``, which difference (f) changes."""
    return [header for header in headers if header != VARY_ORIGIN]


def compare(
    reference: Reference,
    configured: Configured,
    options: Any,
    info: RequestInfo,
    ours: Sequence[tuple[str, str]],
) -> str | None:
    """Compare our headers with the reference's; return the skip reason, or ``None`` if compared.

    Raises:
        Mismatch: If the headers differ outside the documented differences.
    """
    reason = skip_reason(configured, options, info)
    if reason is not None:
        return reason
    theirs = without_vary(reference_headers(reference, options, info))
    mine = without_vary(ours)
    if mine != theirs:
        raise Mismatch(
            f"differs from flask-cors 6.0.5\n  options={dict(configured.options)!r}\n"
            f"  request={info!r}\n  reference={theirs!r}\n  ours=     {mine!r}"
        )
    return None
