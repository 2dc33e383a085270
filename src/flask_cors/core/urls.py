"""URLs as Chromium reads them: which strings are URLs, their origins, redirect targets.

The browser model (:mod:`flask_cors.core.browser`) needs three things of a
URL: whether a header value is one at all (Chromium tells an
``Access-Control-Allow-Origin`` that is no URL from one that is another
origin), the origin of a URL (a redirect to another origin taints the
request's), and where a ``Location`` leads from the URL it came from.

The URL standard (https://url.spec.whatwg.org/) is followed as far as these
need, and Chromium's URL parser where they differ; each rule below was
checked against Chromium 156 with an ``Access-Control-Allow-Origin`` value
(tests/core/test_urls.py lists the values). Pure: no I/O.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final
from urllib.parse import unquote, urljoin, urlsplit

__all__ = [
    "SPECIAL_SCHEMES",
    "canonical",
    "escape_non_ascii",
    "has_credentials",
    "is_url",
    "resolve",
    "url_origin",
    "without_fragment",
]

#: The URL standard's special schemes and their default ports
#: (https://url.spec.whatwg.org/#special-scheme); ``file`` has no port and
#: may have no host.
SPECIAL_SCHEMES: Final = {"ftp": 21, "file": None, "http": 80, "https": 443, "ws": 80, "wss": 443}

# https://url.spec.whatwg.org/#url-scheme-string
_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
# Code points that make a host invalid once its percent-escapes are decoded:
# the URL standard's forbidden host code points
# (https://url.spec.whatwg.org/#forbidden-host-code-point) and "%". Chromium
# departs from the standard for the space, which it escapes ("http://a%20b"
# is a URL there).
_FORBIDDEN_HOST: Final = frozenset({chr(c) for c in range(0x20)} | set("#%/:<>?@[\\]^|") | {"\x7f"})
# Where the authority of a special URL ends: https://url.spec.whatwg.org/#authority-state
_AUTHORITY_END: Final = re.compile(r"[/\\?#]")
_HEX: Final = re.compile(r"0[xX][0-9A-Fa-f]*")
_OCTAL: Final = re.compile(r"0[0-7]+")
_BARE_PERCENT: Final = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _ipv4_number(part: str) -> int | None:
    # https://url.spec.whatwg.org/#ipv4-number-parser
    if _HEX.fullmatch(part):
        return int(part[2:] or "0", 16)
    if _OCTAL.fullmatch(part):
        return int(part, 8)
    return int(part) if part.isascii() and part.isdigit() else None


def _ends_in_a_number(host: str) -> bool:
    # https://url.spec.whatwg.org/#ends-in-a-number-checker
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    return bool(last) and ((last.isascii() and last.isdigit()) or _HEX.fullmatch(last) is not None)


def _valid_ipv4(host: str) -> bool:
    # https://url.spec.whatwg.org/#concept-ipv4-parser: at most four parts,
    # each a number, all but the last below 256, the last below 256**(5 - n).
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    numbers = [_ipv4_number(part) for part in parts]
    if len(parts) > 4 or any(number is None for number in numbers):
        return False
    *leading, last = [number or 0 for number in numbers]
    return all(number < 256 for number in leading) and last < 256 ** (5 - len(parts))


def _valid_host(host: str, scheme: str) -> bool:
    if host.startswith("["):
        if not host.endswith("]"):
            return False
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    if not host:
        # https://url.spec.whatwg.org/#file-host-state: only file URLs may
        # have an empty host.
        return scheme == "file"
    if _BARE_PERCENT.search(host):
        # A "%" that starts no escape stays in the host: forbidden.
        return False
    # Escapes are decoded first (https://url.spec.whatwg.org/#concept-host-parser);
    # bytes that are no UTF-8 become U+FFFD, which no domain holds.
    decoded = unquote(host)
    if "\ufffd" in decoded or any(char in _FORBIDDEN_HOST for char in decoded):
        return False
    return not _ends_in_a_number(decoded) or _valid_ipv4(decoded)


def is_url(value: str) -> bool:
    """Whether Chromium's URL parser takes ``value`` for a valid absolute URL.

    A scheme (https://url.spec.whatwg.org/#url-scheme-string) and a colon,
    then, for a special scheme (``http``, ``https``, ``ws``, ``wss``,
    ``ftp``), a host that parses: not empty, no forbidden code point
    (https://url.spec.whatwg.org/#forbidden-host-code-point) once decoded,
    a valid IPv4 address when it ends in a number
    (https://url.spec.whatwg.org/#concept-ipv4-parser), a valid IPv6
    address in brackets; and a port of digits up to 65535, or none. Any
    other scheme makes a URL of whatever follows (``foo:``,
    ``localhost:3000``). A non-ASCII byte makes no URL (Chromium reads the
    header's bytes as UTF-8).
    """
    if not value.isascii():
        return False
    scheme, colon, rest = value.partition(":")
    if not colon or not _SCHEME.fullmatch(scheme):
        return False
    scheme = scheme.lower()
    if scheme not in SPECIAL_SCHEMES:
        return True
    # https://url.spec.whatwg.org/#special-authority-ignore-slashes-state
    authority = _AUTHORITY_END.split(rest.lstrip("/\\"), maxsplit=1)[0]
    _, at, hostport = authority.rpartition("@")
    if at and not hostport:
        return False
    host, port = hostport, ""
    if not hostport.startswith("[") or "]:" in hostport:
        head, colon, tail = hostport.rpartition(":")
        if colon:
            host, port = head, tail
    if port and (not (port.isascii() and port.isdigit()) or int(port) > 65535):
        return False
    return _valid_host(host, scheme)


def escape_non_ascii(value: str) -> str:
    r"""Return ``value`` as Chromium's console shows a header value: ``\uXXXX`` for non-ASCII."""
    return "".join(char if char.isascii() else f"\\u{ord(char):04X}" for char in value)


def url_origin(url: str) -> str:
    """Return the serialized origin of an absolute URL, or ``"null"`` for an opaque one.

    https://url.spec.whatwg.org/#concept-url-origin: ``scheme://host[:port]``
    with the scheme and host lower-cased and the scheme's default port left
    out, for ``http``, ``https``, ``ws``, ``wss`` and ``ftp``; any other
    URL has an opaque origin, serialized ``null``
    (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SPECIAL_SCHEMES or scheme == "file" or not parts.hostname:
        return "null"
    try:
        port = parts.port
    except ValueError:
        return "null"
    host = parts.hostname
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == SPECIAL_SCHEMES[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def resolve(base: str, location: str) -> str:
    """Return where a ``Location`` header leads from ``base``, as Chromium writes the URL.

    https://fetch.spec.whatwg.org/#concept-response-location-url: the
    value is parsed relative to the response's URL, and a target without a
    fragment keeps the one ``base`` had
    (https://fetch.spec.whatwg.org/#http-redirect-fetch). The value is a
    header's: a character of it is one byte (:func:`canonical`).
    """
    try:
        joined = urljoin(base, _clean(location))
    except ValueError:
        # No URL (an IPv6 host that is none): what the caller finds is not one.
        return _clean(location)
    target = canonical(joined, header=True)
    if "#" not in target and "#" in base:
        target += "#" + base.partition("#")[2]
    return target


def without_fragment(url: str) -> str:
    """Return the URL without its fragment: what goes on the wire."""
    return url.partition("#")[0]


def has_credentials(url: str) -> bool:
    """Whether a URL has a user name or password: https://url.spec.whatwg.org/#include-credentials."""
    parts = urlsplit(url)
    return bool(parts.username) or bool(parts.password)


# https://url.spec.whatwg.org/#percent-encoded-bytes: what each part of a
# special URL escapes besides controls, space and bytes past ASCII.
_FRAGMENT_ESCAPED: Final = frozenset(' "<>`')
_QUERY_ESCAPED: Final = frozenset(" \"#<>'")
_PATH_ESCAPED: Final = frozenset(' "#<>?`{}')


def _clean(url: str) -> str:
    # https://url.spec.whatwg.org/#concept-basic-url-parser: leading and
    # trailing C0 controls and spaces go, and tabs and newlines anywhere.
    return url.strip("".join(chr(c) for c in range(0x21))).translate(
        {0x09: None, 0x0A: None, 0x0D: None}
    )


def _escape(text: str, escaped: frozenset[str], *, header: bool) -> str:
    out: list[str] = []
    for char in text:
        if char in escaped or ord(char) < 0x20 or ord(char) > 0x7E:
            # A header's characters are its bytes (WSGI and the model read
            # them as Latin-1); a URL the page wrote is UTF-8.
            data = char.encode("latin-1") if header and ord(char) < 0x100 else char.encode()
            out.extend(f"%{byte:02X}" for byte in data)
        else:
            out.append(char)
    return "".join(out)


def canonical(url: str, *, header: bool = False) -> str:
    """Return a URL as Chromium writes it (in requests and console messages).

    For a special URL (https://url.spec.whatwg.org/#special-scheme): the
    scheme and host in lower case, the default port left out, an empty path
    written ``/``, and the bytes each part escapes percent-encoded
    (https://url.spec.whatwg.org/#percent-encoded-bytes). Other URLs, and a
    value that is no URL, are returned as written. ``header`` says the URL
    came from a header, whose characters are bytes; otherwise non-ASCII
    characters are escaped as UTF-8.
    """
    text = _clean(url)
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if (
        scheme not in SPECIAL_SCHEMES
        or scheme == "file"
        or not is_url(f"{scheme}://{parts.netloc}")
    ):
        return text
    netloc = parts.netloc.rpartition("@")[2]
    userinfo = parts.netloc.rpartition("@")[0]
    host = netloc.lower()
    port = ""
    if not host.startswith("[") or "]:" in host:
        head, colon, tail = host.rpartition(":")
        if colon:
            host, port = head, tail
    port = "" if port == "" or int(port) == SPECIAL_SCHEMES[scheme] else f":{int(port)}"
    authority = f"{userinfo}@" if userinfo else ""
    path = _escape(parts.path or "/", _PATH_ESCAPED, header=header)
    query = "?" + _escape(parts.query, _QUERY_ESCAPED, header=header) if "?" in text else ""
    fragment = (
        "#" + _escape(parts.fragment, _FRAGMENT_ESCAPED, header=header) if "#" in text else ""
    )
    return f"{scheme}://{authority}{host}{port}{path}{query}{fragment}"
