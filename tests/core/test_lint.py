"""lint(): the settings of a valid policy that let more sites read responses than intended.

Each finding is a Problem naming the option, the offending entry, what goes
wrong and the safer alternative; the texts are pinned exactly.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from flask_cors.core import ConfigurationError, Policy, Problem, ProblemCode, lint
from flask_cors.core.lint import unseen
from flask_cors.core.sites import BrowserOrigin
from flask_cors.public_suffixes import is_public_suffix

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
    if example is None:
        return Problem(
            "origins",
            pattern,
            UNANCHORED,
            "end the regex with '$'",
            code=ProblemCode.UNANCHORED_REGEX,
        )
    return Problem(
        "origins",
        pattern,
        f"{UNANCHORED}, such as {example!r}",
        UNANCHORED_FIX,
        code=ProblemCode.UNANCHORED_REGEX,
    )


def plain_http(origin: str, https: str) -> Problem:
    return Problem(
        "origins",
        origin,
        PLAIN_HTTP,
        f"serve the page over https and allow {https!r}",
        code=ProblemCode.PLAIN_HTTP,
    )


@pytest.mark.parametrize(
    ("policy", "findings"),
    [
        pytest.param(
            Policy(supports_credentials=True),
            [
                Problem(
                    "origins",
                    "*",
                    CREDENTIALS_ANY,
                    CREDENTIALS_ANY_FIX,
                    code=ProblemCode.CREDENTIALS_ANY_ORIGIN,
                )
            ],
            id="credentials-with-star",
        ),
        pytest.param(
            Policy(origins=".*", supports_credentials=True),
            [
                Problem(
                    "origins",
                    "*",
                    CREDENTIALS_ANY,
                    CREDENTIALS_ANY_FIX,
                    code=ProblemCode.CREDENTIALS_ANY_ORIGIN,
                )
            ],
            id="credentials-with-dot-star",
        ),
        pytest.param(
            Policy(origins=[r"https?://.*"], supports_credentials=True),
            [
                Problem(
                    "origins",
                    r"https?://.*",
                    CREDENTIALS_ANY,
                    CREDENTIALS_ANY_FIX,
                    code=ProblemCode.CREDENTIALS_ANY_ORIGIN,
                )
            ],
            id="credentials-with-catch-all-regex",
        ),
        pytest.param(
            Policy(origins=re.compile(".*"), supports_credentials=True),
            [
                Problem(
                    "origins",
                    ".*",
                    CREDENTIALS_ANY,
                    CREDENTIALS_ANY_FIX,
                    code=ProblemCode.CREDENTIALS_ANY_ORIGIN,
                )
            ],
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
            [unanchored(r"https://[^/]{3}\.example\.com", "https://aaa.example.com.attacker.net")],
            id="unanchored-negated-class",
        ),
        pytest.param(
            Policy(origins=["null"]),
            [Problem("origins", "null", NULL, NULL_FIX, code=ProblemCode.NULL_ORIGIN)],
            id="null-literal",
        ),
        pytest.param(
            Policy(origins=["*", "null"]),
            [Problem("origins", "null", NULL, NULL_FIX, code=ProblemCode.NULL_ORIGIN)],
            id="null-beside-star",
        ),
        pytest.param(
            Policy(origins=[r"(null|https://app\.example\.com)$"]),
            [
                Problem(
                    "origins",
                    r"(null|https://app\.example\.com)$",
                    NULL,
                    NULL_FIX,
                    code=ProblemCode.NULL_ORIGIN,
                )
            ],
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
        Problem(
            "origins",
            r"https?://.*",
            CREDENTIALS_ANY,
            CREDENTIALS_ANY_FIX,
            code=ProblemCode.CREDENTIALS_ANY_ORIGIN,
        ),
        unanchored(r"https://.*\.example\.org", "https://app.example.org.attacker.net"),
        Problem("origins", "null", NULL, NULL_FIX, code=ProblemCode.NULL_ORIGIN),
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


# --- Findings decided by trying origins on the compiled regex -----------------------------

ALTERNATION = (
    "is a regex whose end anchor binds only its last alternative, so another alternative also "
    "matches every origin that merely starts with a match"
)
ALTERNATION_FIX = (
    r"group the alternatives before the anchor, as in r'^https://(app|admin)\.example\.com$'"
)
LOOKALIKE_FIX = (
    "escape literal dots as '\\.' (re.escape() does it), or use a wildcard origin such as "
    "'https://*.example.com'"
)


def lookalike(pattern: str, example: str) -> Problem:
    return Problem(
        "origins",
        pattern,
        f"is a regex that also matches other sites' origins, such as {example!r}: an unescaped "
        "'.' matches any character, and a repetition may run into the domain",
        LOOKALIKE_FIX,
        code=ProblemCode.OTHER_SITES,
    )


@pytest.mark.parametrize(
    ("origins", "findings"),
    [
        pytest.param(
            r"^https://.*$",
            [
                Problem(
                    "origins",
                    r"^https://.*$",
                    CREDENTIALS_ANY,
                    CREDENTIALS_ANY_FIX,
                    code=ProblemCode.CREDENTIALS_ANY_ORIGIN,
                )
            ],
            id="catch-all-over-https",
        ),
        pytest.param(
            r"https://.+$",
            [
                Problem(
                    "origins",
                    r"https://.+$",
                    CREDENTIALS_ANY,
                    CREDENTIALS_ANY_FIX,
                    code=ProblemCode.CREDENTIALS_ANY_ORIGIN,
                )
            ],
            id="catch-all-over-https-plus",
        ),
        pytest.param(
            r"https://app\.example\.com|https://admin\.example\.com$",
            [
                Problem(
                    "origins",
                    r"https://app\.example\.com|https://admin\.example\.com$",
                    f"{ALTERNATION}, such as 'https://app.example.com.attacker.net'",
                    ALTERNATION_FIX,
                    code=ProblemCode.UNANCHORED_REGEX,
                )
            ],
            id="alternation-anchoring-the-last-branch",
        ),
        pytest.param(
            "https://*.example.com$",
            [
                Problem(
                    "origins",
                    "https://*.example.com$",
                    "is a regex, not a wildcard origin (its regex characters make it one): '*' "
                    "repeats the character before it and '.' matches any character, so it "
                    "matches other sites' origins, such as 'https://aexample.com', and not the "
                    "subdomains it names",
                    "write the wildcard origin 'https://*.example.com' without regex characters",
                    code=ProblemCode.OTHER_SITES,
                )
            ],
            id="wildcard-syntax-with-dollar",
        ),
        pytest.param(
            r"https://app.example\.com$",
            [lookalike(r"https://app.example\.com$", "https://appxexample.com")],
            id="unescaped-dot",
        ),
        pytest.param(
            r"https://.*example\.com$",
            [lookalike(r"https://.*example\.com$", "https://attackerexample.com")],
            id="repetition-into-the-domain",
        ),
    ],
)
def test_lint_misses_catch_all_and_alternation_regexes(
    origins: str, findings: list[Problem]
) -> None:
    """Regexes that match other sites' origins are found, each with an origin they match."""
    assert lint(Policy(origins=origins, supports_credentials=True)) == tuple(findings)


