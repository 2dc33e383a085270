"""Configuration layers as policies: a merge overrides what the layer names."""

from flask_cors.core import Policy

defaults = Policy()  # flask-cors's defaults; the identity of merge
site = Policy(origins=["https://app.example.com"], supports_credentials=True)
admin = Policy(methods=["GET"], max_age=60)

policy = defaults.merge(site).merge(admin)
print(policy.methods, policy.max_age, policy.supports_credentials)
print(sorted(policy.explicit))
# Any grouping gives the same policy.
print(policy == defaults.merge(site.merge(admin)))
