"""explain(): a decision in sentences a person can act on.

decide() returns reason codes, which are cheap; this turns one into text,
which is not, so it is only done when someone will read it: a log line for
a refused request, the ``flask cors explain`` command, a debugging session.
Request-derived values are shown with repr() and cut short, so a hostile
header cannot forge log lines (CVE-2024-1681).
"""

from __future__ import annotations

from collections.abc import Sequence
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
    by = f" by {where}" if where is not None else ""
    origin = _shown(info.origin)
    reason = decision.reason
    if reason is Reason.ALLOWED:
        what = "preflight" if decision.is_preflight else f"{_shown(info.method)} request"
        detail = ""
        if decision.is_preflight:
            detail = f" for method {_shown(info.request_method)}"
            if info.request_headers:
                detail += f" with headers {_shown(info.request_headers)}"
        return f"{what} from origin {origin}{detail} is allowed{by}"
    if reason is Reason.NO_ORIGIN:
        sent = ""
        if any(name == ACL_ORIGIN for name, _ in decision.headers):
            sent = " (always_send=True adds CORS headers anyway)"
        return f"not a CORS request: it has no Origin header, so browsers check nothing{sent}"
    if reason is Reason.ORIGIN_NOT_ALLOWED:
        if info.origin == "null" and policy.origins.matches_all:
            return (
                f"origin 'null' is not allowed{by}: '*' does not cover the opaque origin "
                "'null' (sandboxed iframes, file: pages), which any site can produce; list "
                "'null' in origins to allow it anyway"
            )
        text = f"origin {origin} is not allowed{by}; allowed: {describe(policy.origins)}"
        if policy.origins.checks and not policy.origins.matches_all:
            asked = ", ".join(check_name(check) for check in policy.origins.checks)
            text += f"; the origin function {asked} answered False"
        # A configured literal that no browser sends may be the one meant.
        for literal in policy.origins.literals:
            meant = meant_origin(literal)
            if meant is not None and meant[0].lower() == (info.origin or "").lower():
                text += (
                    f"; {literal!r} never matches a browser's Origin (it {meant[1]}): "
                    f"did you mean {meant[0]!r}?"
                )
        return text
    if reason is Reason.ORIGIN_CHECK_FAILED:
        what = "; ".join(_failure(failure) for failure in failed) or (
            "an origin function ("
            + ", ".join(check_name(check) for check in policy.origins.checks)
            + ") failed"
        )
        return (
            f"origin {origin} is not allowed{by}: {what}; a function that raises or does not "
            "answer True or False refuses the origin (the flask_cors log has its traceback)"
        )
    if reason is Reason.REGEX_BUDGET:
        slow = [
            repr(regex.pattern)
            for regex in (*policy.origins.bounded, *policy.allow_headers.bounded)
            if not regex.fast
        ]
        return (
            f"request from origin {origin} was refused{by}: a configured regex "
            f"({', '.join(slow) or 'of this policy'}) did not finish within the regex budget "
            f"({REGEX_BUDGET_SECONDS * 1000:g} ms per request), so it did not match; a crafted "
            "request can do this to a regex that backtracks: rewrite it so that no part can "
            "match the same text in several ways"
        )
    if reason is Reason.INVALID_ORIGIN:
        return (
            f"the Origin header {origin} is not a single valid origin (at most "
            f"{MAX_ORIGIN_LENGTH} visible ASCII characters, no spaces or commas); "
            "it gets no CORS headers"
        )
    if reason is Reason.METHOD_NOT_ALLOWED:
        return (
            f"preflight from origin {origin} asks for method {_shown(info.request_method)}, "
            f"which is not allowed{by}; allowed methods: {policy.header_text.methods or 'none'}"
        )
    if reason is Reason.HEADERS_NOT_ALLOWED:
        refused = [
            name
            for name in (item.strip(" \t") for item in (info.request_headers or "").split(","))
            if name and not policy.allow_headers.matches(name)
        ]
        return (
            f"preflight from origin {origin} asks for headers {_shown(', '.join(refused))}, "
            f"which are not allowed{by}; allowed headers: {describe(policy.allow_headers)}"
        )
    if reason is Reason.INVALID_REQUEST_HEADERS:
        return (
            f"preflight from origin {origin} has a malformed Access-Control-Request-Headers "
            f"{_shown(info.request_headers)} (a comma-separated list of header names, at "
            f"most {MAX_REQUEST_HEADERS_LENGTH} characters); no headers are allowed"
        )
    return (
        f"preflight from origin {origin} asks for private network access, which is not "
        f"allowed{by}; set allow_private_network=True to allow it"
    )


def _failure(failure: CheckFailure) -> str:
    """Say what an origin function did wrong, its message cut short."""
    error = failure.error
    message = str(error)
    if len(message) > _SHOWN_VALUE:
        message = message[:_SHOWN_VALUE] + "..."
    return f"{check_name(failure.check)} raised {type(error).__qualname__}({message!r})"


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
        One or two sentences; for a refusal, how to allow the origin.
    """
    by = f" of {where}" if where is not None else ""
    what = f"{shown_method(info.method)} request"
    origin = _shown(info.origin)
    site = _shown(info.sec_fetch_site)
    if verdict is Protection.SAFE_METHOD:
        return f"{what} passes cross-site protection: GET, HEAD and OPTIONS always do"
    if verdict is Protection.SAME_ORIGIN:
        return (
            f"{what} passes cross-site protection: the browser says a page of this origin "
            "sent it (Sec-Fetch-Site: 'same-origin')"
        )
    if verdict is Protection.USER_INITIATED:
        return (
            f"{what} passes cross-site protection: the user made it, not a page "
            "(Sec-Fetch-Site: 'none')"
        )
    if verdict is Protection.NOT_FROM_A_BROWSER:
        return (
            f"{what} passes cross-site protection: it has neither Sec-Fetch-Site nor Origin, "
            "which browsers send, so it is not from a browser"
        )
    if verdict is Protection.ORIGIN_MATCHES_HOST:
        return (
            f"{what} passes cross-site protection: without Sec-Fetch-Site (an older browser), "
            f"its Origin {origin} names the host it was sent to ({_shown(info.host)})"
        )
    if verdict is Protection.TRUSTED_ORIGIN:
        return (
            f"{what} from origin {origin} passes cross-site protection{by}: the CORS origins "
            "allow it"
        )
    if verdict is Protection.CROSS_SITE:
        because = f"the browser says another site's page sent it (Sec-Fetch-Site: {site})"
    else:
        because = (
            f"it has no Sec-Fetch-Site (a browser from before 2023?) and its Origin is not the "
            f"host it was sent to ({_shown(info.host)})"
        )
    text = (
        f"{what} from origin {origin} was refused by cross-site protection{by}: {because}, "
        f"and the CORS origins do not list it; trusted: {describe(policy.origins, star=False)}"
    )
    if policy.origins.matches_all:
        text += (
            " ('*' lets every site read responses but trusts none to send them: protection "
            "trusts only the origins listed)"
        )
    return (
        f"{text}; to let that page send it, list its origin in origins, or exempt the view "
        "or blueprint with cross_site_exempt()"
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


def describe(entries: PatternSet, *, star: bool = True) -> str:
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
