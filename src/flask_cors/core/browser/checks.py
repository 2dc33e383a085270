"""The browser's checks of one response: the CORS check, the preflight's, what is readable.

Each function here judges one response against one request, in Chromium's
order and words; :func:`~flask_cors.core.browser.fetch` calls them for
every response of a fetch (the preflights, the redirects, the last).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from attrs import frozen

from ..constants import (
    ACL_ALLOW_HEADERS,
    ACL_CREDENTIALS,
    ACL_EXPOSE_HEADERS,
    ACL_MAX_AGE,
    ACL_METHODS,
    ACL_ORIGIN,
)
from ..patterns import TOKEN
from ..urls import is_url
from .headers import is_safelisted_method, strip, unsafe_request_header_names
from .messages import CorsFailure
from .request import BrowserRequest
from .wire import BrowserResponse

__all__ = [
    "CHROMIUM_MAX_AGE_CAP",
    "DEFAULT_MAX_AGE",
    "FORBIDDEN_RESPONSE_HEADERS",
    "REDIRECT_STATUSES",
    "PreflightAnswer",
    "basic_headers",
    "check_preflight",
    "conflicting_headers",
    "cors_check",
    "location",
    "method_refused",
    "readable_headers",
    "refused_headers",
    "token_list",
]

#: How long a preflight answer is cached without ``Access-Control-Max-Age``:
#: https://fetch.spec.whatwg.org/#http-access-control-max-age (5 seconds).
DEFAULT_MAX_AGE: Final = 5
#: The longest Chromium caches a preflight answer, whatever max-age says
#: (2 hours); the standard lets a browser cap it
#: (https://fetch.spec.whatwg.org/#concept-cache).
CHROMIUM_MAX_AGE_CAP: Final = 7200
#: https://fetch.spec.whatwg.org/#redirect-status
REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})

# https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name
_SAFELISTED_RESPONSE_HEADERS: Final = frozenset(
    {
        "cache-control",
        "content-language",
        "content-length",
        "content-type",
        "expires",
        "last-modified",
        "pragma",
    }
)
# https://fetch.spec.whatwg.org/#forbidden-response-header-name: never
# readable, not even under "Access-Control-Expose-Headers: *".
FORBIDDEN_RESPONSE_HEADERS: Final = frozenset({"set-cookie", "set-cookie2"})
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")


@frozen
class PreflightAnswer:
    """What a preflight allowed, as the browser keeps it in its cache.

    Attributes:
        methods: The methods of ``Access-Control-Allow-Methods``, as written.
        headers: The header names of ``Access-Control-Allow-Headers``, lower-case.
        credentials: Whether the preflight was for a credentialed request.
        max_age: Seconds to keep it: ``Access-Control-Max-Age`` capped at
            :data:`CHROMIUM_MAX_AGE_CAP`, :data:`DEFAULT_MAX_AGE` without one,
            0 (not kept) for 0 or a negative value.
        asked_max_age: The ``Access-Control-Max-Age`` it asked for, when it
            gave a number, before Chromium's cap.

    """

    methods: frozenset[str]
    headers: frozenset[str]
    credentials: bool
    max_age: int
    asked_max_age: int | None = None


# Headers Chromium's network stack refuses to see twice with different
# values, against response splitting; each fails the fetch whatever else
# the response says.
_SINGLE_HEADERS: Final = (
    ("content-length", CorsFailure.MULTIPLE_CONTENT_LENGTH),
    ("content-disposition", CorsFailure.MULTIPLE_CONTENT_DISPOSITION),
    ("location", CorsFailure.MULTIPLE_LOCATION),
)


def conflicting_headers(response: BrowserResponse) -> CorsFailure | None:
    """Return the network error of a response with two different values of one header, or None.

    Chromium refuses a response (a preflight's too) with several different
    ``Content-Length``, ``Content-Disposition`` or ``Location`` values
    (checked in that order; values compared without surrounding
    whitespace); repeats of one value pass. The Fetch standard leaves this
    to HTTP.
    """
    for name, error in _SINGLE_HEADERS:
        values = {strip(value) for key, value in response.headers if key.lower() == name}
        if len(values) > 1:
            return error
    return None


def location(response: BrowserResponse) -> str | None:
    """Return where a response redirects: its ``Location``, if it is a redirect, or None.

    A redirect is a redirect status (https://fetch.spec.whatwg.org/#redirect-status)
    with a ``Location``. Chromium takes an empty ``Location`` for none (the
    Fetch standard would resolve ``""`` to the URL itself), and of several
    (all one value, else :func:`conflicting_headers` refused the response)
    the first that is not empty.
    """
    if response.status not in REDIRECT_STATUSES:
        return None
    for name, value in response.headers:
        if name.lower() == "location" and strip(value):
            return strip(value)
    return None


def token_list(value: str | None) -> frozenset[str] | None:
    """Parse a list header as Chromium does: tokens, empty items skipped; None if any is not.

    An absent header is the empty list.
    """
    if value is None:
        return frozenset()
    tokens = [item for item in (strip(part) for part in value.split(",")) if item]
    if not all(TOKEN.fullmatch(token) for token in tokens):
        return None
    return frozenset(tokens)


def cors_check(
    request: BrowserRequest, response: BrowserResponse
) -> tuple[CorsFailure, str] | None:
    """Return what fails the CORS check of a response, with the value to name, or None.

    https://fetch.spec.whatwg.org/#cors-check: ``Access-Control-Allow-Origin``
    must be ``*`` (not with credentials) or the request's origin
    (``request.origin``; ``null`` after a redirect to another origin), byte
    for byte, as one value; with credentials ``Access-Control-Allow-Credentials``
    must be ``true``. Chromium tells apart a missing header, several values,
    a value that is no URL and another origin.
    """
    value = response.get(ACL_ORIGIN)
    if value is None:
        return CorsFailure.MISSING_ALLOW_ORIGIN, ""
    if value == "*":
        if request.includes_credentials:
            return CorsFailure.WILDCARD_WITH_CREDENTIALS, value
        return None
    if value != request.origin:
        if " " in value or "," in value:
            return CorsFailure.MULTIPLE_ALLOW_ORIGIN, value
        # Chromium asks its URL parser: "foo" and "http://" are no URLs
        # ("invalid value"), "localhost:3000" is one, of the scheme "localhost".
        if value != "null" and not is_url(value):
            return CorsFailure.INVALID_ALLOW_ORIGIN, value
        return CorsFailure.ALLOW_ORIGIN_MISMATCH, value
    if request.includes_credentials:
        credentials = response.get(ACL_CREDENTIALS)
        if credentials != "true":
            return CorsFailure.INVALID_ALLOW_CREDENTIALS, credentials or ""
    return None


def _max_age(value: str | None) -> tuple[int, int | None]:
    # https://fetch.spec.whatwg.org/#http-access-control-max-age; Chromium
    # reads an integer (a negative one as 0) and ignores anything else.
    if value is None or not _INTEGER.fullmatch(value):
        return DEFAULT_MAX_AGE, None
    asked = int(value)
    return max(0, min(asked, CHROMIUM_MAX_AGE_CAP)), asked


def method_refused(answer: PreflightAnswer, method: str) -> bool:
    """Whether a preflight answer leaves the method out (``*`` counts only without credentials)."""
    if method in answer.methods or is_safelisted_method(method):
        return False
    return answer.credentials or "*" not in answer.methods


def refused_headers(answer: PreflightAnswer, names: tuple[str, ...]) -> tuple[str, ...]:
    """Return the unsafe request headers a preflight answer leaves out, in sorted order."""
    if not answer.credentials and "*" in answer.headers:
        # Chromium lets "*" cover Authorization too (see AUTHORIZATION_DEPARTURE).
        return ()
    return tuple(name for name in names if name not in answer.headers)


def check_preflight(
    request: BrowserRequest, preflight: BrowserResponse
) -> PreflightAnswer | tuple[CorsFailure, str]:
    """Judge a preflight's answer: what it allows, or what fails and the value to name.

    https://fetch.spec.whatwg.org/#cors-preflight-fetch-0, in Chromium's
    order: a redirect, the CORS check, the ok status (200-299), parsing
    ``Access-Control-Allow-Methods`` then ``Access-Control-Allow-Headers``,
    then the method (compared byte for byte; ``*`` only without
    credentials) and each unsafe request header (``*`` only without
    credentials). Of several refused headers the model names the first in
    sorted order; Chromium names one in an order of its own (a hash map's).
    """
    if location(preflight) is not None:
        return CorsFailure.PREFLIGHT_REDIRECT, ""
    failure = cors_check(request, preflight)
    if failure is not None:
        return failure
    if not 200 <= preflight.status < 300:
        return CorsFailure.PREFLIGHT_STATUS, ""
    methods = token_list(preflight.get(ACL_METHODS))
    if methods is None:
        return CorsFailure.INVALID_ALLOW_METHODS, ""
    headers = token_list(preflight.get(ACL_ALLOW_HEADERS))
    if headers is None:
        return CorsFailure.INVALID_ALLOW_HEADERS, ""
    max_age, asked = _max_age(preflight.get(ACL_MAX_AGE))
    answer = PreflightAnswer(
        methods=methods,
        headers=frozenset(name.lower() for name in headers),
        credentials=request.includes_credentials,
        max_age=max_age,
        asked_max_age=asked,
    )
    if method_refused(answer, request.method):
        return CorsFailure.METHOD_NOT_ALLOWED, request.method
    refused = refused_headers(answer, unsafe_request_header_names(request.header_list))
    if refused:
        return CorsFailure.HEADER_NOT_ALLOWED, refused[0]
    return answer


def readable_headers(
    request: BrowserRequest, response: BrowserResponse
) -> tuple[tuple[str, str], ...]:
    """Return the response headers a page can read, by lower-case name, sorted.

    https://fetch.spec.whatwg.org/#concept-filtered-response-cors: the
    safelisted names (https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
    and those of ``Access-Control-Expose-Headers``, all of them for ``*``
    without credentials; never ``Set-Cookie``. A list that does not parse
    exposes nothing.
    """
    exposed = token_list(response.get(ACL_EXPOSE_HEADERS)) or frozenset()
    names = {name.lower() for name in exposed}
    everything = "*" in names and not request.includes_credentials
    return _collect(response, lambda lower: everything or lower in names)


def basic_headers(response: BrowserResponse) -> tuple[tuple[str, str], ...]:
    """Return the headers a page reads of a same-origin response: all but ``Set-Cookie``.

    https://fetch.spec.whatwg.org/#concept-filtered-response-basic
    """
    return _collect(response, lambda lower: True)


def _collect(
    response: BrowserResponse, exposed: Callable[[str], bool]
) -> tuple[tuple[str, str], ...]:
    values: dict[str, list[str]] = {}
    for name, value in response.headers:
        lower = name.lower()
        if lower in FORBIDDEN_RESPONSE_HEADERS:
            continue
        if lower in _SAFELISTED_RESPONSE_HEADERS or exposed(lower):
            values.setdefault(lower, []).append(strip(value))
    return tuple(sorted((name, ", ".join(parts)) for name, parts in values.items()))
