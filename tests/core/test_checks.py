"""Origin functions: origins decided at run time, never remembered unless asked, failing closed.

A table of policies with origin functions and requests, the headers that
come out and who was asked; then the memo rules (a Decider asks every
time, :func:`remembered` for a time-to-live), failures (a raise or an
answer that is not a bool refuses, recorded for the log), the
configuration rules, and Hypothesis properties.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flask_cors.core import (
    ConfigurationError,
    Decider,
    Layer,
    Policy,
    Reason,
    RegexBudget,
    RememberedCheck,
    RequestInfo,
    decide,
    explain,
    remembered,
)
from flask_cors.core.checks import CheckFailure, ask, check_name

ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAM = "Access-Control-Allow-Methods"
ACAH = "Access-Control-Allow-Headers"
VARY = ("Vary", "Origin")
ALL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"

APP = "https://app.example.com"
CLIENT = "https://client-42.example.org"
EVIL = "https://evil.example.net"
STATIC = "https://static.example.com"

PROPERTY = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass
class Registry:
    """An allow-list that changes while the app runs, counting the questions it gets."""

    allowed: set[str] = field(default_factory=lambda: {APP, CLIENT})
    asked: list[str] = field(default_factory=list)

    def __call__(self, origin: str) -> bool:
        self.asked.append(origin)
        return origin in self.allowed


def is_app(origin: str) -> bool:
    """Allow the one frontend."""
    return origin == APP


def database_down(origin: str) -> bool:
    """Fail as a check whose database is unreachable does."""
    raise ConnectionError(f"database unreachable while asking about {origin}")


def get(origin: str | None) -> RequestInfo:
    return RequestInfo("GET", origin=origin)


@dataclass(frozen=True)
class Case:
    """A policy over a registry, a request, the headers out, the origins the registry was asked."""

    id: str
    description: str
    options: dict[str, object]
    info: RequestInfo
    headers: tuple[tuple[str, str], ...]
    reason: Reason
    asked: tuple[str, ...]


CASES = [
    Case(
        "allows",
        "An origin the function allows is echoed back, with Vary: Origin.",
        {},
        get(CLIENT),
        ((ACAO, CLIENT), VARY),
        Reason.ALLOWED,
        (CLIENT,),
    ),
    Case(
        "refuses",
        "An origin the function refuses gets only Vary: Origin.",
        {},
        get(EVIL),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
        (EVIL,),
    ),
    Case(
        "static-first",
        "An origin a literal beside the function allows never reaches the function.",
        {"origins": [STATIC, "REGISTRY"]},
        get(STATIC),
        ((ACAO, STATIC), VARY),
        Reason.ALLOWED,
        (),
    ),
    Case(
        "after-static",
        "An origin no static entry allows is asked of the function.",
        {"origins": [STATIC, r"https://.*\.cdn\.test", "REGISTRY"]},
        get(CLIENT),
        ((ACAO, CLIENT), VARY),
        Reason.ALLOWED,
        (CLIENT,),
    ),
    Case(
        "credentials",
        "With credentials, the allowed origin is echoed (never '*') with the credentials line.",
        {"supports_credentials": True},
        get(APP),
        ((ACAO, APP), (ACAC, "true"), VARY),
        Reason.ALLOWED,
        (APP,),
    ),
    Case(
        "preflight",
        "A preflight from an allowed origin gets the whole answer.",
        {},
        RequestInfo("OPTIONS", origin=APP, request_method="PUT", request_headers="x-a"),
        ((ACAO, APP), (ACAH, "x-a"), (ACAM, ALL_METHODS), VARY),
        Reason.ALLOWED,
        (APP,),
    ),
    Case(
        "null-asked",
        "The opaque origin null is asked too ('*' never covers it; the function may).",
        {},
        get("null"),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
        ("null",),
    ),
    Case(
        "no-origin",
        "A request without Origin asks nothing; with only a function, no origin goes out.",
        {},
        get(None),
        (VARY,),
        Reason.NO_ORIGIN,
        (),
    ),
    Case(
        "no-origin-literal",
        "A request without Origin gets the first literal origin (always_send), asking nothing.",
        {"origins": ["REGISTRY", STATIC]},
        get(None),
        ((ACAO, STATIC), VARY),
        Reason.NO_ORIGIN,
        (),
    ),
    Case(
        "malformed-origin",
        "An Origin that is not one origin is refused before any function sees it.",
        {},
        get(f"{APP}, {EVIL}"),
        (VARY,),
        Reason.INVALID_ORIGIN,
        (),
    ),
    Case(
        "star-beside",
        "'*' beside the function allows every origin without asking.",
        {"origins": ["*", "REGISTRY"]},
        get(EVIL),
        ((ACAO, EVIL), VARY),
        Reason.ALLOWED,
        (),
    ),
]


def _policy(registry: Registry, options: dict[str, object]) -> Policy:
    origins = options.get("origins", "REGISTRY")
    entries = origins if isinstance(origins, list) else [origins]
    given = [registry if entry == "REGISTRY" else entry for entry in entries]
    return Policy.from_options({**options, "origins": given})


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_origin_function(case: Case) -> None:
    """Each request gets exactly its headers and reason, and the function is asked exactly so."""
    registry = Registry()
    decision = decide(_policy(registry, case.options), case.info)
    assert (decision.headers, decision.reason) == (case.headers, case.reason)
    assert tuple(registry.asked) == case.asked


def test_alone_not_in_a_list() -> None:
    """A function alone, not in a list, is an origin function too."""
    decision = decide(Policy(origins=is_app), get(APP))
    assert decision.headers == ((ACAO, APP), VARY)


def test_bound_method_and_object() -> None:
    """A bound method and an object with __call__ are origin functions."""
    allowed = frozenset({APP})
    assert decide(Policy(origins=allowed.__contains__), get(APP)).allowed
    assert decide(Policy(origins=[Registry()]), get(CLIENT)).allowed


# --- Never remembered, unless asked ----------------------------------------------


def test_decider_asks_every_time() -> None:
    """A Decider asks the function on every request: a change to the allow-list is seen at once."""
    registry = Registry()
    decider = Decider(Policy(origins=[registry]))
    assert decider.decide(get(EVIL)).reason is Reason.ORIGIN_NOT_ALLOWED
    registry.allowed.add(EVIL)
    assert decider.decide(get(EVIL)).headers == ((ACAO, EVIL), VARY)
    registry.allowed.discard(EVIL)
    assert decider.decide(get(EVIL)).reason is Reason.ORIGIN_NOT_ALLOWED
    assert registry.asked == [EVIL, EVIL, EVIL]


def test_decider_environ_asks_every_time() -> None:
    """The WSGI path of a Decider asks every time too, also once an answer was found."""
    registry = Registry()
    decider = Decider(Policy(origins=[registry]))
    environ = {"REQUEST_METHOD": "GET", "HTTP_ORIGIN": CLIENT}
    for _ in range(3):
        assert decider.decide_environ(environ).allowed
    registry.allowed.clear()
    assert not decider.decide_environ(environ).allowed
    assert registry.asked == [CLIENT] * 4


def test_decider_remembers_static_policies() -> None:
    """Without a function, a repeated request is answered from the memo: the same Decision."""
    decider = Decider(Policy(origins=[APP]))
    environ = {"REQUEST_METHOD": "GET", "HTTP_ORIGIN": APP}
    assert decider.decide_environ(environ) is decider.decide_environ(environ)


def test_decider_without_origin_asks_nothing() -> None:
    """Requests without Origin under a function's policy ask nothing, however many."""
    registry = Registry()
    decider = Decider(Policy(origins=[registry, STATIC]))
    for _ in range(3):
        assert decider.decide_environ({"REQUEST_METHOD": "GET"}).headers == ((ACAO, STATIC), VARY)
    assert registry.asked == []


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_remembered_for_its_ttl() -> None:
    """remembered() asks once per origin within the ttl, and again after it."""
    registry = Registry()
    clock = Clock()
    check = RememberedCheck(registry, 30.0, clock=clock)
    decider = Decider(Policy(origins=[check]))
    assert decider.decide(get(CLIENT)).allowed
    registry.allowed.discard(CLIENT)
    clock.now += 29.9
    assert decider.decide(get(CLIENT)).allowed
    clock.now += 0.2
    assert not decider.decide(get(CLIENT)).allowed
    assert registry.asked == [CLIENT, CLIENT]