@pytest.mark.parametrize(
    "origins",
    [
        r"^http://localhost:\d+$",
        r"https://.*\.example\.com$",
        r"^https://(app|admin)\.example\.com$",
        r"https://([a-z0-9-]+\.)*example\.com$",
        r"https://app\.example\.com(:\d+)?$",
        r"http://127\.0\.0\.1:\d{4}$",
    ],
)
def test_regexes_matching_only_their_own_sites_have_no_findings(origins: str) -> None:
    """A regex that matches no other site's origin a browser can send gives no finding."""
    assert lint(Policy(origins=origins, supports_credentials=True)) == ()


EXAMPLES = [
    r"https://.*\.example\.com",
    r"https://app\.example\.com|https://admin\.example\.com$",
    "https://*.example.com$",
    r"https://app.example\.com$",
    r"https://.*example\.com$",
    r"^https://[a-z]+\.example\.com",
    r"https://app\d+\.example\.com",
    r"https://[^/]{3}\.example\.com",
]


@pytest.mark.parametrize("origins", EXAMPLES)
def test_every_example_is_an_origin_the_regex_matches(origins: str) -> None:
    """Each finding's example is a syntactically valid origin that the configured regex matches."""
    policy = Policy(origins=origins)
    (finding,) = lint(policy)
    example = re.search(r"such as '([^']+)'", finding.message)
    assert example is not None
    origin = example[1]
    assert re.fullmatch(r"https?://[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?", origin)
    assert policy.origins.matches(origin)


