"""What failed, and the line Chromium prints in the console for it, word for word.

A page's JavaScript learns only ``TypeError: Failed to fetch``; the reason
is in the console. Each :class:`CorsFailure` is one reason, with Chromium
156's words for it (each checked in tests/browser against a real run).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from ..urls import escape_non_ascii

if TYPE_CHECKING:
    from .request import BrowserRequest

__all__ = ["CHROMIUM_MESSAGES", "CorsFailure", "Step", "chromium_message"]


class Step(enum.Enum):
    """Which part of a ``fetch()`` failed."""

    #: A CORS-preflight fetch: https://fetch.spec.whatwg.org/#cors-preflight-fetch
    PREFLIGHT = "preflight"
    #: The CORS check of a response (the last, or a redirect on the way):
    #: https://fetch.spec.whatwg.org/#cors-check
    RESPONSE = "response"
    #: Following a redirect: https://fetch.spec.whatwg.org/#http-redirect-fetch
    REDIRECT = "redirect"


class CorsFailure(enum.Enum):
    """What failed, one member per message Chromium prints for it."""

    #: No ``Access-Control-Allow-Origin`` at all.
    MISSING_ALLOW_ORIGIN = "missing-allow-origin"
    #: ``Access-Control-Allow-Origin: *`` on a credentialed request.
    WILDCARD_WITH_CREDENTIALS = "wildcard-with-credentials"
    #: Several values (a comma or a space) in ``Access-Control-Allow-Origin``.
    MULTIPLE_ALLOW_ORIGIN = "multiple-allow-origin"
    #: A value that is not a URL, such as ``foo``, ``http://`` or an empty header.
    INVALID_ALLOW_ORIGIN = "invalid-allow-origin"
    #: One valid value, not the request's origin (compared byte for byte;
    #: ``null`` after a redirect to another origin).
    ALLOW_ORIGIN_MISMATCH = "allow-origin-mismatch"
    #: A credentialed request without ``Access-Control-Allow-Credentials: true``.
    INVALID_ALLOW_CREDENTIALS = "invalid-allow-credentials"
    #: A preflight answered with a status outside 200-299.
    PREFLIGHT_STATUS = "preflight-status"
    #: A preflight answered with a redirect (301, 302, 303, 307, 308 with ``Location``).
    PREFLIGHT_REDIRECT = "preflight-redirect"
    #: ``Access-Control-Allow-Methods`` is not a list of tokens.
    INVALID_ALLOW_METHODS = "invalid-allow-methods"
    #: ``Access-Control-Allow-Headers`` is not a list of tokens.
    INVALID_ALLOW_HEADERS = "invalid-allow-headers"
    #: The method is not in ``Access-Control-Allow-Methods``.
    METHOD_NOT_ALLOWED = "method-not-allowed"
    #: A request header is not in ``Access-Control-Allow-Headers``.
    HEADER_NOT_ALLOWED = "header-not-allowed"
    #: A redirect under ``redirect: "error"``.
    REDIRECT_MODE_ERROR = "redirect-mode-error"
    #: A 21st redirect: fetch follows at most 20.
    TOO_MANY_REDIRECTS = "too-many-redirects"
    #: A redirect whose ``Location`` is no URL (``http://[x]/``).
    INVALID_REDIRECT = "invalid-redirect"
    #: A redirect to ``data:``, ``file:``, ``about:`` or ``blob:``, which
    #: Chromium's network stack refuses to follow.
    UNSAFE_REDIRECT = "unsafe-redirect"
    #: A redirect to ``ws:`` or ``wss:``, a scheme fetch cannot load, of a
    #: CORS request that goes on as it is (one Chromium starts again, to
    #: preflight it, with another method, or from the page's own origin, gets
    #: :attr:`REDIRECT_SCHEME`).
    UNKNOWN_URL_SCHEME = "unknown-url-scheme"
    #: A redirect to any other scheme that is not HTTP(S) (``ftp:``, ``foo:``).
    REDIRECT_SCHEME = "redirect-scheme"
    #: A redirect to a URL with a user name or password.
    REDIRECT_CREDENTIALS = "redirect-credentials"
    #: A response (a preflight's too) with several different ``Location``
    #: values, which Chromium's network stack refuses (response splitting).
    MULTIPLE_LOCATION = "multiple-location"
    #: A response with several different ``Content-Length`` values.
    MULTIPLE_CONTENT_LENGTH = "multiple-content-length"
    #: A response with several different ``Content-Disposition`` values.
    MULTIPLE_CONTENT_DISPOSITION = "multiple-content-disposition"


#: Chromium's console text for each error, after "has been blocked by CORS
#: policy: ", with ``{value}`` for the header value, method or header name
#: it names; for the errors of the network stack (a redirect it refuses,
#: too many), the whole line. Checked word for word against Chromium 156
#: (tests/browser).
CHROMIUM_MESSAGES: Final[Mapping[CorsFailure, str]] = {
    CorsFailure.MISSING_ALLOW_ORIGIN: (
        "No 'Access-Control-Allow-Origin' header is present on the requested resource."
    ),
    CorsFailure.WILDCARD_WITH_CREDENTIALS: (
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be "
        "the wildcard '*' when the request's credentials mode is 'include'."
    ),
    CorsFailure.MULTIPLE_ALLOW_ORIGIN: (
        "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only "
        "one is allowed. Have the server send the header with a valid value."
    ),
    CorsFailure.INVALID_ALLOW_ORIGIN: (
        "The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'. Have "
        "the server send the header with a valid value."
    ),
    CorsFailure.ALLOW_ORIGIN_MISMATCH: (
        "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to "
        "the supplied origin. Have the server send the header with a valid value."
    ),
    CorsFailure.INVALID_ALLOW_CREDENTIALS: (
        "The value of the 'Access-Control-Allow-Credentials' header in the response is "
        "'{value}' which must be 'true' when the request's credentials mode is 'include'."
    ),
    CorsFailure.PREFLIGHT_STATUS: "It does not have HTTP ok status.",
    CorsFailure.PREFLIGHT_REDIRECT: "Redirect is not allowed for a preflight request.",
    CorsFailure.INVALID_ALLOW_METHODS: (
        "Cannot parse Access-Control-Allow-Methods response header field in preflight response."
    ),
    CorsFailure.INVALID_ALLOW_HEADERS: (
        "Cannot parse Access-Control-Allow-Headers response header field in preflight response."
    ),
    CorsFailure.METHOD_NOT_ALLOWED: (
        "Method {value} is not allowed by Access-Control-Allow-Methods in preflight response."
    ),
    CorsFailure.HEADER_NOT_ALLOWED: (
        "Request header field {value} is not allowed by Access-Control-Allow-Headers in "
        "preflight response."
    ),
    CorsFailure.REDIRECT_MODE_ERROR: "Failed to load resource: net::ERR_FAILED",
    CorsFailure.TOO_MANY_REDIRECTS: "Failed to load resource: net::ERR_TOO_MANY_REDIRECTS",
    CorsFailure.INVALID_REDIRECT: "Failed to load resource: net::ERR_INVALID_REDIRECT",
    CorsFailure.UNSAFE_REDIRECT: "Failed to load resource: net::ERR_UNSAFE_REDIRECT",
    CorsFailure.UNKNOWN_URL_SCHEME: "Failed to load resource: net::ERR_UNKNOWN_URL_SCHEME",
    CorsFailure.MULTIPLE_LOCATION: (
        "Failed to load resource: net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"
    ),
    CorsFailure.MULTIPLE_CONTENT_LENGTH: (
        "Failed to load resource: net::ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH"
    ),
    CorsFailure.MULTIPLE_CONTENT_DISPOSITION: (
        "Failed to load resource: net::ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION"
    ),
    CorsFailure.REDIRECT_SCHEME: (
        "Cross origin requests are only supported for protocol schemes: chrome, "
        "chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, "
        "http, https, isolated-app."
    ),
    # Chromium names the location as '' whatever it was (checked: a
    # Location of "http://user@host/" is reported so).
    CorsFailure.REDIRECT_CREDENTIALS: (
        "Redirect location '{value}' contains a username and password, which is disallowed "
        "for cross-origin requests."
    ),
}

#: The errors Chromium's network stack reports as "Failed to load resource",
#: without the CORS wording.
NETWORK_ERRORS: Final = frozenset(
    {
        CorsFailure.REDIRECT_MODE_ERROR,
        CorsFailure.TOO_MANY_REDIRECTS,
        CorsFailure.INVALID_REDIRECT,
        CorsFailure.UNSAFE_REDIRECT,
        CorsFailure.UNKNOWN_URL_SCHEME,
        CorsFailure.MULTIPLE_LOCATION,
        CorsFailure.MULTIPLE_CONTENT_LENGTH,
        CorsFailure.MULTIPLE_CONTENT_DISPOSITION,
    }
)
# The errors of the CORS check, which Chromium words the same for a preflight
# but with _PREFLIGHT_PREFIX before them.
_ACCESS_ERRORS: Final = frozenset(
    {
        CorsFailure.MISSING_ALLOW_ORIGIN,
        CorsFailure.WILDCARD_WITH_CREDENTIALS,
        CorsFailure.MULTIPLE_ALLOW_ORIGIN,
        CorsFailure.INVALID_ALLOW_ORIGIN,
        CorsFailure.ALLOW_ORIGIN_MISMATCH,
        CorsFailure.INVALID_ALLOW_CREDENTIALS,
        CorsFailure.PREFLIGHT_STATUS,
        CorsFailure.PREFLIGHT_REDIRECT,
    }
)
#: What Chromium says before a failed CORS check of a preflight's answer.
_PREFLIGHT_PREFIX: Final = "Response to preflight request doesn't pass access control check: "


def chromium_message(
    request: BrowserRequest, step: Step, error: CorsFailure, value: str, *, url: str | None = None
) -> str:
    """Return the line Chromium logs to the console when it blocks a fetch this way.

    Args:
        request: The page's request.
        step: Which part failed.
        error: What failed.
        value: The header value, method or header name the message names.
        url: The URL that failed, when a redirect led there from
            ``request.url``; the message then says "(redirected from ...)".

    """
    template = CHROMIUM_MESSAGES[error]
    if error in NETWORK_ERRORS:
        return template
    detail = template.format(value=escape_non_ascii(value))
    if step is Step.PREFLIGHT and error in _ACCESS_ERRORS:
        detail = _PREFLIGHT_PREFIX + detail
    failed = request.url if url is None else url
    redirected = f"(redirected from '{request.url}') " if failed != request.url else ""
    return (
        f"Access to fetch at '{failed}' {redirected}from origin '{request.origin}' has been "
        f"blocked by CORS policy: {detail}"
    )
