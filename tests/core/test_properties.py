"""Hypothesis properties of the core: decide's guarantees, merge's algebra, the path matcher.

The example budget is small and the examples are derandomized, so the suite
is fast on two cores and gives the same verdict on every run. To hunt for
bugs, set ``CORE_PROPERTY_EXAMPLES`` (say, to 5000): the examples are then
that many, and random.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import unquote

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flask_cors.core import (
    ConfigurationError,
    Decider,
    Decision,
    Layer,
    Policy,
    Reason,
    RequestInfo,
    Resources,
    Rule,
    decide,
    parse_resources,
)

_EXPLORE = os.environ.get("CORE_PROPERTY_EXAMPLES")
PROPERTY = settings(
    max_examples=int(_EXPLORE or 120),
    derandomize=not _EXPLORE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAH = "Access-Control-Allow-Headers"
VARY = ("Vary", "Origin")

# --- Policies --------------------------------------------------------------------

LITERAL_ORIGINS = [
    "https://app.example.com",
    "https://Shop.Example.com",
    "http://localhost:3000",
    "null",
    "https://app.example.com:8443",
]
REGEX_ORIGINS: list[str | re.Pattern[str]] = [
    r"https://.*\.example\.com",
    r"http://localhost:\d+",
    "*",
    ".*",
    re.compile(r"https://[a-z]+\.test"),
    re.compile(r"HTTPS?://", re.IGNORECASE),
]
origin_entry = st.sampled_from([*LITERAL_ORIGINS, *REGEX_ORIGINS])
origins = st.one_of(origin_entry, st.lists(origin_entry, max_size=4))

method_names = st.sampled_from(["GET", "put", "Post", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
methods = st.one_of(
    st.lists(method_names, max_size=4),
    st.lists(method_names, min_size=1, max_size=4).map(", ".join),
    st.lists(method_names, min_size=1, max_size=4).map(",".join),
)

header_entry = st.sampled_from(["Content-Type", "x-a", "X-B", r"X-Custom-.*", "*", r"x-\d+"])
allow_headers = st.one_of(header_entry, st.lists(header_entry, max_size=4))
expose_names = st.lists(st.sampled_from(["X-A", "x-b", "Content-Length", "ETag"]), max_size=3)
expose_headers = st.one_of(st.none(), expose_names, expose_names.filter(bool).map(", ".join))
max_age = st.one_of(
    st.none(),
    st.integers(0, 10**7),
    st.integers(0, 10**7).map(str),
    st.integers(0, 10**7).map(lambda n: timedelta(seconds=n)),
)

option_dicts = st.fixed_dictionaries(
    {},
    optional={
        "origins": origins,
        "methods": methods,
        "allow_headers": allow_headers,
        "expose_headers": expose_headers,
        "supports_credentials": st.booleans(),
        "max_age": max_age,
        "send_wildcard": st.booleans(),
        "vary_header": st.booleans(),
        "always_send": st.booleans(),
        "allow_private_network": st.booleans(),
    },
)


def build(options: Mapping[str, object]) -> Policy:
    """Build a policy; the one forbidden combination drops send_wildcard instead."""
    try:
        return Policy.from_options(options)
    except ConfigurationError:
        return Policy.from_options({**options, "send_wildcard": False})


policies = option_dicts.map(build)

# --- Hostile request values ------------------------------------------------------------

TRICKY = list("aZ09-_.:/,; \t\r\n\x00\x7f\x85\u2028ä€*()[]\"'")
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(TRICKY), max_size=40),
    # Large values, up to 64 KiB, built by repetition so they are cheap to generate.
    st.builds(
        lambda unit, count: unit * count, st.text(min_size=1, max_size=4), st.integers(1, 16384)
    ),
    st.builds(
        lambda name, count: ",".join([name] * count),
        st.sampled_from(["", "x-a", " "]),
        st.integers(1, 5000),
    ),
    st.sampled_from(
        [
            "",
            "https://app.example.com",
            "HTTPS://SHOP.EXAMPLE.COM",
            "https://x.example.com.evil.net",
            "null",
            "a,,b",
            ",,,",
            "https://app.example.com, https://shop.example.com",
            "https://app.example.com\r\nSet-Cookie: a=b",
            "x" * 65536,
        ]
    ),
)
maybe_text = st.one_of(st.none(), hostile_text)
requests = st.builds(
    RequestInfo,
    method=st.one_of(st.sampled_from(["GET", "OPTIONS", "options", "POST"]), hostile_text),
    origin=maybe_text,
    path=hostile_text,
    request_method=st.one_of(st.none(), method_names, hostile_text),
    request_headers=maybe_text,
    private_network=st.booleans(),
)


# --- decide ------------------------------------------------------------------------------


@PROPERTY
@given(policy=policies, info=requests)
def test_decide_is_total(policy: Policy, info: RequestInfo) -> None:
    """decide returns a well-formed Decision for any request, never raising."""
    decision = decide(policy, info)
    assert isinstance(decision, Decision)
    assert isinstance(decision.reason, Reason)
    assert all(isinstance(name, str) and isinstance(value, str) for name, value in decision.headers)
    assert decision.allowed == (decision.reason is Reason.ALLOWED)
    assert decision.is_cors == bool(info.origin)
    if decision.allowed:
        assert decision.is_cors
    if decision.reason in (Reason.ORIGIN_NOT_ALLOWED, Reason.INVALID_ORIGIN):
        # A refused origin gets no CORS headers, only Vary when the policy varies.
        assert decision.headers == ((VARY,) if varies(policy) else ())


def star_to_all(policy: Policy) -> bool:
    """Whether the policy answers every request that has an Origin with '*' (send_wildcard)."""
    return policy.origins.matches_all and policy.send_wildcard and not policy.supports_credentials


def varies(policy: Policy) -> bool:
    """Whether the policy's answers depend on Origin and it says so.

    https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches
    """
    return (
        policy.vary_header
        and policy.origins.size > 0
        and not (star_to_all(policy) and policy.always_send)
    )


@PROPERTY
@given(policy=policies, info=requests)
def test_vary_on_every_origin_dependent_response(policy: Policy, info: RequestInfo) -> None:
    """Vary: Origin is on every response exactly when the policy's answers depend on Origin."""
    headers = decide(policy, info).headers
    assert headers.count(VARY) == (1 if varies(policy) else 0)


