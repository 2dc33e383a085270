"""What a page may send without a preflight: methods and request headers.

A cross-origin ``fetch()`` goes without a preflight only when its method is
CORS-safelisted and every header the page set is a CORS-safelisted request
header (https://fetch.spec.whatwg.org/#cors-safelisted-request-header).
Chromium safelists a few client hints too, which the standard does not; the
verdict names that departure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from ..patterns import TOKEN

__all__ = [
    "CONDITIONAL_HEADERS",
    "FORBIDDEN_REQUEST_HEADERS",
    "REDIRECT_DROPPED_HINTS",
    "REQUEST_BODY_HEADERS",
    "author_headers",
    "client_hints",
    "is_read_only_method",
    "is_safelisted_method",
    "is_safelisted_request_header",
    "normalize_method",
    "strip",
    "unsafe_request_header_names",
]

# https://fetch.spec.whatwg.org/#cors-safelisted-method
_SAFELISTED_METHODS: Final = frozenset({"GET", "HEAD", "POST"})
# https://httpwg.org/specs/rfc9110.html#safe.methods
_SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# https://fetch.spec.whatwg.org/#concept-method-normalize: only these are
# upper-cased; any other method goes out exactly as the page wrote it.
_NORMALIZED_METHODS: Final = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})

#: The request headers ``fetch()`` drops silently when a page sets them
#: (https://fetch.spec.whatwg.org/#forbidden-request-header), with any name
#: starting ``Proxy-`` or ``Sec-``.
FORBIDDEN_REQUEST_HEADERS: Final = frozenset(
    {
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    }
)
#: The headers that make a ``"default"`` cache mode validate
#: (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch); Chromium
#: then bypasses its preflight cache too.
CONDITIONAL_HEADERS: Final = frozenset(
    {"if-modified-since", "if-none-match", "if-unmodified-since", "if-match", "if-range"}
)
#: The headers a redirect drops with the body when it turns the method into
#: GET (https://fetch.spec.whatwg.org/#request-body-header-name).
REQUEST_BODY_HEADERS: Final = frozenset(
    {"content-encoding", "content-language", "content-location", "content-type"}
)
# https://fetch.spec.whatwg.org/#cors-safelisted-request-header: the MIME
# types a Content-Type may have without a preflight.
_SAFELISTED_CONTENT_TYPES: Final = frozenset(
    {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)
# https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte
_UNSAFE_BYTES: Final = frozenset(
    {chr(c) for c in range(0x20) if c != 0x09} | set('"():<>?@[\\]{}') | {"\x7f"}
)
# Accept-Language and Content-Language may hold only these.
_LANGUAGE_CHARS: Final = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz *,-.;="
)
# Chromium departs from the standard here: it safelists these client hints
# too (checked in tests/browser: "DPR: 2" or "Save-Data: on" go without a
# preflight), when their values are well formed.
_NUMERIC_HINTS: Final = frozenset(
    {"device-memory", "downlink", "dpr", "rtt", "viewport-width", "width"}
)
_ECT_VALUES: Final = frozenset({"slow-2g", "2g", "3g", "4g"})
#: The client hints Chromium drops from a request when it follows a redirect
#: to another origin than the page's (whatever their values; checked in
#: Chromium 156): a third party gets only those the page delegates to it.
#: Save-Data stays.
REDIRECT_DROPPED_HINTS: Final = _NUMERIC_HINTS | {"ect"}
_NUMBER: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# https://fetch.spec.whatwg.org/#simple-range-header-value: "bytes=N-" or
# "bytes=N-M" with N <= M; a suffix range ("bytes=-N") needs a preflight.
_RANGE: Final = re.compile(r"bytes=([0-9]+)-([0-9]*)")
# https://fetch.spec.whatwg.org/#http-whitespace
_HTTP_WHITESPACE: Final = " \t\r\n"


def strip(value: str) -> str:
    """Return a header value without leading and trailing HTTP whitespace.

    https://fetch.spec.whatwg.org/#concept-header-value-normalize
    """
    return value.strip(_HTTP_WHITESPACE)


def normalize_method(method: str) -> str:
    """Return the method as ``fetch()`` sends it: the six standard names upper-cased.

    https://fetch.spec.whatwg.org/#concept-method-normalize: ``"patch"``
    stays ``"patch"``, and a server must list it exactly so.
    """
    upper = method.upper()
    return upper if upper in _NORMALIZED_METHODS else method


def is_safelisted_method(method: str) -> bool:
    """Whether a method never needs a preflight: https://fetch.spec.whatwg.org/#cors-safelisted-method."""
    return method in _SAFELISTED_METHODS


