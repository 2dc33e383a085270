"""The browser model against Chromium on random responses: no disagreement allowed.

A small Flask app answers each URL with the status and headers a case chose
for it (the case is found by the URL's token), for the preflight and for the
actual request, and counts the preflights it gets. The page fetches each URL
in Chromium; :class:`~tests.browser.harness.CorsPage` judges every fetch by
the model over the recorded responses and fails on any difference in the
outcome, the preflight sent or not, the readable headers or the console
message. Some cases fetch their URL twice, to check the preflight cache.

The run is seeded: ``FLASK_CORS_MODEL_CASES`` cases (1000 by default, about
15 seconds) from ``FLASK_CORS_MODEL_SEED`` (17). ``make browser-model``
runs a longer one.
"""

from __future__ import annotations

import os
import random
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

import pytest
from flask import Flask, Response, request

from flask_cors.core import CorsError, needs_preflight

from .harness import TOKEN, CorsPage, LiveServer, _model_request

#: How many cases, and from which seed.
CASES: Final = int(os.environ.get("FLASK_CORS_MODEL_CASES", "1000"))
SEED: Final = int(os.environ.get("FLASK_CORS_MODEL_SEED", "17"))
#: A run this long or longer must reach every failure the model knows.
FULL_RUN: Final = 300

Headers = list[tuple[str, str]]


@dataclass
class Script:
    """What the app answers for one URL: the preflight's and the request's status and headers."""

    preflight: tuple[int, Headers]
    response: tuple[int, Headers]
    preflights: int = 0


@dataclass
class ScriptedApp:
    """A Flask app that answers each token's URL as its :class:`Script` says."""

    scripts: dict[str, Script] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def build(self) -> Flask:
        """Build the app: one hook answers every request, before routing."""
        app = Flask("scripted", static_folder=None)

        @app.before_request
        def answer() -> Response:
            script = self.scripts[request.args[TOKEN]]
            preflight = request.method == "OPTIONS" and (
                "Access-Control-Request-Method" in request.headers
            )
            if preflight:
                with self.lock:
                    script.preflights += 1
            status, headers = script.preflight if preflight else script.response
            response = Response(b"", status=status)
            for name, value in headers:
                response.headers.add(name, value)
            return response

        return app


@pytest.fixture(scope="module")
def scripted() -> ScriptedApp:
    """Return the scripts of the app under this module's server."""
    return ScriptedApp()


@pytest.fixture(scope="module")
def scripted_api(scripted: ScriptedApp) -> Iterator[LiveServer]:
    """Serve the scripted app on 127.0.0.1 (another site than the page)."""
    server = LiveServer(scripted.build(), "scripted-api")
    yield server
    server.close()


@dataclass(frozen=True)
class Case:
    """One generated fetch and the answers the server gives it."""

    init: dict[str, object]
    script: Script
    repeat: bool


def _pick(rng: random.Random, options: list[str | None]) -> str | None:
    return rng.choice(options)


