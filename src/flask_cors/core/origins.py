"""Origins as browsers send them, and origin patterns that mean what they say.

A browser's ``Origin`` header is a serialized origin
(https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin):
``scheme://host``, plus ``:port`` only when the port is not the scheme's
default, lower-case, with no path and no trailing slash; or ``null`` for
opaque origins. A configured literal origin that cannot have that form never
matches a browser's request. flask-cors 6.0.5 accepted such entries, so they
are still accepted and compared as written, and reported as findings with a
suggested fix.

``https://*.example.com`` is a subdomain pattern: it matches every origin
whose host ends in ``.example.com`` over https (and the default port), by a
suffix check rather than a regex. ``:*`` after the host allows any port, as
in ``http://localhost:*``. flask-cors treated such strings as regexes, which
never matched a real origin.
"""

from __future__ import annotations

import re
from typing import Final

from attrs import frozen

from .errors import Problem

__all__ = [
    "SubdomainPattern",
    "check_literal_origin",
    "is_bracketed_origin",
    "is_subdomain_pattern",
    "meant_origin",
]


_DEFAULT_PORTS: Final = {"http": "80", "https": "443"}
_MAX_PORT: Final = 65535

# A host in a serialized origin: a domain (WHATWG URL allows more than DNS
# letters, digits and hyphens, such as "_") or a bracketed IPv6 address.
# Upper case is tolerated because matching ignores case.
_HOST = r"(?:[A-Za-z0-9_~!&'+;=.-]+|\[[0-9A-Fa-f:.]+\])"
_ORIGIN: Final = re.compile(
    rf"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<host>{_HOST})(?::(?P<port>[0-9]{{1,5}}))?\Z"
)
_WILDCARD: Final = re.compile(
    rf"(?P<scheme>https?)://(?P<sub>\*\.)?(?P<host>{_HOST})(?::(?P<port>[0-9]{{1,5}}|\*))?\Z",
    re.IGNORECASE,
)
_LABELS: Final = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?\Z")


def is_subdomain_pattern(text: str) -> bool:
    """Return whether ``text`` is a wildcard origin pattern such as ``https://*.example.com``."""
    if "*" not in text:
        return False
    found = _WILDCARD.match(text)
    return found is not None and (found["sub"] is not None or found["port"] == "*")


@frozen
class SubdomainPattern:
    """A wildcard origin pattern, matched by prefix and suffix checks.

    Attributes:
        text: The pattern as configured.
        prefix: What a matching origin starts with: the scheme and ``://``,
            plus the whole host when only the port is a wildcard.
        suffix: What its host ends with, such as ``.example.com``; empty when
            only the port is a wildcard.
        port: The required port (``""``: the default port), or ``"*"``.
    """

    text: str
    prefix: str
    suffix: str
    port: str

    @classmethod
    def parse(cls, text: str) -> SubdomainPattern:
        """Parse a string for which :func:`is_subdomain_pattern` holds."""
        found = _WILDCARD.match(text)
        if found is None:
            raise ValueError(f"not a wildcard origin pattern: {text!r}")
        scheme, host = found["scheme"].lower(), found["host"].lower()
        port = found["port"] or ""
        if port == _DEFAULT_PORTS[scheme]:
            port = ""
        if found["sub"] is None:
            return cls(text, f"{scheme}://{host}", "", port)
        return cls(text, f"{scheme}://", f".{host}", port)

    def matches(self, origin: str) -> bool:
        """Return whether a serialized origin matches (case-insensitively)."""
        origin = origin.lower()
        if not origin.startswith(self.prefix):
            return False
        host, colon, port = origin[len(self.prefix) :].rpartition(":")
        if not colon:
            host, port = port, ""
        elif not port.isdigit():
            return False
        if self.port != "*" and port != self.port:
            return False
        if not self.suffix:
            return host == ""
        if not host.endswith(self.suffix):
            return False
        # One or more whole labels before the suffix: "evilexample.com"
        # does not end in ".example.com", and "a..example.com" is no host.
        labels = host[: -len(self.suffix)]
        return bool(labels) and _LABELS.match(labels) is not None and ".." not in labels


def is_bracketed_origin(text: str) -> bool:
    """Return whether ``text`` is a valid origin with an IPv6 host, such as ``http://[::1]:8080``.

    Its brackets would make flask-cors's guess call it a regex (one that
    matches ``http://1:8080`` and not itself), so it is taken literally.
    """
    found = _ORIGIN.match(text)
    return found is not None and found["host"].startswith("[")


def check_literal_origin(text: str) -> Problem | None:
    """Return the problem with a literal origin no browser can send, or ``None``."""
    if text.lower() == "null":
        return None
    if not text.strip():
        return Problem("origins", text, "is empty", "remove it")
    message = _first_problem(text)
    if message is None:
        return None
    meant = meant_origin(text)
    fix = f"did you mean {meant[0]!r}?" if meant is not None else None
    if "," in text:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        fix = f"give a list: {parts!r}"
    return Problem("origins", text, message, fix)


def meant_origin(text: str) -> tuple[str, str] | None:
    """Return the origin a literal that no browser sends stands for, and what is wrong with it.

    ``"localhost:3000"`` gives ``("http://localhost:3000", "has no scheme")``;
    a literal that is an origin, or whose intent is unclear, gives ``None``.
    """
    message = _first_problem(text) if text.strip() and "," not in text else None
    if message is None:
        return None
    suggestion = _suggestion(text)
    return (suggestion, message) if _first_problem(suggestion) is None else None


def _first_problem(text: str) -> str | None:
    """Say what keeps ``text`` from being a serialized origin, or return ``None``."""
    if text.strip() != text:
        return "has surrounding whitespace"
    if "," in text:
        return "holds several origins in one string"
    if "://" not in text:
        return "has no scheme"
    _, _, rest = text.partition("://")
    _, slash, path = rest.partition("/")
    if slash:
        return "has a path" if path else "has a trailing slash"
    found = _ORIGIN.match(text)
    if found is None:
        return "is not an origin browsers send (scheme://host[:port])"
    port = found["port"]
    if port is None:
        return None
    if int(port) > _MAX_PORT:
        return f"has the port {port}, above the highest port {_MAX_PORT}"
    if port.startswith("0"):
        return f"writes the port {port} with a leading zero, which browsers leave out"
    if port == _DEFAULT_PORTS.get(found["scheme"].lower()):
        return f"writes out the default port {port}, which browsers leave out"
    return None


def _suggestion(text: str) -> str:
    """Return the origin ``text`` most likely stands for."""
    text = text.strip()
    if "://" not in text and text.count(":") >= 2 and not text.startswith("["):
        # A bare IPv6 address ("::1"): origins write it in brackets.
        text = f"[{text}]"
    if "://" not in text:
        local = text.startswith(("localhost", "127.", "[::1]"))
        text = f"{'http' if local else 'https'}://{text}"
    scheme, _, rest = text.partition("://")
    host_port = rest.partition("/")[0]
    found = _ORIGIN.match(f"{scheme}://{host_port}")
    if found is not None and found["port"] is not None:
        port = found["port"].lstrip("0")
        if port == _DEFAULT_PORTS.get(found["scheme"].lower()):
            host_port = found["host"]
        elif port and int(port) <= _MAX_PORT:
            host_port = f"{found['host']}:{port}"
    return f"{scheme}://{host_port}"
