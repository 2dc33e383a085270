"""How CORS headers join the headers a response already has, and what goes on the wire."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, Response, make_response
from flask.testing import FlaskClient
from werkzeug.datastructures import Headers
from werkzeug.test import TestResponse

from flask_cors import CORS, InsecureCORSWarning, adapter, cross_origin
from flask_cors.core import Policy, RequestInfo, decide

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ORIGIN = {"Origin": "https://app.example"}


@pytest.fixture
def app() -> Flask:
    """Return an app whose views answer with headers of their own."""
    app = Flask("response_tests", static_folder=None)

    @app.route("/plain")
    def plain() -> str:
        return "plain"

    @app.route("/own-origin")
    def own_origin() -> tuple[str, dict[str, str]]:
        return "own", {"Access-Control-Allow-Origin": "https://own.example"}

    @app.route("/dict-headers")
    def dict_headers() -> Response:
        response = make_response("dict")
        # OAuthlib and others replace the Headers object with a plain dict.
        plain_headers: Any = {"X-Custom": "1", "Content-Type": "text/plain"}
        response.headers = plain_headers
        return response

    @app.route("/vary/<path:value>")
    def vary(value: str) -> tuple[str, dict[str, str]]:
        return "vary", {"Vary": value}

    return app


def test_origin_set_by_the_view_is_left_alone(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A response that already has Access-Control-Allow-Origin gets no CORS headers added."""
    CORS(app, origins=["https://app.example", "https://b.example"], supports_credentials=True)

    response = client.get("/own-origin", headers=ORIGIN)

    assert cors_headers(response) == [("Access-Control-Allow-Origin", "https://own.example")]


