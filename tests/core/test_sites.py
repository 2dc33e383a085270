"""sites: origins a browser can send, and the registrable domain (site) of a host."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from publicsuffixlist import PublicSuffixList

from flask_cors.core.sites import (
    BrowserOrigin,
    is_ip_address,
    public_suffix,
    registrable_domain,
    top_level_domain,
)
from flask_cors.public_suffixes import is_public_suffix

#: The Public Suffix List as publicsuffixlist reads it, to compare with.
LIST = PublicSuffixList(accept_unknown=False)
PUBLIC = frozenset({"com", "uk", "co.uk", "github.io", "io", "s3.amazonaws.com"}).__contains__


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("https://app.example.com", BrowserOrigin("https", "app.example.com", None)),
        ("http://localhost:3000", BrowserOrigin("http", "localhost", 3000)),
        ("http://127.0.0.1:8080", BrowserOrigin("http", "127.0.0.1", 8080)),
        ("http://[::1]:5000", BrowserOrigin("http", "[::1]", 5000)),
        ("https://xn-a.example", BrowserOrigin("https", "xn-a.example", None)),
        ("https://a-b.c0.io", BrowserOrigin("https", "a-b.c0.io", None)),
    ],
)
def test_browser_origin_parses_serialized_origins(text: str, parsed: BrowserOrigin) -> None:
    """A serialized http(s) origin parses into its parts, and prints back the same."""
    assert BrowserOrigin.parse(text) == parsed
    assert parsed.text == text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("https://App.example.com", id="upper-case"),
        pytest.param("https://app.example.com/", id="trailing-slash"),
        pytest.param("https://app.example.com:443", id="default-port"),
        pytest.param("http://app.example.com:80", id="default-port-http"),
        pytest.param("https://app.example.com:0443", id="leading-zero"),
        pytest.param("https://app.example.com:65536", id="port-too-large"),
        pytest.param("https://app.example.com:", id="empty-port"),
        pytest.param("ftp://app.example.com", id="other-scheme"),
        pytest.param("app.example.com", id="no-scheme"),
        pytest.param("https://-app.example.com", id="label-starts-with-hyphen"),
        pytest.param("https://app-.example.com", id="label-ends-with-hyphen"),
        pytest.param("https://app..example.com", id="empty-label"),
        pytest.param("https://app.example.com.", id="trailing-dot"),
        pytest.param("https://a.1", id="numeric-last-label"),
        pytest.param("https://256.1.1.1", id="ipv4-out-of-range"),
        pytest.param("https://01.1.1.1", id="ipv4-leading-zero"),
        pytest.param("https://xn--zz.example", id="punycode-label"),
        pytest.param("http://[0:0::1]", id="ipv6-not-compressed"),
        pytest.param("https://" + "a" * 64 + ".com", id="label-too-long"),
        pytest.param("https://a_b.example.com", id="underscore"),
        pytest.param("null", id="opaque"),
    ],
)
def test_browser_origin_refuses_what_no_browser_sends(text: str) -> None:
    """A value a browser never sends as an http(s) Origin, exactly so, does not parse."""
    assert BrowserOrigin.parse(text) is None


def test_with_host_keeps_scheme_and_port_and_checks_the_result() -> None:
    """with_host swaps the host only, and refuses a host no browser sends."""
    origin = BrowserOrigin("http", "localhost", 3000)

    assert origin.with_host("localhost.attacker.net") == BrowserOrigin(
        "http", "localhost.attacker.net", 3000
    )
    assert origin.with_host("-bad") is None


@pytest.mark.parametrize(
    ("host", "ip"),
    [("10.0.0.1", True), ("[::1]", True), ("[2001:db8::1]", True), ("1.2.3", False)],
)
def test_is_ip_address(host: str, ip: bool) -> None:
    """Dotted-quad IPv4 and bracketed compressed IPv6 are IP addresses; short forms are not."""
    assert is_ip_address(host) is ip


@pytest.mark.parametrize(
    ("host", "suffix", "site"),
    [
        ("app.example.com", "com", "example.com"),
        ("example.com", "com", "example.com"),
        ("a.b.example.co.uk", "co.uk", "example.co.uk"),
        ("attacker.github.io", "github.io", "attacker.github.io"),
        ("bucket.s3.amazonaws.com", "s3.amazonaws.com", "bucket.s3.amazonaws.com"),
        ("github.io", "github.io", None),
        ("com", "com", None),
        ("app.internal", None, None),
        ("localhost", None, None),
        ("10.0.0.1", None, None),
    ],
)
def test_registrable_domain_is_public_suffix_and_one_label(
    host: str, suffix: str | None, site: str | None
) -> None:
    """The site is the longest public suffix plus one label; none for a suffix, IP or unknown."""
    assert public_suffix(host, PUBLIC) == suffix
    assert registrable_domain(host, PUBLIC) == site


@pytest.mark.parametrize(
    ("domain", "public"),
    [("com", True), ("io", True), ("localhost", False), ("test", False), ("a", False)],
)
def test_top_level_domain(domain: str, public: bool) -> None:
    """Without a list, a top-level domain of letters counts as public, special-use names not."""
    assert top_level_domain(domain) is public


LABELS = [
    "app",
    "a",
    "example",
    "com",
    "co",
    "uk",
    "github",
    "io",
    "s3",
    "amazonaws",
    "vercel",
    "ck",
    "www",
    "test",
    "internal",
    "herokuapp",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(labels=st.lists(st.sampled_from(LABELS), min_size=1, max_size=5))
def test_registrable_domain_agrees_with_privatesuffix(labels: list[str]) -> None:
    """By the Public Suffix List, the site is what PublicSuffixList.privatesuffix computes."""
    host = ".".join(labels)

    assert registrable_domain(host, is_public_suffix) == LIST.privatesuffix(host)
