"""How much of each request value the core looks at.

Request headers and paths are attacker-controlled. Each value a configured
regex can meet has a length limit, checked before any regex sees it; the
regexes' worst-case cost is bounded for values of that length
(:mod:`flask_cors.core.bounded`).
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "MAX_ORIGIN_LENGTH",
    "MAX_PATH_LENGTH",
    "MAX_REQUEST_HEADERS_ITEMS",
    "MAX_REQUEST_HEADERS_LENGTH",
    "REGEX_BUDGET_SECONDS",
    "VALUE_LIMITS",
]

#: Longest ``Origin`` considered. A browser's is a scheme, ``://``, a host of
#: at most 253 characters and a port; a longer value is no browser's.
MAX_ORIGIN_LENGTH: Final = 300
#: Longest ``Access-Control-Request-Headers`` considered.
MAX_REQUEST_HEADERS_LENGTH: Final = 4096
#: Most header names one preflight may ask for. Browsers list only the
#: page's non-safelisted headers; a hundred is far beyond real pages, and
#: the bound keeps a hostile preflight cheap.
MAX_REQUEST_HEADERS_ITEMS: Final = 100
#: Most of a request path a configured regex sees: longer paths are matched
#: by their start, or not at all (see :meth:`flask_cors.core.Resources.match`).
MAX_PATH_LENGTH: Final = 2048

#: The longest value each option's regexes can meet.
VALUE_LIMITS: Final = {
    "origins": MAX_ORIGIN_LENGTH,
    "allow_headers": MAX_REQUEST_HEADERS_LENGTH,
    "resources": MAX_PATH_LENGTH,
}

#: The time all configured regexes together may spend on one request
#: (:class:`~flask_cors.core.bounded.RegexBudget`). A regex that has not
#: finished when it is spent does not match.
REGEX_BUDGET_SECONDS: Final = 0.002
