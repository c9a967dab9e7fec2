"""Provisional years, loading the State Council's notice, and deadlines as facts with history.

The office runs on 2026-12-07 (China), when the package's data ends with 2026: a reply due 20
working days later falls in 2027 and is provisional (暂定) until the 2027 notice is loaded.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
import pytest
import time_machine
from click.testing import CliRunner

from gov_disclosure import audit
from gov_disclosure.app import App
from gov_disclosure.applications import ApplicationService
from gov_disclosure.cli.apply_cmd import apply_group
from gov_disclosure.cli.calendar import calendar_group
from gov_disclosure.cli.context import Env
from gov_disclosure.cli.main import GuardedGroup
from gov_disclosure.cli.setup_cmd import init
from gov_disclosure.cli.supervise_cmd import due_cmd
from gov_disclosure.config import load_config
from gov_disclosure.errors import CalendarNotCoveredError
from gov_disclosure.workdays import CHINA_TZ
from gov_disclosure.workdays.notice_text import parse_notice_text, schedule_toml
from gov_disclosure.workdays.schedule_file import ScheduleFileError, parse_schedule_text
from gov_disclosure.workdays.sources import package_days
from testsupport.cli import office_cli

MORNING = datetime(2026, 12, 7, 9, 0, tzinfo=CHINA_TZ)
CONFIG = """\
[organization]
name = "示例镇人民政府"
credit_code = "11320000MB1234562M"

[[actors]]
id = "clerk"
name = "王经办"
unit = "党政综合办公室"
roles = ["经办人", "科室审核"]
"""
# The 2026 notice as published (body text), and an invented 2027 one: TEST FIXTURE, NOT
# OFFICIAL (元旦 1-4 January with the Monday off moves a 5 January deadline to the 6th).
NOTICE_2026 = """\
国务院办公厅关于2026年部分节假日安排的通知
国办发明电〔2025〕7号
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""
NOTICE_2027 = """\
国务院办公厅关于2027年部分节假日安排的通知（测试用，非官方）
一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。
二、春节：2月5日（周五）至11日（周四）放假调休，共7天。
"""


@click.group(cls=GuardedGroup)
@click.option("--db")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: Path | None) -> None:
    """A group of its own, so the shared ``gov-disclosure`` group stays as shipped."""
    ctx.obj = Env(db=db, config_path=config_path)


for command in (apply_group, calendar_group, due_cmd, init):
    cli.add_command(command)


def _package(year: int) -> tuple[list[date], list[date]]:
    days = package_days()
    return (
        sorted(d for d in days.holidays if d.year == year),
        sorted(d for d in days.workdays if d.year == year),
    )


def test_the_2026_notice_text_gives_the_packages_days() -> None:
    schedule = parse_notice_text(NOTICE_2026)
    assert schedule.year == 2026 and schedule.notice_no == "国办发明电〔2025〕7号"
    assert (sorted(schedule.holidays), sorted(schedule.workdays)) == _package(2026)
    assert schedule.holidays[date(2026, 2, 15)] == "春节"
    # stored as a schedule file that reads back the same
    assert parse_schedule_text(schedule_toml(schedule)).holidays == schedule.holidays


def test_older_notices_with_xingqi_and_ranges_across_months_and_years() -> None:
    text_2017 = (
        "二、春节：1月27日至2月2日放假调休，共7天。1月22日（星期日）上班，2月4日（星期六）上班。"
    )
    spring = parse_notice_text(text_2017, 2017)
    holidays, workdays = _package(2017)
    assert sorted(spring.holidays) == [
        d for d in holidays if date(2017, 1, 27) <= d <= date(2017, 2, 2)
    ]
    assert len(spring.holidays) == 7
    assert sorted(spring.workdays) == [date(2017, 1, 22), date(2017, 2, 4)]
    assert set(spring.workdays) <= set(workdays)
    text_2023 = "一、元旦：2022年12月31日（星期六）至2023年1月2日（星期一）放假调休，共3天。"
    new_year = parse_notice_text(text_2023, 2023)
    assert sorted(new_year.holidays) == [date(2022, 12, 31), date(2023, 1, 1), date(2023, 1, 2)]


