"""The pure core of flask_cors: configuration in, header decisions out.

The rule of this package: no Flask, no Werkzeug, no I/O, no globals. A
:class:`Policy` (built and checked once) and a :class:`RequestInfo` (a
snapshot of one request) go into :func:`decide`; a :class:`Decision` comes
out. That makes the core usable in any server, and testable without one.
A test enforces the rule.

flask-cors 6 exposed helper functions from this module; they are kept (see
:mod:`flask_cors.core.compat`). The few that need Flask are loaded from
:mod:`flask_cors.legacy` only when asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .compat import (
    CONFIG_OPTIONS,
    DEFAULT_OPTIONS,
    FLASK_CORS_EVALUATED,
    LOG,
    SHELL_OPTIONS,
    RegexObject,
    ensure_iterable,
    flexible_str,
    get_allow_headers,
    get_cors_origins,
    get_regexp_pattern,
    probably_regex,
    re_fix,
    sanitize_regex_param,
    serialize_options,
    try_match_any_pattern,
    try_match_pattern,
)
from .constants import (
    ACL_ALLOW_HEADERS,
    ACL_CREDENTIALS,
    ACL_EXPOSE_HEADERS,
    ACL_MAX_AGE,
    ACL_METHODS,
    ACL_ORIGIN,
    ACL_REQUEST_HEADER_PRIVATE_NETWORK,
    ACL_REQUEST_HEADERS,
    ACL_REQUEST_METHOD,
    ACL_RESPONSE_PRIVATE_NETWORK,
    ALL_METHODS,
)
from .decide import (
    MAX_ORIGIN_LENGTH,
    MAX_REQUEST_HEADERS_ITEMS,
    MAX_REQUEST_HEADERS_LENGTH,
    decide,
    decide_environ,
)
from .decision import Decision, Reason
from .errors import ConfigurationError, InsecureCORSWarning, Problem
from .explain import explain
from .lint import lint
from .patterns import PatternSet
from .policy import POLICY_OPTIONS, UNSET, Policy
from .request import RequestInfo
from .resources import MAX_PATH_LENGTH, Resources, Rule, parse_resources
from .response import join_lines

if TYPE_CHECKING:
    # Typed for checkers; at run time loaded on first use by __getattr__.
    from ..legacy import get_app_kwarg_dict as get_app_kwarg_dict
    from ..legacy import get_cors_headers as get_cors_headers
    from ..legacy import get_cors_options as get_cors_options
    from ..legacy import set_cors_headers as set_cors_headers

__all__ = [
    "ACL_ALLOW_HEADERS",
    "ACL_CREDENTIALS",
    "ACL_EXPOSE_HEADERS",
    "ACL_MAX_AGE",
    "ACL_METHODS",
    "ACL_ORIGIN",
    "ACL_REQUEST_HEADERS",
    "ACL_REQUEST_HEADER_PRIVATE_NETWORK",
    "ACL_REQUEST_METHOD",
    "ACL_RESPONSE_PRIVATE_NETWORK",
    "ALL_METHODS",
    "CONFIG_OPTIONS",
    "DEFAULT_OPTIONS",
    "FLASK_CORS_EVALUATED",
    "LOG",
    "MAX_ORIGIN_LENGTH",
    "MAX_PATH_LENGTH",
    "MAX_REQUEST_HEADERS_ITEMS",
    "MAX_REQUEST_HEADERS_LENGTH",
    "POLICY_OPTIONS",
    "SHELL_OPTIONS",
    "UNSET",
    "ConfigurationError",
    "Decision",
    "InsecureCORSWarning",
    "PatternSet",
    "Policy",
    "Problem",
    "Reason",
    "RegexObject",
    "RequestInfo",
    "Resources",
    "Rule",
    "decide",
    "decide_environ",
    "ensure_iterable",
    "explain",
    "flexible_str",
    "get_allow_headers",
    "get_cors_origins",
    "get_regexp_pattern",
    "join_lines",
    "lint",
    "parse_resources",
    "probably_regex",
    "re_fix",
    "sanitize_regex_param",
    "serialize_options",
    "try_match_any_pattern",
    "try_match_pattern",
]

# flask-cors 6 helpers that need Flask: loaded on first use (PEP 562), so
# importing the core never imports Flask.
_NEEDS_FLASK = frozenset(
    {"get_app_kwarg_dict", "get_cors_headers", "get_cors_options", "set_cors_headers"}
)


def __getattr__(name: str) -> Any:
    if name in _NEEDS_FLASK:
        return getattr(importlib.import_module("flask_cors.legacy"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
