"""Decide a preflight with the core alone: no Flask, no request object."""

from flask_cors.core import Policy, RequestInfo, decide

policy = Policy(origins=["https://app.example.com"], max_age=600)
info = RequestInfo(
    "OPTIONS",
    origin="https://app.example.com",
    request_method="PUT",
    request_headers="content-type",
)
decision = decide(policy, info)
print(decision.is_preflight, decision.allowed, decision.reason)
for name, value in decision.headers:
    print(f"{name}: {value}")
