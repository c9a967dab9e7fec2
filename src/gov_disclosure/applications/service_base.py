"""The service's plumbing: role checks, date checks, events with audit entries, reading.

A refused attempt (wrong role) raises :class:`PermissionDeniedError` and is audit-logged by
``Kernel.action``; any other error leaves nothing changed. Audit payloads never carry the
applicant's ID number.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from .. import audit
from ..authority import require_any
from ..bodies.resolve import OrgKey, org_id_of
from ..errors import IllegalTransitionError, InvalidInputError
from . import deadline_facts as facts
from . import records as rec
from .clock import ClockStatus, DeadlineReport, deadline
from .errors import ApplicationClosedError
from .models import ApplicationRecord, ApplicationState, EventKind
from .settings import ApplicationSettings, settings_from_config

if TYPE_CHECKING:
    from ..kernel import Kernel


class ConsultParty(StrEnum):
    THIRD_PARTY = "third_party"
    OTHER_BODY = "other_body"

    @property
    def label(self) -> str:
        return "第三方" if self is ConsultParty.THIRD_PARTY else "有关机关"


#: How a letter or notice reached its addressee; 当面送达 is served the day it is handed over.
SERVICE_WAYS = ("当面送达", "邮寄签收", "电子送达", "传真送达")


class ServiceBase:
    """Helpers and read access shared by the operations."""

    def __init__(self, app: Kernel, settings: ApplicationSettings | None = None) -> None:
        self.app = app  # the kernel (the office), under the name the operations use
        raw = getattr(app.config, "applications", None)
        self.settings = settings or settings_from_config(raw, app.config.base_dir)

    # -- helpers ---------------------------------------------------------------------------

    @property
    def calendar(self) -> Any:
        return self.app.calendar

    def _require(self, conn: Connection, actor: str, roles: Iterable[str], action: str) -> str:
        """The actor's name; unknown, disabled or without the role: a refusal (audited)."""
        return require_any(conn, actor, frozenset(roles), action).name

    def _day(self, record: ApplicationRecord | None, on: date | None, field: str = "on") -> date:
        today = self.app.today()
        day = on or today
        if day > today:
            raise InvalidInputError(
                field, f"不能晚于今天（{today}，中国日期） (cannot be after today)", str(day)
            )
        if record is not None and record.events:
            last = max(e.on for e in record.events)
            if day < last:
                raise InvalidInputError(
                    field,
                    f"不能早于上一事项的日期（{last}） (cannot be before the last event)",
                    str(day),
                )
        return day

    def _served(
        self, record: ApplicationRecord, sent: date, served_on: date | None, service: str | None
    ) -> dict[str, str]:
        """The service date of a letter sent on ``sent`` (post: the day signed for); handed
        over in person it is ``sent``. Empty when not known yet (recorded later)."""
        if service is not None and service not in SERVICE_WAYS:
            raise InvalidInputError(
                "service", f"送达方式为 {'、'.join(SERVICE_WAYS)} 之一", service
            )
        if served_on is None and service == SERVICE_WAYS[0]:
            served_on = sent
        if served_on is None:
            return {"service": service} if service else {}
        day = self._day(record, served_on, "served_on")
        if day < sent:
            raise InvalidInputError("served_on", f"送达日期不能早于发出日期（{sent}）", str(day))
        return {"served_on": day.isoformat(), "service": service or SERVICE_WAYS[1]}

    def _open(self, record: ApplicationRecord, action: str) -> None:
        if record.is_closed:
            raise ApplicationClosedError(record.number, action)
        if record.state is ApplicationState.AWAITING_SUPPLEMENT:
            raise IllegalTransitionError(
                f"application {record.number}",
                "awaiting 补正",
                action,
                ["supplement-received", "abandon"],
            )

    def _within_period(self, record: ApplicationRecord, day: date, what: str) -> DeadlineReport:
        report = deadline(record, self.calendar, day)
        if report.due is not None and day > report.due:
            raise InvalidInputError(
                "on",
                f"答复期限已于{report.due}届满，不能再{what} "
                f"(the reply period ended on {report.due})",
            )
        return report

    def _event(
        self,
        conn: Connection,
        record: ApplicationRecord,
        kind: EventKind,
        on: date,
        actor: str,
        data: dict[str, Any] | None = None,
    ) -> int:
        event_id = rec.add_event(conn, record.id, kind, on, actor, self.app.utc_now(), data)
        payload = {"number": record.number, "on": on.isoformat(), **(data or {})}
        audit.append(conn, actor, f"application.{kind.value}", f"application:{record.id}", payload)
        after = rec.get_application(conn, record.id)
        report = deadline(after, self.calendar, on)  # refused past official data: rolls back
        facts.record(
            conn,
            record.id,
            report,
            self.calendar,
            kind="event",
            reason=kind.label,
            actor=actor,
            now=self.app.utc_now(),
        )
        return event_id

    # -- reading ---------------------------------------------------------------------------

    def get(self, key: int | str) -> ApplicationRecord:
        with self.app.store.engine.connect() as conn:
            return rec.get_application(conn, key)

    def list(self, *, open_only: bool = True, org: OrgKey | None = None) -> list[ApplicationRecord]:
        """Oldest first; ``org`` (id, credit code or name) keeps one body's."""
        with self.app.store.engine.connect() as conn:
            return rec.list_applications(conn, open_only=open_only, org_id=org_id_of(conn, org))

    def deadline(self, key: int | str, today: date | None = None) -> DeadlineReport:
        """The statutory clock as of ``today``; a closed application's date and lateness are
        the ones it was judged by (recorded), whatever the calendar says now."""
        return self.report(self.get(key), today)

    def report(self, record: ApplicationRecord, today: date | None = None) -> DeadlineReport:
        """:meth:`deadline` for a record already read."""
        report = deadline(record, self.calendar, today or self.app.today())
        if not record.is_closed:
            return report
        with self.app.store.engine.connect() as conn:
            return facts.judged(report, facts.latest(conn, record.id))

    def due_within(
        self, days: int, today: date | None = None, org: OrgKey | None = None
    ) -> builtins.list[tuple[ApplicationRecord, DeadlineReport]]:
        """Open applications with at most ``days`` working days left (late ones included),
        soonest first; lapsed 补正 / fee periods are listed too (they need closing)."""
        today = today or self.app.today()
        out = []
        for record in self.list(org=org):
            report = deadline(record, self.calendar, today)
            lapsed = report.status in (ClockStatus.SUPPLEMENT_LAPSED, ClockStatus.FEE_LAPSED)
            if lapsed or (report.days_left is not None and report.days_left <= days):
                out.append((record, report))
        return sorted(out, key=lambda x: (x[1].days_left is not None, x[1].days_left or 0))

    def letters(self, key: int | str, out_dir: Path) -> builtins.list[Path]:
        """Write the application's letters (.docx) to ``out_dir``; returns their paths. Each
        letter gets its 文号 the first time (kept after), in the transaction that records it."""
        from ..bodies.letters import letter_issuer
        from . import letter_numbers
        from .letters import plan_letters, write_letters

        with self.app.store.engine.begin() as conn:
            record = rec.get_application(conn, key)
            organization, settings = letter_issuer(conn, self.app.config, record, self.settings)
            pattern = letter_numbers.pattern_for(
                settings.letter_number_pattern, settings.letter_prefix, organization
            )
            wanted = [
                (x.stem, x.on.year) for x in plan_letters(record, self.calendar, self.settings)
            ]
            numbers = letter_numbers.assign(conn, record.id, wanted, pattern, self.app.utc_now())
            return write_letters(
                record,
                out_dir,
                calendar=self.calendar,
                settings=settings,
                organization=organization,
                numbers=numbers,
            )

    def monthly_count(self, key: int | str) -> int:
        """How many applications the applicant of ``key`` made in that natural month."""
        record = self.get(key)
        with self.app.store.engine.connect() as conn:
            return rec.monthly_count(conn, record.applicant.key, rec.month_key(record.received_on))
