"""A township's 2026, run day by day on a fake clock (``run_reminders`` and ``app.run()`` every
day): the obligations on two days, every reminder of the year and the scorecard, all worked
out by hand from the script in ``supervision_testlib`` and the 2026 holiday notice.

2026 facts used: 1-2 Jan, 16-20 and 23 Feb, 6 Apr, 1 and 4-5 May, 19 Jun, 25 Sep and 1-2, 5-7
Oct are weekday holidays; 4 Jan, 14 and 28 Feb, 9 May, 20 Sep and 10 Oct are worked weekends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from supervision_testlib import Recorder, Township, make_township, simulate

from gov_disclosure.app import App
from gov_disclosure.supervision import (
    Obligation,
    build_scorecard,
    compute_obligations,
    run_reminders,
)
from gov_disclosure.supervision.render import write_scorecard_html
from gov_disclosure.supervision.tables import reminders_sent
from gov_disclosure.workdays import CHINA_TZ
from testsupport.core import FixedClock

OFFICE, EAST, WEST = "党政综合办公室", "东村村民委员会", "西村村民委员会"
FINANCE, EMERGENCY, SOCIAL = "财政所", "应急管理办公室", "社会事务办公室"


@dataclass
class Year:
    app: App
    town: Township
    recorder: Recorder
    clock: FixedClock
    snapshots: dict[date, list[Obligation]]
    tmp: Path


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Year:
    tmp = tmp_path_factory.mktemp("township")
    clock = FixedClock(datetime(2026, 1, 1, 9, 0, tzinfo=CHINA_TZ))
    app, recorder = make_township(tmp, clock)
    town = Township(app)
    snapshots: dict[date, list[Obligation]] = {}

    def snapshot(day: date) -> None:
        if day in (date(2026, 5, 11), date(2026, 10, 8)):
            snapshots[day] = compute_obligations(app)

    simulate(town, clock, date(2026, 1, 1), date(2026, 12, 31), snapshot)
    return Year(app, town, recorder, clock, snapshots, tmp)


def _key(year: Year, kind: str, name: str, suffix: str = "") -> str:
    return f"{kind}:{year.town.keys[name]}{suffix}"


def test_every_reminder_of_the_year_once(year: Year) -> None:
    d = date
    col = "column:{}:empty:2026-01-01"
    budget = _key(year, "statutory", "预算", ":e1")
    rules = _key(year, "interpretation", "办法")
    standing = _key(year, "currency", "职能", ":2026-01-05")
    standing_next = _key(year, "currency", "职能", ":2026-07-08")
    warning = _key(year, "immediate", "预警", ":e1")
    notice = _key(year, "notice", "低保", ":2026-09-21")
    west_apr = f"periodic:{WEST}:村级财务收支:2026-04-01"
    west_may = f"periodic:{WEST}:村级财务收支:2026-05-01"
    east_jun = f"periodic:{EAST}:村级财务收支:2026-06-01"
    # (day, unit, obligation key, level): 5 and 1 working days before, the due day, late
    expected = [
        *[
            (day, OFFICE, col.format(c), lv)
            for day, lv in [
                (d(2026, 1, 22), "5"),
                (d(2026, 1, 28), "1"),
                (d(2026, 1, 29), "0"),
                (d(2026, 1, 30), "late"),
            ]
            for c in ("人事信息", "政策解读", "村级财务")
        ],
        (d(2026, 2, 28), FINANCE, budget, "5"),  # due 6 Mar: 20 working days from 2 Feb
        (d(2026, 3, 5), FINANCE, budget, "1"),
        (d(2026, 3, 6), FINANCE, budget, "0"),
        (d(2026, 3, 7), FINANCE, budget, "late"),  # published 12 Mar
        (d(2026, 4, 9), OFFICE, rules, "0"),  # published without its 解读
        (d(2026, 4, 10), OFFICE, rules, "late"),  # 解读 out on 20 Apr
        (d(2026, 4, 27), WEST, "complaint:JD2026-0001", "5"),  # due 7 May, answered 6 May
        (d(2026, 5, 1), WEST, west_apr, "5"),  # first listed with 4 working days left
        (d(2026, 5, 8), WEST, west_apr, "1"),
        (d(2026, 5, 9), WEST, west_apr, "0"),  # a worked Saturday; 10 May is a Sunday
        (d(2026, 5, 11), WEST, west_apr, "late"),
        (d(2026, 6, 1), OFFICE, "application:2026-0002", "5"),  # due 8 Jun, replied that day
        (d(2026, 6, 3), WEST, west_may, "5"),
        (d(2026, 6, 5), OFFICE, "application:2026-0002", "1"),
        (d(2026, 6, 9), WEST, west_may, "1"),
        (d(2026, 6, 10), WEST, west_may, "0"),
        (d(2026, 6, 11), WEST, west_may, "late"),
        (d(2026, 6, 26), OFFICE, standing, "5"),  # check due 5 Jul (a Sunday)
        (d(2026, 7, 2), OFFICE, standing, "1"),
        (d(2026, 7, 3), OFFICE, standing, "0"),
        (d(2026, 7, 3), EAST, east_jun, "5"),
        (d(2026, 7, 6), OFFICE, standing, "late"),  # republished 8 Jul
        (d(2026, 7, 9), EAST, east_jun, "1"),
        (d(2026, 7, 10), EAST, east_jun, "0"),
        (d(2026, 7, 11), EAST, east_jun, "late"),  # published 14 Jul
        (d(2026, 8, 10), OFFICE, "application:2026-0003", "5"),  # due 17 Aug
        (d(2026, 8, 12), EMERGENCY, warning, "0"),  # within 2 hours of 07:30
        (d(2026, 8, 14), OFFICE, "application:2026-0003", "1"),
        (d(2026, 8, 17), OFFICE, "application:2026-0003", "0"),
        (d(2026, 8, 18), OFFICE, "application:2026-0003", "late"),  # replied 19 Aug
        (d(2026, 9, 15), SOCIAL, notice, "5"),  # 公示 14-21 Sep
        (d(2026, 9, 20), SOCIAL, notice, "1"),  # a worked Sunday
        (d(2026, 9, 21), SOCIAL, notice, "0"),
        # next check (8 Jan 2027, provisional) in view: load the 2027 notice
        (d(2026, 10, 8), OFFICE, "calendar:2027:provisional", "0"),
        (d(2026, 10, 26), FINANCE, "complaint:JD2026-0002", "5"),  # due 2 Nov, never answered
        (d(2026, 10, 30), FINANCE, "complaint:JD2026-0002", "1"),
        (d(2026, 11, 2), FINANCE, "complaint:JD2026-0002", "0"),
        (d(2026, 11, 3), FINANCE, "complaint:JD2026-0002", "late"),
        (d(2026, 12, 31), OFFICE, standing_next, "5"),  # due 8 Jan 2027 (暂定)
    ]
    recipients = {OFFICE: ("chief",), EAST: ("dong",), WEST: ("xi",)}  # others: the fallback
    calls = [(day, unit, key) for day, unit, key, _ in expected]
    assert sorted(year.recorder.calls) == sorted(
        (day, unit, key, recipients.get(unit, ("chief",))) for day, unit, key in calls
    )
    with year.app.store.engine.connect() as conn:
        rows = conn.execute(
            select(
                reminders_sent.c.created_at,
                reminders_sent.c.unit,
                reminders_sent.c.obligation_key,
                reminders_sent.c.level,
                reminders_sent.c.state,
            )
        ).all()
    got = sorted((r[0].astimezone(CHINA_TZ).date(), r[1], r[2], r[3]) for r in rows)
    assert got == sorted(expected)
    assert {r.state for r in rows} == {"sent"}


def test_running_again_sends_nothing_twice(year: Year) -> None:
    before = len(year.recorder.calls)
    year.clock.at = datetime(2026, 12, 31, 18, 0, tzinfo=CHINA_TZ)
    assert run_reminders(year.app) == []
    year.app.run()
    assert len(year.recorder.calls) == before


def test_obligations_on_11_may(year: Year) -> None:
    got = [
        (o.due, o.unit, o.kind.value, o.workdays_left, o.key)
        for o in year.snapshots[date(2026, 5, 11)]
    ]
    assert got == [
        # 20 working days from 1 Jan: 29 Jan; 65 working days from 30 Jan to 11 May
        (date(2026, 1, 29), OFFICE, "blank_column", -65, "column:人事信息:empty:2026-01-01"),
        (date(2026, 5, 10), WEST, "periodic", -1, f"periodic:{WEST}:村级财务收支:2026-04-01"),
        (date(2026, 6, 8), OFFICE, "application", 20, "application:2026-0002"),
        (date(2026, 7, 5), OFFICE, "currency", 38, _key(year, "currency", "职能", ":2026-01-05")),
    ]
    blank_month = year.snapshots[date(2026, 5, 11)][1]
    assert blank_month.description == "公开2026年4月村级财务收支（空白月）"
    assert blank_month.why == "每月10日前公开上月村级财务收支"
    assert str(blank_month) == (
        "2026-05-10 西村村民委员会：公开2026年4月村级财务收支（空白月）（已超期1个工作日）"
        "依据：每月10日前公开上月村级财务收支"
    )


def test_obligations_on_8_october_include_the_provisional_2027_calendar(year: Year) -> None:
    got = [(o.due, o.unit, o.workdays_left, o.key) for o in year.snapshots[date(2026, 10, 8)]]
    assert got == [
        (date(2026, 1, 29), OFFICE, -167, "column:人事信息:empty:2026-01-01"),
        (date(2026, 5, 10), WEST, -103, f"periodic:{WEST}:村级财务收支:2026-04-01"),
        (date(2026, 6, 10), WEST, -80, f"periodic:{WEST}:村级财务收支:2026-05-01"),
        (date(2026, 10, 8), OFFICE, 0, "calendar:2027:provisional"),
        # 2027 has no official notice yet: the check is listed, provisional
        (date(2027, 1, 8), OFFICE, 66, _key(year, "currency", "职能", ":2026-07-08")),
    ]
    assert [o.provisional for o in year.snapshots[date(2026, 10, 8)]] == [False] * 3 + [True] * 2


def _row(card: object, unit: str) -> dict[str, object]:
    [found] = [u.to_dict() for u in card.units if u.unit == unit]  # type: ignore[attr-defined]
    return found


def test_scorecard_of_the_year(year: Year) -> None:
    card = build_scorecard(year.app, date(2026, 1, 1), date(2026, 12, 31))
    assert [u.unit for u in card.units] == sorted([OFFICE, EAST, WEST, FINANCE, EMERGENCY, SOCIAL])
    fields = (
        "published",
        "on_time",
        "on_time_share",
        "blank_months",
        "blank_columns",
        "median_workdays",
        "overrides",
        "reminders_sent",
    )
    expected = {
        # 机构职能 twice, 办法 (2 working days), 解读: all within 20 working days
        OFFICE: (4, 4, 1.0, [], ["人事信息"], 0.0, 0, 26),
        # eleven months, June's out on 14 Jul after the 10th
        EAST: (11, 10, 0.9091, [], [], 0.0, 0, 4),
        # nine months on time, April and May never: 9 / (9 + 2)
        WEST: (9, 9, 0.8182, ["村级财务收支 2026年4月", "村级财务收支 2026年5月"], [], 0.0, 0, 9),
        # formed 2 Feb, due 6 Mar, out 12 Mar: 24 working days
        FINANCE: (1, 0, 0.0, [], [], 24.0, 0, 8),
        EMERGENCY: (1, 0, 0.0, [], [], 1.0, 0, 1),
        SOCIAL: (1, 1, 1.0, [], [], 0.0, 1, 3),
    }
    for unit, values in expected.items():
        row = _row(card, unit)
        assert tuple(row[f] for f in fields) == values, unit
    office = _row(card, OFFICE)
    assert (office["applications_closed"], office["applications_on_time"]) == (3, 2)
    assert office["reply_types"] == {"予以公开": 2, "无法提供": 1}
    assert office["applications_on_time_share"] == 0.6667
    west, finance = _row(card, WEST), _row(card, FINANCE)
    complaint_fields = (
        "complaints_received",
        "complaints_answered",
        "complaints_on_time",
        "complaints_overdue_open",
    )
    assert tuple(west[f] for f in complaint_fields) == (1, 1, 1, 0)
    assert tuple(finance[f] for f in complaint_fields) == (1, 0, 0, 1)


def test_scorecard_of_a_quarter_and_as_of_a_day(year: Year) -> None:
    q2 = _row(build_scorecard(year.app, date(2026, 4, 1), date(2026, 6, 30), unit=WEST), WEST)
    # March's accounts (1 Apr) on time; April and May blank: 1 / 3
    assert (q2["published"], q2["on_time"], q2["on_time_share"]) == (1, 1, 0.3333)
    assert len(q2["blank_months"]) == 2  # type: ignore[arg-type]
    early = build_scorecard(year.app, date(2026, 1, 1), date(2026, 12, 31), today=date(2026, 5, 20))
    row = _row(early, WEST)
    assert early.as_of == date(2026, 5, 20)
    # Jan-Mar out by 1 Apr; April blank since 10 May; May not due yet: 3 / 4
    assert (row["published"], row["blank_months"], row["on_time_share"]) == (
        3,
        ["村级财务收支 2026年4月"],
        0.75,
    )
    assert row["reminders_sent"] == 5  # the complaint's and April's four


def test_scorecard_page_is_written_for_internal_use_only(year: Year) -> None:
    card = build_scorecard(year.app, date(2026, 1, 1), date(2026, 12, 31))
    path = write_scorecard_html(year.app, card)
    assert path == year.tmp / "gov-disclosure-output" / "internal" / (
        "scorecard-2026-01-01-2026-12-31.html"
    )
    page = path.read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "仅供内部考核使用，不对外公开。" in page
    assert "<li>村级财务收支 2026年5月</li>" in page
    assert "<td>90.9%</td>" in page  # 东村
