"""The browser's half of CORS: what Chromium does with a page's cross-origin ``fetch()``.

The rest of the core decides what a server sends; this module judges what a
browser makes of it. Given the request a page makes (its origin, the URL,
the method, the headers it sets, its credentials mode) and the responses it
got back, :func:`judge` says whether the page may read the response, which
step of the Fetch standard failed, the message Chromium prints in its
console for that step (in Chromium's words), and which response headers the
page can read. :func:`needs_preflight` and :func:`preflight_headers` say
what the browser sends first; :class:`PreflightCache` keeps preflight
answers as long as ``Access-Control-Max-Age`` lets it.

The model follows the Fetch standard (https://fetch.spec.whatwg.org/) and,
where Chromium departs from it, Chromium, naming each departure in
:attr:`Verdict.departures`. It is checked against real headless Chromium
(tests/browser): every case of the browser suite and a generated run of
random responses. Not modelled: redirects of the actual request (the model
judges the response the redirects end at), opaque (``no-cors``) requests,
Private Network Access, and cookies themselves (credentials are a mode,
not a jar).

Pure, like the rest of the core: no I/O, no clock (the cache takes the time
as an argument), no globals but constants.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import Final

from attrs import field, frozen

from .origins import check_literal_origin, meant_origin
from .sites import PublicSuffixTest, registrable_domain, top_level_domain

#: How long a preflight answer is cached without ``Access-Control-Max-Age``:
#: https://fetch.spec.whatwg.org/#http-access-control-max-age (5 seconds).
DEFAULT_MAX_AGE: Final = 5
#: The longest Chromium caches a preflight answer, whatever max-age says
#: (2 hours); the standard lets a browser cap it
#: (https://fetch.spec.whatwg.org/#concept-cache).
CHROMIUM_MAX_AGE_CAP: Final = 7200

#: The words Chromium puts before every CORS message in the console.
_PREFIX: Final = (
    "Access to fetch at '{url}' from origin '{origin}' has been blocked by CORS policy: "
)
#: What Chromium says before a failed CORS check of a preflight's answer.
_PREFLIGHT_PREFIX: Final = "Response to preflight request doesn't pass access control check: "

# https://fetch.spec.whatwg.org/#cors-safelisted-method
_SAFELISTED_METHODS: Final = frozenset({"GET", "HEAD", "POST"})
# https://httpwg.org/specs/rfc9110.html#safe.methods
_SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# https://fetch.spec.whatwg.org/#concept-method-normalize: only these are
# upper-cased; any other method goes out exactly as the page wrote it.
_NORMALIZED_METHODS: Final = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})
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
_FORBIDDEN_RESPONSE_HEADERS: Final = frozenset({"set-cookie", "set-cookie2"})
# https://fetch.spec.whatwg.org/#forbidden-request-header: fetch() drops
# these silently when a page sets them.
_FORBIDDEN_REQUEST_HEADERS: Final = frozenset(
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
_NUMBER: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# https://fetch.spec.whatwg.org/#simple-range-header-value: "bytes=N-" or
# "bytes=N-M" with N <= M; a suffix range ("bytes=-N") needs a preflight.
_RANGE: Final = re.compile(r"bytes=([0-9]+)-([0-9]*)")
# https://httpwg.org/specs/rfc9110.html#tokens
_TOKEN: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# What Chromium takes for a URL in Access-Control-Allow-Origin: a scheme and
# something after it. (Chromium asks its URL parser; this is close enough
# for the values a server sends: "foo" or "" are invalid, any origin is not.)
_URL_LIKE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
# https://fetch.spec.whatwg.org/#http-whitespace
_HTTP_WHITESPACE: Final = " \t\r\n"


class Step(enum.Enum):
    """Which of the browser's two fetches failed."""

    #: The CORS-preflight fetch: https://fetch.spec.whatwg.org/#cors-preflight-fetch
    PREFLIGHT = "preflight"
    #: The CORS check of the actual response: https://fetch.spec.whatwg.org/#cors-check
    RESPONSE = "response"


