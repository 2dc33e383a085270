"""How strict-mypy code sees origin functions; mypy checks this file, nobody runs it.

An origin function is typed by the ``OriginCheck`` Protocol: a callable of
one positional ``str`` returning ``bool``. Each ``# type: ignore[code]``
marks a misuse that must stay a type error.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from typing_extensions import assert_type

from flask_cors import CORS, OriginCheck, Policy, cross_origin, remembered
from flask_cors.core import RememberedCheck
from flask_cors.options import ResourceOptions

app = Flask(__name__)


def is_registered(origin: str) -> bool:
    return origin.endswith(".clients.example")


def wrong_argument(origin: bytes) -> bool:
    return origin.endswith(b".example")


def wrong_answer(origin: str) -> str:
    return origin


def two_arguments(origin: str, path: str) -> bool:
    return False


class Registry:
    def __call__(self, origin: str) -> bool:
        return False


def accepted_everywhere() -> None:
    """A function of the origin goes wherever origins do: alone or beside other entries."""
    CORS(app, origins=is_registered)
    CORS(app, origins=["https://app.example", re.compile(r"https://.*\.cdn\.example"), Registry()])
    resource: ResourceOptions = {"origins": [is_registered, "https://app.example"]}
    CORS(app, resources={r"/api/*": resource})
    cross_origin(origins=is_registered)
    Policy(origins=[is_registered, "https://app.example"])
    check: OriginCheck = is_registered
    assert_type(check("https://a.example"), bool)


def remembered_is_an_origin_check() -> None:
    """remembered() returns an origin function of its own."""
    check = remembered(is_registered, ttl=timedelta(minutes=5))
    assert_type(check, RememberedCheck)
    CORS(app, origins=[check, "https://app.example"])
    remembered(is_registered, ttl=30.0, size=100)
    remembered(is_registered, 30)  # type: ignore[call-arg]


def wrong_signatures() -> None:
    """A function of something else, or answering something else, is an error where written."""
    CORS(app, origins=wrong_argument)  # type: ignore[arg-type]
    CORS(app, origins=wrong_answer)  # type: ignore[arg-type]
    CORS(app, origins=two_arguments)  # type: ignore[arg-type]
    Policy(origins=[is_registered, wrong_answer])  # type: ignore[list-item]
    remembered(wrong_answer, ttl=5)  # type: ignore[arg-type]
    # Headers are never decided by a function.
    CORS(app, allow_headers=is_registered)  # type: ignore[arg-type]
