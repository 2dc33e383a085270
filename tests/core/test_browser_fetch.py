"""The driver, fetch(): preflights, the cache modes, redirects, as Chromium 156 runs them.

Every expectation here is what Chromium 156 did with the same requests and
answers (the console lines word for word); the generated run in
tests/browser checks the same rules on random cases against Chromium.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from flask_cors.core.browser import (
    CACHE_MODE_DEPARTURE,
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
    Body,
    BrowserRequest,
    BrowserResponse,
    CorsFailure,
    Outgoing,
    PreflightCache,
    Step,
    Verdict,
    fetch,
    judge,
)

PAGE = "http://localhost:8000"
API = "http://127.0.0.1:5000"
OTHER = "http://127.0.0.1:6000"
BLOCKED = "has been blocked by CORS policy: "
PREFLIGHT = "Response to preflight request doesn't pass access control check: "
NO_ACAO = "No 'Access-Control-Allow-Origin' header is present on the requested resource."

Headers = tuple[tuple[str, str], ...]


def acao(origin: str = PAGE) -> tuple[str, str]:
    """An Access-Control-Allow-Origin header."""
    return ("Access-Control-Allow-Origin", origin)


ALLOW_ALL: Headers = (
    ("Access-Control-Allow-Methods", "PUT, POST, DELETE"),
    ("Access-Control-Allow-Headers", "x-a, content-type, authorization"),
)
PASSING: Headers = (acao(), *ALLOW_ALL)


class Server:
    """Answers each URL (without fragment) with a preflight answer and an answer; records all."""

    def __init__(self, routes: Mapping[str, tuple[BrowserResponse, BrowserResponse]]) -> None:
        self.routes = routes
        self.sent: list[Outgoing] = []

    def __call__(self, outgoing: Outgoing) -> BrowserResponse:
        """Answer one request."""
        self.sent.append(outgoing)
        preflight, response = self.routes[outgoing.url]
        return preflight if outgoing.preflight else response

    def seen(self) -> list[tuple[str, str, str | None]]:
        """Each request sent: the method (OPTIONS for a preflight), the URL and the Origin."""
        return [(o.method, o.url, o.get("Origin")) for o in self.sent]


def hop(
    status: int, *headers: tuple[str, str], preflight: Headers = PASSING
) -> tuple[BrowserResponse, BrowserResponse]:
    """A URL's answers: a passing preflight answer (unless given), and the response."""
    return BrowserResponse(200, preflight), BrowserResponse(status, headers)


def to(url: str) -> tuple[str, str]:
    """A Location header."""
    return ("Location", url)


def message(url: str, detail: str, first: str | None = None) -> str:
    """Chromium's console line for a fetch blocked at ``url``, redirected from ``first``."""
    redirected = f"(redirected from '{first}') " if first else ""
    return f"Access to fetch at '{url}' {redirected}from origin '{PAGE}' {BLOCKED}{detail}"


def run(
    request: BrowserRequest, routes: Mapping[str, tuple[BrowserResponse, BrowserResponse]]
) -> tuple[Verdict, Server]:
    """Fetch through a Server of these routes; return the verdict and the server."""
    server = Server(routes)
    return fetch(request, server), server


A0, A1, A2 = f"{API}/a?h=0", f"{API}/a?h=1", f"{API}/a?h=2"
B1 = f"{OTHER}/b?h=1"


def test_a_redirect_is_followed_and_the_last_response_read() -> None:
    """A 302 the CORS check passes is followed; the page reads the last response and its URL."""
    verdict, server = run(
        BrowserRequest(PAGE, A0),
        {
            A0: hop(302, acao(), to("/a?h=1"), ("X-A", "0")),
            A1: hop(200, acao(), ("X-A", "1"), ("Access-Control-Expose-Headers", "x-a")),
        },
    )
    assert verdict.allowed, verdict
    assert (verdict.status, verdict.url, verdict.redirected) == (200, A1, True)
    assert verdict.redirects == (A1,)
    assert verdict.readable == (("x-a", "1"),)
    assert verdict.response_type == "cors"
    assert server.seen() == [("GET", A0, PAGE), ("GET", A1, PAGE)]


def test_a_redirect_without_allow_origin_is_blocked_at_the_redirect() -> None:
    """The CORS check runs on the redirect itself: a 302 without ACAO blocks the fetch there."""
    verdict, server = run(BrowserRequest(PAGE, A0), {A0: hop(302, to(A1))})
    assert (verdict.step, verdict.error) == (Step.RESPONSE, CorsFailure.MISSING_ALLOW_ORIGIN)
    assert verdict.message == message(A0, NO_ACAO)
    assert len(server.sent) == 1