def test_plain_dict_headers_still_work(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A response whose .headers is a plain dict keeps its headers and gets CORS headers."""
    CORS(app, expose_headers="X-Custom")

    response = client.get("/dict-headers", headers=ORIGIN)

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "dict"
    assert response.headers.getlist("X-Custom") == ["1"]
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Expose-Headers", "X-Custom"),
        ("Vary", "Origin"),
    ]


def test_existing_vary_is_kept_and_origin_added(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """An existing 'Vary: Accept-Encoding' stays, with Origin joined to its line."""
    CORS(app)

    response = client.get("/vary/Accept-Encoding", headers=ORIGIN)

    assert response.headers.getlist("Vary") == ["Accept-Encoding, Origin"]


@pytest.mark.parametrize(
    "existing", ["Origin", "origin", "Accept-Encoding, Origin", "Cookie,origin", "*"]
)
def test_vary_origin_is_never_duplicated(app: Flask, client: FlaskClient, existing: str) -> None:
    """A response that already varies on Origin (or on everything) gets no second Vary."""
    CORS(app)

    response = client.get(f"/vary/{existing}", headers=ORIGIN)

    assert response.headers.getlist("Access-Control-Allow-Origin") == ["https://app.example"]
    assert response.headers.getlist("Vary") == [existing]


def test_vary_header_false_leaves_vary_untouched(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """With vary_header=False, an existing Vary is the only one."""
    CORS(app, origins=["https://app.example", "https://b.example"], vary_header=False)

    response = client.get("/vary/Accept-Encoding", headers=ORIGIN)

    assert response.headers.getlist("Vary") == ["Accept-Encoding"]


def test_no_header_is_sent_twice(app: Flask, cors_headers: CorsHeaders) -> None:
    """Decorator, app-wide CORS and the same CORS twice: every header appears once."""

    @app.route("/decorated")
    @cross_origin(origins=["https://app.example", "https://b.example"], expose_headers="X-A")
    def decorated() -> str:
        return "decorated"

    cors = CORS(origins=["https://app.example", "https://b.example"], expose_headers="X-A")
    cors.init_app(app)
    cors.init_app(app)
    client = app.test_client()

    for path in ("/decorated", "/plain"):
        response = client.get(path, headers=ORIGIN)
        assert cors_headers(response) == [
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Expose-Headers", "X-A"),
            ("Vary", "Origin"),
        ], path


def test_no_origin_with_several_literal_origins_sends_one_allow_origin(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """Without Origin, several configured origins give one header: the first sorted (flask-cors)."""
    CORS(app, origins=["https://b.example", "https://a.example", r"https://.*\.c\.example$"])

    response = client.get("/plain")

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://a.example"),
        ("Vary", "Origin"),
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, [("Access-Control-Allow-Origin", "*"), ("Vary", "Origin")]),
        (
            {"origins": "https://app.example"},
            [("Access-Control-Allow-Origin", "https://app.example"), ("Vary", "Origin")],
        ),
        ({"origins": r"https://.*\.app\.example$"}, [("Vary", "Origin")]),
        ({"always_send": False}, [("Vary", "Origin")]),
    ],
    ids=["wildcard", "one-literal", "only-regex", "always-send-off"],
)
def test_request_without_origin(
    app: Flask,
    client: FlaskClient,
    cors_headers: CorsHeaders,
    options: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    """always_send answers requests without Origin: '*', the literal origin, or only Vary."""
    CORS(app, **options)

    assert cors_headers(client.get("/plain")) == expected


def test_request_without_origin_under_wildcard_with_credentials(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """With '*' and credentials (which warns), a request without Origin gets only Vary."""
    with pytest.warns(InsecureCORSWarning, match=r"^rule '/\*': origins='\*': with supports_"):
        CORS(app, supports_credentials=True)

    assert cors_headers(client.get("/plain")) == [("Vary", "Origin")]


@pytest.mark.parametrize(
    "origin",
    [
        "https://a.example, https://b.example",
        "https://a.example https://b.example",
        "https://exämple.example",
        "https://a.example\tx",
        "https://" + "a" * 1100 + ".example",
    ],
    ids=["comma-list", "space", "non-ascii", "control-character", "too-long"],
)
def test_malformed_origin_gets_no_cors_headers(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders, origin: str
) -> None:
    """An Origin that cannot be an origin is never echoed or answered, even with '*': only Vary."""
    CORS(app)

    response = client.get("/plain", environ_overrides={"HTTP_ORIGIN": origin})

    assert response.status_code == 200
    assert cors_headers(response) == [("Vary", "Origin")]


def test_origin_with_line_breaks_is_never_echoed(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """An Origin smuggling CR/LF gets no CORS headers, so nothing can be injected."""
    CORS(app)

    response = client.get(
        "/plain", environ_overrides={"HTTP_ORIGIN": "https://a.example\r\nSet-Cookie: x=1"}
    )

    assert cors_headers(response) == [("Vary", "Origin")]
    assert "Set-Cookie" not in response.headers


def test_max_age_zero_is_sent(app: Flask, client: FlaskClient, cors_headers: CorsHeaders) -> None:
    """max_age=0 sends 'Access-Control-Max-Age: 0' (do not cache), unlike flask-cors."""
    CORS(app, max_age=0)

    response = client.options("/plain", headers={**ORIGIN, "Access-Control-Request-Method": "GET"})

    assert response.headers.getlist("Access-Control-Max-Age") == ["0"]


def test_empty_values_are_never_sent(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """Empty methods, expose_headers and allow_headers send no empty headers."""
    CORS(app, methods=[], expose_headers=[], allow_headers=[])

    response = client.options(
        "/plain",
        headers={
            **ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "X-Token",
        },
    )

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]


@pytest.mark.parametrize(
    ("allow_private_network", "request_headers", "expected"),
    [
        (True, {"Access-Control-Request-Private-Network": "true"}, ["true"]),
        (False, {"Access-Control-Request-Private-Network": "true"}, ["false"]),
        (True, {"Access-Control-Request-Private-Network": "false"}, []),
        (True, {}, []),
    ],
    ids=["allowed", "refused", "not-true", "not-asked"],
)
def test_private_network_answer_only_when_asked(
    app: Flask,
    client: FlaskClient,
    allow_private_network: bool,
    request_headers: dict[str, str],
    expected: list[str],
) -> None:
    """Access-Control-Allow-Private-Network is sent only to a request that asks for it."""
    # A listed origin: private network access for any origin warns.
    CORS(app, origins=["https://app.example"], allow_private_network=allow_private_network)

    response = client.options(
        "/plain",
        headers={**ORIGIN, "Access-Control-Request-Method": "GET", **request_headers},
    )

    assert response.headers.getlist("Access-Control-Allow-Private-Network") == expected


@pytest.mark.parametrize(
    ("requested", "expected"),
    [("put", ["DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, put"]), ("TRACE", []), ("", [])],
    ids=["case-insensitive", "not-allowed", "empty"],
)
def test_preflight_headers_only_for_an_allowed_method(
    app: Flask, client: FlaskClient, requested: str, expected: list[str]
) -> None:
    """Allow-Methods is sent only for an allowed method (ignoring case; its spelling appended)."""
    CORS(app)

    response = client.options(
        "/plain", headers={**ORIGIN, "Access-Control-Request-Method": requested}
    )

    assert response.headers.getlist("Access-Control-Allow-Methods") == expected
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["https://app.example"]


def test_literal_origin_matches_any_case_and_is_echoed_as_sent(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A literal origin compares case-insensitively, and the request's spelling is echoed."""
    CORS(app, origins="https://App.Example")

    response = client.get("/plain", headers={"Origin": "https://app.EXAMPLE"})

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.EXAMPLE"),
        ("Vary", "Origin"),
    ]


