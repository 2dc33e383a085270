"""The browser model: which requests are preflighted, and what Chromium does with the answers.

Table-driven cases of each step, then properties. Every rule here is also
checked against real Chromium in tests/browser (the suite's cases and a
generated run).
"""

from __future__ import annotations

import re

import pytest
from attrs import evolve
from hypothesis import assume, given
from hypothesis import strategies as st

from flask_cors.core.browser import (
    AUTHORIZATION_DEPARTURE,
    CHROMIUM_MAX_AGE_CAP,
    CLIENT_HINT_DEPARTURE,
    MAX_REDIRECTS,
    Body,
    BrowserRequest,
    BrowserResponse,
    CorsFailure,
    PreflightCache,
    Send,
    Step,
    fetch,
    is_read_only_method,
    is_safelisted_request_header,
    judge,
    needs_preflight,
    normalize_method,
    page_origin,
    preflight_headers,
    readable_headers,
    unsafe_request_header_names,
)

PAGE = "https://app.example.com"
URL = "https://api.example.com/items"
BLOCKED = f"Access to fetch at '{URL}' from origin '{PAGE}' has been blocked by CORS policy: "
PREFLIGHT = "Response to preflight request doesn't pass access control check: "


def page(
    method: str = "GET", *headers: tuple[str, str], credentials: bool = False
) -> BrowserRequest:
    """A fetch() from the page to the API."""
    return BrowserRequest(PAGE, URL, method, headers, credentials)


def answer(status: int = 200, *headers: tuple[str, str]) -> BrowserResponse:
    """A response with the given status and headers."""
    return BrowserResponse(status, headers)


ALLOW = ("Access-Control-Allow-Origin", PAGE)
CREDS = ("Access-Control-Allow-Credentials", "true")

LONG = "a" * 128


@pytest.mark.parametrize(
    ("request_", "preflighted"),
    [
        (page(), False),
        (page("HEAD"), False),
        (page("POST", ("Content-Type", "text/plain;charset=UTF-8")), False),
        (page("POST", ("Content-Type", "multipart/form-data; boundary=x")), False),
        (page("POST", ("Content-Type", "application/json")), True),
        (page("POST", ("Content-Type", 'text/plain; charset="utf-8"')), True),
        (page("POST", ("Content-Type", "text/plain x")), True),
        (page("PUT"), True),
        (page("patch"), True),
        (page("GET", ("X-Custom", "1")), True),
        (page("GET", ("Authorization", "Bearer x")), True),
        (page("GET", ("Accept", LONG)), False),
        (page("GET", ("Accept", LONG + "a")), True),
        (page("GET", ("Accept", 'a"b')), True),
        (page("GET", ("Accept-Language", "en-US, fr;q=0.5")), False),
        (page("GET", ("Accept-Language", "en_US")), True),
        (page("GET", ("Range", "bytes=0-")), False),
        (page("GET", ("Range", "bytes=0-10")), False),
        (page("GET", ("Range", "bytes=5-1")), True),
        (page("GET", ("Range", "bytes=-5")), True),
        (page("GET", ("DPR", "2")), False),
        (page("GET", ("DPR", "two")), True),
        (page("GET", ("Save-Data", "on")), False),
        (page("GET", ("Save-Data", "off")), True),
        (page("GET", ("ECT", "4g")), False),
        (page("GET", ("Cookie", "a=b"), ("Sec-Fetch-Mode", "x")), False),
        (page("GET", ("Accept", LONG), ("Accept-Language", LONG), ("DPR", "1" * 128)), False),
    ],
)
def test_needs_preflight(request_: BrowserRequest, preflighted: bool) -> None:
    """A preflight is needed for an unsafe method or header, or over 1024 safelisted bytes."""
    assert needs_preflight(request_) is preflighted


