"""Origins decided at run time, through the app: every place origins are written takes a function.

The function is asked on every request (a change to the allow-list shows
at the next one), a failure refuses and is logged once per distinct error
with its traceback, never a 500; ``send_wildcard`` with one is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from flask_cors import CORS, ConfigurationError, cross_origin, remembered

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

APP = "https://app.example.com"
CLIENT = "https://client-7.example.org"
EVIL = "https://evil.example.net"


class Clients:
    """An allow-list kept elsewhere (a database), counting the questions."""

    def __init__(self, *origins: str) -> None:
        self.origins = set(origins)
        self.asked = 0

    def __call__(self, origin: str) -> bool:
        self.asked += 1
        return origin in self.origins


def allowed(origin: str) -> list[tuple[str, str]]:
    return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]


REFUSED = [("Vary", "Origin")]


def configure_keyword(app: Flask, clients: Clients) -> None:
    CORS(app, origins=clients)


def configure_list(app: Flask, clients: Clients) -> None:
    CORS(app, origins=[APP, clients])


def configure_resource(app: Flask, clients: Clients) -> None:
    CORS(app, resources={r"/*": {"origins": clients}})


def configure_config(app: Flask, clients: Clients) -> None:
    app.config["CORS_ORIGINS"] = clients
    CORS(app)


def configure_init_app(app: Flask, clients: Clients) -> None:
    CORS().init_app(app, origins=clients)


def configure_decorator(app: Flask, clients: Clients) -> None:
    def decorated() -> str:
        return "decorated"

    app.add_url_rule("/x", "x", cross_origin(origins=clients)(decorated))


@pytest.mark.parametrize(
    "configure",
    [
        configure_keyword,
        configure_list,
        configure_resource,
        configure_config,
        configure_init_app,
        configure_decorator,
    ],
)
def test_every_place_takes_a_function(
    app: Flask, cors_headers: CorsHeaders, configure: Callable[[Flask, Clients], None]
) -> None:
    """CORS(), a resource, CORS_ORIGINS, init_app() and @cross_origin all ask the function."""
    clients = Clients(CLIENT)
    configure(app, clients)
    client = app.test_client()

    assert cors_headers(client.get("/x", headers={"Origin": CLIENT})) == allowed(CLIENT)
    assert cors_headers(client.get("/x", headers={"Origin": EVIL})) == REFUSED


def test_change_seen_at_the_next_request(app: Flask, cors_headers: CorsHeaders) -> None:
    """A client registered while the app runs is allowed at its next request, removed refused."""
    clients = Clients()
    CORS(app, origins=clients)
    client = app.test_client()

    assert cors_headers(client.get("/x", headers={"Origin": CLIENT})) == REFUSED
    clients.origins.add(CLIENT)
    assert cors_headers(client.get("/x", headers={"Origin": CLIENT})) == allowed(CLIENT)
    clients.origins.discard(CLIENT)
    assert cors_headers(client.get("/x", headers={"Origin": CLIENT})) == REFUSED
    assert clients.asked == 3


def test_preflight_asks(app: Flask, cors_headers: CorsHeaders) -> None:
    """A preflight from an allowed origin gets the full answer."""
    CORS(app, origins=Clients(CLIENT), max_age=600)

    response = app.test_client().options(
        "/x", headers={"Origin": CLIENT, "Access-Control-Request-Method": "PUT"}
    )

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", CLIENT),
        ("Access-Control-Max-Age", "600"),
        ("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
        ("Vary", "Origin"),
    ]


def test_credentials(app: Flask, cors_headers: CorsHeaders) -> None:
    """With credentials, the allowed origin is echoed with the credentials line, never '*'."""
    CORS(app, origins=Clients(CLIENT), supports_credentials=True)

    response = app.test_client().get("/x", headers={"Origin": CLIENT})

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", CLIENT),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]


def test_send_wildcard_is_refused(app: Flask) -> None:
    """send_wildcard=True with a function is a ConfigurationError at CORS(), with the fix."""
    with pytest.raises(ConfigurationError, match="set send_wildcard=False"):
        CORS(app, origins=Clients(), send_wildcard=True)


def test_send_wildcard_in_config_under_decorator(
    app: Flask, cors_headers: CorsHeaders, caplog: pytest.LogCaptureFixture
) -> None:
    """CORS_SEND_WILDCARD under @cross_origin(origins=function): served without CORS, never 500."""
    app.config["CORS_SEND_WILDCARD"] = True
    configure_decorator(app, Clients(CLIENT))

    response = app.test_client().get("/x", headers={"Origin": CLIENT})

    assert (response.status_code, cors_headers(response)) == (200, [])
    assert "cannot be combined with an origin function" in caplog.text


def test_async_function_is_refused(app: Flask) -> None:
    """An async def function is a ConfigurationError: a coroutine is no answer."""

    async def lookup(origin: str) -> bool:
        return True

    with pytest.raises(ConfigurationError, match="is an async function"):
        CORS(app, origins=lookup)  # type: ignore[arg-type]


def test_remembered(app: Flask, cors_headers: CorsHeaders) -> None:
    """remembered() asks the database once per origin within its time-to-live."""
    clients = Clients(CLIENT)
    CORS(app, origins=remembered(clients, ttl=timedelta(minutes=5)))
    client = app.test_client()

    for _ in range(3):
        assert cors_headers(client.get("/x", headers={"Origin": CLIENT})) == allowed(CLIENT)
    assert clients.asked == 1


# --- Failures ------------------------------------------------------------------------------


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture the 'flask_cors' logger at INFO."""
    with caplog.at_level(logging.INFO, logger="flask_cors"):
        yield caplog


