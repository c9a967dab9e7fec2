"""Fees and closing operations: fee notice and payment, reply, abandon, close unpaid.

Each operation is one transaction with its audit entry; an error leaves nothing changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from ..errors import ConflictError, IllegalTransitionError, InvalidInputError
from . import records as rec
from .clock import ClockStatus, deadline
from .deadline_ops import DeadlineOps
from .errors import ApplicationClosedError, SecondFeeNoticeError
from .fees import FeeMethod, FeeQuote, fee_for_application
from .models import ApplicationRecord, EventKind
from .replies import OtherReason, Reply, ReplyType, make_reply


class ClosingOps(DeadlineOps):
    """Fee notice, payment and every way an application closes."""

    def fee_notice(
        self,
        key: int | str,
        actor: str,
        *,
        method: FeeMethod | str,
        pages: int | None = None,
        on: date | None = None,
        served_on: date | None = None,
        service: str | None = None,
    ) -> FeeQuote:
        """收费通知 by count (this application's rank in the applicant's month) or pages. The
        applicant pays within 20 working days from the day after receiving it (``served_on``;
        handed over: the same day; by post: record it later with :meth:`fee_served`)."""
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, "send a fee notice")
            record = rec.get_application(conn, key)
            self._open(record, "send a fee notice")
            if record.events_of(EventKind.FEE_NOTIFIED):
                raise SecondFeeNoticeError(record.number)
            day = self._day(record, on)
            self._within_period(record, day, "发出收费通知")
            kind = FeeMethod(method) if method in {m.value for m in FeeMethod} else None
            if kind is None:
                raise InvalidInputError(
                    "method", "收费方式为 count（按件）或 pages（按量）", method
                )
            if kind is FeeMethod.PAGES and pages is None:
                raise InvalidInputError("pages", "按量收费须写明页数 (--pages)")
            quantity = rec.monthly_rank(conn, record) if kind is FeeMethod.COUNT else pages
            quote = fee_for_application(kind, int(quantity or 0))
            if quote.total == 0:
                raise InvalidInputError(
                    "method", f"no fee: {quantity}{kind.unit} is within the free threshold"
                )
            served = self._served(record, day, served_on, service)
            data: dict[str, Any] = {
                **quote.to_dict(),
                "amount": quote.total,
                "days": self.settings.fee_days,
                **served,
            }
            if "served_on" in served:
                due = date.fromisoformat(served["served_on"])
                data["pay_by"] = self.calendar.add_workdays(due, self.settings.fee_days).isoformat()
            self._event(conn, record, EventKind.FEE_NOTIFIED, day, actor, data)
            rec.set_values(conn, record.id, fee_method=kind.value)
            return quote

    def fee_served(
        self, key: int | str, actor: str, *, on: date | None = None, service: str = "邮寄签收"
    ) -> ApplicationRecord:
        """The applicant received the fee notice on ``on`` (post: the day signed for): the 20
        working days for paying run from the next day (国办函〔2020〕109号)."""
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, "record a service date")
            record = rec.get_application(conn, key)
            self._open(record, "record a service date")
            notices = record.events_of(EventKind.FEE_NOTIFIED)
            if not notices:
                raise IllegalTransitionError(
                    f"application {record.number}", "no fee notice", "record a service date"
                )
            if notices[0].data.get("served_on") or record.events_of(EventKind.FEE_SERVED):
                raise ConflictError("fee notice", record.number, "送达日期已记录")
            day = self._day(record, on, "on")
            data = {"days": notices[0].data.get("days", self.settings.fee_days)}
            data |= self._served(record, notices[0].on, day, service)
            self._event(conn, record, EventKind.FEE_SERVED, day, actor, data)
            return rec.get_application(conn, record.id)

    def fee_paid(self, key: int | str, actor: str, *, on: date | None = None) -> ApplicationRecord:
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, "record a payment")
            record = rec.get_application(conn, key)
            self._open(record, "record a payment")
            notices = record.events_of(EventKind.FEE_NOTIFIED)
            if not notices or record.events_of(EventKind.FEE_PAID):
                raise IllegalTransitionError(
                    f"application {record.number}", "no unpaid fee", "record a payment"
                )
            day = self._day(record, on)
            report = deadline(record, self.calendar, day)
            if report.status is ClockStatus.FEE_LAPSED:
                raise InvalidInputError(
                    "on",
                    f"缴费期限已于{report.waiting_until}届满，请按逾期未缴费办结："
                    f"gov-disclosure apply close {record.number} --unpaid",
                )
            self._event(conn, record, EventKind.FEE_PAID, day, actor, {})
            return rec.get_application(conn, record.id)

    def reply(
        self,
        key: int | str,
        actor: str,
        *,
        type: ReplyType | str,
        reason: Any = None,
        on: date | None = None,
        explanation: str | None = None,
        location: str | None = None,
        other_body: str | None = None,
    ) -> ApplicationRecord:
        """答复: closes the application (Art. 36 / 37)."""
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.reply_roles, "reply")
            record = rec.get_application(conn, key)
            self._open(record, "reply")
            notices = record.events_of(EventKind.FEE_NOTIFIED)
            if notices and not record.events_of(EventKind.FEE_PAID):
                raise IllegalTransitionError(
                    f"application {record.number}", "fee unpaid", "reply", ["fee-paid", "close"]
                )
            day = self._day(record, on)
            reply = make_reply(
                type,
                reason,
                day,
                explanation=explanation,
                location=location,
                other_body=other_body,
            )
            if reply.sub_reason in (OtherReason.NO_SUPPLEMENT, OtherReason.UNPAID):
                raise InvalidInputError("reason", "use abandon / close-unpaid for this closure")
            return self._close(conn, record, reply, EventKind.REPLIED, actor)

    def _close(
        self,
        conn: Connection,
        record: ApplicationRecord,
        reply: Reply,
        kind: EventKind,
        actor: str,
    ) -> ApplicationRecord:
        data = {"type": reply.type.value, "reason": reply.reason}
        self._event(conn, record, kind, reply.replied_on, actor, data)
        rec.close(conn, record.id, reply)
        return rec.get_application(conn, record.id)

    def abandon(self, key: int | str, actor: str, *, on: date | None = None) -> ApplicationRecord:
        """补正 period passed without the completed application: closed (其他处理 1)."""
        return self._close_lapsed(key, actor, on, ClockStatus.SUPPLEMENT_LAPSED)

    def close_unpaid(
        self, key: int | str, actor: str, *, on: date | None = None
    ) -> ApplicationRecord:
        """Fee not paid within 20 working days: closed (其他处理 2)."""
        return self._close_lapsed(key, actor, on, ClockStatus.FEE_LAPSED)

    def _close_lapsed(
        self, key: int | str, actor: str, on: date | None, status: ClockStatus
    ) -> ApplicationRecord:
        abandon = status is ClockStatus.SUPPLEMENT_LAPSED
        action = "close as abandoned" if abandon else "close as unpaid"
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, action)
            record = rec.get_application(conn, key)
            if record.is_closed:
                raise ApplicationClosedError(record.number, action)
            day = self._day(record, on)
            report = deadline(record, self.calendar, day)
            if report.status is not status:
                raise IllegalTransitionError(
                    f"application {record.number}", report.status.label, action
                )
            reason = OtherReason.NO_SUPPLEMENT if abandon else OtherReason.UNPAID
            reply = Reply(type=ReplyType.OTHER, reason=reason.value, replied_on=day)
            kind = EventKind.ABANDONED if abandon else EventKind.CLOSED_UNPAID
            return self._close(conn, record, reply, kind, actor)

    def close_lapsed(self, actor: str, today: date | None = None) -> list[str]:
        """Close every application whose 补正 or fee period has passed; returns their numbers."""
        today = today or self.app.today()
        self.recompute_deadlines("system")
        closed = []
        for record, report in self.due_within(0, today):
            if report.status in (ClockStatus.SUPPLEMENT_LAPSED, ClockStatus.FEE_LAPSED):
                self._close_lapsed(record.id, actor, today, report.status)
                closed.append(record.number)
        return closed
