"""Delivery workers against PostgreSQL: deliveries/s with 1, 2 and 4 ``gov-disclosure worker``
processes, with a channel that does a little real work per delivery (2 ms of waiting, like an
HTTP call), and the scaling ratio against one worker measured in the same run.

The workers are started first and idle; then the deliveries are written in one transaction
and the clock runs until the last one is ``done``, so process start-up is not counted. The
runs of 1, 2 and 4 workers are interleaved in rounds (1, 2, 4, 1, 2, 4, …; best of each), so
a change of the machine's load hits all alike. Goals: 2 workers at least 1.7x one worker, 4
at least 3x. Each worker's peak memory (``VmHWM`` of its process, read before it is stopped)
is reported for information. The server is a throw-away PostgreSQL started like the tests do
(``testsupport.pgserver``; Debian's ``postgresql`` package).

Run alone: ``python -m benchmarks.bench_workers [--full]`` (quick: 1,000 deliveries per run,
2 rounds; full: 10,000, 3 rounds).
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select

from benchmarks.bench_pipeline import CREDIT, seed_deliveries, seed_items
from benchmarks.common import Figure, Unavailable, load_now, print_figures
from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.channels import Channel, PublishedEdition, Receipt
from gov_disclosure.config import load_config
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.store.tables import deliveries

WORK_SECONDS = 0.002
GOALS = {2: 1.7, 4: 3.0}
CHANNEL = "sleep2ms"
WORKER_CMD = [sys.executable, "-m", "gov_disclosure.cli", "worker"]
ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "benchmarks.bench_workers"  # the entry point names the module, not __main__


class SleepChannel(Channel):
    """Waits 2 ms per delivery (an HTTP call's worth of waiting) and answers a receipt."""

    name: ClassVar[str] = CHANNEL

    class Settings(BaseModel):
        model_config = ConfigDict(extra="forbid")

    Settings: ClassVar[type[BaseModel]]  # type: ignore[no-redef]

    def publish(self, edition: PublishedEdition) -> Receipt:
        time.sleep(WORK_SECONDS)
        return Receipt(channel=self.name, action="publish", location=f"sleep://{edition.slug}")

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return Receipt(channel=self.name, action="withdraw")


@hookimpl
def register_channels(register: Any) -> None:
    register(SleepChannel)


def _fake_distribution(folder: Path) -> Path:
    """Make the worker processes find this module as an installed plugin (entry point)."""
    dist = folder / "gd_bench_sleep-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: gd-bench-sleep\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[gov_disclosure]\n{CHANNEL} = {PLUGIN}\n")
    return folder


def _done(app: App) -> int:
    with app.store.engine.connect() as conn:
        q = select(func.count()).select_from(deliveries).where(deliveries.c.state == "done")
        return conn.execute(q).scalar_one()


def _wait(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _peak_mb(pid: int) -> float:
    """Peak resident memory (``VmHWM``) of a running process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(url: str, folder: Path, workers: int, n: int) -> tuple[float, float]:
    """(deliveries/s, the largest worker's peak MB) of ``workers`` processes on ``n``."""
    folder.mkdir(parents=True)
    config = folder / f"w{workers}.toml"
    config.write_text(
        f'[organization]\ncredit_code = "{CREDIT}"\n[channels]\nenabled = ["{CHANNEL}"]\n',
        encoding="utf-8",
    )
    cfg = load_config({"organization": {"credit_code": CREDIT}}, folder)
    app = App(url, cfg, pm=make_plugin_manager(plugins=[importlib.import_module(PLUGIN)]))
    app.init()
    ids = seed_items(app, n, published=True)
    site = _fake_distribution(folder / f"site{workers}")
    env = {
        **os.environ,
        "GOV_DISCLOSURE_DB": url,
        "GOV_DISCLOSURE_CONFIG": str(config),
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
    }
    logs = [folder / f"w{workers}-{k}.log" for k in range(workers)]
    procs = [
        subprocess.Popen(
            [*WORKER_CMD, "--id", f"bench-{k}", "--poll", "0.05", "--batch", "20"],
            env=env,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        for k, log in enumerate(logs)
    ]
    try:
        _wait(lambda: all("started" in log.read_text() for log in logs), 120, "workers to start")
        t0 = time.perf_counter()
        seed_deliveries(app, ids, CHANNEL)
        _wait(lambda: _done(app) == n, 600, "deliveries")
        elapsed = time.perf_counter() - t0
        peak = max(_peak_mb(p.pid) for p in procs)
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        app.store.dispose()
    return n / elapsed, peak


def _bare_rate(calls: int) -> float:
    t0 = time.perf_counter()
    for _ in range(calls):
        time.sleep(WORK_SECONDS)
    return calls / (time.perf_counter() - t0)


def _server() -> Any:
    try:
        import psycopg  # noqa: F401

        from testsupport.pgserver import PostgresServer, ServerBinariesMissing
    except ImportError as exc:
        raise Unavailable(f"{exc.name} is not installed: pip install -e '.[bench]'") from exc
    try:
        return PostgresServer()
    except ServerBinariesMissing as exc:
        raise Unavailable(str(exc)) from exc


def run(quick: bool = True) -> list[Figure]:
    n, rounds = (1_000, 2) if quick else (10_000, 3)
    server = _server()
    rates: dict[int, list[float]] = {1: [], 2: [], 4: []}
    peaks: dict[int, float] = {}
    load = f"{load_now()}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for r in range(rounds):
                for k in rates:
                    rate, peak = measure(server.create_database(), Path(tmp) / f"{r}-{k}", k, n)
                    rates[k].append(rate)
                    peaks[k] = max(peaks.get(k, 0.0), peak)
    finally:
        server.destroy()
    load += f"→{load_now()}"
    bare = _bare_rate(500)
    best = {k: max(v) for k, v in rates.items()}
    spread = {k: ", ".join(f"{x:.0f}" for x in v) for k, v in rates.items()}
    figures = [
        Figure(
            f"1 worker, {n:,} deliveries (PostgreSQL, 2 ms channel; rounds: {spread[1]}/s)",
            best[1], "deliveries/s", bare, "the channel called in a bare loop",
            best[1] / bare, "information", None, load,
        ),
    ]  # fmt: skip
    for k, goal in GOALS.items():
        ratio = best[k] / best[1]
        figures.append(Figure(
            f"{k} workers, {n:,} deliveries (PostgreSQL, 2 ms channel; rounds: {spread[k]}/s)",
            best[k], "deliveries/s", best[1], "1 worker, same rounds", ratio,
            f"scaling >= {goal:g}", ratio >= goal, load,
        ))  # fmt: skip
    figures.append(Figure(
        "peak memory of one worker process (VmHWM, largest of the 4-worker runs)",
        peaks[4], "MB", peaks[1], "the single worker's peak", peaks[4] / peaks[1],
        "information", None, load,
    ))  # fmt: skip
    return figures


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
