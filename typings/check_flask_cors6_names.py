"""Code typed against flask-cors 6.0.5's public names type-checks unchanged (mypy --strict)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from flask import Flask, Response
from typing_extensions import assert_type
from werkzeug.datastructures import MultiDict

import flask_cors.core
from flask_cors import CORS, NullHandler, cross_origin, rootlogger
from flask_cors.core import (
    ACL_ORIGIN,
    ALL_METHODS,
    CONFIG_OPTIONS,
    DEFAULT_OPTIONS,
    FLASK_CORS_EVALUATED,
    LOG,
    CorsOptionsInput,
    CrossOriginOptionsInput,
    ExposeHeadersInput,
    HeadersInput,
    MaxAgeInput,
    MethodsInput,
    OriginsInput,
    RegexObject,
    ResourcePattern,
    ResourceSpec,
    ensure_iterable,
    flexible_str,
    get_allow_headers,
    get_app_kwarg_dict,
    get_cors_headers,
    get_cors_options,
    get_cors_origins,
    get_regexp_pattern,
    merge_options,
    parse_resources,
    probably_regex,
    re_fix,
    sanitize_regex_param,
    serialize_options,
    set_cors_headers,
    try_match_any_pattern,
    try_match_pattern,
)
from flask_cors.decorator import LOG as DECORATOR_LOG
from flask_cors.extension import make_after_request_function

app = Flask(__name__)


def allowed_origins(production: bool) -> OriginsInput:
    if production:
        return ["https://app.example.com", re.compile(r"https://.*\.example\.com$")]
    return "*"


def allowed_headers() -> HeadersInput:
    return ["Content-Type", "Authorization"]


methods: MethodsInput = ["GET", "POST"]
exposed: ExposeHeadersInput = "X-Total-Count"
max_age: MaxAgeInput = timedelta(hours=1)
pattern: ResourcePattern = r"/api/*"
resources: ResourceSpec = {pattern: {"origins": allowed_origins(True)}}

options: CorsOptionsInput = {
    "origins": allowed_origins(False),
    "allow_headers": allowed_headers(),
    "methods": methods,
    "expose_headers": exposed,
    "max_age": max_age,
    "resources": resources,
    "supports_credentials": True,
}
CORS(app, **options)

view_options: CrossOriginOptionsInput = {"origins": "https://app.example.com", "max_age": 600}


@app.get("/items")
@cross_origin(**view_options)
def items() -> str:
    return "items"


merged = merge_options(app, {"origins": "*"})
assert_type(merged, dict[str, Any])
hook = make_after_request_function([])
response: Response = hook(Response())
header: str = ACL_ORIGIN
DECORATOR_LOG.debug("typed")


# Every other flask-cors 6.0.5 name of flask_cors.core, outside its __all__
# but still seen by type checkers.
config_keys: list[str] = CONFIG_OPTIONS
defaults: dict[str, Any] = DEFAULT_OPTIONS
methods_list: list[str] = ALL_METHODS
marker: str = FLASK_CORS_EVALUATED
LOG.debug("typed")
compiled: type[re.Pattern[Any]] = RegexObject
policy = serialize_options({"origins": "*"})
assert_type(policy, flask_cors.core.Policy)
assert_type(get_cors_options(app, {"origins": "*"}), flask_cors.core.Policy)
assert_type(get_app_kwarg_dict(app), dict[str, Any])
assert_type(get_cors_origins(policy, "https://a.example"), list[str] | None)
assert_type(get_allow_headers(policy, "X-A"), str | None)
assert_type(get_cors_headers(policy, {"Origin": "https://a.example"}, "GET"), MultiDict[str, str])
assert_type(set_cors_headers(Response(), policy), Response)
assert_type(probably_regex(pattern), bool)
assert_type(re_fix(pattern), ResourcePattern)
assert_type(try_match_pattern("a", pattern), bool)
assert_type(try_match_any_pattern("a", [pattern], caseSensitive=False), bool)
assert_type(flexible_str(["a"]), str | None)
assert_type(ensure_iterable("a"), Iterable[Any])
assert_type(sanitize_regex_param("*"), list[ResourcePattern])
assert_type(get_regexp_pattern(pattern), str)
assert_type(parse_resources(resources)[0][0], ResourcePattern)

# flask-cors 6.0.5's package logger and the NullHandler it imported.
assert_type(rootlogger, logging.Logger)
rootlogger.addHandler(NullHandler())
