"""flask_cors.testing.BrowserClient: a page's fetch() sent through the test client, judged."""

from __future__ import annotations

import pytest
from flask import Flask, Response, jsonify, redirect, request
from flask.typing import ResponseReturnValue

from flask_cors import CORS, CORSConfigWarning
from flask_cors.core.browser import Body, CorsFailure, Step
from flask_cors.testing import BrowserClient

APP = "https://app.example.com"
BLOCKED = (
    "Access to fetch at 'http://localhost/api/items' from origin '{origin}' has been blocked "
    "by CORS policy: "
)


def create_app(**options: object) -> Flask:
    """An API with a login, an items view exposing a header, and a view setting ACAO itself."""
    app = Flask("testing_tests", static_folder=None)
    app.config["ran"] = []

    @app.post("/login")
    def login() -> Response:
        response = Response("in")
        response.set_cookie("session", "ada")
        return response

    @app.route("/api/items", methods=["GET", "PUT", "PATCH", "DELETE"])
    def items() -> ResponseReturnValue:
        app.config["ran"].append(request.method)
        body = {"method": request.method, "session": request.cookies.get("session")}
        return jsonify(body), 200, {"X-Total": "3", "X-Secret": "s"}

    @app.get("/api/star")
    def star() -> ResponseReturnValue:
        return "star", 200, {"Access-Control-Allow-Origin": "*"}

    options.setdefault("resources", {"/api/*": {"origins": [APP]}})
    CORS(app, expose_headers=["X-Total"], **options)  # type: ignore[arg-type]
    return app


def test_simple_get_is_allowed_with_exposed_headers_readable() -> None:
    """A GET needs no preflight; the page reads safelisted and exposed headers only."""
    fetched = BrowserClient(create_app(), APP).fetch("/api/items")
    assert fetched.allowed
    assert fetched.preflight is None
    assert fetched.status == 200
    assert fetched.headers == {
        "content-length": fetched.headers["content-length"],
        "content-type": "application/json",
        "x-total": "3",
    }


def test_refused_origin_is_blocked_with_chromiums_message() -> None:
    """Another origin runs the view but cannot read it: Chromium's message says why."""
    origin = "http://localhost:3000"
    fetched = BrowserClient(create_app(), origin).fetch("/api/items")
    assert not fetched.allowed
    assert fetched.step is Step.RESPONSE
    assert fetched.error is CorsFailure.MISSING_ALLOW_ORIGIN
    assert fetched.message == BLOCKED.format(origin=origin) + (
        "No 'Access-Control-Allow-Origin' header is present on the requested resource."
    )
    assert fetched.status is None
    assert fetched.response is not None
    assert fetched.response.status_code == 200


def test_put_with_json_is_preflighted_then_sent() -> None:
    """A JSON PUT sends its preflight first, then the request, and is allowed."""
    app = create_app()
    fetched = BrowserClient(app, APP).fetch("/api/items", method="PUT", json={"a": 1})
    assert fetched.allowed, fetched.message
    assert fetched.preflight is not None
    assert fetched.preflight.request.headers["Access-Control-Request-Method"] == "PUT"
    assert fetched.preflight.request.headers["Access-Control-Request-Headers"] == "content-type"
    assert app.config["ran"] == ["PUT"]


def test_method_refused_by_the_preflight_never_runs() -> None:
    """A DELETE the rule leaves out is blocked at its preflight, and the view never runs."""
    app = create_app(methods=["GET", "PUT"])
    fetched = BrowserClient(app, APP).fetch("/api/items", method="DELETE")
    assert not fetched.allowed
    assert fetched.step is Step.PREFLIGHT
    assert fetched.error is CorsFailure.METHOD_NOT_ALLOWED
    assert fetched.message.endswith(
        "Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response."
    )
    assert fetched.response is None
    assert app.config["ran"] == []


def test_auth_hook_answering_the_preflight_401_is_blocked() -> None:
    """A before_request hook that answers the preflight 401 blocks the call: not an ok status."""
    app = create_app()

    @app.before_request
    def require_token() -> Response | None:
        if request.path.startswith("/api/") and "Authorization" not in request.headers:
            return Response("log in", status=401)
        return None

    browser = BrowserClient(app, APP)
    fetched = browser.fetch("/api/items", headers={"Authorization": "Bearer t"})
    assert fetched.error is CorsFailure.PREFLIGHT_STATUS
    assert fetched.message.endswith(
        "Response to preflight request doesn't pass access control check: "
        "It does not have HTTP ok status."
    )
    app_answering = create_app(answer_preflights=True)
    app_answering.before_request(require_token)
    answered = BrowserClient(app_answering, APP).fetch(
        "/api/items", headers={"Authorization": "Bearer t"}
    )
    assert answered.allowed, answered.message


def test_cookies_go_only_with_credentials() -> None:
    """The client's cookies go with credentials=True only, which needs supports_credentials."""
    app = create_app(supports_credentials=True)
    browser = BrowserClient(app, APP)
    browser.client.post("/login")
    with_cookie = browser.fetch("/api/items", credentials=True)
    without = browser.fetch("/api/items")
    assert with_cookie.allowed, with_cookie.message
    assert with_cookie.response is not None
    assert with_cookie.response.json == {"method": "GET", "session": "ada"}
    assert without.response is not None
    assert without.response.json == {"method": "GET", "session": None}