def test_a_login_redirect_outside_the_cors_rules_is_blocked_at_the_login_page() -> None:
    """A 302 to /login that has no ACAO is blocked there, "redirected from" the first URL."""
    verdict, _ = run(
        BrowserRequest(PAGE, A0),
        {A0: hop(302, acao(), to("/login")), f"{API}/login": hop(200)},
    )
    assert verdict.message == message(f"{API}/login", NO_ACAO, first=A0)
    assert verdict.url == f"{API}/login"


@pytest.mark.parametrize(
    ("allow", "allowed"), [(PAGE, False), ("null", True), ("*", True)]
)  # fmt: skip
def test_a_redirect_to_another_origin_taints_the_origin(allow: str, allowed: bool) -> None:
    """After a redirect to another origin the browser sends Origin: null, and checks ACAO for it."""
    verdict, server = run(
        BrowserRequest(PAGE, A0), {A0: hop(302, acao(), to(B1)), B1: hop(200, acao(allow))}
    )
    assert server.seen() == [("GET", A0, PAGE), ("GET", B1, "null")]
    assert verdict.allowed is allowed
    if not allowed:
        detail = (
            f"The 'Access-Control-Allow-Origin' header has a value '{PAGE}' that is not equal to "
            "the supplied origin. Have the server send the header with a valid value."
        )
        assert verdict.message == message(B1, detail, first=A0)


def test_the_tainted_origin_stays_tainted_back_on_the_first_origin() -> None:
    """A -> B -> A: the third request still says Origin: null."""
    verdict, server = run(
        BrowserRequest(PAGE, A0),
        {A0: hop(302, acao(), to(B1)), B1: hop(302, acao("*"), to(A2)), A2: hop(200, acao())},
    )
    assert [origin for _, _, origin in server.seen()] == [PAGE, "null", "null"]
    assert verdict.error is CorsFailure.ALLOW_ORIGIN_MISMATCH


def test_a_redirect_back_to_the_pages_own_origin_is_cors_with_a_null_origin() -> None:
    """A redirect from the API to the page's own origin is tainted: Origin: null, CORS checked."""
    home = f"{PAGE}/login"
    verdict, server = run(
        BrowserRequest(PAGE, A0), {A0: hop(302, acao(), to(home)), home: hop(200)}
    )
    assert server.seen()[-1] == ("GET", home, "null")
    assert verdict.message == message(home, NO_ACAO, first=A0)


def test_a_same_origin_fetch_redirected_away_becomes_cors() -> None:
    """A same-origin GET sends no Origin; redirected to the API it does, untainted, then CORS."""
    start, back = f"{PAGE}/go", f"{PAGE}/back"
    verdict, server = run(
        BrowserRequest(PAGE, start),
        {start: hop(302, to(A1)), A1: hop(302, acao(), to(back)), back: hop(200)},
    )
    assert server.seen() == [("GET", start, None), ("GET", A1, PAGE), ("GET", back, "null")]
    assert verdict.message == message(back, NO_ACAO, first=start)


def test_a_same_origin_response_is_basic_and_readable() -> None:
    """A same-origin fetch needs no CORS: every header but Set-Cookie is readable."""
    url = f"{PAGE}/own"
    verdict, server = run(
        BrowserRequest(PAGE, url, "PUT", {"X-A": "1"}, credentials="same-origin"),
        {url: hop(200, ("X-A", "1"), ("Set-Cookie", "a=b"))},
    )
    assert verdict.allowed
    assert verdict.response_type == "basic"
    assert verdict.readable == (("x-a", "1"),)
    # A same-origin PUT carries Origin, no preflight, and the page's cookies.
    assert server.seen() == [("PUT", url, PAGE)]
    assert server.sent[0].credentials


@pytest.mark.parametrize(
    ("credentials", "cookies"), [("omit", False), ("same-origin", False), ("include", True)]
)
def test_cookies_go_to_another_origin_only_under_include(credentials: str, cookies: bool) -> None:
    """Only "include" sends credentials to another origin, and never with a preflight."""
    creds = ("Access-Control-Allow-Credentials", "true")
    verdict, server = run(
        BrowserRequest(PAGE, A0, "PUT", credentials=credentials),  # type: ignore[arg-type]
        {A0: hop(200, acao(), creds, preflight=(acao(), creds, *ALLOW_ALL))},
    )
    assert verdict.allowed, verdict
    assert [o.credentials for o in server.sent] == [False, cookies]


