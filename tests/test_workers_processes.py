"""Four ``gov-disclosure worker`` processes against one PostgreSQL, 10,000 deliveries, one
worker killed with SIGKILL halfway: every delivery is done exactly once per idempotency key
and none is lost. The rows the killed worker held are taken over when their lease ends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import test_workers_channel as filelog
from sqlalchemy import func, select

from benchmarks.bench_pipeline import seed_deliveries, seed_items
from gov_disclosure import audit
from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.store.tables import audit_log, deliveries
from testsupport.core import CREDIT

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

TOTAL = 10_000
WORKERS = 4
LEASE = 3
WORKER_CMD = [sys.executable, "-m", "gov_disclosure.cli", "worker"]


def _config(folder: Path, out: Path) -> Path:
    path = folder / "gov-disclosure.toml"
    path.write_text(
        f'[organization]\ncredit_code = "{CREDIT}"\nshort_name = "示例镇"\n'
        f"[publishing]\nlease_seconds = {LEASE}\ntimeout_seconds = 10\nbackoff_seconds = 1\n"
        f'[channels]\nenabled = ["{filelog.CHANNEL}"]\n'
        f'[channels.{filelog.CHANNEL}]\ndir = "{out}"\n',
        encoding="utf-8",
    )
    return path


def _count(app: App, *where: object) -> int:
    with app.store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(deliveries).where(*where)).scalar_one()


def _wait_for(check, seconds: float, procs: list[subprocess.Popen]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail("workers did not get there in time")
        for p in procs:
            if p.poll() not in (None, -signal.SIGKILL):
                pytest.fail(f"a worker exited early: {p.communicate()}")
        time.sleep(0.1)


def test_four_workers_one_killed_every_delivery_done_once(postgres_server, tmp_path: Path):
    url = postgres_server.create_database()
    out = tmp_path / "out"
    config = _config(tmp_path, out)
    import tomllib

    cfg = load_config(tomllib.loads(config.read_text(encoding="utf-8")), tmp_path)
    app = App(url, cfg, pm=make_plugin_manager(plugins=[filelog]))
    app.init()
    ids = seed_items(app, TOTAL, published=True)
    seed_deliveries(app, ids, filelog.CHANNEL)
    expected = {f"{i}:1:{filelog.CHANNEL}:publish" for i in ids}

    site = filelog.install_fake_distribution(tmp_path / "site")
    env = {
        **os.environ,
        "GOV_DISCLOSURE_DB": url,
        "GOV_DISCLOSURE_CONFIG": str(config),
        "PYTHONPATH": os.pathsep.join([str(site), str(Path(filelog.__file__).parent)]),
    }
    procs = [
        subprocess.Popen(
            [*WORKER_CMD, "--id", f"w{n}", "--poll", "0.2", "--batch", "50", "--json"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    try:
        # halfway, and while w0 holds claimed rows: kill it without warning
        held: list[int] = []

        def halfway_and_w0_holds_rows() -> bool:
            if _count(app, deliveries.c.state == "done") < TOTAL // 2:
                return False
            with app.store.engine.connect() as conn:
                held[:] = (
                    conn.execute(
                        select(deliveries.c.id).where(
                            deliveries.c.claimed_by == "w0", deliveries.c.state == "running"
                        )
                    )
                    .scalars()
                    .all()
                )
            return bool(held)

        _wait_for(halfway_and_w0_holds_rows, 90, procs)
        procs[0].send_signal(signal.SIGKILL)
        procs[0].wait(timeout=10)
        _wait_for(lambda: _count(app, deliveries.c.state == "done") == TOTAL, 90, procs[1:])
        for p in procs[1:]:
            p.send_signal(signal.SIGTERM)  # a clean stop
        outs = [p.communicate(timeout=30) for p in procs[1:]]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()

    assert all(p.returncode == 0 for p in procs[1:]), outs
    reports = [json.loads(o.strip().splitlines()[-1]) for o, _ in outs]

    # the store: every delivery done, one row per key, none left running or pending
    with app.store.engine.connect() as conn:
        states = Counter(conn.execute(select(deliveries.c.state)).scalars())
        takers = set(
            conn.execute(select(deliveries.c.claimed_by).where(deliveries.c.id.in_(held))).scalars()
        )
        audited = conn.execute(
            select(func.count())
            .select_from(audit_log)
            .where(audit_log.c.action == "delivery.publish")
        ).scalar_one()
        assert audit.verify(conn).ok
    assert states == {"done": TOTAL}
    assert "w0" not in takers  # what the killed worker held was finished by the others
    assert audited == TOTAL  # one audit entry per delivery, re-runs included

    # the channel: each key exactly once, none lost; raw calls show the re-runs
    delivered = filelog.lines(out / "delivered.log")
    calls = filelog.lines(out / "calls.log")
    assert len(delivered) == len(set(delivered)) == TOTAL
    assert set(delivered) == expected
    assert set(calls) == expected and len(calls) >= TOTAL
    survivors_done = sum(r["done"] for r in reports)
    print(
        f"\n{TOTAL} deliveries, {WORKERS} workers, w0 killed holding {len(held)} rows: "
        f"channel calls {len(calls)} ({len(calls) - TOTAL} re-runs after the lease), "
        f"delivered once each {len(delivered)}; survivors recorded {survivors_done}"
    )