def test_safelisted_values_over_1024_bytes_make_every_header_unsafe() -> None:
    """Past 1024 bytes of safelisted values, all of them are listed in the preflight."""
    headers = [(name, "1" * 128) for name in ("DPR", "Width", "RTT", "Downlink")]
    headers += [("Accept", "a" * 128), ("Accept-Language", "a" * 128)]
    headers += [("Content-Language", "a" * 128), ("Viewport-Width", "1" * 128)]
    assert sum(len(value) for _, value in headers) == 1024
    assert unsafe_request_header_names(headers) == ()
    headers.append(("Device-Memory", "1"))
    assert unsafe_request_header_names(headers) == tuple(sorted(n.lower() for n, _ in headers))


def test_preflight_headers_are_lower_case_sorted_and_comma_joined() -> None:
    """The preflight names the method as sent and the unsafe headers lower-case, sorted, once."""
    request = page("patch", ("X-B", "1"), ("x-a", "1"), ("X-A", "2"), ("Accept", "text/html"))
    assert preflight_headers(request) == (
        ("Origin", PAGE),
        ("Access-Control-Request-Method", "patch"),
        ("Access-Control-Request-Headers", "x-a,x-b"),
    )


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("get", "GET"),
        ("Delete", "DELETE"),
        ("options", "OPTIONS"),
        ("patch", "patch"),
        ("Foo", "Foo"),
    ],
)
def test_normalize_method(written: str, sent: str) -> None:
    """fetch() upper-cases only the six standard methods; PATCH keeps the page's spelling."""
    assert normalize_method(written) == sent
    assert BrowserRequest(PAGE, URL, written).method == sent


@pytest.mark.parametrize(
    ("method", "read_only"),
    [
        pytest.param("GET", True, id="get"),
        pytest.param("HEAD", True, id="head"),
        pytest.param("POST", False, id="post-safelisted-not-safe"),
        pytest.param("OPTIONS", False, id="options-safe-not-safelisted"),
        pytest.param("TRACE", False, id="trace-forbidden"),
        pytest.param("PUT", False, id="put"),
        pytest.param("DELETE", False, id="delete"),
        pytest.param("get", False, id="not-normalized"),
    ],
)
def test_is_read_only_method(method: str, read_only: bool) -> None:
    """A method only reads when it is both safe and CORS-safelisted: GET and HEAD, as sent."""
    assert is_read_only_method(method) is read_only


def test_a_header_set_twice_is_one_header_with_both_values() -> None:
    """Two values of one header are joined, and the 128-byte rule applies to the whole."""
    request = page("GET", ("Accept", "a" * 64), ("accept", "b" * 64))
    assert request.headers == (("Accept", "a" * 64 + ", " + "b" * 64),)
    assert needs_preflight(request)
    assert not needs_preflight(page("GET", ("Accept", "a" * 60), ("accept", "b" * 60)))


def test_content_type_longer_than_128_bytes_is_not_safelisted() -> None:
    """A safelisted Content-Type over 128 bytes needs a preflight."""
    value = "text/plain; x=" + "a" * 114
    assert is_safelisted_request_header("Content-Type", value)
    assert not is_safelisted_request_header("Content-Type", value + "a")


