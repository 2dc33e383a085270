"""protect(): cross-site request protection, a table of RequestInfo -> Protection, and properties.

The table follows the published algorithm (safe methods, Sec-Fetch-Site,
then Origin against Host, trusted origins) through the corner cases Go
1.25's CrossOriginProtection is tested on: no headers at all, ``Origin:
null``, hosts with ports, ``same-site`` that is not same-origin, trusted
origins, values no browser sends. The trusted origins are the CORS
policy's, which is this package's own rule: ``"*"`` trusts none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flask_cors.core import (
    SAFE_METHODS,
    Guard,
    Policy,
    Protection,
    RegexBudget,
    RequestInfo,
    protect,
)
from flask_cors.core.protection import same_host, trusts

PROPERTY = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

APP = "https://app.example.com"
API_HOST = "api.example.com"
SELF = "https://api.example.com"
EVIL = "https://evil.example.net"
SIBLING = "https://blog.example.com"

LISTED = Policy(origins=[APP, "https://*.partner.test", r"https://[a-z]+\.regex\.test"])


@dataclass(frozen=True)
class Case:
    """One row: a policy and a request in, what protection decides out."""

    id: str
    description: str
    info: RequestInfo
    expected: Protection
    policy: Policy = LISTED


def post(
    origin: str | None = None,
    site: str | None = None,
    host: str | None = API_HOST,
    method: str = "POST",
) -> RequestInfo:
    return RequestInfo(method, origin=origin, sec_fetch_site=site, host=host)


CASES = [
    # Safe methods.
    Case(
        "get-cross-site",
        "GET passes even from another site: it must not change state.",
        post(EVIL, "cross-site", method="GET"),
        Protection.SAFE_METHOD,
    ),
    Case(
        "head-cross-site",
        "HEAD passes even from another site.",
        post(EVIL, "cross-site", method="HEAD"),
        Protection.SAFE_METHOD,
    ),
    Case(
        "options-cross-site",
        "OPTIONS (a preflight) passes even from another site.",
        post(EVIL, "cross-site", method="OPTIONS"),
        Protection.SAFE_METHOD,
    ),
    Case(
        "lower-case-get",
        "A lower-case get is GET: the snapshot upper-cases the method.",
        post(EVIL, "cross-site", method="get"),
        Protection.SAFE_METHOD,
    ),
    Case(
        "trace-is-checked",
        "TRACE is no method a page can send, so it is checked like any other.",
        post(EVIL, "cross-site", method="TRACE"),
        Protection.CROSS_SITE,
    ),
    # Sec-Fetch-Site.
    Case(
        "same-origin",
        "Sec-Fetch-Site: same-origin passes: the server's own page sent it.",
        post(SELF, "same-origin"),
        Protection.SAME_ORIGIN,
    ),
    Case(
        "same-origin-without-origin",
        "Sec-Fetch-Site: same-origin passes without an Origin too.",
        post(None, "same-origin"),
        Protection.SAME_ORIGIN,
    ),
    Case(
        "none",
        "Sec-Fetch-Site: none passes: the user made the request (a bookmark, the URL bar).",
        post(None, "none"),
        Protection.USER_INITIATED,
    ),
    Case(
        "cross-site",
        "Sec-Fetch-Site: cross-site from an origin the policy does not list is refused.",
        post(EVIL, "cross-site"),
        Protection.CROSS_SITE,
    ),
    Case(
        "same-site-not-same-origin",
        "same-site is refused: a sibling subdomain is another origin, perhaps someone else's.",
        post(SIBLING, "same-site"),
        Protection.CROSS_SITE,
    ),
    Case(
        "cross-site-origin-matches-host",
        "With Sec-Fetch-Site, Host is not consulted: cross-site is refused even if Origin is Host.",
        post(SELF, "cross-site"),
        Protection.CROSS_SITE,
    ),
    Case(
        "unknown-value",
        "A Sec-Fetch-Site value no browser sends is refused like cross-site.",
        post(EVIL, "somewhere"),
        Protection.CROSS_SITE,
    ),
    Case(
        "upper-case-value",
        "Same-Origin in another letter case is no value browsers send: refused.",
        post(EVIL, "Same-Origin"),
        Protection.CROSS_SITE,
    ),
    Case(
        "cross-site-without-origin",
        "Sec-Fetch-Site: cross-site without an Origin is refused: nothing to trust.",
        post(None, "cross-site"),
        Protection.CROSS_SITE,
    ),
    Case(
        "empty-sec-fetch-site",
        "An empty Sec-Fetch-Site counts as none at all: then Origin is compared with Host.",
        post(SELF, ""),
        Protection.ORIGIN_MATCHES_HOST,
    ),
    # Trusted origins: those the CORS policy lists.
    Case(
        "trusted-literal",
        "A cross-site request from a literal origin of the policy passes.",
        post(APP, "cross-site"),
        Protection.TRUSTED_ORIGIN,
    ),
    Case(
        "trusted-literal-case",
        "Origins compare case-insensitively, as for CORS.",
        post("HTTPS://APP.EXAMPLE.COM", "cross-site"),
        Protection.TRUSTED_ORIGIN,
    ),
    Case(
        "trusted-wildcard",
        "An origin a wildcard origin of the policy covers passes.",
        post("https://shop.partner.test", "same-site"),
        Protection.TRUSTED_ORIGIN,
    ),
    Case(
        "trusted-regex",
        "An origin a regex of the policy matches passes.",
        post("https://abc.regex.test", "cross-site"),
        Protection.TRUSTED_ORIGIN,
    ),
    Case(
        "trusted-with-path-is-not",
        "An Origin that is not a serialized origin is not the listed one.",
        post(APP + "/", "cross-site"),
        Protection.CROSS_SITE,
    ),
    Case(
        "trusted-other-port",
        "The same host on another port is another origin.",
        post(APP + ":8443", "cross-site"),
        Protection.CROSS_SITE,
    ),
    Case(
        "star-trusts-none",
        "origins='*' lets every site read, and trusts none: a cross-site POST is refused.",
        post(EVIL, "cross-site"),
        Protection.CROSS_SITE,
        Policy(),
    ),
    Case(
        "star-beside-listed",
        "'*' beside a listed origin trusts the listed one.",
        post(APP, "cross-site"),
        Protection.TRUSTED_ORIGIN,
        Policy(origins=["*", APP]),
    ),
    Case(
        "no-origins",
        "origins=[] trusts nothing.",
        post(APP, "cross-site"),
        Protection.CROSS_SITE,
        Policy(origins=[]),
    ),
    Case(
        "star-origin-value",
        "An 'Origin: *' is no origin, and never trusted.",
        post("*", "cross-site"),
        Protection.CROSS_SITE,
        Policy(origins=["*", re.compile(".*")]),
    ),
    # Origin: null.
    Case(
        "null-cross-site",
        "Origin: null (a sandboxed iframe, a file: page) is refused.",
        post("null", "cross-site"),
        Protection.CROSS_SITE,
    ),
    Case(
        "null-without-sec-fetch-site",
        "Origin: null without Sec-Fetch-Site is refused: null is no host.",
        post("null"),
        Protection.ORIGIN_NOT_HOST,
    ),
    Case(
        "null-under-star",
        "'*' does not trust null.",
        post("null", "cross-site"),
        Protection.CROSS_SITE,
        Policy(),
    ),
    Case(
        "null-listed",
        "null is trusted where the policy lists it.",
        post("null", "cross-site"),
        Protection.TRUSTED_ORIGIN,
        Policy(origins=["null"]),
    ),
    # No Sec-Fetch-Site: older browsers and programs.
    Case(
        "no-headers",
        "Neither Sec-Fetch-Site nor Origin: not a browser (curl, a webhook), passes.",
        post(None, None),
        Protection.NOT_FROM_A_BROWSER,
    ),
    Case(
        "empty-origin",
        "An empty Origin counts as none.",
        post("", None),
        Protection.NOT_FROM_A_BROWSER,
    ),
    Case(
        "origin-matches-host",
        "Without Sec-Fetch-Site, an Origin naming the host passes (an older browser, same origin).",
        post(SELF),
        Protection.ORIGIN_MATCHES_HOST,
    ),
    Case(
        "origin-matches-host-http",
        "Host carries no scheme: http://host passes too (HSTS closes that gap).",
        post("http://api.example.com"),
        Protection.ORIGIN_MATCHES_HOST,
    ),
    Case(
        "origin-host-with-port",
        "Host with a port matches an Origin with the same port.",
        post("http://localhost:5000", host="localhost:5000"),
        Protection.ORIGIN_MATCHES_HOST,
    ),
    Case(
        "origin-host-port-differs",
        "Host with another port is another origin: refused.",
        post("http://localhost:5001", host="localhost:5000"),
        Protection.ORIGIN_NOT_HOST,
    ),
    Case(
        "origin-port-host-without",
        "An Origin with a port does not match a Host without one.",
        post("http://localhost:5000", host="localhost"),
        Protection.ORIGIN_NOT_HOST,
    ),
    Case(
        "host-with-default-port",
        "Host 'example:443' is the https Origin without a port: the default port is left out.",
        post(SELF, host="api.example.com:443"),
        Protection.ORIGIN_MATCHES_HOST,
    ),
    Case(
        "host-with-other-default-port",
        "Host 'example:80' is not the https Origin: 80 is http's default, not https's.",
        post(SELF, host="api.example.com:80"),
        Protection.ORIGIN_NOT_HOST,
    ),
    Case(
        "host-case",
        "Hosts compare case-insensitively.",
        post(SELF, host="API.Example.COM"),
        Protection.ORIGIN_MATCHES_HOST,
    ),
    Case(
        "ipv6-host",
        "An IPv6 host with a port matches its Origin.",
        post("http://[::1]:8080", host="[::1]:8080"),
        Protection.ORIGIN_MATCHES_HOST,
    ),
    Case(
        "origin-other-host",
        "Without Sec-Fetch-Site, an Origin of another host is refused.",
        post(EVIL),
        Protection.ORIGIN_NOT_HOST,
    ),
    Case(
        "origin-other-host-trusted",
        "Without Sec-Fetch-Site, an Origin of another host that the policy lists passes.",
        post(APP),
        Protection.TRUSTED_ORIGIN,
    ),
    Case(
        "no-host",
        "Without a Host to compare with, an Origin is refused unless trusted.",
        post(SELF, host=None),
        Protection.ORIGIN_NOT_HOST,
    ),
    Case(
        "origin-without-scheme",
        "An Origin without a scheme is no origin: it never matches Host.",
        post(API_HOST),
        Protection.ORIGIN_NOT_HOST,
    ),
    Case(
        "origin-with-path",
        "An Origin with a path is no serialized origin: it does not match Host.",
        post(SELF + "/x"),
        Protection.ORIGIN_NOT_HOST,
    ),
    Case(
        "unsafe-methods",
        "DELETE is checked as POST is.",
        post(EVIL, "cross-site", method="DELETE"),
        Protection.CROSS_SITE,
    ),
    Case(
        "made-up-method",
        "Any method that is not GET, HEAD or OPTIONS is checked.",
        post(EVIL, "cross-site", method="PROPFIND"),
        Protection.CROSS_SITE,
    ),
]


def test_every_protection_has_a_case() -> None:
    """The table covers every Protection, so a new rule cannot go untested."""
    assert {case.expected for case in CASES} == set(Protection)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_protect(case: Case) -> None:
    """Each request gets exactly the decision of its row."""
    assert protect(case.policy, case.info) is case.expected


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_guard_from_environ(case: Case) -> None:
    """A Guard given the request as a WSGI environ decides as protect() does."""
    info = case.info
    environ = {"REQUEST_METHOD": info.method}
    for key, value in [
        ("HTTP_ORIGIN", info.origin),
        ("HTTP_SEC_FETCH_SITE", info.sec_fetch_site),
        ("HTTP_HOST", info.host),
    ]:
        if value is not None:
            environ[key] = value
    assert Guard(case.policy).check_environ(environ) is case.expected


@pytest.mark.parametrize(
    ("verdict", "allowed"),
    [
        (Protection.SAFE_METHOD, True),
        (Protection.SAME_ORIGIN, True),
        (Protection.USER_INITIATED, True),
        (Protection.NOT_FROM_A_BROWSER, True),
        (Protection.ORIGIN_MATCHES_HOST, True),
        (Protection.TRUSTED_ORIGIN, True),
        (Protection.CROSS_SITE, False),
        (Protection.ORIGIN_NOT_HOST, False),
    ],
)
def test_allowed(verdict: Protection, allowed: bool) -> None:
    """Exactly the two refusals are not allowed."""
    assert verdict.allowed is allowed


def test_safe_methods() -> None:
    """The methods that always pass are GET, HEAD and OPTIONS."""
    assert frozenset({"GET", "HEAD", "OPTIONS"}) == SAFE_METHODS


def test_host_from_server_name() -> None:
    """Without a Host header, the server's name and port stand for it (PEP 3333)."""
    environ = {
        "REQUEST_METHOD": "POST",
        "HTTP_ORIGIN": "http://10.0.0.5:8080",
        "SERVER_NAME": "10.0.0.5",
        "SERVER_PORT": "8080",
    }
    assert Guard(Policy()).check_environ(environ) is Protection.ORIGIN_MATCHES_HOST