def test_a_preflighted_request_is_preflighted_again_at_each_new_url() -> None:
    """A 307 keeps PUT and its body: the next URL gets its own preflight, then the PUT."""
    verdict, server = run(
        BrowserRequest(PAGE, A0, "PUT", body=Body.text("x")),
        {
            A0: hop(307, acao(), to(B1)),
            B1: hop(200, acao("null"), preflight=(acao("null"), *ALLOW_ALL)),
        },
    )
    assert verdict.allowed, verdict
    assert server.seen() == [
        ("OPTIONS", A0, PAGE), ("PUT", A0, PAGE), ("OPTIONS", B1, "null"), ("PUT", B1, "null"),
    ]  # fmt: skip
    assert server.sent[-1].body == b"x"


def test_a_preflight_failing_after_a_redirect_names_both_urls() -> None:
    """The next URL's preflight fails with Chromium's words, "redirected from" the first."""
    verdict, _ = run(
        BrowserRequest(PAGE, A0, "PUT"),
        {A0: hop(307, acao(), to(B1)), B1: hop(200, preflight=())},
    )
    assert verdict.step is Step.PREFLIGHT
    assert verdict.message == message(B1, PREFLIGHT + NO_ACAO, first=A0)


@pytest.mark.parametrize(
    ("method", "status", "headers", "then"),
    [
        ("PUT", 303, {}, ["GET"]),
        ("POST", 301, {"Content-Type": "application/json", "X-A": "1"}, ["OPTIONS", "GET"]),
        ("POST", 302, {}, ["GET"]),
        ("POST", 307, {}, ["POST"]),
        ("POST", 308, {}, ["POST"]),
        ("HEAD", 303, {}, ["HEAD"]),
        ("PUT", 302, {}, ["OPTIONS", "PUT"]),
    ],
)
def test_a_redirect_turns_the_method_into_get_as_fetch_does(
    method: str, status: int, headers: dict[str, str], then: list[str]
) -> None:
    """303 (any method but GET, HEAD) and 301/302 (POST) become GET without body or its headers."""
    body = None if method == "HEAD" else Body.text("x")
    verdict, server = run(
        BrowserRequest(PAGE, A0, method, headers, body=body),
        {A0: hop(status, acao(), to(A1)), A1: hop(200, acao())},
    )
    assert verdict.allowed, verdict
    after = [o for o in server.sent if o.url == A1]
    assert [o.method for o in after] == then
    if then[-1] == "GET":
        assert after[-1].body is None
        assert after[-1].get("Content-Type") is None
        assert after[-1].get("X-A") == headers.get("X-A")


@pytest.mark.parametrize(("target", "kept"), [(A1, True), (B1, False)])
def test_authorization_never_follows_a_redirect_to_another_origin(target: str, kept: bool) -> None:
    """Authorization goes on to the same origin (preflighted again), not to another."""
    verdict, server = run(
        BrowserRequest(PAGE, A0, headers={"Authorization": "Bearer t"}),
        {A0: hop(302, acao(), to(target)), target: hop(200, acao(), acao("null"))},
    )
    last = server.sent[-1]
    assert (last.get("Authorization") is not None) is kept
    assert [o.preflight for o in server.sent if o.url == target] == (
        [True, False] if kept else [False]
    )
    del verdict


def test_redirect_manual_gives_an_opaque_redirect_after_the_cors_check() -> None:
    """Under "manual" the page gets status 0, type opaqueredirect, no headers; not followed."""
    for redirect in [hop(302, acao(), to(A1)), hop(302, acao())]:
        verdict, server = run(BrowserRequest(PAGE, A0, redirect="manual"), {A0: redirect})
        assert (verdict.allowed, verdict.status, verdict.response_type) == (
            True, 0, "opaqueredirect",
        )  # fmt: skip
        assert verdict.readable == ()
        assert len(server.sent) == 1
    refused, _ = run(BrowserRequest(PAGE, A0, redirect="manual"), {A0: hop(302, to(A1))})
    assert refused.error is CorsFailure.MISSING_ALLOW_ORIGIN


def test_redirect_error_fails_on_a_redirect_with_chromiums_network_error() -> None:
    """Under "error" a redirect the CORS check passes fails: "net::ERR_FAILED", no CORS words."""
    verdict, _ = run(BrowserRequest(PAGE, A0, redirect="error"), {A0: hop(302, acao(), to(A1))})
    assert (verdict.step, verdict.error) == (Step.REDIRECT, CorsFailure.REDIRECT_MODE_ERROR)
    assert verdict.message == "Failed to load resource: net::ERR_FAILED"
    refused, _ = run(BrowserRequest(PAGE, A0, redirect="error"), {A0: hop(302, to(A1))})
    assert refused.error is CorsFailure.MISSING_ALLOW_ORIGIN