def test_remembered_per_origin() -> None:
    """Each origin's answer is remembered apart."""
    registry = Registry()
    check = RememberedCheck(registry, 30.0, clock=Clock())
    assert [check(APP), check(EVIL), check(APP), check(EVIL)] == [True, False, True, False]
    assert registry.asked == [APP, EVIL]


def test_remembered_forget() -> None:
    """forget() drops one origin's answer, or all of them."""
    registry = Registry()
    check = RememberedCheck(registry, 30.0, clock=Clock())
    check(APP)
    check(CLIENT)
    check.forget(APP)
    check(APP)
    check(CLIENT)
    check.forget()
    check(CLIENT)
    assert registry.asked == [APP, CLIENT, APP, CLIENT]


def test_remembered_size() -> None:
    """A full RememberedCheck forgets everything before taking one more origin."""
    registry = Registry()
    check = RememberedCheck(registry, 30.0, size=2, clock=Clock())
    for origin in [APP, CLIENT, APP, EVIL, APP]:
        check(origin)
    assert registry.asked == [APP, CLIENT, EVIL, APP]


def test_remembered_never_keeps_a_failure() -> None:
    """A failure is not remembered: the next request asks again."""
    calls: list[str] = []

    def flaky(origin: str) -> bool:
        calls.append(origin)
        if len(calls) == 1:
            raise TimeoutError("slow database")
        return True

    decider = Decider(Policy(origins=remembered(flaky, ttl=60)))
    assert decider.decide(get(APP)).reason is Reason.ORIGIN_CHECK_FAILED
    assert decider.decide(get(APP)).allowed
    assert decider.decide(get(APP)).allowed
    assert calls == [APP, APP]


