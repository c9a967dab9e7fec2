"""The statutory clock of an application, computed from its events alone.

Rules (条例 Arts 30-33, 国办函〔2020〕109号), all in working days on :class:`WorkdayCalendar`,
every period starting the day after its event:

- the reply is due 20 working days after receipt (Art. 33);
- a 补正 notice stops the clock; it restarts from the day the completed application arrives
  (Art. 30); while the applicant is asked to complete it there is no due date;
- a consultation (a third party, Art. 32, or another body, Arts 33-34) pauses the clock: the
  working days after it starts up to and including the day the answer arrives are not
  counted, at most the 15 working days the consulted party has, which run from the day after
  it *received* the letter (until then the pause has no end); overlapping pauses count once;
- the fee period pauses it the same way, from the day after the notice to the day of payment,
  at most the 20 working days allowed for paying, which run from the day after the applicant
  *received* the notice (post: the day signed for);
- one extension adds at most 20 working days.

A pause still open counts up to ``today``, so the due date shown is the earliest the office
may face. Each event becomes a :class:`ClockStep` saying what it did ("show how the date was
reached"); dates resting on provisional calendar data say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from ..workdays import DayInfo, DayKind, WorkdayCalendar

if TYPE_CHECKING:
    from .models import ApplicationEvent, ApplicationRecord


class ClockStatus(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    SUPPLEMENT_LAPSED = "supplement_lapsed"
    FEE_LAPSED = "fee_lapsed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "running": "计时中",
            "paused": "暂停计时",
            "awaiting_supplement": "待补正（中止计时）",
            "supplement_lapsed": "补正期限已过，可按放弃申请处理",
            "fee_lapsed": "缴费期限已过，可终止处理",
            "closed": "已办结",
        }[self.value]


@dataclass(frozen=True)
class ClockStep:
    """One event and what it did to the clock; ``due`` is the due date right after it."""

    on: date
    event: str
    effect: str
    due: date | None


@dataclass(frozen=True)
class DeadlineReport:
    """The answer to "when is the reply due, and why"."""

    status: ClockStatus
    received_on: date
    clock_start: date
    due: date | None
    days_left: int | None
    counted_days: int
    paused_days: int
    provisional: bool
    provisional_years: tuple[int, ...]
    steps: tuple[ClockStep, ...]
    notable_days: tuple[DayInfo, ...] = ()
    waiting_until: date | None = None
    closed_on: date | None = None
    late_by: int | None = None

    @property
    def late(self) -> bool:
        return (self.late_by or 0) > 0 or (self.days_left is not None and self.days_left < 0)

    @property
    def due_text(self) -> str:
        """``2027-01-05``, ``2027-01-05（暂定）`` or ``—`` when the clock is stopped."""
        if self.due is None:
            return "—"
        return self.due.isoformat() + ("（暂定）" if self.provisional else "")

    def explain(self) -> str:
        """The steps and result as lines of text (Chinese, as an office reads them)."""
        lines = [
            f"{s.on.isoformat()} {s.event}：{s.effect}" + (f" → 期限{s.due}" if s.due else "")
            for s in self.steps
        ]
        if self.notable_days:
            days = "，".join(_day_notes(self.notable_days))
            lines.append(f"期间节假日与调休：{days}")
        if self.due is not None:
            head = f"答复期限：{self.due_text}（计{self.counted_days}个工作日"
            head += f"，不计入{self.paused_days}个工作日）" if self.paused_days else "）"
            lines.append(head)
        if self.provisional:
            years = "、".join(str(y) for y in self.provisional_years)
            lines.append(f"注意：{years}年尚无官方放假安排，期限为暂定，可能变动")
        if self.status is ClockStatus.CLOSED:
            late = f"，超期{self.late_by}个工作日" if self.late_by else ""
            lines.append(f"状态：已于{self.closed_on}办结{late}")
        elif self.days_left is not None:
            word = f"剩余{self.days_left}" if self.days_left >= 0 else f"已超期{-self.days_left}"
            pending = self.status is ClockStatus.PAUSED and self.waiting_until is None
            note = "（通知或征求意见函待记录送达日期）" if pending else ""
            lines.append(f"状态：{self.status.label}，{word}个工作日{note}")
        else:
            until = f"期限至{self.waiting_until}" if self.waiting_until else "待记录送达日期"
            lines.append(f"状态：{self.status.label}（{until}）")
        return "\n".join(lines)


def _day_notes(days: tuple[DayInfo, ...]) -> list[str]:
    """Runs of consecutive days of one kind: ``10月1日至10月8日节假日（国庆节、中秋）``."""
    runs: list[list[DayInfo]] = []
    for info in days:
        last = runs[-1][-1] if runs else None
        if last and last.kind is info.kind and (info.day - last.day).days == 1:
            runs[-1].append(info)
        else:
            runs.append([info])
    notes = []
    for run in runs:
        first, end = run[0].day, run[-1].day
        span = f"{first.month}月{first.day}日"
        if end != first:
            span += f"至{end.month}月{end.day}日"
        names = "、".join(dict.fromkeys(d.name for d in run if d.name))
        notes.append(f"{span}{run[0].kind.label}" + (f"（{names}）" if names else ""))
    return notes


@dataclass
class _Pause:
    """A pause of the clock; ``limit`` is None until the letter or notice has been served."""

    key: int
    start: date
    limit: date | None
    end: date | None = None

    def end_as_of(self, day: date) -> date:
        stop = self.end if self.end is not None and self.end <= day else day
        return stop if self.limit is None else min(stop, self.limit)

    def lapsed(self, day: date) -> bool:
        return self.limit is not None and day > self.limit


@dataclass
class _State:
    calendar: WorkdayCalendar
    clock_start: date
    base_days: int
    extension: int = 0
    awaiting_until: date | None = None
    fee: _Pause | None = None
    pauses: list[_Pause] = field(default_factory=list)

    def paused_days(self, as_of: date) -> int:
        """Working days inside the union of the pauses (as of ``as_of``) after the start."""
        spans = sorted(
            (max(p.start, self.clock_start), p.end_as_of(as_of))
            for p in [*self.pauses, *([self.fee] if self.fee else [])]
        )
        total, cur_start, cur_end = 0, None, None
        for start, end in spans:
            if end <= start:
                continue
            if cur_end is not None and start <= cur_end:
                cur_end = max(cur_end, end)
                continue
            if cur_start is not None and cur_end is not None:
                total += self.calendar.workdays_between(cur_start, cur_end)
            cur_start, cur_end = start, end
        if cur_start is not None and cur_end is not None:
            total += self.calendar.workdays_between(cur_start, cur_end)
        return total

    def counted(self) -> int:
        return self.base_days + self.extension

    def due(self, as_of: date) -> date | None:
        if self.awaiting_until is not None:
            return None
        return self.calendar.add_workdays(
            self.clock_start, self.counted() + self.paused_days(as_of)
        )


def _days(event: ApplicationEvent, default: int) -> int:
    return int(event.data.get("days", default))


def _span(cal: WorkdayCalendar, start: date, end: date) -> str:
    n = cal.workdays_between(start, end)
    if n <= 0:
        return "0个工作日不计入"
    first = cal.add_workdays(start, 1)
    span = first.isoformat() if first == end else f"{first.isoformat()}至{end.isoformat()}"
    return f"{n}个工作日（{span}）不计入答复期限"


def _apply(st: _State, e: ApplicationEvent, closed: list[date]) -> str:
    """Update the state for one event and say what it did."""
    cal, kind = st.calendar, e.kind.value
    if kind == "supplement_requested":
        days = _days(e, 15)
        st.awaiting_until = cal.add_workdays(e.on, days)
        return (
            f"答复期限中止，申请人应在{st.awaiting_until.isoformat()}前补正（{days}个工作日）；"
            "收到补正后的申请之日起重新计算"
        )
    if kind == "supplement_received":
        st.clock_start, st.awaiting_until = e.on, None
        return f"收到补正后的申请，自次日起重新计算{st.base_days}个工作日"
    if kind in ("consult_started", "fee_notified"):
        days = _days(e, 15 if kind == "consult_started" else 20)
        served = e.data.get("served_on")
        limit = cal.add_workdays(date.fromisoformat(served), days) if served else None
        pause = _Pause(e.id, e.on, limit)
        by = f"应在{limit.isoformat()}前" if limit else f"送达次日起{days}个工作日内"
        if kind == "fee_notified":
            st.fee = pause
            amount = e.data.get("amount", "")
            return f"收费通知{amount}元，缴费期间不计入答复期限（{by}缴纳）"
        st.pauses.append(pause)
        party = e.data.get("party_label", "第三方")
        name = e.data.get("name", "")
        return f"征求{party}{name}意见，期间不计入答复期限（{by}答复，{days}个工作日）"
    if kind in ("consult_served", "fee_served"):
        if kind == "fee_served":
            pause, days = st.fee, 20
        else:
            pause = next((p for p in st.pauses if p.key == e.data.get("consult")), None)
            days = 15
        if pause is None:
            return "（无对应的通知）"
        days = int(e.data.get("days", days))
        pause.limit = cal.add_workdays(e.on, days)
        how = e.data.get("service", "")
        return f"{how}送达，自次日起{days}个工作日，至{pause.limit.isoformat()}"
    if kind in ("consult_answered", "fee_paid"):
        if kind == "fee_paid":
            pause = st.fee
        else:
            pause = next((p for p in st.pauses if p.key == e.data.get("consult")), None)
        if pause is None:
            return "（无对应的暂停）"
        pause.end = e.on
        used = pause.end_as_of(e.on)
        note = "，超过答复时限的部分照常计算" if pause.lapsed(e.on) else ""
        return _span(cal, pause.start, used) + note
    if kind == "extended":
        days = _days(e, 0)
        st.extension += days
        by, told = e.data.get("approver_name", e.actor), e.data.get("notified_on", e.on)
        return f"经{by}批准延长答复期限{days}个工作日，已于{told}告知申请人"
    closed.append(e.on)
    if kind == "replied":
        return f"作出答复（{e.data.get('type', '')}），办结"
    if kind == "abandoned":
        return "申请人逾期未补正，视为放弃申请，办结"
    return "申请人逾期未缴费，不再处理，办结"


def deadline(record: ApplicationRecord, calendar: WorkdayCalendar, today: date) -> DeadlineReport:
    """Due date, working days left (negative: late) and the events that moved it."""
    events = sorted(record.events, key=lambda e: (e.on, e.id))
    received = events[0]
    st = _State(calendar, received.on, _days(received, 20))
    first_due = calendar.add_workdays(received.on, st.base_days)
    steps = [
        ClockStep(
            received.on,
            received.kind.label,
            f"以{record.arrival.receipt_rule}（{record.arrival.route.value}）为收到日期，"
            f"自次日起计算{st.base_days}个工作日",
            first_due,
        )
    ]
    closed: list[date] = []
    for e in events[1:]:
        effect = _apply(st, e, closed)
        steps.append(ClockStep(e.on, e.kind.label, effect, st.due(e.on)))
    closed_on = closed[0] if closed else None
    as_of = closed_on or today
    due = st.due(as_of)
    counted = st.counted()
    paused = 0 if due is None else st.paused_days(as_of)
    status, waiting = _status(st, as_of, closed_on)
    days_left = late_by = None
    provisional, years, notable = False, (), ()
    if due is not None:
        d = calendar.deadline(st.clock_start, counted + paused)
        provisional, years = d.provisional, d.provisional_years
        notable = tuple(
            info
            for info in calendar.explain(st.clock_start, counted + paused)
            if info.kind is not DayKind.WEEKEND
        )
        if closed_on is None:
            days_left = calendar.workdays_left(today, due)
        elif closed_on > due:
            late_by = -calendar.workdays_left(closed_on, due)
    return DeadlineReport(
        status=status,
        received_on=received.on,
        clock_start=st.clock_start,
        due=due,
        days_left=days_left,
        counted_days=counted,
        paused_days=paused,
        provisional=provisional,
        provisional_years=years,
        steps=tuple(steps),
        notable_days=notable,
        waiting_until=waiting,
        closed_on=closed_on,
        late_by=late_by,
    )


def _status(st: _State, as_of: date, closed_on: date | None) -> tuple[ClockStatus, date | None]:
    if closed_on is not None:
        return ClockStatus.CLOSED, None
    if st.awaiting_until is not None:
        lapsed = as_of > st.awaiting_until
        status = ClockStatus.SUPPLEMENT_LAPSED if lapsed else ClockStatus.AWAITING_SUPPLEMENT
        return status, st.awaiting_until
    if st.fee is not None and st.fee.end is None:
        if st.fee.lapsed(as_of):
            return ClockStatus.FEE_LAPSED, st.fee.limit
        return ClockStatus.PAUSED, st.fee.limit
    open_consults = [p for p in st.pauses if p.end is None and not p.lapsed(as_of)]
    if open_consults:
        limits = [p.limit for p in open_consults if p.limit is not None]
        return ClockStatus.PAUSED, max(limits) if len(limits) == len(open_consults) else None
    return ClockStatus.RUNNING, None
