"""The fuzz targets: each takes the engine's bytes and raises on any broken invariant.

- ``request``: a WSGI environ with hostile values through
  :meth:`RequestInfo.from_environ` and :func:`decide`, under fixed policies.
- ``origins``: generated origin entries (literals, wildcard patterns,
  regexes) and origins near them: what :func:`decide` allows must be what
  the entries allow.
- ``policies``: generated configurations, every option in every accepted
  shape, and requests for each: :meth:`Policy.from_options` raises nothing
  but :class:`ConfigurationError`, and :func:`decide` keeps every invariant.
- ``shell``: hostile environs through a whole Flask app with ``CORS``:
  never a 5xx, never a header with CR, LF or NUL.

Every decision is held against the model (:func:`fuzz.model.check`) and,
outside the documented differences, against flask-cors 6.0.5.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, Final

from attrs import define, field
from flask import Flask
from werkzeug.test import EnvironBuilder

from flask_cors import CORS
from flask_cors.core import (
    ConfigurationError,
    Decider,
    InsecureCORSWarning,
    Policy,
    RequestInfo,
    decide,
)
from reference import Reference, load_reference

from . import model, oracle
from .data import Data
from .model import Configured, Kind

Target = Callable[[bytes], None]


@define
class Tally:
    """What the targets did, over all executions in this process.

    Attributes:
        executions: Inputs run, per target.
        decisions: Decisions checked against the model.
        compared: Decisions compared with flask-cors 6.0.5.
        skipped: Decisions not compared, per documented difference.
        rejected: Generated configurations rejected as ConfigurationError.
    """

    executions: dict[str, int] = field(factory=dict)
    decisions: int = 0
    compared: int = 0
    skipped: dict[str, int] = field(factory=dict)
    rejected: int = 0

    def reset(self) -> None:
        """Start counting afresh (each target's run reports its own figures)."""
        self.executions, self.decisions, self.compared = {}, 0, 0
        self.skipped, self.rejected = {}, 0

    def ran(self, target: str) -> None:
        """Count one execution of ``target``."""
        self.executions[target] = self.executions.get(target, 0) + 1

    def skip(self, reason: str) -> None:
        """Count one decision not compared with the reference, and why."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def summary(self) -> str:
        """Return the tally as one paragraph."""
        skipped = ", ".join(f"{why}: {n}" for why, n in sorted(self.skipped.items()))
        return (
            f"executions {self.executions}; decisions checked against the model: "
            f"{self.decisions}; compared with flask-cors 6.0.5: {self.compared}; "
            f"configurations rejected: {self.rejected}; not compared ({skipped or 'none'})"
        )


TALLY: Final = Tally()


@cache
def _reference() -> Reference:
    return load_reference()


def _fixed(
    options: dict[str, object], origins: Iterable[tuple[Kind, str]] = ((Kind.ANY, "*"),)
) -> Configured:
    entries = tuple((kind, value) for kind, value in origins)
    allow = options.get("allow_headers")
    headers: tuple[model.Entry, ...] = ((Kind.ANY, "*"),)
    if isinstance(allow, list):
        headers = tuple((Kind.REGEX if "*" in h else Kind.LITERAL, h) for h in allow)
    return Configured(options, entries, headers)


#: Fixed configurations the request and shell targets use: the defaults and
#: the settings that change the answer most.
FIXED: Final = (
    _fixed({}),
    _fixed(
        {
            "origins": ["https://app.example.com", r"https://.*\.example\.org$"],
            "supports_credentials": True,
            "max_age": 600,
            "allow_headers": ["Content-Type", r"X-Custom-.*"],
            "methods": ["GET", "POST", "patch"],
        },
        [(Kind.LITERAL, "https://app.example.com"), (Kind.REGEX, r"https://.*\.example\.org$")],
    ),
    _fixed({"send_wildcard": True, "expose_headers": ["X-Total"], "always_send": False}),
    _fixed(
        {"origins": ["https://*.example.com", "http://localhost:*", "null"]},
        [
            (Kind.WILDCARD, "https://*.example.com"),
            (Kind.WILDCARD, "http://localhost:*"),
            (Kind.LITERAL, "null"),
        ],
    ),
    _fixed(
        {"origins": "*", "supports_credentials": True, "allow_private_network": True},
    ),
    _fixed({"origins": [], "vary_header": False}, []),
)
_POLICIES: Final = tuple(Policy.from_options(c.options) for c in FIXED)
_DECIDERS: Final = tuple(Decider(policy) for policy in _POLICIES)


def judge(configured: Configured, policy: Policy, info: RequestInfo) -> None:
    """Decide one request and hold the decision against the model and the reference."""
    decision = decide(policy, info)
    model.check(configured, info, decision)
    TALLY.decisions += 1
    reference = _reference()
    options = oracle.reference_options(reference, configured)
    if options is None:
        TALLY.skip("(e) configuration only flask-cors rejects")
        return
    skipped = oracle.compare(reference, configured, options, info, decision.headers)
    if skipped is None:
        TALLY.compared += 1
    else:
        TALLY.skip(skipped)


def _environ_value(data: Data, configured: Configured, key: str) -> str | None:
    if key == "HTTP_ORIGIN":
        return model.origin_value(data, configured)
    if key == "HTTP_ACCESS_CONTROL_REQUEST_METHOD":
        return model.request_method_value(data)
    if key == "HTTP_ACCESS_CONTROL_REQUEST_HEADERS":
        return model.request_headers_value(data)
    return data.pick(("true", "false", "TRUE", "true,true", ""))


_CORS_KEYS: Final = (
    "HTTP_ORIGIN",
    "HTTP_ACCESS_CONTROL_REQUEST_METHOD",
    "HTTP_ACCESS_CONTROL_REQUEST_HEADERS",
    "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK",
)


def _environ(data: Data, configured: Configured) -> dict[str, Any]:
    """Return the CORS part of a WSGI environ, as a server would hand it over."""
    method = data.pick(("GET", "OPTIONS", "OPTIONS", "HEAD", "POST", "options", "")) or None
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": data.pick(("/", "/api/items", "", "//x", "/a%2Fb", "/é")) + data.text(6),
    }
    for key in _CORS_KEYS:
        if data.integer(0, 3):
            environ[key] = _environ_value(data, configured, key)
    return environ


def request_target(raw: bytes) -> None:
    """Fuzz RequestInfo.from_environ and decide with a hostile environ under fixed policies."""
    TALLY.ran("request")
    data = Data(raw)
    index = data.integer(0, len(FIXED) - 1)
    configured, policy = FIXED[index], _POLICIES[index]
    environ = _environ(data, configured)
    info = RequestInfo.from_environ(environ)
    if info.method != str(environ["REQUEST_METHOD"] or "GET").upper():
        raise AssertionError(f"method {info.method!r} from {environ!r}")
    if info.origin != environ.get("HTTP_ORIGIN") or not info.path.startswith("/"):
        raise AssertionError(f"snapshot {info!r} from {environ!r}")
    pna = environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK") == "true"
    if info.private_network != pna:
        raise AssertionError(f"private network {info!r} from {environ!r}")
    judge(configured, policy, info)
    # The shell's way in: straight from the environ, through the policy's
    # Decider and its memo (shared by every input of this target), the same answer.
    fresh = decide(Policy.from_options(configured.options), info)
    if _DECIDERS[index].decide_environ(environ) != fresh:
        raise AssertionError(f"Decider.decide_environ differs from decide for {environ!r}")


def origins_target(raw: bytes) -> None:
    """Fuzz origin matching: generated entries, and origins near them."""
    TALLY.ran("origins")
    data = Data(raw)
    entries = tuple(model.origin_entry(data) for _ in range(data.integer(1, 8)))
    options: dict[str, object] = {"origins": [value for _, value in entries]}
    if data.boolean():
        options["supports_credentials"] = True
    if data.boolean():
        options["send_wildcard"] = True
    configured = Configured(options, entries, ((Kind.ANY, "*"),))
    try:
        policy = Policy.from_options(options)
    except ConfigurationError:
        TALLY.rejected += 1
        return
    for _ in range(data.integer(1, 12)):
        origin = model.origin_value(data, configured)
        method = data.pick(("GET", "OPTIONS"))
        info = RequestInfo(method, origin, "/", data.pick((None, "GET", "PUT")), None)
        judge(configured, policy, info)


def policies_target(raw: bytes) -> None:
    """Fuzz decide with generated configurations and requests."""
    TALLY.ran("policies")
    data = Data(raw)
    configured = model.configuration(data)
    try:
        policy = Policy.from_options(configured.options)
    except ConfigurationError:
        TALLY.rejected += 1
        return
    for _ in range(data.integer(1, 4)):
        judge(configured, policy, model.request(data, configured))


@cache
def _apps() -> tuple[Flask, ...]:
    apps = []
    with warnings.catch_warnings():
        # Some fixed configurations are insecure on purpose.
        warnings.simplefilter("ignore", InsecureCORSWarning)
        for configured in FIXED:
            app = Flask("fuzz_shell", static_folder=None)

            @app.route("/", defaults={"path": ""}, methods=["GET", "POST", "PUT"])
            @app.route("/<path:path>", methods=["GET", "POST", "PUT"])
            def anything(path: str) -> str:
                return "ok"

            CORS(app, **configured.options)  # type: ignore[arg-type]
            apps.append(app)
    return tuple(apps)


def _latin1(value: str) -> str:
    """Return ``value`` as a WSGI server passes a header: bytes decoded as latin-1."""
    return value.encode("utf-8", "replace").decode("latin-1")


def shell_target(raw: bytes) -> None:
    """Fuzz the whole Flask shell with hostile environs: no 5xx, no CR, LF or NUL out."""
    TALLY.ran("shell")
    data = Data(raw)
    index = data.integer(0, len(FIXED) - 1)
    configured, app = FIXED[index], _apps()[index]
    fuzzed = _environ(data, configured)
    builder = EnvironBuilder(path="/", method="GET")
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    environ["REQUEST_METHOD"] = fuzzed["REQUEST_METHOD"] or "GET"
    environ["PATH_INFO"] = _latin1(str(fuzzed["PATH_INFO"]))
    for key in _CORS_KEYS:
        value = fuzzed.get(key)
        if value is not None:
            environ[key] = _latin1(value)
    status: list[str] = []
    headers: list[tuple[str, str]] = []

    def start_response(
        code: str, sent: list[tuple[str, str]], exc_info: object = None
    ) -> Callable[[bytes], object]:
        status.append(code)
        headers.extend(sent)
        return lambda chunk: None

    body = app.wsgi_app(environ, start_response)
    try:
        for _chunk in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    if status[0].startswith("5"):
        raise AssertionError(f"{status[0]} for {environ!r}")
    bad = model.forbidden_characters(headers)
    if bad:
        raise AssertionError(f"forbidden characters in {bad!r} for {environ!r}")
    names = [name.lower() for name, _ in headers]
    if names.count("access-control-allow-origin") > 1:
        raise AssertionError(f"duplicated allow-origin in {headers!r}")


#: Every target, by name.
TARGETS: Final[dict[str, Target]] = {
    "request": request_target,
    "origins": origins_target,
    "policies": policies_target,
    "shell": shell_target,
}