def test_remembered_takes_a_timedelta() -> None:
    """ttl may be a timedelta."""
    assert remembered(is_app, ttl=timedelta(minutes=5)).ttl == 300.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"ttl": 0}, "ttl=0: is not a positive time", id="zero"),
        pytest.param({"ttl": -1.0}, "ttl=-1.0: is not a positive time", id="negative"),
        pytest.param({"ttl": True}, "ttl=True: is not a positive time", id="bool"),
        pytest.param({"ttl": "60"}, "ttl='60': is not a positive time", id="string"),
        pytest.param({"ttl": float("nan")}, "ttl=nan: is not a positive time", id="nan"),
        pytest.param(
            {"ttl": timedelta(0)},
            "ttl=datetime.timedelta(0): is not a positive time",
            id="zero-timedelta",
        ),
        pytest.param({"ttl": 5, "size": 0}, "size=0: is not a positive number", id="size"),
    ],
)
def test_remembered_refuses(kwargs: dict[str, object], message: str) -> None:
    """remembered() refuses a ttl that is not a positive time and a size below 1, with the fix."""
    with pytest.raises(ConfigurationError) as caught:
        remembered(is_app, **kwargs)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_remembered_refuses_async() -> None:
    """remembered() refuses an async def function."""

    async def lookup(origin: str) -> bool:
        return True

    with pytest.raises(ConfigurationError, match="is not a function of the origin"):
        remembered(lookup, ttl=5)  # type: ignore[arg-type]


# --- Failures: a refusal, recorded ------------------------------------------------


