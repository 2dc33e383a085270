"""The browser model against Chromium on generated fetches: no disagreement allowed.

A generator draws a page's ``fetch()`` (method, headers, every body kind,
the credentials, cache and redirect modes) and what the servers answer at
each URL it reaches: the preflight's and the request's status and headers,
often right and often wrong in one detail, and redirects (301 to 308, to
the same server, to another origin of the same server, to another server,
back to the page's own origin, to schemes fetch refuses, more than 20).
Small Flask apps answer each URL (found by its token and hop) exactly as
drawn. The page fetches in Chromium; :class:`~tests.browser.harness.CorsPage`
runs the same fetch through the model with the recorded answers and fails
on any difference: a request on the wire (method, URL, ``Origin``, the
preflight's headers, the body's type and bytes, credentials), the outcome,
the status, the response's type and URL, the readable headers, the console
message. A quarter of the cases fetch twice, the second time often under
another cache mode, to check the preflight cache.

The run is seeded: ``FLASK_CORS_MODEL_CASES`` cases (1000 by default, about
30 seconds) from ``FLASK_CORS_MODEL_SEED`` (17); a run of 1000 or more must
reach every outcome the model knows. ``make browser-model`` runs a longer
one; ``FLASK_CORS_MODEL_REPORT=FILE`` writes every disagreement there.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qs

import pytest

from flask_cors.core.browser import (
    BodyKind,
    CorsFailure,
    Verdict,
    needs_preflight,
    unsafe_request_header_names,
)

from .harness import TOKEN, CorsPage, Disagreement, LiveServer, PageBody, model_request

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: How many cases, and from which seed.
CASES: Final = int(os.environ.get("FLASK_CORS_MODEL_CASES", "1000"))
SEED: Final = int(os.environ.get("FLASK_CORS_MODEL_SEED", "17"))
#: A run this long or longer must reach every outcome the model knows.
FULL_RUN: Final = 1000
#: The query parameter that numbers the URLs of one case.
HOP: Final = "h"
#: The path every scripted URL has.
PATH: Final = "/scripted"
#: The URLs of a fetch that follows fetch's 20 redirects; one more fails.
MAX_HOPS: Final = 21

Headers = list[tuple[str, str]]
#: Where a URL is served: the scripted API (as 127.0.0.1 or as localhost,
#: the same site as the page), another API, or the page's own server.
Place = str
PLACES: Final = ("api", "api-localhost", "other", "page")


@dataclass
class Script:
    """What a server answers at one URL: the preflight's and the request's status and headers."""

    preflight: tuple[int, Headers]
    response: tuple[int, Headers]


@dataclass
class ScriptedApp:
    """A WSGI app that answers each URL as the :class:`Script` of its token and hop says.

    Plain WSGI, not Flask: a Werkzeug response would rewrite a ``Location``
    that is no URL, and the cases send such values on purpose.
    """

    scripts: dict[tuple[str, str], Script] = field(default_factory=dict)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        """Answer one request: the preflight's or the request's scripted status and headers."""
        query = parse_qs(str(environ.get("QUERY_STRING", "")))
        script = self.scripts[(query[TOKEN][0], query.get(HOP, ["0"])[0])]
        preflight = environ["REQUEST_METHOD"] == "OPTIONS" and (
            "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
        )
        status, headers = script.preflight if preflight else script.response
        start_response(
            f"{status} {HTTPStatus(status).phrase if status in _KNOWN else 'X'}", headers
        )
        return [b""]


_KNOWN: Final = frozenset(status.value for status in HTTPStatus)


class PageAndScripts:
    """The page's server, with scripted URLs too: a redirect may lead back to the page's origin."""

    def __init__(self, page: WSGIApplication, scripted: WSGIApplication) -> None:
        self.page = page
        self.scripted = scripted

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterator[bytes]:
        """Send scripted URLs to the scripted app, anything else to the page's."""
        app = self.scripted if environ.get("PATH_INFO") == PATH else self.page
        yield from app(environ, start_response)


@dataclass
class Servers:
    """The servers of this module, by place, and the scripts they answer."""

    scripted: ScriptedApp
    api: LiveServer
    other: LiveServer
    page: LiveServer
    page_origin: str

    def origin(self, place: Place) -> str:
        """Return the origin of a place."""
        if place == "page":
            return self.page_origin
        server = self.other if place == "other" else self.api
        return server.origin("localhost" if place == "api-localhost" else "127.0.0.1")

    def url(self, place: Place, token: str, hop: int) -> str:
        """Return the URL of one hop of a case."""
        return f"{self.origin(place)}{PATH}?{TOKEN}={token}&{HOP}={hop}"


