"""One cycle of due work (``gov-disclosure run``): scheduled publications, ended notices,
deliveries, lapsed applications and supervision reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date
from typing import Any

from sqlalchemy import Connection, select

from ..errors import GovDisclosureError
from ..items import records
from ..kernel import Kernel
from ..models import DisclosureItem, ItemState
from ..store.tables import items
from ..workdays.clock import CHINA_TZ, in_zone
from . import outbox
from .runner import Runner


def notice_end(kernel: Kernel, conn: Connection, item: DisclosureItem, today: date) -> date | None:
    """The last day of the newest edition's 公示期, counted from ``today``."""
    ed = records.get_edition(conn, item.id, item.current_edition)
    if ed.notice_period is None:
        return None
    from ..schedules import notice_end as end_of

    return end_of(today, ed.notice_period, kernel.calendar)


def publish_if_due(
    kernel: Kernel, conn: Connection, item: DisclosureItem, actor: str
) -> DisclosureItem:
    """approved → published now, unless the edition's ``publish_at`` is still to come."""
    ed = records.get_edition(conn, item.id, item.current_edition)
    now = kernel.clock()
    if ed.publish_at is not None and in_zone(ed.publish_at, now.tzinfo or CHINA_TZ) > now:
        return item
    today = now.date()
    return outbox.publish(
        conn,
        item.id,
        actor,
        today=today,
        notice_end=notice_end(kernel, conn, item, today),
        now=kernel.utc_now(),
    )


def _take(conn: Connection, item_id: int, state: ItemState) -> bool:
    """Whether the item is still in ``state``, locking its row for this transaction; False
    when another run holds it or has already moved it (runs at once never collide)."""
    q = select(items.c.id).where(items.c.id == item_id, items.c.state == state.value)
    if conn.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    return conn.execute(q).first() is not None


def make_runner(kernel: Kernel, worker: str = "local") -> Runner:
    """A delivery runner over the kernel's channels (those that cannot be built included:
    their deliveries fail with the reason until they can be)."""
    built, broken = kernel.channel_set()
    return Runner(
        kernel.store,
        built,
        kernel.blobs,
        kernel.config.publishing,
        pm=kernel.pm,
        worker=worker,
        clock=kernel.utc_now,
        broken=broken,
    )


def run_due_work(kernel: Kernel, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """All due work once; safe to run twice at once (claims and idempotency keys)."""
    now = kernel.clock()
    published = expired = 0
    with kernel.store.engine.connect() as conn:
        scheduled = outbox.due_scheduled(conn, now.astimezone(UTC))
        ending = outbox.due_expiries(conn, now.date())
    for item_id in scheduled:
        with kernel.store.transaction() as conn:
            if _take(conn, item_id, ItemState.APPROVED):
                publish_if_due(kernel, conn, records.get_item(conn, item_id), "system")
                published += 1
    for item_id in ending:
        with kernel.store.transaction() as conn:
            if _take(conn, item_id, ItemState.PUBLISHED):
                outbox.expire(conn, item_id, now=kernel.utc_now())
                expired += 1
    stats = make_runner(kernel).run_until_idle(progress=progress)
    warnings: list[str] = []
    from ..applications import ApplicationService

    try:
        lapsed = ApplicationService(kernel).close_lapsed("system", now.date())
    except GovDisclosureError as exc:  # e.g. no calendar data for next year yet
        lapsed, warnings = [], [f"applications not checked: {exc}"]
    from ..supervision import run_reminders

    reminders = run_reminders(kernel)
    anchored = kernel.anchor_audit()  # the head, kept outside the database
    return {
        "published": published,
        "expired": expired,
        "delivered": stats.done,
        "failed": stats.failed,
        "dead": stats.dead,
        "errors": stats.errors,
        "applications_closed": lapsed,
        "reminded": sum(r.state == "sent" for r in reminders),
        "not_reminded": sum(r.state in ("unsent", "failed") for r in reminders),
        "warnings": warnings,
        "audit_anchor": str(anchored.anchor),
    }