def _generate(rng: random.Random, origin: str) -> Case:
    """Draw a request, and answers that are often right and often wrong in one detail."""
    method = rng.choice(["GET", "GET", "POST", "HEAD", "PUT", "DELETE", "patch", "PATCH", "get"])
    request_headers: dict[str, str] = {}
    for name, value in rng.sample(
        [
            ("X-Custom", "1"),
            ("Authorization", "Bearer x"),
            ("Content-Type", rng.choice(["application/json", "text/plain", 'text/plain; a="b"'])),
            ("Accept", rng.choice(["application/json", 'a"b'])),
            ("DPR", rng.choice(["2", "two"])),
            ("Range", rng.choice(["bytes=0-", "bytes=-5"])),
            ("Accept-Language", rng.choice(["en-US", "en_US"])),
        ],
        k=rng.choice([0, 0, 1, 1, 2, 3]),
    ):
        request_headers[name] = value
    init: dict[str, object] = {"method": method, "headers": request_headers}
    if method.upper() not in ("GET", "HEAD") and rng.random() < 0.5:
        init["body"] = "x"
    credentials = rng.random() < 0.4
    if credentials:
        init["credentials"] = "include"
    unsafe = [
        name.lower() for name, value in request_headers.items() if name in ("X-Custom", "DPR")
    ] or ["x-custom"]

    def allow_origin() -> Headers:
        wrong: list[str | None] = [None, "*", "http://other.example", origin + "/", "null"]
        wrong += ["foo", "", origin.upper(), f"{origin}, {origin}", "localhost:3000"]
        wrong += ["http://", "http://a:99999", "http://1.2.3.999", "foo:", "http://*.test"]
        value = origin if rng.random() < 0.6 else _pick(rng, wrong)
        headers: Headers = [] if value is None else [("Access-Control-Allow-Origin", value)]
        if value == origin and rng.random() < 0.05:
            headers.append(("Access-Control-Allow-Origin", origin))
        creds = _pick(
            rng, ["true", "true", "true", None, "TRUE", "false"] if credentials else [None]
        )
        if creds is not None:
            headers.append(("Access-Control-Allow-Credentials", creds))
        return headers

    preflight = allow_origin()
    methods = (
        method
        if rng.random() < 0.4
        else _pick(rng, [method.upper(), "*", None, "GET, POST", "PUT, patch", "(x)", ""])
    )
    if methods is not None:
        preflight.append(("Access-Control-Allow-Methods", methods))
    allowed_headers = (
        ",".join(sorted(unsafe))
        if rng.random() < 0.4
        else _pick(
            rng, ["*", "*", None, "x-custom", "authorization", "*, authorization", "x-custom, [x]"]
        )
    )
    if allowed_headers is not None:
        preflight.append(("Access-Control-Allow-Headers", allowed_headers))
    max_age = _pick(rng, [None, None, "0", "600", "-1", "abc", "99999"])
    if max_age is not None:
        preflight.append(("Access-Control-Max-Age", max_age))
    response = allow_origin()
    exposed = _pick(rng, [None, None, "*", "x-extra", "X-Extra, x-other", "(bad)", "set-cookie"])
    if exposed is not None:
        response.append(("Access-Control-Expose-Headers", exposed))
    response += [
        ("X-Extra", "1"),
        ("X-Other", "2"),
        ("Set-Cookie", "a=b"),
        ("Cache-Control", "no-store"),
    ]
    script = Script(
        preflight=(rng.choice([200, 200, 200, 200, 204, 204, 299, 301, 401, 404, 500]), preflight),
        response=(rng.choice([200, 200, 201, 204, 400, 401, 404, 500]), response),
    )
    if script.preflight[0] == 301 and rng.random() < 0.5:
        preflight.append(("Location", "/elsewhere"))
    return Case(init=init, script=script, repeat=rng.random() < 0.25)


def test_model_agrees_with_chromium_on_random_responses(
    cors_page: CorsPage, scripted: ScriptedApp, scripted_api: LiveServer
) -> None:
    """On every generated fetch the model's verdict is Chromium's: outcome, headers, message."""
    rng = random.Random(SEED)
    disagreements: list[str] = []
    outcomes: Counter[str] = Counter()
    for number in range(CASES):
        case = _generate(rng, cors_page.origin)
        url = scripted_api.url("/scripted")
        token = url.rpartition(f"{TOKEN}=")[2]
        scripted.scripts[token] = case.script
        for attempt in range(2 if case.repeat else 1):
            before = case.script.preflights
            try:
                result = cors_page.fetch(url, frame=None, **case.init)
            except AssertionError as error:
                disagreements.append(f"case {number}.{attempt} {case}: {error}")
                break
            expected = int(result.model.preflighted)
            if case.script.preflights - before != expected:
                disagreements.append(f"case {number}.{attempt}: preflights counted {case}")
            outcomes[result.model.error.value if result.model.error else "allowed"] += 1
            if attempt and needs_preflight(_model_request(cors_page.origin, url, case.init)):
                outcomes["cached" if not result.model.preflighted else "preflighted again"] += 1
    print(f"\n{CASES} cases from seed {SEED}: {dict(sorted(outcomes.items()))}")
    assert disagreements == [], "\n".join(disagreements[:20])
    if CASES >= FULL_RUN:
        assert {error.value for error in CorsError} <= set(outcomes), outcomes
        assert {"allowed", "cached", "preflighted again"} <= set(outcomes), outcomes


