"""Protection from cross-site requests, built on the CORS policy: :func:`protect`.

Theory of operation. CORS decides which other sites may *read* a response
(https://fetch.spec.whatwg.org/#http-cors-protocol); it does not stop a
request from reaching the server. A page on another site can still submit
an HTML form, or ``fetch(url, {method: "POST", mode: "no-cors"})``: the
browser sends the request with the user's cookies, the view runs and
changes state, and only the answer stays unreadable. That is cross-site
request forgery, and CORS headers do nothing against it.

Browsers say where a request comes from. Since 2023 every major browser
sends the Fetch metadata header ``Sec-Fetch-Site``
(https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header):
``same-origin`` for the site's own pages, ``none`` for what the user did
themselves (typing the URL, a bookmark), ``same-site`` or ``cross-site``
for requests another origin's page made. Browsers also send ``Origin`` on
every request whose method is not GET or HEAD
(https://fetch.spec.whatwg.org/#origin-header), even ``no-cors`` ones.

The decision, in order (the published algorithm of Go 1.25's
``net/http.CrossOriginProtection``, followed here with the CORS policy's
origins as the trusted ones, so that there is one list to keep):

1. ``GET``, ``HEAD`` and ``OPTIONS`` pass: they must not change state
   (https://www.rfc-editor.org/rfc/rfc9110#section-9.2.1), and a preflight
   is ``OPTIONS``.
2. ``Sec-Fetch-Site: same-origin`` or ``none`` passes.
3. Any other ``Sec-Fetch-Site`` (``cross-site``, ``same-site``, anything
   else) is refused, unless the policy allows the request's ``Origin``.
4. Without ``Sec-Fetch-Site``: without ``Origin`` either, the request is
   not from a browser (browsers send one of the two on such a request) and
   passes. An ``Origin`` naming the host the request was sent to passes;
   any other is refused, unless the policy allows it.

What "the policy allows the origin" means here: an entry that names it (a
literal, a wildcard origin, a regex, an origin callable). ``"*"`` does not:
``origins="*"`` says any site may read the answers, and is the default, so
a user who turns protection on without listing origins gets protection,
not a setting that trusts every site. ``null`` is trusted only where it is
listed, as for CORS. docs/security.md says what this protects against and
what it does not.

Pure like the rest of the core: request values in, a :class:`Protection`
out; no header is read twice, nothing is remembered.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Final

from .bounded import RegexBudget
from .decide import well_formed_origin
from .patterns import PatternSet
from .policy import Policy
from .request import DEFAULT_PORTS, RequestInfo, host_of

__all__ = [
    "SAFE_METHODS",
    "Guard",
    "Protection",
    "protect",
    "same_host",
    "trusts",
]

#: The methods that always pass: those that must not change state
#: (https://www.rfc-editor.org/rfc/rfc9110#section-9.2.1) that a browser
#: sends. ``TRACE`` is safe too, but no page can send it
#: (https://fetch.spec.whatwg.org/#forbidden-method).
SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})

# The Sec-Fetch-Site values that pass: the server's own origin, and a
# request the user made themselves
# (https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header).
_SAME_ORIGIN: Final = "same-origin"
_USER_INITIATED: Final = "none"


class Protection(enum.Enum):
    """What cross-site request protection decided for a request, and why.

    One member per rule of :func:`protect`; :attr:`allowed` says whether the
    request may reach the view.
    """

    #: ``GET``, ``HEAD`` or ``OPTIONS``: always passes.
    SAFE_METHOD = "safe-method"
    #: ``Sec-Fetch-Site: same-origin``: the server's own pages.
    SAME_ORIGIN = "same-origin"
    #: ``Sec-Fetch-Site: none``: the user typed the URL, used a bookmark...
    USER_INITIATED = "user-initiated"
    #: Neither ``Sec-Fetch-Site`` nor ``Origin``: not from a browser.
    NOT_FROM_A_BROWSER = "not-from-a-browser"
    #: No ``Sec-Fetch-Site`` (an older browser), and ``Origin`` names the
    #: host the request was sent to.
    ORIGIN_MATCHES_HOST = "origin-matches-host"
    #: From another origin, but the policy allows that origin.
    TRUSTED_ORIGIN = "trusted-origin"
    #: Refused: ``Sec-Fetch-Site`` says another origin's page made the
    #: request (``cross-site``, ``same-site``), and the policy does not
    #: allow its origin.
    CROSS_SITE = "cross-site"
    #: Refused: no ``Sec-Fetch-Site``, and ``Origin`` is neither the host the
    #: request was sent to nor allowed by the policy.
    ORIGIN_NOT_HOST = "origin-not-host"

    @property
    def allowed(self) -> bool:
        """Whether the request may reach the view."""
        return self is not Protection.CROSS_SITE and self is not Protection.ORIGIN_NOT_HOST


def protect(policy: Policy, info: RequestInfo, budget: RegexBudget | None = None) -> Protection:
    """Decide whether ``info`` may reach the view, under cross-site protection by ``policy``.

    ``policy`` is the CORS policy for the request's path: the origins it
    lists are the trusted ones (``"*"`` trusts none beyond them; see the
    module's documentation). Never raises for any request. Configured
    regexes and origin callables run as they do for
    :func:`~flask_cors.core.decide`, within ``budget``; a callable that
    raises does not trust the origin (the budget records it).
    """
    return Guard(policy).check(info, budget)


class Guard:
    """Decides cross-site request protection under one policy, as :func:`protect` does.

    Keep one per policy, as a :class:`~flask_cors.core.Decider`; the Flask
    shell keeps one per resource rule and decorated view.

    Attributes:
        policy: The policy whose origins are trusted.
        bounded: Whether trusting an origin may run a configured regex or an
            origin callable, and so draws on a
            :class:`~flask_cors.core.bounded.RegexBudget`.
    """

    __slots__ = ("_lists", "_origins", "bounded", "policy")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        origins = policy.origins
        self._origins = origins
        self.bounded = origins.needs_budget
        # Whether any origin is listed at all: without, nothing is trusted,
        # and no Origin need be looked at for it.
        self._lists = bool(
            origins.literals or origins.wildcards or origins.bounded or origins.checks
        )

    def __repr__(self) -> str:
        return f"Guard({self.policy!r})"

    def check(self, info: RequestInfo, budget: RegexBudget | None = None) -> Protection:
        """Return :func:`protect` for ``info`` under this guard's policy."""
        return self._check(info.method, info.sec_fetch_site, info.origin, info.host, budget)

    def check_environ(
        self, environ: Mapping[str, Any], budget: RegexBudget | None = None
    ) -> Protection:
        """Decide the request in a WSGI environ (PEP 3333).

        The same answer as ``self.check(RequestInfo.from_environ(environ), budget)``;
        a safe method is answered from the method alone.
        """
        get = environ.get
        method = get("REQUEST_METHOD")
        # As sent, nearly always: browsers upper-case these methods
        # (https://fetch.spec.whatwg.org/#concept-method-normalize).
        if type(method) is str and method in SAFE_METHODS:
            return Protection.SAFE_METHOD
        site = get("HTTP_SEC_FETCH_SITE")
        # The browser's own word, read before anything else is looked up.
        if site in (_SAME_ORIGIN, _USER_INITIATED):
            method = str(method or "GET").upper()
            if method not in SAFE_METHODS:
                return Protection.SAME_ORIGIN if site == _SAME_ORIGIN else Protection.USER_INITIATED
        origin = _text(get("HTTP_ORIGIN"))
        # Host is needed only without Sec-Fetch-Site, for an Origin to compare.
        host = host_of(environ) if origin and not site else None
        return self._check(str(method or "GET").upper(), _text(site), origin, host, budget)

    def _check(
        self,
        method: str,
        sec_fetch_site: str | None,
        origin: str | None,
        host: str | None,
        budget: RegexBudget | None,
    ) -> Protection:
        if method in SAFE_METHODS:
            return Protection.SAFE_METHOD
        if sec_fetch_site:
            if sec_fetch_site == _SAME_ORIGIN:
                return Protection.SAME_ORIGIN
            if sec_fetch_site == _USER_INITIATED:
                return Protection.USER_INITIATED
            # cross-site, same-site (a sibling subdomain is another origin,
            # and may be someone else's), or a value no browser sends.
            if origin and self._lists and trusts(self._origins, origin, budget):
                return Protection.TRUSTED_ORIGIN
            return Protection.CROSS_SITE
        if not origin:
            # Browsers send Origin with every request that is not GET or
            # HEAD (https://fetch.spec.whatwg.org/#origin-header), so this
            # one is from a program: it carries no cookie a browser holds.
            return Protection.NOT_FROM_A_BROWSER
        if same_host(origin, host):
            # An older browser's same-origin request. Host carries no scheme,
            # so http://host passes on an https server as well; HSTS closes
            # that, and every browser since 2023 sends Sec-Fetch-Site.
            return Protection.ORIGIN_MATCHES_HOST
        if self._lists and trusts(self._origins, origin, budget):
            return Protection.TRUSTED_ORIGIN
        return Protection.ORIGIN_NOT_HOST


def trusts(origins: PatternSet, origin: str, budget: RegexBudget | None = None) -> bool:
    """Whether cross-site request protection trusts ``origin`` under these origins.

    Only an entry that names it does: ``"*"`` does not (see the module's
    documentation), and an ``Origin`` value that is not a single origin
    never is.
    """
    if not well_formed_origin(origin):
        return False
    if budget is None and origins.needs_budget:
        budget = RegexBudget()
    return origins.matches_listed(origin, budget)


def same_host(origin: str, host: str | None) -> bool:
    """Whether a serialized origin names the host and port a request was sent to.

    ``Host`` has no scheme, so the scheme of ``origin`` only says which
    port is the default one, left out of either side
    (``https://example.com`` is ``example.com:443``). Hosts compare
    case-insensitively.
    """
    if not host:
        return False
    scheme, separator, authority = origin.partition("://")
    if not separator or not authority:
        return False
    default = DEFAULT_PORTS.get(scheme.lower())
    return _without_port(authority.lower(), default) == _without_port(host.lower(), default)


def _without_port(authority: str, default: str | None) -> str:
    """Return ``authority`` without ``:default`` at its end."""
    if default is not None and authority.endswith(f":{default}"):
        return authority[: -len(default) - 1]
    return authority


def _text(value: object) -> str | None:
    return None if value is None else str(value)