@pytest.fixture(scope="module")
def servers(page_server: LiveServer, page_origin: str) -> Iterator[Servers]:
    """Serve the scripted app as the API, as another API, and beside the page."""
    scripted = ScriptedApp()
    api, other = LiveServer(scripted, "scripted-api"), LiveServer(scripted, "scripted-other")
    original = page_server.recorder.app
    page_server.recorder.app = PageAndScripts(original, scripted)
    try:
        yield Servers(scripted, api, other, page_server, page_origin)
    finally:
        page_server.recorder.app = original
        api.close()
        other.close()


@dataclass(frozen=True)
class Case:
    """One generated fetch and the answers at each URL it may reach."""

    init: dict[str, object]
    body: PageBody | None
    places: list[Place]
    scripts: list[Script]
    #: The init of a second fetch of the same URL, or None.
    again: dict[str, object] | None


def _maybe(rng: random.Random, options: list[str | None]) -> str | None:
    return rng.choice(options)


def _request_headers(rng: random.Random) -> dict[str, str]:
    pool = [
        ("X-Custom", "1"),
        ("Authorization", "Bearer x"),
        ("Content-Type", rng.choice(["application/json", "text/plain", 'text/plain; a="b"'])),
        ("Accept", rng.choice(["application/json", 'a"b'])),
        ("DPR", rng.choice(["2", "two"])),
        ("Range", rng.choice(["bytes=0-", "bytes=-5"])),
        ("Accept-Language", rng.choice(["en-US", "en_US"])),
        ("Content-Language", rng.choice(["en", "e(n)"])),
        (rng.choice(["If-None-Match", "if-modified-since", "If-Match"]), "x"),
        ("x-custom", "2"),
    ]
    return dict(rng.sample(pool, k=rng.choice([0, 0, 1, 1, 2, 3])))


def _body(rng: random.Random) -> PageBody:
    kind = rng.choice(list(BodyKind))
    if kind in (BodyKind.URL_SEARCH_PARAMS, BodyKind.FORM_DATA):
        return PageBody(kind, fields=(("a", "1"), ("b", "x y~é")))
    blob_type = rng.choice(
        ["", "text/plain", "Text/Plain", "application/json", 'text/plain; a="b"', "text/plainé"]
    )
    return PageBody(kind, text="héllo", type=blob_type if kind is BodyKind.BLOB else "")


def _places(rng: random.Random) -> list[Place]:
    start = rng.choice(["api"] * 16 + ["api-localhost", "api-localhost", "page"])
    count = rng.choices([1, 2, 3, 4, MAX_HOPS, MAX_HOPS + 1], weights=[60, 22, 10, 4, 1, 1])[0]
    return [start] + [
        rng.choice(["api", "api", "api-localhost", "other", "page"]) for _ in range(count - 1)
    ]


def _expected_origins(servers: Servers, places: list[Place]) -> list[str | None]:
    """Say which Origin each URL's request should allow: the page's, null, or None (same-origin).

    A guess to draw mostly right answers with, by the standard's rules
    (https://fetch.spec.whatwg.org/#concept-request-tainted-origin); the
    model's own answer is checked against Chromium's, not this.
    """
    page = servers.page_origin
    cors, tainted, found = False, False, []
    for index, place in enumerate(places):
        origin = servers.origin(place)
        if index:
            previous = servers.origin(places[index - 1])
            tainted = tainted or (previous != origin and previous != page)
        cors = cors or origin != page
        found.append(None if not cors else "null" if tainted else page)
    return found


def _allow_origin(
    rng: random.Random, page: str, expected: str, credentials: bool, right: float
) -> Headers:
    wrong: list[str | None] = [None, "*", "http://other.example", page + "/", "null", page]
    wrong += ["foo", "", page.upper(), f"{page}, {page}", "localhost:3000"]
    wrong += ["http://", "http://a:99999", "http://1.2.3.999", "foo:", "http://*.test"]
    value = expected if rng.random() < right else _maybe(rng, wrong)
    headers: Headers = [] if value is None else [("Access-Control-Allow-Origin", value)]
    if value == expected and rng.random() < 0.04 * (1 - right):
        headers.append(("Access-Control-Allow-Origin", expected))
    creds = "true" if rng.random() < right else _maybe(rng, ["true", None, "TRUE", "false"])
    if not credentials:
        creds = None
    if creds is not None:
        headers.append(("Access-Control-Allow-Credentials", creds))
    return headers


