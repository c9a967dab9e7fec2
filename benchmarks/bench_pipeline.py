"""The publishing pipeline: approved items published through the outbox to a no-op channel.

Figures (quick: 2,000 items; full: 10,000), all on SQLite in one run:
- deliveries/s of the runner (claim, view, channel call, ``done`` + audit entry per delivery);
- the runner's time per delivery against a bare loop that reads each edition's view from the
  store (``edition_view``) and calls the channel, with no bookkeeping (goal: at most 2x);
- publish + deliver end to end (the state change and outbox rows of ``publish`` included)
  against the same bare loop, for information.

Run alone: ``python -m benchmarks.bench_pipeline [--full]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from benchmarks.common import Figure, print_figures
from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.channels import Channel, PublishedEdition, Receipt
from gov_disclosure.config import load_config
from gov_disclosure.models import EditionDraft, ItemState
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.publishing import outbox
from gov_disclosure.publishing.views import edition_view
from gov_disclosure.store.bulk import bulk_insert
from gov_disclosure.store.engine import utcnow
from gov_disclosure.store.tables import deliveries, editions, items

CREDIT = "11320000MB1234562M"
GOAL = 2.0


class NoopChannel(Channel):
    """Accepts everything, does nothing, answers a receipt."""

    name: ClassVar[str] = "noop"

    class Settings(BaseModel):
        model_config = ConfigDict(extra="forbid")

    Settings: ClassVar[type[BaseModel]]  # type: ignore[no-redef]

    def publish(self, edition: PublishedEdition) -> Receipt:
        return Receipt(channel=self.name, action="publish", location=f"noop://{edition.slug}")

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return Receipt(channel=self.name, action="withdraw")


class NoopPlugin:
    @hookimpl
    def register_channels(self, register: Any) -> None:
        register(NoopChannel)


def make_app(
    url: str, folder: Path, plugins: tuple[Any, ...] = (NoopPlugin(),), **publishing: Any
) -> App:
    """An initialised App at ``url`` with only the given plugins (default: the no-op channel)."""
    cfg = load_config(
        {"organization": {"credit_code": CREDIT, "short_name": "示例镇"}, "publishing": publishing},
        folder,
    )
    app = App(url, cfg, pm=make_plugin_manager(load_installed=False, plugins=plugins))
    app.init()
    return app


def _draft(i: int) -> EditionDraft:
    return EditionDraft.model_validate(
        {
            "title": f"关于做好第{i}项工作的通知",
            "publisher": "示例镇人民政府",
            "written_on": date(2026, 3, 2),
            "topic": "财政、金融、审计",
            "column": "财政预决算",
            "responsible_unit": "财政所",
            "summary": "内容概述",
            "body": "通知正文。" * 20,
        }
    )


def seed_items(app: App, n: int, *, published: bool = False) -> list[int]:
    """``n`` approved items with one edition each, inserted in bulk (published: live, with
    ``published_on`` set, as ``publish`` leaves them)."""
    now, today = utcnow(), date(2026, 3, 5)
    state = ItemState.PUBLISHED if published else ItemState.APPROVED
    with app.store.transaction() as conn:
        start = conn.execute(select(items.c.id).order_by(items.c.id.desc())).scalar() or 0
        rows, eds = [], []
        for i in range(n):
            d = _draft(start + i)
            rows.append(
                {
                    "org_id": 1,
                    "index_no": f"{CREDIT}/2026-{start + i + 1:06d}",
                    "state": state.value,
                    "current_edition": 1,
                    "live_edition": 1 if published else None,
                    "created_at": now,
                    "published_at": now if published else None,
                    "published_on": today if published else None,
                    "title": d.title,
                    "topic": d.topic,
                    "column_name": d.column,
                    "year": 2026,
                    "written_on": d.written_on,
                    "responsible_unit": d.responsible_unit,
                    "kind": d.kind.value,
                    "audience": d.audience.value,
                }
            )
            eds.append(d.model_dump_json())
        bulk_insert(conn, items, rows)
        ids = list(
            conn.execute(
                select(items.c.id).where(items.c.id > start).order_by(items.c.id)
            ).scalars()
        )
        bulk_insert(
            conn,
            editions,
            [
                {
                    "item_id": item_id,
                    "number": 1,
                    "author": "bench",
                    "created_at": now,
                    "published_on": today if published else None,
                    "data": data,
                }
                for item_id, data in zip(ids, eds, strict=True)
            ],
        )
    return ids


def seed_deliveries(app: App, item_ids: list[int], channel: str) -> None:
    """One pending ``publish`` delivery per (published) item, as the outbox writes them."""
    now = utcnow()
    with app.store.transaction() as conn:
        bulk_insert(
            conn,
            deliveries,
            [
                {
                    "item_id": i,
                    "edition": 1,
                    "channel": channel,
                    "action": "publish",
                    "idem_key": f"{i}:1:{channel}:publish",
                    "state": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for i in item_ids
            ],
        )


def _publish_all(app: App, ids: list[int]) -> None:
    """What the last approval does, one transaction per item."""
    today = app.today()
    for item_id in ids:
        with app.store.transaction() as conn:
            outbox.publish(conn, item_id, "bench", today=today)


def _bare_loop(app: App, ids: list[int]) -> None:
    channel = app.channels["noop"]
    with app.store.engine.connect() as conn:
        for item_id in ids:
            channel.publish(edition_view(conn, item_id, 1, app.blobs))


def measure(n: int, chunk: int = 250) -> dict[str, float]:
    """Seconds for the bare loop, publishing (outbox rows) and the runner on ``n`` items.

    The three are interleaved chunk by chunk, so a change in the machine's load during the run
    hits them alike and the ratios stay fair."""
    spent = {"bare": 0.0, "publish": 0.0, "run": 0.0}
    done = 0
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{Path(tmp) / 'bench.db'}", Path(tmp))
        ids = seed_items(app, n)
        runner = app.runner()
        for start in range(0, n, chunk):
            part = ids[start : start + chunk]
            t0 = time.perf_counter()
            _bare_loop(app, part)
            t1 = time.perf_counter()
            _publish_all(app, part)
            t2 = time.perf_counter()
            done += runner.run_until_idle(limit=200).done
            t3 = time.perf_counter()
            spent["bare"] += t1 - t0
            spent["publish"] += t2 - t1
            spent["run"] += t3 - t2
        app.store.dispose()
    if done != n:
        raise RuntimeError(f"runner delivered {done} of {n}")
    return spent


def run(quick: bool = True) -> list[Figure]:
    n = 2_000 if quick else 10_000
    t = measure(n)
    ratio = t["run"] / t["bare"]
    e2e = (t["publish"] + t["run"]) / t["bare"]
    return [
        Figure(
            f"runner, {n:,} deliveries to a no-op channel",
            n / t["run"],
            "deliveries/s",
            n / t["bare"],
            "bare loop: edition_view + channel call",
            ratio,
            f"ratio (time) <= {GOAL:g}",
            ratio <= GOAL,
        ),
        Figure(
            f"publish + deliver, {n:,} approved items",
            n / (t["publish"] + t["run"]),
            "items/s",
            n / t["bare"],
            "bare loop: edition_view + channel call",
            e2e,
            "information",
            None,
        ),
    ]


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