# --- Private Network Access --------------------------------------------------------------

PNA_ANY = Problem(
    "allow_private_network",
    True,
    "with origins='*' (or a catch-all regex) lets every web site reach this server on the "
    "user's private network: any page's Private Network Access preflight is answered yes",
    "list the origins of the pages that may reach it, such as "
    "origins=['https://intranet.example.com']",
    code=ProblemCode.PRIVATE_NETWORK_ANY_ORIGIN,
)


def pna_http(origin: str) -> Problem:
    return Problem(
        "origins",
        origin,
        "is plain http with allow_private_network=True: anyone on the network path can inject "
        "a script into that origin and reach this server on the user's private network",
        f"serve the page over https and allow {'https' + origin[4:]!r}",
        code=ProblemCode.PLAIN_HTTP,
    )


@pytest.mark.parametrize(
    ("policy", "findings"),
    [
        pytest.param(Policy(allow_private_network=True), [PNA_ANY], id="star"),
        pytest.param(
            Policy(origins=r"https?://.*", allow_private_network=True), [PNA_ANY], id="catch-all"
        ),
        pytest.param(
            Policy(origins=["http://intranet-tool.example.com"], allow_private_network=True),
            [pna_http("http://intranet-tool.example.com")],
            id="plain-http",
        ),
        pytest.param(
            Policy(origins=["http://*.corp.example"], allow_private_network=True),
            [pna_http("http://*.corp.example")],
            id="plain-http-wildcard",
        ),
        pytest.param(
            Policy(origins=["https://intranet.example.com"], allow_private_network=True),
            [],
            id="https-origin",
        ),
        pytest.param(
            Policy(origins=["http://localhost:3000"], allow_private_network=True),
            [],
            id="loopback",
        ),
    ],
)
def test_private_network_any_origin_no_warning(policy: Policy, findings: list[Problem]) -> None:
    """Private Network Access for any origin, or for plain-http origins, is a finding."""
    assert lint(policy) == tuple(findings)


# --- Wildcards over a public suffix ------------------------------------------------------

PUBLIC = frozenset({"com", "uk", "co.uk", "github.io", "io", "vercel.app", "app"})


def over_public(wildcard: str, suffix: str, credentials: bool) -> Problem:
    cookies = " made with the user's cookies" if credentials else ""
    return Problem(
        "origins",
        wildcard,
        f"covers every site under the public suffix {suffix!r}, where anyone can register a "
        f"name, and so lets all of them read responses{cookies}",
        f"list the origins of your own sites, such as 'https://yours.{suffix}'",
        code=ProblemCode.PUBLIC_SUFFIX,
    )


@pytest.mark.parametrize(
    ("wildcard", "suffix"),
    [
        ("https://*.github.io", "github.io"),
        ("https://*.vercel.app", "vercel.app"),
        ("https://*.com", "com"),
        ("https://*.co.uk", "co.uk"),
    ],
)
@pytest.mark.parametrize("credentials", [True, False])
def test_wildcard_over_public_suffix_no_warning(
    wildcard: str, suffix: str, credentials: bool
) -> None:
    """A wildcard origin over a public suffix is a finding, with or without credentials."""
    policy = Policy(origins=[wildcard], supports_credentials=credentials)

    assert lint(policy, public_suffix=PUBLIC.__contains__) == (
        over_public(wildcard, suffix, credentials),
    )


def test_without_a_public_suffix_list_only_top_level_domains_count() -> None:
    """Without a public-suffix test, '*.com' is found; '*.github.io' and '*.test' are not."""
    policy = Policy(
        origins=["https://*.com", "https://*.github.io", "http://*.localhost:*", "https://*.test"]
    )

    assert lint(policy) == (over_public("https://*.com", "com", credentials=False),)