def _preflight(
    rng: random.Random, method: str, unsafe: list[str], allow: Headers, right: float
) -> Headers:
    preflight = list(allow)
    methods = (
        method
        if rng.random() < right - 0.2
        else _maybe(rng, [method.upper(), "*", None, "GET, POST", "PUT, patch", "(x)", ""])
    )
    if methods is not None:
        preflight.append(("Access-Control-Allow-Methods", methods))
    allowed_headers = (
        ",".join(unsafe or ["x-custom"])
        if rng.random() < right - 0.2
        else _maybe(
            rng, ["*", "*", None, "x-custom", "authorization", "*, authorization", "x-custom, [x]"]
        )
    )
    if allowed_headers is not None:
        preflight.append(("Access-Control-Allow-Headers", allowed_headers))
    max_age = _maybe(rng, [None, None, "0", "600", "-1", "abc", "99999"])
    if max_age is not None:
        preflight.append(("Access-Control-Max-Age", max_age))
    return preflight


#: Where a last URL may redirect that ends the chain: schemes fetch refuses,
#: credentials, no URL, an empty Location.
_DEAD_ENDS: Final = [
    "data:text/plain,x",
    "ftp://127.0.0.1/x",
    "foo:bar",
    "ws://127.0.0.1:9/",
    "wss://127.0.0.1:9/",
    "http://user:pw@127.0.0.1:9/x",
    "http://[x]/",
    "",
]


def _generate(rng: random.Random, servers: Servers, token: str) -> Case:
    """Draw a fetch, and answers at each URL that are often right and often wrong in one detail."""
    page = servers.page_origin
    method = rng.choice(
        ["GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE", "patch", "PATCH", "get"]
    )
    init: dict[str, object] = {"method": method, "headers": _request_headers(rng)}
    body = None
    if method.upper() not in ("GET", "HEAD") and rng.random() < 0.6:
        body = _body(rng)
    elif rng.random() < 0.01:
        body = _body(rng)  # fetch() refuses a GET or HEAD with a body.
    for option, values in [
        ("credentials", [None, None, "omit", "same-origin", "include", "include"]),
        ("cache", [None, None, "default", "force-cache", "no-store", "reload", "no-cache"]),
        ("redirect", [None, None, "follow", "follow", "manual", "error"]),
    ]:
        value = _maybe(rng, values)
        if value is not None:
            init[option] = value
    if rng.random() < 0.005:
        init["cache"] = "only-if-cached"
    places = _places(rng)
    if len(places) >= MAX_HOPS:
        # A chain this long is there to reach fetch's limit on redirects.
        init["redirect"] = "follow"
    credentials = init.get("credentials") == "include"
    # The unsafe headers, to answer for them (a cache mode fetch refuses aside).
    headers_only = {"method": method, "headers": init["headers"]}
    request = model_request(page, servers.url("api", token, 0), headers_only, None)
    unsafe = list(unsafe_request_header_names(request.header_list))
    scripts = []
    # A long chain is answered right on the way, so that it gets to its end.
    right = 1.2 if len(places) >= MAX_HOPS else 0.65
    for hop, (place, expected) in enumerate(
        zip(places, _expected_origins(servers, places), strict=True)
    ):
        allow = _allow_origin(rng, page, expected or page, credentials, right)
        preflight = _preflight(rng, request.method, unsafe, allow, right)
        last = hop + 1 == len(places)
        dead_end = last and rng.random() < 0.15
        # A dead end is answered right, so that its redirect is what decides.
        response = _allow_origin(
            rng, page, expected or page, credentials, 1.2 if dead_end else right
        )
        status = rng.choice([200, 200, 201, 204, 400, 401, 404, 500])
        if hop + 1 < len(places):
            status = rng.choice([301, 302, 303, 307, 308] * 4 + [300, 304] * (right < 1))
            target = servers.url(places[hop + 1], token, hop + 1)
            same = servers.origin(places[hop + 1]) == servers.origin(place)
            if same and rng.random() < 0.5:
                target = target.partition(servers.origin(place))[2]
            if rng.random() < 0.05 * (right < 1):
                response.append(("Location", ""))
            if rng.random() < 0.95 or right > 1:
                response.append(("Location", target))
        elif dead_end:
            status = rng.choice([301, 302, 303, 307, 308])
            response.append(("Location", rng.choice(_DEAD_ENDS)))
        if rng.random() < 0.02 * (right < 1):
            # Two values of a header Chromium's network stack wants once.
            name = rng.choice(["Content-Length", "Content-Disposition"])
            response += [(name, "0"), (name, "1")]
        exposed = _maybe(
            rng, [None, None, "*", "x-extra", "X-Extra, x-other", "(bad)", "set-cookie"]
        )
        if exposed is not None:
            response.append(("Access-Control-Expose-Headers", exposed))
        # No response may come from Chromium's HTTP cache: the model has none.
        response += [("X-Extra", "1"), ("X-Other", "2"), ("Cache-Control", "no-store")]
        if place != "page":
            response.append(("Set-Cookie", "a=b"))
        preflight_status = rng.choice([200] * 4 + [204, 204, 299, 301, 307, 401, 404, 500])
        if right > 1:
            preflight_status = 200
        if preflight_status in (301, 307) and rng.random() < 0.5:
            preflight.append(("Location", "/elsewhere"))
        preflight.append(("Cache-Control", "no-store"))
        scripts.append(Script((preflight_status, preflight), (status, response)))
    again = None
    if rng.random() < 0.25:
        again = dict(init)
        if rng.random() < 0.6:
            again["cache"] = rng.choice(
                ["default", "force-cache", "no-store", "reload", "no-cache"]
            )
    return Case(init, body, places, scripts, again)