class CorsError(enum.Enum):
    """What failed, one member per message Chromium prints for it."""

    #: No ``Access-Control-Allow-Origin`` at all.
    MISSING_ALLOW_ORIGIN = "missing-allow-origin"
    #: ``Access-Control-Allow-Origin: *`` on a credentialed request.
    WILDCARD_WITH_CREDENTIALS = "wildcard-with-credentials"
    #: Several values (a comma or a space) in ``Access-Control-Allow-Origin``.
    MULTIPLE_ALLOW_ORIGIN = "multiple-allow-origin"
    #: A value that is not a URL, such as ``foo`` or an empty header.
    INVALID_ALLOW_ORIGIN = "invalid-allow-origin"
    #: One valid value, not the page's origin (compared byte for byte).
    ALLOW_ORIGIN_MISMATCH = "allow-origin-mismatch"
    #: A credentialed request without ``Access-Control-Allow-Credentials: true``.
    INVALID_ALLOW_CREDENTIALS = "invalid-allow-credentials"
    #: A preflight answered with a status outside 200-299.
    PREFLIGHT_STATUS = "preflight-status"
    #: A preflight answered with a redirect (3xx with ``Location``).
    PREFLIGHT_REDIRECT = "preflight-redirect"
    #: ``Access-Control-Allow-Methods`` is not a list of tokens.
    INVALID_ALLOW_METHODS = "invalid-allow-methods"
    #: ``Access-Control-Allow-Headers`` is not a list of tokens.
    INVALID_ALLOW_HEADERS = "invalid-allow-headers"
    #: The method is not in ``Access-Control-Allow-Methods``.
    METHOD_NOT_ALLOWED = "method-not-allowed"
    #: A request header is not in ``Access-Control-Allow-Headers``.
    HEADER_NOT_ALLOWED = "header-not-allowed"


#: Chromium's console text for each error, after "has been blocked by CORS
#: policy: ", with ``{value}`` for the header value, method or header name
#: it names. Checked word for word against Chromium 156 (tests/browser).
CHROMIUM_MESSAGES: Final[Mapping[CorsError, str]] = {
    CorsError.MISSING_ALLOW_ORIGIN: (
        "No 'Access-Control-Allow-Origin' header is present on the requested resource."
    ),
    CorsError.WILDCARD_WITH_CREDENTIALS: (
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be "
        "the wildcard '*' when the request's credentials mode is 'include'."
    ),
    CorsError.MULTIPLE_ALLOW_ORIGIN: (
        "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only "
        "one is allowed. Have the server send the header with a valid value."
    ),
    CorsError.INVALID_ALLOW_ORIGIN: (
        "The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'. Have "
        "the server send the header with a valid value."
    ),
    CorsError.ALLOW_ORIGIN_MISMATCH: (
        "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to "
        "the supplied origin. Have the server send the header with a valid value."
    ),
    CorsError.INVALID_ALLOW_CREDENTIALS: (
        "The value of the 'Access-Control-Allow-Credentials' header in the response is "
        "'{value}' which must be 'true' when the request's credentials mode is 'include'."
    ),
    CorsError.PREFLIGHT_STATUS: "It does not have HTTP ok status.",
    CorsError.PREFLIGHT_REDIRECT: "Redirect is not allowed for a preflight request.",
    CorsError.INVALID_ALLOW_METHODS: (
        "Cannot parse Access-Control-Allow-Methods response header field in preflight response."
    ),
    CorsError.INVALID_ALLOW_HEADERS: (
        "Cannot parse Access-Control-Allow-Headers response header field in preflight response."
    ),
    CorsError.METHOD_NOT_ALLOWED: (
        "Method {value} is not allowed by Access-Control-Allow-Methods in preflight response."
    ),
    CorsError.HEADER_NOT_ALLOWED: (
        "Request header field {value} is not allowed by Access-Control-Allow-Headers in "
        "preflight response."
    ),
}

