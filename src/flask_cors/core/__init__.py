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
from typing import TYPE_CHECKING

from .browser import (
    CHROMIUM_MAX_AGE_CAP,
    CHROMIUM_MESSAGES,
    DEFAULT_MAX_AGE,
    BrowserRequest,
    BrowserResponse,
    CorsError,
    PreflightAnswer,
    PreflightCache,
    Step,
    Verdict,
    check_preflight,
    chromium_message,
    cors_check,
    is_safelisted_method,
    is_safelisted_request_header,
    judge,
    needs_preflight,
    normalize_method,
    preflight_headers,
    readable_headers,
    unsafe_request_header_names,
)
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

# flask-cors 6.0.5's type aliases, kept importable for code annotated with them.
from .compat import ExposeHeadersInput as ExposeHeadersInput
from .compat import HeadersInput as HeadersInput
from .compat import OriginsInput as OriginsInput
from .compat import ResourcePattern as ResourcePattern
from .compat import ResourceSpec as ResourceSpec
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
from .errors import ConfigurationError, CORSConfigWarning, InsecureCORSWarning, Problem
from .explain import explain
from .lint import lint
from .patterns import PatternSet
from .policy import POLICY_OPTIONS, UNSET, Policy
from .policy import MaxAgeInput as MaxAgeInput
from .policy import MethodsInput as MethodsInput
from .request import RequestInfo
from .resources import MAX_PATH_LENGTH, Resources, Rule, parse_resources
from .response import join_lines

if TYPE_CHECKING:
    # Typed for checkers; at run time loaded on first use by __getattr__.
    from ..legacy import get_app_kwarg_dict as get_app_kwarg_dict
    from ..legacy import get_cors_headers as get_cors_headers
    from ..legacy import get_cors_options as get_cors_options
    from ..legacy import merge_options as merge_options
    from ..legacy import set_cors_headers as set_cors_headers
    from ..options import CORSOptions, CrossOriginOptions

    CorsOptionsInput = CORSOptions
    CrossOriginOptionsInput = CrossOriginOptions

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
    "CHROMIUM_MAX_AGE_CAP",
    "CHROMIUM_MESSAGES",
    "CONFIG_OPTIONS",
    "DEFAULT_MAX_AGE",
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
    "BrowserRequest",
    "BrowserResponse",
    "CORSConfigWarning",
    "ConfigurationError",
    "CorsError",
    "Decision",
    "InsecureCORSWarning",
    "PatternSet",
    "Policy",
    "PreflightAnswer",
    "PreflightCache",
    "Problem",
    "Reason",
    "RegexObject",
    "RequestInfo",
    "Resources",
    "Rule",
    "Step",
    "Verdict",
    "check_preflight",
    "chromium_message",
    "cors_check",
    "decide",
    "decide_environ",
    "ensure_iterable",
    "explain",
    "flexible_str",
    "get_allow_headers",
    "get_cors_origins",
    "get_regexp_pattern",
    "is_safelisted_method",
    "is_safelisted_request_header",
    "join_lines",
    "judge",
    "lint",
    "needs_preflight",
    "normalize_method",
    "parse_resources",
    "preflight_headers",
    "probably_regex",
    "re_fix",
    "readable_headers",
    "sanitize_regex_param",
    "serialize_options",
    "try_match_any_pattern",
    "try_match_pattern",
    "unsafe_request_header_names",
]

# flask-cors 6 helpers that need Flask: loaded on first use (PEP 562), so
# importing the core never imports Flask.
_NEEDS_FLASK = frozenset(
    {
        "get_app_kwarg_dict",
        "get_cors_headers",
        "get_cors_options",
        "merge_options",
        "set_cors_headers",
    }
)
# flask-cors 6's names for the option TypedDicts, which live beside the
# shell (flask_cors.options, which imports no Flask) under their new names.
_OPTION_TYPES = {
    "CorsOptionsInput": "CORSOptions",
    "CrossOriginOptionsInput": "CrossOriginOptions",
}

if not TYPE_CHECKING:
    # Hidden from type checkers: a module __getattr__ would make them accept
    # any name imported from here, misspellings included.

    def __getattr__(name: str) -> object:
        if name in _NEEDS_FLASK:
            return getattr(importlib.import_module("flask_cors.legacy"), name)
        if name in _OPTION_TYPES:
            return getattr(importlib.import_module("flask_cors.options"), _OPTION_TYPES[name])
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
