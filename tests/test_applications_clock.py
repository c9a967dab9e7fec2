"""The statutory clock across real holidays and 调休; every expected date is counted by hand.

Calendar facts used (国务院办公厅 holiday notices): 2025 National Day + Mid-Autumn: 1-8 October
off, Sunday 28 September and Saturday 11 October worked. 2026: Spring Festival 15-23 February
off, Saturdays 14 and 28 February worked; 清明 4-6 April off; Labour Day 1-5 May off, Saturday
9 May worked. Counting starts the day after the event.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gov_disclosure.applications import ApplicationService, ClockStatus, deadline
from gov_disclosure.applications.errors import SecondExtensionError, SecondSupplementError
from gov_disclosure.errors import CalendarNotCoveredError, InvalidInputError, PermissionDeniedError
from gov_disclosure.workdays import CHINA_TZ, WorkdayCalendar
from testsupport.applications import application_form


@pytest.fixture
def service(app, clock) -> ApplicationService:  # type: ignore[no-untyped-def]
    clock.at = datetime(2026, 11, 30, 9, 0, tzinfo=CHINA_TZ)
    return ApplicationService(app)


def test_received_before_national_day_2025(service: ApplicationService) -> None:
    record = service.new(application_form("2025-09-26"), "clerk")
    report = service.deadline(record.id, today=date(2025, 10, 9))
    # 9-28 (Sun, worked) 1, 9-29 2, 9-30 3, [10-1..10-8 off], 10-9 4, 10-10 5, 10-11 (Sat,
    # worked) 6, 10-13..17 7-11, 10-20..24 12-16, 10-27 17, 10-28 18, 10-29 19, 10-30 20
    assert report.due == date(2025, 10, 30)
    # left after 10-9: 10-10, 10-11, 10-13..17, 10-20..24, 10-27..30 = 2 + 5 + 5 + 4
    assert report.days_left == 16
    assert report.status is ClockStatus.RUNNING
    assert not report.provisional
    kinds = {d.day: d.kind.value for d in report.notable_days}
    assert kinds[date(2025, 9, 28)] == "makeup workday"
    assert kinds[date(2025, 10, 8)] == "holiday"
    assert "2025-10-30" in report.explain()


def test_received_just_before_spring_festival_2026(service: ApplicationService) -> None:
    record = service.new(application_form("2026-02-12"), "clerk")
    report = service.deadline(record.id, today=date(2026, 2, 12))
    # 2-13 1, 2-14 (Sat, worked) 2, [2-15..2-23 off], 2-24..27 3-6, 2-28 (Sat, worked) 7,
    # 3-2..6 8-12, 3-9..13 13-17, 3-16 18, 3-17 19, 3-18 20
    assert report.due == date(2026, 3, 18)
    assert report.days_left == 20


def test_late_reply_is_counted_in_working_days(service: ApplicationService) -> None:
    record = service.new(application_form("2025-09-26"), "clerk")
    record = service.reply(record.id, "chief", type="予以公开", on=date(2025, 11, 3))
    report = service.deadline(record.id)
    # due 10-30; 10-31 (Fri) and 11-3 (Mon) are past it
    assert report.status is ClockStatus.CLOSED
    assert report.late_by == 2


def test_supplement_notice_window_is_seven_working_days(service: ApplicationService) -> None:
    record = service.new(application_form("2026-02-12"), "clerk")
    # 7 working days after 2-12: 2-13, 2-14 (Sat worked), 2-24, 2-25, 2-26, 2-27, 2-28 (Sat
    # worked) -> the last day for the notice is Saturday 2026-02-28; Monday 3-2 is too late
    with pytest.raises(InvalidInputError) as err:
        service.request_supplement(record.id, "clerk", items="请写明文件名称", on=date(2026, 3, 2))
    assert err.value.field == "on" and "2026-02-28" in err.value.rule
    assert len(service.get(record.id).events) == 1
    service.request_supplement(record.id, "clerk", items="请写明文件名称", on=date(2026, 2, 28))
    report = service.deadline(record.id, today=date(2026, 3, 5))
    # applicant's 15 working days from 2-28: 3-2..6 1-5, 3-9..13 6-10, 3-16..20 11-15
    assert report.status is ClockStatus.AWAITING_SUPPLEMENT
    assert report.due is None and report.waiting_until == date(2026, 3, 20)


def test_supplement_restarts_the_clock(service: ApplicationService) -> None:
    record = service.new(application_form("2026-02-12"), "clerk")
    service.request_supplement(record.id, "clerk", items="请写明文件名称", on=date(2026, 2, 24))
    with pytest.raises(SecondSupplementError):
        service.request_supplement(record.id, "clerk", items="再补充", on=date(2026, 2, 25))
    service.supplement_received(record.id, "clerk", on=date(2026, 3, 10))
    report = service.deadline(record.id, today=date(2026, 3, 10))
    # from 3-10: 3-11 1, 3-12 2, 3-13 3, 3-16..20 4-8, 3-23..27 9-13, 3-30 14, 3-31 15,
    # 4-1 16, 4-2 17, 4-3 18, [4-4..4-6 清明 off], 4-7 19, 4-8 20
    assert report.due == date(2026, 4, 8)
    assert report.clock_start == date(2026, 3, 10)
    assert [s.event for s in report.steps] == ["收到申请", "补正通知", "收到补正"]
    assert report.steps[1].due is None


def test_supplement_lapsed_closes_as_abandoned(service: ApplicationService) -> None:
    record = service.new(application_form("2026-02-12"), "clerk")
    service.request_supplement(record.id, "clerk", items="请写明文件名称", on=date(2026, 2, 28))
    # the applicant's period ends 2026-03-20 (see above): on that day it has not lapsed
    with pytest.raises(Exception) as err:
        service.abandon(record.id, "clerk", on=date(2026, 3, 20))
    assert "close as abandoned" in str(err.value)
    with pytest.raises(InvalidInputError):
        service.supplement_received(record.id, "clerk", on=date(2026, 3, 23))
    closed = service.abandon(record.id, "clerk", on=date(2026, 3, 23))
    assert closed.report_row()[1:] == (
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    )


def test_third_party_answer_pauses_the_clock(service: ApplicationService) -> None:
    record = service.new(application_form("2025-09-26"), "clerk")
    cid = service.start_consultation(
        record.id, "clerk", party="third_party", name="某建筑公司", on=date(2025, 10, 9)
    )
    service.answer_consultation(record.id, "clerk", cid, opinion="不同意", on=date(2025, 10, 14))
    report = service.deadline(record.id, today=date(2025, 10, 15))
    # not counted: 10-10, 10-11 (Sat worked), 10-13, 10-14 = 4; due 10-30 + 4:
    # 10-31 1, 11-3 2, 11-4 3, 11-5 4
    assert report.paused_days == 4
    assert report.due == date(2025, 11, 5)
    assert "4个工作日（2025-10-10至2025-10-14）" in report.steps[-1].effect


def test_open_consultation_counts_up_to_today(service: ApplicationService) -> None:
    record = service.new(application_form("2025-09-26"), "clerk")
    service.start_consultation(
        record.id,
        "clerk",
        party="third_party",
        name="某建筑公司",
        on=date(2025, 10, 9),
        service="当面送达",  # handed over: received the same day
    )
    report = service.deadline(record.id, today=date(2025, 10, 20))
    # paused so far: 10-10, 10-11, 10-13..17, 10-20 = 8; due 10-30 + 8:
    # 10-31 1, 11-3..7 2-6, 11-10 7, 11-11 8
    assert report.status is ClockStatus.PAUSED
    assert report.due == date(2025, 11, 11)
    # the third party's 15 working days: 10-10 1, 10-11 2, 10-13..17 3-7, 10-20..24 8-12,
    # 10-27 13, 10-28 14, 10-29 15
    assert report.waiting_until == date(2025, 10, 29)


def test_silent_third_party_pauses_at_most_fifteen_days(service: ApplicationService) -> None:
    record = service.new(application_form("2025-09-26"), "clerk")
    service.start_consultation(
        record.id,
        "clerk",
        party="third_party",
        name="某建筑公司",
        on=date(2025, 10, 9),
        served_on=date(2025, 10, 9),
    )
    report = service.deadline(record.id, today=date(2025, 11, 10))
    # 15 days not counted; due 10-30 + 15: 10-31 1, 11-3..7 2-6, 11-10..14 7-11,
    # 11-17 12, 11-18 13, 11-19 14, 11-20 15
    assert report.status is ClockStatus.RUNNING
    assert report.paused_days == 15
    assert report.due == date(2025, 11, 20)


def test_overlapping_consultations_count_once(service: ApplicationService) -> None:
    record = service.new(application_form("2025-09-26"), "clerk")
    a = service.start_consultation(
        record.id, "clerk", party="third_party", name="某建筑公司", on=date(2025, 10, 9)
    )
    b = service.start_consultation(
        record.id, "clerk", party="other_body", name="县住建局", on=date(2025, 10, 13)
    )
    service.answer_consultation(record.id, "clerk", a, opinion="同意", on=date(2025, 10, 14))
    service.answer_consultation(record.id, "clerk", b, opinion="同意", on=date(2025, 10, 16))
    report = service.deadline(record.id, today=date(2025, 10, 16))
    # union 10-10..10-16: 10-10, 10-11, 10-13, 10-14, 10-15, 10-16 = 6; due 10-30 + 6:
    # 10-31 1, 11-3 2, 11-4 3, 11-5 4, 11-6 5, 11-7 6
    assert report.paused_days == 6
    assert report.due == date(2025, 11, 7)


def test_one_extension_by_the_extension_role(app, service: ApplicationService) -> None:  # type: ignore[no-untyped-def]
    record = service.new(application_form("2026-02-12"), "clerk")
    with pytest.raises(PermissionDeniedError):
        service.extend(record.id, "clerk", days=20, reason="需要检索档案", on=date(2026, 3, 16))
    with pytest.raises(InvalidInputError):
        service.extend(record.id, "mayor", days=21, reason="需要检索档案", on=date(2026, 3, 16))
    with pytest.raises(InvalidInputError):  # due 3-18 has passed
        service.extend(record.id, "mayor", days=5, reason="需要检索档案", on=date(2026, 3, 19))
    service.extend(record.id, "mayor", days=20, reason="需要检索档案", on=date(2026, 3, 16))
    report = service.deadline(record.id, today=date(2026, 3, 16))
    # 3-18 + 20: 3-19 1, 3-20 2, 3-23..27 3-7, 3-30 8, 3-31 9, 4-1 10, 4-2 11, 4-3 12,
    # [清明], 4-7 13, 4-8 14, 4-9 15, 4-10 16, 4-13 17, 4-14 18, 4-15 19, 4-16 20
    assert report.due == date(2026, 4, 16)
    assert report.counted_days == 40
    with pytest.raises(SecondExtensionError):
        service.extend(record.id, "mayor", days=1, reason="再延", on=date(2026, 3, 17))
    from gov_disclosure import audit

    with app.store.engine.connect() as conn:
        refused = [e for e in audit.entries(conn, limit=50) if e.action == "refused"]
    assert refused and refused[0].actor == "clerk"


def test_fee_period_pauses_the_clock(service: ApplicationService) -> None:
    record = service.new(application_form("2026-04-20"), "clerk")
    # due: 4-21..24 1-4, 4-27..30 5-8, [5-1..5-5 off], 5-6 9, 5-7 10, 5-8 11, 5-9 (Sat
    # worked) 12, 5-11..15 13-17, 5-18 18, 5-19 19, 5-20 20
    assert service.deadline(record.id, today=date(2026, 4, 20)).due == date(2026, 5, 20)
    quote = service.fee_notice(
        record.id, "clerk", method="pages", pages=250, on=date(2026, 4, 22), service="当面送达"
    )
    assert quote.total == 700 + 2000 + 2000
    paused = service.deadline(record.id, today=date(2026, 4, 24))
    # pay within 20 working days from 4-23: 4-23 1, 4-24 2, 4-27..30 3-6, 5-6 7, 5-7 8,
    # 5-8 9, 5-9 10, 5-11..15 11-15, 5-18..22 16-20
    assert paused.status is ClockStatus.PAUSED and paused.waiting_until == date(2026, 5, 22)
    service.fee_paid(record.id, "clerk", on=date(2026, 4, 29))
    report = service.deadline(record.id, today=date(2026, 4, 29))
    # not counted: 4-23, 4-24, 4-27, 4-28, 4-29 = 5; 5-20 + 5: 5-21 1, 5-22 2, 5-25..27 3-5
    assert report.paused_days == 5
    assert report.due == date(2026, 5, 27)


def test_unpaid_fee_closes_the_application(service: ApplicationService) -> None:
    record = service.new(application_form("2026-04-20"), "clerk")
    service.fee_notice(
        record.id, "clerk", method="pages", pages=31, on=date(2026, 4, 22), service="当面送达"
    )
    with pytest.raises(Exception) as err:  # 5-22 is the last day to pay
        service.close_unpaid(record.id, "clerk", on=date(2026, 5, 22))
    assert "close as unpaid" in str(err.value)
    assert service.deadline(record.id, today=date(2026, 5, 25)).status is ClockStatus.FEE_LAPSED
    with pytest.raises(InvalidInputError):
        service.fee_paid(record.id, "clerk", on=date(2026, 5, 25))
    closed = service.close_lapsed("clerk", today=date(2026, 5, 25))
    assert closed == [record.number]
    assert service.get(record.id).report_row()[2].startswith("2.申请人逾期未按收费通知")


def test_provisional_calendar_data_says_so(service: ApplicationService, clock) -> None:  # type: ignore[no-untyped-def]
    clock.at = datetime(2026, 12, 10, 9, 0, tzinfo=CHINA_TZ)
    record = service.new(application_form("2026-12-10"), "clerk")
    with pytest.raises(CalendarNotCoveredError):  # a calendar that refuses provisional dates
        deadline(record, WorkdayCalendar(provisional=False), date(2026, 12, 10))
    report = service.deadline(record.id, today=date(2026, 12, 10))
    # 12-11 1, 12-14..18 2-6, 12-21..25 7-11, 12-28..31 12-15, [2027-01-01 元旦], 1-4..8 16-20
    assert report.due == date(2027, 1, 8)
    assert report.provisional and report.provisional_years == (2027,)
    assert "暂定" in report.explain()