# (request, preflight answer, response, error, Chromium's words after "policy: ")
BLOCKED_CASES = [
    (page(), None, answer(200), CorsFailure.MISSING_ALLOW_ORIGIN,
     "No 'Access-Control-Allow-Origin' header is present on the requested resource."),
    (page(credentials=True), None, answer(200, ("Access-Control-Allow-Origin", "*")),
     CorsFailure.WILDCARD_WITH_CREDENTIALS,
     "The value of the 'Access-Control-Allow-Origin' header in the response must not be the "
     "wildcard '*' when the request's credentials mode is 'include'."),
    (page(), None, answer(200, ALLOW, ALLOW), CorsFailure.MULTIPLE_ALLOW_ORIGIN,
     f"The 'Access-Control-Allow-Origin' header contains multiple values '{PAGE}, {PAGE}', but "
     "only one is allowed. Have the server send the header with a valid value."),
    (page(), None, answer(200, ("Access-Control-Allow-Origin", "foo")),
     CorsFailure.INVALID_ALLOW_ORIGIN,
     "The 'Access-Control-Allow-Origin' header contains the invalid value 'foo'. Have the server "
     "send the header with a valid value."),
    (page(), None, answer(200, ("Access-Control-Allow-Origin", "http://")),
     CorsFailure.INVALID_ALLOW_ORIGIN,
     "The 'Access-Control-Allow-Origin' header contains the invalid value 'http://'. Have the "
     "server send the header with a valid value."),
    (page(), None, answer(200, ("Access-Control-Allow-Origin", "http://\u00fc.com")),
     CorsFailure.INVALID_ALLOW_ORIGIN,
     "The 'Access-Control-Allow-Origin' header contains the invalid value 'http://\\u00FC.com'. "
     "Have the server send the header with a valid value."),
    (page(), None, answer(200, ("Access-Control-Allow-Origin", "localhost:3000")),
     CorsFailure.ALLOW_ORIGIN_MISMATCH,
     "The 'Access-Control-Allow-Origin' header has a value 'localhost:3000' that is not equal to "
     "the supplied origin. Have the server send the header with a valid value."),
    (page(), None, answer(200, ("Access-Control-Allow-Origin", PAGE + "/")),
     CorsFailure.ALLOW_ORIGIN_MISMATCH,
     f"The 'Access-Control-Allow-Origin' header has a value '{PAGE}/' that is not equal to the "
     "supplied origin. Have the server send the header with a valid value."),
    (page(credentials=True), None, answer(200, ALLOW, ("Access-Control-Allow-Credentials", "TRUE")),
     CorsFailure.INVALID_ALLOW_CREDENTIALS,
     "The value of the 'Access-Control-Allow-Credentials' header in the response is 'TRUE' which "
     "must be 'true' when the request's credentials mode is 'include'."),
    (page("PUT"), answer(401, ALLOW, ("Access-Control-Allow-Methods", "PUT")), None,
     CorsFailure.PREFLIGHT_STATUS, PREFLIGHT + "It does not have HTTP ok status."),
    (page("PUT"), answer(401), None, CorsFailure.MISSING_ALLOW_ORIGIN,
     PREFLIGHT + "No 'Access-Control-Allow-Origin' header is present on the requested resource."),
    (page("PUT"), answer(302, ("Location", "/login")), None, CorsFailure.PREFLIGHT_REDIRECT,
     PREFLIGHT + "Redirect is not allowed for a preflight request."),
    (page("PUT", credentials=True), answer(200, ALLOW, ("Access-Control-Allow-Methods", "PUT")),
     None, CorsFailure.INVALID_ALLOW_CREDENTIALS,
     PREFLIGHT + "The value of the 'Access-Control-Allow-Credentials' header in the response is "
     "'' which must be 'true' when the request's credentials mode is 'include'."),
    (page("POST", ("X-A", "1")), answer(200, ALLOW, ("Access-Control-Allow-Methods", "a b")),
     None, CorsFailure.INVALID_ALLOW_METHODS,
     "Cannot parse Access-Control-Allow-Methods response header field in preflight response."),
    (page("GET", ("X-A", "1")), answer(200, ALLOW, ("Access-Control-Allow-Headers", "x-a, [y]")),
     None, CorsFailure.INVALID_ALLOW_HEADERS,
     "Cannot parse Access-Control-Allow-Headers response header field in preflight response."),
    (page("patch"), answer(200, ALLOW, ("Access-Control-Allow-Methods", "PATCH")), None,
     CorsFailure.METHOD_NOT_ALLOWED,
     "Method patch is not allowed by Access-Control-Allow-Methods in preflight response."),
    (page("PUT", credentials=True),
     answer(200, ALLOW, CREDS, ("Access-Control-Allow-Methods", "*")),
     None, CorsFailure.METHOD_NOT_ALLOWED,
     "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."),
    (page("GET", ("X-B", "1"), ("X-A", "1")), answer(200, ALLOW), None,
     CorsFailure.HEADER_NOT_ALLOWED,
     "Request header field x-a is not allowed by Access-Control-Allow-Headers in preflight "
     "response."),
    (page("GET", ("X-A", "1"), credentials=True),
     answer(200, ALLOW, CREDS, ("Access-Control-Allow-Headers", "*")), None,
     CorsFailure.HEADER_NOT_ALLOWED,
     "Request header field x-a is not allowed by Access-Control-Allow-Headers in preflight "
     "response."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("request_", "preflight", "response", "error", "words"),
    BLOCKED_CASES,
    ids=[f"{case[3].value}-{index}" for index, case in enumerate(BLOCKED_CASES)],
)
def test_blocked_with_chromiums_message(
    request_: BrowserRequest,
    preflight: BrowserResponse | None,
    response: BrowserResponse | None,
    error: CorsFailure,
    words: str,
) -> None:
    """Each failing step is named, with the console message Chromium prints for it."""
    verdict = judge(request_, preflight=preflight, response=response)
    assert not verdict.allowed
    assert verdict.error is error
    assert verdict.step is (Step.PREFLIGHT if preflight is not None else Step.RESPONSE)
    assert verdict.message == BLOCKED + words
    assert verdict.readable == ()


@pytest.mark.parametrize(
    ("request_", "preflight"),
    [
        (page("patch"), answer(200, ALLOW, ("Access-Control-Allow-Methods", "patch"))),
        (page("PUT"), answer(204, ALLOW, ("Access-Control-Allow-Methods", " GET , PUT,"))),
        (page("DELETE"), answer(299, ALLOW, ("Access-Control-Allow-Methods", "*"))),
        (page("GET", ("X-A", "1")), answer(200, ALLOW, ("Access-Control-Allow-Headers", "X-A"))),
        (page("GET", ("X-A", "1")), answer(200, ALLOW, ("Access-Control-Allow-Headers", "*"))),
        (
            page("GET", ("X-A", "1"), credentials=True),
            answer(200, ALLOW, CREDS, ("Access-Control-Allow-Headers", "*, x-a")),
        ),
        (
            page("PUT"),
            answer(
                200, ("Access-Control-Allow-Origin", " * "), ("Access-Control-Allow-Methods", "PUT")
            ),
        ),
    ],
)
def test_preflight_passes(request_: BrowserRequest, preflight: BrowserResponse) -> None:
    """A 2xx preflight that allows the origin, method (as sent) and headers lets the request go."""
    verdict = judge(request_, preflight=preflight, response=answer(200, ALLOW, CREDS))
    assert verdict.allowed, verdict
    assert verdict.preflighted
    assert verdict.answer is not None


def test_star_covers_authorization_in_chromium_and_says_the_standard_does_not() -> None:
    """Chromium lets "*" cover Authorization; the verdict names that departure from the standard."""
    request = page("GET", ("Authorization", "Bearer x"))
    star = answer(200, ALLOW, ("Access-Control-Allow-Headers", "*"))
    verdict = judge(request, preflight=star, response=answer(200, ALLOW))
    assert verdict.allowed
    assert verdict.departures == (AUTHORIZATION_DEPARTURE,)
    named = answer(200, ALLOW, ("Access-Control-Allow-Headers", "*, Authorization"))
    assert judge(request, preflight=named, response=answer(200, ALLOW)).departures == ()


def test_client_hints_are_a_departure_too() -> None:
    """A request Chromium sends unpreflighted only because of a client hint says so."""
    verdict = judge(page("GET", ("DPR", "2")), response=answer(200, ALLOW))
    assert verdict.departures == (CLIENT_HINT_DEPARTURE.format(names="dpr"),)


def test_missing_preflight_answer_is_an_error() -> None:
    """Judging a request that needs a preflight without its answer raises ValueError."""
    with pytest.raises(ValueError, match="needs a preflight"):
        judge(page("PUT"), response=answer(200, ALLOW))
    with pytest.raises(ValueError, match="pass its answer as response"):
        judge(page())


CORS_HEADERS = {
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-expose-headers",
}


@pytest.mark.parametrize(
    ("credentials", "exposed", "readable"),
    [
        (False, None, {"cache-control", "content-type"}),
        (False, "X-A", {"cache-control", "content-type", "x-a"}),
        (False, "x-a, (bad)", {"cache-control", "content-type"}),
        (False, "*", {"cache-control", "content-type", "x-a", "x-b", *CORS_HEADERS}),
        (True, "*", {"cache-control", "content-type"}),
        (True, "*, x-b", {"cache-control", "content-type", "x-b"}),
        (False, "set-cookie, x-b", {"cache-control", "content-type", "x-b"}),
    ],
)  # fmt: skip
def test_readable_headers(credentials: bool, exposed: str | None, readable: set[str]) -> None:
    """The page reads safelisted and exposed headers ("*" only without credentials), not cookies."""
    headers = [ALLOW, CREDS, ("Content-Type", "text/plain"), ("Cache-Control", "no-store")]
    headers += [("X-A", "1"), ("x-a", "2"), ("X-B", "3"), ("Set-Cookie", "a=b")]
    if exposed is not None:
        headers.append(("Access-Control-Expose-Headers", exposed))
    got = dict(readable_headers(page(credentials=credentials), BrowserResponse(200, headers)))
    assert set(got) == readable
    if "x-a" in got:
        assert got["x-a"] == "1, 2"


@pytest.mark.parametrize(
    ("max_age", "kept"),
    [(None, 5), ("600", 600), ("99999", CHROMIUM_MAX_AGE_CAP), ("0", 0), ("-1", 0), ("abc", 5)],
)
def test_preflight_cache_keeps_an_answer_for_max_age(max_age: str | None, kept: int) -> None:
    """The cache keeps an answer max-age seconds (5 without, at most 7200, not at all for 0)."""
    request = page("PUT")
    headers = [ALLOW, ("Access-Control-Allow-Methods", "PUT")]
    if max_age is not None:
        headers.append(("Access-Control-Max-Age", max_age))
    verdict = judge(request, preflight=BrowserResponse(200, headers), response=answer(200, ALLOW))
    assert verdict.answer is not None
    cache = PreflightCache()
    cache.store(request, verdict.answer, now=100.0)
    assert (cache.lookup(request, now=100.0 + kept - 0.5) is not None) is (kept > 0)
    assert cache.lookup(request, now=100.0 + kept) is None


def test_preflight_cache_is_keyed_and_checks_the_request() -> None:
    """A cached answer covers only its URL and credentials mode, and only what it allowed."""
    request = page("PUT", ("X-A", "1"))
    preflight = answer(
        200, ALLOW, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "x-a")
    )
    verdict = judge(request, preflight=preflight, response=answer(200, ALLOW))
    assert verdict.answer is not None
    cache = PreflightCache()
    cache.store(request, verdict.answer, now=0.0)
    assert cache.lookup(request, now=1.0) == verdict.answer
    assert judge(request, response=answer(200, ALLOW), cached=verdict.answer).preflighted is False
    assert cache.lookup(page("DELETE", ("X-A", "1")), now=1.0) is None
    assert cache.lookup(page("PUT", ("X-B", "1")), now=1.0) is None
    assert cache.lookup(BrowserRequest(PAGE, URL + "?x", "PUT"), now=1.0) is None
    assert cache.lookup(page("PUT", credentials=True), now=1.0) is None


