"""The benchmark code runs end to end at tiny sizes, so it cannot rot; nothing is timed here."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from benchmarks import (
    features,
    hostile,
    imports,
    micro,
    overhead,
    profile,
    regex_engines,
    report,
    server,
)
from benchmarks.apps import VARIANTS, Sizes, build_app, find, scenarios
from reference import Reference, load_reference

TINY = Sizes(origins=(2, 3), rules=(2, 3), distinct=2)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"

# wrk's report, in the layout wrk 4 prints.
WRK_OUTPUT = """\
Running 3s test @ http://127.0.0.1:40000/api/items
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.50ms    1.00ms  12.00ms   75.00%
    Req/Sec     3.00k   100.00     3.20k    80.00%
  Latency Distribution
     50%  850.00us
     75%    2.50ms
     90%    3.00ms
     99%    1.20s
  9000 requests in 3.00s, 1.40MB read
  Socket errors: connect 0, read 3, write 0, timeout 1
  Non-2xx or 3xx responses: 2
Requests/sec:   3000.50
Transfer/sec:    470.00KB
"""


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def tiny_run(reference: Reference) -> overhead.OverheadResult:
    return overhead.measure(scenarios(TINY), reference, rounds=2, batch_ms=0.01)


@pytest.fixture(scope="module")
def tiny_micro(reference: Reference) -> list[micro.MicroResult]:
    return micro.measure(reference, cases=micro.CASES[:2], repeat=1, distinct=3, quick=True)


def test_scenarios_cover_the_issue() -> None:
    """Every scenario the performance issue lists is among the default ones."""
    names = {scenario.name for scenario in scenarios()}
    expected = {
        "get",
        "preflight",
        "credentials",
        "regex",
        "disallowed",
        "decorator",
        *(f"origins-{n}" for n in (10, 100, 1_000, 10_000)),
        *(f"origins-{n}-single" for n in (10, 100, 1_000, 10_000)),
        *(f"rules-{n}" for n in (10, 100, 500)),
    }
    assert expected <= names


def test_many_origins_scenarios_vary_the_origin() -> None:
    """The cycled scenarios send more distinct origins than the memo holds; single ones one."""
    for scenario in scenarios():
        if scenario.family == "origins" and scenario.size and scenario.size >= 1_000:
            assert len(scenario.requests) == 500
            assert scenario.varied
        if scenario.family == "origins-single":
            assert not scenario.varied


def test_every_app_builds_and_answers(reference: Reference) -> None:
    """Each variant of each tiny scenario answers its first request with a 200."""
    for scenario in scenarios(TINY):
        for variant in VARIANTS:
            app = build_app(scenario, variant, reference)
            response = app.test_client().open(
                scenario.requests[0].path,
                method=scenario.requests[0].method,
                headers=list(scenario.requests[0].headers),
            )
            assert response.status_code == 200, (scenario.name, variant)


def test_overhead_measures_every_app(tiny_run: overhead.OverheadResult) -> None:
    """A tiny overhead run measures all four apps of every scenario, and tabulates them."""
    assert [item.name for item in tiny_run.scenarios] == [s.name for s in scenarios(TINY)]
    for item in tiny_run.scenarios:
        assert set(item.variants) == set(VARIANTS)
        assert all(figures.error is None for figures in item.variants.values()), item.name
    text = overhead.table(tiny_run)
    assert all(f"`{item.name}`" in text for item in tiny_run.scenarios)
    again = overhead.OverheadResult.from_json(tiny_run.to_json())
    assert again.find("get").variants == tiny_run.find("get").variants


def test_micro_compares_like_with_like(tiny_micro: list[micro.MicroResult]) -> None:
    """decide and get_cors_headers answer the simple and preflight cases alike."""
    assert [item.name for item in tiny_micro] == ["simple", "preflight"]
    assert all(item.same_headers for item in tiny_micro)
    assert "memo miss" in micro.table(tiny_micro)
    assert micro.from_json(micro.to_json(tiny_micro)) == tiny_micro


def test_profile_runs(reference: Reference) -> None:
    """The step breakdown and the cProfile listing run for the default GET."""
    scenario = find("get", TINY)
    steps = profile.breakdown(scenario, reference, repeat=1, number=1)
    assert [step.error for step in steps] == [None] * len(steps), "update benchmarks/profile.py"
    assert "| whole hook (ours) |" in profile.breakdown_table(steps)
    assert "cors_after_request" in profile.profile(scenario, reference, requests=3, top=5)
    hand = profile.by_hand(reference, rounds=1, batch=1)
    assert [step.name for step in hand][-1] == "ours"
    assert len(profile.rules_breakdown((2,), number=1)) == 3
    core = profile.core_breakdown(repeat=1, number=1)
    assert [step.error for step in core] == [None] * len(core), "update benchmarks/profile.py"


def test_report_judges_targets_and_rewrites_only_the_results(
    tiny_run: overhead.OverheadResult, tiny_micro: list[micro.MicroResult], tmp_path: Path
) -> None:
    """Targets are judged from a run, and the page keeps what lies outside its markers."""
    judged = report.targets(tiny_run, tiny_micro)
    goals = " ".join(target.goal for target in judged)
    assert "`get`: overhead ours ≤ 2 x the hand-written floor" in goals
    assert "`origins-3` ≤ 1.2 x `origins-2`" in goals
    assert "`rules-3` ≤ 1.5 x `rules-2`" in goals
    skipped = server.ServerRun([], "left out", {})
    section = report.render(report.machine(None), judged, tiny_run, tiny_micro, skipped, None, 1.0)
    page = tmp_path / "page.md"
    page.write_text(f"before\n{report.START}\nold\n{report.END}\nafter\n")
    report.update_docs(page, section)
    text = page.read_text()
    assert text.startswith("before\n")
    assert text.endswith("after\n")
    assert "old" not in text
    assert "### Targets" in text


def test_docs_page_has_the_markers() -> None:
    """`make bench` can find where to write its results."""
    text = DOCS.read_text()
    assert report.START in text
    assert report.END in text


def test_plot_writes_a_png(tiny_run: overhead.OverheadResult, tmp_path: Path) -> None:
    """The figure is drawn (needs matplotlib, from the bench group)."""
    from benchmarks.plot import plot

    path = tmp_path / "figure.png"
    plot(tiny_run, path)
    assert path.read_bytes().startswith(b"\x89PNG")


def test_wrk_output_is_parsed() -> None:
    """Requests/s, percentiles in any unit, and errors are read from wrk's report."""
    rate, latency, errors = server.parse_wrk(WRK_OUTPUT)
    assert rate == 3000.5
    assert latency == {"50%": 0.85, "75%": 2.5, "90%": 3.0, "99%": 1200.0}
    assert errors == 6