@pytest.mark.parametrize("location", [None, ""])
def test_a_redirect_status_without_a_location_is_the_response(location: str | None) -> None:
    """Chromium gives the page a 302 without a non-empty Location as it is, and says so."""
    headers = [acao()] if location is None else [acao(), to(location)]
    for mode, departure in [
        ("follow", EMPTY_LOCATION_DEPARTURE if location == "" else None),
        ("error", REDIRECT_WITHOUT_LOCATION_DEPARTURE),
    ]:
        verdict, _ = run(BrowserRequest(PAGE, A0, redirect=mode), {A0: hop(302, *headers)})  # type: ignore[arg-type]
        assert (verdict.allowed, verdict.status) == (True, 302)
        expected = () if departure is None else (departure.format(status=302),)
        assert verdict.departures == expected


@pytest.mark.parametrize("status", [300, 304, 305])
def test_only_redirect_statuses_redirect(status: int) -> None:
    """A 300, 304 or 305 with a Location is a response, not a redirect."""
    verdict, server = run(BrowserRequest(PAGE, A0), {A0: hop(status, acao(), to(A1))})
    assert (verdict.allowed, verdict.status, len(server.sent)) == (True, status, 1)


def test_a_location_repeated_is_one_and_two_different_ones_are_refused() -> None:
    """Chromium follows one Location sent twice, and refuses a response with two different ones."""
    verdict, _ = run(
        BrowserRequest(PAGE, A0),
        {A0: hop(302, acao(), to(A1), to(f" {A1} ")), A1: hop(200, acao())},
    )
    assert verdict.url == A1
    for response in [hop(302, acao(), to(""), to(A1)), hop(200, to(A1), to(A2))]:
        verdict, _ = run(BrowserRequest(PAGE, A0), {A0: response})
        assert (verdict.step, verdict.error) == (Step.RESPONSE, CorsFailure.MULTIPLE_LOCATION)
        assert (
            verdict.message
            == "Failed to load resource: net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"
        )


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Content-Length", CorsFailure.MULTIPLE_CONTENT_LENGTH),
        ("Content-Disposition", CorsFailure.MULTIPLE_CONTENT_DISPOSITION),
        ("Location", CorsFailure.MULTIPLE_LOCATION),
    ],
)
def test_two_values_of_a_single_header_fail_even_a_preflight(name: str, error: CorsFailure) -> None:
    """Chromium's network stack refuses two different values of these, before any CORS check."""
    verdict, server = run(
        BrowserRequest(PAGE, A0, "PUT"),
        {A0: hop(200, preflight=(*PASSING, (name, "1"), (name, "2")))},
    )
    assert (verdict.step, verdict.error) == (Step.PREFLIGHT, error)
    assert len(server.sent) == 1


def test_a_redirect_to_ws_fails_in_the_network_unless_a_preflight_comes_first() -> None:
    """A simple request cannot load ws:; one that needs a preflight there meets the CORS check."""
    simple, _ = run(BrowserRequest(PAGE, A0), {A0: hop(302, acao(), to("ws://127.0.0.1:9/"))})
    assert simple.error is CorsFailure.UNKNOWN_URL_SCHEME
    preflighted, _ = run(
        BrowserRequest(PAGE, A0, headers={"X-A": "1"}),
        {A0: hop(302, acao(), to("ws://127.0.0.1:9/"))},
    )
    assert preflighted.message == message("ws://127.0.0.1:9/", SCHEMES, first=A0)


def test_twenty_redirects_are_followed_and_the_twenty_first_fails() -> None:
    """fetch follows 20 redirects; the 21st is net::ERR_TOO_MANY_REDIRECTS."""
    urls = [f"{API}/r?h={n}" for n in range(22)]
    routes = {url: hop(302, acao(), to(urls[n + 1])) for n, url in enumerate(urls[:-1])}
    routes[urls[20]] = hop(200, acao())
    verdict, server = run(BrowserRequest(PAGE, urls[0]), routes)
    assert verdict.allowed
    assert (len(verdict.redirects), len(server.sent)) == (20, 21)
    routes[urls[20]] = hop(302, acao(), to(urls[21]))
    verdict, server = run(BrowserRequest(PAGE, urls[0]), routes)
    assert (verdict.step, verdict.error) == (Step.REDIRECT, CorsFailure.TOO_MANY_REDIRECTS)
    assert verdict.message == "Failed to load resource: net::ERR_TOO_MANY_REDIRECTS"
    assert len(server.sent) == 21


SCHEMES = (
    "Cross origin requests are only supported for protocol schemes: chrome, "
    "chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, "
    "https, isolated-app."
)
CREDENTIALS = (
    "Redirect location '' contains a username and password, which is disallowed for "
    "cross-origin requests."
)


