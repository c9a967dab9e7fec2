"""Shared pieces of the reliability suite: an office folder run by the real CLI, bulk-seeded
approved items, consistency checks over every built-in channel, and the fault ledger.

The ledger (:data:`LEDGER`) collects what each test injected and what it found lost or
duplicated; ``conftest.py`` writes it to ``test-artifacts/reliability-summary.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gov_disclosure import audit
from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.models import EditionDraft, ItemState
from gov_disclosure.store.bulk import bulk_insert
from gov_disclosure.store.sequences import reserve
from gov_disclosure.store.tables import deliveries, editions, items
from gov_disclosure.taxonomy import DEFAULT_COLUMNS, DEFAULT_TOPICS

CREDIT = "11320000MB1234562M"
REPO = Path(__file__).resolve().parents[2]
SUBSCRIBERS = (  # (number, topics, areas): a few residents, consent recorded
    ("13912340001", ("社会救助", "应急管理"), ()),
    ("13912340002", ("财政预决算", "村级财务"), ()),
    ("13912340003", (), ()),  # everything
)


# --- the fault ledger -------------------------------------------------------------------


@dataclass
class FaultRecord:
    runs: int = 0
    faults: int = 0
    lost: int = 0
    duplicated: int = 0
    notes: list[str] = field(default_factory=list)


LEDGER: dict[str, FaultRecord] = defaultdict(FaultRecord)


def record(
    area: str,
    *,
    runs: int = 0,
    faults: int = 0,
    lost: int = 0,
    duplicated: int = 0,
    note: str | None = None,
) -> None:
    """Add to the suite's counts for ``area`` (one line of docs/reliability.md)."""
    entry = LEDGER[area]
    entry.runs += runs
    entry.faults += faults
    entry.lost += lost
    entry.duplicated += duplicated
    if note:
        entry.notes.append(note)


# --- an office folder driven by the CLI -------------------------------------------------


def config_text(
    data_dir: str = "out", *, lease: float = 2, timeout: float = 20, extra: str = ""
) -> str:
    """A config for an office; ``extra`` TOML is appended (its own ``[channels.sms]`` replaces
    the default one, which only turns quiet hours off so that runs never depend on the hour)."""
    sms = "" if "[channels.sms]" in extra else '[channels.sms]\nquiet_hours = ""'
    return f"""
[organization]
name = "示例镇人民政府"
credit_code = "{CREDIT}"
short_name = "示例镇"
[site]
base_url = "http://127.0.0.1:8000"
[storage]
files_dir = "files"
data_dir = "{data_dir}"
[publishing]
lease_seconds = {lease}
timeout_seconds = {timeout}
backoff_seconds = 0.2
backoff_max_seconds = 1
max_attempts = 50
{sms}
{extra}
[[actors]]
id = "clerk"
name = "王经办"
unit = "党政综合办公室"
roles = ["经办人"]
[[actors]]
id = "chief"
name = "李主任"
unit = "党政综合办公室"
roles = ["科室审核", "保密审查员"]
[[actors]]
id = "deputy"
name = "赵副镇长"
unit = "镇政府"
roles = ["分管领导把关"]
"""


@dataclass
class Office:
    """A folder with ``gd.toml`` and a database, as an office runs it from cron."""

    root: Path
    db_url: str

    @property
    def config_path(self) -> Path:
        return self.root / "gd.toml"

    def app(self) -> App:
        raw = tomllib.loads(self.config_path.read_text(encoding="utf-8"))
        return App(self.db_url, load_config(raw, self.root))

    def env(self) -> dict[str, str]:
        return {
            "GOV_DISCLOSURE_DB": self.db_url,
            "GOV_DISCLOSURE_CONFIG": str(self.config_path),
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
            "HOME": str(self.root),
        }

    def start_run(self) -> subprocess.Popen[str]:
        """``gov-disclosure run --json`` as a child process."""
        return subprocess.Popen(
            [sys.executable, "-m", "gov_disclosure.cli", "run", "--json"],
            env=self.env(),
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, timeout: float = 240) -> tuple[int, dict[str, Any] | None, str]:
        """Run to the end: (exit code, the JSON result or None, stderr)."""
        proc = self.start_run()
        out, err = proc.communicate(timeout=timeout)
        lines = out.strip().splitlines()
        try:
            result = json.loads(lines[-1]) if lines else None
        except json.JSONDecodeError:
            result = None
        return proc.returncode, result, err