@PROPERTY
@given(policy=policies, method=st.sampled_from(["GET", "POST", "OPTIONS"]))
def test_null_origin_only_when_listed(policy: Policy, method: str) -> None:
    """'null' is allowed only by an entry naming it, never by '*' (send_wildcard's '*' aside)."""
    decision = decide(policy, RequestInfo(method, origin="null"))
    listed = policy.origins.matches_listed("null") or star_to_all(policy)
    assert decision.allowed is listed
    if not listed:
        assert decision.reason is Reason.ORIGIN_NOT_ALLOWED
        assert not any(name == ACAO for name, _ in decision.headers)


@PROPERTY
@given(policy=policies, info=requests)
def test_no_control_characters_emitted(policy: Policy, info: RequestInfo) -> None:
    """No header name or value decide emits contains CR, LF or NUL, and none is empty."""
    for name, value in decide(policy, info).headers:
        assert not {"\r", "\n", "\x00"} & set(name + value)
        assert value != ""


@PROPERTY
@given(policy=policies, info=requests)
def test_allowed_origin_is_allowed(policy: Policy, info: RequestInfo) -> None:
    """Allow-Origin is '*' or an allowed origin (without Origin: a configured literal)."""
    values = [value for name, value in decide(policy, info).headers if name == ACAO]
    assert len(values) <= 1
    if info.origin:
        for value in values:
            assert value == "*" or (value == info.origin and policy.origins.matches(value))
    else:
        for value in values:
            assert value == "*" or value in policy.origins.literals


