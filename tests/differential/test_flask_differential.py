"""Differential tests of the Flask shell: the same app built with flask-cors 6.0.5 and with ours.

Hypothesis generates a CORS setup (``CORS_*`` config, ``CORS(...)`` and
``init_app(...)`` options, resources in every shape with per-resource
options, a ``@cross_origin`` view, a blueprint with its own ``CORS``); the
same application is built twice, once with each implementation, and
generated requests go through both test clients. Status codes, every
``Access-Control-*`` header (in order) and the ``Vary`` values must be the
same. Any difference fails the bulk test with a grouped report.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final, Literal, TypeAlias, cast

import pytest
from flask import Blueprint, Flask, Response, abort
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

import flask_cors
from flask_cors import CORS, ConfigurationError
from reference import Reference

from .test_core_differential import (
    CONFIGURATION,
    LITERAL_ORIGINS,
    METHODS,
    OPTION_VALUES,
    OTHER_ORIGINS,
    PRIVATE_NETWORK_HEADER,
    REGEX_HINT,
    REQUEST_HEADERS_HEADER,
    REQUEST_METHODS,
    HeaderList,
    Mismatches,
    Options,
    Request,
    cased,
)

# Ours warns at startup about insecure configurations (InsecureCORSWarning);
# the reference does not. The warnings go to no response, so they are not
# compared here, and with -W error they would abort the generated setups.
pytestmark = pytest.mark.filterwarnings("ignore::flask_cors.InsecureCORSWarning")

#: Generated setups; each app pair answers several requests.
SETUPS: Final = 700
#: Requests per setup, at least.
MIN_REQUESTS: Final = 8
#: The number of compared requests the bulk test must reach.
REQUIRED_CASES: Final = 5_000
#: The name of every generated app, and so of its logger.
APP_NAME: Final = "cors_differential_app"

Mode: TypeAlias = Literal["direct", "factory", "none"]


@dataclass(frozen=True)
class Implementation:
    """A CORS implementation's Flask surface: the extension class and the decorator."""

    name: str
    CORS: Any
    cross_origin: Any


def ours() -> Implementation:
    """Return this project's Flask surface."""
    return Implementation("ours", flask_cors.CORS, flask_cors.cross_origin)


def theirs(reference: Reference) -> Implementation:
    """Return flask-cors 6.0.5's Flask surface."""
    return Implementation("reference", reference.CORS, reference.cross_origin)


# ---------------------------------------------------------------------------
# What is generated.

RESOURCE_PATTERNS: Final = (
    "/api/*",
    r"/api/.*",
    "/api/items",
    "/api/items/*",
    r"/api/items/\d+",
    "/public/*",
    "/public/page",
    "/bp/*",
    "*",
    "/api/a+b",
    "/api/café",
    "/api/caf.*",
    "/API/*",
    "/api/boom",
    re.compile(r"/api/.*"),
    re.compile(r"/public/.*"),
    re.compile(r"/bp/(items|missing)"),
)
RESOURCES: Final = st.one_of(
    st.sampled_from(RESOURCE_PATTERNS),
    st.lists(st.sampled_from(RESOURCE_PATTERNS), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(RESOURCE_PATTERNS), CONFIGURATION, min_size=1, max_size=4),
)
SHELL_VALUES: Final[Mapping[str, st.SearchStrategy[Any]]] = {
    "resources": RESOURCES,
    "intercept_exceptions": st.booleans(),
}
CONFIG: Final = st.fixed_dictionaries(
    {},
    optional={
        **{f"CORS_{name.upper()}": values for name, values in OPTION_VALUES.items()},
        **{f"CORS_{name.upper()}": values for name, values in SHELL_VALUES.items()},
        "CORS_AUTOMATIC_OPTIONS": st.booleans(),
    },
)
EXTENSION_OPTIONS: Final = st.fixed_dictionaries({}, optional={**OPTION_VALUES, **SHELL_VALUES})
DECORATOR_OPTIONS: Final = st.fixed_dictionaries(
    {}, optional={**OPTION_VALUES, "automatic_options": st.booleans()}
)