@pytest.mark.parametrize(
    ("location", "error", "words"),
    [
        ("data:text/plain,x", CorsFailure.UNSAFE_REDIRECT,
         "Failed to load resource: net::ERR_UNSAFE_REDIRECT"),
        ("file:///etc/passwd", CorsFailure.UNSAFE_REDIRECT,
         "Failed to load resource: net::ERR_UNSAFE_REDIRECT"),
        ("about:blank", CorsFailure.UNSAFE_REDIRECT,
         "Failed to load resource: net::ERR_UNSAFE_REDIRECT"),
        ("ws://127.0.0.1:1/", CorsFailure.UNKNOWN_URL_SCHEME,
         "Failed to load resource: net::ERR_UNKNOWN_URL_SCHEME"),
        ("http://[x]/", CorsFailure.INVALID_REDIRECT,
         "Failed to load resource: net::ERR_INVALID_REDIRECT"),
        ("ftp://127.0.0.1/x", CorsFailure.REDIRECT_SCHEME,
         message("ftp://127.0.0.1/x", SCHEMES, first=A0)),
        ("foo:bar", CorsFailure.REDIRECT_SCHEME, message("foo:bar", SCHEMES, first=A0)),
        ("http://user:pw@127.0.0.1:1/x", CorsFailure.REDIRECT_CREDENTIALS,
         message(A0, CREDENTIALS)),
        ("http://user@127.0.0.1:1/x", CorsFailure.REDIRECT_CREDENTIALS, message(A0, CREDENTIALS)),
    ],
)  # fmt: skip
def test_where_a_redirect_may_not_lead(location: str, error: CorsFailure, words: str) -> None:
    """A redirect to no URL, a scheme but HTTP(S), or credentials fails, in Chromium's words."""
    verdict, server = run(BrowserRequest(PAGE, A0), {A0: hop(302, acao(), to(location))})
    assert (verdict.step, verdict.error, verdict.message) == (Step.REDIRECT, error, words)
    assert len(server.sent) == 1


def test_a_redirect_to_an_unchecked_scheme_says_the_answer_is_a_guess() -> None:
    """A scheme Chromium was not seen to answer for gets the CORS scheme error and a departure."""
    verdict, _ = run(BrowserRequest(PAGE, A0), {A0: hop(302, acao(), to("gopher://x/"))})
    assert verdict.error is CorsFailure.REDIRECT_SCHEME
    assert verdict.departures == (REDIRECT_SCHEME_DEPARTURE.format(scheme="gopher"),)


def test_a_location_is_written_as_chromium_writes_urls() -> None:
    """Spaces and non-ASCII bytes are escaped; a fragment is in the message, not on the wire."""
    target = f"{API}/a?h=1&x=a%20b%E9#frag"
    verdict, server = run(
        BrowserRequest(PAGE, A0),
        {A0: hop(302, acao(), to("/a?h=1&x=a b\u00e9#frag")), target.partition("#")[0]: hop(200)},
    )
    assert verdict.message == message(target, NO_ACAO, first=A0)
    assert server.sent[-1].url == target.partition("#")[0]


def test_preflights_refuse_redirects_by_status_and_location() -> None:
    """A preflight's 307 + Location is a redirect (even without ACAO); 300 + Location a status."""
    blocked = (
        BrowserResponse(307, (to(A1),)),
        BrowserResponse(300, (acao(), to(A1), *ALLOW_ALL)),
        BrowserResponse(302, (acao(), *ALLOW_ALL)),
    )
    errors = [judge(BrowserRequest(PAGE, A0, "PUT"), preflight=answer).error for answer in blocked]
    assert errors == [
        CorsFailure.PREFLIGHT_REDIRECT, CorsFailure.PREFLIGHT_STATUS, CorsFailure.PREFLIGHT_STATUS,
    ]  # fmt: skip


def test_judge_refuses_a_response_that_redirects() -> None:
    """judge() takes one response; a redirect needs fetch() and a send for each URL."""
    with pytest.raises(ValueError, match="redirects to"):
        judge(BrowserRequest(PAGE, A0), response=BrowserResponse(302, (acao(), to(A1))))


# --- the preflight cache under fetch's cache modes ------------------------------------------

CACHED: Headers = (
    acao(),
    ("Access-Control-Allow-Methods", "PUT"),
    ("Access-Control-Allow-Headers", "x-a, if-none-match, if-modified-since, if-match"),
    ("Access-Control-Max-Age", "600"),
)


def twice(first: BrowserRequest, second: BrowserRequest) -> tuple[Verdict, Verdict]:
    """Fetch one URL twice through one cache; return both verdicts."""
    cache = PreflightCache()
    server = Server({A0: hop(200, acao(), preflight=CACHED)})
    return fetch(first, server, cache=cache, now=0.0), fetch(second, server, cache=cache, now=1.0)