# The errors of the CORS check, which Chromium words the same for a preflight
# but with _PREFLIGHT_PREFIX before them.
_ACCESS_ERRORS: Final = frozenset(
    {
        CorsError.MISSING_ALLOW_ORIGIN,
        CorsError.WILDCARD_WITH_CREDENTIALS,
        CorsError.MULTIPLE_ALLOW_ORIGIN,
        CorsError.INVALID_ALLOW_ORIGIN,
        CorsError.ALLOW_ORIGIN_MISMATCH,
        CorsError.INVALID_ALLOW_CREDENTIALS,
        CorsError.PREFLIGHT_STATUS,
        CorsError.PREFLIGHT_REDIRECT,
    }
)

#: Where Chromium lets ``Access-Control-Allow-Headers: *`` cover Authorization.
AUTHORIZATION_DEPARTURE: Final = (
    "Chromium lets 'Access-Control-Allow-Headers: *' cover Authorization; the Fetch standard "
    "does not (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name), so "
    "browsers that follow it (Firefox, Safari) block this request: list 'authorization' by name"
)
#: Where Chromium safelists a client hint request header.
CLIENT_HINT_DEPARTURE: Final = (
    "Chromium sends {names} without a preflight (client hints it safelists); the Fetch "
    "standard does not safelist them "
    "(https://fetch.spec.whatwg.org/#cors-safelisted-request-header), so browsers that "
    "follow it send a preflight first"
)


def _strip(value: str) -> str:
    return value.strip(_HTTP_WHITESPACE)


def normalize_method(method: str) -> str:
    """Return the method as ``fetch()`` sends it: the six standard names upper-cased.

    https://fetch.spec.whatwg.org/#concept-method-normalize: ``"patch"``
    stays ``"patch"``, and a server must list it exactly so.
    """
    upper = method.upper()
    return upper if upper in _NORMALIZED_METHODS else method


def _author_headers(
    headers: Iterable[tuple[str, str]] | Mapping[str, str],
) -> tuple[tuple[str, str], ...]:
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    kept: dict[str, tuple[str, str]] = {}
    for name, value in pairs:
        lower = name.lower()
        if lower in _FORBIDDEN_REQUEST_HEADERS or lower.startswith(("proxy-", "sec-")):
            continue
        # https://fetch.spec.whatwg.org/#concept-header-value-normalize; a
        # name set twice is one header, its values joined with ", "
        # (https://fetch.spec.whatwg.org/#concept-header-list-combine).
        value = _strip(value)
        if lower in kept:
            first, joined = kept[lower]
            value = f"{joined}, {value}"
            name = first
        kept[lower] = (name, value)
    return tuple(kept.values())


# https://url.spec.whatwg.org/#special-scheme: the schemes whose default
# port an origin leaves out.
_DEFAULT_PORTS: Final = {"ftp": 21, "http": 80, "https": 443, "ws": 80, "wss": 443}
_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")
# Where a URL's authority (user info, host, port) ends.
_AUTHORITY_END: Final = re.compile(r"[/?#\\]")


