"""The one driver: a page's ``fetch()`` from first request to verdict, as Chromium runs it.

:func:`fetch` walks the Fetch standard's steps for a request: for each URL
(the first, then each redirect followed) it sends a preflight when one is
needed and not cached, then the request, and checks each answer; it
follows redirects as the request's redirect mode says, with the CORS check
on every hop, the tainted origin (``Origin: null`` after a redirect to
another origin) and the limit of 20. The only I/O is the caller's ``send``,
which answers each :class:`~flask_cors.core.browser.Outgoing` request, so
:class:`flask_cors.testing.BrowserClient`, ``flask cors explain`` and the
Chromium suite's harness all judge by this one function.

Steps: https://fetch.spec.whatwg.org/#main-fetch,
https://fetch.spec.whatwg.org/#http-fetch and
https://fetch.spec.whatwg.org/#http-redirect-fetch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal, TypeAlias

from attrs import evolve, frozen

from ..constants import (
    ACL_ALLOW_HEADERS,
    ACL_REQUEST_HEADERS,
    ACL_REQUEST_METHOD,
    ACL_RESPONSE_PRIVATE_NETWORK,
    ORIGIN,
)
from ..urls import has_credentials, is_url, resolve, url_origin, without_fragment
from .cache import PreflightCache, reuses_preflight_cache, stores_preflight
from .checks import (
    CHROMIUM_MAX_AGE_CAP,
    REDIRECT_STATUSES,
    PreflightAnswer,
    basic_headers,
    check_preflight,
    conflicting_headers,
    cors_check,
    location,
    readable_headers,
    token_list,
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
from .headers import (
    CONDITIONAL_HEADERS,
    REDIRECT_DROPPED_HINTS,
    REQUEST_BODY_HEADERS,
    client_hints,
    is_safelisted_method,
    unsafe_request_header_names,
)
from .messages import CorsFailure, Step, chromium_message
from .request import BrowserRequest
from .wire import BrowserResponse, Exchange, Outgoing

__all__ = [
    "MAX_REDIRECTS",
    "ResponseType",
    "Send",
    "Verdict",
    "fetch",
    "judge",
    "needs_preflight",
    "preflight_headers",
]

#: How many redirects fetch follows; the next one fails
#: (https://fetch.spec.whatwg.org/#http-redirect-fetch).
MAX_REDIRECTS: Final = 20

#: What answers each request the browser sends: the model's only I/O.
Send: TypeAlias = Callable[[Outgoing], BrowserResponse]
#: The page's response's type (https://fetch.spec.whatwg.org/#concept-response-type):
#: ``"basic"`` from its own origin, ``"cors"`` from another, ``"opaqueredirect"``
#: for a redirect under ``redirect: "manual"``.
ResponseType: TypeAlias = Literal["basic", "cors", "opaqueredirect"]

# Where a redirect may not lead. Chromium's network stack refuses these
# (net::ERR_UNSAFE_REDIRECT) and cannot load those (net::ERR_UNKNOWN_URL_SCHEME);
# any other scheme but HTTP(S) is a CORS error. Each was checked in Chromium 156.
_UNSAFE_SCHEMES: Final = frozenset({"about", "blob", "data", "file", "filesystem"})
_UNLOADABLE_SCHEMES: Final = frozenset({"ws", "wss"})
_CHECKED_CORS_SCHEMES: Final = frozenset({"ftp", "foo", "javascript", "ws", "wss"})
_HTTP_SCHEMES: Final = frozenset({"http", "https"})


@frozen
class Verdict:
    """What the browser did with one ``fetch()``.

    Attributes:
        allowed: Whether the page may read the response (the fetch resolved).
        preflighted: Whether the browser sent a preflight (for any URL of
            the fetch; False when none was needed or cached ones covered it).
        step: Which part failed, or None when allowed.
        error: What failed, or None when allowed.
        message: Chromium's console message for it, word for word, or "".
        readable: The response headers the page can read, as lower-case
            names and values, sorted by name, as ``Headers`` lists them.
        departures: Where this verdict does not simply follow the Fetch
            standard, one sentence each: Chromium's departures from it, and
            the model's from Chromium (see the docs' list).
        answer: What the last preflight sent allowed; None when none was
            sent or it failed.
        refused_headers: For :attr:`CorsFailure.HEADER_NOT_ALLOWED`, every
            request header the preflight did not allow. The message names
            one; Chromium may name another of them.
        status: The status the page reads (0 for an opaque redirect), or
            None when it reads nothing.
        response_type: The type of the response the page gets, or None.
        url: The URL of the last response: the one the page reads
            (``response.url``), or the one that failed.
        redirects: Each URL a redirect led to, in order.
        exchanges: Every request sent and its answer, in order: preflights,
            requests and redirects.

    """

    allowed: bool
    preflighted: bool
    step: Step | None = None
    error: CorsFailure | None = None
    message: str = ""
    readable: tuple[tuple[str, str], ...] = ()
    departures: tuple[str, ...] = ()
    answer: PreflightAnswer | None = None
    refused_headers: tuple[str, ...] = ()
    status: int | None = None
    response_type: ResponseType | None = None
    url: str = ""
    redirects: tuple[str, ...] = ()
    exchanges: tuple[Exchange, ...] = ()

    @property
    def redirected(self) -> bool:
        """Whether a redirect was followed (``response.redirected``)."""
        return bool(self.redirects)


def _cross_origin(request: BrowserRequest) -> bool:
    return url_origin(request.url) != request.origin


def _needs_preflight_here(request: BrowserRequest) -> bool:
    return not is_safelisted_method(request.method) or bool(
        unsafe_request_header_names(request.header_list)
    )


def needs_preflight(request: BrowserRequest) -> bool:
    """Whether the browser sends a preflight before the request (its first URL, nothing cached).

    https://fetch.spec.whatwg.org/#cors-preflight-fetch: for a request to
    another origin, when the method is not safelisted or a header is not
    (:func:`~flask_cors.core.browser.unsafe_request_header_names`).
    """
    return _cross_origin(request) and _needs_preflight_here(request)


def preflight_headers(request: BrowserRequest) -> tuple[tuple[str, str], ...]:
    """Return the CORS headers of the preflight the browser sends for a request.

    ``Origin``, ``Access-Control-Request-Method`` (the method as sent), and
    ``Access-Control-Request-Headers`` when there are unsafe headers:
    https://fetch.spec.whatwg.org/#cors-preflight-fetch-0.
    """
    headers = [(ORIGIN, request.origin), (ACL_REQUEST_METHOD, request.method)]
    names = unsafe_request_header_names(request.header_list)
    if names:
        headers.append((ACL_REQUEST_HEADERS, ",".join(names)))
    return tuple(headers)


class _Fetch:
    """One run of :func:`fetch`: the request's state as it moves from URL to URL."""

    def __init__(
        self, request: BrowserRequest, send: Send, cache: PreflightCache, now: float
    ) -> None:
        self.request = request
        self.send = send
        self.cache = cache
        self.now = now
        self.exchanges: list[Exchange] = []
        self.departures: list[str] = []
        self.redirects: list[str] = []
        # The redirects the current network request followed: Chromium's
        # network stack counts them apart from fetch's own count.
        self.network_redirects = 0
        # https://fetch.spec.whatwg.org/#concept-request-tainted-origin
        self.tainted = False
        # https://fetch.spec.whatwg.org/#concept-request-response-tainting:
        # "cors" from the first URL of another origin on.
        self.cors = False
        self.preflighted = False
        self.answer: PreflightAnswer | None = None
        self.hop = request

    def _exchange(self, outgoing: Outgoing) -> BrowserResponse | Verdict:
        """Send one request; its response, or the verdict when the network stack refuses it."""
        response = self.send(outgoing)
        self.exchanges.append(Exchange(outgoing, response))
        refused = conflicting_headers(response)
        if refused is not None:
            step = Step.PREFLIGHT if outgoing.preflight else Step.RESPONSE
            return self._blocked(step, refused, "")
        target = location(response)
        if target is None:
            return response
        # Chromium's network stack refuses these redirects before anything
        # else looks at them (the CORS check, the redirect mode): a 21st
        # redirect of one network request, and one to no URL (a preflight's
        # too).
        if not outgoing.preflight and self.network_redirects >= MAX_REDIRECTS:
            return self._blocked(Step.REDIRECT, CorsFailure.TOO_MANY_REDIRECTS, "")
        if not is_url(resolve(self.hop.url, target)):
            step = Step.PREFLIGHT if outgoing.preflight else Step.REDIRECT
            return self._blocked(step, CorsFailure.INVALID_REDIRECT, "")
        return response

    def _verdict(self, outcome: Verdict) -> Verdict:
        """Return the outcome with what this run saw: exchanges, redirects, departures."""
        departures = list(self.departures)
        if self.request.cache == "force-cache" or any(
            _kept_fresh(exchange) for exchange in self.exchanges
        ):
            departures.append(HTTP_CACHE_DEPARTURE)
        if any(e.response.get(ACL_RESPONSE_PRIVATE_NETWORK) for e in self.exchanges):
            departures.append(LOCAL_NETWORK_DEPARTURE)
        return evolve(
            outcome,
            preflighted=self.preflighted,
            answer=self.answer,
            url=outcome.url or self.hop.url,
            redirects=tuple(self.redirects),
            exchanges=tuple(self.exchanges),
            departures=tuple(dict.fromkeys(departures)),
        )

    def _blocked(
        self,
        step: Step,
        error: CorsFailure,
        value: str,
        *,
        url: str | None = None,
        refused: tuple[str, ...] = (),
    ) -> Verdict:
        """Return the verdict of a fetch that fails here, with Chromium's line for it."""
        failed = self.hop.url if url is None else url
        if len(refused) > 1:
            self.departures.append(REFUSED_HEADER_DEPARTURE.format(names=", ".join(refused)))
        if error in (CorsFailure.INVALID_ALLOW_ORIGIN, CorsFailure.ALLOW_ORIGIN_MISMATCH) and (
            "%" in value or "xn--" in value.lower()
        ):
            self.departures.append(URL_PARSER_DEPARTURE.format(value=value))
        return self._verdict(
            Verdict(
                allowed=False,
                preflighted=False,
                step=step,
                error=error,
                message=chromium_message(self.request, step, error, value, url=failed),
                refused_headers=refused,
                url=failed,
            )
        )

    def run(self) -> Verdict:
        """Fetch the request's URL, then each redirect's, until a verdict."""
        while True:
            verdict = self._one_url()
            if verdict is not None:
                return verdict

    def _one_url(self) -> Verdict | None:
        """Preflight (if needed) and fetch the current URL; a verdict, or None to redirect."""
        request, hop = self.request, self.hop
        if not self.cors and url_origin(hop.url) != request.origin:
            self.cors = True
        if self.cors and _needs_preflight_here(hop):
            failed = self._preflight(hop)
            if failed is not None:
                return failed
        if self.cors:
            origin: str | None = hop.origin
        elif hop.method not in ("GET", "HEAD"):
            # https://fetch.spec.whatwg.org/#append-a-request-origin-header
            origin = request.origin
        else:
            origin = None
        sent = hop.header_list if origin is None else ((ORIGIN, origin), *hop.header_list)
        response = self._exchange(
            Outgoing(
                hop.method,
                without_fragment(hop.url),
                sent,
                body=None if hop.body is None else hop.body.data,
                # https://fetch.spec.whatwg.org/#http-network-or-cache-fetch:
                # "include", or "same-origin" while the tainting is "basic".
                credentials=request.credentials == "include"
                or (request.credentials == "same-origin" and not self.cors),
            )
        )
        if isinstance(response, Verdict):
            return response
        if self.cors:
            failure = cors_check(hop, response)
            if failure is not None:
                return self._blocked(Step.RESPONSE, *failure)
        if response.status in REDIRECT_STATUSES:
            return self._redirect(response)
        return self._final(response)

    def _preflight(self, hop: BrowserRequest) -> Verdict | None:
        """Send the preflight unless the cache covers the request; a verdict if it fails."""
        cached = self.cache.lookup(hop, self.now)
        if cached is not None and self.tainted:
            # Chromium keys its cache by an opaque origin here, which matches
            # no other: a tainted request's preflight is never reused.
            self.departures.append(TAINTED_CACHE_DEPARTURE)
            cached = None
        if cached is not None and not reuses_preflight_cache(hop):
            conditional = [n for n, _ in hop.header_list if n.lower() in CONDITIONAL_HEADERS]
            self.departures.append(
                CACHE_MODE_DEPARTURE.format(
                    mode=hop.cache,
                    conditional=f" with {', '.join(conditional)}" if conditional else "",
                )
            )
            cached = None
        if cached is not None:
            return None
        self.preflighted = True
        response = self._exchange(
            Outgoing("OPTIONS", without_fragment(hop.url), preflight_headers(hop), preflight=True)
        )
        if isinstance(response, Verdict):
            return response
        checked = check_preflight(hop, response)
        if not isinstance(checked, PreflightAnswer):
            error, value = checked
            refused: tuple[str, ...] = ()
            if error is CorsFailure.HEADER_NOT_ALLOWED:
                names = unsafe_request_header_names(hop.header_list)
                refused = tuple(
                    name for name in names if _refuses(response, hop.includes_credentials, name)
                )
            return self._blocked(Step.PREFLIGHT, error, value, refused=refused)
        self.answer = checked
        if stores_preflight(hop):
            self.cache.store(hop, checked, self.now)
        if checked.asked_max_age is not None and checked.asked_max_age > CHROMIUM_MAX_AGE_CAP:
            self.departures.append(MAX_AGE_CAP_DEPARTURE.format(asked=checked.asked_max_age))
        if (
            not checked.credentials
            and "*" in checked.headers
            and "authorization" not in checked.headers
            and "authorization" in unsafe_request_header_names(hop.header_list)
        ):
            self.departures.append(AUTHORIZATION_DEPARTURE)
        return None

    def _redirect(self, response: BrowserResponse) -> Verdict | None:
        """Follow a redirect as the redirect mode says; a verdict, or None to go on."""
        request, hop = self.request, self.hop
        if request.redirect == "manual":
            # https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect
            return self._verdict(
                Verdict(allowed=True, preflighted=False, status=0, response_type="opaqueredirect")
            )
        target = location(response)
        if target is None:
            if request.redirect == "error":
                self.departures.append(
                    REDIRECT_WITHOUT_LOCATION_DEPARTURE.format(status=response.status)
                )
            elif response.get("Location") is not None:
                self.departures.append(EMPTY_LOCATION_DEPARTURE.format(status=response.status))
            return self._final(response)
        # In Chromium's order (each checked in Chromium 156): the count, the
        # schemes its network stack refuses, credentials, the redirect mode,
        # then the schemes CORS refuses.
        if len(self.redirects) >= MAX_REDIRECTS:
            return self._blocked(Step.REDIRECT, CorsFailure.TOO_MANY_REDIRECTS, "")
        url = resolve(hop.url, target)
        scheme = url.partition(":")[0].lower()
        if scheme in _UNSAFE_SCHEMES:
            return self._blocked(Step.REDIRECT, CorsFailure.UNSAFE_REDIRECT, "")
        if has_credentials(url) and (self.cors or url_origin(url) != request.origin):
            # Chromium names the location '' here, whatever it was.
            return self._blocked(Step.REDIRECT, CorsFailure.REDIRECT_CREDENTIALS, "")
        if request.redirect == "error":
            return self._blocked(Step.REDIRECT, CorsFailure.REDIRECT_MODE_ERROR, "")
        following = _redirected(hop, url, response.status, request.origin)
        # Chromium starts a new network request (whose own count of redirects
        # starts at 0) where CORS starts, where the method changes, and where
        # a preflight comes first; else the same one follows the redirect.
        restarted = (
            (not self.cors and url_origin(url) != request.origin)
            or following.method != hop.method
            or (self.cors and _needs_preflight_here(following))
        )
        if scheme in _UNLOADABLE_SCHEMES and not restarted:
            # The network stack cannot load it; a request started again
            # meets the CORS scheme check first.
            return self._blocked(Step.REDIRECT, CorsFailure.UNKNOWN_URL_SCHEME, "")
        if scheme not in _HTTP_SCHEMES:
            if scheme not in _CHECKED_CORS_SCHEMES:
                self.departures.append(REDIRECT_SCHEME_DEPARTURE.format(scheme=scheme))
            return self._blocked(Step.REDIRECT, CorsFailure.REDIRECT_SCHEME, "", url=url)
        self.redirects.append(url)
        self.network_redirects = 0 if restarted else self.network_redirects + 1
        self.hop = following
        dropped = [n for n, _ in hop.header_list if n.lower() in REDIRECT_DROPPED_HINTS]
        if dropped and url_origin(url) != request.origin:
            self.departures.append(CLIENT_HINT_REDIRECT_DEPARTURE.format(names=", ".join(dropped)))
        if url_origin(hop.url) != url_origin(url) and request.origin != url_origin(hop.url):
            self.tainted = True
        if self.tainted:
            self.hop = evolve(self.hop, origin="null")
        return None

    def _final(self, response: BrowserResponse) -> Verdict:
        hop = self.hop
        if self.cors:
            hints = client_hints(self.request.header_list)
            if hints and not unsafe_request_header_names(self.request.header_list):
                self.departures.insert(0, CLIENT_HINT_DEPARTURE.format(names=", ".join(hints)))
        return self._verdict(
            Verdict(
                allowed=True,
                preflighted=False,
                readable=readable_headers(hop, response) if self.cors else basic_headers(response),
                status=response.status,
                response_type="cors" if self.cors else "basic",
            )
        )