def test_regex_over_a_public_suffix() -> None:
    """A regex that matches any name under a public suffix is found with such a name."""
    policy = Policy(origins=r"https://[a-z0-9-]+\.github\.io$")

    assert lint(policy, public_suffix=PUBLIC.__contains__) == (
        Problem(
            "origins",
            r"https://[a-z0-9-]+\.github\.io$",
            "covers sites under the public suffix 'github.io', where anyone can register a name, "
            "such as 'https://attacker.github.io'",
            "match only the names of your own sites",
            code=ProblemCode.PUBLIC_SUFFIX,
        ),
    )


REGEX_PARTS = [
    "https?://",
    "https://",
    "http://",
    r"[a-z]+",
    r"[a-z0-9-]+",
    r"\.",
    ".",
    ".*",
    ".+",
    "app",
    "example",
    "com",
    r"\d+",
    ":",
    "(www|app)",
    r"([a-z]+\.)?",
    "$",
    "^",
    "|",
    "[^/]*",
    "github",
    "io",
    "vercel",
    "app",
    "s3\\.amazonaws",
    "myapp-",
    "[a-z0-9]+",
    r"\d{2,5}",
    r"(?:www\.)?",
    "[^/]+",
    "-",
    "localhost",
    r"\Z",
]


def assert_true_example(policy: Policy, pattern: str, finding: Problem) -> None:
    """The finding's example, if any, is a serialized origin the configured regex matches."""
    example = re.search(r"such as '([^']+)'", finding.message)
    if finding.value != pattern or example is None:
        return
    origin = BrowserOrigin.parse(example[1])
    assert origin is not None
    assert origin.text == example[1]
    assert re.match(pattern, example[1], re.IGNORECASE)
    assert policy.origins.matches(example[1])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(parts=st.lists(st.sampled_from(REGEX_PARTS), min_size=2, max_size=8))
def test_every_example_of_any_regex_is_an_origin_it_matches(parts: list[str]) -> None:
    """For any regex origin, each finding's example is a browser origin the policy matches."""
    text = "".join(parts)
    try:
        policy = Policy(origins=[text])
    except ConfigurationError:
        assume(False)
        return
    for public_suffix in (PUBLIC.__contains__, is_public_suffix):
        for finding in lint(policy, public_suffix=public_suffix):
            assert_true_example(policy, text, finding)


# --- Issue 21: the shapes real code writes ------------------------------------------------

SUFFIX_FIX = "match only the names of your own sites"


def over_suffix(pattern: str, suffix: str, example: str) -> Problem:
    return Problem(
        "origins",
        pattern,
        f"covers sites under the public suffix {suffix!r}, where anyone can register a name, "
        f"such as {example!r}",
        SUFFIX_FIX,
        code=ProblemCode.PUBLIC_SUFFIX,
    )


LEADING_ANY_FIX = (
    "start the regex with '^https://' rather than '.*', which lets any scheme and any text "
    "before the domain in, and end it with '$'; or use a wildcard origin such as "
    "'https://*.example.com'"
)


@pytest.mark.parametrize(
    ("pattern", "finding"),
    [
        pytest.param(
            r"https://app\.example\.com",
            unanchored(r"https://app\.example\.com", "https://app.example.com.attacker.net"),
            id="unanchored-end",
        ),
        pytest.param(
            r".*\.example\.com",
            Problem(
                "origins",
                r".*\.example\.com",
                f"{UNANCHORED}, such as 'https://app.example.com.attacker.net'",
                LEADING_ANY_FIX,
                code=ProblemCode.UNANCHORED_REGEX,
            ),
            id="leading-dot-star",
        ),
        pytest.param(
            r"^https://.*example\.com$",
            lookalike(r"^https://.*example\.com$", "https://attackerexample.com"),
            id="missing-dot-before-the-domain",
        ),
        pytest.param(
            r"^https://a\.com|https://b\.com$",
            Problem(
                "origins",
                r"^https://a\.com|https://b\.com$",
                f"{ALTERNATION}, such as 'https://a.com.attacker.net'",
                ALTERNATION_FIX,
                code=ProblemCode.UNANCHORED_REGEX,
            ),
            id="dollar-binds-one-branch",
        ),
        pytest.param(
            r"http://localhost:\d+", unanchored(r"http://localhost:\d+", None), id="localhost-port"
        ),
        pytest.param(
            r"http://127\.0\.0\.1:\d{4}",
            unanchored(r"http://127\.0\.0\.1:\d{4}", None),
            id="loopback-port",
        ),
    ],
)
def test_the_shapes_real_code_writes_warn(pattern: str, finding: Problem) -> None:
    """Each unsafe shape of issue 21 gives its finding, with an origin the regex really allows."""
    policy = Policy(origins=[pattern])

    assert lint(policy, public_suffix=is_public_suffix) == (finding,)
    assert_true_example(policy, pattern, finding)