def test_preflight_cache_never_lets_star_cover_authorization() -> None:
    """Chromium re-preflights an Authorization request that only "*" allowed, so the cache does."""
    request = page("GET", ("Authorization", "x"))
    star = answer(
        200, ALLOW, ("Access-Control-Allow-Headers", "*"), ("Access-Control-Max-Age", "600")
    )
    verdict = judge(request, preflight=star, response=answer(200, ALLOW))
    assert verdict.allowed
    assert verdict.answer is not None
    cache = PreflightCache()
    cache.store(request, verdict.answer, now=0.0)
    assert cache.lookup(request, now=1.0) is None
    assert cache.lookup(page("GET", ("X-A", "1")), now=1.0) is not None


header_names = st.sampled_from(
    ["Accept", "Content-Type", "X-A", "Authorization", "DPR", "Range", "Accept-Language"]
)
header_values = st.sampled_from(["1", "text/plain", "application/json", "bytes=0-", 'a"b', ""])
headers = st.lists(st.tuples(header_names, header_values), max_size=4)
values = st.sampled_from([PAGE, "*", "null", "foo", "", PAGE + "/", f"{PAGE}, {PAGE}"])
locations = st.sampled_from(["/next", URL, PAGE + "/home", "https://other.example/x", ""])
responses = st.builds(
    BrowserResponse,
    st.sampled_from([200, 204, 301, 302, 303, 307, 401, 500]),
    st.lists(
        st.one_of(
            st.tuples(
                st.sampled_from(
                    [
                        "Access-Control-Allow-Origin",
                        "Access-Control-Allow-Credentials",
                        "Access-Control-Allow-Methods",
                        "Access-Control-Allow-Headers",
                        "Access-Control-Expose-Headers",
                        "Set-Cookie",
                        "X-A",
                    ]
                ),
                st.one_of(values, st.sampled_from(["true", "*", "PUT", "x-a", "a=b"])),
            ),
            st.tuples(st.just("Location"), locations),
        ),
        max_size=6,
    ),
)
bodies = st.one_of(
    st.none(),
    st.builds(Body.text, st.just("x")),
    st.builds(Body.url_search_params, st.just({"a": "1"})),
    st.builds(Body.form_data, st.just({"a": "1"})),
    st.builds(Body.blob, st.just("x"), st.sampled_from(["", "application/json", "text/plain"])),
)