def test_a_notice_read_for_the_wrong_year_fails_loudly() -> None:
    with pytest.raises(ScheduleFileError) as caught:
        parse_notice_text(NOTICE_2026, 2027)
    assert "2027-01-01 是周五，通知写的是周四：年份对吗？" in str(caught.value)
    with pytest.raises(ScheduleFileError) as counted:
        parse_notice_text("一、元旦：1月1日（周四）至3日（周六）放假，共4天。", 2026)
    assert "共4天" in str(counted.value)


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    with time_machine.travel(MORNING, tick=False):
        yield office_cli(cli, tmp_path, CONFIG), tmp_path


def _new(run, description: str) -> str:  # type: ignore[no-untyped-def]
    out = run(
        "apply", "new", "--name", "张三", "--id-number", "11010519491231002X", "--phone",
        "13812345678", "--description", description, "--actor", "clerk",
    ).output  # fmt: skip
    return out


def test_provisional_deadline_then_the_notice_is_loaded(office) -> None:  # type: ignore[no-untyped-def]
    run, folder = office
    opened = _new(run, "危房改造补助名单")
    assert "答复期限 2027-01-05（暂定）" in opened
    _new(run, "低保名单")
    run("apply", "reply", "2", "--type", "予以公开", "--actor", "clerk")
    assert "2027-01-05（暂定）" in run("apply", "list").output
    owed = run("due").output
    assert "2027年节假日安排尚未载入" in owed and "calendar load" in owed

    notice = folder / "notice-2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    declined = run("calendar", "load", str(notice), "--actor", "clerk", input="n\n")
    assert "2027-01-04 周一  放假  元旦" in declined.output
    assert "2027-01-09 周六  上班  元旦调休上班" in declined.output
    assert "未保存" in declined.output and not (folder / "gov-disclosure-calendar").exists()

    loaded = run("calendar", "load", str(notice), "--actor", "clerk", input="y\n").output
    change = "答复期限 由 2027-01-05（暂定） 改为 2027-01-06，因载入2027年节假日安排"
    assert f"2026-0001\t{change}" in loaded and "1件申请的答复期限有变动" in loaded
    assert (folder / "gov-disclosure-calendar" / "2027.toml").exists()
    shown = run("apply", "show", "1").output
    assert change in shown and "答复期限：2027-01-06（计20个工作日）" in shown
    # the closed application keeps the deadline it was judged by
    everything = run("apply", "list", "--all").output
    assert "2027-01-06" in everything and "2027-01-05（暂定）" in everything

    app = App(f"sqlite:///{folder / 'office.db'}", load_config({}, folder))
    with app.store.engine.connect() as conn:
        loads = audit.entries(conn, "calendar:2027")
        moves = [e for e in audit.entries(conn) if e.action == "application.deadline_recomputed"]
    assert [(e.actor, e.payload["year"]) for e in loads] == [("clerk", 2027)]
    assert [(m.subject, m.payload["old_due"], m.payload["new_due"]) for m in moves] == [
        ("application:1", "2027-01-05", "2027-01-06")
    ]
    assert moves[0].payload["old_provisional"] is True
    assert moves[0].payload["new_provisional"] is False


def test_loading_needs_a_known_actor_and_stores_nothing_otherwise(office) -> None:  # type: ignore[no-untyped-def]
    run, folder = office
    notice = folder / "notice-2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    refused = run("calendar", "load", str(notice), "--actor", "nobody", "--yes", ok=False)
    assert refused.exit_code != 0
    assert not (folder / "gov-disclosure-calendar" / "2027.toml").exists()


def test_a_config_override_recomputes_open_deadlines_only(tmp_path: Path) -> None:
    raw = {"calendar": {}}
    with time_machine.travel(MORNING, tick=False):
        app = App(f"sqlite:///{tmp_path / 'o.db'}", _config(tmp_path, raw))
        app.init()
        service = ApplicationService(app)
        open_one = service.new(_form("名单一"), "clerk")
        closed = service.new(_form("名单二"), "clerk")
        service.reply(closed.id, "clerk", type="予以公开")
        assert service.deadline(closed.id).due == date(2027, 1, 5)

        raw["calendar"] = {"extra_holidays": ["2026-12-31"]}  # a local day off, added later
        app = App(f"sqlite:///{tmp_path / 'o.db'}", _config(tmp_path, raw))
        service = ApplicationService(app)
        moved = service.recompute_deadlines("system")
        assert [number for number, _ in moved] == [open_one.number]
        assert service.deadline(open_one.id).due == date(2027, 1, 6)
        assert service.deadline(closed.id).due == date(2027, 1, 5)  # judged by the old one
        history = service.deadline_history(closed.id)
        assert all(f.kind == "event" for f in history)
        assert "2027: 暂定" in history[-1].sources
        assert service.recompute_deadlines("system") == []  # nothing moves twice


