"""How strict-mypy downstream code sees the browser model; mypy checks this file, nobody runs it.

Each ``assert_type`` pins a public type. Each ``# type: ignore[code]`` marks a
misuse that must stay a type error: with ``warn_unused_ignores`` mypy fails
as soon as one of them stops being an error.
"""

from __future__ import annotations

from typing_extensions import assert_type

import flask_cors.core
from flask_cors.core.browser import (
    Body,
    BrowserRequest,
    BrowserResponse,
    CacheMode,
    CorsFailure,
    Credentials,
    Exchange,
    Outgoing,
    PreflightCache,
    RedirectMode,
    ResponseType,
    Step,
    Verdict,
    fetch,
    judge,
)
from flask_cors.testing import BrowserClient, Fetched


def answer(outgoing: Outgoing) -> BrowserResponse:
    return BrowserResponse(200, [("Access-Control-Allow-Origin", "https://app.example")])


def request_types() -> None:
    request = BrowserRequest(
        "https://app.example",
        "https://api.example/items",
        "PUT",
        {"Content-Type": "application/json"},
        "include",
        Body.blob("{}", "application/json"),
        "no-store",
        "manual",
    )
    assert_type(request.credentials, Credentials)
    assert_type(request.cache, CacheMode)
    assert_type(request.redirect, RedirectMode)
    assert_type(request.header_list, tuple[tuple[str, str], ...])
    # A bool is still taken for the credentials mode.
    assert_type(BrowserRequest("null", "https://api.example/", credentials=True), BrowserRequest)
    BrowserRequest("null", "https://api.example/", credentials="yes")  # type: ignore[arg-type]
    BrowserRequest("null", "https://api.example/", cache="forced")  # type: ignore[arg-type]
    assert_type(Body.url_search_params({"q": "pear"}).content_type, str | None)
    assert_type(Body.form_data([("a", "1")]).data, bytes)


def verdict_types() -> None:
    cache = PreflightCache()
    verdict = fetch(BrowserRequest("https://app.example", "https://api.example/"), answer)
    verdict = fetch(
        BrowserRequest("https://app.example", "https://api.example/"), answer, cache=cache, now=1.0
    )
    assert_type(verdict, Verdict)
    assert_type(verdict.step, Step | None)
    assert_type(verdict.error, CorsFailure | None)
    assert_type(verdict.status, int | None)
    assert_type(verdict.response_type, ResponseType | None)
    assert_type(verdict.redirects, tuple[str, ...])
    assert_type(verdict.redirected, bool)
    assert_type(verdict.exchanges, tuple[Exchange, ...])
    assert_type(verdict.departures, tuple[str, ...])
    assert_type(
        judge(
            BrowserRequest("null", "https://api.example/"),
            response=answer(Outgoing("GET", "https://api.example/", ())),
        ),
        Verdict,
    )
    fetch(BrowserRequest("null", "https://api.example/"), lambda outgoing: 200)  # type: ignore[arg-type,return-value]


def the_core_api_holds_no_browser_names() -> None:
    flask_cors.core.Verdict  # type: ignore[attr-defined]  # noqa: B018
    flask_cors.core.judge  # type: ignore[attr-defined]  # noqa: B018


def client_types(client: BrowserClient) -> None:
    fetched = client.fetch(
        "/api/items",
        method="POST",
        data=Body.form_data({"a": "1"}),
        credentials="omit",
        cache="force-cache",
        redirect="error",
    )
    assert_type(fetched, Fetched)
    assert_type(fetched.status, int | None)
    assert_type(fetched.url, str)
    assert_type(client.fetch("/api/items", credentials=True), Fetched)
    client.fetch("/api/items", redirect="never")  # type: ignore[arg-type]