@st.composite
def requests(draw: st.DrawFn) -> BrowserRequest:
    """A page's fetch(): method, headers, body, and every mode."""
    method = draw(st.sampled_from(["GET", "POST", "PUT", "patch"]))
    return BrowserRequest(
        PAGE,
        URL,
        method,
        draw(headers),
        draw(st.sampled_from([True, False, "omit", "same-origin", "include"])),
        None if method == "GET" else draw(bodies),
        draw(st.sampled_from(["default", "no-store", "reload", "no-cache", "force-cache"])),
        draw(st.sampled_from(["follow", "follow", "manual", "error"])),
    )


def answering(preflight: BrowserResponse, response: BrowserResponse) -> Send:
    """A server that answers every preflight and every request (at any URL) the same."""
    return lambda outgoing: preflight if outgoing.preflight else response


@given(request=requests(), preflight=responses, response=responses)
def test_never_allows_what_the_cors_check_refuses(
    request: BrowserRequest, preflight: BrowserResponse, response: BrowserResponse
) -> None:
    """Allowed means ACAO is "*" without credentials, or the Origin sent (and ACAC true)."""
    verdict = fetch(request, answering(preflight, response))
    assert len(verdict.redirects) <= MAX_REDIRECTS
    if verdict.allowed:
        origin = response.get("Access-Control-Allow-Origin")
        sent = verdict.exchanges[-1].request.get("Origin")
        assert origin == sent or (origin == "*" and not request.includes_credentials)
        if request.includes_credentials:
            assert response.get("Access-Control-Allow-Credentials") == "true"
        assert verdict.message == ""
        assert verdict.error is None
        assert verdict.status == (
            0 if verdict.response_type == "opaqueredirect" else response.status
        )
    else:
        assert verdict.message.startswith((BLOCKED, "Failed to load resource: net::"))
        assert verdict.readable == ()
        assert verdict.status is None