def test_raise_is_a_refusal() -> None:
    """A function that raises refuses the origin; the budget holds what it raised."""
    budget = RegexBudget()
    decision = decide(Policy(origins=database_down), get(APP), budget)
    assert (decision.headers, decision.allowed) == ((VARY,), False)
    assert decision.reason is Reason.ORIGIN_CHECK_FAILED
    [failure] = budget.failed
    assert failure.check is database_down
    assert failure.origin == APP
    assert isinstance(failure.error, ConnectionError)
    assert str(failure.error) == f"database unreachable while asking about {APP}"


def test_raise_then_another_entry() -> None:
    """A function that raises does not stop a later function from allowing."""
    budget = RegexBudget()
    decision = decide(Policy(origins=[database_down, is_app]), get(APP), budget)
    assert decision.headers == ((ACAO, APP), VARY)
    assert len(budget.failed) == 1


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        pytest.param(1, "returned 1, not True or False", id="one"),
        pytest.param("yes", "returned 'yes', not True or False", id="string"),
        pytest.param(None, "returned None, not True or False", id="none"),
        pytest.param({"id": 7}, "returned {'id': 7}, not True or False", id="row"),
    ],
)
def test_answer_not_bool_refuses(answer: object, said: str) -> None:
    """An answer that is not True or False refuses, even a truthy one, and says what came back."""
    budget = RegexBudget()
    # mypy refuses such a function where origins= is typed: the Protocol wants a bool.
    decision = decide(Policy(origins=lambda origin: answer), get(APP), budget)  # type: ignore[arg-type]
    assert decision.reason is Reason.ORIGIN_CHECK_FAILED
    assert [(type(f.error), str(f.error)) for f in budget.failed] == [(TypeError, said)]


def test_coroutine_answer_refuses_and_is_closed() -> None:
    """A coroutine (from an async function hidden in a def) refuses, and is closed unawaited."""

    async def lookup() -> bool:
        return True

    coroutines: list[Coroutine[object, object, bool]] = []

    def hidden(origin: str) -> bool:
        coroutine = lookup()
        coroutines.append(coroutine)
        return coroutine  # type: ignore[return-value]

    budget = RegexBudget()
    assert decide(Policy(origins=hidden), get(APP), budget).reason is Reason.ORIGIN_CHECK_FAILED
    # Closed: Python has no "never awaited" warning to give later.
    assert inspect.getcoroutinestate(coroutines[0]) == "CORO_CLOSED"
    assert "returned <coroutine object" in str(budget.failed[0].error)


def test_base_exceptions_propagate() -> None:
    """KeyboardInterrupt is no answer to take for a refusal: it goes on up."""

    def interrupted(origin: str) -> bool:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ask(interrupted, APP, RegexBudget())


def _raise_at_one_line(origin: str) -> bool:
    raise ValueError(f"unknown {origin}")


def _raise_at_another_line(origin: str) -> bool:
    raise ValueError(f"unknown {origin}")


def test_failure_key_is_the_error_not_the_origin() -> None:
    """Two failures at the same line are one error, whatever origins; another line is another."""
    budget = RegexBudget()
    for origin in (APP, EVIL):
        ask(_raise_at_one_line, origin, budget)
    ask(_raise_at_another_line, APP, budget)
    first, second, third = budget.failed
    assert first.key == second.key
    assert first.key != third.key
    assert first.key[:2] == (f"{__name__}._raise_at_one_line", "ValueError")


def test_failure_without_traceback() -> None:
    """A failure made by hand, with no traceback, still has a key."""
    failure = CheckFailure(is_app, APP, TypeError("returned 1"))
    assert failure.key == (f"{__name__}.is_app", "TypeError", "", 0)


# --- Configuration ----------------------------------------------------------------


