"""The ``fetch()`` a page makes: its URL, method, headers, body and modes.

:class:`BrowserRequest` is ``fetch(url, {method, headers, body, credentials,
cache, redirect})`` as the page writes it, with fetch's own checks: a GET
or HEAD with a body, and ``cache: "only-if-cached"`` on a cross-origin
request, are refused as ``fetch()`` refuses them (a ``TypeError`` in the
page, a :class:`ValueError` here).
"""

from __future__ import annotations

import re
from typing import Final, Literal, TypeAlias, get_args

from attrs import field, frozen

from ..origins import check_literal_origin, meant_origin
from ..sites import PublicSuffixTest, registrable_domain, top_level_domain
from ..urls import canonical
from .body import Body
from .headers import author_headers, normalize_method

__all__ = [
    "BrowserRequest",
    "CacheMode",
    "Credentials",
    "RedirectMode",
    "fetch_site",
    "page_origin",
]

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


# https://url.spec.whatwg.org/#special-scheme: the schemes whose default
# port an origin leaves out.
_DEFAULT_PORTS: Final = {"ftp": 21, "http": 80, "https": 443, "ws": 80, "wss": 443}
_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")
# Where a URL's authority (user info, host, port) ends.
_AUTHORITY_END: Final = re.compile(r"[/?#\\]")


def page_origin(text: str) -> str:
    """Return the origin a page at ``text`` sends, serialized as browsers send it.

    ``text`` is an origin, or a URL such as one copied from the address bar:
    ``http://localhost:5173/`` and ``https://App.example.com:443/some/page?q``
    give ``http://localhost:5173`` and ``https://app.example.com``, the
    origin's ASCII serialization
    (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin):
    scheme and host in lower case, the port only when it is not the scheme's
    default, no path, query or fragment. ``null``, the origin of sandboxed
    and ``file:`` pages, stays ``null``.

    Raises:
        ValueError: ``text`` cannot be a page's URL or origin: no scheme
            (``localhost:5173``), user info, no host, a port that is no
            port, whitespace or a control character. The message says what
            is wrong and, where it can, gives the origin meant.
    """
    if text.lower() == "null":
        return "null"
    if any(char <= " " or char == "\x7f" for char in text):
        stripped = text.strip()
        fix = _meant(stripped) if stripped and stripped != text else ""
        raise ValueError(
            f"{text!r} is not an origin: it holds whitespace or a control character{fix}"
        )
    scheme, separator, rest = text.partition("://")
    if not separator or not _SCHEME.match(scheme):
        head, colon, tail = text.partition(":")
        if colon and head.lower() in _DEFAULT_PORTS:
            # "http:localhost:5173", "https:/app.example.com"
            meant = _meant(f"{head}://{tail.lstrip('/')}")
            raise ValueError(
                f"{text!r} is not an origin: it has no '//' after {head + ':'!r}{meant}"
            )
        raise ValueError(f"{text!r} is not an origin: it has no scheme{_meant(text)}")
    scheme = scheme.lower()
    authority = _AUTHORITY_END.split(rest, maxsplit=1)[0]
    _, at, host_port = authority.rpartition("@")
    if at:
        raise ValueError(
            f"{text!r} is not an origin: it has a user name or password, which browsers "
            f"never send in Origin{_meant(f'{scheme}://{host_port}')}"
        )
    host, port = _host_and_port(host_port)
    if scheme == "file":
        raise ValueError(
            f"{text!r} is not an origin: a file: page sends 'null' (did you mean 'null'?)"
        )
    if not host:
        raise ValueError(f"{text!r} is not an origin: it has no host")
    if not host.isascii():
        raise ValueError(
            f"{text!r} is not an origin as browsers send it: they send a host that is not "
            "ASCII in its punycode form ('xn--...'): give that"
        )
    if port and (not port.isdigit() or int(port) > 65535):
        raise ValueError(f"{text!r} is not an origin: {port!r} is not a port (0 to 65535)")
    # https://url.spec.whatwg.org/#concept-url-serializer: the port as a
    # number, left out when it is the scheme's default.
    number = int(port) if port else None
    origin = f"{scheme}://{host.lower()}"
    if number is not None and number != _DEFAULT_PORTS.get(scheme):
        origin += f":{number}"
    if check_literal_origin(origin) is not None:
        raise ValueError(f"{text!r} is not an origin browsers send (scheme://host[:port])")
    return origin


def _meant(text: str) -> str:
    """Return `` (did you mean 'ORIGIN'?)`` for the origin ``text`` stands for, or ""."""
    if "://" in text or text.lower() == "null":
        try:
            return f" (did you mean {page_origin(text)!r}?)"
        except ValueError:
            return ""
    meant = meant_origin(text)
    return f" (did you mean {meant[0]!r}?)" if meant is not None else ""


def fetch_site(page: str, url: str, *, public_suffix: PublicSuffixTest | None = None) -> str:
    """Return the ``Sec-Fetch-Site`` a browser sends with a page's request to ``url``.

    Fetch metadata (https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header):
    ``same-origin`` when the page's origin is the URL's; ``same-site`` when
    they are *same site*
    (https://html.spec.whatwg.org/multipage/browsers.html#same-site): the
    same scheme, and hosts of one registrable domain (``app.example.com``
    and ``api.example.com``; ``localhost`` on two ports) or the same host
    where there is none (an IP address); otherwise ``cross-site``. A
    request the user makes themselves (``none``) is no page's. Redirects
    are not modelled.

    Args:
        page: The page's origin or URL (:func:`page_origin`).
        url: The URL requested.
        public_suffix: Says whether a domain is a public suffix; without
            it, top-level domains are (:func:`~flask_cors.core.sites.top_level_domain`).

    Raises:
        ValueError: If ``page`` or ``url`` has no origin (see :func:`page_origin`).
    """
    initiator, target = page_origin(page), page_origin(url)
    if initiator == target:
        return "same-origin"
    if "null" in (initiator, target):
        return "cross-site"
    is_public = public_suffix or top_level_domain
    sites = []
    for origin in (initiator, target):
        scheme, _, authority = origin.partition("://")
        host = _host_and_port(authority)[0]
        sites.append((scheme, registrable_domain(host, is_public) or host))
    return "same-site" if sites[0] == sites[1] else "cross-site"


def _host_and_port(authority: str) -> tuple[str, str]:
    """Split ``host[:port]``, the host in brackets when it is an IPv6 address."""
    if authority.startswith("["):
        bracket = authority.find("]")
        if bracket != -1:
            return authority[: bracket + 1], authority[bracket + 1 :].removeprefix(":")
    host, _, port = authority.partition(":")
    return host, port


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
            ``https://app.example.com`` (or ``null``); a URL is taken as its
            origin, and what cannot be one is refused (:func:`page_origin`).
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
        ValueError: An origin no page can have (:func:`page_origin`), and
            what ``fetch()`` refuses: a body on a GET or HEAD,
            ``cache="only-if-cached"`` (allowed only with ``mode:
            "same-origin"``, which this model does not take), or a mode it
            does not know.

    """

    origin: str = field(converter=page_origin)
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
