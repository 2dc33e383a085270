"""Header names of the CORS protocol and flask-cors's option defaults.

The names follow the Fetch standard, section 3.2.2 ("HTTP requests") and
3.2.3 ("HTTP responses"); the private network names follow the Private
Network Access draft. The ``ACL_*`` spellings are flask-cors's public names.
"""

from __future__ import annotations

from typing import Final

# Response headers (Fetch, section 3.2.3).
ACL_ORIGIN: Final = "Access-Control-Allow-Origin"
ACL_METHODS: Final = "Access-Control-Allow-Methods"
ACL_ALLOW_HEADERS: Final = "Access-Control-Allow-Headers"
ACL_EXPOSE_HEADERS: Final = "Access-Control-Expose-Headers"
ACL_CREDENTIALS: Final = "Access-Control-Allow-Credentials"
ACL_MAX_AGE: Final = "Access-Control-Max-Age"
ACL_RESPONSE_PRIVATE_NETWORK: Final = "Access-Control-Allow-Private-Network"
VARY: Final = "Vary"

# Request headers (Fetch, section 3.2.2).
ACL_REQUEST_METHOD: Final = "Access-Control-Request-Method"
ACL_REQUEST_HEADERS: Final = "Access-Control-Request-Headers"
ACL_REQUEST_HEADER_PRIVATE_NETWORK: Final = "Access-Control-Request-Private-Network"

#: The methods allowed by default, in flask-cors's order.
ALL_METHODS: Final = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"]
