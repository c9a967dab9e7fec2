"""Channel state under concurrent writers: three ``gov-disclosure run``s and two
``gov-disclosure worker``s at once, as processes on one PostgreSQL store, all delivering to
the bulletin (公开栏), lose no ledger entry.

Each delivery queues an entry for the next issue in the channel's state. When that state was
one JSON list read, changed and written back, concurrent writers overwrote one another's
entries (a few percent of them); now each entry is a row of its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rel_kit
from gov_disclosure_bulletin import ledger
from sqlalchemy import select

from gov_disclosure.store.channel_state import StoredChannelState
from gov_disclosure.store.tables import deliveries, items

ITEMS = 300
WORKER_OPTIONS = ("--poll", "0.1", "--batch", "5", "--max-seconds", "40")
ONLY_THE_BULLETIN = """
[channels]
enabled = ["bulletin"]
[channels.bulletin]
auto_issue = false
"""


def start_worker(office: rel_kit.Office, name: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "gov_disclosure.cli", "worker", "--id", name, *WORKER_OPTIONS],
        env=office.env(),
        cwd=office.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_three_runs_and_two_workers_lose_no_ledger_entry(pg_url: str, tmp_path: Path) -> None:
    office = rel_kit.make_office(tmp_path / "office", pg_url, extra=ONLY_THE_BULLETIN)
    app = office.app()
    rel_kit.seed_approved(app, ITEMS)

    procs = [office.start_run() for _ in range(3)]
    procs += [start_worker(office, f"w{n}") for n in range(2)]
    outs = [p.communicate(timeout=900) for p in procs]
    assert [p.returncode for p in procs] == [0] * 5, [err[-2000:] for _, err in outs]
    code, _, err = office.run()  # whatever a backoff left over
    assert code == 0, err[-2000:]

    with app.store.engine.connect() as conn:
        published = list(
            conn.execute(
                select(items.c.index_no)
                .join(deliveries, deliveries.c.item_id == items.c.id)
                .where(
                    deliveries.c.channel == "bulletin",
                    deliveries.c.action == "publish",
                    deliveries.c.state == "done",
                )
            ).scalars()
        )
        still_open = conn.execute(
            select(deliveries.c.id).where(deliveries.c.state.in_(["pending", "failed"]))
        ).all()
    entries = ledger.pending(StoredChannelState(app.store.engine, "bulletin"))
    assert still_open == []
    assert len(published) > ITEMS // 2  # the bulletin took most items
    assert sorted(e.index_no for e in entries) == sorted(published)  # every one, once