def page_origin(text: str) -> str:
    """Return the origin a page at ``text`` sends, serialized as browsers send it.

    ``text`` is an origin, or a URL such as one copied from the address bar:
    ``http://localhost:5173/`` and ``https://App.example.com:443/some/page?q``
    give ``http://localhost:5173`` and ``https://app.example.com``, the
    origin's ASCII serialization
    (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin):
    scheme and host in lower case, the port only when it is not the scheme's
    default, no path, query or fragment. ``null``, the origin of sandboxed
    and ``file:`` pages, stays ``null``.

    Raises:
        ValueError: ``text`` cannot be a page's URL or origin: no scheme
            (``localhost:5173``), user info, no host, a port that is no
            port, whitespace or a control character. The message says what
            is wrong and, where it can, gives the origin meant.
    """
    if text.lower() == "null":
        return "null"
    if any(char <= " " or char == "\x7f" for char in text):
        stripped = text.strip()
        fix = _meant(stripped) if stripped and stripped != text else ""
        raise ValueError(
            f"{text!r} is not an origin: it holds whitespace or a control character{fix}"
        )
    scheme, separator, rest = text.partition("://")
    if not separator or not _SCHEME.match(scheme):
        head, colon, tail = text.partition(":")
        if colon and head.lower() in _DEFAULT_PORTS:
            # "http:localhost:5173", "https:/app.example.com"
            meant = _meant(f"{head}://{tail.lstrip('/')}")
            raise ValueError(
                f"{text!r} is not an origin: it has no '//' after {head + ':'!r}{meant}"
            )
        raise ValueError(f"{text!r} is not an origin: it has no scheme{_meant(text)}")
    scheme = scheme.lower()
    authority = _AUTHORITY_END.split(rest, maxsplit=1)[0]
    _, at, host_port = authority.rpartition("@")
    if at:
        raise ValueError(
            f"{text!r} is not an origin: it has a user name or password, which browsers "
            f"never send in Origin{_meant(f'{scheme}://{host_port}')}"
        )
    host, port = _host_and_port(host_port)
    if scheme == "file":
        raise ValueError(
            f"{text!r} is not an origin: a file: page sends 'null' (did you mean 'null'?)"
        )
    if not host:
        raise ValueError(f"{text!r} is not an origin: it has no host")
    if not host.isascii():
        raise ValueError(
            f"{text!r} is not an origin as browsers send it: they send a host that is not "
            "ASCII in its punycode form ('xn--...'): give that"
        )
    if port and (not port.isdigit() or int(port) > 65535):
        raise ValueError(f"{text!r} is not an origin: {port!r} is not a port (0 to 65535)")
    # https://url.spec.whatwg.org/#concept-url-serializer: the port as a
    # number, left out when it is the scheme's default.
    number = int(port) if port else None
    origin = f"{scheme}://{host.lower()}"
    if number is not None and number != _DEFAULT_PORTS.get(scheme):
        origin += f":{number}"
    if check_literal_origin(origin) is not None:
        raise ValueError(f"{text!r} is not an origin browsers send (scheme://host[:port])")
    return origin


def _meant(text: str) -> str:
    """Return `` (did you mean 'ORIGIN'?)`` for the origin ``text`` stands for, or ""."""
    if "://" in text or text.lower() == "null":
        try:
            return f" (did you mean {page_origin(text)!r}?)"
        except ValueError:
            return ""
    meant = meant_origin(text)
    return f" (did you mean {meant[0]!r}?)" if meant is not None else ""


def _host_and_port(authority: str) -> tuple[str, str]:
    """Split ``host[:port]``, the host in brackets when it is an IPv6 address."""
    if authority.startswith("["):
        bracket = authority.find("]")
        if bracket != -1:
            return authority[: bracket + 1], authority[bracket + 1 :].removeprefix(":")
    host, _, port = authority.partition(":")
    return host, port


def fetch_site(page: str, url: str, *, public_suffix: PublicSuffixTest | None = None) -> str:
    """Return the ``Sec-Fetch-Site`` a browser sends with a page's request to ``url``.

    Fetch metadata (https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header):
    ``same-origin`` when the page's origin is the URL's; ``same-site`` when
    they are *same site*
    (https://html.spec.whatwg.org/multipage/browsers.html#same-site): the
    same scheme, and hosts of one registrable domain (``app.example.com``
    and ``api.example.com``; ``localhost`` on two ports) or the same host
    where there is none (an IP address); otherwise ``cross-site``. A
    request the user makes themselves (``none``) is no page's. Redirects
    are not modelled.

    Args:
        page: The page's origin or URL (:func:`page_origin`).
        url: The URL requested.
        public_suffix: Says whether a domain is a public suffix; without
            it, top-level domains are (:func:`~flask_cors.core.sites.top_level_domain`).

    Raises:
        ValueError: If ``page`` or ``url`` has no origin (see :func:`page_origin`).
    """
    initiator, target = page_origin(page), page_origin(url)
    if initiator == target:
        return "same-origin"
    if "null" in (initiator, target):
        return "cross-site"
    is_public = public_suffix or top_level_domain
    sites = []
    for origin in (initiator, target):
        scheme, _, authority = origin.partition("://")
        host = _host_and_port(authority)[0]
        sites.append((scheme, registrable_domain(host, is_public) or host))
    return "same-site" if sites[0] == sites[1] else "cross-site"