def put(cache: str = "default", **headers: str) -> BrowserRequest:
    """A PUT with a cache mode and headers."""
    return BrowserRequest(PAGE, A0, "PUT", headers, cache=cache)  # type: ignore[arg-type]


INM = {"If-None-Match": "x"}


@pytest.mark.parametrize(
    ("first", "second", "again"),
    [
        (put(), put(), False),
        (put("force-cache"), put(), False),
        (put("reload"), put("force-cache"), False),
        (put("no-cache"), put("force-cache"), False),
        (put("no-store"), put(), True),
        (put(), put("no-store"), True),
        (put(), put("reload"), True),
        (put(), put("no-cache"), True),
        (put(**INM), put(**INM), True),
        (put(**{"if-modified-since": "x"}), put(**{"if-modified-since": "x"}), True),
        (put(**{"If-Match": "x"}), put(**{"If-Match": "x"}), True),
        (put(**INM), put("force-cache", **INM), False),
        (put("no-store", **INM), put("force-cache", **INM), True),
        (put(**{"X-A": "1"}), put(**{"X-A": "1", **INM}), True),
    ],
)
def test_the_preflight_cache_follows_chromiums_cache_mode_rules(
    first: BrowserRequest, second: BrowserRequest, again: bool
) -> None:
    """Reused under default (no conditional header) and force-cache; kept unless no-store."""
    _, verdict = twice(first, second)
    assert verdict.allowed
    assert verdict.preflighted is again


def test_bypassing_a_live_cached_preflight_is_named_a_departure() -> None:
    """The standard would use the cache whatever the mode; the verdict says Chromium does not."""
    _, verdict = twice(put(), put("no-cache"))
    assert verdict.departures == (CACHE_MODE_DEPARTURE.format(mode="no-cache", conditional=""),)
    _, verdict = twice(put(), put(**INM))
    assert verdict.departures == (
        CACHE_MODE_DEPARTURE.format(mode="default", conditional=" with If-None-Match"),
    )


def test_the_cache_is_keyed_by_credentials_included_or_not() -> None:
    """The modes "omit" and "same-origin" share an entry; "include" has its own."""
    creds = ("Access-Control-Allow-Credentials", "true")
    cache = PreflightCache()
    server = Server({A0: hop(200, acao(), creds, preflight=(*CACHED, creds))})
    sent = [
        fetch(BrowserRequest(PAGE, A0, "PUT", credentials=mode), server, cache=cache).preflighted
        for mode in ("omit", "same-origin", "include", "include", "same-origin")
    ]
    assert sent == [True, False, True, False, False]


def test_force_cache_says_the_model_has_no_http_cache() -> None:
    """Chromium may answer force-cache from its HTTP cache; the verdict says the model cannot."""
    verdict, _ = run(BrowserRequest(PAGE, A0, cache="force-cache"), {A0: hop(200, acao())})
    assert verdict.departures == (HTTP_CACHE_DEPARTURE,)


def test_max_age_over_chromiums_cap_is_named() -> None:
    """A max-age over 7200 is kept 7200 seconds, and the verdict says so."""
    verdict, _ = run(
        BrowserRequest(PAGE, A0, "PUT"),
        {A0: hop(200, acao(), preflight=(acao(), *ALLOW_ALL, ("Access-Control-Max-Age", "86400")))},
    )
    assert verdict.answer is not None
    assert verdict.answer.max_age == 7200
    assert verdict.departures == (MAX_AGE_CAP_DEPARTURE.format(asked=86400),)


def test_several_refused_headers_are_named_a_departure() -> None:
    """Chromium names one of several refused headers; the verdict lists them and says so."""
    verdict, _ = run(
        BrowserRequest(PAGE, A0, headers={"X-B": "1", "X-C": "1"}),
        {A0: hop(200, preflight=(acao(),))},
    )
    assert verdict.refused_headers == ("x-b", "x-c")
    assert verdict.departures == (REFUSED_HEADER_DEPARTURE.format(names="x-b, x-c"),)


def test_an_allow_origin_with_escapes_says_the_url_parser_may_differ() -> None:
    """A percent-escape in ACAO is parsed by the model's approximation of Chromium's parser."""
    verdict, _ = run(BrowserRequest(PAGE, A0), {A0: hop(200, acao("http://a%20b"))})
    assert verdict.error is CorsFailure.ALLOW_ORIGIN_MISMATCH
    assert verdict.departures == (URL_PARSER_DEPARTURE.format(value="http://a%20b"),)


