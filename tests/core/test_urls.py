"""URLs as Chromium reads them: which values are URLs, origins, redirect targets.

The table of :func:`is_url` is what Chromium 156 said of each value sent as
``Access-Control-Allow-Origin`` to a page that it did not match: "contains
the invalid value" (not a URL) or "is not equal to the supplied origin" (a
URL).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flask_cors.core.urls import canonical, escape_non_ascii, is_url, resolve, url_origin

# Each value, and whether Chromium 156 parsed it as a URL.
CHROMIUM_SAYS = [
    ("http://", False), ("https://", False), ("ws://", False), ("http:", False),
    ("http:/", False), ("http:///", False), ("http://:80", False), ("http://a:99999", False),
    ("http://a:x", False), ("http://[x]", False), ("http://%", False), ("http://a%2fb", False),
    ("/x", False), ("x", False), ("", False), ("http://1.2.3.999", False),
    ("http://256.0.0.1", False), ("http://a@", False), ("http://<a>", False),
    ("http://a^b", False), ("http://a|b", False), ("http://\u00fc.com", False),
    ("1http://a", False), ("h_t://a", False), ("-x:a", False), ('"http://a"', False),
    ("http://a:65535", True), ("http://a:", True), ("http://[::1]", True),
    ("http://a%20b", True), ("file://", True), ("file:///x", True), ("foo:", True),
    ("foo:bar", True), ("foo://", True), ("localhost:3000", True),
    ("http://*.example.com", True), ("http://exa_mple.com", True), ("http://999", True),
    ("http://a..b", True), ("http:\\\\a", True), ("http://a#b", True), ("http://a?b", True),
    ("http://a/b", True), ("http://user@a", True), ("http://@a", True), ("http://a\\b", True),
    ("http://xn--a", True), ("http://0x7f.1", True), ("mailto:a", True),
    ("blob:http://a", True), ("javascript:", True), ("http://1.2.3", True),
    ("https://app.example.com", True), ("http://localhost:5000", True),
]  # fmt: skip


@pytest.mark.parametrize(("value", "url"), CHROMIUM_SAYS, ids=[v for v, _ in CHROMIUM_SAYS])
def test_is_url_as_chromium_parses_allow_origin(value: str, url: bool) -> None:
    """A value is a URL exactly when Chromium called it "not equal", not "invalid"."""
    assert is_url(value) is url


def test_console_shows_non_ascii_as_escapes() -> None:
    r"""Chromium's console writes a non-ASCII character of a header value as \uXXXX."""
    assert escape_non_ascii("http://\u00fc.com") == "http://\\u00FC.com"
    assert escape_non_ascii("http://a") == "http://a"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://127.0.0.1:5000/a?b", "http://127.0.0.1:5000"),
        ("HTTPS://Example.COM:443/", "https://example.com"),
        ("http://example.com:80", "http://example.com"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
        ("data:text/plain,x", "null"),
        ("file:///etc", "null"),
        ("http://a:99999/", "null"),
    ],
)
def test_url_origin(url: str, origin: str) -> None:
    """A URL's origin is scheme, host and a port other than the default; others are null."""
    assert url_origin(url) == origin


@pytest.mark.parametrize(
    ("location", "target"),
    [
        ("/login", "http://api.test/login"),
        ("login?next=/a", "http://api.test/v1/login?next=/a"),
        ("//other.test/x", "http://other.test/x"),
        ("https://other.test/x#frag", "https://other.test/x#frag"),
        (" /spaced ", "http://api.test/spaced"),
        ("/a b?c d\u00e9", "http://api.test/a%20b?c%20d%E9"),
        ("HTTP://API.test:80", "http://api.test/"),
        ("http://[x]/", "http://[x]/"),
    ],
)
def test_resolve_location(location: str, target: str) -> None:
    """A Location is read relative to the URL that answered it, written as Chromium writes it."""
    assert resolve("http://api.test/v1/items?q=1", location) == target


def test_a_location_without_a_fragment_keeps_the_requests() -> None:
    """https://fetch.spec.whatwg.org/#http-redirect-fetch: the fragment carries over."""
    assert resolve("http://api.test/a#top", "/b") == "http://api.test/b#top"
    assert resolve("http://api.test/a#top", "/b#end") == "http://api.test/b#end"


@pytest.mark.parametrize(
    ("url", "written"),
    [
        ("http://Example.COM", "http://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a b", "http://example.com:8080/a%20b"),
        ("http://example.com/?q=\u00e9", "http://example.com/?q=%C3%A9"),
        ("foo:bar baz", "foo:bar baz"),
        ("http://:80/", "http://:80/"),
    ],
)
def test_canonical_writes_urls_as_chromium_does(url: str, written: str) -> None:
    """Scheme and host lower-case, no default port, "/" for no path, escapes; others as given."""
    assert canonical(url) == written


@given(st.text(max_size=30))
def test_is_url_never_raises(value: str) -> None:
    """Any string is a URL or not; the parser never raises."""
    assert is_url(value) in (True, False)
    assert is_url("http://" + value) in (True, False)
