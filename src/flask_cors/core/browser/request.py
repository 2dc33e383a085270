"""The ``fetch()`` a page makes: its URL, method, headers, body and modes.

:class:`BrowserRequest` is ``fetch(url, {method, headers, body, credentials,
cache, redirect})`` as the page writes it, with fetch's own checks: a GET
or HEAD with a body, and ``cache: "only-if-cached"`` on a cross-origin
request, are refused as ``fetch()`` refuses them (a ``TypeError`` in the
page, a :class:`ValueError` here).
"""

from __future__ import annotations

from typing import Final, Literal, TypeAlias, get_args

from attrs import field, frozen

from ..urls import canonical
from .body import Body
from .headers import author_headers, normalize_method

__all__ = ["BrowserRequest", "CacheMode", "Credentials", "RedirectMode"]

#: fetch's credentials modes (https://fetch.spec.whatwg.org/#concept-request-credentials-mode).
Credentials: TypeAlias = Literal["omit", "same-origin", "include"]
#: fetch's cache modes (https://fetch.spec.whatwg.org/#concept-request-cache-mode).
CacheMode: TypeAlias = Literal[
    "default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"
]
#: fetch's redirect modes (https://fetch.spec.whatwg.org/#concept-request-redirect-mode).
RedirectMode: TypeAlias = Literal["follow", "error", "manual"]

_CREDENTIALS: Final = frozenset(get_args(Credentials))
_CACHE_MODES: Final = frozenset(get_args(CacheMode))
_REDIRECT_MODES: Final = frozenset(get_args(RedirectMode))


def _credentials(value: bool | Credentials) -> Credentials:
    # A bool was this package's first spelling: True is "include", False
    # fetch's default, "same-origin".
    if value is True:
        return "include"
    if value is False:
        return "same-origin"
    if value not in _CREDENTIALS:
        raise ValueError(f"credentials must be 'omit', 'same-origin' or 'include', not {value!r}")
    return value


def _cache(value: CacheMode) -> CacheMode:
    if value not in _CACHE_MODES:
        raise ValueError(f"cache must be one of {sorted(_CACHE_MODES)}, not {value!r}")
    return value


def _redirect(value: RedirectMode) -> RedirectMode:
    if value not in _REDIRECT_MODES:
        raise ValueError(f"redirect must be 'follow', 'error' or 'manual', not {value!r}")
    return value


@frozen
class BrowserRequest:
    """The ``fetch()`` a page makes, as the page writes it.

    Attributes:
        origin: The page's origin as the browser serializes it, such as
            ``https://app.example.com`` (or ``null``).
        url: The URL fetched, written as Chromium writes it (scheme and host
            in lower case, no default port, ``/`` for an empty path,
            percent-escapes): it is named in messages, and its origin says
            whether the request is cross-origin.
        method: The method passed to ``fetch()``; the six names of
            https://fetch.spec.whatwg.org/#concept-method-normalize are
            upper-cased, any other is sent as written.
        headers: The headers the page sets, as ``(name, value)`` pairs.
            Forbidden request headers
            (https://fetch.spec.whatwg.org/#forbidden-request-header) are
            dropped, as ``fetch()`` drops them; a name given twice, in any
            case, is one header, its values joined with ", ".
        credentials: The credentials mode: ``"omit"``, ``"same-origin"``
            (fetch's default) or ``"include"``. ``True`` and ``False`` are
            taken for ``"include"`` and ``"same-origin"``, as this package
            first spelled them. Only ``"include"`` sends cookies to another
            origin, and asks for ``Access-Control-Allow-Credentials: true``.
        body: What the page passes as ``body`` (:class:`Body`), or None. Its
            Content-Type goes unless the page set one (:attr:`header_list`).
        cache: The cache mode. Chromium reuses a cached preflight only under
            ``"default"`` (without ``If-None-Match``, ``If-Modified-Since``,
            ``If-Unmodified-Since``, ``If-Match`` or ``If-Range``) and
            ``"force-cache"``, and keeps none under ``"no-store"``.
        redirect: The redirect mode: ``"follow"`` (fetch's default),
            ``"manual"`` (the page gets an opaque redirect) or ``"error"``.

    Raises:
        ValueError: For what ``fetch()`` refuses: a body on a GET or HEAD,
            ``cache="only-if-cached"`` (allowed only with ``mode:
            "same-origin"``, which this model does not take), or a mode it
            does not know.

    """

    origin: str
    url: str = field(converter=canonical)
    method: str = field(default="GET", converter=normalize_method)
    headers: tuple[tuple[str, str], ...] = field(default=(), converter=author_headers)
    credentials: Credentials = field(default="same-origin", converter=_credentials)
    body: Body | None = None
    cache: CacheMode = field(default="default", converter=_cache)
    redirect: RedirectMode = field(default="follow", converter=_redirect)

    def __attrs_post_init__(self) -> None:
        """Refuse what ``fetch()`` refuses, in Chromium's words and order (https://fetch.spec.whatwg.org/#dom-request)."""
        if self.cache == "only-if-cached":
            raise ValueError("'only-if-cached' can be set only with 'same-origin' mode")
        if self.body is not None and self.method in ("GET", "HEAD"):
            raise ValueError("Request with GET/HEAD method cannot have body.")

    @property
    def includes_credentials(self) -> bool:
        """Whether the credentials mode is ``"include"``: what the CORS check asks about."""
        return self.credentials == "include"

    @property
    def header_list(self) -> tuple[tuple[str, str], ...]:
        """Return the headers fetch sends: the page's, and the body's Content-Type if it set none.

        https://fetch.spec.whatwg.org/#dom-request: the type extracted from
        the body is appended only when the header list holds no
        ``Content-Type`` (names compare without case).
        """
        if self.body is None or self.body.content_type is None:
            return self.headers
        if any(name.lower() == "content-type" for name, _ in self.headers):
            return self.headers
        return (*self.headers, ("Content-Type", self.body.content_type))