def test_server_run_is_skipped_without_its_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without wrk, the server run says so instead of failing."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = server.run(seconds=1, passes=1)
    assert result.results == []
    assert result.skipped is not None
    assert result.skipped.startswith("wrk")
    assert "Skipped" in server.table(result)


def test_server_run_loads_three_servers() -> None:
    """gunicorn serves the three apps on loopback and wrk loads each (needs both tools)."""
    if shutil.which("wrk") is None or importlib.util.find_spec("gunicorn") is None:
        reason = "needs wrk (Debian) and gunicorn (dev dependency group)"
        if os.environ.get("FLASK_CORS_REQUIRE_TOOLS", "") not in ("", "0"):
            pytest.fail(f"{reason}, and FLASK_CORS_REQUIRE_TOOLS says they are required")
        pytest.skip(reason)
    result = server.run(seconds=1, passes=1, warmup=0, connections=2)
    assert [item.variant for item in result.results] == list(server.SERVER_VARIANTS)
    assert all(item.errors == 0 for item in result.results)


def test_hostile_benchmark_runs() -> None:
    """The hostile-input benchmark times every case once and prints its table."""
    normal, normal_many, figures = hostile.measure(repeat=1, quick=True)
    assert {figure.name for figure in figures} == {case.name for case in hostile.CASES}
    text = hostile.table(normal, normal_many, figures)
    assert text.startswith("| case | core ns |")
    assert "Worst case:" in text


def test_import_times_are_measured_for_each_statement() -> None:
    """The import benchmark times each statement in a fresh interpreter and renders a row each."""
    timings = imports.measure(runs=1)
    assert [timing.what for timing in timings] == [what for what, _ in imports.STATEMENTS]
    assert all(timing.median_ms > 0 for timing in timings)
    assert imports.render(timings).count("\n") == len(timings) + 1


def test_regex_engines_benchmark_runs() -> None:
    """The regex-engine benchmark renders its engines table and a worst-request row per shape."""
    rows = regex_engines.engines(number=10)
    assert len(rows) == 2 + 2 * len(regex_engines.TYPICAL)
    worst_rows, worst = regex_engines.worst_requests(quick=True, limit=3)
    assert len(worst_rows) >= 2 + 3
    assert worst > 0


def test_features_runs_and_reports_the_statuses() -> None:
    """The features pairs run, each with and without its feature, as their titles say."""
    results = features.measure(rounds=2, batch_ms=0.01)
    statuses = {item.name: item.statuses for item in results}
    assert statuses == {
        "function": (200, 200),
        "function-preflight": (200, 200),
        "function-remembered": (200, 200),
        "protection-get": (200, 200),
        "protection-same-origin": (200, 200),
        "protection-trusted": (200, 200),
        "protection-refused": (200, 403),
    }
    table = features.table(results)
    section = report.render(
        report.machine(None),
        [],
        overhead.OverheadResult(0, 0.0, 0.0, []),
        [],
        server.ServerRun([], "left out", {}),
        None,
        1.0,
        (),
        results,
    )
    assert table in section
    assert "### What an origin function and cross-site protection cost" in section
