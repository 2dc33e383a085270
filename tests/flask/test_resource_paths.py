"""The resources option: its shapes, rule order, and how request paths are matched."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from flask_cors import CORS, ConfigurationError, RequestInfo

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ORIGIN = {"Origin": "https://app.example"}
ALLOWED = [("Access-Control-Allow-Origin", "https://app.example"), ("Vary", "Origin")]


def exposed(response: TestResponse) -> list[str]:
    """Name the rule that answered: each rule below exposes a header named after itself."""
    return response.headers.getlist("Access-Control-Expose-Headers")


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("/api/v1/users", "literal"),
        ("/api/v1/users/7", "compiled"),
        ("/api/v1/items", "deeper-regex"),
        ("/api/items", "shallow-regex"),
        ("/elsewhere", "catch-all"),
        ("/API/v1/users", "catch-all"),
    ],
)
def test_the_most_specific_rule_wins(app: Flask, client: FlaskClient, path: str, rule: str) -> None:
    """Literals beat regexes, compiled beat strings, then more '/', then longer (CVE-2024-6839)."""
    CORS(
        app,
        resources={
            "*": {"expose_headers": "catch-all"},
            r"/api/*": {"expose_headers": "shallow-regex"},
            r"/api/v1/.*": {"expose_headers": "deeper-regex"},
            r"/api/v1/us.*": {"expose_headers": "longer-regex"},
            re.compile(r"/api/v1/u.*"): {"expose_headers": "compiled"},
            "/api/v1/users": {"expose_headers": "literal"},
        },
    )

    response = client.get(path, headers=ORIGIN)

    assert response.headers.getlist("Access-Control-Allow-Origin") == ["https://app.example"]
    assert exposed(response) == [rule]


def test_a_compiled_regex_beats_a_regex_string_with_more_slashes(
    app: Flask, client: FlaskClient
) -> None:
    """Compiled patterns are tried before regex strings, whatever their depth."""
    CORS(
        app,
        resources={
            r"/a/b/.*": {"expose_headers": "string"},
            re.compile(r"/a/.*"): {"expose_headers": "compiled"},
        },
    )

    assert exposed(client.get("/a/b/c", headers=ORIGIN)) == ["compiled"]


def test_dict_order_does_not_matter(app: Flask, client: FlaskClient) -> None:
    """A catch-all listed first does not shadow a more specific rule listed after it."""
    CORS(
        app,
        resources={
            r"/*": {"origins": "https://other.example"},
            r"/api/*": {"origins": "https://app.example"},
        },
    )

    assert client.get("/api/x", headers=ORIGIN).headers.getlist("Access-Control-Allow-Origin") == [
        "https://app.example"
    ]
    assert client.get("/page", headers=ORIGIN).headers.getlist("Access-Control-Allow-Origin") == []


@pytest.mark.parametrize(
    ("resources", "path", "matches"),
    [
        (r"/api/*", "/api/users", True),
        (r"/api/*", "/apix", True),
        (r"/api/.*", "/other/api/x", False),
        ("/api/users", "/api/users", True),
        ("/api/users", "/api/users/1", False),
        ("/api/users", "/api/user", False),
        (["/one", r"/two/.*"], "/one", True),
        (["/one", r"/two/.*"], "/one/x", False),
        (["/one", r"/two/.*"], "/two/x", True),
        (["/one", r"/two/.*"], "/three", False),
        (("/one", "/two"), "/two", True),
        (re.compile(r"/api/v\d+/"), "/api/v2/items", True),
        (re.compile(r"/api/v\d+/"), "/api/latest/items", False),
        ([re.compile(r"/a/.*"), "/b"], "/b", True),
        ("*", "/anything/at/all", True),
    ],
    ids=[
        "regex-string",
        "regex-string-prefix-only",
        "regex-from-start",
        "literal",
        "literal-not-prefix",
        "literal-exact",
        "list-literal",
        "list-literal-exact",
        "list-regex",
        "list-no-match",
        "tuple",
        "compiled",
        "compiled-no-match",
        "list-of-compiled-and-literal",
        "star",
    ],
)
def test_resources_shapes(
    app: Flask,
    client: FlaskClient,
    cors_headers: CorsHeaders,
    resources: object,
    path: str,
    matches: bool,
) -> None:
    """resources may be a string, a list or tuple of patterns, or a compiled regex."""
    CORS(app, resources=resources)  # type: ignore[arg-type]

    response = client.get(path, headers=ORIGIN)

    assert response.status_code == 200
    assert cors_headers(response) == (ALLOWED if matches else [])


@pytest.mark.parametrize(
    ("rule", "path", "matches"),
    [
        ("/a+b", "/a+b", True),
        ("/a+b", "/a%2Bb", True),
        ("/a+b", "/a%20b", False),
        ("/a b", "/a+b", False),
        ("/a b", "/a%20b", True),
        ("/café", "/caf%C3%A9", True),
        ("/café", "/caf%25C3%25A9", True),
        (r"/files/.*\.txt$", "/files/notes%2Etxt", True),
    ],
    ids=[
        "plus-stays-plus",
        "encoded-plus",
        "space-is-not-plus",
        "plus-is-not-space",
        "encoded-space",
        "utf8",
        "double-encoded",
        "encoded-dot-in-regex",
    ],
)
def test_paths_are_percent_decoded_with_plain_unquote(
    app: Flask,
    client: FlaskClient,
    cors_headers: CorsHeaders,
    rule: str,
    path: str,
    matches: bool,
) -> None:
    """The path is percent-decoded before matching, and '+' stays '+' (CVE-2024-6844)."""
    CORS(app, resources=[rule])

    response = client.get(path, headers=ORIGIN)

    assert cors_headers(response) == (ALLOWED if matches else [])


@pytest.mark.parametrize(
    ("rule", "path"),
    [
        (r"/api/*", "/API/users"),
        ("/Admin", "/admin"),
        ("/admin", "/Admin"),
        (re.compile(r"/api/.*"), "/Api/users"),
    ],
)
def test_paths_are_matched_case_sensitively(
    app: Flask,
    client: FlaskClient,
    cors_headers: CorsHeaders,
    rule: str | re.Pattern[str],
    path: str,
) -> None:
    """A rule does not match a path that differs only in case (CVE-2024-6866)."""
    CORS(app, resources=[rule])

    assert cors_headers(client.get(path, headers=ORIGIN)) == []


def test_a_compiled_regex_keeps_its_own_flags(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A rule compiled with re.IGNORECASE or an inline (?i) flag matches any case."""
    CORS(
        app,
        resources={re.compile(r"/api/.*", re.IGNORECASE): {}, r"(?i)/v2/.*": {}, r"/v(1|3)/.*": {}},
    )

    for path in ("/API/x", "/V2/x", "/v2/x", "/v3/x"):
        assert cors_headers(client.get(path, headers=ORIGIN)) == ALLOWED, path
    assert cors_headers(client.get("/V3/x", headers=ORIGIN)) == []