def unreachable(origin: str) -> bool:
    """A function whose database is down."""
    raise ConnectionError(f"cannot reach the clients table for {origin}")


def test_failure_is_a_refusal_not_a_500(
    app: Flask, cors_headers: CorsHeaders, log: pytest.LogCaptureFixture
) -> None:
    """A function that raises refuses the origin; the view still answers 200."""
    CORS(app, origins=[APP, unreachable])
    client = app.test_client()

    failed = client.get("/x", headers={"Origin": CLIENT})
    listed = client.get("/x", headers={"Origin": APP})

    assert (failed.status_code, cors_headers(failed)) == (200, REFUSED)
    assert cors_headers(listed) == allowed(APP)


def test_failure_logged_once_with_traceback(app: Flask, log: pytest.LogCaptureFixture) -> None:
    """The failure is logged at ERROR with its traceback, once however many origins meet it."""
    CORS(app, origins=unreachable)
    client = app.test_client()
    for origin in (CLIENT, EVIL, CLIENT):
        client.get("/x", headers={"Origin": origin})

    errors = [r for r in log.records if r.name == "flask_cors" and r.levelno == logging.ERROR]
    assert len(errors) == 1
    [error] = errors
    assert error.getMessage() == (
        f"CORS origin function {__name__}.unreachable (rule '/*') failed for origin "
        f"'{CLIENT}', which is refused (never allowed, never a 500): ConnectionError("
        f"'cannot reach the clients table for {CLIENT}'). Each distinct failure is logged once."
    )
    assert error.exc_info is not None
    assert error.exc_info[0] is ConnectionError
    assert "in unreachable" in log.text


def test_refusal_explained_with_the_error(app: Flask, log: pytest.LogCaptureFixture) -> None:
    """The INFO line for the refused request names the function and what it raised."""
    CORS(app, origins=unreachable)
    app.test_client().get("/x", headers={"Origin": CLIENT})

    infos = [r.getMessage() for r in log.records if r.levelno == logging.INFO]
    assert infos == [
        f"CORS refused GET '/x': origin '{CLIENT}' is not allowed by rule '/*': "
        f"{__name__}.unreachable raised ConnectionError('cannot reach the clients table for "
        f"{CLIENT}'); a function that raises or does not answer True or False refuses the "
        "origin (the flask_cors log has its traceback)"
    ]


def test_refusal_names_the_function(app: Flask, log: pytest.LogCaptureFixture) -> None:
    """A plain refusal names the function that answered False."""
    CORS(app, origins=Clients(CLIENT))
    app.test_client().get("/x", headers={"Origin": EVIL})

    infos = [r.getMessage() for r in log.records if r.levelno == logging.INFO]
    assert infos == [
        f"CORS refused GET '/x': origin '{EVIL}' is not allowed by rule '/*'; allowed: "
        f"function {__name__}.Clients(); the origin function {__name__}.Clients() answered False"
    ]


def test_non_bool_answer_logged(app: Flask, log: pytest.LogCaptureFixture) -> None:
    """A function answering a row, not a bool, refuses; the log says what it returned."""

    def lookup(origin: str) -> bool:
        return {"origin": origin}  # type: ignore[return-value]

    CORS(app, origins=lookup)
    app.test_client().get("/x", headers={"Origin": CLIENT})

    [error] = [r for r in log.records if r.levelno == logging.ERROR]
    assert f"TypeError(\"returned {{'origin': '{CLIENT}'}}, not True or False\")" in (
        error.getMessage()
    )
