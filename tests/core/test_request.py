"""RequestInfo: an immutable request snapshot, also built from a plain WSGI environ."""

from __future__ import annotations

import attrs
import pytest

from flask_cors.core import RequestInfo
from flask_cors.core.request import asks_private_network


def test_defaults() -> None:
    """Only the method is required; the rest default to an absent, non-CORS request at '/'."""
    info = RequestInfo("GET")
    assert (
        info.method,
        info.origin,
        info.path,
        info.request_method,
        info.request_headers,
        info.private_network,
        info.sec_fetch_site,
        info.host,
    ) == ("GET", None, "/", None, None, False, None, None)


@pytest.mark.parametrize(
    ("given", "stored"), [("get", "GET"), ("Options", "OPTIONS"), ("PUT", "PUT")]
)
def test_method_upper_cased(given: str, stored: str) -> None:
    """The method is upper-cased when the snapshot is made."""
    assert RequestInfo(given).method == stored


def test_values_kept_as_received() -> None:
    """Header values are stored exactly as given, even malformed ones."""
    info = RequestInfo(
        "OPTIONS",
        origin="https://a.example\r\n",
        path="/x y",
        request_method="put",
        request_headers="X-A,,\x00",
        private_network=True,
    )
    assert (info.origin, info.path, info.request_method, info.request_headers) == (
        "https://a.example\r\n",
        "/x y",
        "put",
        "X-A,,\x00",
    )
    assert info.private_network is True


def test_frozen() -> None:
    """A snapshot cannot be changed."""
    info = RequestInfo("GET")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        info.origin = "https://a.example"  # type: ignore[misc]


def test_equal_snapshots_compare_equal() -> None:
    """Snapshots with the same values are equal and hash alike."""
    first = RequestInfo("get", origin="https://a.example")
    second = RequestInfo("GET", origin="https://a.example")
    assert first == second
    assert hash(first) == hash(second)


def test_from_environ_full() -> None:
    """Every CORS-relevant WSGI key lands in its field."""
    environ = {
        "REQUEST_METHOD": "options",
        "PATH_INFO": "/api/items",
        "HTTP_ORIGIN": "https://app.example.com",
        "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "PUT",
        "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "content-type, x-a",
        "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK": "true",
        "HTTP_HOST": "api.example.com",
        "HTTP_SEC_FETCH_SITE": "cross-site",
        "wsgi.input": object(),
    }
    assert RequestInfo.from_environ(environ) == RequestInfo(
        "OPTIONS",
        origin="https://app.example.com",
        path="/api/items",
        request_method="PUT",
        request_headers="content-type, x-a",
        private_network=True,
        sec_fetch_site="cross-site",
        host="api.example.com",
    )


def test_from_environ_empty() -> None:
    """An environ with no keys at all is a GET of '/' without CORS headers."""
    assert RequestInfo.from_environ({}) == RequestInfo("GET")


def test_from_environ_empty_method() -> None:
    """An empty REQUEST_METHOD is taken as GET."""
    assert RequestInfo.from_environ({"REQUEST_METHOD": ""}).method == "GET"


@pytest.mark.parametrize(
    ("path_info", "path"),
    [
        pytest.param("", "/", id="empty"),
        pytest.param("/", "/", id="root"),
        pytest.param("api", "/api", id="no-leading-slash"),
        pytest.param("//api//x", "/api//x", id="leading-slashes-collapsed"),
        pytest.param("/caf\xc3\xa9", "/café", id="utf8-bytes-as-latin1"),
        pytest.param("/\xe2\x82\xac", "/€", id="utf8-three-bytes"),
        pytest.param("/a%20b", "/a%20b", id="percent-kept"),
        pytest.param("/\xff", "/\ufffd", id="invalid-utf8-replaced"),
        pytest.param("/€", "/?", id="beyond-latin1-replaced"),
    ],
)
def test_from_environ_path(path_info: str, path: str) -> None:
    """PATH_INFO is decoded as Werkzeug does: latin-1 text standing for UTF-8 bytes."""
    assert RequestInfo.from_environ({"PATH_INFO": path_info}).path == path


