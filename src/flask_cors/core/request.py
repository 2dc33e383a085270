"""The :class:`RequestInfo` snapshot: what decide() needs to know of a request.

That is the request's side of the CORS protocol
(https://fetch.spec.whatwg.org/#http-requests): the method, ``Origin``,
``Access-Control-Request-Method``, ``Access-Control-Request-Headers`` and
the Private Network Access draft's ``Access-Control-Request-Private-Network``
(https://wicg.github.io/private-network-access/#headers), as the server
received them; decide() checks them. Cross-site request protection
(:mod:`flask_cors.core.protection`) reads two more: the Fetch metadata
header ``Sec-Fetch-Site``
(https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header)
and ``Host``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from attrs import field, frozen

__all__ = [
    "ASKS_PRIVATE_NETWORK",
    "RequestInfo",
    "asks_private_network",
    "is_preflight",
]


def _upper(method: str) -> str:
    return method.upper()


@frozen
class RequestInfo:
    """An immutable snapshot of the CORS-relevant parts of a request.

    Header values are kept as received; :func:`~flask_cors.core.decide`
    checks them, so a snapshot can hold anything a client sent.

    Attributes:
        method: The request method, upper-cased.
        origin: The ``Origin`` header, or ``None`` when absent.
        path: The request path as the application routes it, such as
            Werkzeug's ``request.path``.
        request_method: The ``Access-Control-Request-Method`` header.
        request_headers: The ``Access-Control-Request-Headers`` header, as
            one comma-separated string.
        private_network: Whether ``Access-Control-Request-Private-Network``
            was ``true``.
        sec_fetch_site: The ``Sec-Fetch-Site`` header, or ``None`` when
            absent: how the request's initiator relates to the server, as the
            browser says it (``same-origin``, ``same-site``, ``cross-site``,
            ``none``).
        host: The host (and port) the request was sent to: its ``Host``
            header, such as ``api.example.com:8443``, or ``None``.

    """

    method: str = field(converter=_upper)
    origin: str | None = None
    path: str = "/"
    request_method: str | None = None
    request_headers: str | None = None
    private_network: bool = False
    sec_fetch_site: str | None = None
    host: str | None = None

    @property
    def is_preflight(self) -> bool:
        """Whether this is a CORS preflight (https://fetch.spec.whatwg.org/#cors-preflight-request).

        An ``OPTIONS`` request with ``Origin`` and
        ``Access-Control-Request-Method``; any other ``OPTIONS`` request is
        an ordinary one.
        """
        return is_preflight(self.method, self.origin, self.request_method)

    @classmethod
    def from_environ(cls, environ: Mapping[str, object]) -> RequestInfo:
        """Snapshot a WSGI environ (PEP 3333), in any WSGI server.

        The path is decoded as Werkzeug decodes it: WSGI carries it as
        latin-1 text standing for bytes, which are UTF-8. The host is the
        ``Host`` header, or without one (HTTP/1.0) the server's name and
        port, as PEP 3333 rebuilds a request's URL.
        """
        get = environ.get
        raw_path = get("PATH_INFO") or ""
        path = str(raw_path).encode("latin-1", "replace").decode("utf-8", "replace")
        return cls(
            method=str(get("REQUEST_METHOD") or "GET"),
            origin=_text(get("HTTP_ORIGIN")),
            path="/" + path.lstrip("/"),
            request_method=_text(get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")),
            request_headers=_text(get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS")),
            private_network=asks_private_network(
                get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK")
            ),
            sec_fetch_site=_text(get("HTTP_SEC_FETCH_SITE")),
            host=host_of(environ),
        )


def is_preflight(method: str, origin: str | None, request_method: str | None) -> bool:
    """Whether a request with this (upper-cased) method and these headers is a CORS preflight."""
    return method == "OPTIONS" and bool(origin) and bool(request_method)


#: The one ``Access-Control-Request-Private-Network`` value that asks for
#: private network access (https://wicg.github.io/private-network-access/#headers).
ASKS_PRIVATE_NETWORK: Final = "true"


def asks_private_network(value: object) -> bool:
    """Whether an ``Access-Control-Request-Private-Network`` value asks for private network access.

    Only :data:`ASKS_PRIVATE_NETWORK` (``true``), exactly, does; any other
    value, or none, is a request that does not ask.
    """
    return value == ASKS_PRIVATE_NETWORK


#: The port a scheme's URLs have when they name none.
DEFAULT_PORTS: Final = {"http": "80", "https": "443"}


def host_of(environ: Mapping[str, object]) -> str | None:
    """Return the host and port a WSGI request was sent to, as its ``Host`` header says.

    Without a ``Host`` header, ``SERVER_NAME`` and ``SERVER_PORT`` (the port
    left out when it is the scheme's default), as PEP 3333's URL
    reconstruction does; ``None`` when neither is there.
    """
    host = environ.get("HTTP_HOST")
    if host is not None:
        return str(host)
    name = environ.get("SERVER_NAME")
    if not name:
        return None
    port = str(environ.get("SERVER_PORT") or "")
    if not port or port == DEFAULT_PORTS.get(str(environ.get("wsgi.url_scheme") or "http")):
        return str(name)
    return f"{name}:{port}"


def _text(value: object) -> str | None:
    return None if value is None else str(value)
