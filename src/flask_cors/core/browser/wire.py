"""What goes over the wire: each request the browser sends for a fetch, and its answer.

The browser model does no I/O. :func:`~flask_cors.core.browser.fetch` says
what to send (an :class:`Outgoing`: a preflight, the request, each
redirect followed) and the caller's ``send`` answers it with a
:class:`BrowserResponse`; each pair is an :class:`Exchange` of the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen

from .headers import strip

__all__ = ["BrowserResponse", "Exchange", "Outgoing"]


def _pairs(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(headers)


@frozen
class Outgoing:
    """One HTTP request the browser sends.

    Attributes:
        method: The method, as sent.
        url: The URL, without a fragment.
        headers: The headers as sent: ``Origin`` and the preflight's
            ``Access-Control-Request-*`` first, then the page's (and the
            body's ``Content-Type``). Cookies are not among them:
            :attr:`credentials` says whether the browser's go.
        body: The body's bytes, or None.
        credentials: Whether the browser sends its credentials (cookies,
            HTTP authentication) with this request: under ``"include"``,
            and under ``"same-origin"`` to the page's own origin; never
            with a preflight.
        preflight: Whether this is a CORS preflight.

    """

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = field(converter=_pairs)
    body: bytes | None = None
    credentials: bool = False
    preflight: bool = False

    def get(self, name: str) -> str | None:
        """Return a header's value, or None; names compare without case."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


@frozen
class BrowserResponse:
    """A response as the browser received it.

    Attributes:
        status: The status code.
        headers: The headers, in order, as ``(name, value)`` pairs; a name
            may repeat.

    """

    status: int
    headers: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)

    def get(self, name: str) -> str | None:
        """Return a header's values joined with ", " (as browsers combine them), or None.

        Names compare without case. Each value loses its leading and
        trailing whitespace, as the HTTP parser drops it
        (https://fetch.spec.whatwg.org/#concept-header-list-get).
        """
        wanted = name.lower()
        values = [strip(value) for key, value in self.headers if key.lower() == wanted]
        return ", ".join(values) if values else None


@frozen
class Exchange:
    """One request the browser sent for a fetch, and the answer it got.

    Attributes:
        request: What was sent.
        response: What came back.

    """

    request: Outgoing
    response: BrowserResponse
