"""Test what a browser will do with your app's CORS, from your own tests, without a browser.

:class:`BrowserClient` runs a page's ``fetch()`` through the browser model
of :mod:`flask_cors.core.browser` (:func:`~flask_cors.core.browser.fetch`,
which follows Chromium), sending every request the browser would send (a
preflight first where it would, each redirect it follows) to the app
through Flask's test client. The :class:`Fetched` result says whether the
page may read the response, and if not, which step failed and the console
message Chromium would print::

    browser = BrowserClient(app, origin="https://app.example.com")
    fetched = browser.fetch("/api/items", method="PUT", json={"name": "pear"},
                            credentials="include")
    assert fetched.allowed, fetched.message

Everything the app does is seen: headers set by views and hooks, a 401
from an authentication hook, a redirect (followed as fetch follows it, to
the app itself whatever the host).
"""

from __future__ import annotations

import json as json_module
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from .core.browser import (
    Body,
    BrowserRequest,
    BrowserResponse,
    CacheMode,
    CorsFailure,
    Credentials,
    Outgoing,
    PreflightCache,
    RedirectMode,
    Step,
    Verdict,
    fetch,
    page_origin,
)

__all__ = ["BrowserClient", "Fetched"]


@dataclass(frozen=True)
class Fetched:
    """How a ``fetch()`` from the page would end, and what went over the wire.

    Attributes:
        allowed: Whether the browser lets the page read the response.
        step: Which part failed (a preflight, a response, a redirect), or None.
        error: What failed, or None.
        message: The console message Chromium prints for it, or "".
        headers: The response headers the page can read, by lower-case name.
        preflight: The app's answer to the last preflight sent, or None if
            none was sent.
        response: The app's answer to the last request sent (the one the
            page reads, or the one that failed), or None if the browser
            never sent one (the first preflight failed).
        exchanges: Every request sent and the app's answer, in order:
            preflights, requests, redirects followed.
        verdict: The browser model's full verdict, with
            :attr:`~flask_cors.core.browser.Verdict.departures` from the
            Fetch standard and from Chromium.

    """

    allowed: bool
    step: Step | None
    error: CorsFailure | None
    message: str
    headers: dict[str, str]
    preflight: TestResponse | None
    response: TestResponse | None
    exchanges: tuple[tuple[Outgoing, TestResponse], ...] = field(repr=False)
    verdict: Verdict = field(repr=False)

    @property
    def status(self) -> int | None:
        """Return the status the page reads (0 for an opaque redirect), or None if it reads none."""
        return self.verdict.status

    @property
    def url(self) -> str:
        """Return the URL of the last response: ``response.url``, or the one that failed."""
        return self.verdict.url


class BrowserClient:
    """A page on one origin that calls a Flask app, judged as Chromium judges it.

    Like a browser tab, it keeps a preflight cache (by URL and credentials
    mode, for ``Access-Control-Max-Age``, as the cache modes allow) and a
    cookie jar: cookies go with ``credentials="include"`` (and with
    ``"same-origin"`` to the page's own origin), never with a preflight.

    Args:
        app: The Flask app under test.
        origin: The page's origin, such as ``https://app.example.com``, or
            its URL (``http://localhost:5173/``), taken as its origin as
            browsers send it; :attr:`origin` holds that.
        client: The test client whose cookies credentialed requests carry
            (default: a new ``app.test_client()``); log in with it first.
        base_url: The app's origin, for URLs and messages.
        clock: Seconds on a monotonic clock, for the preflight cache.

    Raises:
        ValueError: ``origin`` cannot be a page's origin (``localhost:5173``
            has no scheme), with the origin meant where there is one.

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
        # A page sends its origin serialized, whatever the developer pasted:
        # a configured "https://app.example.com/" must not look allowed.
        self.origin = page_origin(origin)
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
        credentials: bool | Credentials = "same-origin",
        data: str | bytes | Body | None = None,
        json: object = None,
        cache: CacheMode = "default",
        redirect: RedirectMode = "follow",
    ) -> Fetched:
        """Run ``fetch(path, {method, headers, body, credentials, cache, redirect})``, judged.

        Args:
            path: The path (and query) on the app, or a whole URL.
            method: The method as the page writes it (``"patch"`` stays so).
            headers: The headers the page sets; names in any case.
            credentials: fetch's credentials mode: ``"omit"``,
                ``"same-origin"`` (the default) or ``"include"``; ``True``
                is ``"include"`` and ``False`` ``"same-origin"``.
            data: The body: a string (``Content-Type:
                text/plain;charset=UTF-8``), bytes (an ``ArrayBuffer``: no
                type), or a :class:`~flask_cors.core.browser.Body` for a
                ``URLSearchParams``, ``FormData`` or typed ``Blob``
                (``Body.form_data({...})``). The page's own
                ``Content-Type`` wins.
            json: A body to send as ``JSON.stringify(json)`` with
                ``Content-Type: application/json`` (unless ``headers`` set
                one), as pages send JSON.
            cache: fetch's cache mode; Chromium reuses a cached preflight
                only under ``"default"`` and ``"force-cache"``.
            redirect: fetch's redirect mode: ``"follow"``, ``"manual"`` or
                ``"error"``.

        Returns:
            The :class:`Fetched` outcome.

        Raises:
            ValueError: What ``fetch()`` refuses: a body on GET or HEAD,
                ``cache="only-if-cached"``, an unknown mode.

        """
        sent = dict(headers or {})
        body = Body.text(data) if isinstance(data, str) else data
        if isinstance(body, bytes):
            body = Body.buffer(body)
        if json is not None:
            body = Body.text(json_module.dumps(json))
            # A page sending JSON sets its type; the header list's names
            # compare without case (https://fetch.spec.whatwg.org/#concept-header-list-contains).
            if not any(name.lower() == "content-type" for name in sent):
                sent["Content-Type"] = "application/json"
        request = BrowserRequest(
            origin=self.origin,
            url=path if "://" in path else self.base_url + path,
            method=method,
            headers=tuple(sent.items()),
            credentials=credentials,
            body=body,
            cache=cache,
            redirect=redirect,
        )
        exchanges: list[tuple[Outgoing, TestResponse]] = []

        def send(outgoing: Outgoing) -> BrowserResponse:
            answered = self._send(outgoing)
            exchanges.append((outgoing, answered))
            return BrowserResponse(answered.status_code, tuple(answered.headers.to_wsgi_list()))

        verdict = fetch(request, send, cache=self.preflights, now=self._clock())
        preflights = [answered for outgoing, answered in exchanges if outgoing.preflight]
        requests = [answered for outgoing, answered in exchanges if not outgoing.preflight]
        return Fetched(
            allowed=verdict.allowed,
            step=verdict.step,
            error=verdict.error,
            message=verdict.message,
            headers=dict(verdict.readable),
            preflight=preflights[-1] if preflights else None,
            response=requests[-1] if requests else None,
            exchanges=tuple(exchanges),
            verdict=verdict,
        )

    def _send(self, outgoing: Outgoing) -> TestResponse:
        """Send one request to the app, with the client's cookies when the browser sends its own."""
        parts = urlsplit(outgoing.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        client = self.client if outgoing.credentials else self._anonymous
        return client.open(
            path,
            base_url=f"{parts.scheme}://{parts.netloc}",
            method=outgoing.method,
            headers=list(outgoing.headers),
            data=outgoing.body,
        )