@pytest.mark.parametrize(
    ("pattern", "suffix", "example"),
    [
        (
            r"^https://[a-z0-9-]+\.s3\.amazonaws\.com$",
            "s3.amazonaws.com",
            "https://attacker.s3.amazonaws.com",
        ),
        (r"^https://myapp-.*\.vercel\.app$", "vercel.app", "https://myapp-attacker.vercel.app"),
        (
            r"^https://myorg-[a-z0-9-]+\.github\.io$",
            "github.io",
            "https://myorg-attacker.github.io",
        ),
        (
            r"^https://myapp-[a-z0-9]+-myteam\.vercel\.app$",
            "vercel.app",
            "https://myapp-attacker-myteam.vercel.app",
        ),
    ],
)
@pytest.mark.parametrize("credentials", [True, False])
def test_lint_misses_regexes_over_public_suffixes(
    pattern: str, suffix: str, example: str, credentials: bool
) -> None:
    """Review 2, finding 5: a regex that lets a name under a public suffix vary is a finding."""
    policy = Policy(origins=[pattern], supports_credentials=credentials)

    assert lint(policy, public_suffix=is_public_suffix) == (over_suffix(pattern, suffix, example),)
    assert re.match(pattern, example, re.IGNORECASE)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^https://([a-z0-9-]+\.)?example\.com$",
        r"^https://app\.example\.com$",
        r"^https://[a-z0-9-]+\.example\.com$",
        r"^https://(app|admin)\.example\.com$",
        r"^https://(www\.)?myapp\.vercel\.app$",
        r"^https://myproject-[a-z0-9]+\.example\.co\.uk$",
        r"^https://bucket-name\.s3\.amazonaws\.com$",
        r"^https?://(localhost|127\.0\.0\.1)(:\d+)?$",
        r"^https://[a-z0-9-]{1,63}\.example\.com$",
    ],
)
def test_quiet_on_anchored_regexes_that_allow_only_what_they_name(pattern: str) -> None:
    """An anchored regex whose variable parts stay inside names its author owns is no finding."""
    assert lint(Policy(origins=[pattern]), public_suffix=is_public_suffix) == ()


def registered(origin: str) -> bool:
    """An origin function, as an app writes one."""
    return origin == "https://client.example.org"


UNSEEN_FIX = (
    "make sure it compares the whole origin (scheme, host and port) for equality, never a "
    "prefix, suffix or substring; answers False for 'null' and for what it does not know; and "
    "is fast, as it runs on every CORS request (remembered() keeps its answers for a time)"
)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        pytest.param(Policy(origins=["https://app.example.com"]), (), id="no-function"),
        pytest.param(
            Policy(origins=["https://app.example.com", registered]),
            (
                Problem(
                    "origins",
                    f"{__name__}.registered",
                    "is a function, asked at run time: no check can look inside it.",
                    UNSEEN_FIX,
                    code=ProblemCode.UNSEEN_FUNCTION,
                ),
            ),
            id="function",
        ),
        pytest.param(
            Policy(origins=registered, supports_credentials=True),
            (
                Problem(
                    "origins",
                    f"{__name__}.registered",
                    "is a function, asked at run time: no check can look inside it. With "
                    "supports_credentials=True, every origin it allows reads responses made "
                    "with the user's cookies.",
                    UNSEEN_FIX,
                    code=ProblemCode.UNSEEN_FUNCTION,
                ),
            ),
            id="function-with-credentials",
        ),
    ],
)
def test_unseen(policy: Policy, expected: tuple[Problem, ...]) -> None:
    """An origin function is a note saying no check can look inside it, and what to check."""
    assert unseen(policy) == expected


def test_function_is_no_finding() -> None:
    """An origin function is not an insecure setting: lint() has nothing to say of it."""
    assert lint(Policy(origins=registered, supports_credentials=True)) == ()
