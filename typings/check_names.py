"""Misspelled names and resource options are mypy errors; mypy checks this file, nobody runs it.

The packages load some names lazily (PEP 562); type checkers must still see
exactly the names that exist. Each ``# type: ignore[code]`` marks a mistake
that must stay a type error: with ``warn_unused_ignores`` mypy fails as soon
as one of them stops being an error.
"""

from __future__ import annotations

import re

from flask import Flask
from typing_extensions import assert_type

import flask_cors
import flask_cors.core
from flask_cors import Polcy  # type: ignore[attr-defined]  # noqa: F401
from flask_cors.core import get_cors_headerz  # type: ignore[attr-defined]  # noqa: F401
from flask_cors.options import ResourceOptions

app = Flask(__name__)


def lazy_names_keep_their_types() -> None:
    assert_type(flask_cors.CORS(app), flask_cors.CORS)
    assert_type(flask_cors.cross_origin()(str.upper)("view"), str)
    warning: UserWarning = flask_cors.CORSConfigWarning("app.config['CORS_HEADERS']: ...")
    assert_type(flask_cors.core.CORSConfigWarning, type[flask_cors.CORSConfigWarning])
    assert_type(warning, UserWarning)
    # Misspelled or misplaced names, read as attributes.
    flask_cors.cross_orign  # type: ignore[attr-defined]  # noqa: B018
    flask_cors.core.cross_origin  # type: ignore[attr-defined]  # noqa: B018


def resource_options_are_typed() -> None:
    options: ResourceOptions = {"origins": ["https://app.example"], "max_age": 600}
    flask_cors.CORS(app, resources={r"/api/*": options, re.compile(r"/v\d+/.*"): {}})
    flask_cors.CORS(app, resources={r"/api/*": {"supports_credentials": True}})
    # A misspelled option inside a resource.
    flask_cors.CORS(app, resources={r"/api/*": {"orgins": "https://a.com"}})  # type: ignore[typeddict-unknown-key]
    # A value of the wrong type inside a resource.
    flask_cors.CORS(app, resources={r"/api/*": {"max_age": 1.5}})  # type: ignore[typeddict-item]
    # Options of the extension or the decorator have no effect per resource.
    flask_cors.CORS(app, resources={r"/api/*": {"automatic_options": False}})  # type: ignore[typeddict-unknown-key]
