"""lint(): what in a valid policy is probably a security mistake.

Each finding is a configuration that works but lets more sites read
responses than its author likely meant. The Flask shell turns findings into
:class:`~flask_cors.core.errors.InsecureCORSWarning` at startup; ``flask
cors check`` prints them. The rules follow the Fetch standard's CORS protocol
(section 3.2) and the mistakes CORS users keep reporting.
"""

from __future__ import annotations

import re
from typing import Final

from .errors import Problem
from .policy import Policy

# Two origins of unrelated sites: a regex that matches both is a catch-all.
_STRANGERS: Final = ("https://attacker.example", "http://evil.test:8080")
_END_ANCHORS: Final = ("$", r"\Z", r"\z")
_LOOPBACK_HOSTS: Final = re.compile(
    r"http://(localhost|127(\.\d{1,3}){3}|\[::1\])(:(\d+|\*))?\Z", re.IGNORECASE
)


def lint(policy: Policy) -> tuple[Problem, ...]:
    """Return the insecure parts of a policy, each with the option and a safer alternative."""
    findings: list[Problem] = []
    origins = policy.origins
    credentials = policy.supports_credentials
    catch_all = [p for p in origins.patterns if all(p.match(o) for o in _STRANGERS)]
    if credentials and (origins.matches_all or catch_all):
        shown = "*" if origins.matches_all else catch_all[0].pattern
        findings.append(
            Problem(
                "origins",
                shown,
                "with supports_credentials=True lets every site read responses made with "
                "the user's cookies: any origin is echoed back as allowed",
                "list the origins that may send credentials, such as "
                "origins=['https://app.example.com']",
            )
        )
    for pattern in origins.patterns:
        if pattern in catch_all or pattern.pattern.endswith(_END_ANCHORS):
            continue
        example = _longer_match(pattern)
        such_as = f", such as {example!r}" if example else ""
        findings.append(
            Problem(
                "origins",
                pattern.pattern,
                "is a regex not anchored at the end, so it also matches every origin that "
                f"merely starts with a match{such_as}",
                "end the regex with '$', or use a wildcard origin such as 'https://*.example.com'",
            )
        )
    null_entries = [text for text in origins.literals if text.lower() == "null"]
    null_entries += [p.pattern for p in origins.patterns if p.match("null") and p not in catch_all]
    findings.extend(
        Problem(
            "origins",
            text,
            "allows the opaque origin 'null', which sandboxed iframes, file: pages and "
            "some redirects send, and which any site can produce",
            "list the real origins of the pages that call this API",
        )
        for text in null_entries
    )
    if credentials:
        insecure = [text for text in origins.literals if _plain_http(text)]
        insecure += [w.text for w in origins.wildcards if _plain_http(w.text)]
        findings.extend(
            Problem(
                "origins",
                text,
                "is plain http with supports_credentials=True: anyone on the network path "
                "can inject a script into that origin and read responses made with the "
                "user's cookies",
                f"serve the page over https and allow {'https' + text[4:]!r}",
            )
            for text in insecure
        )
    return tuple(findings)


def _plain_http(origin: str) -> bool:
    return origin.lower().startswith("http://") and not _LOOPBACK_HOSTS.match(origin)


def _longer_match(pattern: re.Pattern[str]) -> str | None:
    """Return an origin an unanchored regex matches that its author did not mean, if found."""
    # Turn the regex into a plausible origin it matches (checked below),
    # then extend the host with another site's domain.
    text = pattern.pattern.lstrip("^")
    text = re.sub(r"\((?:\?:)?[^()]*\)\?", "", text)  # optional groups: left out
    text = re.sub(r"\((?:\?:)?([^()|]*)(?:\|[^()]*)?\)", r"\1", text)  # groups: first branch
    text = re.sub(r"\[[^\]]*\][*+?]?", "a", text)  # character classes: one letter
    text = re.sub(r"\\d\{(\d+)\}", lambda m: "8" * int(m[1]), text)  # counted digits
    text = re.sub(r"\\d[*+]?", "8", text)  # digits: one digit
    text = re.sub(r"\\w[*+]?", "a", text)  # word characters: one letter
    text = re.sub(r"(?<!\\)\.[*+]", "app", text)  # any run of characters: a word
    text = re.sub(r"(?<!\\)[?*+]|\{[^}]*\}", "", text)  # other quantifiers: once
    text = re.sub(r"\\(.)", r"\1", text)  # escapes: the character itself
    candidate = f"{text}.attacker.net"
    if pattern.match(text) and pattern.match(candidate):
        return candidate
    return None