PATHS: Final = (
    "/api/items",
    "/api/items/7",
    "/api/items/x",
    "/api/items?page=2",
    "/api/missing",
    "/api/forbidden",
    "/api/boom",
    "/api/own-cors",
    "/api/vary",
    "/api/caf%C3%A9",
    "/api/a+b",
    "/api/a%2Bb",
    "/api/a%20b",
    "/api/%2561",
    "/API/items",
    "/api/Items",
    "/api/decorated",
    "/api/nope",
    "/public/page",
    "/public/decorated",
    "/bp/items",
    "/bp/missing",
    "/bp/boom",
    "/bp/nope",
    "/nope",
)
#: Blueprint and error paths, drawn more often: layers meet there.
LIKELY_PATHS: Final = ("/bp/items", "/bp/missing", "/bp/boom", "/api/missing", "/api/forbidden")


@dataclass(frozen=True)
class Setup:
    """One generated CORS setup of the test application.

    Attributes:
        config: ``CORS_*`` keys put in ``app.config``.
        mode: ``direct`` for ``CORS(app, **extension)``, ``factory`` for
            ``CORS(**extension).init_app(app, **init_app)``, ``none`` for no
            app-wide extension.
        extension: The options of ``CORS(...)``.
        init_app: The options of ``init_app(...)`` (factory mode).
        decorator: The options of the ``@cross_origin`` views.
        blueprint: The options of the blueprint's own ``CORS``, or ``None``.

    """

    config: Options
    mode: Mode
    extension: Options
    init_app: Options
    decorator: Options
    blueprint: Options | None


SETUP: Final = st.builds(
    Setup,
    config=CONFIG,
    mode=st.sampled_from(("direct", "direct", "factory", "none")),
    extension=EXTENSION_OPTIONS,
    init_app=EXTENSION_OPTIONS,
    decorator=DECORATOR_OPTIONS,
    blueprint=st.one_of(st.none(), EXTENSION_OPTIONS),
)


@dataclass(frozen=True)
class Call:
    """One request to the test application."""

    path: str
    request: Request


#: Requests as in the core tests, less what named differences (g) and (h) cover
#: there: the origin "null" and requested methods in lower case.
FLASK_REQUEST: Final = st.builds(
    Request,
    REQUEST_METHODS,
    st.one_of(st.none(), st.just(""), cased(LITERAL_ORIGINS[:-1]), cased(OTHER_ORIGINS)),
    st.one_of(st.none(), st.sampled_from(METHODS)),
    REQUEST_HEADERS_HEADER,
    PRIVATE_NETWORK_HEADER,
)
CALL: Final = st.builds(
    Call, st.one_of(st.sampled_from(PATHS), st.sampled_from(LIKELY_PATHS)), FLASK_REQUEST
)


# ---------------------------------------------------------------------------
# The application, built the same way with either implementation.


def build_app(impl: Implementation, setup: Setup) -> Flask:
    """Build the test application with ``impl``'s CORS, configured by ``setup``."""
    app = Flask(APP_NAME)
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.config.update(setup.config)
    app.logger.disabled = True

    def decorated(view: Callable[[], Any]) -> Callable[[], Any]:
        return cast(Callable[[], Any], impl.cross_origin(**setup.decorator)(view))

    @app.route("/api/items", methods=["GET", "POST"])
    def items() -> str:
        return "items"

    @app.route("/api/items/<int:item_id>", methods=["GET", "PUT", "DELETE"])
    def item(item_id: int) -> str:
        return f"item {item_id}"

    @app.route("/api/missing")
    def missing() -> str:
        abort(404)

    @app.route("/api/forbidden", methods=["GET", "POST"])
    def forbidden() -> str:
        abort(403)

    @app.route("/api/boom", methods=["GET", "POST"])
    def boom() -> str:
        raise RuntimeError("boom")

    @app.route("/api/own-cors")
    def own_cors() -> Response:
        response = Response("own")
        response.headers["Access-Control-Allow-Origin"] = "https://own.example"
        return response

    @app.route("/api/vary")
    def vary() -> Response:
        return Response("vary", headers={"Vary": "Accept-Encoding"})

    @app.route("/api/vary-origin")
    def vary_origin() -> Response:
        return Response("vary", headers={"Vary": "Origin"})

    @app.route("/api/café")
    def cafe() -> str:
        return "café"

    @app.route("/api/a+b")
    def plus() -> str:
        return "plus"

    @app.route("/api/a b")
    def space() -> str:
        return "space"

    @app.route("/public/page")
    def page() -> str:
        return "page"

    @app.route("/api/decorated", methods=["GET", "POST"])
    @decorated
    def api_decorated() -> str:
        return "decorated"

    @app.route("/public/decorated", methods=["GET", "POST"])
    @decorated
    def public_decorated() -> str:
        return "decorated"

    @app.errorhandler(403)
    def handle_forbidden(error: Exception) -> tuple[str, int]:
        return "handled", 403

    blueprint = Blueprint("bp", APP_NAME, url_prefix="/bp")

    @blueprint.route("/items", methods=["GET", "POST"])
    def bp_items() -> str:
        return "bp items"

    @blueprint.route("/missing")
    def bp_missing() -> str:
        abort(404)

    @blueprint.route("/boom")
    def bp_boom() -> str:
        raise RuntimeError("boom")

    if setup.blueprint is not None:
        impl.CORS(blueprint, **setup.blueprint)
    app.register_blueprint(blueprint)
    if setup.mode == "direct":
        impl.CORS(app, **setup.extension)
    elif setup.mode == "factory":
        impl.CORS(**setup.extension).init_app(app, **setup.init_app)
    return app


