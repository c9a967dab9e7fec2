"""The statutory rules of the clock, one test each (条例; 国办函〔2020〕109号; 民法典 Arts 201-203).

Worked examples use 2025-2026 official data (chinesecalendar).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from gov_disclosure.applications import ApplicationService, ClockStatus
from gov_disclosure.applications.letters import environment, plan_letters, render_text
from gov_disclosure.applications.settings import settings_from_config
from gov_disclosure.errors import ConfigError, InvalidInputError
from gov_disclosure.models import NoticePeriod
from gov_disclosure.reports import build_report, parse_supplement
from gov_disclosure.reports.render_json import report_dict
from gov_disclosure.schedules import notice_end
from gov_disclosure.supervision import compute_obligations
from gov_disclosure.supervision.scorecard import build_scorecard
from gov_disclosure.workdays import CHINA_TZ, default_calendar
from testsupport.applications import application_form
from testsupport.samples import make_edition

CAL = default_calendar()


@pytest.fixture
def service(app) -> ApplicationService:  # type: ignore[no-untyped-def]
    return ApplicationService(app)


def _at(clock, day: date) -> None:  # type: ignore[no-untyped-def]
    clock.at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA_TZ)


def test_fee_period_runs_from_the_day_after_the_notice_is_received(service, clock) -> None:  # type: ignore[no-untyped-def]
    _at(clock, date(2026, 6, 30))
    record = service.new(application_form("2026-04-20"), "clerk")
    # posted on 4-22, signed for by the applicant on 4-28
    service.fee_notice(
        record.id, "clerk", method="pages", pages=31, on=date(2026, 4, 22), service="邮寄签收"
    )
    waiting = service.deadline(record.id, today=date(2026, 4, 27))
    assert waiting.status is ClockStatus.PAUSED and waiting.waiting_until is None
    assert "待记录送达日期" in waiting.explain()
    service.fee_served(record.id, "clerk", on=date(2026, 4, 28))
    pay_by = CAL.add_workdays(date(2026, 4, 28), 20)
    assert pay_by == date(2026, 5, 28) and CAL.add_workdays(date(2026, 4, 22), 20) < pay_by
    report = service.deadline(record.id, today=date(2026, 5, 26))
    assert report.status is ClockStatus.PAUSED and report.waiting_until == pay_by
    # paying on 5-26 is in time (counted from the notice's date it would have been late)
    service.fee_paid(record.id, "clerk", on=date(2026, 5, 26))
    with pytest.raises(InvalidInputError):  # a service date before the notice was sent
        other = service.new(application_form("2026-04-20", "名单二"), "clerk")
        service.fee_notice(
            other.id, "clerk", method="pages", pages=31, on=date(2026, 4, 22),
            served_on=date(2026, 4, 21),
        )  # fmt: skip


def test_fee_letter_gives_a_date_only_once_served(service, clock) -> None:  # type: ignore[no-untyped-def]
    _at(clock, date(2026, 6, 30))
    record = service.new(application_form("2026-04-20"), "clerk")
    service.fee_notice(record.id, "clerk", method="pages", pages=31, on=date(2026, 4, 22))
    stored = service.get(record.id)
    [fee] = plan_letters(stored, CAL, service.settings)
    base = {"number": stored.number, "applicant": stored.applicant, "request": stored.request,
            "received_on": stored.received_on,
            "org": service.app.config.organization.model_dump()}  # fmt: skip
    text = render_text(environment(), fee.template, base | fee.context)
    assert "请您自收到本通知次日起二十个工作日内缴纳" in text
    service.fee_served(record.id, "clerk", on=date(2026, 4, 28))
    [served] = plan_letters(service.get(record.id), CAL, service.settings)
    assert served.context["pay_by"] == "2026-05-28"


def test_third_party_period_runs_from_its_receipt_of_the_letter(service, clock) -> None:  # type: ignore[no-untyped-def]
    _at(clock, date(2025, 12, 31))
    record = service.new(application_form("2025-09-26"), "clerk")
    cid = service.start_consultation(
        record.id, "clerk", party="third_party", name="某建筑公司", on=date(2025, 10, 9)
    )
    assert service.deadline(record.id, today=date(2025, 10, 15)).waiting_until is None
    service.consultation_served(record.id, "clerk", cid, on=date(2025, 10, 16))
    limit = CAL.add_workdays(date(2025, 10, 16), 15)
    assert limit == date(2025, 11, 6) != CAL.add_workdays(date(2025, 10, 9), 15)
    report = service.deadline(record.id, today=date(2025, 11, 10))
    # silent: the pause runs from 10-10 to the party's last day, 11-6
    assert report.status is ClockStatus.RUNNING
    assert report.paused_days == CAL.workdays_between(date(2025, 10, 9), limit)
    assert report.due == CAL.add_workdays(date(2025, 9, 26), 20 + report.paused_days)
    letters = plan_letters(service.get(record.id), CAL, service.settings)
    assert letters[0].context["answer_by"] is None  # sent by post: no date in the letter


def test_lateness_is_counted_the_same_everywhere_on_holidays_too(app, service, clock) -> None:  # type: ignore[no-untyped-def]
    from gov_disclosure.cli.apply_cmd import _left

    _at(clock, date(2026, 10, 3))  # 国庆节, a holiday
    record = service.new(application_form("2026-09-01"), "clerk")
    replied = service.new(application_form("2026-09-01", "名单二"), "clerk")
    service.reply(replied.id, "chief", type="予以公开", on=date(2026, 10, 3))
    due = date(2026, 9, 29)  # 20 working days: 9-20 (Sun) worked, 9-25 中秋 off
    assert service.deadline(record.id).due == due
    # one working day (9-30) has passed since the due date, on 10-1, 10-3 and 10-5 alike
    for day in (date(2026, 10, 1), date(2026, 10, 3), date(2026, 10, 5)):
        assert service.deadline(record.id, today=day).days_left == -1
    assert service.deadline(replied.id).late_by == 1
    owed = [o for o in compute_obligations(app) if o.subject == record.number]
    assert [o.workdays_left for o in owed] == [-1]
    card = build_scorecard(app, date(2026, 1, 1), date(2026, 12, 31), today=date(2026, 10, 3))
    [office] = card.units
    assert (office.applications_closed, office.applications_on_time) == (1, 0)
    # what apply list and apply show print
    late = service.deadline(record.id)
    assert _left(late) == "超期1" and "已超期1个工作日" in late.explain()


def test_an_extension_told_after_the_period_ended_is_refused(service, clock) -> None:  # type: ignore[no-untyped-def]
    _at(clock, date(2026, 3, 31))
    record = service.new(application_form("2026-02-12"), "clerk")  # due 2026-03-18
    with pytest.raises(InvalidInputError) as caught:
        service.extend(
            record.id, "mayor", days=10, reason="需要检索档案", on=date(2026, 3, 16),
            notified_on=date(2026, 3, 19),
        )  # fmt: skip
    assert caught.value.field == "notified_on" and "届满前告知" in str(caught.value)
    service.extend(
        record.id, "mayor", days=10, reason="需要检索档案", on=date(2026, 3, 16),
        notified_on=date(2026, 3, 18),
    )  # fmt: skip
    assert service.deadline(record.id).counted_days == 30


@pytest.mark.parametrize(
    ("key", "limit"),
    [
        ("reply_days", 20),
        ("max_extension_days", 20),
        ("consult_days", 15),
        ("supplement_notice_days", 7),
        ("fee_days", 20),
    ],
)
def test_statutory_periods_may_be_shorter_never_longer(key: str, limit: int) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_config({key: limit + 1}, Path("."))
    assert f"applications.{key}" in str(caught.value) and "不能更长" in str(caught.value)
    assert getattr(settings_from_config({key: limit - 1}, Path(".")), key) == limit - 1


def test_notice_period_counts_from_the_day_after_publication() -> None:
    from gov_disclosure_bulletin.channel import notice_sheet
    from gov_disclosure_kiosk.records import item_record

    end = notice_end(date(2026, 3, 5), NoticePeriod(days=7))
    assert end == date(2026, 3, 12)
    edition = make_edition(
        notice_period=NoticePeriod(days=7), notice_ends_on=end, published_on=date(2026, 3, 5)
    )
    assert edition.notice_starts_on == date(2026, 3, 6)
    sheet = notice_sheet(edition)
    assert sheet.period_line() == "公示期：2026年3月6日至2026年3月12日（7日）。"
    record = item_record(edition, "https://example.org/x.html", "")
    assert (record["notice"]["starts_on"], record["notice"]["ends_on"]) == (
        "2026-03-06",
        "2026-03-12",
    )
    page = Path(__file__).parents[1] / "plugins/website/gov_disclosure_website/templates/item.html"
    assert "e.notice_starts_on.isoformat()" in page.read_text(encoding="utf-8")


def test_annual_report_deadlines_are_obligations_and_an_early_report_is_unfinished(
    app, clock
) -> None:  # type: ignore[no-untyped-def]
    app.config.notify["since"] = date(2026, 1, 1)
    _at(clock, date(2026, 12, 7))
    owed = [o for o in compute_obligations(app) if o.kind.value == "annual_report"]
    assert [(o.subject, o.due) for o in owed] == [("2025", date(2026, 1, 31))] or [
        (o.subject, o.due) for o in owed
    ] == [("2025", date(2026, 1, 31)), ("2026", date(2027, 1, 31))]
    assert all("条例第四十九条" in o.why for o in owed)
    texts = {"总体情况": "略", "存在的主要问题及改进情况": "略"}
    early = build_report(app, 2026, parse_supplement({"year": 2026, "文字": texts}))
    assert early.unfinished and early.title.endswith("（未完结）")
    assert report_dict(early)["status"] == "未完结"
    _at(clock, date(2027, 1, 5))
    final = build_report(app, 2026, parse_supplement({"year": 2026, "文字": texts}))
    assert not final.unfinished and "未完结" not in final.title


def test_letter_and_internet_receipt_records_who_confirmed_it(service, clock) -> None:  # type: ignore[no-untyped-def]
    _at(clock, date(2026, 3, 10))
    arrival = {"route": "网络", "arrived_on": "2026-03-07", "confirmed_on": "2026-03-09"}
    record = service.new(application_form(arrival=arrival), "clerk")
    assert record.arrival.confirmed_by == "clerk" and record.received_on == date(2026, 3, 9)
    by_chief = {**arrival, "route": "平常信函", "confirmed_by": "chief"}
    other = service.new(application_form("x", "名单二", arrival=by_chief), "clerk")
    assert other.arrival.confirmed_by == "chief"
    assert other.events[0].data["confirmed_by"] == "chief"
    with pytest.raises(InvalidInputError):  # 当面: the day handed in, nobody confirms
        service.new(
            application_form(
                arrival={"route": "当面", "handed_in_on": "2026-03-09", "confirmed_by": "chief"}
            ),
            "clerk",
        )
    json.dumps(other.arrival.model_dump(mode="json"))