def test_credentials_without_supports_credentials_are_blocked() -> None:
    """A credentialed call to a rule without supports_credentials is blocked: ACAC is missing."""
    fetched = BrowserClient(create_app(), APP).fetch("/api/items", credentials=True)
    assert fetched.error is CorsFailure.INVALID_ALLOW_CREDENTIALS


def test_a_header_set_by_the_view_is_judged() -> None:
    """A view that sets "Access-Control-Allow-Origin: *" itself fails a credentialed call."""
    app = create_app(supports_credentials=True)
    fetched = BrowserClient(app, APP).fetch("/api/star", credentials=True)
    assert fetched.error is CorsFailure.WILDCARD_WITH_CREDENTIALS
    assert BrowserClient(app, APP).fetch("/api/star").allowed


def test_lower_case_patch_is_sent_as_written() -> None:
    """fetch() sends "patch" as written; the default methods list it so, and it is allowed."""
    fetched = BrowserClient(create_app(), APP).fetch("/api/items", method="patch", data="x")
    assert fetched.preflight is not None
    assert fetched.preflight.request.headers["Access-Control-Request-Method"] == "patch"
    assert fetched.allowed, fetched.message
    assert "patch" in fetched.preflight.headers["Access-Control-Allow-Methods"].split(", ")


def test_preflight_cache_follows_max_age() -> None:
    """With max_age=600 a second PUT within 600 s sends no preflight; after it, one again."""
    now = [0.0]
    browser = BrowserClient(create_app(max_age=600), APP, clock=lambda: now[0])
    assert browser.fetch("/api/items", method="PUT").preflight is not None
    now[0] = 599.0
    cached = browser.fetch("/api/items", method="PUT")
    assert cached.allowed
    assert cached.preflight is None
    now[0] = 600.0
    assert browser.fetch("/api/items", method="PUT").preflight is not None


def test_a_content_type_in_any_case_is_the_one_sent() -> None:
    """A page's "content-type" in lower case replaces the body's own: one header, no preflight."""
    app = create_app(methods=["POST"])

    @app.post("/api/form")
    def form() -> Response:
        return Response(request.headers["Content-Type"])

    fetched = BrowserClient(app, APP).fetch(
        "/api/form",
        method="POST",
        headers={"content-type": "application/x-www-form-urlencoded"},
        data="a=1",
    )
    assert fetched.preflight is None
    assert fetched.allowed, fetched.message
    assert fetched.response is not None
    assert fetched.response.get_data(as_text=True) == "application/x-www-form-urlencoded"
    json_typed = BrowserClient(app, APP).fetch(
        "/api/form", method="POST", headers={"CONTENT-TYPE": "text/plain"}, json={"a": 1}
    )
    assert json_typed.preflight is None
    assert json_typed.allowed, json_typed.message


def test_a_login_redirect_outside_the_rules_is_blocked_at_the_login_page() -> None:
    """A hook redirecting to /login (no CORS there) blocks the fetch there, as Chromium says."""
    app = create_app()

    @app.get("/login")
    def login_page() -> str:
        return "log in"

    @app.before_request
    def require_session() -> ResponseReturnValue | None:
        if request.path == "/api/items" and "session" not in request.cookies:
            return redirect("/login")
        return None

    fetched = BrowserClient(app, APP).fetch("/api/items")
    assert (fetched.step, fetched.error) == (Step.RESPONSE, CorsFailure.MISSING_ALLOW_ORIGIN)
    assert fetched.message == (
        f"Access to fetch at 'http://localhost/login' (redirected from "
        f"'http://localhost/api/items') from origin '{APP}' has been blocked by CORS policy: "
        "No 'Access-Control-Allow-Origin' header is present on the requested resource."
    )
    assert fetched.url == "http://localhost/login"
    assert [sent.url for sent, _ in fetched.exchanges] == [
        "http://localhost/api/items",
        "http://localhost/login",
    ]
    manual = BrowserClient(app, APP).fetch("/api/items", redirect="manual")
    assert (manual.allowed, manual.status, manual.verdict.response_type) == (
        True, 0, "opaqueredirect",
    )  # fmt: skip
    error = BrowserClient(app, APP).fetch("/api/items", redirect="error")
    assert error.message == "Failed to load resource: net::ERR_FAILED"


def test_a_trailing_slash_redirect_is_followed_and_the_last_response_read() -> None:
    """Werkzeug's 308 to the slashed URL carries CORS headers, so the page reads the list."""
    app = create_app()

    @app.get("/api/list/")
    def listing() -> ResponseReturnValue:
        return "[]", 200, {"X-Total": "0"}

    fetched = BrowserClient(app, APP).fetch("/api/list")
    assert fetched.allowed, fetched.message
    assert fetched.verdict.redirects == ("http://localhost/api/list/",)
    assert fetched.headers["x-total"] == "0"
    assert fetched.response is not None
    assert fetched.response.get_data(as_text=True) == "[]"


