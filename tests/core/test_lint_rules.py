"""The lint's rules, each on its own: what it finds, and what it leaves to the others.

Every rule of :data:`~flask_cors.core.lint.RULES` takes what is known of a
policy (``Facts``) and returns its findings; every rule of
:data:`~flask_cors.core.lint.REGEX_RULES` takes one regex origin and returns
its finding or ``None``. Public suffixes come from the Public Suffix List.
"""

from __future__ import annotations

import re

import pytest

from flask_cors.core import Policy, Problem
from flask_cors.core.lint import (
    REGEX_RULES,
    RULES,
    Facts,
    RegexFacts,
    RegexRule,
    any_origin_with_credentials,
    ends_like_the_domain,
    extends_past_the_end,
    null_origin,
    plain_http_with_credentials,
    private_network_for_any_origin,
    regexes_matching_other_sites,
    unanchored_end,
    varies_the_registrable_name,
    wildcards_over_public_suffixes,
)
from flask_cors.core.sites import BrowserOrigin
from flask_cors.public_suffixes import is_public_suffix


def facts(**options: object) -> Facts:
    return Facts.of(Policy(**options), is_public_suffix)  # type: ignore[arg-type]


def example(problem: Problem | None) -> str | None:
    """The origin a finding names after "such as", if any."""
    found = re.search(r"such as '([^']+)'", problem.message) if problem else None
    return found[1] if found else None


def test_rules_run_in_the_order_findings_are_reported() -> None:
    """RULES and REGEX_RULES hold every rule once, in the order their findings come."""
    assert list(RULES) == [
        any_origin_with_credentials,
        regexes_matching_other_sites,
        wildcards_over_public_suffixes,
        null_origin,
        plain_http_with_credentials,
        private_network_for_any_origin,
    ]
    assert list(REGEX_RULES) == [
        extends_past_the_end,
        varies_the_registrable_name,
        ends_like_the_domain,
        unanchored_end,
    ]


# --- The rules of a policy ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "shown"),
    [
        pytest.param({"supports_credentials": True}, ["*"], id="star"),
        pytest.param(
            {"origins": r"^https://.*$", "supports_credentials": True},
            [r"^https://.*$"],
            id="catch-all-https",
        ),
        pytest.param({"origins": r"https?://.*"}, [], id="catch-all-without-credentials"),
        pytest.param(
            {"origins": "https://app.example.com", "supports_credentials": True}, [], id="listed"
        ),
    ],
)
def test_any_origin_with_credentials(options: dict[str, object], shown: list[str]) -> None:
    """'*' or a regex matching every origin of a scheme, with credentials, is one finding."""
    assert [p.value for p in any_origin_with_credentials(facts(**options))] == shown


@pytest.mark.parametrize(
    ("origins", "found"),
    [
        pytest.param(
            [r"https://a\.example\.com", r"https://b\.example\.com$"],
            [r"https://a\.example\.com"],
            id="one-of-two",
        ),
        pytest.param([r"^https://.*$"], [], id="catch-all-left-to-the-credentials-rule"),
        pytest.param(
            [r"https://app\.example\.com|x\.example\.com$"],
            [r"https://app\.example\.com|x\.example\.com$"],
            id="one-finding-per-regex",
        ),
    ],
)
def test_regexes_matching_other_sites(origins: list[str], found: list[str]) -> None:
    """Each regex origin (not a catch-all) gets at most one finding: its first rule's."""
    assert [p.value for p in regexes_matching_other_sites(facts(origins=origins))] == found


@pytest.mark.parametrize(
    ("origins", "found"),
    [
        pytest.param(["https://*.vercel.app"], ["https://*.vercel.app"], id="vercel"),
        pytest.param(["https://*.s3.amazonaws.com"], ["https://*.s3.amazonaws.com"], id="s3"),
        pytest.param(["https://*.co.uk"], ["https://*.co.uk"], id="co-uk"),
        pytest.param(["https://*.example.com", "http://*.localhost:*"], [], id="own-and-special"),
        pytest.param(["http://localhost:*"], [], id="port-wildcard"),
    ],
)
def test_wildcards_over_public_suffixes(origins: list[str], found: list[str]) -> None:
    """A wildcard origin directly under a public suffix is a finding; under a name, not."""
    assert [p.value for p in wildcards_over_public_suffixes(facts(origins=origins))] == found


@pytest.mark.parametrize(
    ("origins", "found"),
    [
        pytest.param(["null", "https://a.example"], ["null"], id="literal"),
        pytest.param(["NULL"], ["NULL"], id="any-case"),
        pytest.param([r"(null|https://a\.example)$"], [r"(null|https://a\.example)$"], id="regex"),
        pytest.param(["*"], [], id="star-does-not-cover-null"),
    ],
)
def test_null_origin(origins: list[str], found: list[str]) -> None:
    """An entry that allows the opaque origin 'null' is a finding."""
    assert [p.value for p in null_origin(facts(origins=origins))] == found


