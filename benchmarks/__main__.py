"""``python -m benchmarks [--full] [--only NAME ...]``: every benchmark of the project, one table.

Imports each ``benchmarks/bench_*.py`` module, calls ``run(quick=not full)`` and prints one
table (figure, our value, the baseline measured in the same run, the ratio, the goal, met or
not), the machine it ran on and how long each module took. A module that fails to import or
raises is an error row, never a crash. The results also go to ``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.common import Figure

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "latest.json"


def discover() -> list[str]:
    """Module names ``bench_*`` in this folder, sorted."""
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def machine() -> dict[str, Any]:
    """CPU count and model, Python version, OS: what the figures depend on."""
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }


def run_module(name: str, quick: bool) -> dict[str, Any]:
    """Run one module; errors are captured, not raised."""
    t0 = time.perf_counter()
    try:
        module = importlib.import_module(f"benchmarks.{name}")
        figures: list[Figure] = list(module.run(quick=quick))
        error = None
    except Exception as exc:  # one broken benchmark must not hide the others
        figures = []
        error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
    return {
        "module": name,
        "seconds": round(time.perf_counter() - t0, 2),
        "figures": [dataclasses.asdict(f) for f in figures],
        "error": error,
    }


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.3g}"
    return f"{text} {unit}".strip()


def _short(module: str) -> str:
    return module.removeprefix("bench_")


def table(results: list[dict[str, Any]], mode: str) -> Table:
    t = Table(title=f"gov-disclosure benchmarks ({mode})", show_lines=False)
    for col in ("module", "figure", "ours", "baseline", "ratio", "goal", "met"):
        t.add_column(col, overflow="fold")
    for r in results:
        if r["error"]:
            error = r["error"][:120]
            t.add_row(_short(r["module"]), "[red]error[/red]", error, "", "", "", "[red]no[/red]")
            continue
        for f in r["figures"]:
            met = {True: "[green]yes[/green]", False: "[red]no[/red]", None: "—"}[f["met"]]
            base = f"{_num(f['baseline'])} ({f['baseline_label']})" if f["baseline"] else "—"
            t.add_row(
                _short(r["module"]),
                f["name"],
                _num(f["value"], f["unit"]),
                base,
                _num(f["ratio"]),
                f["goal"],
                met,
            )
    return t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--full", action="store_true", help="the sizes the issues name (slow)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this module (bench_NAME or NAME); repeatable",
    )
    args = parser.parse_args(argv)
    names = discover()
    if args.only:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in args.only}
        unknown = wanted - set(names)
        if unknown:
            parser.error(
                f"no such benchmark: {', '.join(sorted(unknown))} (have: {', '.join(names)})"
            )
        names = [n for n in names if n in wanted]
    mode = "full" if args.full else "quick"
    console = Console(width=None if sys.stdout.isatty() else 160)
    results = []
    started = time.perf_counter()
    for name in names:
        console.print(f"[dim]running {name} ({mode})…[/dim]")
        results.append(run_module(name, quick=not args.full))
    total = time.perf_counter() - started
    info = machine()
    console.print(table(results, mode))
    console.print(
        f"machine: {info['cpus']} CPU(s), {info['cpu_model']}, Python {info['python']}, "
        f"{info['system']}; load average at the end {info['load_average']}"
    )
    console.print(
        "seconds per module: "
        + ", ".join(f"{_short(r['module'])} {r['seconds']:.0f}" for r in results)
        + f"; total {total:.0f}"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "mode": mode,
                "machine": info,
                "total_seconds": round(total, 1),
                "results": results,
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    console.print(f"written {RESULTS.relative_to(HERE.parent)}")
    return 1 if any(r["error"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