@dataclass(frozen=True)
class Answer:
    """What a response says about CORS: its status, CORS headers and Vary values."""

    status: int
    cors: HeaderList
    vary: list[str]

    @classmethod
    def of(cls, response: TestResponse) -> Answer:
        """Take the CORS-relevant parts of a test client response."""
        return cls(
            response.status_code,
            [
                (name, value)
                for name, value in response.headers.items()
                if name.lower().startswith("access-control-")
            ],
            response.headers.getlist("Vary"),
        )


def answer(app: Flask, call: Call) -> Answer:
    """Send ``call`` to ``app`` and return the CORS-relevant parts of the response."""
    request = call.request
    with app.test_client() as client:
        response = client.open(call.path, method=request.method, headers=request.headers())
        return Answer.of(response)


def _build(impl: Implementation, setup: Setup) -> Flask | ValueError:
    try:
        return build_app(impl, setup)
    except ValueError as error:
        return error


def _layers(setup: Setup) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield every option layer of ``setup`` with its name."""
    config = {key[5:].lower(): value for key, value in setup.config.items()}
    named = (
        ("app.config", config),
        ("CORS()", setup.extension),
        ("init_app()", setup.init_app),
        ("blueprint CORS()", setup.blueprint or {}),
    )
    for name, options in named:
        yield name, options
        resources = options.get("resources")
        if isinstance(resources, dict):
            for pattern, values in resources.items():
                yield f"{name} resources[{pattern!r}]", values
    yield "@cross_origin()", setup.decorator


def _kind(setup: Setup, call: Call, ours: Answer, theirs: Answer) -> str:
    """Name a difference by what differs, where, and the input features that matter."""
    differing = [
        name
        for name in sorted({name for name, _ in ours.cors + theirs.cors})
        if [v for n, v in ours.cors if n == name] != [v for n, v in theirs.cors if n == name]
    ]
    if ours.status != theirs.status:
        differing.insert(0, "status")
    if ours.vary != theirs.vary:
        differing.append("Vary")
    features = ["Origin sent" if call.request.origin else "no Origin"]
    if setup.blueprint is not None:
        features.append("blueprint has CORS")
    for _, options in _layers(setup):
        origins = options.get("origins", "*")
        entries = [origins] if isinstance(origins, str | re.Pattern) else list(origins)
        literals = [e for e in entries if isinstance(e, str) and not REGEX_HINT.search(e)]
        if ".*" in entries and "'.*' string among origins" not in features:
            features.append("'.*' string among origins")
        if len(literals) > 1 and "several literal origins" not in features:
            features.append("several literal origins")
    path = call.path.split("?")[0]
    return f"{', '.join(differing)} differ on {path}; {', '.join(features)}"


def _rejection_kind(setup: Setup, rejected: str) -> str:
    """Name a setup only one side rejects by the layers asking for credentials and '*'."""
    both = [
        name
        for name, options in _layers(setup)
        if options.get("supports_credentials") is True and options.get("send_wildcard") is True
    ]
    where = f"; credentials and send_wildcard together in {', '.join(both)}" if both else ""
    return f"only {rejected} rejects the setup{where}"


def reference_decorator_fails(reference: Reference, setup: Setup) -> bool:
    """Whether the reference's ``@cross_origin`` views raise ValueError on every request."""
    app = build_app(theirs(reference), setup)
    with app.app_context():
        try:
            reference.core.get_cors_options(app, setup.decorator)
        except ValueError:
            return True
    return False


