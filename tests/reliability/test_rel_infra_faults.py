"""The machine fails under the pipeline: the PostgreSQL server restarts while workers deliver,
and the disk holding the website fills up while the site is written (a 2 MB tmpfs)."""

from __future__ import annotations

import hashlib
import http.server
import os
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import ClassVar

import pytest
import rel_kit
from sqlalchemy import select

from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.channels import Channel, PublishedEdition, Receipt
from gov_disclosure.config import load_config
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.publishing import outbox
from gov_disclosure.store.tables import deliveries
from testsupport.core import CREDIT, REVIEW_ACTORS, NoSettings, draft


class SlowRecorder(Channel):
    """Takes 15 ms a delivery (a gateway round trip) and counts the calls per item."""

    name = "slow"
    Settings = NoSettings
    calls: ClassVar[Counter[int]] = Counter()
    lock: ClassVar[threading.Lock] = threading.Lock()

    def publish(self, edition: PublishedEdition) -> Receipt:
        time.sleep(0.015)
        with SlowRecorder.lock:
            SlowRecorder.calls[edition.item_id] += 1
        return Receipt(channel=self.name, action="publish", location=f"slow://{edition.slug}")

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return Receipt(channel=self.name, action="withdraw")


class SlowPlugin:
    @hookimpl
    def register_channels(self, register):  # type: ignore[no-untyped-def]
        register(SlowRecorder)


def _open(app: App) -> int:
    with app.store.engine.connect() as conn:
        return len(
            conn.execute(
                select(deliveries.c.id).where(
                    deliveries.c.state.in_(["pending", "running", "failed"])
                )
            ).all()
        )


@pytest.mark.postgres
def test_postgres_restarted_while_two_workers_deliver(
    pg_url: str,
    postgres_server,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    SlowRecorder.calls.clear()
    cfg = load_config(
        {
            "organization": {"credit_code": CREDIT},
            "actors": REVIEW_ACTORS,
            "publishing": {
                "lease_seconds": 1,
                "timeout_seconds": 5,
                "backoff_seconds": 0.2,
                "backoff_max_seconds": 0.5,
                "max_attempts": 50,
            },
        },
        tmp_path,
    )
    app = App(pg_url, cfg, pm=make_plugin_manager(load_installed=False, plugins=[SlowPlugin()]))
    app.init()
    ids = rel_kit.seed_approved(app, 300)
    for item_id in ids:
        with app.store.transaction() as conn:
            outbox.publish(conn, item_id, "system", today=app.today())
    errors: list[str] = []

    def work(name: str) -> None:
        try:
            app.runner(worker=name).run_until_idle(limit=20)
        except Exception as exc:  # the server went away under the worker
            errors.append(type(exc).__name__)

    workers = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(2)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 60  # routing rows first, then the publications: wait for some
    while (done_before := len(ids) - _open(app)) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    postgres_server.restart()
    for w in workers:
        w.join(120)
    runs = 2
    for _ in range(10):
        time.sleep(1.1)  # leases of the interrupted claims lapse
        app.runner(worker="after").run_until_idle()
        runs += 1
        if _open(app) == 0:
            break
    counts = rel_kit.delivery_counts(app)
    resent = sum(n - 1 for n in SlowRecorder.calls.values() if n > 1)
    rel_kit.record(
        "PostgreSQL restarted mid-run",
        runs=runs,
        faults=1,
        lost=counts.lost + sum(1 for i in ids if SlowRecorder.calls[i] == 0),
        duplicated=counts.duplicated_keys,
        note=f"300 deliveries, {done_before} done before the restart, worker errors {errors}, "
        f"channel re-called {resent} time(s) (at-least-once, key done once)",
    )
    assert 0 < done_before < len(ids), "the restart must fall in the middle of the run"
    assert counts.lost == 0 and counts.duplicated_keys == 0, counts
    assert set(SlowRecorder.calls) == set(ids)
    assert rel_kit.audit_ok(app)


# --- a full disk --------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs, unmounted afterwards."""
    mount_point = tmp_path / "site"
    mount_point.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {made.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_full_disk_keeps_the_old_site_and_a_rerun_delivers(
    tmp_path: Path, small_disk: Path
) -> None:
    office = rel_kit.make_office(
        tmp_path / "office",
        lease=1,
        extra=f'[channels.website]\nout_dir = "{small_disk}"\n[channels]\nenabled = ["website"]\n',
    )
    app = office.app()
    rel_kit.seed_approved(app, 8)
    assert app.run()["delivered"] == 8
    before = _snapshot(small_disk)
    big = tmp_path / "附件.bin"
    big.write_bytes(os.urandom(3 * 2**20))  # larger than the whole disk
    # random bytes are no workbook: named .bin, screening cannot read it and a person overrides
    attachment = app.blobs.put(big, "2026年预算明细表.bin")
    item = app.create_item(
        draft(title="示例镇2026年部门预算（含明细表）", attachments=(attachment,)), "clerk"
    )
    app.submit(item.id, "clerk")
    for finding in app.review_status(item.id).blocking:
        app.override(item.id, "chief", finding, "人工审查：明细表无个人信息")
    app.approve(item.id, "chief")
    app.approve(item.id, "deputy")
    result = app.run()
    assert result["delivered"] == 0 and result["failed"] == 1, result
    with app.store.engine.connect() as conn:
        error = conn.execute(
            select(deliveries.c.last_error).where(deliveries.c.item_id == item.id)
        ).scalar_one()
    assert "No space left" in error or "ENOSPC" in error or "28" in error, error
    after = _snapshot(small_disk)
    changed = [p for p, digest in before.items() if after.get(p) != digest]
    assert changed == [], f"old site files changed or lost: {changed}"
    assert not list(small_disk.rglob(".tmp-*")), "half-written files left behind"
    server, base = _serve(small_disk)
    try:
        with urllib.request.urlopen(f"{base}/index.html", timeout=10) as answer:
            assert answer.status == 200 and "示例镇" in answer.read().decode("utf-8")
    finally:
        server.shutdown()
    subprocess.run(["mount", "-o", "remount,size=16m", str(small_disk)], check=True)
    time.sleep(0.5)  # past the backoff
    result = app.run()
    assert result["delivered"] == 1, result
    page = small_disk / "items" / f"{app.published_edition(item.id).slug}.html"
    assert "示例镇2026年部门预算" in page.read_text(encoding="utf-8")
    rel_kit.record(
        "full disk while writing the site",
        runs=3,
        faults=1,
        lost=0 if result["delivered"] == 1 else 1,
        note=f"{len(before)} site files untouched by the failed write",
    )
    assert rel_kit.audit_ok(app)
