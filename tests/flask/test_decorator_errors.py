"""@cross_origin honours intercept_exceptions: its views' error responses carry its CORS headers.

flask-cors 6.0.5 sent none on them, so a page saw a CORS error instead of
the view's 403 or 500 (flask-cors #120, #168, #198). A deliberate
difference on the wire, listed in docs/migration.md.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, abort
from werkzeug.test import TestResponse

from flask_cors import CORS, cross_origin

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

APP = "https://app.example.com"
OTHER = "https://other.example.com"
ALLOWED = [("Access-Control-Allow-Origin", APP), ("Vary", "Origin")]


class OutOfStock(Exception):
    """An application error that an error handler turns into a 409."""


def make_app(**options: object) -> Flask:
    """An app whose decorated views fail in every way Flask answers, exceptions not propagated."""
    app = Flask("decorator_errors", static_folder=None)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.logger.disabled = True
    decorate = cross_origin(origins=[APP], **options)  # type: ignore[arg-type]

    @app.route("/ok")
    @decorate
    def ok() -> str:
        return "ok"

    @app.route("/forbidden", methods=["GET", "POST"])
    @decorate
    def forbidden() -> str:
        abort(403)

    @app.route("/crash")
    @decorate
    def crash() -> str:
        raise RuntimeError("the view failed")

    @app.route("/handled")
    @decorate
    def handled() -> str:
        raise OutOfStock

    @app.route("/bad-return")
    @decorate
    def bad_return() -> str:
        return None  # type: ignore[return-value]

    @app.errorhandler(OutOfStock)
    def out_of_stock(error: OutOfStock) -> tuple[dict[str, str], int]:
        return {"error": "out of stock"}, 409

    return app


ERRORS = [
    pytest.param("/forbidden", 403, id="abort-403"),
    pytest.param("/crash", 500, id="uncaught-500"),
    pytest.param("/handled", 409, id="error-handler"),
    pytest.param("/bad-return", 500, id="invalid-return-500"),
]


@pytest.mark.parametrize(("path", "status"), ERRORS)
def test_error_responses_carry_the_views_headers(
    cors_headers: CorsHeaders, path: str, status: int
) -> None:
    """abort(), an uncaught exception, an error handler's answer: each has the view's headers."""
    response = make_app().test_client().get(path, headers={"Origin": APP})

    assert response.status_code == status
    assert cors_headers(response) == ALLOWED


@pytest.mark.parametrize(("path", "status"), ERRORS)
def test_intercept_exceptions_false_is_flask_cors_6(
    cors_headers: CorsHeaders, path: str, status: int
) -> None:
    """intercept_exceptions=False on the decorator answers errors without CORS, as 6.0.5 did."""
    response = make_app(intercept_exceptions=False).test_client().get(path, headers={"Origin": APP})

    assert response.status_code == status
    assert cors_headers(response) == []


def test_config_key_turns_it_off(cors_headers: CorsHeaders) -> None:
    """CORS_INTERCEPT_EXCEPTIONS = False in the app's config applies to decorated views too."""
    app = make_app()
    app.config["CORS_INTERCEPT_EXCEPTIONS"] = False

    response = app.test_client().get("/forbidden", headers={"Origin": APP})

    assert (response.status_code, cors_headers(response)) == (403, [])


def test_refused_origin_gets_vary_only(cors_headers: CorsHeaders) -> None:
    """An error response to an origin the view does not allow says only Vary: Origin."""
    response = make_app().test_client().get("/forbidden", headers={"Origin": OTHER})

    assert (response.status_code, cors_headers(response)) == (403, [("Vary", "Origin")])


def test_success_is_unchanged(cors_headers: CorsHeaders) -> None:
    """A view that succeeds is answered exactly as before: the headers once."""
    response = make_app().test_client().get("/ok", headers={"Origin": APP})

    assert (response.status_code, cors_headers(response)) == (200, ALLOWED)


def test_the_views_policy_not_the_apps(cors_headers: CorsHeaders) -> None:
    """Beside CORS(app), a decorated view's error gets the view's headers, once, not the app's."""
    app = make_app(expose_headers=["X-Stock"])
    CORS(app, origins=[OTHER])

    allowed = app.test_client().get("/forbidden", headers={"Origin": APP})
    refused = app.test_client().get("/forbidden", headers={"Origin": OTHER})

    assert cors_headers(allowed) == [
        ("Access-Control-Allow-Origin", APP),
        ("Access-Control-Expose-Headers", "X-Stock"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(refused) == [("Vary", "Origin")]


def test_preflight_of_a_failing_view(cors_headers: CorsHeaders) -> None:
    """The view's own preflight is answered by the decorator as before: the view does not run."""
    response = (
        make_app()
        .test_client()
        .options("/forbidden", headers={"Origin": APP, "Access-Control-Request-Method": "POST"})
    )

    assert response.status_code == 200
    assert ("Access-Control-Allow-Origin", APP) in cors_headers(response)


def test_async_view_error(cors_headers: CorsHeaders) -> None:
    """An async def view's abort() carries its headers too."""
    app = Flask("async_errors", static_folder=None)

    @app.route("/gone")
    @cross_origin(origins=[APP])
    async def gone() -> str:
        abort(410)

    response = app.test_client().get("/gone", headers={"Origin": APP})

    assert (response.status_code, cors_headers(response)) == (410, ALLOWED)


def test_error_in_before_request_is_not_the_views(cors_headers: CorsHeaders) -> None:
    """An app hook that aborts before the view runs is not the view's error: no view headers."""
    app = make_app()

    @app.before_request
    def closed() -> None:
        abort(503)

    response = app.test_client().get("/ok", headers={"Origin": APP})

    assert (response.status_code, cors_headers(response)) == (503, [])