def test_non_text_method_in_environ() -> None:
    """A method that is not text (a broken server) is decided as its text, never raising."""
    environ: dict[str, object] = {"REQUEST_METHOD": ["GET"], "HTTP_SEC_FETCH_SITE": "cross-site"}
    assert Guard(Policy()).check_environ(environ) is Protection.CROSS_SITE


def test_regex_budget_spent_trusts_nothing() -> None:
    """A regex that does not finish within the budget trusts nothing, and the budget says so."""
    policy = Policy(origins=[r"^https://(a|a)*\.example\.com$"])
    budget = RegexBudget(seconds=0.0)
    info = post("https://aaaa.example.com", "cross-site")
    assert protect(policy, info, budget) is Protection.CROSS_SITE
    assert budget.exhausted == [r"^https://(a|a)*\.example\.com$"]


@pytest.mark.parametrize(
    ("origin", "host", "same"),
    [
        pytest.param("https://a.test", "a.test", True, id="plain"),
        pytest.param("https://a.test", "a.test:443", True, id="https-default-port"),
        pytest.param("http://a.test", "a.test:80", True, id="http-default-port"),
        pytest.param("http://a.test:80", "a.test", True, id="default-port-in-origin"),
        pytest.param("https://a.test", "a.test:80", False, id="other-default-port"),
        pytest.param("https://a.test:8443", "a.test:8443", True, id="port"),
        pytest.param("https://a.test:8443", "a.test:443", False, id="other-port"),
        pytest.param("https://A.TEST", "a.test", True, id="case"),
        pytest.param("https://a.test", "", False, id="empty-host"),
        pytest.param("https://a.test", None, False, id="no-host"),
        pytest.param("a.test", "a.test", False, id="no-scheme"),
        pytest.param("https://", "", False, id="no-authority"),
        pytest.param("null", "null", False, id="null"),
        pytest.param("https://a.test/", "a.test", False, id="trailing-slash"),
        pytest.param("ws://a.test", "a.test", True, id="other-scheme-no-port"),
    ],
)
def test_same_host(origin: str, host: str | None, same: bool) -> None:
    """An Origin names the Host when host and port agree, default ports left out."""
    assert same_host(origin, host) is same