def _decorator_error_moved(reference: Reference, setup: Setup) -> bool:
    """Whether ours rejects ``setup`` only for a decorator the reference fails on per request."""
    if not reference_decorator_fails(reference, setup):
        return False
    return not isinstance(_build(ours(), replace(setup, decorator={})), ValueError)


def _with_named_vary(theirs: Answer, ours: Answer, found: Mismatches) -> Answer:
    """Return the reference's answer with named difference (f) applied to its Vary values.

    Whether ``Vary: Origin`` is due is the core's decision, compared exactly
    by the core differential tests; the shell's part is to keep a response's
    other Vary values and to add ``Origin`` at most once, joined to the
    response's own Vary line (which flask-cors left as a separate line). So
    ``Origin`` is expected once, at the end of the one Vary line, if ours
    sent it, else not at all.
    """
    others = [value for value in theirs.vary if value != "Origin"]
    sent = any(token.strip() == "Origin" for value in ours.vary for token in value.split(","))
    vary = [", ".join([*others, "Origin"])] if sent else others
    if [v for v in theirs.vary if v != "Origin"] + (["Origin"] if sent else []) != theirs.vary:
        found.named("(f) Vary: Origin on every origin-dependent response")
    if sent and others:
        found.named("Origin joined to the response's own Vary line")
    return Answer(theirs.status, theirs.cors, vary)


def _blueprint_error(setup: Setup, call: Call) -> bool:
    """Whether ``call`` is an abort in a blueprint view, under a blueprint CORS and an app-wide one.

    flask-cors's intercept_exceptions applied the app-wide policy to such an
    error before the blueprint's hook ran; ours applies the blueprint's,
    as to every other response of the blueprint. Named difference (j).
    """
    return setup.blueprint is not None and setup.mode != "none" and call.path == "/bp/missing"


def _blueprint_routing_error(setup: Setup, call: Call, theirs: Answer, ours: Answer) -> bool:
    """Whether ``call`` is a 404 or 405 under a blueprint that has CORS.

    Flask runs no blueprint hook for a request no route took, so flask-cors
    gave it no blueprint headers; ours gives it the blueprint's, as to the
    blueprint's other responses. Named difference (n).
    """
    return (
        setup.blueprint is not None
        and call.path.startswith("/bp/")
        and theirs.status == ours.status
        and theirs.status in (404, 405)
    )


def _served_despite_config_error(
    reference: Reference, setup: Setup, call: Call, theirs_answer: Answer
) -> bool:
    """Whether ``call`` is a request the reference 500s on for its decorator's config.

    flask-cors read the app's ``CORS_*`` config under ``@cross_origin`` at
    each request and raised when the combination was invalid, so every
    request to the view was a 500. Ours logs the problem once and serves the
    view without CORS headers. Named difference (k).
    """
    return (
        call.path.endswith("/decorated")
        and theirs_answer.status == 500
        and reference_decorator_fails(reference, setup)
    )


def compare_setup(reference: Reference, setup: Setup, calls: list[Call], found: Mismatches) -> None:
    """Build the app with both implementations and compare their answers to ``calls``."""
    reference_app = _build(theirs(reference), setup)
    our_app = _build(ours(), setup)
    if isinstance(reference_app, ValueError) or isinstance(our_app, ValueError):
        if isinstance(reference_app, ValueError) and isinstance(our_app, ValueError):
            found.rejected_by_both += 1
        elif isinstance(our_app, ValueError) and _decorator_error_moved(reference, setup):
            found.named("(e) @cross_origin configuration errors at decoration time")
        else:
            error = reference_app if isinstance(reference_app, ValueError) else our_app
            rejected = "reference" if isinstance(reference_app, ValueError) else "ours"
            found.add(_rejection_kind(setup, rejected), f"{setup}: {error}")
        return
    for call in calls:
        if _blueprint_error(setup, call):
            found.named("(j) errors raised in a blueprint's views get the blueprint's policy")
            continue
        theirs_answer = answer(reference_app, call)
        got = answer(our_app, call)
        if _blueprint_routing_error(setup, call, theirs_answer, got):
            found.named("(n) a blueprint's routing errors (404, 405) carry its CORS headers")
            continue
        if _served_despite_config_error(reference, setup, call, theirs_answer):
            found.named("(k) @cross_origin serves its view when the app's CORS_* config is invalid")
            expected = Answer(200, [], [])
        else:
            expected = _with_named_vary(theirs_answer, got, found)
        found.compared += 1
        if got != expected:
            found.add(
                _kind(setup, call, got, expected),
                f"{setup}\n    {call}\n      reference: {theirs_answer}\n      ours:      {got}",
            )


