"""One cycle of due work (``gov-disclosure run``): scheduled publications, ended notices,
deliveries, lapsed applications and supervision reminders."""

from __future__ import annotations

from datetime import UTC, date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from ..errors import GovDisclosureError
from ..items import records
from ..models import DisclosureItem, ItemState
from ..workdays.clock import CHINA_TZ, in_zone
from . import outbox

if TYPE_CHECKING:
    from ..app import App


def notice_end(app: App, conn: Connection, item: DisclosureItem, today: date) -> date | None:
    """The last day of the newest edition's 公示期, counted from ``today``."""
    ed = records.get_edition(conn, item.id, item.current_edition)
    if ed.notice_period is None:
        return None
    from ..schedules import notice_end as end_of

    return end_of(today, ed.notice_period, app.calendar)


def publish_if_due(app: App, conn: Connection, item: DisclosureItem, actor: str) -> DisclosureItem:
    """approved → published now, unless the edition's ``publish_at`` is still to come."""
    ed = records.get_edition(conn, item.id, item.current_edition)
    now = app.clock()
    if ed.publish_at is not None and in_zone(ed.publish_at, now.tzinfo or CHINA_TZ) > now:
        return item
    today = now.date()
    return outbox.publish(
        conn,
        item.id,
        actor,
        app.channels,
        app.blobs,
        today=today,
        notice_end=notice_end(app, conn, item, today),
        now=app.utc_now(),
    )


def run_due_work(app: App, progress: Any = None) -> dict[str, Any]:
    """All due work once; safe to run twice at once (claims and idempotency keys)."""
    now = app.clock()
    published = expired = 0
    with app.store.engine.connect() as conn:
        scheduled = outbox.due_scheduled(conn, now.astimezone(UTC))
        ending = outbox.due_expiries(conn, now.date())
    for item_id in scheduled:
        with app.store.transaction() as conn:
            item = records.get_item(conn, item_id)
            if item.state is ItemState.APPROVED:
                publish_if_due(app, conn, item, "system")
                published += 1
    for item_id in ending:
        with app.store.transaction() as conn:
            if records.get_item(conn, item_id).state is ItemState.PUBLISHED:
                outbox.expire(conn, item_id, now=app.utc_now())
                expired += 1
    stats = app.runner().run_until_idle(progress=progress)
    warnings: list[str] = []
    try:
        lapsed = app.applications.close_lapsed("system", now.date())
    except GovDisclosureError as exc:  # e.g. no calendar data for next year yet
        lapsed, warnings = [], [f"applications not checked: {exc}"]
    from ..supervision import run_reminders

    reminders = run_reminders(app)
    anchored = app.anchor_audit()  # the head, kept outside the database
    return {
        "published": published,
        "expired": expired,
        "delivered": stats.done,
        "failed": stats.failed,
        "dead": stats.dead,
        "errors": stats.errors,
        "applications_closed": lapsed,
        "reminded": sum(r.state == "sent" for r in reminders),
        "warnings": warnings,
        "audit_anchor": str(anchored.anchor),
    }