def _outcome(verdict: Verdict) -> str:
    if verdict.error is not None:
        return verdict.error.value
    return f"allowed-{verdict.response_type}"


def test_model_agrees_with_chromium_on_generated_fetches(
    cors_page: CorsPage, servers: Servers
) -> None:
    """On every generated fetch the model's requests and verdict are Chromium's."""
    rng = random.Random(SEED)
    disagreements: list[str] = []
    outcomes: Counter[str] = Counter()
    for number in range(CASES):
        token = f"{SEED}x{number}x{rng.getrandbits(32):08x}"
        case = _generate(rng, servers, token)
        for hop, script in enumerate(case.scripts):
            servers.scripted.scripts[(token, str(hop))] = script
        url = servers.url(case.places[0], token, 0)
        for attempt, init in enumerate([case.init, case.again]):
            if init is None:
                break
            try:
                result = cors_page.fetch_with(url, init, body=case.body)
            except Disagreement as error:
                disagreements.append(f"case {number}.{attempt}: {error}\n    {case}")
                break
            except ValueError:
                outcomes["refused by fetch()"] += 1
                break
            verdict = result.model
            outcomes[_outcome(verdict)] += 1
            outcomes["20 redirects followed"] += verdict.allowed and len(verdict.redirects) == 20
            outcomes["redirected"] += verdict.redirected
            outcomes["tainted"] += any(e.request.get("Origin") == "null" for e in verdict.exchanges)
            outcomes["several preflights"] += (
                sum(e.request.preflight for e in verdict.exchanges) > 1
            )
            if attempt and needs_preflight(model_request(cors_page.origin, url, init, case.body)):
                outcomes["cached" if not verdict.preflighted else "preflighted again"] += 1
    print(f"\n{CASES} cases from seed {SEED}: {dict(sorted(outcomes.items()))}")
    report = os.environ.get("FLASK_CORS_MODEL_REPORT")
    if report:
        with open(report, "w", encoding="utf-8") as out:
            out.write("\n".join(disagreements))
    assert disagreements == [], f"{len(disagreements)} disagreements:\n" + "\n".join(
        disagreements[:10]
    )
    if CASES >= FULL_RUN:
        expected = {error.value for error in CorsFailure}
        expected |= {"allowed-cors", "allowed-basic", "allowed-opaqueredirect"}
        expected |= {"redirected", "tainted", "several preflights", "cached", "preflighted again"}
        expected |= {"20 redirects followed", "refused by fetch()"}
        missing = expected - {name for name, count in outcomes.items() if count}
        assert not missing, f"never reached: {sorted(missing)}"


# --- one fetch per failure the model knows ----------------------------------------------------


