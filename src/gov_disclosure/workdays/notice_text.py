"""The State Council's holiday notice (国务院办公厅关于某年部分节假日安排的通知), pasted as text.

Each section reads like::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

Older notices write 星期 for 周, and ranges across months ("1月27日至2月2日") or years
("2023年12月30日至2024年1月1日"). Every weekday given in brackets is checked against the
date, and every "共N天" against the range: a notice pasted for the wrong year fails loudly.
The result is an :class:`OfficialSchedule`, stored as a schedule file (:func:`schedule_toml`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .schedule_file import OfficialSchedule, ScheduleFileError

_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*([^：:]{1,12})[：:](.*)$")
_DATE = re.compile(
    r"(?:(?P<year>\d{4})\s*年\s*)?(?:(?P<month>\d{1,2})\s*月\s*)?(?P<day>\d{1,2})\s*日"
    r"(?:\s*[（(](?P<note>[^）)]*)[）)])?"
)
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年")
_NOTICE_NO = re.compile(r"国办发明电\s*[〔\[（(]\s*\d{4}\s*[〕\]）)]\s*\d+\s*号")
_WEEKDAYS = "一二三四五六日"
_WEEKDAY_NOTE = re.compile(r"(?:周|星期)([一二三四五六日天])")


def weekday_zh(day: date) -> str:
    """``周四`` for a Thursday."""
    return f"周{_WEEKDAYS[day.weekday()]}"


def _dates(text: str, year: int, where: str, bad: list[tuple[str, str]]) -> list[date]:
    """Every date written in ``text``; a date without a month takes the previous one's."""
    found: list[date] = []
    last_year, last_month = year, None
    for m in _DATE.finditer(text):
        y = int(m["year"]) if m["year"] else last_year
        month = int(m["month"]) if m["month"] else last_month
        if month is None:
            bad.append((where, f"「{m[0]}」没有月份"))
            continue
        try:
            day = date(y, month, int(m["day"]))
        except ValueError:
            bad.append((where, f"「{m[0]}」不是有效日期"))
            continue
        note = _WEEKDAY_NOTE.search(m["note"] or "")
        if note:
            written = "日" if note[1] == "天" else note[1]
            if _WEEKDAYS[day.weekday()] != written:
                rule = f"{day.isoformat()} 是{weekday_zh(day)}，通知写的是周{written}：年份对吗？"
                bad.append((where, rule))
        found.append(day)
        last_year, last_month = y, month
    return found


def parse_notice_text(text: str, year: int | None = None, origin: str = "通知") -> OfficialSchedule:
    """Read the pasted notice; ``year`` defaults to the one in its title (关于2027年…)."""
    title = next((line.strip() for line in text.splitlines() if "节假日安排" in line), "")
    if year is None:
        found = _TITLE_YEAR.search(text)
        if not found:
            raise ScheduleFileError(
                [(origin, "找不到年份：请粘贴含标题的通知全文，或用 --year 指定年份")]
            )
        year = int(found[1])
    bad: list[tuple[str, str]] = []
    off: dict[date, str] = {}
    work: dict[date, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        section = _SECTION.match(line)
        if not section or "放假" not in section[2]:
            continue
        name, body = section[1].strip(), section[2]
        where = f"{origin} 第{number}行（{name}）"
        head, _, rest = body.partition("放假")
        days = _dates(head, year, where, bad)
        if len(days) == 1:
            span = days
        elif len(days) == 2 and days[0] <= days[1] <= days[0] + timedelta(days=31):
            span = [days[0] + timedelta(days=k) for k in range((days[1] - days[0]).days + 1)]
        else:
            bad.append((where, "放假日期应为一天或「某日至某日」"))
            continue
        total = _TOTAL.search(rest)
        if total and int(total[1]) != len(span):
            bad.append((where, f"写明共{total[1]}天，日期范围却是{len(span)}天"))
        for day in span:
            if day in off:
                bad.append((where, f"{day.isoformat()} 已列为{off[day]}假期"))
            off[day] = name
        for clause in re.split(r"[。；;]", rest):
            for piece in clause.split("上班")[:-1]:  # the dates before each 上班
                for day in _dates(piece, year, where, bad):
                    if day.weekday() < 5:
                        rule = f"{day.isoformat()} 是{weekday_zh(day)}，调休上班应为周末"
                        bad.append((where, rule))
                    work[day] = f"{name}调休上班"
    if not off and not bad:
        bad.append((origin, "没有找到「一、元旦：…放假」这样的条目：请粘贴通知正文"))
    for day in sorted(set(off) & set(work)):
        bad.append((origin, f"{day.isoformat()} 既放假又上班"))
    if bad:
        raise ScheduleFileError(bad)
    notice_no = _NOTICE_NO.search(text)
    return OfficialSchedule(
        year=year,
        source=title or f"国务院办公厅关于{year}年部分节假日安排的通知",
        holidays=dict(sorted(off.items())),
        workdays=dict(sorted(work.items())),
        notice_no=re.sub(r"\s+", "", notice_no[0]) if notice_no else None,
        origin=origin,
    )


def schedule_toml(schedule: OfficialSchedule) -> str:
    """The schedule file (see :mod:`.schedule_file`) for a parsed notice: one ``[[holiday]]``
    per name, its days as a list, its 调休 working days beside them."""
    lines = [f"year = {schedule.year}", f"source = {_quote(schedule.source)}"]
    if schedule.notice_no:
        lines.append(f"notice_no = {_quote(schedule.notice_no)}")
    if schedule.published_on:
        lines.append(f"published_on = {schedule.published_on.isoformat()}")
    names = list(dict.fromkeys(schedule.holidays.values()))
    for name in names:
        days = [d for d, n in schedule.holidays.items() if n == name]
        extra = [d for d, n in schedule.workdays.items() if n == f"{name}调休上班"]
        lines += ["", "[[holiday]]", f"name = {_quote(name)}"]
        lines.append(f"dates = [{', '.join(d.isoformat() for d in days)}]")
        if extra:
            lines.append(f"workdays = [{', '.join(d.isoformat() for d in extra)}]")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def day_by_day(schedule: OfficialSchedule) -> list[str]:
    """What was understood, one line per day, in date order (shown before storing)."""
    rows = [(d, f"放假  {n}") for d, n in schedule.holidays.items()]
    rows += [(d, f"上班  {n}") for d, n in schedule.workdays.items()]
    return [f"{d.isoformat()} {weekday_zh(d)}  {what}" for d, what in sorted(rows)]