# --- Properties ------------------------------------------------------------------

texts = st.one_of(st.none(), st.text(max_size=40))
header_values = st.one_of(
    st.none(),
    st.sampled_from(["same-origin", "same-site", "cross-site", "none", "", "x"]),
    st.text(max_size=20),
)
origins_sent = st.one_of(
    st.none(),
    st.sampled_from([APP, EVIL, SELF, SIBLING, "null", "*", "", "http://api.example.com"]),
    st.text(max_size=40),
)
hosts = st.one_of(st.none(), st.sampled_from([API_HOST, "api.example.com:443", ""]), st.text())
methods = st.one_of(st.sampled_from(["GET", "POST", "PUT", "delete", "OPTIONS"]), st.text())
policies = st.sampled_from(
    [Policy(), LISTED, Policy(origins=[]), Policy(origins=["null", EVIL]), Policy(origins="*")]
)


@PROPERTY
@given(policies, methods, origins_sent, header_values, hosts)
@example(Policy(), "POST", "\x00", "cross-site", None)
def test_never_raises_and_environ_agrees(
    policy: Policy, method: str, origin: str | None, site: str | None, host: str | None
) -> None:
    """For any request, a Guard on the WSGI environ answers as protect() on its snapshot."""
    environ = {"REQUEST_METHOD": method}
    for key, value in [("HTTP_ORIGIN", origin), ("HTTP_SEC_FETCH_SITE", site), ("HTTP_HOST", host)]:
        if value is not None:
            environ[key] = value
    verdict = protect(policy, RequestInfo.from_environ(environ))
    assert Guard(policy).check_environ(environ) is verdict


