"""explain(): one sentence per Reason, naming where the policy came from, with values escaped."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from flask_cors.core import (
    Policy,
    Protection,
    Reason,
    RequestInfo,
    decide,
    explain,
    explain_protection,
    protect,
)
from flask_cors.core.explain import PROTECTION_SENTENCES, SENTENCES

APP = "https://app.example.com"
LOCAL = "http://localhost:3000"
WHERE = "rule '/api/*'"

POLICY = Policy(
    origins=[APP],
    methods=["GET", "PUT"],
    allow_headers=["Content-Type", r"X-Custom-.*"],
)


def preflight(
    method: str, headers: str | None = None, *, private_network: bool = False
) -> RequestInfo:
    return RequestInfo(
        "OPTIONS",
        origin=APP,
        request_method=method,
        request_headers=headers,
        private_network=private_network,
    )


@dataclass(frozen=True)
class Case:
    """A policy and a request, the reason decide() gives, and the sentence for it."""

    id: str
    policy: Policy
    info: RequestInfo
    reason: Reason
    text: str


CASES = [
    Case(
        "allowed-request",
        POLICY,
        RequestInfo("GET", origin=APP),
        Reason.ALLOWED,
        "'GET' request from origin 'https://app.example.com' is allowed by rule '/api/*'",
    ),
    Case(
        "allowed-preflight",
        POLICY,
        preflight("PUT"),
        Reason.ALLOWED,
        "preflight from origin 'https://app.example.com' for method 'PUT' is allowed by "
        "rule '/api/*'",
    ),
    Case(
        "allowed-preflight-with-headers",
        POLICY,
        preflight("PUT", "content-type,x-custom-id"),
        Reason.ALLOWED,
        "preflight from origin 'https://app.example.com' for method 'PUT' with headers "
        "'content-type,x-custom-id' is allowed by rule '/api/*'",
    ),
    Case(
        "no-origin-answered",
        POLICY,
        RequestInfo("GET"),
        Reason.NO_ORIGIN,
        "not a CORS request: it has no Origin header, so browsers check nothing "
        "(always_send=True adds CORS headers anyway)",
    ),
    Case(
        "no-origin-nothing-sent",
        Policy(origins=[]),
        RequestInfo("GET"),
        Reason.NO_ORIGIN,
        "not a CORS request: it has no Origin header, so browsers check nothing",
    ),
    Case(
        "origin-not-allowed",
        POLICY,
        RequestInfo("GET", origin=LOCAL),
        Reason.ORIGIN_NOT_ALLOWED,
        "origin 'http://localhost:3000' is not allowed by rule '/api/*'; "
        "allowed: 'https://app.example.com'",
    ),
    Case(
        "origin-not-allowed-lists-the-first-five",
        Policy(
            origins=[
                "https://a.example",
                "https://b.example",
                "https://*.c.example",
                r"https://d\.example$",
                "https://e.example",
                "https://f.example",
                "https://g.example",
            ]
        ),
        RequestInfo("GET", origin="https://x.example"),
        Reason.ORIGIN_NOT_ALLOWED,
        "origin 'https://x.example' is not allowed by rule '/api/*'; allowed: "
        "'https://a.example', 'https://b.example', 'https://e.example', 'https://f.example', "
        "'https://g.example' and 2 more",
    ),
    Case(
        "origin-not-allowed-wildcard-and-regex",
        Policy(origins=["https://*.example.com", r"https://.*\.example\.org$"]),
        RequestInfo("GET", origin=LOCAL),
        Reason.ORIGIN_NOT_ALLOWED,
        "origin 'http://localhost:3000' is not allowed by rule '/api/*'; allowed: "
        "'https://*.example.com', regex 'https://.*\\\\.example\\\\.org$'",
    ),
    Case(
        "origin-not-allowed-but-meant",
        Policy(origins=["localhost:3000", "https://app.example.com/"]),
        RequestInfo("GET", origin=LOCAL),
        Reason.ORIGIN_NOT_ALLOWED,
        "origin 'http://localhost:3000' is not allowed by rule '/api/*'; allowed: "
        "'localhost:3000', 'https://app.example.com/'; 'localhost:3000' never matches a "
        "browser's Origin (it has no scheme): did you mean 'http://localhost:3000'?",
    ),
    Case(
        "origin-not-allowed-none",
        Policy(origins=[]),
        RequestInfo("GET", origin=LOCAL),
        Reason.ORIGIN_NOT_ALLOWED,
        "origin 'http://localhost:3000' is not allowed by rule '/api/*'; allowed: none",
    ),
    Case(
        "invalid-origin",
        POLICY,
        RequestInfo("GET", origin="https://a.example, https://b.example"),
        Reason.INVALID_ORIGIN,
        "the Origin header 'https://a.example, https://b.example' is not a single valid origin "
        "(at most 300 visible ASCII characters, no spaces or commas); it gets no CORS headers",
    ),
    Case(
        "method-not-allowed",
        POLICY,
        preflight("DELETE"),
        Reason.METHOD_NOT_ALLOWED,
        "preflight from origin 'https://app.example.com' asks for method 'DELETE', which is not "
        "allowed by rule '/api/*'; allowed methods: GET, PUT",
    ),
    Case(
        "method-not-allowed-none",
        Policy(methods=[]),
        preflight("GET"),
        Reason.METHOD_NOT_ALLOWED,
        "preflight from origin 'https://app.example.com' asks for method 'GET', which is not "
        "allowed by rule '/api/*'; allowed methods: none",
    ),
    Case(
        "headers-not-allowed",
        POLICY,
        preflight("GET", "X-Custom-A, X-Other, X-Third"),
        Reason.HEADERS_NOT_ALLOWED,
        "preflight from origin 'https://app.example.com' asks for headers 'X-Other, X-Third', "
        "which are not allowed by rule '/api/*'; allowed headers: 'Content-Type', "
        "regex 'X-Custom-.*'",
    ),
    Case(
        "invalid-request-headers",
        POLICY,
        preflight("GET", "X-A; X-B"),
        Reason.INVALID_REQUEST_HEADERS,
        "preflight from origin 'https://app.example.com' has a malformed "
        "Access-Control-Request-Headers 'X-A; X-B' (a comma-separated list of header names, "
        "at most 4096 characters); no headers are allowed",
    ),
    Case(
        "private-network-not-allowed",
        POLICY,
        preflight("GET", private_network=True),
        Reason.PRIVATE_NETWORK_NOT_ALLOWED,
        "preflight from origin 'https://app.example.com' asks for private network access, which "
        "is not allowed by rule '/api/*'; set allow_private_network=True to allow it",
    ),
    Case(
        "regex-budget",
        Policy(origins=[r"^https://(a|a)*\.example\.com$"]),
        RequestInfo("GET", origin="https://" + "a" * 60 + "!"),
        Reason.REGEX_BUDGET,
        "request from origin 'https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'"
        " was refused by rule '/api/*': a configured regex ('^https://(a|a)*\\\\.example\\\\.com$')"
        " did not finish within the regex budget (2 ms per request), so it did not match; a "
        "crafted request can do this to a regex that backtracks: rewrite it so that no part can "
        "match the same text in several ways",
    ),
]


def registry_down(origin: str) -> bool:
    """An origin function whose database is unreachable."""
    raise ConnectionError("unreachable")


CASES.append(
    Case(
        "origin-check-failed",
        Policy(origins=[APP, registry_down]),
        RequestInfo("GET", origin=LOCAL),
        Reason.ORIGIN_CHECK_FAILED,
        "origin 'http://localhost:3000' is not allowed by rule '/api/*': an origin function "
        f"({__name__}.registry_down) failed; a function that raises or does not answer True or "
        "False refuses the origin (the flask_cors log has its traceback)",
    )
)


def test_every_reason_has_a_sentence() -> None:
    """explain()'s table has a sentence for every Reason, and nothing else."""
    assert set(SENTENCES) == set(Reason)


