"""flask-cors 6's module-level helpers, kept importable from ``flask_cors.core``.

Real projects import these names from ``flask_cors.core``. They behave as in
flask-cors 6.0.5, as a thin layer over the new core; new code should use
:class:`~flask_cors.core.Policy` and :func:`~flask_cors.core.decide`
instead. ``__all__`` lists the flask-cors 6.0.5 names defined in the core:
``flask_cors.core`` imports exactly these, and leaves them out of its own
``__all__``. The helpers that need Flask live in :mod:`flask_cors.legacy`,
which ``flask_cors.core`` loads only when one of them is asked for.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeAlias

from .decide import allowed_headers, decide
from .patterns import EntriesInput, Entry, as_entries, looks_like_regex
from .policy import HeaderNamesInput, MaxAgeInput, MethodsInput, Policy
from .request import RequestInfo
from .resources import ResourcesInput
from .vocabulary import FLASK_CORS_6_CONFIG_KEYS, flask_cors_6_defaults, sort_options

__all__ = [
    "CONFIG_OPTIONS",
    "DEFAULT_OPTIONS",
    "FLASK_CORS_EVALUATED",
    "LOG",
    "ExposeHeadersInput",
    "HeadersInput",
    "MaxAgeInput",
    "MethodsInput",
    "OriginsInput",
    "RegexObject",
    "ResourcePattern",
    "ResourceSpec",
    "ensure_iterable",
    "flexible_str",
    "get_allow_headers",
    "get_cors_origins",
    "get_regexp_pattern",
    "probably_regex",
    "re_fix",
    "sanitize_regex_param",
    "serialize_options",
    "try_match_any_pattern",
    "try_match_pattern",
]

# flask-cors 6.0.5's type aliases, for code annotated with them
# (MaxAgeInput and MethodsInput are the Policy's own).
#: A literal or regex string, or a compiled regex.
ResourcePattern: TypeAlias = Entry
#: What ``resources`` accepts.
ResourceSpec: TypeAlias = ResourcesInput
#: What ``origins`` accepts.
OriginsInput: TypeAlias = EntriesInput
#: What ``allow_headers`` accepts.
HeadersInput: TypeAlias = EntriesInput
#: What ``expose_headers`` accepts.
ExposeHeadersInput: TypeAlias = HeaderNamesInput

LOG: Final = logging.getLogger("flask_cors.core")

#: The ``app.config`` keys read, one per option.
CONFIG_OPTIONS: Final = list(FLASK_CORS_6_CONFIG_KEYS)

#: flask-cors's defaults, as raw option values.
DEFAULT_OPTIONS: Final[dict[str, Any]] = flask_cors_6_defaults()

#: The attribute flask-cors 6 set on a response its decorator handled.
FLASK_CORS_EVALUATED: Final = "_FLASK_CORS_EVALUATED"

#: The type of a compiled regex.
RegexObject: Final = re.Pattern


def probably_regex(maybe_regex: Entry) -> bool:
    """Return whether an entry is, or looks like, a regex."""
    return isinstance(maybe_regex, re.Pattern) or looks_like_regex(maybe_regex)


def re_fix(reg: Entry) -> Entry:
    """Return ``".*"`` for ``"*"`` (not a valid regex), else ``reg`` unchanged."""
    return r".*" if reg == r"*" else reg


def try_match_pattern(value: Any, pattern: Entry, caseSensitive: bool = True) -> bool:
    """Match ``value`` against a compiled regex (from the start) or a literal."""
    if isinstance(pattern, re.Pattern):
        return bool(pattern.match(value))
    if caseSensitive:
        return str(value) == str(pattern)
    return str(value).casefold() == str(pattern).casefold()


def try_match_any_pattern(
    inst: str,
    patterns: Iterable[Entry],
    caseSensitive: bool = True,
) -> bool:
    """Return whether ``inst`` matches any of ``patterns`` (see try_match_pattern)."""
    return any(try_match_pattern(inst, pattern, caseSensitive) for pattern in patterns)


def flexible_str(obj: Any) -> str | None:
    """Return a string as is, an iterable sorted and joined with ", ", None as None."""
    if obj is None:
        return None
    if not isinstance(obj, str) and isinstance(obj, Iterable):
        return ", ".join(str(item) for item in sorted(obj))
    return str(obj)


def ensure_iterable(inst: Any) -> Iterable[Any]:
    """Wrap a string or a non-iterable in a list; return other iterables as is."""
    if isinstance(inst, str) or not isinstance(inst, Iterable):
        return [inst]
    return inst


def sanitize_regex_param(param: Any) -> list[Entry]:
    """Return ``param`` as a list of entries, with ``"*"`` turned into ``".*"``."""
    return [re_fix(entry) for entry in as_entries(param)]  # type: ignore[arg-type]


def get_regexp_pattern(regexp: Entry) -> str:
    """Return a regex's pattern text, or the string itself."""
    return regexp.pattern if isinstance(regexp, re.Pattern) else str(regexp)


def serialize_options(opts: Mapping[str, Any]) -> Policy:
    """Build a :class:`Policy` from raw options, warning about unknown names.

    flask-cors returned its private options object; this returns the Policy
    that replaces it. Shell-only options are accepted and left out.
    """
    options = sort_options(opts)
    for key in options.unknown:
        LOG.warning("Unknown option passed to Flask-CORS: %r", key)
    return Policy.from_options(options.policy)


def get_cors_origins(options: Policy, request_origin: str | None) -> list[str] | None:
    """Return the ``Access-Control-Allow-Origin`` values for an origin, or None."""
    if not request_origin and options.always_send and not options.origins.matches_all:
        # flask-cors listed every literal origin here, although only the
        # first of them ever reached the response.
        return sorted(options.origins.literals)
    headers = decide(options, RequestInfo("GET", origin=request_origin)).headers
    values = [value for name, value in headers if name == "Access-Control-Allow-Origin"]
    return values or None


def get_allow_headers(options: Policy, acl_request_headers: str | None) -> str | None:
    """Return the allowed subset of requested headers, joined, or None if none were asked."""
    if not acl_request_headers:
        return None
    return allowed_headers(options.allow_headers, acl_request_headers)[0]
