"""ReDoS shapes with the values crafted against them, and a generator of crafted values.

Kept as data, with the finding each comes from (/work/shared/review2 in the
project's steering folder; findings 1-4, 9 and 10), for the cost tests
(tests/hostile/test_regex_cost.py) and the regex benchmark
(benchmarks/regex_engines.py). Each value took 0.1 to 2.4 s in ``re``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import Final

from attrs import frozen

from flask_cors.core.limits import VALUE_LIMITS
from flask_cors.core.resources import literal_prefix


@frozen
class Shape:
    """A configured regex and the request value crafted against it."""

    id: str
    finding: int
    option: str
    regex: str
    value: str


_FIVE_LABELS: Final = r"[a-z0-9]{1,30}-?" * 5

REVIEW2: Final = (
    Shape(
        "trailing-optional-resource",
        1,
        "resources",
        r"/static(/([\w-]+/?)+\.(css|js))?",
        "/static/" + "a" * 28 + "!",
    ),
    Shape("trailing-optional-api", 1, "resources", r"^/api(/(\w+-?)+/x)?", "/api/" + "a" * 28),
    Shape(
        "trailing-optional-origin",
        1,
        "origins",
        r"^https://app\.example\.com(\.([\w-]+\.?)+\.internal)?",
        "https://app.example.com." + "a" * 28 + "!",
    ),
    Shape(
        "trailing-optional-header",
        1,
        "allow_headers",
        r"x-custom(-([a-z0-9]+-?)+-id)?",
        "x-custom-" + "a" * 30 + "!",
    ),
    Shape(
        "adjacent-optionals",
        2,
        "origins",
        r"^http://10(?:\.\d?\d?\d)+(?::\d+)?$",
        "http://10" + ".12" * 20 + "!",
    ),
    Shape(
        "adjacent-optionals-dash",
        2,
        "origins",
        r"^https://pr(?:-\d?\d?)+\.example\.com$",
        "https://pr" + "-12" * 20 + "!",
    ),
    Shape(
        "adjacent-optionals-resource",
        2,
        "resources",
        r"^/v1(?:\.\d?\d?\d)+/items$",
        "/v1" + ".12" * 20 + "!",
    ),
    Shape(
        "adjacent-optionals-header",
        2,
        "allow_headers",
        r"^x-v(?:\.\d?\d?\d)+-id$",
        "x-v" + ".12" * 20 + "!",
    ),
    Shape(
        "consecutive-choices",
        2,
        "origins",
        r"^https://(?:(?:a|ab)(?:bc|c))+\.example\.com$",
        "https://" + "abc" * 20 + "!",
    ),
    Shape(
        "rest-rule",
        3,
        "resources",
        r"^/api/.*/users/.*/posts/.*/comments/.*/likes$",
        "/api/" + "/users/posts/comments/" * 92,
    ),
    Shape("separator-words", 3, "resources", r"^/.*/x/.*/x/.*/y$", "/" + "/x/" * 682),
    Shape(
        "header-separators", 3, "allow_headers", r"^x-.*-a.*-b.*-c$", "x-" + "-a" * 500 + "-b" * 500
    ),
    Shape(
        "origin-separators",
        3,
        "origins",
        r"^https://.*\..*-.*\..*\.example\.com$",
        "https://" + "." * 97 + "-" * 97 + "." * 97,
    ),
    Shape(
        "origin-letters",
        3,
        "origins",
        r"^https://.*a.*b.*c.*d$",
        "https://" + "a" * 97 + "b" * 97 + "c" * 97,
    ),
    Shape(
        "bounded-repeats-origin",
        4,
        "origins",
        r"^https://" + _FIVE_LABELS + r"\.example\.com$",
        "https://" + "a" * 119 + "!",
    ),
    Shape(
        "bounded-repeats-resource",
        4,
        "resources",
        r"^/" + r"[a-z]{1,30}/?" * 5 + r"\.css$",
        "/" + "a" * 130 + "!",
    ),
    Shape(
        "bounded-repeats-header",
        4,
        "allow_headers",
        r"^x-" + r"[a-z]{1,30}-?" * 5 + "$",
        "x-" + "a" * 140 + "!",
    ),
    Shape(
        "fully-bounded-false-alarm",
        9,
        "origins",
        r"^http://192\.168\.(\d{1,3}\.?){2}(:\d+)?$",
        "http://192.168." + "1" * 280 + "!",
    ),
    Shape("unicode-digits", 10, "resources", r"^/n/[^0-9]*\d+[^0-9]*/x$", "/n/" + "\u0663" * 500),
    Shape("unicode-spaces", 10, "resources", r"^/q/[^ \t\n/]*\s+[^ \t\n/]*/x$", "/q/" + "\r" * 500),
    Shape(
        "casefold-kelvin",
        10,
        "origins",
        r"^https://(?:k+\u212a+)+\.example\.com$",
        "https://" + "k\u212a" * 12 + "!",
    ),
    Shape("casefold-long-s", 10, "allow_headers", r"^x-(?:s+\u017f+)+-id$", "x-" + "s\u017f" * 12),
)

# What a crafted value repeats: each character a request can carry there,
# and pairs that alternate between repeated parts.
_SINGLE: Final = [ch for ch in string.printable[:94] if ch != ","]
_PAIRS: Final = ["a.", ".a", "a-", "-a", "a/", "/a", "1.", "a:", "-."]
_ENDS: Final = ["!", "~"]


def crafted(option: str, regex: str | re.Pattern[str]) -> Iterator[str]:
    """Yield values at the option's length limit that try to make ``regex`` backtrack."""
    limit = VALUE_LIMITS[option]
    compiled = regex if isinstance(regex, re.Pattern) else re.compile(regex)
    starts = {"", literal_prefix(compiled), "https://", "/api/"}
    pumps = [ch for ch in _SINGLE if option != "allow_headers" or ch.isalnum() or ch in "-_"]
    for start in starts:
        for pump in (*pumps, *_PAIRS):
            for end in _ENDS:
                count = (limit - len(start) - len(end)) // len(pump)
                yield start + pump * count + end
