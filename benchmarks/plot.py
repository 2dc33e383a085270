"""The figure of docs/benchmarks.md: overhead against the number of origins and of rules."""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from .apps import Variant
from .overhead import OverheadResult

_SERIES: tuple[tuple[str, Variant, str, str, str], ...] = (
    # family, variant, label, colour, line style
    ("origins", "reference", "flask-cors 6.0.5, Origins cycled", "tab:red", "-"),
    ("origins-single", "reference", "flask-cors 6.0.5, one Origin (last listed)", "tab:red", ":"),
    ("origins", "ours", "ours, Origins cycled", "tab:blue", "-"),
    ("origins-single", "ours", "ours, one Origin (last listed)", "tab:blue", ":"),
    ("origins", "floor", "floor (one header by hand)", "tab:gray", "--"),
)

_RULE_SERIES: tuple[tuple[Variant, str, str, str], ...] = (
    ("reference", "flask-cors 6.0.5", "tab:red", "-"),
    ("ours", "ours", "tab:blue", "-"),
    ("floor", "floor (one header by hand)", "tab:gray", "--"),
)


def _points(result: OverheadResult, family: str, variant: Variant) -> tuple[list[int], list[float]]:
    sizes: list[int] = []
    values: list[float] = []
    for item in result.scenarios:
        if item.family == family and item.size is not None:
            value = item.overhead(variant)
            if not math.isnan(value):
                sizes.append(item.size)
                # A log axis cannot show zero or less; the floor can measure so.
                values.append(max(value, 0.1))
    return sizes, values


def plot(result: OverheadResult, path: Path) -> None:
    """Draw overhead over bare against origins and rules, both libraries, into ``path``."""
    figure, (by_origins, by_rules) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    for family, variant, label, colour, style in _SERIES:
        sizes, values = _points(result, family, variant)
        if sizes:
            by_origins.plot(sizes, values, style, marker="o", color=colour, label=label)
    by_origins.set(
        title="Overhead vs exact origins configured",
        xlabel="exact origins configured",
        ylabel="overhead over bare Flask (µs per request)",
        xscale="log",
        yscale="log",
    )
    by_origins.legend(fontsize="small")

    for variant, label, colour, style in _RULE_SERIES:
        sizes, values = _points(result, "rules", variant)
        if sizes:
            by_rules.plot(sizes, values, style, marker="o", color=colour, label=label)
    failed = [
        item.size
        for item in result.scenarios
        if item.family == "rules" and item.error("ours") and item.size is not None
    ]
    for size in failed:
        by_rules.axvline(size, color="tab:blue", linestyle=":", linewidth=1)
        by_rules.annotate(
            "ours failed here",
            (size, 0.5),
            xycoords=("data", "axes fraction"),
            rotation=90,
            ha="right",
            va="center",
            fontsize="small",
            color="tab:blue",
        )
    by_rules.set(
        title="Overhead vs resource rules (match last)",
        xlabel="resource rules configured",
        ylabel="overhead over bare Flask (µs per request)",
        xscale="log",
        yscale="log",
    )
    by_rules.legend(fontsize="small")
    for axes in (by_origins, by_rules):
        axes.grid(True, which="both", alpha=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: Sequence[str] | None = None) -> int:
    """Draw the figure from an overhead run's JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.plot", description=__doc__)
    parser.add_argument("results", type=Path, help="JSON written by benchmarks.overhead --json")
    parser.add_argument("output", type=Path, help="PNG to write")
    args = parser.parse_args(argv)
    plot(OverheadResult.from_json(json.loads(args.results.read_text())), args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
