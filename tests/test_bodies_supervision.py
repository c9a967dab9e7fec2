"""Supervision per body: blank columns are owed from the body's start date or the column's
creation (never from 1 January), each body owes its own annual report, and the scorecard
compares the bodies of one level."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from bodies_testlib import Platform, platform

from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.supervision.obligations import Obligation
from gov_disclosure.workdays import CHINA_TZ
from testsupport.applications import application_form

SEPT = datetime(2026, 9, 1, 9, 0, tzinfo=CHINA_TZ)
DEC = datetime(2026, 12, 1, 9, 0, tzinfo=CHINA_TZ)


def blank(owed: list[Obligation]) -> dict[str, Obligation]:
    return {
        o.subject: o for o in owed if o.kind.value == "blank_column" and "空白" in o.description
    }


def test_a_fresh_install_owes_its_columns_from_its_start_not_from_january(tmp_path: Path) -> None:
    p = platform(tmp_path, at=SEPT)
    owed = blank(p.app.supervision.obligations(org=p.township))
    assert set(owed) == set(p.app.config.taxonomy.all_columns())
    start = p.app.organization(p.township).started_on
    assert start == date(2026, 9, 1)
    expected = p.app.calendar.add_workdays(start, 20)
    assert {o.due for o in owed.values()} == {expected}
    assert all(not o.late and o.workdays_left == 20 for o in owed.values())
    assert all(o.key.endswith(":empty:2026-09-01") for o in owed.values())


def test_an_earlier_start_date_makes_them_late(tmp_path: Path) -> None:
    p = platform(tmp_path, at=SEPT)
    p.app.edit_organization(p.township, "admin", started_on=date(2026, 1, 1))
    owed = blank(p.app.supervision.obligations(org=p.township))
    assert all(o.late for o in owed.values())
    assert {o.due for o in owed.values()} == {p.app.calendar.add_workdays(date(2026, 1, 1), 20)}


def test_each_body_watches_its_levels_columns_in_its_own_name(tmp_path: Path) -> None:
    p = platform(tmp_path, at=SEPT)
    owed = p.app.supervision.obligations()
    village = blank([o for o in owed if o.org_id == p.village])
    assert {"村务公开", "财务公开"} <= set(village) and "年度报告" not in village
    assert {o.unit for o in village.values()} == {"东村村民委员会"}
    department = blank([o for o in owed if o.org_id == p.department])
    assert "村级财务" not in department and "行政许可" in department
    township = blank([o for o in owed if o.org_id == p.township])
    assert {o.unit for o in township.values()} == {"党政综合办公室"}  # [organization] office
    assert all(o.key.endswith(f"@org{o.org_id}") for o in owed if o.org_id != p.township)


def test_a_column_added_later_is_owed_from_its_creation(tmp_path: Path) -> None:
    p = platform(tmp_path, at=SEPT)
    later = datetime(2026, 10, 12, 9, 0, tzinfo=CHINA_TZ)
    p.clock.at = later
    raw = {
        "organization": {
            "name": "示例镇人民政府",
            "credit_code": p.app.config.organization.credit_code,
        },
        "taxonomy": {"extra_columns": ["乡村振兴"]},
    }
    again = App(p.app.store.url, load_config(raw, tmp_path), pm=p.app.pm, clock=p.clock)
    again.init()  # records the new column's creation
    owed = blank(again.supervision.obligations(org=p.township))
    assert owed["乡村振兴"].key.endswith(":empty:2026-10-12")
    assert owed["通知公告"].key.endswith(":empty:2026-09-01")


def _annual(owed: list[Obligation], org_id: int) -> list[str]:
    return [
        o.key.split("@")[0] for o in owed if o.kind.value == "annual_report" and o.org_id == org_id
    ]


def test_each_organ_owes_its_annual_report_and_a_village_none(tmp_path: Path) -> None:
    p = platform(tmp_path, at=DEC)
    owed = p.app.supervision.obligations()
    assert _annual(owed, p.township) == ["annual_report:2026"]
    assert _annual(owed, p.village) == []
    assert _annual(owed, p.department) == ["annual_report:2026", "annual_report_sent:2026"]
    assert _annual(owed, p.county) == ["annual_report:2026"]


def _closed(p: Platform, org: int, day: str) -> None:
    record = p.app.applications.new(application_form(day), "clerk", org=org)
    p.app.applications.reply(record.id, "chief", type="予以公开", on=date(2026, 3, 5))


def test_the_scorecard_compares_the_bodies_of_one_level(tmp_path: Path) -> None:
    p = platform(tmp_path)
    _closed(p, p.township, "2026-03-02")
    _closed(p, p.north, "2026-03-02")
    _closed(p, p.north, "2026-03-03")
    _closed(p, p.village, "2026-03-03")
    card = p.app.supervision.scorecard(date(2026, 1, 1), date(2026, 12, 31), level="乡镇")
    assert card.level == "乡镇"
    rows = {u.unit: u for u in card.units}
    assert set(rows) == {"示例镇人民政府", "北镇人民政府"}
    assert (
        rows["示例镇人民政府"].applications_closed,
        rows["北镇人民政府"].applications_closed,
    ) == (1, 2)
    mine = p.app.supervision.scorecard(date(2026, 1, 1), date(2026, 12, 31), org=p.village)
    assert [u.applications_closed for u in mine.units if u.applications_closed] == [1]
    everyone = p.app.supervision.scorecard(date(2026, 1, 1), date(2026, 12, 31))
    assert sum(u.applications_closed for u in everyone.units) == 4