@pytest.mark.parametrize("value", ["2", "two"])
def test_client_hints_the_page_set_are_dropped_at_a_redirect(value: str) -> None:
    """Chromium drops DPR and the like (not Save-Data) when it follows a redirect, and says so."""
    verdict, server = run(
        BrowserRequest(PAGE, A0, headers={"DPR": value, "Save-Data": "on", "X-A": "1"}),
        {
            A0: hop(302, acao(), to(A1), preflight=(acao(), ("Access-Control-Allow-Headers", "*"))),
            A1: hop(200, acao()),
        },
    )
    assert verdict.allowed, verdict
    last = server.sent[-1]
    assert (last.get("DPR"), last.get("Save-Data"), last.get("X-A")) == (None, "on", "1")
    assert server.sent[-2].get("Access-Control-Request-Headers") == "x-a"
    assert CLIENT_HINT_REDIRECT_DEPARTURE.format(names="DPR") in verdict.departures


@pytest.mark.parametrize("redirect", ["follow", "manual", "error"])
def test_a_location_that_is_no_url_fails_before_the_cors_check(redirect: str) -> None:
    """Chromium's network stack refuses it first: no ACAO, any redirect mode, even a preflight's."""
    verdict, _ = run(
        BrowserRequest(PAGE, A0, redirect=redirect),  # type: ignore[arg-type]
        {A0: hop(302, to("http://[x]/"))},
    )
    assert (verdict.step, verdict.error) == (Step.REDIRECT, CorsFailure.INVALID_REDIRECT)
    preflight_redirect = BrowserResponse(307, (to("http://[x]/"),))
    assert judge(BrowserRequest(PAGE, A0, "PUT"), preflight=preflight_redirect).error is (
        CorsFailure.INVALID_REDIRECT
    )


def test_a_tainted_request_never_reuses_a_cached_preflight() -> None:
    """After a redirect to another origin Chromium preflights every time, whatever max-age said."""
    cache = PreflightCache()
    null_allowed = (acao("null"), *ALLOW_ALL, ("Access-Control-Max-Age", "600"))
    server = Server(
        {A0: hop(307, acao(), to(B1)), B1: hop(200, acao("null"), preflight=null_allowed)}
    )
    first = fetch(BrowserRequest(PAGE, A0, "PUT"), server, cache=cache, now=0.0)
    second = fetch(BrowserRequest(PAGE, A0, "PUT"), server, cache=cache, now=1.0)
    assert first.allowed
    assert second.allowed
    assert [o.url for o in server.sent if o.preflight] == [A0, B1, B1]
    assert TAINTED_CACHE_DEPARTURE in second.departures


def test_client_hints_stay_on_a_redirect_back_to_the_pages_origin() -> None:
    """The page's own origin may get its client hints: a redirect there keeps them."""
    home = f"{PAGE}/home"
    verdict, server = run(
        BrowserRequest(PAGE, A0, headers={"DPR": "two"}),
        {
            A0: hop(
                307, acao(), to(home), preflight=(acao(), ("Access-Control-Allow-Headers", "*"))
            ),
            home: hop(
                200, acao("null"), preflight=(acao("null"), ("Access-Control-Allow-Headers", "dpr"))
            ),
        },
    )
    assert verdict.allowed, verdict
    assert server.sent[-1].get("DPR") == "two"
    assert not any("client hints the page set" in d for d in verdict.departures)


@pytest.mark.parametrize(
    ("location", "allow", "redirect", "error"),
    [
        ("data:,x", False, "follow", CorsFailure.MISSING_ALLOW_ORIGIN),
        ("data:,x", True, "error", CorsFailure.UNSAFE_REDIRECT),
        ("data:,x", True, "manual", None),
        ("http://u@127.0.0.1:9/", True, "error", CorsFailure.REDIRECT_CREDENTIALS),
        ("ws://127.0.0.1:9/", True, "error", CorsFailure.REDIRECT_MODE_ERROR),
        ("foo:bar", True, "error", CorsFailure.REDIRECT_MODE_ERROR),
        ("http://[x]/", False, "manual", CorsFailure.INVALID_REDIRECT),
    ],
)
def test_what_a_redirect_meets_first_is_chromiums_order(
    location: str, allow: bool, redirect: str, error: CorsFailure | None
) -> None:
    """No URL, the CORS check, manual, unsafe schemes, credentials, then the mode: as Chromium."""
    headers = (acao(), to(location)) if allow else (to(location),)
    verdict, _ = run(
        BrowserRequest(PAGE, A0, redirect=redirect),  # type: ignore[arg-type]
        {A0: hop(302, *headers)},
    )
    assert verdict.error is error


