"""lint(): the settings of a valid policy that let more sites read responses than intended.

Each finding is a Problem naming the option, the offending entry, what goes
wrong and the safer alternative; the texts are pinned exactly.
"""

from __future__ import annotations

import re

import pytest

from flask_cors.core import Policy, Problem, lint

CREDENTIALS_ANY = (
    "with supports_credentials=True lets every site read responses made with the user's "
    "cookies: any origin is echoed back as allowed"
)
CREDENTIALS_ANY_FIX = (
    "list the origins that may send credentials, such as origins=['https://app.example.com']"
)
UNANCHORED = (
    "is a regex not anchored at the end, so it also matches every origin that merely starts "
    "with a match"
)
UNANCHORED_FIX = "end the regex with '$', or use a wildcard origin such as 'https://*.example.com'"
NULL = (
    "allows the opaque origin 'null', which sandboxed iframes, file: pages and some redirects "
    "send, and which any site can produce"
)
NULL_FIX = "list the real origins of the pages that call this API"
PLAIN_HTTP = (
    "is plain http with supports_credentials=True: anyone on the network path can inject a "
    "script into that origin and read responses made with the user's cookies"
)


def unanchored(pattern: str, example: str | None) -> Problem:
    such_as = f", such as {example!r}" if example else ""
    return Problem("origins", pattern, UNANCHORED + such_as, UNANCHORED_FIX)


def plain_http(origin: str, https: str) -> Problem:
    return Problem("origins", origin, PLAIN_HTTP, f"serve the page over https and allow {https!r}")


@pytest.mark.parametrize(
    ("policy", "findings"),
    [
        pytest.param(
            Policy(supports_credentials=True),
            [Problem("origins", "*", CREDENTIALS_ANY, CREDENTIALS_ANY_FIX)],
            id="credentials-with-star",
        ),
        pytest.param(
            Policy(origins=".*", supports_credentials=True),
            [Problem("origins", "*", CREDENTIALS_ANY, CREDENTIALS_ANY_FIX)],
            id="credentials-with-dot-star",
        ),
        pytest.param(
            Policy(origins=[r"https?://.*"], supports_credentials=True),
            [Problem("origins", r"https?://.*", CREDENTIALS_ANY, CREDENTIALS_ANY_FIX)],
            id="credentials-with-catch-all-regex",
        ),
        pytest.param(
            Policy(origins=re.compile(".*"), supports_credentials=True),
            [Problem("origins", ".*", CREDENTIALS_ANY, CREDENTIALS_ANY_FIX)],
            id="credentials-with-compiled-catch-all",
        ),
        pytest.param(
            Policy(origins=r"https://.*\.example\.com"),
            [unanchored(r"https://.*\.example\.com", "https://app.example.com.attacker.net")],
            id="unanchored-subdomain-regex",
        ),
        pytest.param(
            Policy(origins=r"^https://[a-z]+\.example\.com"),
            [unanchored(r"^https://[a-z]+\.example\.com", "https://a.example.com.attacker.net")],
            id="unanchored-character-class",
        ),
        pytest.param(
            Policy(origins=r"https://(www|app)\.example\.com"),
            [
                unanchored(
                    r"https://(www|app)\.example\.com", "https://www.example.com.attacker.net"
                )
            ],
            id="unanchored-alternation",
        ),
        pytest.param(
            Policy(origins=r"https://app\d+\.example\.com"),
            [unanchored(r"https://app\d+\.example\.com", "https://app8.example.com.attacker.net")],
            id="unanchored-digits",
        ),
        pytest.param(
            Policy(origins=re.compile(r"https://api\.example\.com")),
            [unanchored(r"https://api\.example\.com", "https://api.example.com.attacker.net")],
            id="unanchored-compiled",
        ),
        pytest.param(
            Policy(origins=r"https://[^/]{3}\.example\.com"),
            [unanchored(r"https://[^/]{3}\.example\.com", None)],
            id="unanchored-without-example",
        ),
        pytest.param(
            Policy(origins=["null"]),
            [Problem("origins", "null", NULL, NULL_FIX)],
            id="null-literal",
        ),
        pytest.param(
            Policy(origins=["*", "null"]),
            [Problem("origins", "null", NULL, NULL_FIX)],
            id="null-beside-star",
        ),
        pytest.param(
            Policy(origins=[r"(null|https://app\.example\.com)$"]),
            [Problem("origins", r"(null|https://app\.example\.com)$", NULL, NULL_FIX)],
            id="null-by-regex",
        ),
        pytest.param(
            Policy(origins=["http://app.example.com"], supports_credentials=True),
            [plain_http("http://app.example.com", "https://app.example.com")],
            id="plain-http-with-credentials",
        ),
        pytest.param(
            Policy(origins=["http://localhost.evil.net:3000"], supports_credentials=True),
            [plain_http("http://localhost.evil.net:3000", "https://localhost.evil.net:3000")],
            id="plain-http-that-only-starts-like-localhost",
        ),
        pytest.param(
            Policy(origins=["http://*.example.com"], supports_credentials=True),
            [plain_http("http://*.example.com", "https://*.example.com")],
            id="plain-http-wildcard-with-credentials",
        ),
    ],
)
def test_each_finding(policy: Policy, findings: list[Problem]) -> None:
    """Each insecure setting gives exactly its finding, with the option, entry and fix."""
    assert lint(policy) == tuple(findings)


