"""The browser model against Chromium on generated Flask apps: no disagreement allowed.

Where test_model_generated.py draws raw answers, this draws the apps people
write: ``CORS(...)`` with random options, through keyword arguments,
``CORS_*`` config keys, resource dicts or ``@cross_origin``, with the
mistakes people make (an origin with a trailing slash or no scheme, a
method list that leaves one out), authentication hooks that answer a
preflight 401 or redirect to a login page outside the CORS rules, routes
without OPTIONS, a trailing-slash redirect, a view that writes its own
``Access-Control-Allow-Origin``. Each case's app is built afresh and served
behind one dispatcher (by the URL's token); the page fetches one of its
routes in Chromium with a random method, headers, body kind and modes, and
:class:`~tests.browser.harness.CorsPage` fails on any difference between
the model and Chromium, on the wire or in the verdict.

``FLASK_CORS_MODEL_APPS`` cases (250 by default, about 5 seconds) from
``FLASK_CORS_MODEL_SEED`` (17); ``make browser-model`` runs more. One fetch
per app and URL: a second fetch of a URL may be answered by Chromium's HTTP
cache (a trailing-slash 308 is kept for good), which the model does not
have (``HTTP_CACHE_DEPARTURE``).
"""

from __future__ import annotations

import os
import random
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qs

import pytest
from flask import Flask, Response, abort, jsonify, redirect, request
from flask.typing import ResponseReturnValue

from flask_cors import CORS, ConfigurationError, cross_origin

from .harness import TOKEN, CorsPage, Disagreement, LiveServer, PageBody
from .test_model_generated import _body, _request_headers

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: How many apps, and from which seed.
CASES: Final = int(os.environ.get("FLASK_CORS_MODEL_APPS", "250"))
SEED: Final = int(os.environ.get("FLASK_CORS_MODEL_SEED", "17"))
#: The paths of every generated app, and what each is.
PATHS: Final = (
    "/api/items",  # GET, POST, PUT, PATCH, DELETE
    "/api/list",  # only /api/list/ exists: a 308 to it
    "/api/read",  # GET only: OPTIONS automatic, PUT a 405
    "/api/star",  # sets "Access-Control-Allow-Origin: *" itself
    "/api/me",  # behind the authentication hook, if any
    "/public/page",  # outside the /api/* rules
)


class Dispatcher:
    """One WSGI app in front of many: each request goes to the app of its URL's token."""

    def __init__(self) -> None:
        self.apps: dict[str, WSGIApplication] = {}

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Hand the request to its case's app."""
        token = parse_qs(str(environ.get("QUERY_STRING", ""))).get(TOKEN, [""])[0]
        return self.apps[token](environ, start_response)


@pytest.fixture(scope="module")
def dispatcher() -> Dispatcher:
    """Return the apps of this module's server, by token."""
    return Dispatcher()


@pytest.fixture(scope="module")
def apps_api(dispatcher: Dispatcher) -> Iterator[LiveServer]:
    """Serve the generated apps on 127.0.0.1."""
    server = LiveServer(dispatcher, "generated-apps")
    yield server
    server.close()


def _echo() -> ResponseReturnValue:
    return jsonify(method=request.method), 200, {"X-Total": "3", "X-Secret": "s"}


def _options(rng: random.Random, page: str) -> dict[str, object]:
    """Draw CORS options: often right for the page, often wrong in one way people get wrong."""
    options: dict[str, object] = {}
    origins = rng.choice(
        [
            [page],
            [page],
            "*",
            [page, "https://app.example.com"],
            [r"http://localhost:\d+"],
            ["https://app.example.com"],
            [page + "/"],
            [page.removeprefix("http://")],
            None,
        ]
    )
    if origins is not None:
        options["origins"] = origins
    choices: list[tuple[str, list[object]]] = [
        ("supports_credentials", [True, False]),
        ("methods", [["GET", "POST"], ["GET", "PUT", "patch"], "GET, PUT, DELETE", ["get"]]),
        ("allow_headers", [["Content-Type"], ["X-Custom", "Authorization"], "*", ["x-custom"]]),
        ("expose_headers", [["X-Total"], "*", "x-total, x-secret"]),
        ("max_age", [600, 0, "5"]),
        ("send_wildcard", [True, False]),
        ("vary_header", [True, False]),
        ("always_send", [True, False]),
        ("allow_private_network", [True]),
    ]
    for name, values in choices:
        if rng.random() < 0.35:
            options[name] = rng.choice(values)
    return options


