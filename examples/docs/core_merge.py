"""Configuration layers: a merge overrides what the later layer names."""

from flask_cors.core import Layer, Policy

defaults = Policy()  # flask-cors's defaults; the identity of merge
site = Policy(origins=["https://app.example.com"], supports_credentials=True)
admin = Policy(methods=["GET"], max_age=60)

policy = defaults.merge(site).merge(admin)
print(policy.methods, policy.max_age, policy.supports_credentials)
print(sorted(policy.explicit))
# Any grouping gives the same policy.
print(policy == defaults.merge(site.merge(admin)))

# Layers merge without checking: these two are valid only together.
credentials = Layer.from_options({"supports_credentials": True, "send_wildcard": True})
origins = Layer.from_options({"origins": ["https://app.example.com"]})
print(credentials.merge(origins).policy().origins.literals[0])