@pytest.mark.parametrize(
    ("flag", "expected"),
    [("true", True), ("TRUE", False), ("True", False), ("1", False), ("", False), (" true", False)],
)
def test_from_environ_private_network_exactly_true(flag: str, expected: bool) -> None:
    """Only the exact value 'true' sets the private network flag."""
    environ = {"HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK": flag}
    assert RequestInfo.from_environ(environ).private_network is expected


def test_from_environ_empty_origin_kept() -> None:
    """An empty Origin header is kept as an empty string, not turned into None."""
    assert RequestInfo.from_environ({"HTTP_ORIGIN": ""}).origin == ""


def test_from_environ_non_string_values() -> None:
    """Non-string header values are turned into strings."""
    info = RequestInfo.from_environ({"HTTP_ORIGIN": 5, "REQUEST_METHOD": "get"})
    assert (info.origin, info.method) == ("5", "GET")


@pytest.mark.parametrize(
    ("value", "asks"),
    [
        pytest.param("true", True, id="true"),
        pytest.param(None, False, id="absent"),
        pytest.param("", False, id="empty"),
        pytest.param("false", False, id="false"),
        pytest.param("True", False, id="capitalised"),
        pytest.param("TRUE", False, id="upper-case"),
        pytest.param(" true", False, id="leading-space"),
        pytest.param("true, true", False, id="repeated"),
        pytest.param(True, False, id="python-true"),
        pytest.param(b"true", False, id="bytes"),
    ],
)
def test_asks_private_network(value: object, asks: bool) -> None:
    """Only the exact value 'true' of Access-Control-Request-Private-Network asks for it."""
    assert asks_private_network(value) is asks


@pytest.mark.parametrize("value", ["true", "True", "false", ""])
def test_from_environ_reads_private_network_with_the_same_rule(value: str) -> None:
    """A WSGI environ's private-network header is read as asks_private_network reads it."""
    environ = {"REQUEST_METHOD": "OPTIONS", "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK": value}
    assert RequestInfo.from_environ(environ).private_network is asks_private_network(value)


@pytest.mark.parametrize(
    ("environ", "host"),
    [
        pytest.param({"HTTP_HOST": "api.example.com:8443"}, "api.example.com:8443", id="host"),
        pytest.param(
            {"HTTP_HOST": "a.test", "SERVER_NAME": "b.test", "SERVER_PORT": "81"},
            "a.test",
            id="host-before-server-name",
        ),
        pytest.param({"SERVER_NAME": "b.test", "SERVER_PORT": "80"}, "b.test", id="http-default"),
        pytest.param({"SERVER_NAME": "b.test", "SERVER_PORT": "8080"}, "b.test:8080", id="port"),
        pytest.param(
            {"SERVER_NAME": "b.test", "SERVER_PORT": "443", "wsgi.url_scheme": "https"},
            "b.test",
            id="https-default",
        ),
        pytest.param(
            {"SERVER_NAME": "b.test", "SERVER_PORT": "443"}, "b.test:443", id="https-port-on-http"
        ),
        pytest.param({"SERVER_NAME": "b.test"}, "b.test", id="no-port"),
        pytest.param({}, None, id="neither"),
        pytest.param({"HTTP_HOST": ""}, "", id="empty-host-kept"),
    ],
)
def test_from_environ_host(environ: dict[str, str], host: str | None) -> None:
    """The host is the Host header, or else the server's name and port as PEP 3333 rebuilds it."""
    assert RequestInfo.from_environ(environ).host == host


@pytest.mark.parametrize("value", ["cross-site", "same-origin", "", "Same-Site"])
def test_from_environ_sec_fetch_site_kept(value: str) -> None:
    """Sec-Fetch-Site is kept exactly as received; protection judges it."""
    assert RequestInfo.from_environ({"HTTP_SEC_FETCH_SITE": value}).sec_fetch_site == value


def test_from_environ_sec_fetch_site_absent() -> None:
    """Without Sec-Fetch-Site, the snapshot says None (an older browser, or no browser)."""
    assert RequestInfo.from_environ({}).sec_fetch_site is None
