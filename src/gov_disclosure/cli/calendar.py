"""``gov-disclosure calendar``: working days, deadlines and official holiday schedules."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.table import Table

from ..errors import GovDisclosureError
from ..i18n import N_
from ..workdays import DayKind, WorkdayCalendar
from ..workdays.sources import package_years
from .context import get_env, open_app
from .output import console

_WEEKDAYS = "一二三四五六日"
F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):
    """A ``YYYY-MM-DD`` date."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


DATE = DateParam()


def _friendly_errors(command: F) -> F:
    """Turn the library's errors into one clear line and a non-zero exit."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except GovDisclosureError as err:
            raise click.ClickException(str(err)) from None

    return wrapper  # type: ignore[return-value]


def _config() -> tuple[dict[str, Any], Path]:
    env = get_env()
    return dict(env.config.get("calendar", {}) or {}), env.config_file.parent


def _calendar(provisional: bool = False) -> WorkdayCalendar:
    section, base_dir = _config()
    if provisional:
        section.pop("beyond_official", None)
        section["provisional"] = True
    return WorkdayCalendar.from_config(section, base_dir)


def _day(d: date) -> str:
    return f"{d.isoformat()} 星期{_WEEKDAYS[d.weekday()]}"


_provisional_option = click.option(
    "--provisional",
    is_flag=True,
    help=N_(
        "answer past the official calendar data even when [calendar] "
        'beyond_official = "refuse" (statutory holidays only, no 调休; '
        "marked provisional)"
    ),
)


@click.group("calendar")
def calendar_group() -> None:
    """工作日历: working days, deadlines and official holiday schedules (调休 included)."""


@calendar_group.command("add")
@click.argument("start", type=DATE)
@click.argument("n", type=int)
@click.option("--explain", is_flag=True, help=N_("list the holidays and 调休 days on the way"))
@_provisional_option
@_friendly_errors
def add_command(start: date, n: int, explain: bool, provisional: bool) -> None:
    """The date N working days after START (the period starts the day after START)."""
    cal = _calendar(provisional)
    deadline = cal.deadline(start, n)
    if deadline.provisional:
        years = "、".join(str(y) for y in deadline.provisional_years)
        status = (
            f"暂定 provisional（{years}年尚无官方节假日安排，可能变动；"
            "载入通知：gov-disclosure calendar load 通知.txt）"
        )
    else:
        status = "官方 official"
    click.echo(f"{_day(deadline.due)}  {status}")
    if not explain:
        return
    weekends = 0
    for info in cal.explain(start, n):
        if info.kind is DayKind.WEEKEND:
            weekends += 1
            continue
        action = "计入 counted" if info.workday else "不计 skipped"
        mark = "  （暂定）" if info.provisional else ""
        click.echo(f"  {_day(info.day)}  {action}  {info.kind.label} {info.name or ''}{mark}")
    click.echo(f"  另有{weekends}个普通周末日不计 ({weekends} ordinary weekend day(s) skipped)")


@calendar_group.command("is-workday")
@click.argument("day", type=DATE)
@_provisional_option
@_friendly_errors
def is_workday_command(day: date, provisional: bool) -> None:
    """Whether DAY is a working day, and why."""
    info = _calendar(provisional).day_info(day)
    verdict = "工作日 workday" if info.workday else "非工作日 not a workday"
    reason = info.kind.label + (f"：{info.name}" if info.name else "")
    mark = "  暂定 provisional" if info.provisional else ""
    click.echo(f"{_day(day)}：{verdict}（{reason}）{mark}")


@calendar_group.command("between")
@click.argument("start", type=DATE)
@click.argument("end", type=DATE)
@_provisional_option
@_friendly_errors
def between_command(start: date, end: date, provisional: bool) -> None:
    """Working days after START up to and including END."""
    cal = _calendar(provisional)
    count = cal.workdays_between(start, end)
    first, last = sorted((start, end))
    touched = [y for y in range(first.year, last.year + 1) if cal.is_provisional(y)]
    years = "、".join(map(str, touched))
    mark = f"  暂定 provisional（{years}年尚无官方节假日安排）" * bool(touched)
    click.echo(f"{count}{mark}")


@calendar_group.command("load")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--year", type=int, help=N_("the notice's year (default: from its title)"))
@click.option("--actor", required=True, help=N_("who loads it (written to the audit log)"))
@click.option("--yes", is_flag=True, help=N_("store without asking (for scripts)"))
@_friendly_errors
def load_command(file: Path, year: int | None, actor: str, yes: bool) -> None:
    """Load a year's official holidays: the State Council's notice as published (paste its text
    into FILE, or '-' for standard input) or a schedule file (.toml). Shows day by day what it
    understood and asks before storing; open deadlines are then recomputed."""
    from ..workdays.notice_text import day_by_day, parse_notice_text
    from ..workdays.schedule_file import ScheduleFileError, parse_schedule_text

    origin = "标准输入" if str(file) == "-" else str(file)
    try:
        text = (
            click.get_text_stream("stdin").read()
            if str(file) == "-"
            else file.read_text(encoding="utf-8-sig")
        )
    except (OSError, UnicodeDecodeError) as exc:
        raise ScheduleFileError([(origin, f"无法读取（须为UTF-8文本）：{exc}")]) from None
    if "放假" in text:
        schedule, stored = parse_notice_text(text, year, origin), None
    else:
        schedule, stored = parse_schedule_text(text, origin), text
    click.echo(f"{schedule.source}" + (f"（{schedule.notice_no}）" if schedule.notice_no else ""))
    for line in day_by_day(schedule):
        click.echo(f"  {line}")
    click.echo(
        f"共{len(schedule.holidays)}天放假，{len(schedule.workdays)}天调休上班 "
        f"({schedule.year}: {len(schedule.holidays)} holiday(s), "
        f"{len(schedule.workdays)} 调休 working day(s))"
    )
    if schedule.year in package_years():
        click.echo(f"注意：将取代 chinesecalendar 软件包中的{schedule.year}年数据")
    if not yes and not click.confirm(
        "以上理解正确，保存并重新计算未办结申请的期限？", default=False
    ):
        click.echo("未保存 nothing stored")
        return
    service = open_app(get_env()).applications
    done = service.load_schedule(schedule, actor, text=stored)
    replaced = "（取代此前载入的数据）" if done.replaced else ""
    click.echo(f"已保存 saved: {done.path}{replaced}")
    for number, fact in done.moved:
        click.echo(f"{number}\t{fact.change_text()}")
    click.echo(f"重新计算期限：{len(done.moved)}件申请的答复期限有变动")


@calendar_group.command("coverage")
@click.option("--from", "first", type=int, help=N_("first year to show"))
@click.option("--to", "last", type=int, help=N_("last year to show"))
@_provisional_option
@_friendly_errors
def coverage_command(first: int | None, last: int | None, provisional: bool) -> None:
    """Which years are official (package or loaded file), overridden, provisional or missing."""
    table = Table("year", "status", "source")
    for row in _calendar(provisional).coverage(first, last):
        style = None if row.official else "bold red" if row.kind == "missing" else "yellow"
        table.add_row(str(row.year), row.status, row.source, style=style)
    console().print(table)