def _build(rng: random.Random, page: str, name: str) -> Flask | None:
    """Build one app, its warnings silenced: the mistakes drawn are warned about on purpose.

    Each route is requested once here, through the test client, so that a
    decorated view's first-request checks warn now rather than in the
    server's thread. None for a configuration that is refused.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            app = _routes(rng, page, name)
        except ConfigurationError:
            return None  # flask-cors 6.0.5 refused it too: no app starts.
        client = app.test_client()
        for path in PATHS:
            client.get(path)
    return app


def _routes(rng: random.Random, page: str, name: str) -> Flask:
    """Build one app: its routes, maybe a hook, and CORS configured one way or another."""
    app = Flask(name, static_folder=None)
    options = _options(rng, page)
    way = rng.choice(["kwargs", "config", "resources", "decorator"])
    answer = rng.random() < 0.2
    hook = rng.choice([None, "401", "login", "login"])

    if hook is not None:

        @app.before_request
        def authenticate() -> ResponseReturnValue | None:
            if request.path != "/api/me" or "Authorization" in request.headers:
                return None
            if hook == "401":
                abort(401)
            # The login page's URL keeps the token, so that it reaches this app.
            return redirect(f"/login?{request.query_string.decode()}")

    @app.get("/login")
    def login() -> str:
        return "log in"

    def view(rule: str, endpoint: str, methods: list[str], **extra: object) -> None:
        handler = _echo
        if way == "decorator":
            handler = cross_origin(**options)(_echo)  # type: ignore[arg-type]
        app.add_url_rule(rule, endpoint, handler, methods=methods, **extra)  # type: ignore[arg-type]

    view("/api/items", "items", ["GET", "POST", "PUT", "PATCH", "DELETE"])
    view("/api/list/", "list", ["GET"])
    view("/api/read", "read", ["GET"], provide_automatic_options=rng.random() < 0.7)
    view("/api/me", "me", ["GET", "PUT"])
    view("/public/page", "page", ["GET", "POST"])

    @app.route("/api/star", methods=["GET", "POST"])
    def star() -> Response:
        return Response("star", headers={"Access-Control-Allow-Origin": "*"})

    if way == "kwargs":
        CORS(app, answer_preflights=answer, **options)  # type: ignore[arg-type]
    elif way == "config":
        app.config.update({f"CORS_{key.upper()}": value for key, value in options.items()})
        CORS(app, answer_preflights=answer)
    elif way == "resources":
        CORS(app, resources={r"/api/*": options}, answer_preflights=answer)  # type: ignore[dict-item]
    return app


def _fetch(rng: random.Random) -> tuple[str, dict[str, object], PageBody | None]:
    """Draw what the page fetches: a path, fetch's options and a body."""
    path = rng.choice(PATHS)
    method = rng.choice(["GET", "GET", "POST", "PUT", "DELETE", "patch", "PATCH", "HEAD"])
    init: dict[str, object] = {"method": method, "headers": _request_headers(rng)}
    if rng.random() < 0.15:
        init["headers"] = {**init["headers"], "Authorization": "Bearer t"}  # type: ignore[dict-item]
    body = _body(rng) if method not in ("GET", "HEAD") and rng.random() < 0.6 else None
    for option, values in [
        ("credentials", [None, "omit", "same-origin", "include", "include"]),
        ("cache", [None, None, "no-store", "reload", "force-cache"]),
        ("redirect", [None, None, None, "manual", "error"]),
    ]:
        value = rng.choice(values)
        if value is not None:
            init[option] = value
    return path, init, body


def test_model_agrees_with_chromium_on_generated_apps(
    cors_page: CorsPage, dispatcher: Dispatcher, apps_api: LiveServer
) -> None:
    """On every generated app and fetch, the model's requests and verdict are Chromium's."""
    rng = random.Random(SEED)
    disagreements: list[str] = []
    outcomes: Counter[str] = Counter()
    for number in range(CASES):
        token = f"app{SEED}x{number}x{rng.getrandbits(32):08x}"
        app = _build(rng, cors_page.origin, f"generated-{number}")
        path, init, body = _fetch(rng)
        if app is None:
            outcomes["configuration refused"] += 1
            continue
        dispatcher.apps[token] = app
        # One fetch per URL: a second would meet Chromium's HTTP cache (a
        # trailing-slash 308 is kept for good), which the model does not have.
        url = f"{apps_api.origin()}{path}?{TOKEN}={token}"
        try:
            result = cors_page.fetch_with(url, init, body=body)
        except Disagreement as error:
            disagreements.append(f"app {number} {path} {init} {body}: {error}")
            continue
        except ValueError:
            outcomes["refused by fetch()"] += 1
            continue
        finally:
            del dispatcher.apps[token]
        verdict = result.model
        outcomes[verdict.error.value if verdict.error else f"allowed-{verdict.response_type}"] += 1
        outcomes["redirected"] += verdict.redirected
    print(f"\n{CASES} apps from seed {SEED}: {dict(sorted(outcomes.items()))}")
    assert disagreements == [], f"{len(disagreements)} disagreements:\n" + "\n".join(
        disagreements[:10]
    )