def test_refusing_provisional_dates_saves_nothing(tmp_path: Path) -> None:
    refuse = CONFIG + '\n[calendar]\nbeyond_official = "refuse"\n'
    with time_machine.travel(MORNING, tick=False):
        run = office_cli(cli, tmp_path, refuse)
        result = run(
            "apply", "new", "--name", "张三", "--id-number", "11010519491231002X", "--phone",
            "13812345678", "--description", "名单", "--actor", "clerk", ok=False,
        )  # fmt: skip
        assert result.exit_code == 2
        assert "2027年尚无官方节假日安排" in result.output and "calendar load" in result.output
        assert "共0件申请" in run("apply", "list").output
        app = App(f"sqlite:///{tmp_path / 'office.db'}", load_config({}, tmp_path))
        with app.store.engine.connect() as conn:
            assert not [e for e in audit.entries(conn) if e.action.startswith("application.")]


def test_calendar_commands_say_provisional_in_chinese(tmp_path: Path) -> None:
    config = tmp_path / "gov-disclosure.toml"
    config.write_text("", encoding="utf-8")
    env = {"GOV_DISCLOSURE_CONFIG": str(config)}
    added = CliRunner().invoke(calendar_group, ["add", "2026-12-07", "20"], env=env)
    assert added.exit_code == 0, added.output
    assert added.output.startswith("2027-01-05 星期二  暂定") and "calendar load" in added.output
    config.write_text('[calendar]\nbeyond_official = "refuse"\n', encoding="utf-8")
    refused = CliRunner().invoke(calendar_group, ["add", "2026-12-07", "20"], env=env)
    assert refused.exit_code == 1 and "2027年尚无官方节假日安排" in refused.output
    forced = CliRunner().invoke(
        calendar_group, ["add", "2026-12-07", "20", "--provisional"], env=env
    )
    assert forced.exit_code == 0 and "暂定" in forced.output
    with pytest.raises(CalendarNotCoveredError):
        App(
            "sqlite://", _config(tmp_path, {"calendar": {"beyond_official": "refuse"}})
        ).calendar.add_workdays(date(2026, 12, 7), 20)


def _config(folder: Path, raw: dict[str, object]):  # type: ignore[no-untyped-def]
    import tomllib

    base = tomllib.loads(CONFIG)
    return load_config({**base, **raw}, folder)


def _form(description: str) -> dict[str, object]:
    return {
        "applicant": {"kind": "自然人", "name": "张三", "id_number": "11010519491231002X"},
        "contact": {"phone": "13812345678"},
        "request": {"description": description},
        "arrival": {"route": "当面", "handed_in_on": "2026-12-07"},
    }


def test_letters_mark_a_provisional_date(tmp_path: Path) -> None:
    from gov_disclosure.applications.letters import PROVISIONAL_NOTE, plan_letters

    mayor = {"id": "mayor", "name": "陈镇长", "unit": "镇政府", "roles": ["主要领导审批"]}
    clerk = {"id": "clerk", "name": "王经办", "unit": "办公室", "roles": ["经办人"]}
    with time_machine.travel(MORNING, tick=False):
        app = App(f"sqlite:///{tmp_path / 'o.db'}", _config(tmp_path, {"actors": [clerk, mayor]}))
        app.init()
        service = ApplicationService(app)
        record = service.new(_form("名单"), "clerk")
        service.extend(record.id, "mayor", days=5, reason="需要检索档案")
        [letter] = plan_letters(service.get(record.id), app.calendar, service.settings)
    assert letter.context["due"] == date(2027, 1, 12)  # 5 Jan (暂定) + 5 working days
    assert letter.context["due_note"] == PROVISIONAL_NOTE


def test_switching_to_refusal_keeps_the_list_readable(tmp_path: Path) -> None:
    with time_machine.travel(MORNING, tick=False):
        run = office_cli(cli, tmp_path, CONFIG)
        _new(run, "危房改造补助名单")
        config = tmp_path / "gov-disclosure.toml"
        config.write_text(CONFIG + '\n[calendar]\nbeyond_official = "refuse"\n', encoding="utf-8")
        listed = run("apply", "list").output
    assert "共1件申请" in listed and "缺少2027年工作日数据" in listed