def is_read_only_method(method: str) -> bool:
    """Whether a request with this method only reads: GET and HEAD.

    Such a method is both safe (https://httpwg.org/specs/rfc9110.html#safe.methods:
    the client asks for no change on the server) and CORS-safelisted
    (https://fetch.spec.whatwg.org/#cors-safelisted-method: a page sends it
    without a preflight). ``OPTIONS`` is safe but is the preflight's own
    method, and ``TRACE`` is a forbidden method
    (https://fetch.spec.whatwg.org/#forbidden-method) no page can send.
    """
    return method in _SAFE_METHODS and is_safelisted_method(method)


def author_headers(
    headers: Iterable[tuple[str, str]] | Mapping[str, str],
) -> tuple[tuple[str, str], ...]:
    """Return the headers a page sets as ``fetch()`` keeps them.

    Forbidden request headers are dropped; each value loses its leading and
    trailing whitespace (https://fetch.spec.whatwg.org/#concept-header-value-normalize);
    a name set twice, in any case, is one header under its first spelling,
    its values joined with ", "
    (https://fetch.spec.whatwg.org/#concept-header-list-combine).
    """
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    kept: dict[str, tuple[str, str]] = {}
    for name, value in pairs:
        lower = name.lower()
        if lower in FORBIDDEN_REQUEST_HEADERS or lower.startswith(("proxy-", "sec-")):
            continue
        value = strip(value)
        if lower in kept:
            first, joined = kept[lower]
            value = f"{joined}, {value}"
            name = first
        kept[lower] = (name, value)
    return tuple(kept.values())


def _client_hint(name: str, value: str) -> bool:
    if name in _NUMERIC_HINTS:
        return _NUMBER.fullmatch(value) is not None
    if name == "ect":
        return value in _ECT_VALUES
    return name == "save-data" and value == "on"


def _mime_essence(value: str) -> str | None:
    # https://mimesniff.spec.whatwg.org/#parse-a-mime-type, as far as the
    # essence: type "/" subtype, both tokens; parameters follow a ";".
    essence = strip(value.split(";", 1)[0])
    kind, slash, subtype = essence.partition("/")
    if not slash or not TOKEN.fullmatch(kind) or not TOKEN.fullmatch(subtype):
        return None
    return essence.lower()


def is_safelisted_request_header(name: str, value: str) -> bool:
    """Whether Chromium sends a header without a preflight.

    https://fetch.spec.whatwg.org/#cors-safelisted-request-header: at most
    128 bytes; ``Accept`` without a CORS-unsafe byte; ``Accept-Language``
    and ``Content-Language`` of letters, digits and `` *,-.;=``;
    ``Content-Type`` whose MIME type is ``text/plain``,
    ``multipart/form-data`` or ``application/x-www-form-urlencoded``;
    ``Range`` with one ``bytes=N-`` or ``bytes=N-M``. Chromium adds client
    hints (``DPR``, ``Width``, ``Save-Data: on``...), which the standard
    does not.
    """
    lower = name.lower()
    if len(value.encode()) > 128:
        return False
    if lower == "accept":
        return not any(char in _UNSAFE_BYTES for char in value)
    if lower in ("accept-language", "content-language"):
        return all(char in _LANGUAGE_CHARS for char in value)
    if lower == "content-type":
        if any(char in _UNSAFE_BYTES for char in value):
            return False
        return _mime_essence(value) in _SAFELISTED_CONTENT_TYPES
    if lower == "range":
        match = _RANGE.fullmatch(value)
        return match is not None and (not match[2] or int(match[1]) <= int(match[2]))
    return _client_hint(lower, value)


def unsafe_request_header_names(headers: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Return the request headers that need a preflight: lower-case, sorted, once each.

    https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names: the
    headers that are not safelisted, and all of them when the safelisted
    values add up to more than 1024 bytes. This is the value of the
    preflight's ``Access-Control-Request-Headers``, joined with ",".
    """
    unsafe: set[str] = set()
    safelisted: set[str] = set()
    size = 0
    for name, value in headers:
        if is_safelisted_request_header(name, value):
            safelisted.add(name.lower())
            size += len(value.encode())
        else:
            unsafe.add(name.lower())
    if size > 1024:
        unsafe |= safelisted
    return tuple(sorted(unsafe))


def client_hints(headers: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Return the client hints Chromium safelists and the standard does not: lower-case, sorted."""
    return tuple(
        sorted(
            name.lower()
            for name, value in headers
            if _client_hint(name.lower(), value) and is_safelisted_request_header(name, value)
        )
    )
