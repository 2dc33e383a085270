"""A short, fixed-seed run of every fuzz target (``make fuzz`` runs long ones); the checks checked.

Each target runs for a fixed number of inputs from a fixed seed: under
atheris (coverage-guided, one child process per target, two at a time)
where it is installed, else on seeded random bytes in this process. A
failure report holds the input that broke an invariant and how to replay it.
The checker tests feed the model and the oracle decisions known to be
wrong, so that a checker that accepts everything cannot pass unnoticed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from flask_cors.core import Decision, Policy, Reason, RequestInfo, decide
from fuzz import model, oracle
from fuzz.data import Data
from fuzz.engine import TARGET_NAMES, Outcome, has_atheris, run_random, spawn
from fuzz.model import Configured, Kind
from reference import load_reference

#: Inputs per target: a few seconds each, the same inputs on every run.
RUNS = 10_000
SEED = 1


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Run every target once for this module; return the outcomes by target."""
    artifacts = tmp_path_factory.mktemp("fuzz-artifacts")
    # Downloaded (once per machine) here, not by two child processes at once.
    load_reference()
    if not has_atheris():
        return {t: run_random(t, seed=SEED, runs=RUNS) for t in TARGET_NAMES}

    def one(target: str) -> Outcome:
        return spawn(target, seed=SEED, runs=RUNS, artifacts=artifacts, timeout=300)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(TARGET_NAMES, pool.map(one, TARGET_NAMES), strict=True))


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_fuzz_target_keeps_every_invariant(outcomes: dict[str, Outcome], target: str) -> None:
    """The target runs its bounded number of inputs without breaking any invariant."""
    outcome = outcomes[target]
    assert outcome.failure is None, outcome.failure
    assert outcome.executions == RUNS


def test_decisions_are_compared_with_the_reference(outcomes: dict[str, Outcome]) -> None:
    """The short run compares decisions with flask-cors 6.0.5, not only with the model."""
    tally = outcomes["policies"].tally
    assert "compared with flask-cors 6.0.5: 0;" not in tally
    assert "compared with flask-cors 6.0.5:" in tally


APP = "https://app.example.com"
LISTED = Configured(
    {"origins": [APP], "supports_credentials": True},
    ((Kind.LITERAL, APP),),
    ((Kind.ANY, "*"),),
)


def test_model_accepts_the_real_decision() -> None:
    """The model accepts what decide() answers for an allowed origin (a Violation would raise)."""
    info = RequestInfo("GET", APP)
    model.check(LISTED, info, decide(Policy.from_options(LISTED.options), info))


def test_model_reads_a_comma_in_a_method_list_item_as_the_header_does() -> None:
    """methods=["GET,"] allows GET, as flask-cors 6.0.5 did: the model agrees (a fuzz finding)."""
    configured = Configured({"methods": ["GET,"]}, ((Kind.ANY, "*"),), ((Kind.ANY, "*"),))
    info = RequestInfo("OPTIONS", APP, request_method="GET")
    decision = decide(Policy.from_options(configured.options), info)
    assert ("Access-Control-Allow-Methods", "GET,") in decision.headers
    model.check(configured, info, decision)


@pytest.mark.parametrize(
    ("origin", "headers"),
    [
        pytest.param(
            "https://evil.example",
            (("Access-Control-Allow-Origin", "https://evil.example"), ("Vary", "Origin")),
            id="foreign-origin-allowed",
        ),
        pytest.param(
            APP,
            (
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Vary", "Origin"),
            ),
            id="star-with-credentials",
        ),
        pytest.param(
            APP,
            (
                ("Access-Control-Allow-Origin", APP),
                ("Access-Control-Allow-Credentials", "true"),
                ("X-Injected", "a\r\nSet-Cookie: b"),
                ("Vary", "Origin"),
            ),
            id="crlf-in-a-header",
        ),
        pytest.param(
            APP,
            (
                ("Access-Control-Allow-Origin", APP),
                ("Access-Control-Allow-Origin", APP),
                ("Access-Control-Allow-Credentials", "true"),
                ("Vary", "Origin"),
            ),
            id="allow-origin-twice",
        ),
    ],
)
def test_model_rejects_wrong_decisions(origin: str, headers: tuple[tuple[str, str], ...]) -> None:
    """The model raises on a decision that breaks an invariant."""
    decision = Decision(headers, True, False, True, Reason.ALLOWED)
    with pytest.raises(model.Violation):
        model.check(LISTED, RequestInfo("GET", origin), decision)


def test_oracle_raises_on_a_difference_from_the_reference() -> None:
    """The differential oracle raises when our headers differ from flask-cors 6.0.5's."""
    reference = load_reference()
    options = oracle.reference_options(reference, LISTED)
    info = RequestInfo("GET", APP)
    with pytest.raises(oracle.Mismatch):
        oracle.compare(reference, LISTED, options, info, [("Access-Control-Allow-Origin", APP)])


def test_data_decodes_every_input_including_the_empty_one() -> None:
    """Any byte string, the empty one included, decodes to choices within their ranges."""
    for raw in (b"", b"\xff" * 64, bytes(range(256))):
        data = Data(raw)
        assert 3 <= data.integer(3, 9) <= 9
        assert data.pick("abc") in "abc"
        assert len(data.text(5)) <= 5
        assert 1 <= len(data.repeated("ab", 4)) // 2 <= 4


def test_fuzz_package_imports_nothing_of_flask_cors_on_its_own() -> None:
    """Importing fuzz and fuzz.engine leaves flask_cors to be imported under instrumentation."""
    root = Path(__file__).resolve().parents[2]
    for name in ("__init__.py", "engine.py", "__main__.py"):
        text = (root / "fuzz" / name).read_text()
        top_level = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
        assert not any("flask_cors" in line or ".targets" in line for line in top_level), name