def make_office(root: Path, db_url: str | None = None, **config: Any) -> Office:
    root.mkdir(parents=True, exist_ok=True)
    (root / "gd.toml").write_text(config_text(**config), encoding="utf-8")
    office = Office(root, db_url or f"sqlite:///{root / 'gd.db'}")
    app = office.app()
    app.init()
    subscribe(app)
    app.store.dispose()
    return office


def subscribe(app: App) -> None:
    from gov_disclosure_sms.subscribers import SubscriberBook

    book = SubscriberBook(app.store.engine)
    for number, topics, areas in SUBSCRIBERS:
        book.subscribe(number, consent_by="clerk", topics=topics, areas=areas)


# --- items ------------------------------------------------------------------------------


def varied_draft(i: int) -> EditionDraft:
    """The ``i``-th of a realistic spread of items over every 栏目 and 主题."""
    column = DEFAULT_COLUMNS[i % len(DEFAULT_COLUMNS)]
    topic = DEFAULT_TOPICS[(i // len(DEFAULT_COLUMNS)) % len(DEFAULT_TOPICS)]
    written = date(2026, 1, 5) + timedelta(days=i % 55)
    return EditionDraft.model_validate(
        {
            "title": f"示例镇关于{column}事项的通知（第{i + 1}号）",
            "publisher": "示例镇人民政府",
            "written_on": written,
            "topic": topic,
            "column": column,
            "responsible_unit": "党政综合办公室",
            "summary": f"{column}相关事项，第{i + 1}号。",
            "body": f"各村（居）委会、镇直各单位：\n现将{column}有关事项通知如下。\n" * 3,
        }
    )


def seed_approved(app: App, n: int, start: int = 0) -> list[int]:
    """``n`` approved items with one edition each, inserted in bulk; ``run`` publishes them
    (as it does for items whose ``publish_at`` has come)."""
    now = datetime.now(UTC)
    drafts = [varied_draft(start + i) for i in range(n)]
    with app.store.transaction() as conn:
        last = conn.execute(select(items.c.id).order_by(items.c.id.desc())).scalar() or 0
        first = reserve(conn, "index_no", "1:2026", n)  # every draft is written in 2026
        bulk_insert(
            conn,
            items,
            [
                {
                    "org_id": 1,
                    "index_no": f"{CREDIT}/2026-{first + k:05d}",
                    "state": ItemState.APPROVED.value,
                    "current_edition": 1,
                    "created_at": now,
                    "title": d.title,
                    "topic": d.topic,
                    "column_name": d.column,
                    "year": d.written_on.year,
                    "written_on": d.written_on,
                    "responsible_unit": d.responsible_unit,
                    "kind": d.kind.value,
                    "audience": d.audience.value,
                }
                for k, d in enumerate(drafts)
            ],
        )
        ids = list(
            conn.execute(select(items.c.id).where(items.c.id > last).order_by(items.c.id)).scalars()
        )
        bulk_insert(
            conn,
            editions,
            [
                {
                    "item_id": item_id,
                    "number": 1,
                    "author": "clerk",
                    "created_at": now,
                    "data": d.model_dump_json(),
                }
                for item_id, d in zip(ids, drafts, strict=True)
            ],
        )
    return ids


# --- consistency --------------------------------------------------------------------------


@dataclass
class DeliveryCounts:
    total: int
    by_state: Counter[str]
    duplicated_keys: int
    lost: int


def delivery_counts(app: App) -> DeliveryCounts:
    """States of the deliveries table; ``lost`` = not done (nor cancelled); a key appearing
    twice, or a done delivery audited twice, counts as duplicated."""
    with app.store.engine.connect() as conn:
        rows = conn.execute(select(deliveries.c.idem_key, deliveries.c.state)).all()
        audited = Counter(  # a routing entry names no delivery: it is no delivery's record
            e.payload["key"]
            for e in audit.entries(conn, limit=10**7)
            if e.action.startswith("delivery.")
            and e.action != "delivery.failed"
            and "key" in e.payload
        )
    keys = Counter(r.idem_key for r in rows)
    states = Counter(r.state for r in rows)
    dup = sum(n - 1 for n in keys.values() if n > 1) + sum(n - 1 for n in audited.values() if n > 1)
    lost = sum(1 for r in rows if r.state not in ("done", "cancelled"))
    return DeliveryCounts(len(rows), states, dup, lost)


def audit_ok(app: App) -> bool:
    with app.store.engine.connect() as conn:
        return audit.verify(conn).ok


@dataclass
class ChannelCheck:
    """What the outputs of the built-in channels show after a run, against the store."""

    problems: list[str] = field(default_factory=list)
    sms_sent: int = 0
    sms_in_doubt: int = 0
    sms_duplicated: int = 0
    sms_missing: int = 0
    temp_files: int = 0


def item_slugs(app: App) -> tuple[dict[str, str], dict[str, str]]:
    """(live items, withdrawn items) as slug → title."""
    from gov_disclosure.channels import safe_slug

    live: dict[str, str] = {}
    gone: dict[str, str] = {}
    query = select(items.c.index_no, items.c.title, items.c.state, items.c.live_edition)
    with app.store.engine.connect() as conn:
        for row in conn.execute(query):
            if row.state == ItemState.WITHDRAWN.value:
                gone[safe_slug(row.index_no)] = row.title
            elif row.live_edition is not None:
                live[safe_slug(row.index_no)] = row.title
    return live, gone


def check_channels(app: App, out: Path) -> ChannelCheck:
    """Website pages, kiosk bundle and SMS outbox against the live / withdrawn items."""
    from gov_disclosure_kiosk import verify_bundle
    from gov_disclosure_sms.sender import recipient_ref
    from gov_disclosure_sms.tables import recipients, sends

    check = ChannelCheck()
    live, gone = item_slugs(app)
    pages = out / "website" / "items"
    missing = [s for s, title in live.items() if title not in _text(pages / f"{s}.html")]
    # a withdrawn item's URL keeps a short notice with the reason, never its title
    left = [s for s, title in gone.items() if title in _text(pages / f"{s}.html")]
    sitemap = _text(out / "website" / "sitemap.xml") + "".join(
        _text(f) for f in (out / "website" / "sitemaps").glob("*.xml")
    )
    if missing:
        check.problems.append(f"website: {len(missing)} live item(s) without their page")
    if left:
        check.problems.append(f"website: {len(left)} withdrawn item(s) still shown")
    if [s for s in gone if s in sitemap] or [s for s in live if s not in sitemap]:
        check.problems.append("website: the sitemap does not match the live items")
    bad = verify_bundle(out / "kiosk")
    if bad:
        check.problems.append(f"kiosk: files not matching the manifest: {bad[:5]}")
    shown = "".join(_text(p) for p in (out / "kiosk" / "data").glob("items-*.js"))
    if [s for s in live if f'"{s}"' not in shown]:
        check.problems.append("kiosk: a live item is missing from the bundle")
    if [s for s in gone if f'"{s}"' in shown]:
        check.problems.append("kiosk: a withdrawn item is still in the bundle")
    refs: Counter[str] = Counter()
    outbox = app.config.resolve(app.config.storage.private_dir) / "sms-outbox.jsonl"
    if outbox.exists():
        for line in outbox.read_text(encoding="utf-8").splitlines():
            if line.strip():
                refs.update(m["ref"] for m in json.loads(line)["messages"])
    check.sms_sent = sum(refs.values())
    check.sms_duplicated = sum(n - 1 for n in refs.values() if n > 1)
    with app.store.engine.connect() as conn:
        rows = conn.execute(
            select(sends.c.idem_key, recipients.c.number, recipients.c.status).join(
                sends, sends.c.id == recipients.c.send_id
            )
        ).all()
    for key, number, status in rows:
        if recipient_ref(key, number) in refs:
            continue
        if status == "unknown":  # killed between "sending" and the gateway's answer
            check.sms_in_doubt += 1
        else:
            check.sms_missing += 1
    if check.sms_duplicated:
        check.problems.append(f"sms: {check.sms_duplicated} message(s) sent twice")
    if check.sms_missing:
        check.problems.append(f"sms: {check.sms_missing} recipient(s) never sent")
    check.temp_files = sum(1 for _ in out.rglob(".tmp-*"))
    return check


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""