@pytest.mark.parametrize(
    ("origins", "found"),
    [
        pytest.param(["http://app.example.com"], [("http://app.example.com", None)], id="literal"),
        pytest.param(["http://*.example.com"], [("http://*.example.com", None)], id="wildcard"),
        pytest.param(
            [r"https?://app\.example\.com$"],
            [(r"https?://app\.example\.com$", "http://app.example.com")],
            id="regex",
        ),
        pytest.param(
            [r".*\.example\.com$"],
            [(r".*\.example\.com$", "http://app.example.com")],
            id="regex-any-scheme",
        ),
        pytest.param(
            ["http://localhost:3000", r"^http://127\.0\.0\.1:\d+$", "http://[::1]:80"],
            [],
            id="loopback",
        ),
        pytest.param(["https://app.example.com"], [], id="https"),
    ],
)
def test_plain_http_with_credentials(
    origins: list[str], found: list[tuple[str, str | None]]
) -> None:
    """Plain http origins beyond loopback, with credentials, are findings; a regex's names one."""
    problems = plain_http_with_credentials(facts(origins=origins, supports_credentials=True))

    assert [(p.value, example(p)) for p in problems] == found
    assert list(plain_http_with_credentials(facts(origins=origins))) == []


@pytest.mark.parametrize(
    ("options", "found"),
    [
        pytest.param({}, [], id="not-asked"),
        pytest.param({"allow_private_network": True}, [True], id="star"),
        pytest.param(
            {"allow_private_network": True, "origins": r"https?://.*"}, [True], id="catch-all"
        ),
        pytest.param(
            {"allow_private_network": True, "origins": ["http://intranet.example"]},
            ["http://intranet.example"],
            id="plain-http",
        ),
        pytest.param(
            {"allow_private_network": True, "origins": ["https://intranet.example"]}, [], id="https"
        ),
    ],
)
def test_private_network_for_any_origin(options: dict[str, object], found: list[object]) -> None:
    """Private Network Access for any origin or for plain http origins is a finding."""
    assert [p.value for p in private_network_for_any_origin(facts(**options))] == found


# --- The rules of one regex origin ------------------------------------------------------------


def run(rule: RegexRule, regex: str) -> Problem | None:
    pattern = re.compile(regex, re.IGNORECASE)
    return rule(RegexFacts.of(pattern, is_public_suffix), facts(origins=[regex]))


@pytest.mark.parametrize(
    ("regex", "found"),
    [
        pytest.param(
            r"https://app\.example\.com", "https://app.example.com.attacker.net", id="no-dollar"
        ),
        pytest.param(
            r".*\.example\.com", "https://app.example.com.attacker.net", id="leading-dot-star"
        ),
        pytest.param(
            r"^https://a\.com|https://b\.com$",
            "https://a.com.attacker.net",
            id="dollar-binds-one-branch",
        ),
        pytest.param(
            r"^https://app\.example\.com[^/]*$",
            "https://app.example.com.attacker.net",
            id="runs-on-before-dollar",
        ),
        pytest.param(
            r"http://(localhost|127\.0\.0\.1)(:\d+)?",
            "http://localhost.attacker.net",
            id="optional-port",
        ),
        pytest.param(r"^https://app\.example\.com$", None, id="anchored"),
        pytest.param(r"http://localhost:\d+", None, id="a-port-ends-the-origin"),
        pytest.param(r"^https://[a-z.]+$", None, id="no-named-host-to-extend"),
    ],
)
def test_extends_past_the_end(regex: str, found: str | None) -> None:
    """An origin the regex was written for, followed by another domain, still matches."""
    assert example(run(extends_past_the_end, regex)) == found


@pytest.mark.parametrize(
    ("regex", "found"),
    [
        pytest.param(
            r"^https://[a-z0-9-]+\.s3\.amazonaws\.com$",
            "https://attacker.s3.amazonaws.com",
            id="any-bucket",
        ),
        pytest.param(
            r"^https://myapp-.*\.vercel\.app$",
            "https://myapp-attacker.vercel.app",
            id="project-prefix",
        ),
        pytest.param(
            r"^https://myapp-[a-z0-9]+-myteam\.vercel\.app$",
            "https://myapp-attacker-myteam.vercel.app",
            id="preview-url",
        ),
        pytest.param(r"^https://[a-z]+\.com$", "https://attacker.com", id="any-dot-com"),
        pytest.param(
            r"^https://app\.[a-z]+\.com$", "https://app.attacker.com", id="varying-domain-label"
        ),
        pytest.param(r"^https://[a-z.]+$", "https://attacker.net", id="any-host"),
        pytest.param(r"^https://[a-z0-9-]+\.example\.com$", None, id="subdomains-of-a-name"),
        pytest.param(r"^https://(foo|bar)\.com$", None, id="named-choices"),
        pytest.param(r"^https://.*example\.com$", None, id="lookalike-left-to-its-rule"),
        pytest.param(r"^https://myapp\.vercel\.app$", None, id="one-project"),
    ],
)
def test_varies_the_registrable_name(regex: str, found: str | None) -> None:
    """A part the regex lets vary inside the registrable name reaches other registrants."""
    assert example(run(varies_the_registrable_name, regex)) == found


