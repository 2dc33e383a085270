"""Code typed against flask-cors 6.0.5's public names type-checks unchanged (mypy --strict)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask, Response
from typing_extensions import assert_type

from flask_cors import CORS, cross_origin
from flask_cors.core import (
    ACL_ORIGIN,
    CorsOptionsInput,
    CrossOriginOptionsInput,
    ExposeHeadersInput,
    HeadersInput,
    MaxAgeInput,
    MethodsInput,
    OriginsInput,
    ResourcePattern,
    ResourceSpec,
    merge_options,
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
