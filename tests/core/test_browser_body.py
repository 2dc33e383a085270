"""Bodies and modes of a page's fetch(): the Content-Type each body implies, what fetch refuses.

Each body's bytes and Content-Type are what Chromium 156 sent for the same
JavaScript (checked in tests/browser by the generated run, which compares
the model's requests with Chromium's byte for byte).
"""

from __future__ import annotations

import pytest

from flask_cors.core.browser import (
    FORM_BOUNDARY,
    Body,
    BodyKind,
    BrowserRequest,
    needs_preflight,
    preflight_headers,
)

PAGE = "https://app.example.com"
URL = "https://api.example.com/items"


@pytest.mark.parametrize(
    ("body", "kind", "data", "content_type"),
    [
        (Body.text("héllo"), BodyKind.TEXT, "héllo".encode(), "text/plain;charset=UTF-8"),
        (
            Body.url_search_params([("a", "1"), ("b", "x y~*é&")]),
            BodyKind.URL_SEARCH_PARAMS,
            b"a=1&b=x+y%7E*%C3%A9%26",
            "application/x-www-form-urlencoded;charset=UTF-8",
        ),
        (
            Body.url_search_params({"q": ""}),
            BodyKind.URL_SEARCH_PARAMS,
            b"q=",
            "application/x-www-form-urlencoded;charset=UTF-8",
        ),
        (
            Body.form_data([("a", "1"), ('b"\n', "2")]),
            BodyKind.FORM_DATA,
            (
                f'--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'
                f'--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="b%22%0A"\r\n\r\n2\r\n'
                f"--{FORM_BOUNDARY}--\r\n"
            ).encode(),
            f"multipart/form-data; boundary={FORM_BOUNDARY}",
        ),
        (Body.blob("{}", "application/json"), BodyKind.BLOB, b"{}", "application/json"),
        (Body.blob("x", "Text/Plain"), BodyKind.BLOB, b"x", "text/plain"),
        (Body.blob("x", "text/plain\u00e9"), BodyKind.BLOB, b"x", None),
        (Body.blob(b"x"), BodyKind.BLOB, b"x", None),
        (Body.buffer(b"\x00\x01"), BodyKind.BUFFER, b"\x00\x01", None),
    ],
)
def test_each_body_kind_has_the_bytes_and_type_fetch_sends(
    body: Body, kind: BodyKind, data: bytes, content_type: str | None
) -> None:
    """A string, URLSearchParams, FormData, Blob and ArrayBuffer body as fetch extracts it."""
    assert (body.kind, body.data, body.content_type) == (kind, data, content_type)


def test_form_data_takes_chromiums_kind_of_boundary() -> None:
    """The boundary is Chromium's prefix and 16 characters, or the one given."""
    assert FORM_BOUNDARY.startswith("----WebKitFormBoundary")
    assert len(FORM_BOUNDARY) == len("----WebKitFormBoundary") + 16
    assert Body.form_data({}, boundary="b").data == b"--b--\r\n"


@pytest.mark.parametrize(
    ("body", "headers", "preflighted"),
    [
        (Body.text("x"), {}, False),
        (Body.url_search_params({"a": "1"}), {}, False),
        (Body.form_data({"a": "1"}), {}, False),
        (Body.blob("x", "text/plain"), {}, False),
        (Body.blob("{}", "application/json"), {}, True),
        (Body.blob("x", 'text/plain; a="b"'), {}, True),
        (Body.buffer(b"x"), {}, False),
        (Body.url_search_params({"a": "1"}), {"content-type": "application/json"}, True),
        (Body.blob("{}", "application/json"), {"CONTENT-TYPE": "text/plain"}, False),
    ],
)
def test_a_body_type_decides_the_preflight_unless_the_page_sets_one(
    body: Body, headers: dict[str, str], preflighted: bool
) -> None:
    """The body's Content-Type goes only when the page set none, in any case of the name."""
    request = BrowserRequest(PAGE, URL, "POST", headers, body=body)
    types = [value for name, value in request.header_list if name.lower() == "content-type"]
    assert len(types) <= 1
    assert needs_preflight(request) is preflighted
    if preflighted:
        assert ("Access-Control-Request-Headers", "content-type") in preflight_headers(request)


@pytest.mark.parametrize("method", ["GET", "HEAD", "get"])
def test_a_body_on_get_or_head_is_refused_as_fetch_refuses_it(method: str) -> None:
    """fetch() throws on a GET or HEAD with a body; the model raises ValueError, in its words."""
    with pytest.raises(ValueError, match=r"^Request with GET/HEAD method cannot have body\.$"):
        BrowserRequest(PAGE, URL, method, body=Body.text("x"))


def test_only_if_cached_is_refused_for_a_cors_request() -> None:
    """fetch() throws on cache: "only-if-cached" outside same-origin mode, and so does the model."""
    with pytest.raises(ValueError, match="'only-if-cached' can be set only with 'same-origin'"):
        BrowserRequest(PAGE, URL, cache="only-if-cached")


@pytest.mark.parametrize(
    ("given", "mode"),
    [(True, "include"), (False, "same-origin"), ("omit", "omit"), ("include", "include")],
)
def test_credentials_take_fetchs_modes_and_the_old_bool(given: object, mode: str) -> None:
    """Credentials take fetch's three modes; True and False still mean include and same-origin."""
    request = BrowserRequest(PAGE, URL, credentials=given)  # type: ignore[arg-type]
    assert request.credentials == mode
    assert request.includes_credentials is (mode == "include")


@pytest.mark.parametrize(
    ("field", "value"),
    [("credentials", "yes"), ("cache", "forced"), ("redirect", "follow-me")],
)
def test_an_unknown_mode_is_refused(field: str, value: str) -> None:
    """A mode fetch does not know is a ValueError that names the field."""
    with pytest.raises(ValueError, match=field):
        BrowserRequest(PAGE, URL, **{field: value})  # type: ignore[arg-type]


def test_only_if_cached_is_refused_before_a_body_on_get() -> None:
    """Of two things fetch() refuses, the cache mode is named first, as Chromium names it."""
    with pytest.raises(ValueError, match="only-if-cached"):
        BrowserRequest(PAGE, URL, cache="only-if-cached", body=Body.text("x"))
