"""Start-up time of ``gov-disclosure`` against the bare import floor, in the same run.

The floor is a Python process importing what the CLI is built on
(``python -c "import click, sqlalchemy, pydantic, rich"``). Timed the same way (a fresh
process each time, wall clock, rounds alternating so load hits all alike): ``--help``,
``--version`` and ``item list`` on a small database (a few items). Goal: each within 1.5x the
floor. The plugin command index is built once before timing (as on any second start), and
bytecode is written on that first start as ``pip install`` does for an installed package
(``PYTHONDONTWRITEBYTECODE`` is dropped for these processes: without it every start of a
source checkout compiles the project afresh, while the floor's libraries have their bytecode).

Run alone: ``python -m benchmarks.bench_startup`` (``--full``: more rounds).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import Figure, interleaved, load_now, print_figures

GOAL = 1.5
FLOOR = [sys.executable, "-c", "import click, sqlalchemy, pydantic, rich"]


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "gov-disclosure"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from gov_disclosure.cli.main import main; main()"]


def _runner(args: list[str], cwd: Path, env: dict[str, str]):  # type: ignore[no-untyped-def]
    def run() -> None:
        subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)

    return run


def _office(cwd: Path, env: dict[str, str]) -> None:
    """A small office: init, one clerk, three draft items."""
    cli = _cli()
    steps = [
        ["init", "--admin", "zhou", "--admin-name", "周敏"],
        ["actor", "add", "wang", "--name", "王晓丽", "--unit", "党政综合办公室",
         "--role", "经办人", "--actor", "zhou"],
    ]  # fmt: skip
    for n in range(3):
        steps.append(
            ["item", "add", "--title", f"示例镇2026年第{n + 1}号通知", "--written-on",
             "2026-03-02", "--topic", "其他", "--column", "通知公告", "--unit", "党政综合办公室",
             "--author", "wang", "--body", "正文"]
        )  # fmt: skip
    for step in steps:
        subprocess.run([*cli, *step], cwd=cwd, env=env, check=True, capture_output=True)


def run(quick: bool = True) -> list[Figure]:
    rounds = 5 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        env = {**os.environ, "GOV_DISCLOSURE_CACHE_DIR": str(cwd / "cache"), "LANG": "C.UTF-8"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("GOV_DISCLOSURE_DB", None)
        env.pop("GOV_DISCLOSURE_CONFIG", None)
        _office(cwd, env)
        cli = _cli()
        variants = {
            "floor": _runner(FLOOR, cwd, env),
            "--help": _runner([*cli, "--help"], cwd, env),
            "--version": _runner([*cli, "--version"], cwd, env),
            "item list": _runner([*cli, "item", "list"], cwd, env),
        }
        for fn in variants.values():  # warm the disk cache and the plugin command index
            fn()
        load = f"{load_now()}"
        best = interleaved(variants, rounds=rounds, pick="median")
        load += f"→{load_now()}"
    floor = best.pop("floor")
    figures = []
    for name, seconds in best.items():
        ratio = seconds / floor
        figures.append(
            Figure(
                f"gov-disclosure {name} start-up", seconds * 1000, "ms", floor * 1000,
                "python importing click, sqlalchemy, pydantic, rich", ratio,
                f"ratio (time) <= {GOAL:g}", ratio <= GOAL, load,
            )
        )  # fmt: skip
    return figures


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
