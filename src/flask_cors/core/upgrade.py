"""What a configuration written for flask-cors 6 now means differently.

A few strings meant something else to flask-cors 6.0.5. Where the new
meaning allows more than the old one did, upgrading changes who may read
responses, and the configuration's author should hear of it once. These
notes are warnings only: strict mode, for configuration written for this
package, leaves them out.
"""

from __future__ import annotations

from .errors import Problem
from .policy import Policy

__all__ = [
    "upgrade_notes",
]


def upgrade_notes(policy: Policy) -> tuple[Problem, ...]:
    """Return the notes on options whose meaning changed since flask-cors 6.0.5.

    A wildcard origin such as ``"https://*.example.com"`` was a regex to
    flask-cors 6: it matched ``https://example.com`` and look-alikes such as
    ``https://aexample.com``, and no subdomain. It now allows every subdomain.
    With credentials, that change is worth a word.
    """
    if not policy.supports_credentials:
        return ()
    return tuple(
        Problem(
            "origins",
            wildcard.text,
            "allows every subdomain with credentials; flask-cors 6 read it as a regex that "
            f"allowed no subdomain, only {_apex(wildcard.text)!r} and look-alikes such as "
            f"{_lookalike(wildcard.text)!r}",
            "keep it if every subdomain may read responses made with the user's cookies; "
            "otherwise list the origins that may",
        )
        for wildcard in policy.origins.wildcards
        if wildcard.suffix
    )


def _apex(text: str) -> str:
    """``https://*.example.com`` -> ``https://example.com``."""
    return text.replace("*.", "", 1)


def _lookalike(text: str) -> str:
    """``https://*.example.com`` -> ``https://aexample.com``, which flask-cors 6's regex matched."""
    return text.replace("*.", "a", 1)
