"""Cross-origin resource sharing (CORS) for Flask.

``CORS(app)`` for a whole app, per-path ``resources``, ``@cross_origin`` per
view; ``cross_site_protection=True`` refuses requests that change state
from pages of origins the configuration does not list, and
:func:`cross_site_exempt` exempts a view or blueprint from it.
Underneath is a pure core (:mod:`flask_cors.core`): a
:class:`Policy` and a :class:`RequestInfo` go into :func:`decide`, a
:class:`Decision` comes out; a :class:`Layer` is one place's options, and
a :class:`Decider` decides many requests under one policy.
``origins=`` also takes a function of the origin (an :class:`OriginCheck`),
asked on every request unless :func:`remembered` keeps its answers for a
time.

Importing the core names from here does not import Flask; ``CORS`` and
``cross_origin`` load the Flask shell when first used (PEP 562).
"""

from __future__ import annotations

import importlib
import logging
from importlib.metadata import PackageNotFoundError, version
from logging import NullHandler as NullHandler
from typing import TYPE_CHECKING

from .core import (
    ConfigurationError,
    CORSConfigWarning,
    CORSUpgradeWarning,
    Decider,
    Decision,
    InsecureCORSWarning,
    Layer,
    OriginCheck,
    Policy,
    Problem,
    ProblemCode,
    Reason,
    RequestInfo,
    decide,
    explain,
    remembered,
)

if TYPE_CHECKING:
    from .cross_site import CrossSiteRequestRefused, cross_site_exempt
    from .decorator import cross_origin
    from .extension import CORS
    from .public_suffixes import lint

try:
    __version__ = version("flask-cors")
except PackageNotFoundError:  # pragma: no cover - only when run from a bare source tree
    __version__ = "unknown"

__all__ = [
    "CORS",
    "CORSConfigWarning",
    "CORSUpgradeWarning",
    "ConfigurationError",
    "CrossSiteRequestRefused",
    "Decider",
    "Decision",
    "InsecureCORSWarning",
    "Layer",
    "OriginCheck",
    "Policy",
    "Problem",
    "ProblemCode",
    "Reason",
    "RequestInfo",
    "__version__",
    "cross_origin",
    "cross_site_exempt",
    "decide",
    "explain",
    "lint",
    "remembered",
]

# Loaded on first use: the Flask integration, and the lint (the Public
# Suffix List's), which only startup checks and tools need.
_SHELL = {
    "CORS": "flask_cors.extension",
    "cross_origin": "flask_cors.decorator",
    "cross_site_exempt": "flask_cors.cross_site",
    "CrossSiteRequestRefused": "flask_cors.cross_site",
    "lint": "flask_cors.public_suffixes",
}

# The logger follows the root logger's level: WARNING unless the app says
# otherwise (logging.basicConfig(level=logging.INFO) shows the refusals),
# and INFO in debug mode (see flask_cors.reporting.show_refusals_in_debug).
# flask-cors 6.0.5 set it to WARNING here, which hid the refusals from an
# app's own logging configuration. CORS(...) and @cross_origin(...) give it
# a handler that writes what no other handler would
# (flask_cors.reporting.default_handler).
_logger = logging.getLogger(__name__)

# flask-cors 6.0.5 names, outside __all__ as they were there: its package
# logger (the "flask_cors" logger, so the same object) and the standard
# library's NullHandler class, which it imported into this module.
rootlogger = _logger


if not TYPE_CHECKING:
    # Hidden from type checkers, which see CORS and cross_origin imported
    # above: a module __getattr__ would make them accept any name imported
    # from here, misspellings included.

    def __getattr__(name: str) -> object:
        module = _SHELL.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)