def test_a_redirect_to_another_origin_sends_origin_null() -> None:
    """After a redirect to another host the app sees Origin: null, and must allow it."""
    app = create_app()

    @app.get("/api/moved")
    def moved() -> ResponseReturnValue:
        return redirect("http://files.example.com/api/items")

    fetched = BrowserClient(app, APP).fetch("/api/moved")
    assert fetched.exchanges[-1][0].get("Origin") == "null"
    assert fetched.exchanges[-1][1].request.host == "files.example.com"
    assert fetched.error is CorsFailure.MISSING_ALLOW_ORIGIN


def test_body_kinds_send_the_type_a_browser_sets() -> None:
    """URLSearchParams and FormData go unpreflighted; a JSON Blob is preflighted."""
    app = create_app(methods=["POST"])

    @app.post("/api/form")
    def form() -> ResponseReturnValue:
        return jsonify(type=request.content_type, form=request.form.to_dict())

    browser = BrowserClient(app, APP)
    params = browser.fetch("/api/form", method="POST", data=Body.url_search_params({"a": "x y"}))
    assert params.preflight is None
    assert params.response is not None
    assert params.response.json == {
        "type": "application/x-www-form-urlencoded;charset=UTF-8",
        "form": {"a": "x y"},
    }
    form_data = browser.fetch("/api/form", method="POST", data=Body.form_data({"b": "2"}))
    assert form_data.preflight is None
    assert form_data.response is not None
    assert form_data.response.get_json()["form"] == {"b": "2"}
    blob = browser.fetch("/api/form", method="POST", data=Body.blob("{}", "application/json"))
    assert blob.preflight is not None
    assert blob.allowed, blob.message


def test_credentials_take_fetchs_three_modes() -> None:
    """Only "include" sends the cookies to another origin; "omit" and "same-origin" send none."""
    app = create_app(supports_credentials=True)
    browser = BrowserClient(app, APP)
    browser.client.post("/login")
    sessions: dict[str, object] = {}
    for mode in ("omit", "same-origin", "include", True, False):
        fetched = browser.fetch("/api/items", credentials=mode)
        assert fetched.response is not None
        sessions[str(mode)] = fetched.response.get_json()["session"]
    assert sessions == {
        "omit": None, "same-origin": None, "include": "ada", "True": "ada", "False": None,
    }  # fmt: skip


def test_cache_modes_decide_whether_a_cached_preflight_is_used() -> None:
    """A cached preflight is reused under "default", not under "no-store" or "reload"."""
    browser = BrowserClient(create_app(max_age=600), APP, clock=lambda: 0.0)
    assert browser.fetch("/api/items", method="PUT").preflight is not None
    assert browser.fetch("/api/items", method="PUT").preflight is None
    for mode in ("no-store", "reload", "no-cache"):
        again = browser.fetch("/api/items", method="PUT", cache=mode)
        assert again.preflight is not None, mode
    assert browser.fetch("/api/items", method="PUT", cache="force-cache").preflight is None
    conditional = browser.fetch("/api/items", method="PUT", headers={"If-None-Match": '"1"'})
    assert conditional.preflight is not None


def test_what_fetch_refuses_is_a_value_error() -> None:
    """A body on GET is refused before anything is sent, in fetch()'s words."""
    app = create_app()
    with pytest.raises(ValueError, match="cannot have body"):
        BrowserClient(app, APP).fetch("/api/items", data="x")
    assert app.config["ran"] == []


@pytest.mark.parametrize("configured", ["https://app.example.com/", "https://app.example.com:443"])
def test_browser_model_accepts_origins_no_browser_sends(configured: str) -> None:
    """Review 2, finding 12: origins copied from a broken config are blocked, as in a browser."""
    with pytest.warns(CORSConfigWarning):
        app = create_app(resources={"/api/*": {"origins": [configured]}})
    fetched = BrowserClient(app, configured).fetch("/api/items")
    assert not fetched.allowed
    assert fetched.message == BLOCKED.format(origin=APP) + (
        "No 'Access-Control-Allow-Origin' header is present on the requested resource."
    )
    assert fetched.response is not None
    assert fetched.response.request.headers["Origin"] == APP


def test_a_pasted_url_is_taken_as_its_origin() -> None:
    """A page URL from the address bar stands for its origin, which is what the page sends."""
    app = create_app(resources={"/api/*": {"origins": ["http://localhost:5173"]}})
    browser = BrowserClient(app, "http://LOCALHOST:5173/orders?page=2")
    assert browser.origin == "http://localhost:5173"
    fetched = browser.fetch("/api/items", method="PUT", json={})
    assert fetched.allowed, fetched.message
    assert fetched.preflight is not None
    assert fetched.preflight.request.headers["Origin"] == "http://localhost:5173"


def test_what_cannot_be_an_origin_is_refused_with_the_fix() -> None:
    """An origin without a scheme is refused at once, naming the origin meant."""
    with pytest.raises(ValueError, match=r"did you mean 'http://localhost:5173'\?"):
        BrowserClient(create_app(), "localhost:5173")
