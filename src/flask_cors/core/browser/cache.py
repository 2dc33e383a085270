"""The browser's CORS-preflight cache, and when Chromium uses it.

https://fetch.spec.whatwg.org/#concept-cache: a preflight's answer is kept
for its ``Access-Control-Max-Age`` and spares the preflight of a later
request it covers. Chromium consults it only under some cache modes
(:func:`reuses_preflight_cache`) and stores in it under all but one
(:func:`stores_preflight`), which the standard does not say; both were
checked against Chromium 156.
"""

from __future__ import annotations

from .checks import PreflightAnswer, method_refused, refused_headers
from .headers import CONDITIONAL_HEADERS, unsafe_request_header_names
from .request import BrowserRequest

__all__ = ["PreflightCache", "reuses_preflight_cache", "stores_preflight"]


def reuses_preflight_cache(request: BrowserRequest) -> bool:
    """Whether Chromium may answer this request's preflight from its cache.

    Under the cache modes ``"default"`` and ``"force-cache"`` only, and
    under ``"default"`` not when the page sets a conditional header
    (``If-None-Match``, ``If-Modified-Since``, ``If-Unmodified-Since``,
    ``If-Match``, ``If-Range``): the standard turns that into a validating
    fetch (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch), and
    Chromium bypasses the preflight cache for every validating or
    cache-bypassing mode.
    """
    if request.cache == "force-cache":
        return True
    return request.cache == "default" and not any(
        name.lower() in CONDITIONAL_HEADERS for name, _ in request.header_list
    )


def stores_preflight(request: BrowserRequest) -> bool:
    """Whether Chromium keeps this request's preflight answer: under any cache mode but no-store."""
    return request.cache != "no-store"


class PreflightCache:
    """The browser's CORS-preflight cache: https://fetch.spec.whatwg.org/#concept-cache.

    Entries are keyed by origin, URL and whether credentials are included,
    kept for their :attr:`PreflightAnswer.max_age`, and cover a later
    request when its method and unsafe headers pass against them; ``*``
    never covers ``Authorization`` there (Chromium preflights such a
    request each time, although the preflight's own check lets ``*`` cover
    it). Time is given by the caller (seconds on any monotonic clock), so
    the model stays pure. The cache modes are the driver's business
    (:func:`reuses_preflight_cache`): this answers whatever the mode.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, bool], tuple[PreflightAnswer, float]] = {}

    @staticmethod
    def _key(request: BrowserRequest) -> tuple[str, str, bool]:
        return (request.origin, request.url.partition("#")[0], request.includes_credentials)

    def store(self, request: BrowserRequest, answer: PreflightAnswer, now: float) -> None:
        """Keep a preflight's answer for the request's origin, URL and credentials mode."""
        key = self._key(request)
        if answer.max_age <= 0:
            self._entries.pop(key, None)
            return
        self._entries[key] = (answer, now + answer.max_age)

    def lookup(self, request: BrowserRequest, now: float) -> PreflightAnswer | None:
        """Return a live answer that covers the request's method and headers, or None."""
        entry = self._entries.get(self._key(request))
        if entry is None or entry[1] <= now:
            return None
        answer = entry[0]
        if method_refused(answer, request.method):
            return None
        names = unsafe_request_header_names(request.header_list)
        if refused_headers(answer, names):
            return None
        if "authorization" in names and "authorization" not in answer.headers:
            # Chromium lets "*" cover Authorization in a preflight's answer,
            # but not in its cache: such a request is preflighted every time
            # (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name).
            return None
        return answer
