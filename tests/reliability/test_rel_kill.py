"""kill -9 of ``gov-disclosure run`` at random points while it publishes items to every
built-in channel (website, kiosk, bulletin, SMS through the outbox to three subscribers),
withdrawals in between, then reruns to completion: every delivery done exactly once per key,
the channels consistent with the store, the audit log verifying.

Size: ``GD_REL_KILL_ITEMS`` items (default 200, about 45 seconds on two cores, so that the whole
test command stays short) and ``GD_REL_KILLS`` kills (default 10); the longer soak sets them
higher (docs/reliability.md).
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
import rel_kit
from sqlalchemy import select

from gov_disclosure.models import ItemState
from gov_disclosure.store.tables import deliveries, items

SEED = 13
ITEMS = int(os.environ.get("GD_REL_KILL_ITEMS", "200"))
KILLS = int(os.environ.get("GD_REL_KILLS", "10"))
LEASE = 1.5
CHANNELS = {"website", "kiosk", "bulletin", "sms"}


def _open_deliveries(app) -> int:  # type: ignore[no-untyped-def]
    with app.store.engine.connect() as conn:
        return len(
            conn.execute(
                select(deliveries.c.id).where(
                    deliveries.c.state.in_(["pending", "running", "failed"])
                )
            ).all()
        )


def _published(app) -> list[int]:  # type: ignore[no-untyped-def]
    with app.store.engine.connect() as conn:
        return list(
            conn.execute(
                select(items.c.id).where(items.c.state == ItemState.PUBLISHED.value)
            ).scalars()
        )


@pytest.mark.slow
@pytest.mark.timeout(300 + 4 * ITEMS)
def test_kill_9_at_random_points_then_rerun_delivers_everything_once(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    office = rel_kit.make_office(tmp_path / "office", lease=LEASE, timeout=20)
    app = office.app()
    ids = rel_kit.seed_approved(app, ITEMS)
    runs = kills = 0
    withdrawn: list[int] = []
    cycle = 0
    while kills < KILLS and cycle < 3 * KILLS:
        proc = office.start_run()
        runs += 1
        time.sleep(rng.uniform(0.5, 3.0))  # start-up takes about a second
        if proc.poll() is None:
            proc.kill()  # SIGKILL: no cleanup, no flush, leases left behind
            kills += 1
        proc.communicate(timeout=60)
        cycle += 1
        if kills in (2, 5) and len(withdrawn) < 5 * kills // 2:
            # an editor withdraws a few live items between two crashes
            for item_id in rng.sample(_published(app), k=min(5, len(_published(app)))):
                app.withdraw(item_id, "deputy", "内容有误，撤回")
                withdrawn.append(item_id)
    for _ in range(20):  # reruns until nothing is open (leases of killed runs lapse first)
        time.sleep(LEASE + 0.2)
        code, _, err = office.run(timeout=400)
        runs += 1
        assert code == 0, err[-2000:]
        if _open_deliveries(app) == 0:
            break

    counts = rel_kit.delivery_counts(app)
    check = rel_kit.check_channels(app, tmp_path / "office" / "out")
    rel_kit.record(
        "kill -9 during publish",
        runs=runs,
        faults=kills,
        lost=counts.lost + check.sms_missing,
        duplicated=counts.duplicated_keys + check.sms_duplicated,
        note=f"{ITEMS} items x 4 channels, {len(withdrawn)} withdrawn, {kills} kills, "
        f"{counts.total} deliveries, SMS sent {check.sms_sent}, in doubt {check.sms_in_doubt}, "
        f"temp files left {check.temp_files}",
    )
    assert kills == KILLS, "the work ended before every kill was made"
    assert counts.lost == 0 and counts.duplicated_keys == 0, counts
    assert check.problems == [], check.problems
    with app.store.engine.connect() as conn:
        done = {
            (r.item_id, r.channel, r.action)
            for r in conn.execute(
                select(deliveries.c.item_id, deliveries.c.channel, deliveries.c.action).where(
                    deliveries.c.state == "done"
                )
            )
        }
    kept = set(ids) - set(withdrawn)
    assert {(i, c, "publish") for i in kept for c in CHANNELS} <= done
    for item_id in withdrawn:  # published before the withdrawal: withdrawn there too
        for channel in CHANNELS:
            if (item_id, channel, "publish") in done:
                assert (item_id, channel, "withdraw") in done, (item_id, channel)
    assert rel_kit.audit_ok(app)
