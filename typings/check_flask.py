"""How strict-mypy downstream code sees the Flask shell; mypy checks this file, nobody runs it.

Each ``assert_type`` pins a public type. Each ``# type: ignore[code]`` marks a
misuse that must stay a type error: with ``warn_unused_ignores`` mypy fails
as soon as one of them stops being an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from flask import Blueprint, Flask
from typing_extensions import assert_type

from flask_cors import CORS, cross_origin

app = Flask(__name__)
blueprint = Blueprint("api", __name__)


def extension_types() -> None:
    assert_type(CORS(), CORS)
    assert_type(CORS(app), CORS)
    assert_type(CORS(blueprint), CORS)
    assert_type(
        CORS(
            app,
            resources={r"/api/*": {"origins": ["https://app.example"], "max_age": 600}},
            origins=[re.compile(r"https://.*\.app\.example$"), "https://app.example"],
            methods=["GET", "POST"],
            allow_headers=["Content-Type", re.compile(r"X-.*")],
            expose_headers="X-Total",
            supports_credentials=True,
            max_age=timedelta(hours=1),
            send_wildcard=False,
            vary_header=True,
            always_send=False,
            allow_private_network=False,
            intercept_exceptions=True,
            cross_site_protection=True,
        ),
        CORS,
    )
    assert_type(CORS(blueprint, resources=[r"/api/*", re.compile(r"/v\d+/.*")]), CORS)
    assert_type(CORS(app, resources=re.compile(r"/api/.*")), CORS)
    cors = CORS(origins="https://app.example", max_age="600")
    assert_type(cors.init_app(app), None)
    assert_type(cors.init_app(app, supports_credentials=True, max_age=None), None)
    assert_type(cors.init_app(blueprint, expose_headers=None), None)


def decorator_keeps_the_function_type(
    view: Callable[[int], str], async_view: Callable[[], Coroutine[Any, Any, str]]
) -> None:
    assert_type(cross_origin()(view), Callable[[int], str])
    assert_type(
        cross_origin(origins="https://app.example", automatic_options=False)(view),
        Callable[[int], str],
    )
    assert_type(cross_origin(max_age=5)(async_view), Callable[[], Coroutine[Any, Any, str]])
    assert_type(
        cross_origin(intercept_exceptions=False, cross_site_protection=True)(view),
        Callable[[int], str],
    )


@app.route("/items/<int:item_id>")
@cross_origin(origins=["https://app.example"], methods="GET", max_age=timedelta(minutes=5))
def get_item(item_id: int) -> str:
    return str(item_id)


@app.route("/async")
@cross_origin()
async def async_index() -> str:
    return "async"


def decorated_views_keep_their_signatures() -> None:
    assert_type(get_item(1), str)
    coroutine = assert_type(async_index(), Coroutine[Any, Any, str])
    coroutine.close()
    get_item("1")  # type: ignore[arg-type]
    get_item()  # type: ignore[call-arg]


def misuses_are_type_errors() -> None:
    cors = CORS()
    # Misspelled options.
    CORS(app, origin="https://app.example")  # type: ignore[call-arg]
    cors.init_app(app, orgins="https://app.example")  # type: ignore[call-arg]
    cross_origin(automatic_option=False)  # type: ignore[call-arg]
    # Options of the extension only, given to the decorator.
    cross_origin(resources=r"/api/*")  # type: ignore[call-arg]
    cross_origin(answer_preflights=True)  # type: ignore[call-arg]
    # The decorator's own flags take booleans.
    cross_origin(intercept_exceptions="no")  # type: ignore[arg-type]
    cross_origin(cross_site_protection=1)  # type: ignore[arg-type]
    # Values of the wrong type.
    CORS(app, supports_credentials="yes")  # type: ignore[arg-type]
    CORS(app, max_age=1.5)  # type: ignore[arg-type]
    CORS(app, resources=42)  # type: ignore[arg-type]
    cors.init_app(app, send_wildcard=1.0)  # type: ignore[arg-type]
    cors.init_app(app, methods=["GET", 1])  # type: ignore[list-item]
    cross_origin(max_age=1.5)  # type: ignore[arg-type]
    cross_origin(vary_header="false")  # type: ignore[arg-type]
    # Something that is not an app or a blueprint.
    CORS("app")  # type: ignore[arg-type]
    cors.init_app(None)  # type: ignore[arg-type]
    # The app is positional, the options keyword-only.
    CORS(app, "https://app.example")  # type: ignore[call-arg]
    # cross_origin must be called: it is a decorator factory.
    cross_origin(get_item)  # type: ignore[call-arg, arg-type]
