"""Header names of the CORS protocol and flask-cors's option defaults.

The names follow the Fetch standard's CORS protocol
(https://fetch.spec.whatwg.org/#http-requests and
https://fetch.spec.whatwg.org/#http-responses); the private network names
follow the Private Network Access draft
(https://wicg.github.io/private-network-access/#headers). The ``ACL_*``
spellings are flask-cors's public names.
"""

from __future__ import annotations

from typing import Final

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
    "VARY",
]


# Response headers (https://fetch.spec.whatwg.org/#http-responses).
ACL_ORIGIN: Final = "Access-Control-Allow-Origin"
ACL_METHODS: Final = "Access-Control-Allow-Methods"
ACL_ALLOW_HEADERS: Final = "Access-Control-Allow-Headers"
ACL_EXPOSE_HEADERS: Final = "Access-Control-Expose-Headers"
ACL_CREDENTIALS: Final = "Access-Control-Allow-Credentials"
ACL_MAX_AGE: Final = "Access-Control-Max-Age"
ACL_RESPONSE_PRIVATE_NETWORK: Final = "Access-Control-Allow-Private-Network"
VARY: Final = "Vary"

# Request headers (https://fetch.spec.whatwg.org/#http-requests).
ORIGIN: Final = "Origin"
ACL_REQUEST_METHOD: Final = "Access-Control-Request-Method"
ACL_REQUEST_HEADERS: Final = "Access-Control-Request-Headers"
ACL_REQUEST_HEADER_PRIVATE_NETWORK: Final = "Access-Control-Request-Private-Network"

#: The methods allowed by default, in flask-cors's order.
ALL_METHODS: Final = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"]
