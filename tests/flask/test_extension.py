"""CORS(app), init_app, the app factory, several apps and CORS objects per process."""

from __future__ import annotations

import pydoc
import re
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

import flask_cors
from flask_cors import CORS, cross_origin
from flask_cors.extension import CORSState
from flask_cors.options import CORSOptions, CrossOriginOptions

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ALL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"


def make_app(name: str) -> Flask:
    app = Flask(name)

    @app.route("/<path:path>", methods=["GET", "POST"])
    def anything(path: str) -> str:
        return f"{name}:{path}"

    return app


def test_cors_app_echoes_the_origin_on_every_route(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """CORS(app) with the defaults echoes the request's Origin and varies on it."""
    CORS(app)

    response = client.get("/any/path", headers={"Origin": "https://app.example"})

    assert response.status_code == 200
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]


def test_request_without_origin_gets_the_wildcard_by_default(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A request without Origin gets 'Access-Control-Allow-Origin: *' (always_send), and Vary."""
    CORS(app)

    response = client.get("/")

    # With Origin the answer would echo it, so this one varies on Origin too.
    assert cors_headers(response) == [("Access-Control-Allow-Origin", "*"), ("Vary", "Origin")]


def test_default_preflight_answer(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A preflight gets the echoed origin, the requested headers sorted, all methods."""
    CORS(app)

    response = client.options(
        "/items",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "X-Token, content-type",
        },
    )

    assert response.status_code == 200
    assert response.get_data() == b""
    assert set(response.headers["Allow"].split(", ")) == {
        "DELETE",
        "GET",
        "HEAD",
        "OPTIONS",
        "PATCH",
        "POST",
        "PUT",
    }
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Headers", "X-Token, content-type"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]


def test_init_app_serves_an_app_factory(cors_headers: CorsHeaders) -> None:
    """One module-level CORS() object configures every app a factory builds."""
    cors = CORS(origins=["https://app.example", "https://admin.example"])

    def create_app(name: str) -> Flask:
        app = make_app(name)
        cors.init_app(app)
        return app

    for app in (create_app("first"), create_app("second")):
        allowed = app.test_client().get("/x", headers={"Origin": "https://admin.example"})
        refused = app.test_client().get("/x", headers={"Origin": "https://evil.example"})
        assert cors_headers(allowed) == [
            ("Access-Control-Allow-Origin", "https://admin.example"),
            ("Vary", "Origin"),
        ]
        assert cors_headers(refused) == [("Vary", "Origin")]