@given(request=requests(), preflight=responses, response=responses)
def test_every_exchange_is_what_the_browser_may_send(
    request: BrowserRequest, preflight: BrowserResponse, response: BrowserResponse
) -> None:
    """Preflights carry no credentials nor body; requests carry Origin; each URL is fetched once."""
    verdict = fetch(request, answering(preflight, response))
    for exchange in verdict.exchanges:
        sent = exchange.request
        if sent.preflight:
            assert (sent.method, sent.body, sent.credentials) == ("OPTIONS", None, False)
        else:
            assert sent.get("Origin") in (PAGE, "null")
            assert sent.credentials is request.includes_credentials
        assert "#" not in sent.url
    requested = [e.request.url for e in verdict.exchanges if not e.request.preflight]
    # Each URL is requested once, but for one whose preflight failed.
    assert len(requested) == len(verdict.redirects) + (verdict.step is not Step.PREFLIGHT)


@given(request=requests(), response=responses)
def test_readable_headers_were_sent_and_never_set_cookie(
    request: BrowserRequest, response: BrowserResponse
) -> None:
    """The page reads only headers the response has, and never Set-Cookie."""
    names = {name.lower() for name, _ in response.headers}
    readable = {name for name, _ in readable_headers(request, response)}
    assert readable <= names
    assert "set-cookie" not in readable


