"""Reminders: tell each responsible office what it owes, once per obligation and threshold.

A threshold is a number of working days left (``[notify] thresholds``, default 5, 1 and 0:
the due day) plus, with ``remind_late``, the first day past due. On each run an obligation's
*level* is the most urgent threshold it has reached; the hook ``notify_responsible`` is called
for it unless that level, or a more urgent one, was already reminded. So an obligation first
seen late gets one reminder, not four.

Each (obligation key, level) is claimed in ``reminders_sent`` (unique) and committed before the
hook runs. A reminder is a delivery: each channel that sent it returns a :class:`Receipt`, kept
with the row, and the row is ``sent``. With no receipt (no channel able to remind is enabled)
it is ``unsent`` (未通知), shown by ``due`` and the scorecard and tried again on the next run;
a raising channel makes it ``failed``, tried again too. A claim left ``sending`` by a crash
counts as sent (at most once, never twice).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..bodies.resolve import configured_body
from ..channels import Receipt
from ..errors import ConfigError, GovDisclosureError
from ..items.records import list_actors
from ..models import Actor
from .collect import compute_obligations
from .obligations import Obligation
from .settings import SupervisionSettings, supervision_settings
from .tables import reminders_sent

if TYPE_CHECKING:
    from ..kernel import Kernel

log = logging.getLogger(__name__)
LATE = "late"
RETRIED = ("failed", "unsent")
"""Reminder states tried again on the next run."""


@dataclass(frozen=True)
class Reminder:
    """One reminder: ``state`` is sent, unsent (no channel could remind: 未通知, tried again next
    run), failed (tried again next run), unaddressed (nobody to tell; nothing recorded, tried
    again next run) or taken (another runner has it)."""

    obligation: Obligation
    level: str
    recipients: tuple[str, ...]
    state: str
    error: str | None = None
    receipts: tuple[Receipt, ...] = ()


def level_for(obligation: Obligation, settings: SupervisionSettings) -> str | None:
    """The most urgent threshold reached: ``"late"``, or the smallest ``t`` with
    ``workdays_left <= t`` (as text), or None."""
    if obligation.late:
        return LATE if settings.remind_late else None
    reached = [t for t in settings.thresholds if obligation.workdays_left <= t]
    return str(min(reached)) if reached else None


def _rank(level: str) -> int:
    return 1_000_000 if level == LATE else -int(level)


def recipients_for(unit: str, settings: SupervisionSettings, people: list[Actor]) -> list[Actor]:
    """``[notify.recipients]`` for the unit, else the actors of that unit, else the fallback."""
    by_id = {p.id: p for p in people}

    def resolve(ids: list[str], key: str) -> list[Actor]:
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise ConfigError(key, f"unknown actor {unknown[0]!r}")
        return [by_id[i] for i in ids]

    if unit in settings.recipients:
        return resolve(settings.recipients[unit], f"notify.recipients.{unit}")
    own = [p for p in people if p.unit == unit]
    return own or resolve(settings.fallback, "notify.fallback")


def _claim(
    conn: Connection, ob: Obligation, level: str, people: list[str], now: Any, org_id: int
) -> bool:
    """Insert the (key, level) row, or take back a failed one; False when someone has it."""
    row = conn.execute(
        select(reminders_sent.c.id, reminders_sent.c.state).where(
            reminders_sent.c.obligation_key == ob.key, reminders_sent.c.level == level
        )
    ).first()
    values = {
        "unit": ob.unit,
        "kind": ob.kind.value,
        "due": ob.due,
        "workdays_left": ob.workdays_left,
        "recipients": people,
        "state": "sending",
        "error": None,
    }
    if row is not None:
        if row.state not in RETRIED:
            return False
        conn.execute(update(reminders_sent).where(reminders_sent.c.id == row.id).values(**values))
        return True
    try:
        with conn.begin_nested():
            conn.execute(
                insert(reminders_sent).values(
                    obligation_key=ob.key, level=level, created_at=now, org_id=org_id, **values
                )
            )
    except IntegrityError:
        return False
    return True


def _done_levels(conn: Connection) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    rows = conn.execute(
        select(reminders_sent.c.obligation_key, reminders_sent.c.level, reminders_sent.c.state)
    )
    for r in rows:
        out.setdefault(r.obligation_key, {})[r.level] = r.state
    return out


def due_reminders(
    obligations: list[Obligation], settings: SupervisionSettings, done: dict[str, dict[str, str]]
) -> list[tuple[Obligation, str]]:
    """(obligation, level) pairs to remind now, given the levels already reminded."""
    out = []
    for ob in obligations:
        level = level_for(ob, settings)
        if level is None:
            continue
        seen = done.get(ob.key, {})
        covered = any(
            _rank(lv) >= _rank(level) and state not in RETRIED for lv, state in seen.items()
        )
        if not covered:
            out.append((ob, level))
    return out


def run_reminders(kernel: Kernel, today: date | None = None) -> list[Reminder]:
    """Remind every office of what reached a threshold since the last run; returns the calls.

    Called by ``gov-disclosure run`` (``App.run``); cheap when nothing is new.
    """
    settings = supervision_settings(kernel.config.notify)
    obligations = compute_obligations(kernel, today)
    with kernel.store.engine.connect() as conn:
        todo = due_reminders(obligations, settings, _done_levels(conn))
        people = list_actors(conn) if todo else []
        home = configured_body(conn, kernel.config) if todo else None
    home_id = home.id if home is not None else None
    return [_remind(kernel, ob, level, settings, people, home_id) for ob, level in todo]


def _remind(
    kernel: Kernel,
    ob: Obligation,
    level: str,
    settings: SupervisionSettings,
    people: list[Actor],
    home_id: int | None = None,
) -> Reminder:
    recipients = recipients_for(ob.unit, settings, people)
    ids = [p.id for p in recipients]
    org_id = ob.org_id if ob.org_id is not None else home_id
    if not recipients or org_id is None:  # nothing claimed: tried again once someone is set
        log.info("reminder %s: nobody to tell for %s", ob.key, ob.unit)
        return Reminder(ob, level, (), "unaddressed")
    with kernel.store.transaction() as conn:
        if not _claim(conn, ob, level, ids, kernel.utc_now(), org_id):
            return Reminder(ob, level, tuple(ids), "taken")
    state, error = "unsent", None
    receipts: list[Receipt] = []
    try:
        built, _broken = kernel.channel_set()
        answers = kernel.pm.hook.notify_responsible(
            unit=ob.unit, obligations=[ob], recipients=recipients, channels=built
        )
        receipts = [r for r in answers if isinstance(r, Receipt)]
        if receipts:
            state = "sent"
        else:
            log.warning("reminder %s (%s): no channel could remind %s", ob.key, level, ob.unit)
    except Exception as exc:  # one failing plugin must not stop the run; retried next run
        if isinstance(exc, GovDisclosureError):
            log.warning("reminder %s (%s) failed: %s", ob.key, level, exc)
        else:
            log.exception("reminder %s (%s) failed", ob.key, level)
        state, error = "failed", f"{type(exc).__name__}: {exc}"
    with kernel.store.transaction() as conn:
        conn.execute(
            update(reminders_sent)
            .where(reminders_sent.c.obligation_key == ob.key, reminders_sent.c.level == level)
            .values(
                state=state,
                error=error,
                sent_at=kernel.utc_now() if state == "sent" else None,
                receipts=[r.model_dump(mode="json") for r in receipts] or None,
            )
        )
        payload: dict[str, Any] = {
            "level": level,
            "unit": ob.unit,
            "due": ob.due.isoformat(),
            "to": ids,
        }
        if error:
            payload["error"] = error
        if receipts:
            payload["channels"] = [r.channel for r in receipts]
        audit.append(conn, "system", f"supervision.remind.{state}", f"obligation:{ob.key}", payload)
    return Reminder(ob, level, tuple(ids), state, error, tuple(receipts))


NOTIFIED = "已提醒"
NOT_NOTIFIED = "未通知"


def notice_states(kernel: Kernel, obligations: list[Obligation]) -> dict[str, str]:
    """For each obligation a reminder threshold has reached: 已提醒 when a channel sent it,
    else 未通知 (no channel could remind, it failed, or nobody is there to tell)."""
    settings = supervision_settings(kernel.config.notify)
    with kernel.store.engine.connect() as conn:
        done = _done_levels(conn)
    states = {}
    for ob in obligations:
        if level_for(ob, settings) is None:
            continue
        sent = any(state == "sent" for state in done.get(ob.key, {}).values())
        states[ob.key] = NOTIFIED if sent else NOT_NOTIFIED
    return states


def reminders_log(kernel: Kernel, unit: str | None = None) -> list[dict[str, Any]]:
    """The rows of ``reminders_sent`` (oldest first), for the CLI and the scorecard."""
    q = select(reminders_sent).order_by(reminders_sent.c.id)
    if unit:
        q = q.where(reminders_sent.c.unit == unit)
    with kernel.store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]
