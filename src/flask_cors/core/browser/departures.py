"""Where a verdict does not simply follow the Fetch standard, one sentence each.

Two kinds, both listed in :attr:`Verdict.departures` when a verdict depends
on them, and in the docs (docs/testing.md): where Chromium departs from the
Fetch standard (the model follows Chromium, so browsers that follow the
standard may decide otherwise), and where the model departs from Chromium
(what it does not know as Chromium does).
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "AUTHORIZATION_DEPARTURE",
    "CACHE_MODE_DEPARTURE",
    "CLIENT_HINT_DEPARTURE",
    "CLIENT_HINT_REDIRECT_DEPARTURE",
    "EMPTY_LOCATION_DEPARTURE",
    "HTTP_CACHE_DEPARTURE",
    "LOCAL_NETWORK_DEPARTURE",
    "MAX_AGE_CAP_DEPARTURE",
    "REDIRECT_SCHEME_DEPARTURE",
    "REDIRECT_WITHOUT_LOCATION_DEPARTURE",
    "REFUSED_HEADER_DEPARTURE",
    "TAINTED_CACHE_DEPARTURE",
    "URL_PARSER_DEPARTURE",
]

# --- Chromium, not the Fetch standard ---------------------------------------------------

#: Chromium lets ``Access-Control-Allow-Headers: *`` cover Authorization.
AUTHORIZATION_DEPARTURE: Final = (
    "Chromium lets 'Access-Control-Allow-Headers: *' cover Authorization; the Fetch standard "
    "does not (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name), so "
    "browsers that follow it (Firefox, Safari) block this request: list 'authorization' by name"
)
#: Chromium safelists a client hint request header.
CLIENT_HINT_DEPARTURE: Final = (
    "Chromium sends {names} without a preflight (client hints it safelists); the Fetch "
    "standard does not safelist them "
    "(https://fetch.spec.whatwg.org/#cors-safelisted-request-header), so browsers that "
    "follow it send a preflight first"
)
#: Chromium drops the client hints a page set when it follows a redirect elsewhere.
CLIENT_HINT_REDIRECT_DEPARTURE: Final = (
    "Chromium drops the client hints the page set ({names}) when it follows a redirect to "
    "another origin than the page's; the Fetch standard keeps a request's headers "
    "(https://fetch.spec.whatwg.org/#http-redirect-fetch)"
)
#: Chromium caps a preflight's max-age at 7200 seconds.
MAX_AGE_CAP_DEPARTURE: Final = (
    "Chromium keeps this preflight's answer 7200 seconds, not the {asked} its "
    "Access-Control-Max-Age asks for: it caps max-age, as the Fetch standard lets a browser "
    "do (https://fetch.spec.whatwg.org/#http-access-control-max-age); Firefox caps at 86400"
)
#: Chromium bypasses its preflight cache under some cache modes.
CACHE_MODE_DEPARTURE: Final = (
    "Chromium sends a preflight although its cache holds an answer that covers the request: "
    "it bypasses the preflight cache under cache mode '{mode}'{conditional}, and keeps no "
    "answer under 'no-store'; the Fetch standard uses the preflight cache whatever the cache "
    "mode (https://fetch.spec.whatwg.org/#cors-preflight-fetch)"
)
#: Chromium never reuses the preflight of a request tainted by a redirect.
TAINTED_CACHE_DEPARTURE: Final = (
    "Chromium sends a preflight although its cache holds an answer for Origin: null at this "
    "URL: after a redirect to another origin it keys the cache by an opaque origin, which "
    "matches no entry; the Fetch standard keys it by the serialized origin, 'null' "
    "(https://fetch.spec.whatwg.org/#concept-cache)"
)
#: Chromium takes a redirect status without a Location for a response, under "error".
REDIRECT_WITHOUT_LOCATION_DEPARTURE: Final = (
    "Chromium gives the page this {status} as the response: without a non-empty Location it "
    "is no redirect to Chromium; the Fetch standard fails a fetch with redirect: 'error' on "
    "any redirect status (https://fetch.spec.whatwg.org/#http-fetch)"
)
#: Chromium takes an empty Location for none.
EMPTY_LOCATION_DEPARTURE: Final = (
    "Chromium gives the page this {status} as the response: it takes an empty Location for "
    "none; the Fetch standard resolves it to the URL itself and follows that "
    "(https://fetch.spec.whatwg.org/#concept-response-location-url)"
)

# --- the model, not Chromium ------------------------------------------------------------

#: Chromium names one of several refused request headers, in an order of its own.
REFUSED_HEADER_DEPARTURE: Final = (
    "the preflight refused several request headers ({names}): Chromium names one of them, "
    "in an order of its own (a hash map's); the model names the first in sorted order"
)
#: The model has no HTTP cache.
HTTP_CACHE_DEPARTURE: Final = (
    "Chromium keeps GET responses in its HTTP cache and may answer a later fetch of this URL "
    "from it without asking the server: one a permanent redirect (301, 308), Cache-Control "
    "max-age, Expires or Last-Modified keeps fresh, under the cache modes 'default' and "
    "'force-cache', and under 'force-cache' any; the model has no HTTP cache and judges the "
    "server's answer each time"
)
#: A redirect to a scheme whose handling was not checked against Chromium.
REDIRECT_SCHEME_DEPARTURE: Final = (
    "Chromium's answer to a redirect to '{scheme}:' was not checked; the model answers as "
    "Chromium does for 'ftp:' and 'foo:' (a CORS error), and some schemes end in a network "
    "error instead (data:, file:, about:, blob:, ws:)"
)
#: The model's URL parser decided an Access-Control-Allow-Origin value it may read otherwise.
URL_PARSER_DEPARTURE: Final = (
    "whether {value!r} is a URL was decided by the model's URL parser, which follows "
    "Chromium's for schemes, hosts, IPv4 and IPv6 addresses and ports, but not for "
    "percent-escapes and international names in hosts, which Chromium may read otherwise: "
    "'invalid value' and 'not equal to the supplied origin' are its two answers"
)
#: Chromium ignores Access-Control-Allow-Private-Network: Local Network Access.
LOCAL_NETWORK_DEPARTURE: Final = (
    "Chromium ignores Access-Control-Allow-Private-Network: it no longer sends Private "
    "Network Access preflights (Access-Control-Request-Private-Network); under Local Network "
    "Access a page on a public address that calls a local or loopback one needs the user's "
    "permission, asked in a prompt, which no header grants "
    "(https://developer.chrome.com/blog/local-network-access); the model does not know "
    "address spaces and judges the fetch without it"
)