@frozen
class BrowserRequest:
    """The ``fetch()`` a page makes, as the page writes it.

    Attributes:
        origin: The page's origin as the browser serializes it, such as
            ``https://app.example.com`` (or ``null``); a URL is taken as its
            origin, and what cannot be one is refused (:func:`page_origin`).
        url: The URL fetched; only named in messages.
        method: The method passed to ``fetch()``; the six names of
            https://fetch.spec.whatwg.org/#concept-method-normalize are
            upper-cased, any other is sent as written.
        headers: The headers the page sets, as ``(name, value)`` pairs,
            including the ``Content-Type`` a body implies. Forbidden
            request headers (https://fetch.spec.whatwg.org/#forbidden-request-header)
            are dropped, as ``fetch()`` drops them; a name given twice is
            one header, its values joined with ", ".
        credentials: Whether the credentials mode is ``include``
            (``fetch(url, {credentials: "include"})``).

    """

    origin: str = field(converter=page_origin)
    url: str
    method: str = field(default="GET", converter=normalize_method)
    headers: tuple[tuple[str, str], ...] = field(default=(), converter=_author_headers)
    credentials: bool = False


def _pairs(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(headers)


@frozen
class BrowserResponse:
    """A response as the browser received it.

    Attributes:
        status: The status code.
        headers: The headers, in order, as ``(name, value)`` pairs; a name
            may repeat.

    """

    status: int
    headers: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)

    def get(self, name: str) -> str | None:
        """Return a header's values joined with ", " (as browsers combine them), or None.

        Each value loses its leading and trailing whitespace, as the HTTP
        parser drops it (https://fetch.spec.whatwg.org/#concept-header-list-get).
        """
        wanted = name.lower()
        values = [_strip(value) for key, value in self.headers if key.lower() == wanted]
        return ", ".join(values) if values else None


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

    """

    methods: frozenset[str]
    headers: frozenset[str]
    credentials: bool
    max_age: int


@frozen
class Verdict:
    """What the browser did with one ``fetch()``.

    Attributes:
        allowed: Whether the page may read the response.
        preflighted: Whether the browser sent a preflight first (False when
            none was needed or a cached one covered the request).
        step: Which fetch failed, or None when allowed.
        error: What failed, or None when allowed.
        message: Chromium's console message for it, word for word, or "".
        readable: The response headers the page can read, as lower-case
            names and values, sorted by name, as ``Headers`` lists them.
        departures: Where Chromium's answer for this request differs from
            the Fetch standard's, one sentence each (see the docs' list).
        answer: What the preflight sent for this request allowed, to keep
            in a :class:`PreflightCache`; None when no preflight was sent or
            it failed.
        refused_headers: For :attr:`CorsError.HEADER_NOT_ALLOWED`, every
            request header the preflight did not allow. The message names
            one; Chromium may name another of them.

    """

    allowed: bool
    preflighted: bool
    step: Step | None = None
    error: CorsError | None = None
    message: str = ""
    readable: tuple[tuple[str, str], ...] = ()
    departures: tuple[str, ...] = ()
    answer: PreflightAnswer | None = None
    refused_headers: tuple[str, ...] = ()


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


def _client_hint(name: str, value: str) -> bool:
    if name in _NUMERIC_HINTS:
        return _NUMBER.fullmatch(value) is not None
    if name == "ect":
        return value in _ECT_VALUES
    return name == "save-data" and value == "on"


def _mime_essence(value: str) -> str | None:
    # https://mimesniff.spec.whatwg.org/#parse-a-mime-type, as far as the
    # essence: type "/" subtype, both tokens; parameters follow a ";".
    essence = _strip(value.split(";", 1)[0])
    kind, slash, subtype = essence.partition("/")
    if not slash or not _TOKEN.fullmatch(kind) or not _TOKEN.fullmatch(subtype):
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


def needs_preflight(request: BrowserRequest) -> bool:
    """Whether the browser sends a preflight before the request.

    https://fetch.spec.whatwg.org/#cors-preflight-fetch: when the method is
    not safelisted or a header is not (:func:`unsafe_request_header_names`).
    """
    return not is_safelisted_method(request.method) or bool(
        unsafe_request_header_names(request.headers)
    )


def preflight_headers(request: BrowserRequest) -> tuple[tuple[str, str], ...]:
    """Return the CORS headers of the preflight the browser sends for a request.

    ``Origin``, ``Access-Control-Request-Method`` (the method as sent), and
    ``Access-Control-Request-Headers`` when there are unsafe headers:
    https://fetch.spec.whatwg.org/#cors-preflight-fetch-0.
    """
    headers = [("Origin", request.origin), ("Access-Control-Request-Method", request.method)]
    names = unsafe_request_header_names(request.headers)
    if names:
        headers.append(("Access-Control-Request-Headers", ",".join(names)))
    return tuple(headers)


def _token_list(value: str | None) -> frozenset[str] | None:
    """Parse a list header as Chromium does: tokens, empty items skipped; None if any is not."""
    if value is None:
        return frozenset()
    items = [_strip(item) for item in value.split(",")]
    tokens = [item for item in items if item]
    if not all(_TOKEN.fullmatch(token) for token in tokens):
        return None
    return frozenset(tokens)


def cors_check(request: BrowserRequest, response: BrowserResponse) -> tuple[CorsError, str] | None:
    """Return what fails the CORS check of a response, with the value to name, or None.

    https://fetch.spec.whatwg.org/#cors-check: ``Access-Control-Allow-Origin``
    must be ``*`` (not with credentials) or the page's origin, byte for
    byte, as one value; with credentials ``Access-Control-Allow-Credentials``
    must be ``true``. Chromium tells apart a missing header, several values,
    a value that is no URL and another origin.
    """
    value = response.get("Access-Control-Allow-Origin")
    if value is None:
        return CorsError.MISSING_ALLOW_ORIGIN, ""
    if value == "*":
        if request.credentials:
            return CorsError.WILDCARD_WITH_CREDENTIALS, value
        return None
    if " " in value or "," in value:
        return CorsError.MULTIPLE_ALLOW_ORIGIN, value
    if value != "null" and not _URL_LIKE.fullmatch(value):
        return CorsError.INVALID_ALLOW_ORIGIN, value
    if value != request.origin:
        return CorsError.ALLOW_ORIGIN_MISMATCH, value
    if request.credentials:
        credentials = response.get("Access-Control-Allow-Credentials")
        if credentials != "true":
            return CorsError.INVALID_ALLOW_CREDENTIALS, credentials or ""
    return None


def _max_age(value: str | None) -> int:
    # https://fetch.spec.whatwg.org/#http-access-control-max-age; Chromium
    # reads an integer (a negative one as 0) and ignores anything else.
    if value is None or not re.fullmatch(r"[+-]?[0-9]+", value):
        return DEFAULT_MAX_AGE
    return max(0, min(int(value), CHROMIUM_MAX_AGE_CAP))


def _method_error(answer: PreflightAnswer, method: str) -> bool:
    if method in answer.methods or is_safelisted_method(method):
        return False
    # "*" is a wildcard only without credentials; with them it is a method name.
    return answer.credentials or "*" not in answer.methods


def _refused_headers(answer: PreflightAnswer, names: tuple[str, ...]) -> tuple[str, ...]:
    if not answer.credentials and "*" in answer.headers:
        # Chromium lets "*" cover Authorization too (see AUTHORIZATION_DEPARTURE).
        return ()
    return tuple(name for name in names if name not in answer.headers)


def check_preflight(
    request: BrowserRequest, preflight: BrowserResponse
) -> PreflightAnswer | tuple[CorsError, str]:
    """Judge a preflight's answer: what it allows, or what fails and the value to name.

    https://fetch.spec.whatwg.org/#cors-preflight-fetch-0, in Chromium's
    order: a redirect, the CORS check, the ok status (200-299), parsing
    ``Access-Control-Allow-Methods`` then ``Access-Control-Allow-Headers``,
    then the method (compared byte for byte; ``*`` only without
    credentials) and each unsafe request header (``*`` only without
    credentials). Of several refused headers the model names the first in
    sorted order; Chromium names one in an order of its own (a hash map's).
    """
    if 300 <= preflight.status < 400 and preflight.get("Location") is not None:
        return CorsError.PREFLIGHT_REDIRECT, ""
    failure = cors_check(request, preflight)
    if failure is not None:
        return failure
    if not 200 <= preflight.status < 300:
        return CorsError.PREFLIGHT_STATUS, ""
    methods = _token_list(preflight.get("Access-Control-Allow-Methods"))
    if methods is None:
        return CorsError.INVALID_ALLOW_METHODS, ""
    headers = _token_list(preflight.get("Access-Control-Allow-Headers"))
    if headers is None:
        return CorsError.INVALID_ALLOW_HEADERS, ""
    answer = PreflightAnswer(
        methods=methods,
        headers=frozenset(name.lower() for name in headers),
        credentials=request.credentials,
        max_age=_max_age(preflight.get("Access-Control-Max-Age")),
    )
    if _method_error(answer, request.method):
        return CorsError.METHOD_NOT_ALLOWED, request.method
    refused = _refused_headers(answer, unsafe_request_header_names(request.headers))
    if refused:
        return CorsError.HEADER_NOT_ALLOWED, refused[0]
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
    exposed = _token_list(response.get("Access-Control-Expose-Headers")) or frozenset()
    names = {name.lower() for name in exposed}
    everything = "*" in names and not request.credentials
    values: dict[str, list[str]] = {}
    for name, value in response.headers:
        lower = name.lower()
        if lower in _FORBIDDEN_RESPONSE_HEADERS:
            continue
        if everything or lower in names or lower in _SAFELISTED_RESPONSE_HEADERS:
            values.setdefault(lower, []).append(_strip(value))
    return tuple(sorted((name, ", ".join(parts)) for name, parts in values.items()))


def chromium_message(request: BrowserRequest, step: Step, error: CorsError, value: str) -> str:
    """Return the line Chromium logs to the console when it blocks a fetch this way."""
    detail = CHROMIUM_MESSAGES[error].format(value=value)
    if step is Step.PREFLIGHT and error in _ACCESS_ERRORS:
        detail = _PREFLIGHT_PREFIX + detail
    return _PREFIX.format(url=request.url, origin=request.origin) + detail


def _departures(request: BrowserRequest, answer: PreflightAnswer | None) -> tuple[str, ...]:
    found: list[str] = []
    hints = sorted(
        name.lower()
        for name, value in request.headers
        if _client_hint(name.lower(), value) and is_safelisted_request_header(name, value)
    )
    if hints and not unsafe_request_header_names(request.headers):
        found.append(CLIENT_HINT_DEPARTURE.format(names=", ".join(hints)))
    if (
        answer is not None
        and not answer.credentials
        and "*" in answer.headers
        and "authorization" not in answer.headers
        and "authorization" in unsafe_request_header_names(request.headers)
    ):
        found.append(AUTHORIZATION_DEPARTURE)
    return tuple(found)


def _blocked(
    request: BrowserRequest, preflight: BrowserResponse, failure: tuple[CorsError, str]
) -> Verdict:
    error, value = failure
    refused: tuple[str, ...] = ()
    if error is CorsError.HEADER_NOT_ALLOWED:
        allowed = _token_list(preflight.get("Access-Control-Allow-Headers")) or frozenset()
        lower = {name.lower() for name in allowed}
        refused = tuple(n for n in unsafe_request_header_names(request.headers) if n not in lower)
    return Verdict(
        allowed=False,
        preflighted=True,
        step=Step.PREFLIGHT,
        error=error,
        message=chromium_message(request, Step.PREFLIGHT, error, value),
        refused_headers=refused,
    )


def judge(
    request: BrowserRequest,
    *,
    preflight: BrowserResponse | None = None,
    response: BrowserResponse | None = None,
    cached: PreflightAnswer | None = None,
) -> Verdict:
    """Judge a ``fetch()`` as Chromium does: may the page read the response, and if not, why.

    Args:
        request: The page's request.
        preflight: The answer to the preflight, when :func:`needs_preflight`
            and no ``cached`` answer covers the request.
        response: The answer to the actual request; may be None when the
            preflight fails, since the browser never sends it then.
        cached: A preflight answer from :class:`PreflightCache` that covers
            this request, so no preflight is sent.

    Returns:
        The :class:`Verdict`.

    Raises:
        ValueError: A response the verdict depends on is missing.

    """
    answer = cached
    preflighted = False
    if needs_preflight(request) and cached is None:
        if preflight is None:
            raise ValueError("this request needs a preflight: pass its answer as preflight=")
        preflighted = True
        checked = check_preflight(request, preflight)
        if not isinstance(checked, PreflightAnswer):
            return _blocked(request, preflight, checked)
        answer = checked
    if response is None:
        raise ValueError("the request was sent: pass its answer as response=")
    departures = _departures(request, answer)
    fresh = answer if preflighted else None
    failure = cors_check(request, response)
    if failure is not None:
        error, value = failure
        return Verdict(
            allowed=False,
            preflighted=preflighted,
            step=Step.RESPONSE,
            error=error,
            message=chromium_message(request, Step.RESPONSE, error, value),
            departures=departures,
            answer=fresh,
        )
    return Verdict(
        allowed=True,
        preflighted=preflighted,
        readable=readable_headers(request, response),
        departures=departures,
        answer=fresh,
    )


class PreflightCache:
    """The browser's CORS-preflight cache: https://fetch.spec.whatwg.org/#concept-cache.

    Entries are keyed by origin, URL and credentials mode, kept for their
    :attr:`PreflightAnswer.max_age`, and cover a later request when its
    method and unsafe headers pass against them; ``*`` never covers
    ``Authorization`` there (Chromium preflights such a request each time,
    although the preflight's own check lets ``*`` cover it). Time is given by the
    caller (seconds on any monotonic clock), so the model stays pure.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, bool], tuple[PreflightAnswer, float]] = {}

    def store(self, request: BrowserRequest, answer: PreflightAnswer, now: float) -> None:
        """Keep a preflight's answer for the request's origin, URL and credentials mode."""
        key = (request.origin, request.url, request.credentials)
        if answer.max_age <= 0:
            self._entries.pop(key, None)
            return
        self._entries[key] = (answer, now + answer.max_age)

    def lookup(self, request: BrowserRequest, now: float) -> PreflightAnswer | None:
        """Return a live answer that covers the request's method and headers, or None."""
        entry = self._entries.get((request.origin, request.url, request.credentials))
        if entry is None or entry[1] <= now:
            return None
        answer = entry[0]
        if _method_error(answer, request.method):
            return None
        names = unsafe_request_header_names(request.headers)
        if _refused_headers(answer, names):
            return None
        if "authorization" in names and "authorization" not in answer.headers:
            # Chromium lets "*" cover Authorization in a preflight's answer,
            # but not in its cache: such a request is preflighted every time
            # (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name).
            return None
        return answer