def test_regex_origin_matches_any_case(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A regex origin given as a string matches case-insensitively."""
    CORS(app, origins=[r"https://.*\.app\.example$"])

    response = client.get("/plain", headers={"Origin": "https://EU.App.Example"})

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://EU.App.Example"),
        ("Vary", "Origin"),
    ]


def test_allow_headers_literals_and_regexes(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """Requested headers are kept if they match a literal (any case) or a regex, then sorted."""
    CORS(app, allow_headers=["content-type", r"X-Custom-.*"])

    response = client.options(
        "/plain",
        headers={
            **ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "X-Custom-B, Content-Type, X-Other, x-custom-a",
        },
    )

    assert response.headers.getlist("Access-Control-Allow-Headers") == [
        "Content-Type, X-Custom-B, x-custom-a"
    ]


def test_private_network_is_refused_by_default(app: Flask, client: FlaskClient) -> None:
    """Without allow_private_network, a Private Network Access request is answered 'false'."""
    CORS(app)

    response = client.options(
        "/plain",
        headers={
            **ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Private-Network": "true",
        },
    )

    assert response.headers.getlist("Access-Control-Allow-Private-Network") == ["false"]


class RecordingHeaders(Headers):
    """A Headers subclass whose add() does more: it records every name added."""

    def __init__(self, defaults: Any = None) -> None:
        self.added: list[str] = []
        super().__init__(defaults)
        self.added.clear()

    def add(self, key: str, value: Any, /, **kwargs: Any) -> None:
        self.added.append(key)
        super().add(key, value, **kwargs)


def test_a_headers_subclass_gets_its_lines_through_add(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A response with a Headers subclass gets every CORS line through the subclass's add()."""
    CORS(app)
    used: list[RecordingHeaders] = []

    @app.after_request
    def use_subclass(response: Response) -> Response:
        # Registered after CORS, so it runs before CORS's hook.
        headers = RecordingHeaders(response.headers)
        used.append(headers)
        response.headers = headers
        return response

    response = client.get("/plain", headers=ORIGIN)

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]
    assert used[0].added == ["Access-Control-Allow-Origin", "Vary"]


def test_werkzeug_headers_keep_their_lines_in_a_list() -> None:
    """The shortcut that adds lines straight into Werkzeug's header list is available.

    If a Werkzeug release changes how Headers stores its lines, the shell
    falls back to add() (still correct, only slower) and this test says so.
    """
    assert adapter._LINES_LIST is True
    headers = Headers([("Content-Type", "text/plain")])
    headers._list.append(("Vary", "Origin"))
    assert headers.to_wsgi_list() == [("Content-Type", "text/plain"), ("Vary", "Origin")]


def test_apply_replaces_plain_dict_headers_before_adding() -> None:
    """apply() on a response whose headers are a plain dict keeps them and adds the decision's."""
    response = Response("body")
    plain_headers: Any = {"X-Custom": "1"}
    response.headers = plain_headers
    policy = Policy()
    decision = decide(policy, RequestInfo("GET", origin="https://app.example"))

    adapter.apply(decision, response)

    assert list(response.headers.items()) == [
        ("X-Custom", "1"),
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]