def _one_of_each(
    page: str, servers: Servers, token: str
) -> dict[CorsFailure, tuple[dict[str, object], list[Place], list[Script]]]:
    """Return, for each failure, a fetch's options, the places of its URLs and their scripts."""
    ok = [("Access-Control-Allow-Origin", page)]
    allow = [*ok, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "x-a")]

    def simple(*response: tuple[str, str], status: int = 200) -> list[Script]:
        return [Script((200, allow), (status, list(response)))]

    def preflight(*answer: tuple[str, str], status: int = 200) -> list[Script]:
        return [Script((status, list(answer)), (200, ok))]

    def redirect(location: str) -> list[Script]:
        return simple(*ok, ("Location", location), status=302)

    other = servers.url("other", token, 1)
    chain = [script for n in range(22) for script in redirect(servers.url("api", token, n + 1))]
    put: dict[str, object] = {"method": "PUT"}
    api = ["api"]
    return {
        CorsFailure.MISSING_ALLOW_ORIGIN: ({}, api, simple()),
        CorsFailure.WILDCARD_WITH_CREDENTIALS: (
            {"credentials": "include"}, api, simple(("Access-Control-Allow-Origin", "*"))
        ),
        CorsFailure.MULTIPLE_ALLOW_ORIGIN: ({}, api, simple(*ok, *ok)),
        CorsFailure.INVALID_ALLOW_ORIGIN: ({}, api, simple(("Access-Control-Allow-Origin", "http://"))),
        CorsFailure.ALLOW_ORIGIN_MISMATCH: ({}, ["api", "other"], redirect(other) + simple(*ok)),
        CorsFailure.INVALID_ALLOW_CREDENTIALS: ({"credentials": "include"}, api, simple(*ok)),
        CorsFailure.PREFLIGHT_STATUS: (put, api, preflight(*allow, status=401)),
        CorsFailure.PREFLIGHT_REDIRECT: (put, api, preflight(("Location", "/x"), status=307)),
        CorsFailure.INVALID_ALLOW_METHODS: (
            put, api, preflight(*ok, ("Access-Control-Allow-Methods", "(x)"))
        ),
        CorsFailure.INVALID_ALLOW_HEADERS: (
            {"headers": {"X-A": "1"}}, api,
            preflight(*ok, ("Access-Control-Allow-Headers", "x-a, [x]")),
        ),
        CorsFailure.METHOD_NOT_ALLOWED: (
            {"method": "patch"}, api, preflight(*ok, ("Access-Control-Allow-Methods", "PATCH"))
        ),
        CorsFailure.HEADER_NOT_ALLOWED: ({"headers": {"X-B": "1"}}, api, simple(*ok)),
        CorsFailure.REDIRECT_MODE_ERROR: ({"redirect": "error"}, api, redirect(other)),
        CorsFailure.TOO_MANY_REDIRECTS: ({}, api * 22, chain),
        CorsFailure.INVALID_REDIRECT: ({}, api, redirect("http://[x]/")),
        CorsFailure.UNSAFE_REDIRECT: ({}, api, redirect("data:text/plain,x")),
        CorsFailure.UNKNOWN_URL_SCHEME: ({}, api, redirect("ws://127.0.0.1:9/")),
        CorsFailure.REDIRECT_SCHEME: ({}, api, redirect("foo:bar")),
        CorsFailure.REDIRECT_CREDENTIALS: ({}, api, redirect("http://user@127.0.0.1:9/")),
        CorsFailure.MULTIPLE_LOCATION: (
            {}, api, simple(*ok, ("Location", "/a"), ("Location", "/b"))
        ),
        CorsFailure.MULTIPLE_CONTENT_LENGTH: (
            {}, api, simple(*ok, ("Content-Length", "0"), ("Content-Length", "1"))
        ),
        CorsFailure.MULTIPLE_CONTENT_DISPOSITION: (
            put, api, preflight(*allow, ("Content-Disposition", "a"), ("Content-Disposition", "b"))
        ),
    }  # fmt: skip


@pytest.mark.parametrize("error", list(CorsFailure), ids=lambda error: error.value)
def test_each_failure_is_chromiums(
    cors_page: CorsPage, servers: Servers, error: CorsFailure
) -> None:
    """For each failure the model names, Chromium blocks the fetch and prints the model's line."""
    token = f"each-{error.value}"
    init, places, scripts = _one_of_each(cors_page.origin, servers, token)[error]
    for hop, script in enumerate(scripts):
        servers.scripted.scripts[(token, str(hop))] = script
    result = cors_page.fetch_with(servers.url(places[0], token, 0), init)
    assert not result.allowed, result
    assert result.model.error is error
    assert result.model.message in result.console
