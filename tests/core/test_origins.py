"""origins: literal origins checked at configuration time, and wildcard subdomain patterns.

A literal origin that no browser can send is a finding with a suggested fix
(matched as written, as flask-cors 6 did); ``https://*.example.com`` (with ``:port`` or ``:*``) is a
wildcard pattern matched by prefix and suffix checks, never a regex.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flask_cors.core import Policy, Problem, ProblemCode, Reason, RequestInfo, decide
from flask_cors.core.origins import SubdomainPattern, check_literal_origin, is_subdomain_pattern

NOT_AN_ORIGIN = "is not an origin browsers send (scheme://host[:port])"

# --- check_literal_origin ----------------------------------------------------------------

LITERAL_PROBLEMS = [
    pytest.param(
        " https://app.example.com",
        "has surrounding whitespace",
        "did you mean 'https://app.example.com'?",
        id="leading-space",
    ),
    pytest.param(
        "https://app.example.com\n",
        "has surrounding whitespace",
        "did you mean 'https://app.example.com'?",
        id="trailing-newline",
    ),
    pytest.param(
        "\thttps://app.example.com ",
        "has surrounding whitespace",
        "did you mean 'https://app.example.com'?",
        id="tab-and-space",
    ),
    pytest.param(
        "https://a.example,https://b.example",
        "holds several origins in one string",
        "give a list: ['https://a.example', 'https://b.example']",
        id="comma-joined",
    ),
    pytest.param(
        "https://a.example, https://b.example,",
        "holds several origins in one string",
        "give a list: ['https://a.example', 'https://b.example']",
        id="comma-joined-with-spaces-and-trailing-comma",
    ),
    pytest.param(
        "localhost:3000",
        "has no scheme",
        "did you mean 'http://localhost:3000'?",
        id="no-scheme-localhost",
    ),
    pytest.param(
        "127.0.0.1:5000",
        "has no scheme",
        "did you mean 'http://127.0.0.1:5000'?",
        id="no-scheme-ipv4-loopback",
    ),
    pytest.param(
        "app.example.com",
        "has no scheme",
        "did you mean 'https://app.example.com'?",
        id="no-scheme-domain",
    ),
    pytest.param(
        "app.example.com/",
        "has no scheme",
        "did you mean 'https://app.example.com'?",
        id="no-scheme-trailing-slash",
    ),
    pytest.param(
        "https://app.example.com/",
        "has a trailing slash",
        "did you mean 'https://app.example.com'?",
        id="trailing-slash",
    ),
    pytest.param(
        "https://app.example.com/api",
        "has a path",
        "did you mean 'https://app.example.com'?",
        id="path",
    ),
    pytest.param(
        "http://localhost:3000/index.html",
        "has a path",
        "did you mean 'http://localhost:3000'?",
        id="path-keeps-port",
    ),
    pytest.param(
        "https://app.example.com:443",
        "writes out the default port 443, which browsers leave out",
        "did you mean 'https://app.example.com'?",
        id="default-port-https",
    ),
    pytest.param(
        "http://app.example.com:80",
        "writes out the default port 80, which browsers leave out",
        "did you mean 'http://app.example.com'?",
        id="default-port-http",
    ),
    pytest.param(
        "HTTPS://App.Example.com:443",
        "writes out the default port 443, which browsers leave out",
        "did you mean 'HTTPS://App.Example.com'?",
        id="default-port-any-case",
    ),
    pytest.param(
        "https://a.com:0443",
        "writes the port 0443 with a leading zero, which browsers leave out",
        "did you mean 'https://a.com'?",
        id="leading-zero-default-port",
    ),
    pytest.param(
        "http://a.com:08080",
        "writes the port 08080 with a leading zero, which browsers leave out",
        "did you mean 'http://a.com:8080'?",
        id="leading-zero-port",
    ),
    pytest.param(
        "https://a.com:99999",
        "has the port 99999, above the highest port 65535",
        None,
        id="port-above-65535",
    ),
    pytest.param("::1", "has no scheme", "did you mean 'http://[::1]'?", id="bare-ipv6"),
    pytest.param("https://app.example.com?x=1", NOT_AN_ORIGIN, None, id="query"),
    pytest.param("https://app.example.com#top", NOT_AN_ORIGIN, None, id="fragment"),
    pytest.param("https://user@app.example.com", NOT_AN_ORIGIN, None, id="userinfo"),
    pytest.param("https://app.example.com:", NOT_AN_ORIGIN, None, id="empty-port"),
    pytest.param("https://", NOT_AN_ORIGIN, None, id="no-host"),
    pytest.param("https://bücher.example", NOT_AN_ORIGIN, None, id="unicode-host"),
]


@pytest.mark.parametrize(("text", "message", "fix"), LITERAL_PROBLEMS)
def test_check_literal_origin_problem(text: str, message: str, fix: str | None) -> None:
    """A literal origin no browser can send is reported with what is wrong and the fix."""
    code = _LITERAL_CODES.get(message, ProblemCode.NOT_AN_ORIGIN)
    assert check_literal_origin(text) == Problem("origins", text, message, fix, code=code)


# The problems with a literal origin that have a code of their own.
_LITERAL_CODES = {
    "has surrounding whitespace": ProblemCode.SURROUNDING_WHITESPACE,
    "holds several origins in one string": ProblemCode.SEVERAL_IN_ONE,
    "is empty": ProblemCode.EMPTY_ENTRY,
}


@pytest.mark.parametrize(
    "text",
    [
        "null",
        "https://app.example.com",
        "https://App.Example.COM",
        "https://app.example.com:8443",
        "http://app.example.com:443",
        "https://app.example.com:80",
        "http://localhost:3000",
        "http://127.0.0.1:8000",
        "https://_dmarc.example.com",
        "chrome-extension://abcdefghijklmnop",
    ],
)
def test_check_literal_origin_accepts_serialized_origins(text: str) -> None:
    """Origins as browsers serialize them, 'null' and other schemes included, are accepted."""
    assert check_literal_origin(text) is None


def test_policy_reports_every_literal_origin_problem_at_once() -> None:
    """Policy(origins=...) keeps a finding per bad origin with its fix, each matched as written."""
    policy = Policy(
        origins=["localhost:3000", "https://app.example.com", "https://shop.example.com/"]
    )

    assert policy.findings == (
        Problem(
            "origins",
            "localhost:3000",
            "has no scheme",
            "did you mean 'http://localhost:3000'?",
            code=ProblemCode.NOT_AN_ORIGIN,
        ),
        Problem(
            "origins",
            "https://shop.example.com/",
            "has a trailing slash",
            "did you mean 'https://shop.example.com'?",
            code=ProblemCode.NOT_AN_ORIGIN,
        ),
    )
    assert [str(finding) for finding in policy.findings] == [
        "origins='localhost:3000': has no scheme (did you mean 'http://localhost:3000'?)",
        "origins='https://shop.example.com/': has a trailing slash "
        "(did you mean 'https://shop.example.com'?)",
    ]
    # As in flask-cors 6, each literal matches only an Origin spelled exactly so.
    for origin, allowed in [
        ("localhost:3000", True),
        ("http://localhost:3000", False),
        ("https://shop.example.com/", True),
        ("https://shop.example.com", False),
        ("https://app.example.com", True),
    ]:
        assert decide(policy, RequestInfo("GET", origin=origin)).allowed is allowed, origin


def test_regex_origins_are_not_checked_as_literals() -> None:
    """Strings that look like regexes keep flask-cors's regex meaning and are not validated."""
    policy = Policy(origins=[r"https://app\.example\.com/?$", r"localhost:\d+$"])

    assert [pattern.pattern for pattern in policy.origins.patterns] == [
        r"https://app\.example\.com/?$",
        r"localhost:\d+$",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "localhost:3000",
        "app.example.com",
        "https://app.example.com/",
        "https://app.example.com/api",
        "https://app.example.com:443",
        " https://app.example.com",
        "[::1]:8080",
        "https://app.example.com:443/",
    ],
)
def test_following_the_fix_gives_an_origin_that_is_allowed(text: str) -> None:
    """The origin a 'did you mean' fix suggests is accepted, and a browser sending it is allowed."""
    problem = check_literal_origin(text)
    assert problem is not None
    assert problem.fix is not None
    suggested = problem.fix.split("'")[1]

    decision = decide(Policy(origins=suggested), RequestInfo("GET", origin=suggested))

    assert decision.reason is Reason.ALLOWED


