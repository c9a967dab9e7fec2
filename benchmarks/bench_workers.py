"""Delivery workers against PostgreSQL: deliveries/s with 1, 2 and 4 ``gov-disclosure worker``
processes, with a channel that does a little real work per delivery (2 ms of waiting, like an
HTTP call), and the scaling ratio against one worker measured in the same run.

The workers are started first and idle; then the deliveries are written in one transaction
and the clock runs until the last one is ``done``, so process start-up is not counted. The
server is a throw-away PostgreSQL started like the tests do (``testsupport.postgres``).

Run alone: ``python -m benchmarks.bench_workers [--full]`` (quick: 1,500 deliveries per run;
full: 10,000).
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
from benchmarks.common import Figure, print_figures
from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.channels import Channel, PublishedEdition, Receipt
from gov_disclosure.config import load_config
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.store.tables import deliveries

WORK_SECONDS = 0.002
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


def measure(url: str, folder: Path, workers: int, n: int) -> float:
    """Deliveries/s of ``workers`` processes working ``n`` deliveries."""
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
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        app.store.dispose()
    return n / elapsed


def _bare_rate(calls: int) -> float:
    t0 = time.perf_counter()
    for _ in range(calls):
        time.sleep(WORK_SECONDS)
    return calls / (time.perf_counter() - t0)


def run(quick: bool = True) -> list[Figure]:
    from testsupport.postgres import PostgresServer

    n = 1_500 if quick else 10_000
    server = PostgresServer()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            rates = {k: measure(server.create_database(), Path(tmp), k, n) for k in (1, 2, 4)}
    finally:
        server.destroy()
    bare = _bare_rate(500)
    one = rates[1]
    figures = [
        Figure(
            f"1 worker, {n:,} deliveries (PostgreSQL, 2 ms channel)",
            one,
            "deliveries/s",
            bare,
            "the channel called in a bare loop",
            one / bare,
            "information",
            None,
        ),
    ]
    for k, goal in ((2, 1.5), (4, 1.8)):
        ratio = rates[k] / one
        figures.append(
            Figure(
                f"{k} workers, {n:,} deliveries (PostgreSQL, 2 ms channel)",
                rates[k],
                "deliveries/s",
                one,
                "1 worker, same run",
                ratio,
                f"scaling >= {goal:g}",
                ratio >= goal,
            )
        )
    return figures


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