@PROPERTY
@given(policies, st.sampled_from(sorted(SAFE_METHODS)), origins_sent, header_values, hosts)
def test_safe_methods_always_pass(
    policy: Policy, method: str, origin: str | None, site: str | None, host: str | None
) -> None:
    """GET, HEAD and OPTIONS pass whatever else the request says."""
    info = RequestInfo(method, origin=origin, sec_fetch_site=site, host=host)
    assert protect(policy, info) is Protection.SAFE_METHOD


@PROPERTY
@given(methods, origins_sent, hosts)
def test_star_trusts_no_cross_site_request(
    method: str, origin: str | None, host: str | None
) -> None:
    """Under origins='*', a request marked cross-site passes only if its method is safe."""
    info = RequestInfo(method, origin=origin, sec_fetch_site="cross-site", host=host)
    verdict = protect(Policy(), info)
    assert verdict.allowed is (info.method in SAFE_METHODS)


@PROPERTY
@given(st.sampled_from([APP, "https://x.partner.test", "https://q.regex.test"]), header_values)
def test_listed_origins_always_pass(origin: str, site: str | None) -> None:
    """A request from an origin the policy lists passes, whatever Sec-Fetch-Site says."""
    info = RequestInfo("POST", origin=origin, sec_fetch_site=site, host="elsewhere.test")
    assert protect(LISTED, info).allowed


@PROPERTY
@given(origins_sent, st.sampled_from(["cross-site", "same-site"]), hosts)
def test_refused_unless_trusted(origin: str | None, site: str, host: str | None) -> None:
    """A non-safe request a browser marks as from another site passes only if trusted."""
    info = RequestInfo("POST", origin=origin, sec_fetch_site=site, host=host)
    trusted = bool(origin) and trusts(LISTED.origins, origin or "")
    assert protect(LISTED, info).allowed is trusted
