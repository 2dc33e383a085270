"""Ask the core why a request is refused, in a sentence."""

from flask_cors import Policy, RequestInfo, decide, explain

policy = Policy(origins=["https://app.example.com"])
info = RequestInfo("GET", origin="http://localhost:3000")
print(explain(policy, info, decide(policy, info)))