def test_every_reason_has_a_case() -> None:
    """The table covers every Reason, so a new one cannot go unexplained unnoticed."""
    assert {case.reason for case in CASES} == set(Reason)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_explain(case: Case) -> None:
    """Each decision is explained by exactly its sentence."""
    decision = decide(case.policy, case.info)

    assert decision.reason is case.reason
    assert explain(case.policy, case.info, decision, where=WHERE) == case.text


def test_without_where_the_sentence_names_no_rule() -> None:
    """Without where=, the sentence is the same minus 'by ...'."""
    info = RequestInfo("GET", origin=LOCAL)

    assert explain(POLICY, info, decide(POLICY, info)) == (
        "origin 'http://localhost:3000' is not allowed; allowed: 'https://app.example.com'"
    )


@pytest.mark.parametrize(
    ("info", "shown"),
    [
        pytest.param(
            RequestInfo("GET", origin="https://app.example.com\r\n[CRITICAL] forged"),
            r"the Origin header 'https://app.example.com\r\n[CRITICAL] forged' is not",
            id="origin",
        ),
        pytest.param(
            preflight("GET\r\nX: y"),
            r"asks for method 'GET\r\nX: y', which is not allowed",
            id="request-method",
        ),
        pytest.param(
            preflight("GET", "X-A\r\nSet-Cookie: a=b"),
            r"malformed Access-Control-Request-Headers 'X-A\r\nSet-Cookie: a=b' (a comma",
            id="request-headers",
        ),
        pytest.param(
            RequestInfo("GET", origin="https://app.example.com\x00\x1b[31m"),
            r"the Origin header 'https://app.example.com\x00\x1b[31m' is not",
            id="control-characters",
        ),
    ],
)
def test_request_values_are_escaped(info: RequestInfo, shown: str) -> None:
    """Request values are shown with repr(): CR, LF and other controls never appear raw."""
    text = explain(POLICY, info, decide(POLICY, info))

    assert shown in text
    assert not any(char in text for char in "\r\n\x00\x1b")


