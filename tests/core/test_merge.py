"""Layer.merge and Policy.merge: the precedence chain of flask-cors as one associative operation."""

from __future__ import annotations

import pytest

from flask_cors.core import ConfigurationError, Layer, Policy, Reason, RequestInfo, decide

APP = "https://app.example.com"
SHOP = "https://shop.example.com"


def test_explicit_option_overrides() -> None:
    """An option the right side was given replaces the left side's value."""
    merged = Policy(origins=[APP], methods=["GET"]).merge(Policy(methods=["PUT", "POST"]))
    assert merged == Policy(origins=[APP], methods=["PUT", "POST"])
    assert merged.methods == ("POST", "PUT")


def test_right_side_defaults_do_not_override() -> None:
    """Options the right side left at their defaults keep the left side's values."""
    left = Policy(origins=[APP], supports_credentials=True, max_age=60, vary_header=False)
    merged = left.merge(Policy(expose_headers=["X-A"]))
    assert merged.origins == left.origins
    assert (merged.supports_credentials, merged.max_age, merged.vary_header) == (True, 60, False)
    assert merged.expose_headers == ("X-A",)


def test_explicit_default_value_overrides() -> None:
    """An option given explicitly at its default value still overrides the left side."""
    merged = Policy(origins=[APP], max_age=60).merge(Policy(origins="*", max_age=None))
    assert merged.origins.matches_all is True
    assert merged.max_age is None


def test_explicit_false_overrides_true() -> None:
    """An explicit False on the right overrides a True on the left."""
    merged = Policy(supports_credentials=True, vary_header=True).merge(
        Policy(supports_credentials=False)
    )
    assert merged.supports_credentials is False
    assert merged.vary_header is True


def test_explicit_is_union() -> None:
    """The merged policy's explicit options are the union of both sides'."""
    merged = Policy(origins=[APP], max_age=1).merge(Policy(max_age=2, always_send=False))
    assert merged.explicit == {"origins", "max_age", "always_send"}


@pytest.mark.parametrize(
    "policy",
    [
        Policy(),
        Policy(origins=[APP, SHOP], supports_credentials=True),
        Policy(methods="get", max_age=0, send_wildcard=True, allow_private_network=True),
    ],
    ids=["default", "origins-credentials", "methods-max-age-wildcard"],
)
def test_default_policy_is_identity(policy: Policy) -> None:
    """Policy() merged on either side returns the other policy unchanged."""
    assert Policy().merge(policy) == policy
    assert policy.merge(Policy()) == policy
    assert Policy().merge(policy).explicit == policy.explicit
    assert policy.merge(Policy()).explicit == policy.explicit


def test_merge_is_associative() -> None:
    """(a.merge(b)).merge(c) equals a.merge(b.merge(c)) for overlapping options."""
    a = Policy(origins=[APP], methods=["GET"], max_age=10)
    b = Policy(methods=["PUT"], supports_credentials=True)
    c = Policy(max_age=20, origins=[SHOP], expose_headers="X-C")
    left = a.merge(b).merge(c)
    right = a.merge(b.merge(c))
    assert left == right
    assert left == Policy(
        origins=[SHOP],
        methods=["PUT"],
        max_age=20,
        supports_credentials=True,
        expose_headers="X-C",
    )


def test_merge_leaves_operands_unchanged() -> None:
    """Merging builds a new policy; neither side is modified."""
    left = Policy(origins=[APP], max_age=10)
    right = Policy(max_age=20)
    left.merge(right)
    assert left == Policy(origins=[APP], max_age=10)
    assert right == Policy(max_age=20)


