"""Origins a browser can send, and the sites they belong to.

The lint (:mod:`flask_cors.core.lint`) names an attacker's origin in each
finding; it must be one a browser really sends, so it is checked here
against the serialization of an origin
(https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin):
``http`` or ``https``, ``://``, a host in its canonical form (lower case; a
DNS name, a dotted IPv4 address or a bracketed, compressed IPv6 address)
and ``:port`` only when it is not the scheme's default. A host whose last
label is a number is parsed as an IPv4 address by browsers
(https://url.spec.whatwg.org/#concept-host-parser), so it is a DNS name
only if that label is not one.

Two origins belong to the same *site* when their hosts share a registrable
domain: the public suffix (``com``, ``co.uk``, ``github.io``,
``s3.amazonaws.com``) plus one label, as the Public Suffix List defines it
(https://publicsuffix.org/). Whoever registers a name under a public suffix
owns that site; nobody can register a public suffix itself, nor a name
under a suffix no list knows (``localhost``, ``internal``).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Final

from attrs import frozen

__all__ = [
    "BrowserOrigin",
    "PublicSuffixTest",
    "is_ip_address",
    "public_suffix",
    "registrable_domain",
    "top_level_domain",
]

#: Says whether a domain name is a public suffix (``"com"``, ``"github.io"``):
#: one under which anyone can register a name.
PublicSuffixTest = Callable[[str], bool]

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_MAX_PORT: Final = 65535
_MAX_HOST_LENGTH: Final = 253
_ORIGIN: Final = re.compile(
    r"(?P<scheme>https?)://(?P<host>[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?P<port>[1-9][0-9]{0,4}))?\Z"
)
# A DNS label as registrars hand them out: letters, digits and inner hyphens,
# at most 63 characters. "xn--" labels are left out: a browser sends them
# only when they are valid Punycode, which is not checked here.
_LABEL: Final = re.compile(r"(?!xn--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")
_IPV4_PART: Final = re.compile(r"(?:0|[1-9][0-9]{0,2})\Z")
# Special-use names (RFC 6761, RFC 9476, ICANN's "internal") nobody can
# register under: they count as no public suffix when no list is at hand.
_SPECIAL_USE: Final = frozenset({"localhost", "test", "invalid", "example", "internal", "alt"})
_TOP_LEVEL: Final = re.compile(r"[a-z]{2,63}\Z")


@frozen
class BrowserOrigin:
    """A serialized origin that a browser can send in an ``Origin`` header.

    Attributes:
        scheme: ``"http"`` or ``"https"``.
        host: The host, canonical: lower case, an IPv6 address in brackets.
        port: The port, or ``None`` for the scheme's default.
    """

    scheme: str
    host: str
    port: int | None

    @classmethod
    def parse(cls, text: str) -> BrowserOrigin | None:
        """Return ``text`` as an origin if a browser can send it exactly so, else ``None``."""
        found = _ORIGIN.match(text)
        if found is None:
            return None
        scheme, host = found["scheme"], found["host"]
        port = int(found["port"]) if found["port"] else None
        if port is not None and (port > _MAX_PORT or port == _DEFAULT_PORTS[scheme]):
            return None
        if not (_is_dns_name(host) or is_ip_address(host)):
            return None
        return cls(scheme, host, port)

    @property
    def text(self) -> str:
        """The origin as a browser sends it."""
        port = "" if self.port is None else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}"

    def with_host(self, host: str) -> BrowserOrigin | None:
        """Return this origin with another host, if a browser can send that origin."""
        port = "" if self.port is None else f":{self.port}"
        return BrowserOrigin.parse(f"{self.scheme}://{host}{port}")


def _is_dns_name(host: str) -> bool:
    labels = host.split(".")
    return (
        len(host) <= _MAX_HOST_LENGTH
        and all(_LABEL.match(label) for label in labels)
        and not labels[-1].isdigit()
    )


def is_ip_address(host: str) -> bool:
    """Whether ``host`` is an IP address as browsers serialize it (``10.0.0.1``, ``[::1]``)."""
    if host.startswith("["):
        try:
            address = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return host == f"[{address.compressed}]"
    parts = host.split(".")
    return (
        len(parts) == 4
        and all(_IPV4_PART.match(part) for part in parts)
        and all(int(part) <= 255 for part in parts)
    )


def top_level_domain(domain: str) -> bool:
    """Whether ``domain`` is a top-level domain anyone can register under.

    The test of public suffixes when the Public Suffix List is not at hand:
    a single label of letters that is not a special-use name.
    """
    return _TOP_LEVEL.match(domain) is not None and domain not in _SPECIAL_USE


def public_suffix(host: str, is_public: PublicSuffixTest) -> str | None:
    """Return the longest public suffix ``host`` ends with, or ``None``.

    ``"bucket.s3.amazonaws.com"`` ends with the public suffixes ``com`` and
    ``s3.amazonaws.com``; the longer one decides, as the Public Suffix List
    algorithm says (https://github.com/publicsuffix/list/wiki/Format).
    """
    if is_ip_address(host):
        return None
    labels = host.split(".")
    longest = None
    for start in range(len(labels) - 1, -1, -1):
        tail = ".".join(labels[start:])
        if is_public(tail):
            longest = tail
    return longest


def registrable_domain(host: str, is_public: PublicSuffixTest) -> str | None:
    """Return the site ``host`` belongs to: its public suffix and one label more.

    ``None`` when nobody can register it: an IP address, a public suffix
    itself, or a name under no public suffix. This is what
    ``PublicSuffixList.privatesuffix`` computes.
    """
    suffix = public_suffix(host, is_public)
    if suffix is None or suffix == host:
        return None
    label = host[: -len(suffix) - 1].rpartition(".")[2]
    return f"{label}.{suffix}"