def test_async_def_is_an_error() -> None:
    """An async def origin function is refused when the policy is built, with the fix."""

    async def lookup(origin: str) -> bool:
        return True

    with pytest.raises(ConfigurationError) as caught:
        Policy(origins=[APP, lookup])  # type: ignore[list-item]
    [problem] = caught.value.problems
    assert problem.option == "origins"
    assert problem.value == f"{__name__}.test_async_def_is_an_error.<locals>.lookup"
    assert problem.message.startswith("is an async function")
    assert problem.fix == "define it with def; run async code elsewhere and keep its result for it"


def test_async_callable_object_is_an_error() -> None:
    """An object whose __call__ is async def is refused too."""

    class Lookup:
        async def __call__(self, origin: str) -> bool:
            return True

    with pytest.raises(ConfigurationError, match="is an async function"):
        Policy(origins=Lookup())  # type: ignore[arg-type]


def test_send_wildcard_is_an_error() -> None:
    """send_wildcard with an origin function is a configuration error, with the fix."""
    with pytest.raises(ConfigurationError) as caught:
        Policy(origins=[is_app], send_wildcard=True)
    assert str(caught.value) == (
        "invalid CORS configuration, 1 problem:\n"
        f"  - send_wildcard=True: cannot be combined with an origin function "
        f"({__name__}.is_app): 'Access-Control-Allow-Origin: *' would answer every origin the "
        "function refuses (set send_wildcard=False: allowed origins are then echoed back)"
    )


def test_send_wildcard_error_across_layers() -> None:
    """The combination is found when layers written apart are merged."""
    layer = Layer.from_options({"send_wildcard": True}).merge(
        Layer.from_options({"origins": is_app})
    )
    assert [p.option for p in layer.settled_problems()] == ["send_wildcard"]
    with pytest.raises(ConfigurationError):
        layer.policy()


def test_send_wildcard_false_is_fine() -> None:
    """send_wildcard=False with an origin function is fine."""
    assert Policy(origins=is_app, send_wildcard=False).origins.checks == (is_app,)


def test_star_beside_function_is_a_finding() -> None:
    """A function beside '*' is never asked: a finding with the fix."""
    [finding] = Policy(origins=["*", is_app]).findings
    assert str(finding) == (
        f"origins='{__name__}.is_app': is never asked: '*' among the origins already allows "
        "every origin (remove '*' to let the function decide)"
    )


def test_function_in_allow_headers_is_a_finding() -> None:
    """allow_headers takes no functions: a function there never matches, as 6.0.5 would."""
    [finding] = Policy(allow_headers=[is_app]).findings  # type: ignore[list-item]
    assert finding.message == "is not a string or regex, so it never matches"


def test_policies_with_the_same_function_are_equal() -> None:
    """Policies are values: the same function makes equal policies, another does not."""
    assert Policy(origins=is_app) == Policy(origins=[is_app])
    assert Policy(origins=is_app) != Policy(origins=database_down)


# --- Names --------------------------------------------------------------------------


class Allowlist:
    """A callable object."""

    def __call__(self, origin: str) -> bool:
        return False

    def check(self, origin: str) -> bool:
        return False


@pytest.mark.parametrize(
    ("check", "name"),
    [
        pytest.param(is_app, f"{__name__}.is_app", id="function"),
        pytest.param(Allowlist(), f"{__name__}.Allowlist()", id="object"),
        pytest.param(Allowlist().check, f"{__name__}.Allowlist.check", id="method"),
        pytest.param(functools.partial(is_app), f"partial({__name__}.is_app)", id="partial"),
        pytest.param(frozenset().__contains__, "frozenset.__contains__", id="builtin-method"),
        pytest.param(lambda origin: True, f"{__name__}.<lambda>", id="lambda"),
        pytest.param(
            RememberedCheck(is_app, 60.0),
            f"{__name__}.is_app (answers remembered for 60 s)",
            id="remembered",
        ),
    ],
)
def test_check_name(check: Callable[[str], bool], name: str) -> None:
    """Functions are named as a person finds them in the code: module and qualified name."""
    assert check_name(check) == name