def test_a_path_no_rule_matches_gets_no_headers_at_all(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """Outside every resource: no CORS headers, not even Vary, for any kind of request."""
    CORS(app, resources={r"/api/*": {"origins": ["https://app.example", "https://b.example"]}})

    simple = client.get("/page", headers=ORIGIN)
    no_origin = client.get("/page")
    preflight = client.options(
        "/page", headers={**ORIGIN, "Access-Control-Request-Method": "DELETE"}
    )

    assert [simple.status_code, no_origin.status_code, preflight.status_code] == [200, 200, 200]
    assert cors_headers(simple) == []
    assert cors_headers(no_origin) == []
    assert cors_headers(preflight) == []


def test_per_resource_options_apply_only_to_their_paths(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """Each resource's options (here credentials) stay on its own paths."""
    CORS(
        app,
        origins="https://app.example",
        resources={r"/private/*": {"supports_credentials": True}, r"/public/*": {}},
    )

    private = client.get("/private/x", headers=ORIGIN)
    public = client.get("/public/x", headers=ORIGIN)

    assert cors_headers(private) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(public) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]


@pytest.mark.parametrize(
    ("resources", "message"),
    [
        (
            42,
            "invalid CORS configuration, 1 problem:\n"
            "  - resources=42: has an unsupported type (give a path pattern, a list of them,"
            " or a dict of pattern -> options)",
        ),
        (
            {"/api/(": {}},
            "invalid CORS configuration, 1 problem:\n"
            "  - resources='/api/(': is not a valid regex: missing ), unterminated subpattern"
            " at position 5 (escape regex characters with re.escape() if the path is meant"
            " literally)",
        ),
        (
            [r"/api/[", r"/v1/("],
            "invalid CORS configuration, 2 problems:\n"
            "  - resources='/api/[': is not a valid regex: unterminated character set at"
            " position 5 (escape regex characters with re.escape() if the path is meant"
            " literally)\n"
            "  - resources='/v1/(': is not a valid regex: missing ), unterminated subpattern"
            " at position 4 (escape regex characters with re.escape() if the path is meant"
            " literally)",
        ),
    ],
    ids=["not-a-pattern", "invalid-regex", "two-invalid-regexes"],
)
def test_bad_resources_raise_value_error(app: Flask, resources: object, message: str) -> None:
    """A resources value of the wrong type or with an invalid regex is a ValueError."""
    with pytest.raises(ValueError, match="invalid CORS configuration") as raised:
        CORS(app, resources=resources)  # type: ignore[arg-type]

    assert isinstance(raised.value, ConfigurationError)
    assert str(raised.value) == message


ADMIN = "https://admin.example.com"
PARTNER = "https://partner.example.net"


@pytest.mark.parametrize(
    "name", ["report.txt", "a" * 2100 + "%2F..%2Freport.txt"], ids=["short", "padded"]
)
def test_long_path_falls_back_to_catch_all_rule(name: str) -> None:
    """A padded path to an admin view gets the admin rule, as a short one does, not '/*'."""
    app = Flask("long_paths")
    CORS(
        app,
        resources={
            r"/api/admin/.*": {"origins": [ADMIN], "supports_credentials": True},
            r"/*": {"origins": [PARTNER], "supports_credentials": True},
        },
    )

    @app.get("/api/admin/files/<path:name>")
    def admin_file(name: str) -> str:
        return "admin-only report"

    client = app.test_client()
    path = f"/api/admin/files/{name}"

    partner = client.get(path, headers={"Origin": PARTNER})
    admin = client.get(path, headers={"Origin": ADMIN})

    assert "Access-Control-Allow-Origin" not in partner.headers
    assert admin.headers.get("Access-Control-Allow-Origin") == ADMIN


def test_long_path_under_a_regex_that_must_run_gets_no_cors_headers() -> None:
    """A long path that only a running regex could place gets no CORS headers at all."""
    app = Flask("long_regex")
    CORS(
        app,
        resources={
            r"/api/[a-z]+/files/.*\.txt$": {"origins": [ADMIN]},
            r"/*": {"origins": [PARTNER]},
        },
    )

    @app.get("/api/<kind>/files/<path:name>")
    def files(kind: str, name: str) -> str:
        return "file"

    path = "/api/admin/files/" + "a" * 2100 + ".txt"

    response = app.test_client().get(path, headers={"Origin": PARTNER})

    assert response.status_code == 200
    assert [h for h in response.headers if h[0].startswith("Access-Control-")] == []


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/plain", id="ascii"),
        pytest.param("/café/ünïcode", id="non-ascii"),
        pytest.param("/caf%C3%A9", id="percent-encoded-utf8"),
        pytest.param("/a%20b/%E2%82%AC", id="percent-encoded-space-and-euro"),
        pytest.param("/a%2Fb", id="percent-encoded-slash"),
        pytest.param("/bad%FFbyte", id="invalid-utf8"),
    ],
)
def test_the_snapshot_path_is_werkzeugs_request_path(app: Flask, path: str) -> None:
    """RequestInfo.from_environ reads the path a Flask request routes by, decoded the same way."""
    seen: list[tuple[str, str]] = []

    @app.before_request
    def record() -> None:
        seen.append((request.path, RequestInfo.from_environ(request.environ).path))

    app.test_client().get(path)
    assert len(seen) == 1
    werkzeug_path, snapshot_path = seen[0]
    assert snapshot_path == werkzeug_path
