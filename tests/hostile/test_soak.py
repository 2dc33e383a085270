"""The soak driver itself, in miniature: its mix and checks against a loopback server for a second.

``make soak`` runs gunicorn for a minute; here the same load generator and
checks run against Werkzeug's threaded server in this process, so that the
driver cannot rot and its checks are known to catch a wrong response.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from soak.app import create_app
from soak.load import API_METHODS, Expectation, Planned, problems, request_for, run_load
from soak.load import check_loopback as require_loopback
from soak.server import children, rss_kib


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """Serve the soak app on an ephemeral loopback port with threads; yield the port.

    The soak app turns the "flask_cors" logger up to INFO with a handler of
    its own; the logger is put back afterwards, for the tests that follow.
    """
    logger = logging.getLogger("flask_cors")
    saved = (logger.level, list(logger.handlers), logger.propagate)
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        logger.setLevel(saved[0])
        logger.handlers[:] = saved[1]
        logger.propagate = saved[2]


def test_every_kind_of_request_gets_its_expected_headers(port: int) -> None:
    """A short run sends every kind in the mix and every response passes its check."""
    results = run_load("127.0.0.1", port, seconds=10, threads=2, max_requests=16 * 7 * 3)
    assert results.examples == []
    assert (results.failures, results.errors, results.server_errors) == (0, 0, 0)
    assert results.checked == results.served == 16 * 7 * 3
    assert len(results.sent) == len({request_for(i).kind for i in range(16 * 7)})


def test_the_checks_catch_a_wrong_response() -> None:
    """A response that allows a refused origin, or repeats a header, fails its check."""
    refused = Planned("refused origin", "GET", "/api/items", (), Expectation(None))
    wrong = [("Access-Control-Allow-Origin", "https://evil.example"), ("Vary", "Origin")]
    assert problems(refused, 200, wrong)
    allowed = Planned(
        "preflight", "OPTIONS", "/api/items", (), Expectation("https://a", True, None, True)
    )
    twice = [
        ("Access-Control-Allow-Origin", "https://a"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Allow-Methods", API_METHODS),
        ("Access-Control-Max-Age", "600"),
        ("Vary", "Origin"),
    ]
    assert problems(allowed, 200, twice) == [
        "access-control-allow-credentials twice",
        ("access-control-allow-credentials: ['true', 'true'], expected 'true'"),
    ]
    assert problems(allowed, 503, twice[:1] + twice[2:])[0] == "status 503"


@pytest.mark.parametrize("host", ["10.0.0.1", "192.168.1.1", "8.8.8.8"])
def test_the_load_generator_refuses_anything_but_loopback(host: str) -> None:
    """The soak sends nothing to an address outside the loopback range."""
    with pytest.raises(ValueError, match="loopback"):
        require_loopback(host)


def test_memory_of_a_process_and_its_children_are_read_from_proc() -> None:
    """The resident memory of this process is read, and a process's children are found."""
    assert rss_kib(os.getpid()) > 0
    assert os.getpid() in children(os.getppid())
