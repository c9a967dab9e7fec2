"""Operations on applications: each one transaction with its audit entry and role check.

A refused attempt (wrong role) raises :class:`PermissionDeniedError` and is audit-logged by
``Kernel.action``; any other error leaves nothing changed. Audit payloads never carry the
applicant's ID number.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..authority.checks import active_actor
from ..bodies.resolve import OrgKey, new_record_org_id
from ..errors import ConflictError, IllegalTransitionError, InvalidInputError, NotFoundError
from ..validation import build
from . import records as rec
from .clock import ClockStatus, deadline
from .closing import ClosingOps
from .errors import ApplicationClosedError, SecondExtensionError, SecondSupplementError
from .models import ApplicationForm, ApplicationRecord, ApplicationState, EventKind, check_form
from .service_base import ConsultParty


class ApplicationService(ClosingOps):
    """依申请公开 over the kernel: ``ApplicationService(kernel).new(form, "clerk")``."""

    def new(
        self, form: ApplicationForm | dict[str, Any], actor: str, org: OrgKey | None = None
    ) -> ApplicationRecord:
        """Register an application to body ``org`` (default: the actor's or the configured
        body); a repeat of an answered request is flagged (repeat_of)."""
        if not isinstance(form, ApplicationForm):
            form = build(ApplicationForm, form)
        check_form(form)
        received = self._day(None, form.arrival.received_on, "arrival.received_on")
        office = form.office or self.app.config.organization.office
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, "register an application")
            org_id = new_record_org_id(conn, self.app.config, org, actor)
            if form.arrival.needs_confirmation:  # Art. 31: who confirmed the date, on record
                who = form.arrival.confirmed_by or actor
                confirmer = active_actor(conn, who, "confirm the receipt date")
                arrival = form.arrival.model_copy(update={"confirmed_by": confirmer.id})
                form = form.model_copy(update={"arrival": arrival})
            repeat = rec.find_repeat(conn, form.applicant.key, form.request)
            new_id = rec.insert_application(
                conn,
                form,
                office=office,
                actor=actor,
                now=self.app.utc_now(),
                repeat_of=repeat,
                org_id=org_id,
            )
            record = rec.get_application(conn, new_id)
            data = {
                "days": self.settings.reply_days,
                "route": form.arrival.route.value,
                **(
                    {"confirmed_by": form.arrival.confirmed_by} if form.arrival.confirmed_by else {}
                ),
                "applicant": form.applicant.public_dict(),
                "repeat_of": repeat,
                "month_count": rec.monthly_count(conn, form.applicant.key, rec.month_key(received)),
            }
            self._event(conn, record, EventKind.RECEIVED, received, actor, data)
            return rec.get_application(conn, new_id)

    def request_supplement(
        self,
        key: int | str,
        actor: str,
        *,
        items: str,
        on: date | None = None,
        days: int | None = None,
    ) -> ApplicationRecord:
        """补正通知: once, within 7 working days of receipt; the clock stops until it arrives."""
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, "send a 补正 notice")
            record = rec.get_application(conn, key)
            if record.is_closed:
                raise ApplicationClosedError(record.number, "send a 补正 notice")
            if record.events_of(EventKind.SUPPLEMENT_REQUESTED):
                raise SecondSupplementError(record.number)
            day = self._day(record, on)
            latest = self.calendar.add_workdays(
                record.received_on, self.settings.supplement_notice_days
            )
            if day > latest:
                raise InvalidInputError(
                    "on",
                    f"条例第三十条：补正通知应在收到申请之日起{self.settings.supplement_notice_days}"
                    f"个工作日内（{latest}前）一次性发出 (the 补正 notice was due by {latest})",
                )
            if not items.strip():
                raise InvalidInputError("items", "请写明需要补正的内容 (say what to complete)")
            period = days or self.settings.supplement_days
            if not 1 <= period <= 60:
                raise InvalidInputError("days", "a 补正 period of 1 to 60 working days", period)
            data = {"items": items.strip(), "days": period}
            self._event(conn, record, EventKind.SUPPLEMENT_REQUESTED, day, actor, data)
            rec.set_values(conn, record.id, state=ApplicationState.AWAITING_SUPPLEMENT.value)
            return rec.get_application(conn, record.id)

    def supplement_received(
        self, key: int | str, actor: str, *, on: date | None = None, good_reason: str | None = None
    ) -> ApplicationRecord:
        """The completed application arrived: the 20 working days start again from ``on``."""
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, "record a 补正")
            record = rec.get_application(conn, key)
            if record.state is not ApplicationState.AWAITING_SUPPLEMENT:
                raise IllegalTransitionError(
                    f"application {record.number}", record.state.value, "record a 补正"
                )
            day = self._day(record, on)
            report = deadline(record, self.calendar, day)
            if report.status is ClockStatus.SUPPLEMENT_LAPSED and not (good_reason or "").strip():
                raise InvalidInputError(
                    "on",
                    f"补正期限已于{report.waiting_until}届满：按视为放弃申请办结（gov-disclosure "
                    f"apply close {record.number} --abandoned），或以 --good-reason 记录正当理由 "
                    "(the 补正 period ended)",
                )
            data = {"good_reason": good_reason} if good_reason else {}
            self._event(conn, record, EventKind.SUPPLEMENT_RECEIVED, day, actor, data)
            rec.set_values(conn, record.id, state=ApplicationState.OPEN.value)
            return rec.get_application(conn, record.id)

    def start_consultation(
        self,
        key: int | str,
        actor: str,
        *,
        party: ConsultParty | str,
        name: str,
        matter: str = "",
        on: date | None = None,
        served_on: date | None = None,
        service: str | None = None,
    ) -> int:
        """征求意见 (third party, Art. 32; other body, Art. 33): pauses the clock. The party's 15
        working days run from the day after it receives the letter (``served_on``; handed over:
        the same day; by post: record it later with :meth:`consultation_served`). Returns the
        consultation's id (needed to record the answer)."""
        try:
            kind = ConsultParty(party)
        except ValueError:
            raise InvalidInputError("party", "third_party or other_body", party) from None
        if not name.strip():
            raise InvalidInputError("name", "请写明征求意见的对象 (name the party consulted)")
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, "start a consultation")
            record = rec.get_application(conn, key)
            self._open(record, "start a consultation")
            day = self._day(record, on)
            self._within_period(record, day, "征求意见")
            data = {
                "party": kind.value,
                "party_label": kind.label,
                "name": name.strip(),
                "matter": matter.strip(),
                "days": self.settings.consult_days,
                **self._served(record, day, served_on, service),
            }
            return self._event(conn, record, EventKind.CONSULT_STARTED, day, actor, data)

    def consultation_served(
        self,
        key: int | str,
        actor: str,
        consultation: int,
        *,
        on: date | None = None,
        service: str = "邮寄签收",
    ) -> ApplicationRecord:
        """The consulted party received the letter on ``on`` (post: the day it signed for it):
        its 15 working days run from the next day (Art. 32)."""
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, "record a service date")
            record = rec.get_application(conn, key)
            self._open(record, "record a service date")
            started = [
                e for e in record.events_of(EventKind.CONSULT_STARTED) if e.id == consultation
            ]
            if not started:
                raise NotFoundError("consultation", consultation)
            served = record.events_of(EventKind.CONSULT_SERVED)
            if started[0].data.get("served_on") or any(
                e.data.get("consult") == consultation for e in served
            ):
                raise ConflictError("consultation", consultation, "送达日期已记录")
            day = self._day(record, on, "on")
            data = {"consult": consultation, "days": started[0].data.get("days", 15)}
            data |= self._served(record, started[0].on, day, service)
            self._event(conn, record, EventKind.CONSULT_SERVED, day, actor, data)
            return rec.get_application(conn, record.id)

    def answer_consultation(
        self,
        key: int | str,
        actor: str,
        consultation: int,
        *,
        opinion: str,
        agrees: bool | None = None,
        on: date | None = None,
    ) -> ApplicationRecord:
        """The consulted party answered: the pause ends on ``on`` (at most its 15 days)."""
        with self.app.action(actor) as conn:
            self._require(conn, actor, self.settings.handler_roles, "record an answer")
            record = rec.get_application(conn, key)
            self._open(record, "record an answer")
            started = [
                e for e in record.events_of(EventKind.CONSULT_STARTED) if e.id == consultation
            ]
            if not started:
                raise NotFoundError("consultation", consultation)
            answered = record.events_of(EventKind.CONSULT_ANSWERED)
            if any(e.data.get("consult") == consultation for e in answered):
                raise ConflictError("consultation", consultation, "already answered")
            day = self._day(record, on)
            data = {"consult": consultation, "opinion": opinion.strip(), "agrees": agrees}
            self._event(conn, record, EventKind.CONSULT_ANSWERED, day, actor, data)
            return rec.get_application(conn, record.id)

    def extend(
        self,
        key: int | str,
        actor: str,
        *,
        days: int,
        reason: str,
        on: date | None = None,
        notified_on: date | None = None,
    ) -> ApplicationRecord:
        """One extension of at most 20 working days, by the extension role, told to the
        applicant (Art. 33)."""
        with self.app.action(actor) as conn:
            name = self._require(
                conn, actor, [self.settings.extension_role], "approve an extension"
            )
            record = rec.get_application(conn, key)
            self._open(record, "extend")
            if record.events_of(EventKind.EXTENDED):
                raise SecondExtensionError(record.number)
            limit = self.settings.max_extension_days
            if isinstance(days, bool) or not 1 <= days <= limit:
                raise InvalidInputError(
                    "days",
                    f"条例第三十三条：延长1至{limit}个工作日 (1 to {limit} working days)",
                    days,
                )
            if not reason.strip():
                raise InvalidInputError(
                    "reason", "请写明延期理由，将告知申请人 (the reason is told)"
                )
            day = self._day(record, on)
            report = self._within_period(record, day, "延期")
            told = notified_on or day
            if told < day:
                raise InvalidInputError(
                    "notified_on", "告知日期不能早于批准日期 (before the approval)", str(told)
                )
            if report.due is not None and told > report.due:
                raise InvalidInputError(
                    "notified_on",
                    f"条例第三十三条：延期须在答复期限（{report.due}）届满前告知申请人，"
                    "期限届满后告知的延期无效",
                    str(told),
                )
            data = {
                "days": days,
                "reason": reason.strip(),
                "approver_name": name,
                "notified_on": told.isoformat(),
            }
            self._event(conn, record, EventKind.EXTENDED, day, actor, data)
            return rec.get_application(conn, record.id)