def test_merged_policy_decides_like_direct_policy() -> None:
    """A merged policy's precomputed values are rebuilt, so it decides like the direct one."""
    merged = Policy(origins="*", expose_headers="X-A").merge(
        Policy(origins=[APP, SHOP], supports_credentials=True, max_age=5)
    )
    direct = Policy(origins=[APP, SHOP], expose_headers="X-A", supports_credentials=True, max_age=5)
    requests = [
        RequestInfo("GET", origin=APP),
        RequestInfo("GET", origin="https://evil.example.net"),
        RequestInfo("GET"),
        RequestInfo("OPTIONS", origin=SHOP, request_method="PUT", request_headers="X-B"),
    ]
    for info in requests:
        assert decide(merged, info) == decide(direct, info)
    assert decide(merged, RequestInfo("GET")).headers == (
        ("Access-Control-Allow-Origin", APP),
        ("Access-Control-Expose-Headers", "X-A"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    )


def test_merge_overrides_to_refusal() -> None:
    """A later layer narrowing origins makes the merged policy refuse other origins."""
    merged = Policy().merge(Policy(origins=[APP]))
    assert decide(merged, RequestInfo("GET", origin=SHOP)).reason is Reason.ORIGIN_NOT_ALLOWED


def test_precedence_chain() -> None:
    """Folding defaults < config < CORS() < init_app() < resource keeps the last given value."""
    config = Policy.from_options({"origins": [APP], "max_age": 100, "supports_credentials": True})
    constructor = Policy(max_age=200, methods=["GET"])
    init_app = Policy(methods=["POST"], expose_headers="X-Init")
    resource = Policy(expose_headers="X-Resource")
    layers = [Policy(), config, constructor, init_app, resource]
    folded = layers[0]
    for layer in layers[1:]:
        folded = folded.merge(layer)
    assert folded == Policy(
        origins=[APP],
        max_age=200,
        supports_credentials=True,
        methods=["POST"],
        expose_headers="X-Resource",
    )


def test_merge_conflict_raises() -> None:
    """A merge combining '*', credentials and send_wildcard raises ConfigurationError."""
    with pytest.raises(ConfigurationError, match="send_wildcard=True: cannot be combined"):
        Policy(supports_credentials=True).merge(Policy(send_wildcard=True))


def test_layers_merge_where_policies_cannot() -> None:
    """The layers of '*' with credentials, send_wildcard and a listed origin fold in any grouping.

    As policies, the first two cannot merge (together they are invalid); as
    layers they can, and the third makes the whole valid.
    """
    a = Layer.from_options({"origins": "*", "supports_credentials": True})
    b = Layer.from_options({"send_wildcard": True})
    c = Layer.from_options({"origins": ["https://x.example"]})
    assert a.merge(b).merge(c) == a.merge(b.merge(c))
    expected = Policy(origins=["https://x.example"], supports_credentials=True, send_wildcard=True)
    assert a.merge(b).merge(c).policy() == expected
    with pytest.raises(ConfigurationError, match="send_wildcard=True: cannot be combined"):
        a.policy().merge(b.policy())


def test_layer_merge_drops_findings_of_overridden_options() -> None:
    """A finding goes with its value: overridden, it is gone; kept, it stays."""
    scheme_less = Layer.from_options({"origins": ["localhost:3000"], "max_age": -1})
    merged = scheme_less.merge(Layer.from_options({"origins": ["http://localhost:3000"]}))
    assert [finding.option for finding in scheme_less.findings] == ["origins", "max_age"]
    assert [finding.option for finding in merged.findings] == ["max_age"]


def test_settled_problems_need_every_option_involved() -> None:
    """Only a layer setting origins, credentials and send_wildcard itself settles their conflict."""
    partial = Layer.from_options({"supports_credentials": True, "send_wildcard": True})
    assert partial.settled_problems() == []
    whole = Layer.from_options(
        {"origins": "*", "supports_credentials": True, "send_wildcard": True}
    )
    assert [problem.option for problem in whole.settled_problems()] == ["send_wildcard"]


def test_collect_returns_the_errors_beside_the_layer() -> None:
    """Layer.collect gives the errors and a layer in which the other options still count."""
    layer, errors = Layer.collect(
        {"origins": "*", "supports_credentials": True, "send_wildcard": True, "max_age": "x\n"}
    )
    assert [str(error) for error in errors] == [
        "max_age='x\\n': is not a number of seconds (give whole seconds as an int >= 0, "
        "a string of digits, or a timedelta)"
    ]
    assert [problem.option for problem in layer.settled_problems()] == ["send_wildcard"]
    with pytest.raises(ConfigurationError) as raised:
        Layer.from_options({"max_age": "x\n"})
    assert raised.value.problems == tuple(errors)