@given(request=requests(), extra=st.tuples(header_names, header_values))
def test_adding_a_header_never_removes_the_preflight(
    request: BrowserRequest, extra: tuple[str, str]
) -> None:
    """One more header never makes a header safe again, nor a preflight unneeded.

    But for Content-Type on a request with a body: the page's Content-Type
    replaces the type the body gives, which may be the unsafe one.
    """
    assume(not (request.body is not None and extra[0].lower() == "content-type"))
    more = evolve(request, headers=(*request.headers, extra))
    assert set(unsafe_request_header_names(request.header_list)) <= set(
        unsafe_request_header_names(more.header_list)
    )
    if needs_preflight(request):
        assert needs_preflight(more)


def _recase(pairs: tuple[tuple[str, str], ...], upper: bool) -> tuple[tuple[str, str], ...]:
    return tuple((name.upper() if upper else name.lower(), value) for name, value in pairs)


@given(request=requests(), preflight=responses, response=responses, upper=st.booleans())
def test_header_names_compare_without_case(
    request: BrowserRequest, preflight: BrowserResponse, response: BrowserResponse, upper: bool
) -> None:
    """Writing any header name, of the page or a response, in another case changes no verdict."""
    recased = evolve(request, headers=_recase(request.headers, upper))
    verdict = fetch(request, answering(preflight, response))
    again = fetch(
        recased,
        answering(
            BrowserResponse(preflight.status, _recase(preflight.headers, not upper)),
            BrowserResponse(response.status, _recase(response.headers, upper)),
        ),
    )
    assert (again.allowed, again.error, again.step, again.readable, again.url) == (
        verdict.allowed, verdict.error, verdict.step, verdict.readable, verdict.url,
    )  # fmt: skip