def _acao(origin: str) -> tuple[str, str]:
    return ("Access-Control-Allow-Origin", origin)


Spec = list[tuple[str, str]]

# One fetch per failure the model knows: (fetch options, preflight, response).
ONE_OF_EACH: Final[dict[CorsError, tuple[dict[str, object], Spec, Spec]]] = {
    CorsError.MISSING_ALLOW_ORIGIN: ({}, [], []),
    CorsError.WILDCARD_WITH_CREDENTIALS: ({"credentials": "include"}, [], [("*", "")]),
    CorsError.MULTIPLE_ALLOW_ORIGIN: ({}, [], [("ORIGIN", ""), ("ORIGIN", "")]),
    CorsError.INVALID_ALLOW_ORIGIN: ({}, [], [("foo", "")]),
    CorsError.ALLOW_ORIGIN_MISMATCH: ({}, [], [("http://other.example", "")]),
    CorsError.INVALID_ALLOW_CREDENTIALS: ({"credentials": "include"}, [], [("ORIGIN", "")]),
    CorsError.PREFLIGHT_STATUS: ({"method": "PUT"}, [("ORIGIN", "401")], []),
    CorsError.PREFLIGHT_REDIRECT: ({"method": "PUT"}, [("ORIGIN", "302")], []),
    CorsError.INVALID_ALLOW_METHODS: ({"method": "PUT"}, [("ORIGIN", "methods:(x)")], []),
    CorsError.INVALID_ALLOW_HEADERS: (
        {"headers": {"X-Custom": "1"}},
        [("ORIGIN", "headers:[x]")],
        [],
    ),
    CorsError.METHOD_NOT_ALLOWED: ({"method": "patch"}, [("ORIGIN", "methods:PATCH")], []),
    CorsError.HEADER_NOT_ALLOWED: ({"headers": {"X-Custom": "1"}}, [("ORIGIN", "")], []),
}


def _answer(origin: str, spec: Spec) -> tuple[int, Headers]:
    """Build a status and headers from a short spec: ACAO values, and a status or list header."""
    status, headers = 200, []
    for value, extra in spec:
        headers.append(_acao(origin if value == "ORIGIN" else value))
        if extra.isdigit():
            status = int(extra)
            if 300 <= status < 400:
                headers.append(("Location", "/elsewhere"))
        elif extra.startswith("methods:"):
            headers.append(("Access-Control-Allow-Methods", extra.partition(":")[2]))
        elif extra.startswith("headers:"):
            headers.append(("Access-Control-Allow-Headers", extra.partition(":")[2]))
    return status, headers


@pytest.mark.parametrize("error", list(CorsError), ids=lambda error: error.value)
def test_each_message_is_chromiums(
    cors_page: CorsPage, scripted: ScriptedApp, scripted_api: LiveServer, error: CorsError
) -> None:
    """For each failure the model names, Chromium blocks and prints the model's message."""
    init, preflight, response = ONE_OF_EACH[error]
    url = scripted_api.url("/scripted")
    scripted.scripts[url.rpartition(f"{TOKEN}=")[2]] = Script(
        preflight=_answer(cors_page.origin, preflight),
        response=_answer(cors_page.origin, response),
    )
    result = cors_page.fetch(url, frame=None, **init)
    assert result.blocked, result
    assert result.model.error is error
    assert result.cors_error == result.model.message