# --- is_subdomain_pattern and SubdomainPattern -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://*.example.com", True),
        ("http://*.example.com", True),
        ("https://*.example.com:8443", True),
        ("https://*.example.com:*", True),
        ("http://localhost:*", True),
        ("https://app.example.com:*", True),
        ("https://app.example.com", False),
        ("https://*example.com", False),
        ("https://*.*.example.com", False),
        ("https://app.*.com", False),
        ("https://*.example.com/", False),
        ("ftp://*.example.com", False),
        ("*.example.com", False),
        ("https://*", False),
        ("*", False),
        (r"https://.*\.example\.com", False),
        ("https://*.example.com:8443:*", False),
    ],
)
def test_is_subdomain_pattern(text: str, expected: bool) -> None:
    """Only http(s)://*.host[:port|:*] and http(s)://host:* are wildcard origin patterns."""
    assert is_subdomain_pattern(text) is expected


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        (
            "https://*.example.com",
            SubdomainPattern("https://*.example.com", "https://", ".example.com", ""),
        ),
        (
            "https://*.Example.COM",
            SubdomainPattern("https://*.Example.COM", "https://", ".example.com", ""),
        ),
        (
            "https://*.example.com:443",
            SubdomainPattern("https://*.example.com:443", "https://", ".example.com", ""),
        ),
        (
            "https://*.example.com:8443",
            SubdomainPattern("https://*.example.com:8443", "https://", ".example.com", "8443"),
        ),
        (
            "https://*.example.com:*",
            SubdomainPattern("https://*.example.com:*", "https://", ".example.com", "*"),
        ),
        ("http://localhost:*", SubdomainPattern("http://localhost:*", "http://localhost", "", "*")),
    ],
)
def test_subdomain_pattern_parse(text: str, parsed: SubdomainPattern) -> None:
    """parse() lower-cases the prefix and suffix and drops a written-out default port."""
    assert SubdomainPattern.parse(text) == parsed