@PROPERTY
@given(policy=policies, info=requests)
def test_never_wildcard_with_credentials(policy: Policy, info: RequestInfo) -> None:
    """Access-Control-Allow-Origin '*' never comes with Access-Control-Allow-Credentials 'true'."""
    headers = decide(policy, info).headers
    assert not ((ACAO, "*") in headers and (ACAC, "true") in headers)


# Preflights from origins the default policy allows, so the header list is reached.
preflights = st.builds(
    RequestInfo,
    method=st.just("OPTIONS"),
    origin=st.sampled_from(LITERAL_ORIGINS),
    request_method=method_names,
    request_headers=st.one_of(hostile_text, st.text(alphabet="aX-, \t", max_size=20)),
    private_network=st.booleans(),
)


@PROPERTY
@given(policy=policies, info=st.one_of(requests, preflights))
# A space inside an item is rare in random input; pin it.
@example(
    policy=Policy(),
    info=RequestInfo(
        "OPTIONS", origin=LITERAL_ORIGINS[0], request_method="GET", request_headers="X A"
    ),
)
def test_allow_headers_are_requested_tokens(policy: Policy, info: RequestInfo) -> None:
    """Every name in Access-Control-Allow-Headers is an HTTP token the request asked for."""
    token = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
    requested = {item.strip(" \t") for item in (info.request_headers or "").split(",")}
    for name, value in decide(policy, info).headers:
        if name == ACAH:
            for item in value.split(", "):
                assert token.match(item)
                assert item in requested


@PROPERTY
@given(options=option_dicts, infos=st.lists(requests, min_size=1, max_size=5))
def test_memo_does_not_change_answers(
    options: Mapping[str, object], infos: list[RequestInfo]
) -> None:
    """A policy that has decided other requests before answers like a fresh, equal one."""
    used = build(options)
    for info in infos:
        decide(used, info)
    for info in infos:
        assert decide(used, info) == decide(build(options), info)


environ_values = st.one_of(st.none(), hostile_text, st.sampled_from([b"https://a.example", 7]))
environs = st.fixed_dictionaries(
    {},
    optional={
        "REQUEST_METHOD": st.one_of(
            st.sampled_from(["GET", "OPTIONS", "options", "Get"]), hostile_text
        ),
        "PATH_INFO": hostile_text,
        "HTTP_ORIGIN": environ_values,
        "HTTP_ACCESS_CONTROL_REQUEST_METHOD": st.one_of(method_names, environ_values),
        "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": environ_values,
        "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK": st.sampled_from(["true", "false", "TRUE"]),
    },
)


@PROPERTY
@given(options=option_dicts, batch=st.lists(environs, min_size=1, max_size=5))
def test_decide_environ_is_decide_of_the_snapshot(
    options: Mapping[str, object], batch: list[dict[str, object]]
) -> None:
    """A Decider answers as decide() on the snapshot, memo or not, and never raises."""
    policy = build(options)
    decider = Decider(policy)
    for _ in range(2):
        for environ in batch:
            expected = decide(policy, RequestInfo.from_environ(environ))
            assert decider.decide_environ(environ) == expected
            assert decider.decide(RequestInfo.from_environ(environ)) == expected


# --- merge ---------------------------------------------------------------------------------


@PROPERTY
@given(policy=policies)
def test_merge_identity(policy: Policy) -> None:
    """Policy() is the identity of merge on both sides."""
    assert Policy().merge(policy) == policy
    assert policy.merge(Policy()) == policy


def merged(*layers: Policy) -> Policy | None:
    """Fold layers left to right, or None when the combination is refused."""
    result = Policy()
    try:
        for layer in layers:
            result = result.merge(layer)
    except ConfigurationError:
        return None
    return result


@PROPERTY
@given(a=policies, b=policies, c=policies)
def test_merge_associative(a: Policy, b: Policy, c: Policy) -> None:
    """(a.b).c and a.(b.c) are equal whenever both succeed."""
    left = merged(a, b, c)
    try:
        right: Policy | None = a.merge(b.merge(c))
    except ConfigurationError:
        right = None
    if left is not None and right is not None:
        assert left == right
        assert left.explicit == a.explicit | b.explicit | c.explicit


