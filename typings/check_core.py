"""How strict-mypy downstream code sees the pure core; mypy checks this file, nobody runs it.

Each ``assert_type`` pins a public type. Each ``# type: ignore[code]`` marks a
misuse that must stay a type error: with ``warn_unused_ignores`` mypy fails
as soon as one of them stops being an error.
"""

from __future__ import annotations

import re
from datetime import timedelta

from typing_extensions import assert_type

import flask_cors.core
from flask_cors import (
    ConfigurationError,
    Decider,
    Decision,
    InsecureCORSWarning,
    Layer,
    Policy,
    Problem,
    Reason,
    RequestInfo,
    decide,
    explain,
    lint,
)


def policy_types() -> None:
    policy = Policy(
        origins=["https://app.example", re.compile(r"https://.*\.app\.example$")],
        methods=["GET", "POST"],
        allow_headers="*",
        expose_headers=None,
        supports_credentials=True,
        max_age=timedelta(minutes=10),
        send_wildcard=False,
        vary_header=True,
        always_send=False,
        allow_private_network=False,
    )
    assert_type(policy, Policy)
    assert_type(Policy(), Policy)
    assert_type(Policy(origins="*", max_age=600), Policy)
    assert_type(Policy(max_age="600", methods="GET, POST"), Policy)
    assert_type(policy.merge(Policy(max_age=60)), Policy)
    assert_type(Policy().merge(policy).merge(Policy()), Policy)
    assert_type(Policy.from_options({"origins": "https://app.example"}), Policy)
    assert_type(policy.supports_credentials, bool)
    assert_type(policy.max_age, int | None)
    assert_type(policy.methods, tuple[str, ...])
    assert_type(policy.expose_headers, tuple[str, ...])
    assert_type(policy.header_text.methods, str | None)
    assert_type(policy.explicit, frozenset[str])
    layer = Layer.from_options({"origins": "*"})
    assert_type(layer.merge(Layer()).merge(policy.layer), Layer)
    assert_type(layer.policy(), Policy)
    decider = Decider(policy)
    assert_type(decider.decide(RequestInfo("GET")), Decision)
    assert_type(decider.decide_environ({"REQUEST_METHOD": "GET"}), Decision)


def request_info_types() -> None:
    info = RequestInfo(
        "OPTIONS",
        origin="https://app.example",
        path="/api/items",
        request_method="PUT",
        request_headers="Content-Type",
        private_network=False,
    )
    assert_type(info, RequestInfo)
    assert_type(RequestInfo("GET"), RequestInfo)
    assert_type(RequestInfo.from_environ({"REQUEST_METHOD": "GET"}), RequestInfo)
    assert_type(info.method, str)
    assert_type(info.origin, str | None)
    assert_type(info.path, str)
    assert_type(info.request_method, str | None)
    assert_type(info.private_network, bool)


def decision_types() -> None:
    policy = Policy(origins="https://app.example")
    info = RequestInfo("GET", origin="https://app.example")
    decision = decide(policy, info)
    assert_type(decision, Decision)
    assert_type(decision.headers, tuple[tuple[str, str], ...])
    assert_type(decision.is_cors, bool)
    assert_type(decision.is_preflight, bool)
    assert_type(decision.allowed, bool)
    assert_type(decision.reason, Reason)
    assert_type(explain(policy, info, decision), str)
    assert_type(explain(policy, info, decision, where="rule '/api/*'"), str)
    explain(policy, info, decision, rule="/api/*")  # type: ignore[call-arg]
    for name, value in decision.headers:
        assert_type(name, str)
        assert_type(value, str)


def core_reexports_the_same_names() -> None:
    assert_type(flask_cors.core.decide(Policy(), RequestInfo("GET")), Decision)
    assert_type(flask_cors.core.Policy(), Policy)
    header: str = flask_cors.core.ACL_ORIGIN
    assert_type(header, str)


def errors_are_value_errors(error: ConfigurationError) -> ValueError:
    assert_type(error.problems, tuple[Problem, ...])
    assert_type(error.problems[0].option, str)
    assert_type(error.problems[0].fix, str | None)
    return error


def misuses_are_type_errors() -> None:
    policy = Policy()
    info = RequestInfo("GET")
    decision = decide(policy, info)

    # A misspelled option.
    Policy(origin="https://app.example")  # type: ignore[call-arg]
    # Options are keyword-only.
    Policy("*")  # type: ignore[call-arg]
    # Values of the wrong type.
    Policy(supports_credentials="yes")  # type: ignore[arg-type]
    Policy(max_age=1.5)  # type: ignore[arg-type]
    Policy(methods=1)  # type: ignore[arg-type]
    Policy(origins=42)  # type: ignore[arg-type]
    # Arguments swapped.
    decide(info, policy)  # type: ignore[arg-type]
    # Merging something that is not a Policy.
    policy.merge({"origins": "*"})  # type: ignore[arg-type]
    # A request snapshot needs at least the method.
    RequestInfo()  # type: ignore[call-arg]
    # The origin may be missing.
    info.origin.lower()  # type: ignore[union-attr]
    # Policies, snapshots and decisions are immutable.
    policy.max_age = 5  # type: ignore[misc]
    info.origin = "https://evil.example"  # type: ignore[misc]
    decision.headers.append(("X", "y"))  # type: ignore[attr-defined]


def lint_types() -> None:
    findings = lint(Policy(origins="*", supports_credentials=True))
    assert_type(findings, tuple[Problem, ...])
    public = frozenset({"com", "github.io"})
    assert_type(lint(Policy(), public_suffix=public.__contains__), tuple[Problem, ...])
    lint(Policy(), public_suffix="com")  # type: ignore[arg-type]
    warning: UserWarning = InsecureCORSWarning("rule '/*': ...")
    assert_type(warning, UserWarning)