def test_finding_text() -> None:
    """A finding reads as option=entry: what goes wrong (the safer alternative)."""
    (finding,) = lint(Policy(origins=r"https://.*\.example\.com"))

    assert str(finding) == (
        r"origins='https://.*\\.example\\.com': is a regex not anchored at the end, so it also "
        "matches every origin that merely starts with a match, such as "
        "'https://app.example.com.attacker.net' (end the regex with '$', or use a wildcard "
        "origin such as 'https://*.example.com')"
    )


def test_every_finding_of_one_policy_in_order() -> None:
    """One policy with several mistakes gets every finding: credentials, regex, null, http."""
    policy = Policy(
        origins=[r"https?://.*", r"https://.*\.example\.org", "null", "http://shop.example.com"],
        supports_credentials=True,
    )

    assert lint(policy) == (
        Problem("origins", r"https?://.*", CREDENTIALS_ANY, CREDENTIALS_ANY_FIX),
        unanchored(r"https://.*\.example\.org", "https://app.example.org.attacker.net"),
        Problem("origins", "null", NULL, NULL_FIX),
        plain_http("http://shop.example.com", "https://shop.example.com"),
    )


@pytest.mark.parametrize(
    "policy",
    [
        pytest.param(Policy(), id="default"),
        pytest.param(Policy(send_wildcard=True), id="send-wildcard"),
        pytest.param(Policy(origins=[]), id="no-origins"),
        pytest.param(
            Policy(
                origins=["https://app.example.com", "https://shop.example.com:8443"],
                supports_credentials=True,
            ),
            id="listed-https-origins-with-credentials",
        ),
        pytest.param(
            Policy(origins=["https://*.example.com"], supports_credentials=True),
            id="https-wildcard-with-credentials",
        ),
        pytest.param(
            Policy(
                origins=[
                    r"https://.*\.example\.com$",
                    r"^https://[a-z]+\.example\.org\Z",
                    re.compile(r"https://api\.example\.net$"),
                ],
                supports_credentials=True,
            ),
            id="anchored-regexes",
        ),
        pytest.param(
            Policy(
                origins=["http://localhost:3000", "http://127.0.0.1:8000", "http://localhost"],
                supports_credentials=True,
            ),
            id="loopback-http-with-credentials",
        ),
        pytest.param(
            Policy(origins=["http://app.example.com"]),
            id="plain-http-without-credentials",
        ),
        pytest.param(
            Policy(origins=["http://localhost:*"], supports_credentials=True),
            id="loopback-any-port-with-credentials",
        ),
    ],
)
def test_safe_configurations_have_no_findings(policy: Policy) -> None:
    """Configurations that expose nothing unintended give no findings."""
    assert lint(policy) == ()
