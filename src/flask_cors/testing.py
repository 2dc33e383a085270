"""Test what a browser will do with your app's CORS, from your own tests, without a browser.

:class:`BrowserClient` sends through Flask's test client what a page on a
given origin would send for a ``fetch()`` (the preflight first, when the
browser would send one), then judges the real responses with the browser
model of :mod:`flask_cors.core.browser`, which follows Chromium. The
:class:`Fetched` result says whether the page may read the response, and if
not, which step failed and the console message Chromium would print::

    browser = BrowserClient(app, origin="https://app.example.com")
    fetched = browser.fetch("/api/items", method="PUT", json={"name": "pear"},
                            credentials=True)
    assert fetched.allowed, fetched.message

Everything the app does is seen: headers set by views and hooks, a 401 from
an authentication hook, a redirect. Redirects are not followed; the
verdict is on the first response (a browser would check it the same way,
then follow it).
"""

from __future__ import annotations

import json as json_module
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from .core.browser import (
    BrowserRequest,
    BrowserResponse,
    CorsError,
    PreflightAnswer,
    PreflightCache,
    Step,
    Verdict,
    check_preflight,
    judge,
    needs_preflight,
    preflight_headers,
)

__all__ = ["BrowserClient", "Fetched"]

#: The Content-Type fetch() gives a string body (https://fetch.spec.whatwg.org/#concept-bodyinit-extract).
_TEXT_BODY = "text/plain;charset=UTF-8"


@dataclass(frozen=True)
class Fetched:
    """How a ``fetch()`` from the page would end, and what went over the wire.

    Attributes:
        allowed: Whether the browser lets the page read the response.
        step: Which fetch failed (the preflight or the response), or None.
        error: What failed, or None.
        message: The console message Chromium prints for it, or "".
        headers: The response headers the page can read, by lower-case name.
        preflight: The app's answer to the preflight, or None if none was sent.
        response: The app's answer to the request, or None if the browser
            never sent it (the preflight failed).
        verdict: The browser model's full verdict, with
            :attr:`~flask_cors.core.Verdict.departures` from the Fetch standard.

    """

    allowed: bool
    step: Step | None
    error: CorsError | None
    message: str
    headers: dict[str, str]
    preflight: TestResponse | None
    response: TestResponse | None
    verdict: Verdict = field(repr=False)

    @property
    def status(self) -> int | None:
        """Return the status the page reads, or None when it reads nothing."""
        return self.response.status_code if self.allowed and self.response is not None else None


class BrowserClient:
    """A page on one origin that calls a Flask app, judged as Chromium judges it.

    Like a browser tab, it keeps a preflight cache (by URL and credentials
    mode, for ``Access-Control-Max-Age``) and a cookie jar: cookies go only
    with ``credentials=True``, and never with a preflight.

    Args:
        app: The Flask app under test.
        origin: The page's origin, such as ``https://app.example.com``.
        client: The test client whose cookies credentialed requests carry
            (default: a new ``app.test_client()``); log in with it first.
        base_url: The app's origin, for URLs and messages.
        clock: Seconds on a monotonic clock, for the preflight cache.

    """

    def __init__(
        self,
        app: Flask,
        origin: str,
        *,
        client: FlaskClient | None = None,
        base_url: str = "http://localhost",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.origin = origin
        self.client = client if client is not None else app.test_client()
        self.base_url = base_url.rstrip("/")
        self.preflights = PreflightCache()
        self._anonymous = app.test_client(use_cookies=False)
        self._clock = clock

    def fetch(
        self,
        path: str,
        *,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        credentials: bool = False,
        data: str | bytes | None = None,
        json: object = None,
    ) -> Fetched:
        """Send what ``fetch(path, {method, headers, body, credentials})`` sends, and judge it.

        Args:
            path: The path (and query) on the app.
            method: The method as the page writes it (``"patch"`` stays so).
            headers: The headers the page sets.
            credentials: Whether the page passes ``credentials: "include"``.
            data: A body; a string body gets ``Content-Type:
                text/plain;charset=UTF-8`` unless ``headers`` set one.
            json: A body to send as JSON, with ``Content-Type: application/json``.

        Returns:
            The :class:`Fetched` outcome.

        """
        sent = dict(headers or {})
        body = data
        # A body's Content-Type goes only when the page set none, in any
        # case of the name: https://fetch.spec.whatwg.org/#dom-request
        # (header names are case-insensitive, and JavaScript writes them in any).
        typed = any(name.lower() == "content-type" for name in sent)
        if json is not None:
            body = json_module.dumps(json)
            if not typed:
                sent["Content-Type"] = "application/json"
        elif isinstance(data, str) and not typed:
            sent["Content-Type"] = _TEXT_BODY
        request = BrowserRequest(
            origin=self.origin,
            url=self.base_url + path,
            method=method,
            headers=tuple(sent.items()),
            credentials=credentials,
        )
        now = self._clock()
        cached = self.preflights.lookup(request, now) if needs_preflight(request) else None
        preflight: TestResponse | None = None
        if needs_preflight(request) and cached is None:
            preflight = self._anonymous.open(
                path, method="OPTIONS", headers=list(preflight_headers(request))
            )
            if not isinstance(check_preflight(request, _seen(preflight)), PreflightAnswer):
                return _fetched(judge(request, preflight=_seen(preflight)), preflight, None)
        client = self.client if credentials else self._anonymous
        response = client.open(
            path,
            method=request.method,
            headers=[("Origin", self.origin), *request.headers],
            data=body,
        )
        verdict = judge(
            request,
            preflight=_seen(preflight) if preflight is not None else None,
            response=_seen(response),
            cached=cached,
        )
        if verdict.answer is not None:
            self.preflights.store(request, verdict.answer, now)
        return _fetched(verdict, preflight, response)


def _seen(response: TestResponse) -> BrowserResponse:
    """Return a test response as the browser model reads it: status and header lines."""
    return BrowserResponse(response.status_code, tuple(response.headers.to_wsgi_list()))


def _fetched(
    verdict: Verdict, preflight: TestResponse | None, response: TestResponse | None
) -> Fetched:
    return Fetched(
        allowed=verdict.allowed,
        step=verdict.step,
        error=verdict.error,
        message=verdict.message,
        headers=dict(verdict.readable),
        preflight=preflight,
        response=response,
        verdict=verdict,
    )