def checked_or_none(layer: Layer) -> Policy | None:
    """The policy of a layer, or None when its combination is refused."""
    try:
        return layer.policy()
    except ConfigurationError:
        return None


def built_or_none(options: Mapping[str, object]) -> Policy | None:
    """The policy of these options, or None when their combination is refused."""
    try:
        return Policy.from_options(options)
    except ConfigurationError:
        return None


layers = option_dicts.map(Layer.from_options)


@PROPERTY
@given(a=layers, b=layers, c=layers)
def test_layer_merge_is_associative(a: Layer, b: Layer, c: Layer) -> None:
    """Layers merge in any grouping to the same layer, findings included, and never raise."""
    left = a.merge(b).merge(c)
    assert left == a.merge(b.merge(c))
    assert left.findings == a.merge(b.merge(c)).findings
    assert left.given == a.given | b.given | c.given


@PROPERTY
@given(layer=layers)
def test_empty_layer_is_identity(layer: Layer) -> None:
    """Layer() merged on either side gives the other layer back."""
    assert Layer().merge(layer) == layer
    assert layer.merge(Layer()) == layer


@PROPERTY
@given(first=option_dicts, second=option_dicts, third=option_dicts)
def test_merged_layers_judge_as_options_written_at_once(
    first: Mapping[str, object], second: Mapping[str, object], third: Mapping[str, object]
) -> None:
    """A fold of layers gives the policy of their options written in one place."""
    a, b, c = (Layer.from_options(options) for options in (first, second, third))
    assert checked_or_none(a.merge(b).merge(c)) == built_or_none({**first, **second, **third})


@PROPERTY
@given(a=policies, b=policies)
def test_merge_overrides_only_explicit(a: Policy, b: Policy) -> None:
    """Each option of a.merge(b) comes from b if b was given it, else from a."""
    result = merged(a, b)
    if result is None:
        return
    for name in ("origins", "methods", "allow_headers", "max_age", "supports_credentials"):
        source = b if name in b.explicit else a
        assert getattr(result, name) == getattr(source, name)


# --- Resources -------------------------------------------------------------------------

PATH_PATTERNS = st.sampled_from(
    [
        "*",
        "/api/*",
        "/api/v1/.*",
        "/api/v1/users",
        "/a b",
        "/a+b",
        "/café",
        r"/(static)/.*",
        "(?i)/x",
        re.compile("/API/.*", re.IGNORECASE),
        re.compile(r"/v\d+/"),
        "/x",
    ]
)
path_text = st.one_of(
    st.text(alphabet=st.sampled_from(list("/apiv1usersxX +%2BC3A9é0fF")), max_size=16),
    st.sampled_from(["/api/v1/users", "/a%20b", "/a+b", "/caf%C3%A9", "/API/v2", "/X", "/v2/"]),
)


@PROPERTY
@given(
    patterns=st.lists(PATH_PATTERNS, max_size=6, unique_by=str),
    as_dict=st.booleans(),
    paths=st.lists(path_text, min_size=1, max_size=8),
)
def test_resources_match_first_matching_rule(
    patterns: list[str | re.Pattern[str]], as_dict: bool, paths: list[str]
) -> None:
    """Resources.match returns the first rule, in parse order, matching the unquoted path."""
    spec = {pattern: {} for pattern in patterns} if as_dict else patterns
    resources = Resources(tuple(Rule(p, Policy()) for p, _ in parse_resources(spec)))
    for path in paths:
        decoded = unquote(path)
        expected = next(
            (
                rule
                for rule in resources.rules
                if (
                    rule.pattern == decoded
                    if isinstance(rule.pattern, str)
                    else rule.pattern.match(decoded)
                )
            ),
            None,
        )
        assert resources.match(path) == expected