def test_remembered_repr() -> None:
    """A RememberedCheck shows what it wraps and for how long."""
    assert repr(remembered(is_app, ttl=2.5)) == f"remembered({__name__}.is_app, ttl=2.5)"


# --- explain() ------------------------------------------------------------------------


def test_explain_names_the_function_that_refused() -> None:
    """A refusal names the function that answered False."""
    policy = Policy(origins=[STATIC, is_app])
    decision = decide(policy, get(EVIL))
    assert explain(policy, get(EVIL), decision, where="rule '/api/*'") == (
        f"origin '{EVIL}' is not allowed by rule '/api/*'; allowed: '{STATIC}', function "
        f"{__name__}.is_app; the origin function {__name__}.is_app answered False"
    )


def test_explain_names_the_function_that_failed() -> None:
    """A failure names the function and what it raised."""
    policy = Policy(origins=database_down)
    budget = RegexBudget()
    decision = decide(policy, get(APP), budget)
    text = explain(policy, get(APP), decision, where="rule '/*'", failed=budget.failed)
    assert text == (
        f"origin '{APP}' is not allowed by rule '/*': {__name__}.database_down raised "
        f"ConnectionError('database unreachable while asking about {APP}'); a function that "
        "raises or does not answer True or False refuses the origin (the flask_cors log has "
        "its traceback)"
    )


def test_explain_failure_without_the_budget() -> None:
    """Without the failures at hand, the sentence still names the functions."""
    policy = Policy(origins=database_down)
    decision = decide(policy, get(APP))
    assert explain(policy, get(APP), decision) == (
        f"origin '{APP}' is not allowed: an origin function ({__name__}.database_down) "
        "failed; a function that raises or does not answer True or False refuses the origin "
        "(the flask_cors log has its traceback)"
    )


# --- Properties -----------------------------------------------------------------------

origins_sent = st.sampled_from([APP, CLIENT, EVIL, STATIC, "null", "HTTPS://APP.EXAMPLE.COM"])
steps = st.lists(
    st.tuples(st.sampled_from(["add", "remove", "ask", "ask-environ"]), origins_sent),
    max_size=30,
)


@PROPERTY
@given(steps)
def test_decider_always_sees_the_current_allow_list(script: list[tuple[str, str]]) -> None:
    """However the allow-list changes, a Decider answers as decide() on a fresh policy would."""
    registry = Registry(allowed=set())
    policy = Policy(origins=[STATIC, registry])
    decider = Decider(policy)
    for action, origin in script:
        if action == "add":
            registry.allowed.add(origin)
        elif action == "remove":
            registry.allowed.discard(origin)
        else:
            fresh = decide(policy, get(origin))
            if action == "ask":
                assert decider.decide(get(origin)) == fresh
            else:
                environ = {"REQUEST_METHOD": "GET", "HTTP_ORIGIN": origin}
                assert decider.decide_environ(environ) == fresh
            expected = origin == STATIC or origin in registry.allowed
            assert fresh.allowed is expected


errors = st.sampled_from([ValueError, KeyError, RuntimeError, ConnectionError, TypeError])


@PROPERTY
@given(errors, origins_sent, st.booleans())
def test_failure_never_allows(error: type[Exception], origin: str, credentials: bool) -> None:
    """A function that raises never allows: no Access-Control-Allow-Origin, whatever it raised."""

    def broken(value: str) -> bool:
        raise error(value)

    decision = decide(Policy(origins=broken, supports_credentials=credentials), get(origin))
    assert not decision.allowed
    assert all(name != ACAO for name, _ in decision.headers)


@PROPERTY
@given(st.text(max_size=50))
def test_only_well_formed_origins_are_asked(origin: str) -> None:
    """A function is asked only about values that can be one origin (visible ASCII, no comma)."""
    registry = Registry()
    decide(Policy(origins=registry), get(origin))
    for asked in registry.asked:
        assert re.fullmatch(r"[!-+\--~]+", asked)
        assert asked != "*"