def _kept_fresh(exchange: Exchange) -> bool:
    """Whether Chromium's HTTP cache would answer a later GET of this URL from this response.

    Checked in Chromium 156: a 301 or 308 is fresh for good, and so is a
    response with ``max-age`` above 0, ``Expires`` or ``Last-Modified``
    (heuristically), unless ``no-store``, ``no-cache`` or ``max-age=0``
    says otherwise (https://httpwg.org/specs/rfc9111.html#expiration.model).
    """
    if exchange.request.preflight or exchange.request.method != "GET":
        return False
    response = exchange.response
    control = (response.get("Cache-Control") or "").lower()
    if "no-store" in control or "no-cache" in control or "max-age=0" in control:
        return False
    return (
        response.status in (301, 308)
        or "max-age" in control
        or response.get("Expires") is not None
        or response.get("Last-Modified") is not None
    )


def _refuses(preflight: BrowserResponse, credentials: bool, name: str) -> bool:
    """Whether a preflight's Access-Control-Allow-Headers leaves one request header out."""
    allowed = {item.lower() for item in token_list(preflight.get(ACL_ALLOW_HEADERS)) or ()}
    return (credentials or "*" not in allowed) and name not in allowed


def _redirected(hop: BrowserRequest, url: str, status: int, page: str) -> BrowserRequest:
    """Return the request as it goes to a redirect's target: https://fetch.spec.whatwg.org/#http-redirect-fetch."""
    method, body, headers = hop.method, hop.body, hop.header_list
    # A 303 turns any method but GET and HEAD into GET, a 301 or 302 a POST;
    # the body goes, and the headers that describe it.
    if (status in (301, 302) and method == "POST") or (
        status == 303 and method not in ("GET", "HEAD")
    ):
        method, body = "GET", None
        headers = tuple(pair for pair in headers if pair[0].lower() not in REQUEST_BODY_HEADERS)
    if url_origin(hop.url) != url_origin(url):
        # Authorization never follows a redirect to another origin.
        headers = tuple(pair for pair in headers if pair[0].lower() != "authorization")
    if url_origin(url) != page:
        # Chromium drops the page's client hints on the way to another origin
        # than the page's (CLIENT_HINT_REDIRECT_DEPARTURE).
        headers = tuple(pair for pair in headers if pair[0].lower() not in REDIRECT_DROPPED_HINTS)
    return evolve(hop, url=url, method=method, body=body, headers=headers)