# ---------------------------------------------------------------------------
# The bulk comparison.


def test_flask_apps_match_reference_on_generated_setups(reference: Reference) -> None:
    """The same app built with ours and with flask-cors 6.0.5 answers generated requests alike."""
    found = Mismatches()

    @settings(
        max_examples=SETUPS,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(setup=SETUP, calls=st.lists(CALL, min_size=MIN_REQUESTS, max_size=MIN_REQUESTS + 6))
    def check(setup: Setup, calls: list[Call]) -> None:
        compare_setup(reference, setup, calls, found)

    check()
    if found.counts:
        pytest.fail(found.report(), pytrace=False)
    assert found.compared >= REQUIRED_CASES, f"only {found.compared} requests were compared"


# ---------------------------------------------------------------------------
# Minimal reproductions of the differences the bulk test has found. Each row
# must behave as the reference: a row that fails is an open difference (a bug
# in ours, or one to document and move to the named differences below); a
# row that passes guards a fixed one.

ALLOWED: Final = "https://a.example"
OTHER: Final = "https://b.example"
CREDENTIALS_AND_WILDCARD: Final[Options] = {"supports_credentials": True, "send_wildcard": True}


def _setup(
    config: Options | None = None,
    mode: Mode = "direct",
    extension: Options | None = None,
    decorator: Options | None = None,
    blueprint: Options | None = None,
) -> Setup:
    return Setup(config or {}, mode, extension or {}, {}, decorator or {}, blueprint)


REPRODUCTIONS: Final = [
    pytest.param(
        _setup(
            extension={
                "origins": ALLOWED,
                "resources": {r"/api/*": CREDENTIALS_AND_WILDCARD},
            }
        ),
        Call("/api/items", Request("GET", ALLOWED)),
        id="credentials-and-wildcard-in-a-resource-whose-origins-come-from-CORS()",
    ),
    pytest.param(
        _setup(
            config={"CORS_SUPPORTS_CREDENTIALS": True, "CORS_SEND_WILDCARD": True},
            extension={"origins": ALLOWED},
        ),
        Call("/api/items", Request("GET", ALLOWED)),
        id="credentials-and-wildcard-in-app.config-origins-from-CORS()",
    ),
    pytest.param(
        _setup(
            config={"CORS_SUPPORTS_CREDENTIALS": True, "CORS_SEND_WILDCARD": True},
            mode="none",
            decorator={"origins": ALLOWED},
        ),
        Call("/api/decorated", Request("GET", ALLOWED)),
        id="credentials-and-wildcard-in-app.config-origins-from-cross_origin-served",
    ),
    pytest.param(
        _setup(config={"CORS_ORIGINS": ALLOWED}, decorator=CREDENTIALS_AND_WILDCARD),
        Call("/api/decorated", Request("GET", ALLOWED)),
        id="credentials-and-wildcard-in-cross_origin-origins-from-app.config",
    ),
    pytest.param(
        _setup(blueprint={"origins": ALLOWED}),
        Call("/bp/items", Request("GET", OTHER)),
        id="blueprint-refuses-the-origin-app-wide-CORS-allows-it",
    ),
    pytest.param(
        _setup(blueprint={"origins": ALLOWED, "always_send": False}),
        Call("/bp/items", Request("GET")),
        id="blueprint-sends-nothing-without-origin-app-wide-CORS-does",
    ),
]


@pytest.mark.parametrize(("setup", "call"), REPRODUCTIONS)
def test_minimal_reproductions_of_found_differences(
    reference: Reference, setup: Setup, call: Call
) -> None:
    """Each minimal reproduction of a difference the bulk test found behaves as the reference."""
    found = Mismatches()
    compare_setup(reference, setup, [call], found)
    if found.counts:
        pytest.fail(found.report(), pytrace=False)


# ---------------------------------------------------------------------------
# Named deliberate differences of the Flask shell: each shows both answers.


def test_named_difference_vary_origin_is_not_duplicated(reference: Reference) -> None:
    """A response already varying on Origin gets no second Vary: Origin, as flask-cors added."""
    setup = _setup()
    call = Call("/api/vary-origin", Request("GET", ALLOWED))
    theirs_answer = answer(build_app(theirs(reference), setup), call)
    our_answer = answer(build_app(ours(), setup), call)
    allow = [("Access-Control-Allow-Origin", ALLOWED)]
    assert theirs_answer == Answer(200, allow, ["Origin", "Origin"])
    assert our_answer == Answer(200, allow, ["Origin"])


def test_named_difference_origin_joins_the_views_vary_line(reference: Reference) -> None:
    """Origin joins a view's own Vary line, where flask-cors added a second Vary line."""
    setup = _setup()
    call = Call("/api/vary", Request("GET", ALLOWED))
    theirs_answer = answer(build_app(theirs(reference), setup), call)
    our_answer = answer(build_app(ours(), setup), call)
    allow = [("Access-Control-Allow-Origin", ALLOWED)]
    assert theirs_answer == Answer(200, allow, ["Accept-Encoding", "Origin"])
    assert our_answer == Answer(200, allow, ["Accept-Encoding, Origin"])


def test_named_difference_decorator_errors_at_decoration_time(reference: Reference) -> None:
    """(e) A @cross_origin whose own options are invalid together raises when decorating."""
    setup = _setup(mode="none", decorator={"origins": "*", **CREDENTIALS_AND_WILDCARD})
    call = Call("/api/decorated", Request("GET", ALLOWED))
    assert reference_decorator_fails(reference, setup)
    assert answer(build_app(theirs(reference), setup), call) == Answer(500, [], [])
    with pytest.raises(ConfigurationError):
        build_app(ours(), setup)


def test_named_difference_decorator_config_error_serves_the_view(
    reference: Reference, caplog: pytest.LogCaptureFixture
) -> None:
    """(k) A decorator whose app.config completes a forbidden combination serves, not 500s."""
    setup = _setup(mode="none", decorator=CREDENTIALS_AND_WILDCARD)
    call = Call("/api/decorated", Request("GET", ALLOWED))
    assert answer(build_app(theirs(reference), setup), call) == Answer(500, [], [])
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="flask_cors"):
        our_app = build_app(ours(), setup)
        assert answer(our_app, call) == Answer(200, [], [])
        assert answer(our_app, call) == Answer(200, [], [])
    assert [
        record.getMessage().partition(":")[0]
        for record in caplog.records
        if record.name == "flask_cors" and record.levelno == logging.ERROR
    ] == ["@cross_origin on 'api_decorated' is served without CORS headers"]


