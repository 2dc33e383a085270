"""explain(): a decision in sentences a person can act on.

decide() returns reason codes, which are cheap; this turns one into text,
which is not, so it is only done when someone will read it: a log line for
a refused request, the ``flask cors explain`` command, a debugging session.
Request-derived values are shown with repr() and cut short, so a hostile
header cannot forge log lines (CVE-2024-1681).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

from .checks import CheckFailure, check_name
from .constants import ACL_ORIGIN
from .decision import Decision, Reason
from .limits import MAX_ORIGIN_LENGTH, MAX_REQUEST_HEADERS_LENGTH, REGEX_BUDGET_SECONDS
from .origins import meant_origin
from .patterns import TOKEN, PatternSet
from .policy import Policy
from .protection import Protection
from .request import RequestInfo

__all__ = [
    "PROTECTION_SENTENCES",
    "SENTENCES",
    "explain",
    "explain_protection",
    "shown_method",
]


_SHOWN_VALUE: Final = 80
_SHOWN_ENTRIES: Final = 5


def explain(
    policy: Policy,
    info: RequestInfo,
    decision: Decision,
    *,
    where: str | None = None,
    failed: Sequence[CheckFailure] = (),
) -> str:
    """Say why ``decision`` is what ``policy`` decided for ``info``.

    Args:
        policy: The policy the decision was made under.
        info: The request it was made for.
        decision: What :func:`~flask_cors.core.decide` returned.
        where: What chose the policy, for the text, such as ``"rule '/api/*'"``.
        failed: The origin functions that failed while deciding (the
            request budget's :attr:`~flask_cors.core.bounded.RegexBudget.failed`),
            named with what they raised.

    Returns:
        One or two sentences, such as ``"origin 'http://localhost:3000' is
        not allowed by rule '/api/*'; allowed: 'https://app.example.com'"``.
    """
    said = _Said(policy, info, decision, f" by {where}" if where is not None else "", failed)
    return SENTENCES[decision.reason](said)


class _Said:
    """What every sentence may draw on: the decision, its request and policy, who decided."""

    __slots__ = ("by", "decision", "failed", "info", "origin", "policy")

    def __init__(
        self,
        policy: Policy,
        info: RequestInfo,
        decision: Decision,
        by: str,
        failed: Sequence[CheckFailure] = (),
    ) -> None:
        self.policy = policy
        self.info = info
        self.decision = decision
        self.by = by
        self.failed = failed
        self.origin = _shown(info.origin)


def _allowed(said: _Said) -> str:
    info = said.info
    if not said.decision.is_preflight:
        return f"{_shown(info.method)} request from origin {said.origin} is allowed{said.by}"
    detail = f" for method {_shown(info.request_method)}"
    if info.request_headers:
        detail += f" with headers {_shown(info.request_headers)}"
    return f"preflight from origin {said.origin}{detail} is allowed{said.by}"


def _no_origin(said: _Said) -> str:
    sent = ""
    if any(name == ACL_ORIGIN for name, _ in said.decision.headers):
        sent = " (always_send=True adds CORS headers anyway)"
    return f"not a CORS request: it has no Origin header, so browsers check nothing{sent}"


def _origin_not_allowed(said: _Said) -> str:
    origins = said.policy.origins
    if said.info.origin == "null" and origins.matches_all:
        return (
            f"origin 'null' is not allowed{said.by}: '*' does not cover the opaque origin "
            "'null' (sandboxed iframes, file: pages), which any site can produce; list "
            "'null' in origins to allow it anyway"
        )
    text = f"origin {said.origin} is not allowed{said.by}; allowed: {_describe(origins)}"
    if origins.checks and not origins.matches_all:
        asked = ", ".join(check_name(check) for check in origins.checks)
        text += f"; the origin function {asked} answered False"
    # A configured literal that no browser sends may be the one meant.
    for literal in origins.literals:
        meant = meant_origin(literal)
        if meant is not None and meant[0].lower() == (said.info.origin or "").lower():
            text += (
                f"; {literal!r} never matches a browser's Origin (it {meant[1]}): "
                f"did you mean {meant[0]!r}?"
            )
    return text


def _origin_check_failed(said: _Said) -> str:
    what = "; ".join(_failure(failure) for failure in said.failed) or (
        "an origin function ("
        + ", ".join(check_name(check) for check in said.policy.origins.checks)
        + ") failed"
    )
    return (
        f"origin {said.origin} is not allowed{said.by}: {what}; a function that raises or "
        "does not answer True or False refuses the origin (the flask_cors log has its "
        "traceback)"
    )


def _failure(failure: CheckFailure) -> str:
    """Say what an origin function did wrong, its message cut short."""
    error = failure.error
    message = str(error)
    if len(message) > _SHOWN_VALUE:
        message = message[:_SHOWN_VALUE] + "..."
    return f"{check_name(failure.check)} raised {type(error).__qualname__}({message!r})"


def _regex_budget(said: _Said) -> str:
    policy = said.policy
    slow = [
        repr(regex.pattern)
        for regex in (*policy.origins.bounded, *policy.allow_headers.bounded)
        if not regex.fast
    ]
    return (
        f"request from origin {said.origin} was refused{said.by}: a configured regex "
        f"({', '.join(slow) or 'of this policy'}) did not finish within the regex budget "
        f"({REGEX_BUDGET_SECONDS * 1000:g} ms per request), so it did not match; a crafted "
        "request can do this to a regex that backtracks: rewrite it so that no part can "
        "match the same text in several ways"
    )


def _invalid_origin(said: _Said) -> str:
    return (
        f"the Origin header {said.origin} is not a single valid origin (at most "
        f"{MAX_ORIGIN_LENGTH} visible ASCII characters, no spaces or commas); "
        "it gets no CORS headers"
    )


def _method_not_allowed(said: _Said) -> str:
    methods = said.policy.header_text.methods or "none"
    return (
        f"preflight from origin {said.origin} asks for method "
        f"{_shown(said.info.request_method)}, which is not allowed{said.by}; "
        f"allowed methods: {methods}"
    )


def _headers_not_allowed(said: _Said) -> str:
    allow = said.policy.allow_headers
    refused = [
        name
        for name in (item.strip(" \t") for item in (said.info.request_headers or "").split(","))
        if name and not allow.matches(name)
    ]
    return (
        f"preflight from origin {said.origin} asks for headers {_shown(', '.join(refused))}, "
        f"which are not allowed{said.by}; allowed headers: {_describe(allow)}"
    )


def _invalid_request_headers(said: _Said) -> str:
    return (
        f"preflight from origin {said.origin} has a malformed Access-Control-Request-Headers "
        f"{_shown(said.info.request_headers)} (a comma-separated list of header names, at "
        f"most {MAX_REQUEST_HEADERS_LENGTH} characters); no headers are allowed"
    )


def _private_network_not_allowed(said: _Said) -> str:
    return (
        f"preflight from origin {said.origin} asks for private network access, which is not "
        f"allowed{said.by}; set allow_private_network=True to allow it"
    )


#: The sentence for each :class:`~flask_cors.core.Reason`: every reason has one
#: (a test holds the keys to the enum).
SENTENCES: Final[Mapping[Reason, Callable[[_Said], str]]] = MappingProxyType(
    {
        Reason.ALLOWED: _allowed,
        Reason.NO_ORIGIN: _no_origin,
        Reason.ORIGIN_NOT_ALLOWED: _origin_not_allowed,
        Reason.INVALID_ORIGIN: _invalid_origin,
        Reason.METHOD_NOT_ALLOWED: _method_not_allowed,
        Reason.HEADERS_NOT_ALLOWED: _headers_not_allowed,
        Reason.INVALID_REQUEST_HEADERS: _invalid_request_headers,
        Reason.PRIVATE_NETWORK_NOT_ALLOWED: _private_network_not_allowed,
        Reason.REGEX_BUDGET: _regex_budget,
        Reason.ORIGIN_CHECK_FAILED: _origin_check_failed,
    }
)


def explain_protection(
    policy: Policy, info: RequestInfo, verdict: Protection, *, where: str | None = None
) -> str:
    """Say why cross-site request protection let ``info`` through or refused it.

    Args:
        policy: The CORS policy whose origins protection trusts.
        info: The request.
        verdict: What :func:`~flask_cors.core.protect` returned.
        where: What chose the policy, such as ``"rule '/api/*'"``.

    Returns:
        One or two sentences; for a refusal, how to let the page send it.
    """
    said = _Guarded(policy, info, f" of {where}" if where is not None else "")
    return PROTECTION_SENTENCES[verdict](said)


class _Guarded:
    """What every protection sentence may draw on: the request, the policy, who decided."""

    __slots__ = ("info", "of", "origin", "policy", "what")

    def __init__(self, policy: Policy, info: RequestInfo, of: str) -> None:
        self.policy = policy
        self.info = info
        self.of = of
        self.origin = _shown(info.origin)
        self.what = f"{shown_method(info.method)} request"


def _safe_method(said: _Guarded) -> str:
    return f"{said.what} passes cross-site protection: GET, HEAD and OPTIONS always do"


def _same_origin(said: _Guarded) -> str:
    return (
        f"{said.what} passes cross-site protection: the browser says a page of this origin "
        "sent it (Sec-Fetch-Site: 'same-origin')"
    )


def _user_initiated(said: _Guarded) -> str:
    return (
        f"{said.what} passes cross-site protection: the user made it, not a page "
        "(Sec-Fetch-Site: 'none')"
    )


def _not_from_a_browser(said: _Guarded) -> str:
    return (
        f"{said.what} passes cross-site protection: it has neither Sec-Fetch-Site nor Origin, "
        "which browsers send, so it is not from a browser"
    )


def _origin_matches_host(said: _Guarded) -> str:
    return (
        f"{said.what} passes cross-site protection: without Sec-Fetch-Site (an older browser), "
        f"its Origin {said.origin} names the host it was sent to ({_shown(said.info.host)})"
    )


def _trusted_origin(said: _Guarded) -> str:
    return (
        f"{said.what} from origin {said.origin} passes cross-site protection{said.of}: the "
        "CORS origins allow it"
    )


def _cross_site(said: _Guarded) -> str:
    because = (
        "the browser says another site's page sent it (Sec-Fetch-Site: "
        f"{_shown(said.info.sec_fetch_site)})"
    )
    return _refused(said, because)


def _origin_not_host(said: _Guarded) -> str:
    because = (
        "it has no Sec-Fetch-Site (a browser from before 2023?) and its Origin is not the "
        f"host it was sent to ({_shown(said.info.host)})"
    )
    return _refused(said, because)


def _refused(said: _Guarded, because: str) -> str:
    origins = said.policy.origins
    text = (
        f"{said.what} from origin {said.origin} was refused by cross-site protection{said.of}: "
        f"{because}, and the CORS origins do not list it; trusted: "
        f"{_describe(origins, star=False)}"
    )
    if origins.matches_all:
        text += (
            " ('*' lets every site read responses but trusts none to send them: protection "
            "trusts only the origins listed)"
        )
    return (
        f"{text}; to let that page send it, list its origin in origins, or exempt the view "
        "or blueprint with cross_site_exempt()"
    )


#: The sentence for each :class:`~flask_cors.core.Protection` (a test holds
#: the keys to the enum).
PROTECTION_SENTENCES: Final[Mapping[Protection, Callable[[_Guarded], str]]] = MappingProxyType(
    {
        Protection.SAFE_METHOD: _safe_method,
        Protection.SAME_ORIGIN: _same_origin,
        Protection.USER_INITIATED: _user_initiated,
        Protection.NOT_FROM_A_BROWSER: _not_from_a_browser,
        Protection.ORIGIN_MATCHES_HOST: _origin_matches_host,
        Protection.TRUSTED_ORIGIN: _trusted_origin,
        Protection.CROSS_SITE: _cross_site,
        Protection.ORIGIN_NOT_HOST: _origin_not_host,
    }
)


def shown_method(method: str) -> str:
    """Return a request method as a log line may show it: bare if it is a token, else escaped.

    HTTP methods are tokens (https://www.rfc-editor.org/rfc/rfc9110#section-9.1),
    but a lenient server
    (Werkzeug's development server) passes on any bytes, terminal escapes
    included; those are shown with repr() so they cannot forge a log line.
    """
    if len(method) <= _SHOWN_VALUE and TOKEN.fullmatch(method):
        return method
    return _shown(method)


def _shown(value: str | None) -> str:
    """Return a request value quoted and cut short, safe to put in a log line."""
    if value is None:
        return "(none)"
    if len(value) > _SHOWN_VALUE:
        return repr(value[:_SHOWN_VALUE]) + f"... ({len(value)} characters)"
    return repr(value)


def _describe(entries: PatternSet, *, star: bool = True) -> str:
    """List a pattern set's entries for a person, the first few only.

    With ``star=False``, ``"*"`` is left out and the other entries listed.
    """
    if entries.matches_all and star:
        return "any ('*')"
    shown = [repr(text) for text in entries.literals]
    shown += [repr(wildcard.text) for wildcard in entries.wildcards]
    shown += [f"regex {pattern.pattern!r}" for pattern in entries.patterns]
    shown += [f"function {check_name(check)}" for check in entries.checks]
    if not shown:
        return "none"
    more = len(shown) - _SHOWN_ENTRIES
    listed = ", ".join(shown[:_SHOWN_ENTRIES])
    return f"{listed} and {more} more" if more > 0 else listed