def test_subdomain_pattern_parse_refuses_other_strings() -> None:
    """parse() of a string that is not a wildcard pattern raises ValueError naming it."""
    with pytest.raises(
        ValueError, match=r"^not a wildcard origin pattern: 'https://\*example\.com'$"
    ):
        SubdomainPattern.parse("https://*example.com")


PATTERNS = [
    "https://*.example.com",
    "https://*.example.com:8443",
    "https://*.example.com:*",
    "http://localhost:*",
]

# Each origin, then whether each of PATTERNS (in order) matches it.
MATCH_TABLE = [
    ("https://app.example.com", (True, False, True, False)),
    ("HTTPS://APP.EXAMPLE.COM", (True, False, True, False)),
    ("https://a.b.example.com", (True, False, True, False)),
    ("https://a_b.example.com", (True, False, True, False)),
    ("https://app.example.com:8443", (False, True, True, False)),
    ("https://app.example.com:443", (False, False, True, False)),
    ("https://example.com", (False, False, False, False)),
    ("https://evilexample.com", (False, False, False, False)),
    ("https://app.example.com.evil.net", (False, False, False, False)),
    ("http://app.example.com", (False, False, False, False)),
    ("https://.example.com", (False, False, False, False)),
    ("https://a..example.com", (False, False, False, False)),
    ("https://-a.example.com", (False, False, False, False)),
    ("https://app.example.com/", (False, False, False, False)),
    ("https://app.example.com:", (False, False, False, False)),
    ("https://app.example.com:x", (False, False, False, False)),
    ("https://user@app.example.com", (False, False, False, False)),
    ("http://localhost", (False, False, False, True)),
    ("http://localhost:3000", (False, False, False, True)),
    ("http://LOCALHOST:5173", (False, False, False, True)),
    ("http://localhost:", (False, False, False, False)),
    ("http://localhost.evil.net:3000", (False, False, False, False)),
    ("http://localhost:3000:4000", (False, False, False, False)),
    ("https://localhost:3000", (False, False, False, False)),
]