# --- the page's origin (review 2, finding 12) -----------------------------------------------


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("https://app.example.com", "https://app.example.com"),
        ("null", "null"),
        ("NULL", "null"),
        # A URL copied from the address bar: its origin.
        ("http://localhost:5173/", "http://localhost:5173"),
        ("https://app.example.com/some/page?q=1#top", "https://app.example.com"),
        ("https://app.example.com?q=1", "https://app.example.com"),
        # Serialized: lower case, no default port, the port as a number.
        ("HTTPS://App.Example.COM", "https://app.example.com"),
        ("https://app.example.com:443", "https://app.example.com"),
        ("http://localhost:80/", "http://localhost"),
        ("https://app.example.com:0443", "https://app.example.com"),
        ("https://app.example.com:", "https://app.example.com"),
        ("http://localhost:5173", "http://localhost:5173"),
        ("http://[::1]:8080/x", "http://[::1]:8080"),
        ("http://[::1]:80", "http://[::1]"),
        ("wss://app.example.com:443", "wss://app.example.com"),
        ("chrome-extension://abcdefgh/popup.html", "chrome-extension://abcdefgh"),
    ],
)
def test_browser_model_accepts_origins_no_browser_sends(typed: str, sent: str) -> None:
    """Review 2, finding 12: the page's origin is what browsers send, whatever URL was pasted."""
    assert page_origin(typed) == sent
    assert BrowserRequest(typed, URL).origin == sent


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "localhost:5173",
            "'localhost:5173' is not an origin: it has no scheme "
            "(did you mean 'http://localhost:5173'?)",
        ),
        (
            "app.example.com/page",
            "'app.example.com/page' is not an origin: it has no scheme "
            "(did you mean 'https://app.example.com'?)",
        ),
        (
            "http:localhost:5173",
            "'http:localhost:5173' is not an origin: it has no '//' after 'http:' "
            "(did you mean 'http://localhost:5173'?)",
        ),
        (
            "https://user:secret@app.example.com/",
            "'https://user:secret@app.example.com/' is not an origin: it has a user name or "
            "password, which browsers never send in Origin (did you mean "
            "'https://app.example.com'?)",
        ),
        ("https://", "'https://' is not an origin: it has no host"),
        ("https:///page", "'https:///page' is not an origin: it has no host"),
        (
            "https://app.example.com:99999",
            "'https://app.example.com:99999' is not an origin: '99999' is not a port (0 to 65535)",
        ),
        (
            "https://app.example.com:https",
            "'https://app.example.com:https' is not an origin: 'https' is not a port (0 to 65535)",
        ),
        (
            "file:///home/ada/index.html",
            "'file:///home/ada/index.html' is not an origin: a file: page sends 'null' "
            "(did you mean 'null'?)",
        ),
        (
            "https://app.example.com\r\n",
            "'https://app.example.com\\r\\n' is not an origin: it holds whitespace or a control "
            "character (did you mean 'https://app.example.com'?)",
        ),
        (
            " https://app.example.com",
            "' https://app.example.com' is not an origin: it holds whitespace or a control "
            "character (did you mean 'https://app.example.com'?)",
        ),
        (
            "https://b\u00fccher.example",
            "'https://b\u00fccher.example' is not an origin as browsers send it: they send a "
            "host that is not ASCII in its punycode form ('xn--...'): give that",
        ),
        (
            "https://app_%41.example.com",
            "'https://app_%41.example.com' is not an origin browsers send (scheme://host[:port])",
        ),
    ],
)
def test_what_cannot_be_a_page_origin_is_refused_with_the_fix(typed: str, message: str) -> None:
    """Something no page can have as its origin is refused, saying why and what was meant."""
    with pytest.raises(ValueError, match="is not an origin") as raised:
        page_origin(typed)
    assert str(raised.value) == message
    with pytest.raises(ValueError, match=re.escape(message)):
        BrowserRequest(typed, URL)


hosts = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\.[a-z0-9]{1,8}){0,2}", fullmatch=True)
urls = st.tuples(
    st.sampled_from(["http", "https", "HTTP", "Https"]),
    hosts,
    st.sampled_from(["", ":", ":80", ":443", ":8080", ":0443", ":5173"]),
    st.sampled_from(["", "/", "/a/b", "/?q=1", "?q", "#f", "/a#f?x"]),
)


@given(parts=urls)
def test_page_origin_is_a_serialized_origin_and_keeps_it(
    parts: tuple[str, str, str, str],
) -> None:
    """A URL's page origin is an origin browsers send, its own page origin, and keeps the host."""
    scheme, host, port, rest = parts
    origin = page_origin(f"{scheme}://{host.upper()}{port}{rest}")
    assert page_origin(origin) == origin
    assert origin.startswith(f"{scheme.lower()}://{host}")
    assert origin == origin.lower()
    default = {"http": ":80", "https": ":443"}[scheme.lower()]
    assert not origin.endswith((":", default, "/"))


def test_the_pages_content_type_replaces_the_bodys() -> None:
    """A typed Blob needs a preflight, but not once the page sets a safelisted Content-Type."""
    typed = BrowserRequest(
        origin="https://app.example.com",
        url="https://api.example.com/items",
        method="POST",
        body=Body.blob("x", "application/json"),
    )
    plain = evolve(typed, headers=(("Content-Type", "text/plain"),))
    assert needs_preflight(typed)
    assert not needs_preflight(plain)
