"""The browser's half of CORS: what Chromium does with a page's ``fetch()``.

The rest of the core decides what a server sends; this package judges what
a browser makes of it. :func:`fetch` runs a page's request
(:class:`BrowserRequest`: origin, URL, method, headers, :class:`Body`,
credentials, cache and redirect modes) as Chromium runs it: it sends the
preflight when one is needed and not cached (:class:`PreflightCache`),
then the request, checks every answer, and follows redirects as fetch
does. The caller's ``send`` answers each request it sends: the only I/O.
The :class:`Verdict` says whether the page may read the response, which
step of the Fetch standard failed, the message Chromium prints in its
console for it (in Chromium's words), which response headers the page can
read, every exchange on the wire, and where the verdict departs from the
standard or the model from Chromium (:attr:`Verdict.departures`).

The model follows the Fetch standard (https://fetch.spec.whatwg.org/) and,
where Chromium departs from it, Chromium. It is checked against real
headless Chromium 156 (tests/browser): every case of the browser suite,
and a seeded generated run of requests, bodies, modes, redirects and
answers.

Local Network Access: Chromium no longer sends Private Network Access
preflights (``Access-Control-Request-Private-Network``) and ignores
``Access-Control-Allow-Private-Network`` (what ``allow_private_network``
sends); a page on a public address that calls a local or loopback one
needs the user's permission, asked in a prompt, which no header grants
(https://developer.chrome.com/blog/local-network-access). The model does
not know address spaces; a verdict on a response that carries the header
says it is ignored (:data:`LOCAL_NETWORK_DEPARTURE`).

Not modelled: ``no-cors`` and ``same-origin`` request modes, the HTTP
cache, and cookies themselves (credentials are a mode, not a jar).

Pure, like the rest of the core: no I/O, no clock (the cache takes the time
as an argument), no globals but constants. These names stay here, out of
:mod:`flask_cors.core`'s own API: serving never uses them.
"""

from __future__ import annotations

from .body import FORM_BOUNDARY, Body, BodyKind
from .cache import PreflightCache, reuses_preflight_cache, stores_preflight
from .checks import (
    CHROMIUM_MAX_AGE_CAP,
    DEFAULT_MAX_AGE,
    REDIRECT_STATUSES,
    PreflightAnswer,
    check_preflight,
    cors_check,
    readable_headers,
)
from .departures import (
    AUTHORIZATION_DEPARTURE,
    CACHE_MODE_DEPARTURE,
    CLIENT_HINT_DEPARTURE,
    CLIENT_HINT_REDIRECT_DEPARTURE,
    EMPTY_LOCATION_DEPARTURE,
    HTTP_CACHE_DEPARTURE,
    LOCAL_NETWORK_DEPARTURE,
    MAX_AGE_CAP_DEPARTURE,
    REDIRECT_SCHEME_DEPARTURE,
    REDIRECT_WITHOUT_LOCATION_DEPARTURE,
    REFUSED_HEADER_DEPARTURE,
    TAINTED_CACHE_DEPARTURE,
    URL_PARSER_DEPARTURE,
)
from .fetch import (
    MAX_REDIRECTS,
    ResponseType,
    Send,
    Verdict,
    fetch,
    judge,
    needs_preflight,
    preflight_headers,
)
from .headers import (
    is_read_only_method,
    is_safelisted_method,
    is_safelisted_request_header,
    normalize_method,
    unsafe_request_header_names,
)
from .messages import CHROMIUM_MESSAGES, CorsFailure, Step, chromium_message
from .request import (
    BrowserRequest,
    CacheMode,
    Credentials,
    RedirectMode,
    fetch_site,
    page_origin,
)
from .wire import BrowserResponse, Exchange, Outgoing

__all__ = [
    "AUTHORIZATION_DEPARTURE",
    "CACHE_MODE_DEPARTURE",
    "CHROMIUM_MAX_AGE_CAP",
    "CHROMIUM_MESSAGES",
    "CLIENT_HINT_DEPARTURE",
    "CLIENT_HINT_REDIRECT_DEPARTURE",
    "DEFAULT_MAX_AGE",
    "EMPTY_LOCATION_DEPARTURE",
    "FORM_BOUNDARY",
    "HTTP_CACHE_DEPARTURE",
    "LOCAL_NETWORK_DEPARTURE",
    "MAX_AGE_CAP_DEPARTURE",
    "MAX_REDIRECTS",
    "REDIRECT_SCHEME_DEPARTURE",
    "REDIRECT_STATUSES",
    "REDIRECT_WITHOUT_LOCATION_DEPARTURE",
    "REFUSED_HEADER_DEPARTURE",
    "TAINTED_CACHE_DEPARTURE",
    "URL_PARSER_DEPARTURE",
    "Body",
    "BodyKind",
    "BrowserRequest",
    "BrowserResponse",
    "CacheMode",
    "CorsFailure",
    "Credentials",
    "Exchange",
    "Outgoing",
    "PreflightAnswer",
    "PreflightCache",
    "RedirectMode",
    "ResponseType",
    "Send",
    "Step",
    "Verdict",
    "check_preflight",
    "chromium_message",
    "cors_check",
    "fetch",
    "fetch_site",
    "is_read_only_method",
    "is_safelisted_method",
    "is_safelisted_request_header",
    "judge",
    "needs_preflight",
    "normalize_method",
    "page_origin",
    "preflight_headers",
    "readable_headers",
    "reuses_preflight_cache",
    "stores_preflight",
    "unsafe_request_header_names",
]
