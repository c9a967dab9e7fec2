"""``python -m benchmarks [--full] [--only NAME ...] [--markdown FILE]``: every benchmark.

Imports each ``benchmarks/bench_*.py`` module (a new module is found by its name alone), calls
``run(quick=not full)`` and prints one table (figure, our value, the baseline measured in the
same run, the ratio, the goal, met or not, the machine's load while it ran), the machine and
how long each module took. A module that cannot run here raises
:class:`~benchmarks.common.Unavailable` and is a "skipped" row saying why; one that fails is an
error row, never a crash. The results also go to ``benchmarks/results/latest.json``, and with
``--markdown`` to a Markdown table (what docs/performance.md shows).
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

from benchmarks.common import Figure, Unavailable, load_now

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
    load = f"{load_now()}"
    figures: list[Figure] = []
    error = skipped = None
    try:
        module = importlib.import_module(f"benchmarks.{name}")
        figures = list(module.run(quick=quick))
    except Unavailable as exc:
        skipped = str(exc)
    except ImportError as exc:
        skipped = f"{exc.name or exc} is not installed: pip install -e '.[bench]'"
    except Exception as exc:  # one broken benchmark must not hide the others
        error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
    load += f"→{load_now()}"
    figures = [f if f.load else dataclasses.replace(f, load=load) for f in figures]
    return {
        "module": name,
        "seconds": round(time.perf_counter() - t0, 2),
        "figures": [dataclasses.asdict(f) for f in figures],
        "error": error,
        "skipped": skipped,
    }


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.3g}"
    return f"{text} {unit}".strip()


def _short(module: str) -> str:
    return module.removeprefix("bench_")


COLUMNS = ("module", "figure", "ours", "baseline (same run)", "ratio", "goal", "met", "load")


def rows(results: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One row of plain text per figure, skipped module or error."""
    out = []
    for r in results:
        module = _short(r["module"])
        if r.get("skipped"):
            out.append((module, "skipped", r["skipped"], "", "", "", "—", ""))
        elif r["error"]:
            out.append((module, "error", r["error"][:160], "", "", "", "no", ""))
        for f in r["figures"]:
            met = {True: "yes", False: "no", None: "—"}[f["met"]]
            base = "—"
            if f["baseline"] is not None:
                base = f"{_num(f['baseline'], f['unit'])} ({f['baseline_label']})"
            ratio = _num(f["ratio"])
            out.append(
                (module, f["name"], _num(f["value"], f["unit"]), base, ratio, f["goal"], met,
                 f.get("load", ""))
            )  # fmt: skip
    return out


def table(results: list[dict[str, Any]], mode: str) -> Table:
    t = Table(title=f"gov-disclosure benchmarks ({mode})", show_lines=False)
    for col in COLUMNS:
        t.add_column(col, overflow="fold")
    colour = {"yes": "[green]yes[/green]", "no": "[red]no[/red]"}
    for row in rows(results):
        t.add_row(*row[:6], colour.get(row[6], row[6]), row[7])
    return t


def markdown(results: list[dict[str, Any]], info: dict[str, Any], mode: str, total: float) -> str:
    """The run as Markdown: the machine, then one table row per figure."""
    lines = [
        f"Mode: {mode}; {info['cpus']} CPU(s), {info['cpu_model']}, Python {info['python']}, "
        f"{info['system']}; load average (1, 5, 15 min) at the start {info['load_start']}, "
        f"at the end {info['load_average']}; {total:.0f} s in all.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows(results)]
    lines.append("")
    lines.append(
        "Seconds per module: "
        + ", ".join(f"{_short(r['module'])} {r['seconds']:.0f}" for r in results)
        + "."
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--full", action="store_true", help="the sizes the issues name (slow)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this module (bench_NAME or NAME); repeatable",
    )
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown")
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
    load_start = [round(x, 1) for x in os.getloadavg()]
    started = time.perf_counter()
    for name in names:
        console.print(f"[dim]running {name} ({mode})…[/dim]")
        results.append(run_module(name, quick=not args.full))
        # written after every module, so a run cut short keeps what finished
        _write(results, mode, load_start, time.perf_counter() - started, args.markdown)
    total = time.perf_counter() - started
    info = _write(results, mode, load_start, total, args.markdown)
    console.print(table(results, mode))
    console.print(
        f"machine: {info['cpus']} CPU(s), {info['cpu_model']}, Python {info['python']}, "
        f"{info['system']}; load average at the start {load_start}, at the end "
        f"{info['load_average']}"
    )
    console.print(
        "seconds per module: "
        + ", ".join(f"{_short(r['module'])} {r['seconds']:.0f}" for r in results)
        + f"; total {total:.0f}"
    )
    console.print(f"written {RESULTS.relative_to(HERE.parent)}")
    if args.markdown:
        console.print(f"written {args.markdown}")
    return 1 if any(r["error"] for r in results) else 0


def _write(
    results: list[dict[str, Any]],
    mode: str,
    load_start: list[float],
    total: float,
    markdown_path: str | None,
) -> dict[str, Any]:
    """Write ``latest.json`` (and the Markdown table) for the modules run so far."""
    info = {**machine(), "load_start": load_start}
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
    if markdown_path:
        Path(markdown_path).write_text(markdown(results, info, mode, total), encoding="utf-8")
    return info


if __name__ == "__main__":
    sys.exit(main())