def test_long_values_are_cut_short() -> None:
    """A request value over 80 characters is shown cut, with its full length."""
    origin = "https://" + "a" * 100 + ".example"
    info = RequestInfo("GET", origin=origin)

    assert explain(POLICY, info, decide(POLICY, info)) == (
        f"origin {origin[:80]!r}... (116 characters) is not allowed; "
        "allowed: 'https://app.example.com'"
    )


def test_null_under_star() -> None:
    """'null' refused under '*' is explained as refused, by the rule."""
    policy = Policy()
    info = RequestInfo("GET", origin="null")
    decision = decide(policy, info)

    assert decision.reason is Reason.ORIGIN_NOT_ALLOWED
    assert explain(policy, info, decision, where=WHERE) == (
        "origin 'null' is not allowed by rule '/api/*': '*' does not cover the opaque origin "
        "'null' (sandboxed iframes, file: pages), which any site can produce; list 'null' in "
        "origins to allow it anyway"
    )


def test_null_under_star_does_not_claim_any_origin_is_allowed() -> None:
    """The explanation of 'null' refused under '*' does not claim that any origin is allowed."""
    policy = Policy()
    info = RequestInfo("GET", origin="null")

    assert "allowed: any ('*')" not in explain(policy, info, decide(policy, info))


@pytest.mark.parametrize(
    "policy",
    [
        pytest.param(Policy(always_send=False), id="always-send-off"),
        pytest.param(Policy(origins=r"https://.*\.example\.com$"), id="only-regex-origins"),
        pytest.param(Policy(supports_credentials=True, origins=["*"]), id="star-credentials"),
    ],
)
def test_no_origin_without_cors_headers_does_not_claim_any(policy: Policy) -> None:
    """Without Origin, when no CORS header is sent, explain() does not say one is added."""
    info = RequestInfo("GET")
    decision = decide(policy, info)

    assert not any(name.startswith("Access-Control-") for name, _ in decision.headers)
    assert explain(policy, info, decision) == (
        "not a CORS request: it has no Origin header, so browsers check nothing"
    )


@dataclass(frozen=True)
class ProtectionCase:
    """A policy and a request, what protect() decides, and the sentence for it."""

    id: str
    policy: Policy
    info: RequestInfo
    verdict: Protection
    text: str


def _post(
    origin: str | None, site: str | None, host: str | None = "api.example.com"
) -> RequestInfo:
    return RequestInfo("POST", origin=origin, sec_fetch_site=site, host=host)


