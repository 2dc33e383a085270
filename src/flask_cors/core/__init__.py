"""The pure core of flask_cors: configuration in, header decisions out.

The rule of this package: no Flask, no Werkzeug, no I/O, no globals. A
:class:`Policy` (a :class:`Layer` of options, checked once) and a
:class:`RequestInfo` (a snapshot of one request) go into :func:`decide`; a
:class:`Decision` comes out. A :class:`Decider` does the same for many
requests under one policy, remembering recent answers. :func:`protect` (and
a :class:`Guard` for many requests) decides, beside it, whether a request
from another site may reach the view at all. That makes the core
usable in any server, and testable without one. A test enforces the rule.

``__all__`` lists this API first, and :data:`API` lists it alone.
flask-cors 6.0.5's public names (its helper functions, option constants and
type aliases) stay importable from here with their 6.0.5 meaning, through
the one compatibility section at the end of this file (see
:mod:`flask_cors.core.compat`). flask-cors 6.0.5 had no ``__all__``, so
``from flask_cors.core import *`` brought all of them: they follow this API
in ``__all__``, except the two option TypedDicts (``CorsOptionsInput``,
``CrossOriginOptionsInput``), which are importable by name only. The few
that need Flask are loaded from :mod:`flask_cors.legacy` only when asked
for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final

from .bounded import RegexBudget
from .checks import OriginCheck, RememberedCheck, remembered
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
from .decide import Decider, decide
from .decision import Decision, Reason
from .errors import (
    ConfigurationError,
    CORSConfigWarning,
    CORSUpgradeWarning,
    InsecureCORSWarning,
    Problem,
    ProblemCode,
)
from .explain import explain, explain_protection
from .limits import (
    MAX_ORIGIN_LENGTH,
    MAX_PATH_LENGTH,
    MAX_REQUEST_HEADERS_ITEMS,
    MAX_REQUEST_HEADERS_LENGTH,
    REGEX_BUDGET_SECONDS,
)
from .lint import lint
from .patterns import PatternSet
from .policy import UNSET, HeaderText, Layer, Policy, Sent
from .protection import SAFE_METHODS, Guard, Protection, protect
from .request import RequestInfo
from .resources import Resources, Rule, parse_resources
from .response import join_lines
from .vocabulary import POLICY_OPTIONS

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
    "MAX_ORIGIN_LENGTH",
    "MAX_PATH_LENGTH",
    "MAX_REQUEST_HEADERS_ITEMS",
    "MAX_REQUEST_HEADERS_LENGTH",
    "POLICY_OPTIONS",
    "REGEX_BUDGET_SECONDS",
    "SAFE_METHODS",
    "UNSET",
    "CORSConfigWarning",
    "CORSUpgradeWarning",
    "ConfigurationError",
    "Decider",
    "Decision",
    "Guard",
    "HeaderText",
    "InsecureCORSWarning",
    "Layer",
    "OriginCheck",
    "PatternSet",
    "Policy",
    "Problem",
    "ProblemCode",
    "Protection",
    "Reason",
    "RegexBudget",
    "RememberedCheck",
    "RequestInfo",
    "Resources",
    "Rule",
    "Sent",
    "decide",
    "explain",
    "explain_protection",
    "join_lines",
    "lint",
    "parse_resources",
    "protect",
    "remembered",
]

# flask-cors 6.0.5 compatibility. Its public names keep working when imported
# from here, with their 6.0.5 meaning. Those the core defines are
# compat.__all__; those that need Flask, or name the shell's option types,
# are loaded on first use (PEP 562), so importing the core never imports
# Flask. flask-cors 6.0.5 had no __all__, so "from flask_cors.core import *"
# brought every one of its names, and code written that way (flask-cors's
# own test suite is) keeps working: they are added to __all__ below, after
# the API of this package.
from .compat import *  # noqa: F403
from .compat import __all__ as _compat_names

if TYPE_CHECKING:
    from ..legacy import get_app_kwarg_dict as get_app_kwarg_dict
    from ..legacy import get_cors_headers as get_cors_headers
    from ..legacy import get_cors_options as get_cors_options
    from ..legacy import merge_options as merge_options
    from ..legacy import set_cors_headers as set_cors_headers
    from .vocabulary import CORSOptions, CrossOriginOptions

    CorsOptionsInput = CORSOptions
    CrossOriginOptionsInput = CrossOriginOptions

# The names loaded on first use: name -> (module, its name there). The option
# TypedDicts are the vocabulary's, under their new names.
_LOADED_ON_USE: Final = {
    "get_app_kwarg_dict": ("flask_cors.legacy", "get_app_kwarg_dict"),
    "get_cors_headers": ("flask_cors.legacy", "get_cors_headers"),
    "get_cors_options": ("flask_cors.legacy", "get_cors_options"),
    "merge_options": ("flask_cors.legacy", "merge_options"),
    "set_cors_headers": ("flask_cors.legacy", "set_cors_headers"),
    "CorsOptionsInput": ("flask_cors.core.vocabulary", "CORSOptions"),
    "CrossOriginOptionsInput": ("flask_cors.core.vocabulary", "CrossOriginOptions"),
}
#: The names of this package's API: what the reference documents as current.
API: Final = tuple(__all__)
__all__ += [
    *_compat_names,
    *(n for n, (module, _) in _LOADED_ON_USE.items() if module.endswith("legacy")),
]

if not TYPE_CHECKING:
    # Hidden from type checkers: a module __getattr__ would make them accept
    # any name imported from here, misspellings included.

    def __getattr__(name: str) -> object:
        if name in _LOADED_ON_USE:
            module, attribute = _LOADED_ON_USE[name]
            return getattr(importlib.import_module(module), attribute)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
