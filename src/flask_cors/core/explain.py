"""explain(): a decision in sentences a person can act on.

decide() returns reason codes, which are cheap; this turns one into text,
which is not, so it is only done when someone will read it: a log line for
a refused request, the ``flask cors explain`` command, a debugging session.
Request-derived values are shown with repr() and cut short, so a hostile
header cannot forge log lines (CVE-2024-1681).
"""

from __future__ import annotations

from typing import Final

from .constants import ACL_ORIGIN
from .decision import Decision, Reason
from .limits import MAX_ORIGIN_LENGTH, MAX_REQUEST_HEADERS_LENGTH, REGEX_BUDGET_SECONDS
from .origins import meant_origin
from .patterns import TOKEN, PatternSet
from .policy import Policy
from .request import RequestInfo

_SHOWN_VALUE: Final = 80
_SHOWN_ENTRIES: Final = 5


def explain(
    policy: Policy, info: RequestInfo, decision: Decision, *, where: str | None = None
) -> str:
    """Say why ``decision`` is what ``policy`` decided for ``info``.

    Args:
        policy: The policy the decision was made under.
        info: The request it was made for.
        decision: What :func:`~flask_cors.core.decide` returned.
        where: What chose the policy, for the text, such as ``"rule '/api/*'"``.

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
        # A configured literal that no browser sends may be the one meant.
        for literal in policy.origins.literals:
            meant = meant_origin(literal)
            if meant is not None and meant[0].lower() == (info.origin or "").lower():
                text += (
                    f"; {literal!r} never matches a browser's Origin (it {meant[1]}): "
                    f"did you mean {meant[0]!r}?"
                )
        return text
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


def describe(entries: PatternSet) -> str:
    """List a pattern set's entries for a person, the first few only."""
    if entries.matches_all:
        return "any ('*')"
    shown = [repr(text) for text in entries.literals]
    shown += [repr(wildcard.text) for wildcard in entries.wildcards]
    shown += [f"regex {pattern.pattern!r}" for pattern in entries.patterns]
    if not shown:
        return "none"
    more = len(shown) - _SHOWN_ENTRIES
    listed = ", ".join(shown[:_SHOWN_ENTRIES])
    return f"{listed} and {more} more" if more > 0 else listed