PROTECTION_CASES = [
    ProtectionCase(
        "safe-method",
        POLICY,
        RequestInfo("GET", origin=LOCAL, sec_fetch_site="cross-site"),
        Protection.SAFE_METHOD,
        "GET request passes cross-site protection: GET, HEAD and OPTIONS always do",
    ),
    ProtectionCase(
        "same-origin",
        POLICY,
        _post("https://api.example.com", "same-origin"),
        Protection.SAME_ORIGIN,
        "POST request passes cross-site protection: the browser says a page of this origin "
        "sent it (Sec-Fetch-Site: 'same-origin')",
    ),
    ProtectionCase(
        "user-initiated",
        POLICY,
        _post(None, "none"),
        Protection.USER_INITIATED,
        "POST request passes cross-site protection: the user made it, not a page "
        "(Sec-Fetch-Site: 'none')",
    ),
    ProtectionCase(
        "not-from-a-browser",
        POLICY,
        _post(None, None),
        Protection.NOT_FROM_A_BROWSER,
        "POST request passes cross-site protection: it has neither Sec-Fetch-Site nor Origin, "
        "which browsers send, so it is not from a browser",
    ),
    ProtectionCase(
        "origin-matches-host",
        POLICY,
        _post("https://api.example.com", None),
        Protection.ORIGIN_MATCHES_HOST,
        "POST request passes cross-site protection: without Sec-Fetch-Site (an older browser), "
        "its Origin 'https://api.example.com' names the host it was sent to ('api.example.com')",
    ),
    ProtectionCase(
        "trusted",
        POLICY,
        _post(APP, "cross-site"),
        Protection.TRUSTED_ORIGIN,
        "POST request from origin 'https://app.example.com' passes cross-site protection of "
        "rule '/api/*': the CORS origins allow it",
    ),
    ProtectionCase(
        "cross-site",
        POLICY,
        _post(LOCAL, "cross-site"),
        Protection.CROSS_SITE,
        "POST request from origin 'http://localhost:3000' was refused by cross-site protection "
        "of rule '/api/*': the browser says another site's page sent it (Sec-Fetch-Site: "
        "'cross-site'), and the CORS origins do not list it; trusted: 'https://app.example.com'; "
        "to let that page send it, list its origin in origins, or exempt the view or blueprint "
        "with cross_site_exempt()",
    ),
    ProtectionCase(
        "cross-site-under-star",
        Policy(),
        _post(LOCAL, "same-site"),
        Protection.CROSS_SITE,
        "POST request from origin 'http://localhost:3000' was refused by cross-site protection "
        "of rule '/api/*': the browser says another site's page sent it (Sec-Fetch-Site: "
        "'same-site'), and the CORS origins do not list it; trusted: none ('*' lets every "
        "site read responses but trusts none to send them: protection trusts only the origins "
        "listed); to let that page send it, list its origin in origins, or exempt the view or "
        "blueprint with cross_site_exempt()",
    ),
    ProtectionCase(
        "origin-not-host",
        POLICY,
        _post("https://evil.example\r\nX: y", None),
        Protection.ORIGIN_NOT_HOST,
        "POST request from origin 'https://evil.example\\r\\nX: y' was refused by cross-site "
        "protection of rule '/api/*': it has no Sec-Fetch-Site (a browser from before 2023?) "
        "and its Origin is not the host it was sent to ('api.example.com'), and the CORS "
        "origins do not list it; trusted: 'https://app.example.com'; to let that page send it, "
        "list its origin in origins, or exempt the view or blueprint with cross_site_exempt()",
    ),
]


def test_every_protection_has_a_sentence() -> None:
    """explain_protection()'s table has a sentence for every Protection, and nothing else."""
    assert set(PROTECTION_SENTENCES) == set(Protection)


def test_every_protection_has_a_case() -> None:
    """The table covers every Protection, so a new rule cannot go unexplained."""
    assert {case.verdict for case in PROTECTION_CASES} == set(Protection)


@pytest.mark.parametrize("case", PROTECTION_CASES, ids=[case.id for case in PROTECTION_CASES])
def test_explain_protection(case: ProtectionCase) -> None:
    """Each protection verdict is explained by exactly its sentence, request values escaped."""
    verdict = protect(case.policy, case.info)

    assert verdict is case.verdict
    assert explain_protection(case.policy, case.info, verdict, where=WHERE) == case.text
