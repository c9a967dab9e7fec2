"""Official schedule files, config overrides and coverage."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

import gov_disclosure.workdays as workdays_pkg
from gov_disclosure.errors import CalendarNotCoveredError, ConfigError
from gov_disclosure.workdays import (
    CoverageKind,
    DayKind,
    ScheduleFileError,
    WorkdayCalendar,
    install_schedule_file,
    parse_schedule_file,
    parse_schedule_text,
)

EXAMPLE = Path(workdays_pkg.__file__).parent / "data" / "example-2026.toml"

# TEST FIXTURE, NOT OFFICIAL: an invented 2027 arrangement to exercise loading. The real 2027
# schedule comes from the State Council's notice, which these tests do not know.
FIXTURE_2027 = """\
year = 2027
source = "TEST FIXTURE - not the official 2027 notice"

[[holiday]]
name = "元旦"
start = 2027-01-01
end = 2027-01-03

[[holiday]]
name = "测试假期"
dates = ["2027-01-04", 2027-01-05]
workdays = [2027-01-09]
"""


def test_example_file_matches_package_day_by_day() -> None:
    schedule = parse_schedule_file(EXAMPLE)
    assert schedule.year == 2026
    cal = WorkdayCalendar(schedules=[schedule])
    assert cal.coverage(2026, 2026)[0].kind is CoverageKind.FILE
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_loaded_2027_schedule_is_used(tmp_path: Path) -> None:
    source = tmp_path / "fixture-2027.toml"
    source.write_text(FIXTURE_2027, encoding="utf-8")
    data_dir = tmp_path / "calendar-data"
    done = install_schedule_file(source, data_dir)
    assert done.path == data_dir / "2027.toml" and not done.replaced
    assert done.path.read_text(encoding="utf-8") == FIXTURE_2027
    cal = WorkdayCalendar.from_config(
        {"data_dir": str(data_dir), "beyond_official": "refuse"}, tmp_path
    )
    # December 2026 has 19 working days after the 4th; 1-5 Jan 2027 are off in the fixture.
    deadline = cal.deadline(date(2026, 12, 4), 20)
    assert deadline.due == date(2027, 1, 6) and not deadline.provisional
    assert cal.add_workdays(date(2026, 12, 31), 3) == date(2027, 1, 8)
    assert cal.add_workdays(date(2026, 12, 31), 4) == date(2027, 1, 9)  # fixture 调休 Saturday
    assert cal.add_workdays(date(2026, 12, 31), 5) == date(2027, 1, 11)
    assert cal.day_info(date(2027, 1, 4)).name == "测试假期"
    assert cal.day_info(date(2027, 1, 9)).kind is DayKind.MAKEUP_WORKDAY
    assert install_schedule_file(source, data_dir).replaced
    with pytest.raises(CalendarNotCoveredError) as caught:
        cal.add_workdays(date(2027, 12, 1), 30)
    assert caught.value.year == 2028


def test_gap_year_is_not_covered(tmp_path: Path) -> None:
    text = FIXTURE_2027.replace("2027", "2028")
    cal = WorkdayCalendar(schedules=[parse_schedule_text(text, "2028.toml")], provisional=False)
    assert cal.is_workday(date(2028, 1, 10))
    with pytest.raises(CalendarNotCoveredError) as caught:
        cal.add_workdays(date(2026, 12, 30), 3)
    assert caught.value.year == 2027
    with pytest.raises(CalendarNotCoveredError):
        cal.is_workday(date(2027, 6, 1))
    rows = {row.year: row.kind for row in cal.coverage(2026, 2028)}
    assert rows == {2026: CoverageKind.PACKAGE, 2027: CoverageKind.MISSING, 2028: CoverageKind.FILE}
    provisional = WorkdayCalendar(
        schedules=[parse_schedule_text(text, "2028.toml")], provisional=True
    )
    deadline = provisional.deadline(date(2026, 12, 30), 3)
    assert deadline.provisional_years == (2027,)


def _problems(text: str) -> str:
    with pytest.raises(ScheduleFileError) as caught:
        parse_schedule_text(text, "s.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("workdays = [2027-01-09]", "workdays = [2027-01-06]"),
            "s.toml line 12, holiday[2].workdays: 2027-01-06 is a 星期三",
        ),
        (
            ('dates = ["2027-01-04", 2027-01-05]', "dates = [2027-01-04, 2028-01-05]"),
            "s.toml line 11, holiday[2].dates: 2028-01-05 is not in 2027",
        ),
        (
            ("workdays = [2027-01-09]", "workdays = [2027-01-02]"),
            "2027-01-02 is both a holiday (元旦) and a 调休 working day",
        ),
        (
            ('name = "测试假期"', 'name = "测试假期"\nstart = 2027-01-08'),
            "give either start and end, or dates",
        ),
        (("end = 2027-01-03", "end = 2026-12-30"), "line 7, holiday[1].end: end 2026-12-30 is"),
        (('source = "TEST', 'colour = 1\nsource = "TEST'), "s.toml line 2, colour: unknown key"),
        (("year = 2027", "year = 27"), "year must be a whole number"),
        (
            ('dates = ["2027-01-04", 2027-01-05]', 'dates = ["2027-01-04", "2027-01-04"]'),
            "2027-01-04 is listed twice",
        ),
        (
            ('dates = ["2027-01-04", 2027-01-05]', 'dates = ["2027-01-03"]'),
            "2027-01-03 is already a holiday (元旦)",
        ),
        (('[[holiday]]\nname = "元旦"', '[[holiday]]\nname = "元旦"\nname = 2'), "not valid TOML"),
    ],
)
def test_schedule_file_errors_name_line_and_key(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in FIXTURE_2027
    assert expected in _problems(FIXTURE_2027.replace(old, new, 1))


def test_december_of_previous_year_allowed() -> None:
    text = FIXTURE_2027.replace("start = 2027-01-01", "start = 2026-12-31")
    schedule = parse_schedule_text(text)
    assert date(2026, 12, 31) in schedule.holidays


def test_bad_file_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(FIXTURE_2027.replace("2027-01-09", "2027-01-06"), encoding="utf-8")
    data_dir = tmp_path / "data"
    with pytest.raises(ScheduleFileError):
        install_schedule_file(bad, data_dir)
    assert not data_dir.exists() or not any(data_dir.iterdir())
    with pytest.raises(ScheduleFileError, match="file not found"):
        install_schedule_file(tmp_path / "missing.toml", data_dir)


def test_misnamed_file_in_data_dir(tmp_path: Path) -> None:
    (tmp_path / "2030.toml").write_text(FIXTURE_2027, encoding="utf-8")
    with pytest.raises(ScheduleFileError, match=r"2027\.toml"):
        WorkdayCalendar.from_config({"data_dir": str(tmp_path)}, tmp_path)


def test_config_overrides_and_coverage(tmp_path: Path) -> None:
    config = {
        "extra_holidays": [date(2025, 9, 29), {"date": "2025-09-30", "name": "本镇停工"}],
        "extra_workdays": {"2025-10-08": "值班"},
    }
    cal = WorkdayCalendar.from_config(config, tmp_path)
    # 29 and 30 Sep off locally, 8 Oct worked: the deadline moves from 30 to 31 Oct.
    assert cal.add_workdays(date(2025, 9, 26), 20) == date(2025, 10, 31)
    assert cal.day_info(date(2025, 9, 30)).name == "本镇停工"
    row = cal.coverage(2025, 2025)[0]
    assert row.local_days == 3 and "overridden" in row.status and row.official
    assert cal.provisional  # the default past the official data: provisional counting


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ({"colour": 1}, "calendar.colour"),
        ({"provisional": "yes"}, "calendar.provisional"),
        ({"extra_holidays": ["2025-02-30"]}, "calendar.extra_holidays"),
        ({"extra_holidays": "2025-01-02"}, "calendar.extra_holidays"),
        (
            {"extra_holidays": [date(2025, 9, 29)], "extra_workdays": [date(2025, 9, 29)]},
            "calendar.extra_workdays",
        ),
        ({"data_dir": ""}, "calendar.data_dir"),
    ],
)
def test_bad_config(config: dict[str, object], key: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        WorkdayCalendar.from_config(config, tmp_path)
    assert caught.value.key == key


def test_provisional_from_config_and_coverage(tmp_path: Path) -> None:
    cal = WorkdayCalendar.from_config({"provisional": True}, tmp_path)
    rows = {row.year: row for row in cal.coverage(2026, 2027)}
    assert rows[2026].kind is CoverageKind.PACKAGE
    assert rows[2027].kind is CoverageKind.PROVISIONAL and not rows[2027].official
    assert cal.deadline(date(2026, 12, 4), 20).provisional