def test_init_app_options_apply_to_that_app_only(cors_headers: CorsHeaders) -> None:
    """init_app's options are per app; the CORS() options are shared by all apps."""
    cors = CORS(expose_headers="X-Shared")
    first, second = make_app("first"), make_app("second")
    cors.init_app(first, origins="https://one.example")
    cors.init_app(second, origins="https://two.example")

    one_on_first = first.test_client().get("/x", headers={"Origin": "https://one.example"})
    one_on_second = second.test_client().get("/x", headers={"Origin": "https://one.example"})
    two_on_second = second.test_client().get("/x", headers={"Origin": "https://two.example"})

    assert cors_headers(one_on_first) == [
        ("Access-Control-Allow-Origin", "https://one.example"),
        ("Access-Control-Expose-Headers", "X-Shared"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(one_on_second) == [("Vary", "Origin")]
    assert cors_headers(two_on_second) == [
        ("Access-Control-Allow-Origin", "https://two.example"),
        ("Access-Control-Expose-Headers", "X-Shared"),
        ("Vary", "Origin"),
    ]


def test_several_apps_in_one_process_are_independent(cors_headers: CorsHeaders) -> None:
    """Apps configured differently in one process do not see each other's CORS."""
    one, two, bare = make_app("one"), make_app("two"), make_app("bare")
    CORS(one, origins="https://one.example")
    CORS(two, origins="https://two.example", supports_credentials=True)
    origin = {"Origin": "https://one.example"}

    assert cors_headers(one.test_client().get("/x", headers=origin)) == [
        ("Access-Control-Allow-Origin", "https://one.example"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(two.test_client().get("/x", headers=origin)) == [("Vary", "Origin")]
    assert cors_headers(bare.test_client().get("/x", headers=origin)) == []
    assert bare.test_client().get("/x", headers=origin).get_data(as_text=True) == "bare:x"


def test_state_is_kept_in_app_extensions(app: Flask) -> None:
    """Every init_app on an app appends its rules, best first, to app.extensions["cors"]."""
    CORS(app, resources={r"/api/*": {}, r"/api/v1/*": {}, "/health": {}})
    CORS().init_app(app, resources=r"/static/*")

    states = app.extensions["cors"]

    assert all(isinstance(state, CORSState) for state in states)
    assert [[rule.text for rule in state.resources.rules] for state in states] == [
        ["/health", "/api/v1/*", "/api/*"],
        ["/static/*"],
    ]


def test_two_cors_objects_with_separate_resources(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """Two CORS objects on one app each answer for their own resources."""
    CORS(app, resources=r"/public/*", origins="https://one.example")
    CORS(app, resources=r"/partner/*", origins="https://two.example")

    public = client.get("/public/x", headers={"Origin": "https://one.example"})
    partner = client.get("/partner/x", headers={"Origin": "https://two.example"})
    crossed = client.get("/public/x", headers={"Origin": "https://two.example"})

    assert cors_headers(public) == [
        ("Access-Control-Allow-Origin", "https://one.example"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(partner) == [
        ("Access-Control-Allow-Origin", "https://two.example"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(crossed) == [("Vary", "Origin")]


def test_two_cors_objects_on_one_path_the_first_that_allows_answers(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """When two CORS objects cover a path, one refusing an origin does not stop the other."""
    CORS(app, origins="https://one.example")
    CORS(app, origins="https://two.example")

    one = client.get("/x", headers={"Origin": "https://one.example"})
    two = client.get("/x", headers={"Origin": "https://two.example"})

    # The later CORS runs first: its refusal of one.example leaves only Vary,
    # which the earlier CORS's answer does not repeat.
    assert cors_headers(one) == [
        ("Vary", "Origin"),
        ("Access-Control-Allow-Origin", "https://one.example"),
    ]
    assert cors_headers(two) == [
        ("Access-Control-Allow-Origin", "https://two.example"),
        ("Vary", "Origin"),
    ]


def test_the_same_cors_object_twice_on_one_app_sends_each_header_once(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """Registering the same configuration twice does not duplicate any header."""
    cors = CORS(origins=["https://one.example", "https://two.example"], expose_headers="X-A")
    cors.init_app(app)
    cors.init_app(app)

    response = client.get("/x", headers={"Origin": "https://two.example"})

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://two.example"),
        ("Access-Control-Expose-Headers", "X-A"),
        ("Vary", "Origin"),
    ]


def test_public_names_and_version() -> None:
    """CORS and cross_origin come from flask_cors, and __version__ is the installed one."""
    from flask_cors import cross_origin

    assert flask_cors.CORS is CORS
    assert callable(cross_origin)
    assert flask_cors.__version__ == version("flask-cors")


@pytest.mark.parametrize(
    ("entry_point", "options"),
    [
        pytest.param(CORS, CORSOptions, id="CORS"),
        pytest.param(cross_origin, CrossOriginOptions, id="cross_origin"),
    ],
)
def test_help_names_every_option(entry_point: object, options: Any) -> None:
    """help() on CORS and cross_origin lists every option they take, in plain words."""
    text = pydoc.plain(pydoc.render_doc(entry_point))
    for name in options.__optional_keys__:
        assert re.search(rf"\b{name} \(\w+\): \S", text), name
    assert ":class:" not in text