def test_named_difference_blueprint_errors_get_the_blueprint_policy(reference: Reference) -> None:
    """(j) An abort in a blueprint view gets the blueprint's CORS policy, not the app-wide one."""
    setup = _setup(extension={"expose_headers": "X-App"}, blueprint={"expose_headers": "X-Bp"})
    call = Call("/bp/missing", Request("GET", ALLOWED))
    theirs_answer = answer(build_app(theirs(reference), setup), call)
    our_answer = answer(build_app(ours(), setup), call)
    assert ("Access-Control-Expose-Headers", "X-App") in theirs_answer.cors
    assert ("Access-Control-Expose-Headers", "X-Bp") in our_answer.cors
    assert theirs_answer.status == our_answer.status == 404


def test_named_difference_second_cors_call_answers_errors_too(reference: Reference) -> None:
    """(m) CORS(app) twice: a 404 gets the later call's headers, as the app's other responses do.

    flask-cors 6.0.5's exception wrappers gave it the first call's.
    """
    answers = []
    for cors in (reference.CORS, CORS):
        app = Flask(__name__)
        cors(app)
        cors(app, expose_headers=["X-Total"])
        client = app.test_client()
        answers.append(client.get("/missing", headers={"Origin": ALLOWED}))
    theirs_answer, our_answer = answers
    assert theirs_answer.status_code == our_answer.status_code == 404
    assert "Access-Control-Expose-Headers" not in theirs_answer.headers
    assert our_answer.headers["Access-Control-Expose-Headers"] == "X-Total"