@pytest.mark.parametrize(("origin", "expected"), MATCH_TABLE, ids=[row[0] for row in MATCH_TABLE])
def test_subdomain_pattern_matches(origin: str, expected: tuple[bool, ...]) -> None:
    """Each wildcard pattern matches exactly the origins of its scheme, host suffix and port."""
    assert tuple(SubdomainPattern.parse(text).matches(origin) for text in PATTERNS) == expected


def test_wildcard_origins_through_a_policy() -> None:
    """A wildcard entry allows a subdomain, echoes it, and refuses the bare domain."""
    policy = Policy(origins="https://*.example.com")

    assert policy.origins.patterns == ()
    assert [wildcard.text for wildcard in policy.origins.wildcards] == ["https://*.example.com"]
    allowed = decide(policy, RequestInfo("GET", origin="https://shop.example.com"))
    refused = decide(policy, RequestInfo("GET", origin="https://example.com"))
    assert allowed.headers == (
        ("Access-Control-Allow-Origin", "https://shop.example.com"),
        ("Vary", "Origin"),
    )
    assert refused.reason is Reason.ORIGIN_NOT_ALLOWED


# --- Properties ----------------------------------------------------------------------------

PROPERTY = settings(max_examples=150, derandomize=True, deadline=None)

# DNS labels: letters, digits and inner hyphens.
labels = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
# A domain whose last label is never "net", so "<domain>.evil.net" is outside it.
domains = st.builds(
    lambda names, top: ".".join([*names, top]),
    st.lists(labels, min_size=1, max_size=3),
    st.sampled_from(["com", "org", "example", "test", "co"]),
)


def outside(domain: str, label: str, port: int) -> list[str]:
    """Origins that look close to the subdomains of ``domain`` but are not among them."""
    return [
        f"https://{domain}",
        f"https://evil{domain}",
        f"https://{label}{domain}",
        f"https://{label}-{domain}",
        f"https://{label}.{domain}.evil.net",
        f"https://{label}.{domain}evil.net",
        f"https://{label}.{domain}/",
        f"https://.{domain}",
        f"http://{label}.{domain}",
        f"wss://{label}.{domain}",
        f"https://{label}.{domain}:{port}",
        f"https://{label}.{domain}:",
        f"https://{label}.{domain}@evil.net",
    ]


@PROPERTY
@given(domain=domains, label=labels, port=st.integers(0, 65535))
@example(domain="example.com", label="app", port=443)
def test_wildcard_never_matches_outside_its_domain(domain: str, label: str, port: int) -> None:
    """https://*.<domain> matches no origin of another site, scheme or port."""
    pattern = SubdomainPattern.parse(f"https://*.{domain}")
    for origin in outside(domain, label, port):
        assert not pattern.matches(origin), origin


@PROPERTY
@given(domain=domains, first=labels, second=labels, upper=st.booleans())
@example(domain="example.com", first="app", second="eu", upper=False)
def test_wildcard_matches_every_subdomain(
    domain: str, first: str, second: str, upper: bool
) -> None:
    """https://*.<domain> matches https://<label>.<domain> and deeper subdomains, in any case."""
    pattern = SubdomainPattern.parse(f"https://*.{domain}")
    origins = [f"https://{first}.{domain}", f"https://{first}.{second}.{domain}"]
    for origin in origins:
        assert pattern.matches(origin.upper() if upper else origin), origin


@PROPERTY
@given(domain=domains, label=labels, port=st.integers(1, 65535))
def test_wildcard_with_port_matches_only_that_port(domain: str, label: str, port: int) -> None:
    """https://*.<domain>:<port> matches its subdomains on that port only (or the default)."""
    pattern = SubdomainPattern.parse(f"https://*.{domain}:{port}")
    on_port = pattern.matches(f"https://{label}.{domain}:{port}")
    bare = pattern.matches(f"https://{label}.{domain}")
    if port == 443:
        assert (on_port, bare) == (False, True)
    else:
        assert (on_port, bare) == (True, False)
    assert not pattern.matches(f"https://{label}.{domain}:{port + 1}")
