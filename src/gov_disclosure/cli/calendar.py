"""``gov-disclosure calendar``: working days, deadlines and official holiday schedules."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from ..errors import GovDisclosureError
from ..workdays import (
    DayKind,
    WorkdayCalendar,
    install_schedule_file,
    settings_from_config,
)
from ..workdays.sources import package_years
from .context import get_env

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
        section["provisional"] = True
    return WorkdayCalendar.from_config(section, base_dir)


def _day(d: date) -> str:
    return f"{d.isoformat()} 星期{_WEEKDAYS[d.weekday()]}"


_provisional_option = click.option(
    "--provisional",
    is_flag=True,
    help="Answer beyond the official data too (weekends and statutory days); marked provisional.",
)


@click.group("calendar")
def calendar_group() -> None:
    """工作日历: working days, deadlines and official holiday schedules (调休 included)."""


@calendar_group.command("add")
@click.argument("start", type=DATE)
@click.argument("n", type=int)
@click.option("--explain", is_flag=True, help="List the holidays and 调休 days on the way.")
@_provisional_option
@_friendly_errors
def add_command(start: date, n: int, explain: bool, provisional: bool) -> None:
    """The date N working days after START (the period starts the day after START)."""
    cal = _calendar(provisional)
    deadline = cal.deadline(start, n)
    if deadline.provisional:
        years = ", ".join(str(y) for y in deadline.provisional_years)
        status = f"PROVISIONAL (no official data for {years}; may change)"
    else:
        status = "official"
    click.echo(f"{_day(deadline.due)}  {status}")
    if not explain:
        return
    weekends = 0
    for info in cal.explain(start, n):
        if info.kind is DayKind.WEEKEND:
            weekends += 1
            continue
        action = "counted" if info.workday else "skipped"
        mark = "  (provisional)" if info.provisional else ""
        click.echo(f"  {_day(info.day)}  {action}  {info.kind.label} {info.name or ''}{mark}")
    click.echo(f"  {weekends} ordinary weekend day(s) skipped")


@calendar_group.command("is-workday")
@click.argument("day", type=DATE)
@_provisional_option
@_friendly_errors
def is_workday_command(day: date, provisional: bool) -> None:
    """Whether DAY is a working day, and why."""
    info = _calendar(provisional).day_info(day)
    verdict = "workday" if info.workday else "not a workday"
    reason = info.kind.label + (f": {info.name}" if info.name else "")
    mark = "  PROVISIONAL" if info.provisional else ""
    click.echo(f"{_day(day)}: {verdict} ({reason}){mark}")


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
    mark = f"  PROVISIONAL (no official data for {', '.join(map(str, touched))})" * bool(touched)
    click.echo(f"{count}{mark}")


@calendar_group.command("load")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_friendly_errors
def load_command(file: Path) -> None:
    """Check an official schedule FILE and copy it into the calendar data folder."""
    section, base_dir = _config()
    settings = settings_from_config(section, base_dir)
    done = install_schedule_file(file, settings.data_dir)
    schedule = done.schedule
    click.echo(
        f"loaded {schedule.year}: {len(schedule.holidays)} holiday(s), "
        f"{len(schedule.workdays)} 调休 working day(s) from {schedule.notice_no or schedule.source}"
    )
    click.echo(f"saved as {done.path}" + (" (replaced the file loaded before)" * done.replaced))
    if schedule.year in package_years():
        click.echo(f"note: replaces the chinesecalendar package's data for {schedule.year}")


@calendar_group.command("coverage")
@click.option("--from", "first", type=int, help="First year to show.")
@click.option("--to", "last", type=int, help="Last year to show.")
@_provisional_option
@_friendly_errors
def coverage_command(first: int | None, last: int | None, provisional: bool) -> None:
    """Which years are official (package or loaded file), overridden, provisional or missing."""
    table = Table("year", "status", "source")
    for row in _calendar(provisional).coverage(first, last):
        style = None if row.official else "bold red" if row.kind == "missing" else "yellow"
        table.add_row(str(row.year), row.status, row.source, style=style)
    Console().print(table)
