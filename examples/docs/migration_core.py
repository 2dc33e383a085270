"""From flask-cors 6's helper functions to the typed core: the same headers."""

from flask_cors.core import (
    Policy,
    RequestInfo,
    decide,
    get_cors_headers,
    serialize_options,
)

ORIGIN = "https://app.example.com"

# flask-cors 6 style, still supported: an options dict, checked at run time.
options = serialize_options({"origins": [ORIGIN], "max_age": 600})
old = get_cors_headers(options, {"Origin": ORIGIN}, "GET")

# The typed API: mypy checks option names and value types.
policy = Policy(origins=[ORIGIN], max_age=600)
new = decide(policy, RequestInfo("GET", origin=ORIGIN)).headers

print(list(old.items(multi=True)))
print(list(old.items(multi=True)) == list(new))