@pytest.mark.parametrize(
    "last",
    [
        (to("/nowhere"),),
        (acao(), to("data:,x")),
        (acao(), to("http://[x]/")),
        (acao(), to("foo:x")),
    ],
)
def test_a_21st_redirect_fails_before_anything_else_is_checked(last: Headers) -> None:
    """Chromium counts redirects first: the 21st fails whatever its ACAO or Location."""
    urls = [f"{API}/r?h={n}" for n in range(21)]
    routes = {url: hop(302, acao(), to(urls[n + 1])) for n, url in enumerate(urls[:-1])}
    routes[urls[20]] = hop(302, *last)
    verdict, _ = run(BrowserRequest(PAGE, urls[0]), routes)
    assert verdict.error is CorsFailure.TOO_MANY_REDIRECTS


@pytest.mark.parametrize(
    ("start", "method", "status", "error"),
    [
        (A0, "GET", 302, CorsFailure.UNKNOWN_URL_SCHEME),
        (A0, "POST", 307, CorsFailure.UNKNOWN_URL_SCHEME),
        (A0, "HEAD", 303, CorsFailure.UNKNOWN_URL_SCHEME),
        (A0, "POST", 302, CorsFailure.REDIRECT_SCHEME),
        (A0, "PUT", 303, CorsFailure.REDIRECT_SCHEME),
        (A0, "PUT", 307, CorsFailure.REDIRECT_SCHEME),
        (f"{PAGE}/go", "GET", 302, CorsFailure.REDIRECT_SCHEME),
    ],
)
def test_a_redirect_to_ws_is_refused_where_chromium_meets_it(
    start: str, method: str, status: int, error: CorsFailure
) -> None:
    """The network refuses ws: for a request going on as it is; one started again meets CORS."""
    body = Body.text("x") if method in ("POST", "PUT") else None
    verdict, _ = run(
        BrowserRequest(PAGE, start, method, body=body),
        {start: hop(status, acao(), to("ws://127.0.0.1:9/"))},
    )
    assert verdict.error is error


@pytest.mark.parametrize(
    ("last", "error"),
    [
        ((to("/nowhere"),), CorsFailure.MISSING_ALLOW_ORIGIN),
        ((acao(), to("/nowhere")), CorsFailure.TOO_MANY_REDIRECTS),
        ((acao(), to("data:,x")), CorsFailure.TOO_MANY_REDIRECTS),
        ((acao(), to("http://[x]/")), CorsFailure.INVALID_REDIRECT),
    ],
)
def test_a_network_request_started_again_counts_its_redirects_anew(
    last: Headers, error: CorsFailure
) -> None:
    """Where CORS starts, the network count starts anew: the 21st redirect meets CORS first."""
    urls = [f"{PAGE}/start"] + [f"{API}/r?h={n}" for n in range(1, 21)]
    routes = {url: hop(307, acao(), to(urls[n + 1])) for n, url in enumerate(urls[:-1])}
    routes[urls[20]] = hop(307, *last)
    verdict, _ = run(BrowserRequest(PAGE, urls[0]), routes)
    assert verdict.error is error


def test_allow_private_network_is_named_as_ignored() -> None:
    """Chromium ignores Access-Control-Allow-Private-Network now; the verdict says so."""
    pna = ("Access-Control-Allow-Private-Network", "true")
    verdict, _ = run(
        BrowserRequest(PAGE, A0, "PUT"), {A0: hop(200, acao(), preflight=(*PASSING, pna))}
    )
    assert verdict.allowed
    assert verdict.departures == (LOCAL_NETWORK_DEPARTURE,)
    for sent in verdict.exchanges:
        assert sent.request.get("Access-Control-Request-Private-Network") is None


@pytest.mark.parametrize(
    ("headers", "status", "named"),
    [
        ((), 308, True),
        ((), 301, True),
        ((), 302, False),
        ((("Cache-Control", "max-age=600"),), 200, True),
        ((("Cache-Control", "max-age=0"),), 200, False),
        ((("Cache-Control", "no-store, max-age=600"),), 200, False),
        ((("Last-Modified", "Sat, 01 Jan 2000 00:00:00 GMT"),), 200, True),
        ((("Expires", "Sat, 01 Jan 2039 00:00:00 GMT"),), 200, True),
        ((), 200, False),
    ],
)
def test_a_response_chromium_would_reuse_names_the_http_cache(
    headers: Headers, status: int, named: bool
) -> None:
    """Chromium may answer a later fetch from its HTTP cache; the model has none, and says so."""
    routes = {A0: hop(status, acao(), to(A1), *headers), A1: hop(200, acao())}
    verdict, _ = run(BrowserRequest(PAGE, A0), routes)
    assert (HTTP_CACHE_DEPARTURE in verdict.departures) is named