@pytest.mark.parametrize(
    ("regex", "found"),
    [
        pytest.param(r"^https://.*example\.com$", "https://attackerexample.com", id="missing-dot"),
        pytest.param(
            r"^https://[a-z]+example\.com$",
            "https://attackerexample.com",
            id="class-runs-into-the-domain",
        ),
        pytest.param(r"https://app.example\.com$", "https://appxexample.com", id="unescaped-dot"),
        pytest.param(
            "https://*.example.com$", "https://aexample.com", id="wildcard-syntax-as-regex"
        ),
        pytest.param(
            r"^https?://(?:localhost|api.herokuapp.com)$",
            "https://apixherokuapp.com",
            id="unescaped-dot-before-a-public-suffix",
        ),
        pytest.param(r"^https://[a-z]+\.example\.com$", None, id="escaped"),
        pytest.param(r"^https://(.+\.)?example\.com$", None, id="dot-inside-the-group"),
    ],
)
def test_ends_like_the_domain(regex: str, found: str | None) -> None:
    """A name that merely ends like the domain matches: a missing dot, or an unescaped one."""
    assert example(run(ends_like_the_domain, regex)) == found


@pytest.mark.parametrize(
    ("regex", "warns"),
    [
        pytest.param(r"http://localhost:\d+", True, id="no-dollar"),
        pytest.param(
            r"^https://a\.example$|^http://localhost:\d+", True, id="last-branch-unanchored"
        ),
        pytest.param(r"http://localhost:3000/*", True, id="url-with-slash-star"),
        pytest.param(r"^http://localhost:\d+$", False, id="anchored"),
        pytest.param(
            r"^(?:http://localhost:\d+|https://a\.example)\Z", False, id="grouped-before-anchor"
        ),
        pytest.param(r"^(?!)$", False, id="matches-nothing"),
    ],
)
def test_unanchored_end(regex: str, warns: bool) -> None:
    """A regex origin some branch of which does not end with '$' or \\Z is a finding, no example."""
    problem = run(unanchored_end, regex)

    assert (problem is not None) is warns
    assert example(problem) is None


@pytest.mark.parametrize(
    ("regex", "named"),
    [
        (r"^https://.*example\.com$", {"example.com"}),
        (r"^https://(app|admin)\.example\.com$", {"example.com"}),
        (r"^https://myapp-.*\.vercel\.app$", set()),
        (r"^https://[a-z0-9-]+\.s3\.amazonaws\.com$", set()),
        (r"^https://bucket\.s3\.amazonaws\.com$", {"bucket.s3.amazonaws.com"}),
        (r"^https://myapp-[a-z0-9]+-myteam\.vercel\.app$", set()),
        ("https://*.example.com$", {"example.com"}),
        (r"http://localhost:\d+", set()),
    ],
)
def test_named_sites_are_those_the_regex_spells_out(regex: str, named: set[str]) -> None:
    """A site is named when its registrable label is literal in the regex (or ends it)."""
    assert RegexFacts.of(re.compile(regex, re.IGNORECASE), is_public_suffix).named == named


@pytest.mark.parametrize(
    ("regex", "end"),
    [
        (r"^https://a\.example$", "all"),
        (r"^https://a\.example\Z", "all"),
        (r"^(https://a\.example|https://b\.example)$", "all"),
        (r"^https://a\.example|https://b\.example$", "some"),
        (r"https://a\.example", "none"),
        (r"https://a\.example.*", "none"),
    ],
)
def test_end_anchors_of_every_alternative(regex: str, end: str) -> None:
    """Whether all, some or none of a regex's alternatives end with an end anchor."""
    assert RegexFacts.of(re.compile(regex), is_public_suffix).end == end


def test_every_origin_a_regex_was_written_for_is_one_a_browser_sends() -> None:
    """The origins made from a regex are serialized origins, simplest first."""
    regex = RegexFacts.of(re.compile(r"^https?://(app\.)?example\.com(:\d+)?$"), is_public_suffix)

    assert [origin.text for origin in regex.origins] == [
        "https://example.com",
        "http://example.com",
        "https://app.example.com",
        "http://app.example.com",
        "https://example.com:8",
        "https://example.com:88",
        "http://example.com:8",
        "http://example.com:88",
        "https://app.example.com:8",
        "https://app.example.com:88",
        "http://app.example.com:8",
        "http://app.example.com:88",
    ]
    assert all(BrowserOrigin.parse(origin.text) == origin for origin in regex.origins)
