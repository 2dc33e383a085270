"""fetch_site(): the Sec-Fetch-Site a browser sends, as the Fetch metadata spec defines it.

https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header, with
HTML's schemeful *same site*. tests/browser checks the loopback cases
against what Chromium sends.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flask_cors.core.browser import fetch_site


@pytest.mark.parametrize(
    ("page", "url", "site"),
    [
        pytest.param(
            "https://app.example.com", "https://app.example.com/x", "same-origin", id="same"
        ),
        pytest.param(
            "https://app.example.com/page?q",
            "https://APP.example.com:443/x",
            "same-origin",
            id="same-origin-written-otherwise",
        ),
        pytest.param(
            "https://app.example.com", "https://api.example.com/x", "same-site", id="subdomain"
        ),
        pytest.param("https://example.com", "https://api.example.com", "same-site", id="apex"),
        pytest.param(
            "https://app.example.com:8443", "https://app.example.com", "same-site", id="port"
        ),
        pytest.param(
            "http://app.example.com", "https://app.example.com", "cross-site", id="scheme"
        ),
        pytest.param("https://example.com", "https://example.net", "cross-site", id="other-site"),
        pytest.param(
            "http://localhost:5001", "http://localhost:5000/", "same-site", id="localhost"
        ),
        pytest.param(
            "http://localhost:5001", "http://127.0.0.1:5000/", "cross-site", id="loopback-names"
        ),
        pytest.param("http://127.0.0.1:1", "http://127.0.0.1:2", "same-site", id="ip-ports"),
        pytest.param("http://10.0.0.1", "http://10.0.0.2", "cross-site", id="other-ip"),
        pytest.param("http://[::1]:1", "http://[::1]:2", "same-site", id="ipv6"),
        pytest.param("null", "https://app.example.com", "cross-site", id="null"),
    ],
)
def test_fetch_site(page: str, url: str, site: str) -> None:
    """Each page and URL give the value the spec gives."""
    assert fetch_site(page, url) == site


def test_public_suffix_decides_the_site() -> None:
    """Two names under a public suffix are two sites, when the test knows the suffix."""
    page, url = "https://alice.github.io", "https://bob.github.io"
    assert fetch_site(page, url) == "same-site"
    assert fetch_site(page, url, public_suffix={"io", "github.io"}.__contains__) == "cross-site"


def test_no_origin() -> None:
    """A URL that has no origin is refused as page_origin refuses it."""
    with pytest.raises(ValueError, match="has no scheme"):
        fetch_site("localhost:3000", "http://localhost/")


hosts = st.sampled_from(["a.example.com", "b.example.com", "example.com", "localhost", "10.0.0.1"])
origins = st.builds(
    lambda scheme, host, port: f"{scheme}://{host}{port}",
    st.sampled_from(["http", "https"]),
    hosts,
    st.sampled_from(["", ":8080", ":3000"]),
)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(origins, origins)
def test_symmetric_and_same_origin_only_when_equal(first: str, second: str) -> None:
    """The relation is symmetric, and same-origin exactly when the origins are equal."""
    assert fetch_site(first, second) == fetch_site(second, first)
    assert (fetch_site(first, second) == "same-origin") is (first == second)
