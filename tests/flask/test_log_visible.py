"""The flask_cors log reaches a console by itself, the way Flask's app.logger does."""

from __future__ import annotations

import io
import logging
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from flask_cors import CORS, cross_origin
from flask_cors.reporting import default_handler

# An app as people write it: an authentication hook that refuses the
# preflight, and a misspelled option inside a resource.
APP = """
from flask import Flask, request

from flask_cors import CORS

app = Flask(__name__)
CORS(app, resources={r"/api/*": {"orgins": "https://app.example.com"}})


@app.before_request
def require_login():
    if "Authorization" not in request.headers:
        return "login first", 401
    return None


@app.get("/api/items")
def items():
    return "items"
"""

READY = re.compile(rb"Running on http://127\.0\.0\.1:(\d+)")


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    """Return the flask_cors logger without handlers, restoring its own afterwards."""
    logger = logging.getLogger("flask_cors")
    handlers = logger.handlers[:]
    logger.handlers = []
    yield logger
    logger.handlers = handlers


@contextmanager
def no_root_handlers() -> Iterator[None]:
    """Take the root logger's handlers (pytest's, added around each test) away for a while."""
    root = logging.getLogger()
    handlers = root.handlers[:]
    root.handlers = []
    try:
        yield
    finally:
        root.handlers = handlers


def test_cors_adds_the_default_handler_when_nothing_would_show_warnings(
    logger: logging.Logger, app: Flask
) -> None:
    """CORS(app) gives the flask_cors logger its stream handler when no handler takes WARNING."""
    with no_root_handlers():
        CORS(app)

    assert logger.handlers == [default_handler]


def test_cross_origin_adds_the_default_handler_once(logger: logging.Logger) -> None:
    """Each @cross_origin use checks again, and the handler is there once."""
    with no_root_handlers():
        cross_origin()(lambda: "a")
        cross_origin()(lambda: "b")

    assert logger.handlers == [default_handler]


def test_the_default_handler_writes_what_nothing_else_would(
    logger: logging.Logger, app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no other handler on the way to the root, the default handler writes the warning."""
    with no_root_handlers():
        CORS(app, resources=r"/api/*")
        logger.warning("CORS preflight got status 401")

    assert capsys.readouterr().err.endswith(
        "WARNING in flask_cors: CORS preflight got status 401\n"
    )


def test_logging_configured_after_cors_gets_each_record_once(
    logger: logging.Logger, app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    """A handler added after CORS(app) (basicConfig, dictConfig) takes over: no line twice."""
    stream = io.StringIO()
    with no_root_handlers():
        CORS(app, resources=r"/api/*")
        root = logging.getLogger()
        root.addHandler(logging.StreamHandler(stream))
        try:
            logger.warning("CORS preflight got status 401")
        finally:
            root.handlers.clear()

    assert stream.getvalue() == "CORS preflight got status 401\n"
    assert capsys.readouterr().err == ""


@contextmanager
def flask_run(tmp_path: Path, source: str, *flags: str) -> Iterator[tuple[str, list[bytes]]]:
    """Serve ``source`` as an app with a real ``flask run``; give its URL and, after, its stderr."""
    (tmp_path / "login_app.py").write_text(source)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "FLASK_APP": "login_app"}
    env.pop("PYTHONWARNINGS", None)
    env.pop("FLASK_DEBUG", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "run", *flags, "--host", "127.0.0.1", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert server.stderr is not None
    stderr: list[bytes] = []
    try:
        started = b""
        deadline = time.monotonic() + 20
        while (ready := READY.search(started)) is None and time.monotonic() < deadline:
            line = server.stderr.readline()
            if not line:
                break
            started += line
        assert ready is not None, started.decode()
        yield f"http://127.0.0.1:{ready.group(1).decode()}", stderr
    finally:
        server.send_signal(signal.SIGINT)
        try:
            rest = server.communicate(timeout=10)[1]
        except subprocess.TimeoutExpired:
            server.kill()
            rest = server.communicate()[1]
        stderr.append(started + rest)


def test_flask_run_shows_the_preflight_warning_and_unknown_options(tmp_path: Path) -> None:
    """Under a real `flask run`, the 401-preflight WARNING and the unknown option reach stderr."""
    with flask_run(tmp_path, APP) as (url, output):
        preflight = urllib.request.Request(
            f"{url}/api/items",
            method="OPTIONS",
            headers={
                "Origin": "https://app.example.com",
                "Access-Control-Request-Method": "DELETE",
            },
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(preflight, timeout=10)
        refused.value.close()
        assert refused.value.code == 401
    stderr = output[0].decode()

    assert (
        "CORSConfigWarning: resources['/api/*'].orgins='https://app.example.com': is not a "
        "Flask-CORS option, so it is ignored (did you mean 'origins'?)"
    ) in stderr
    assert (
        "WARNING in flask_cors: CORS preflight OPTIONS '/api/items' (rule '/api/*') got status "
        "401, and browsers refuse a preflight whose status is not 2xx: probably an "
        "authentication or authorization before_request hook."
    ) in stderr


# An app as people write it, with one allowed origin.
ONE_ORIGIN_APP = """
from flask import Flask

from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins="https://app.example.com")


@app.get("/api/items")
def items():
    return "items"
"""


def test_flask_run_debug_shows_why_a_request_was_refused(tmp_path: Path) -> None:
    """Under `flask run --debug`, a refused request is explained on stderr, with no setup."""
    with flask_run(tmp_path, ONE_ORIGIN_APP, "--debug", "--no-reload") as (url, output):
        request = urllib.request.Request(
            f"{url}/api/items", headers={"Origin": "https://attacker.example"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    stderr = output[0].decode()

    assert (
        "INFO in flask_cors: CORS refused GET '/api/items': origin 'https://attacker.example' is "
        "not allowed by rule '/*'; allowed: 'https://app.example.com'"
    ) in stderr