def fetch(
    request: BrowserRequest,
    send: Send,
    *,
    cache: PreflightCache | None = None,
    now: float = 0.0,
) -> Verdict:
    """Run a page's ``fetch()`` as Chromium does, asking ``send`` for every answer.

    Args:
        request: The page's request.
        send: Answers each request the browser sends (preflights included)
            with the response; the model's only I/O.
        cache: The browser's preflight cache: consulted and filled as
            Chromium does under the request's cache mode. Without one, a
            fresh cache (nothing cached).
        now: The time, in seconds on the cache's clock.

    Returns:
        The :class:`Verdict`, with every exchange.

    """
    return _Fetch(request, send, PreflightCache() if cache is None else cache, now).run()


def judge(
    request: BrowserRequest,
    *,
    preflight: BrowserResponse | None = None,
    response: BrowserResponse | None = None,
    cached: PreflightAnswer | None = None,
) -> Verdict:
    """Judge a ``fetch()`` of one URL from its answers, as Chromium does.

    :func:`fetch` with the answers given: the preflight's, the request's.
    A response that redirects cannot be judged so: use :func:`fetch` with a
    ``send`` that answers each URL.

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
        ValueError: A response the verdict depends on is missing, or the
            response redirects.

    """
    cache = PreflightCache()
    if cached is not None:
        cache.store(request, evolve(cached, max_age=max(cached.max_age, 1)), now=0.0)
    sent: list[Outgoing] = []

    def answer(outgoing: Outgoing) -> BrowserResponse:
        if outgoing.preflight:
            if preflight is None:
                raise ValueError("this request needs a preflight: pass its answer as preflight=")
            return preflight
        if sent:
            raise ValueError(
                f"the response redirects to {outgoing.url}: judge() takes one response; "
                "use fetch() with a send that answers each URL"
            )
        sent.append(outgoing)
        if response is None:
            raise ValueError("the request was sent: pass its answer as response=")
        return response

    return fetch(request, answer, cache=cache, now=0.0)
