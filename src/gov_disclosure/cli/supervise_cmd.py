"""``due``, ``complaint add|reply|list`` and ``scorecard``: supervision from the command line."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click

from ..i18n import N_
from ..kernel import Kernel
from ..models import Level
from ..supervision import (
    ART39_NOTE,
    ComplaintKind,
    ComplaintRoute,
    add_complaint,
    build_scorecard,
    compute_obligations,
    list_complaints,
    reply_complaint,
)
from ..supervision.reminders import notice_states
from ..supervision.render import scorecard_table, write_scorecard_html
from .choices import EnumChoice
from .context import get_env, open_app
from .identity import actor_option
from .output import console

_DAY = click.DateTime(formats=["%Y-%m-%d"])


def _app() -> Kernel:
    return open_app(get_env()).kernel


def _d(value: datetime | None) -> date | None:
    return value.date() if value else None


def _dump(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("due")
@click.option("--unit", help=N_("only this responsible unit"))
@click.option("--within", type=click.IntRange(min=0), help=N_("due within N working days"))
@click.option("--today", type=_DAY, help=N_("as of this day (default: today)"))
@click.option("--org", help=N_("only this body's (id, credit code or name)"))
@click.option("--json", "as_json", is_flag=True, help=N_("print JSON instead of a table"))
def due_cmd(
    unit: str | None, within: int | None, today: datetime | None, org: str | None, as_json: bool
) -> None:
    """Everything owed, soonest first: who, by when, days left or late, and why."""
    kernel = _app()
    found = compute_obligations(kernel, _d(today), unit=unit, within=within, org=org)
    notices = notice_states(kernel, found)
    if as_json:
        _dump([{**o.to_dict(), "notice": notices.get(o.key)} for o in found])
        return
    if not found:
        click.echo("没有待办事项 nothing due")
    for o in found:
        notice = f"\t{notices[o.key]}" if o.key in notices else ""
        click.echo(
            f"{o.due_text}\t{o.unit}\t{o.left_text}\t[{o.kind.label}] {o.description}"
            f"\t依据：{o.why}{notice}"
        )


@click.group("complaint")
def complaint_group() -> None:
    """举报 / 投诉 / 意见建议 (not disclosure applications: 条例第三十九条)."""


@complaint_group.command("add")
@click.option(
    "--kind",
    required=True,
    type=EnumChoice(ComplaintKind),
    help=N_("kind of complaint"),
)
@click.option("--text", required=True, help=N_("what it says"))
@click.option("--office", help=N_("the office it is about"))
@click.option("--item", help=N_("索引号 of the item it is about (its responsible unit answers)"))
@click.option(
    "--route",
    default=ComplaintRoute.BOX.value,
    type=EnumChoice(ComplaintRoute),
    help=N_("how it came in"),
)
@click.option("--name", help=N_("the complainant's name (blank: anonymous)"))
@click.option("--contact", help=N_("the complainant's phone or address"))
@click.option("--received-on", type=_DAY, help=N_("the day it came in (default: today)"))
@click.option(
    "--org",
    help=N_(
        "the body (公开主体): id, credit code or name (default: yours, else the configured one)"
    ),
)
@actor_option()
def complaint_add(
    actor: str, received_on: datetime | None, org: str | None, **o: str | None
) -> None:
    """Register one; prints its number and reply deadline, and the Art. 39 note."""
    form = {k: v for k, v in o.items() if v is not None}
    if received_on:
        form["received_on"] = received_on.date().isoformat()
    found = add_complaint(_app(), form, actor, org)
    click.echo(f"{found.number}\t{found.kind.value}\t{found.office}\t答复期限 {found.due}")
    click.echo(ART39_NOTE)


@complaint_group.command("reply")
@click.argument("number")
@click.option("--text", required=True, help=N_("the reply"))
@click.option("--on", type=_DAY, help=N_("day of the reply (default: today)"))
@actor_option()
def complaint_reply(number: str, text: str, on: datetime | None, actor: str) -> None:
    """Record the reply to a complaint."""
    found = reply_complaint(_app(), number, actor, text, _d(on))
    timing = "按时" if found.on_time else "逾期"
    click.echo(f"{found.number}\t已于{found.replied_on}答复（{timing}，期限{found.due}）")


@complaint_group.command("list")
@click.option("--open", "open_only", is_flag=True, help=N_("only those awaiting a reply"))
@click.option("--office", help=N_("only those about this office"))
@click.option("--org", help=N_("only this body's (id, credit code or name)"))
@click.option("--json", "as_json", is_flag=True, help=N_("print JSON instead of a table"))
def complaint_list(open_only: bool, office: str | None, org: str | None, as_json: bool) -> None:
    """Complaints, oldest first (names and contacts are not shown)."""
    found = list_complaints(_app(), open_only=open_only, office=office, org=org)
    if as_json:
        _dump(
            [{k: v for k, v in c.to_dict().items() if k not in ("name", "contact")} for c in found]
        )
        return
    for c in found:
        state = f"已答复 {c.replied_on}" if c.replied_on else "待答复"
        click.echo(
            f"{c.number}\t{c.kind.value}\t{c.office}\t收到 {c.received_on}\t期限 {c.due}\t{state}"
        )


@click.command("scorecard")
@click.option("--unit", help=N_("only this responsible unit"))
@click.option("--from", "start", type=_DAY, help=N_("first day (default: 1 January)"))
@click.option("--to", "end", type=_DAY, help=N_("last day (default: 31 December)"))
@click.option("--json", "as_json", is_flag=True, help=N_("print JSON instead of a table"))
@click.option("--html", "html", type=click.Path(path_type=Path), help=N_("write the page here"))
@click.option("--internal", is_flag=True, help=N_("write the page to <data_dir>/internal/"))
@click.option("--org", help=N_("only this body's offices (id, credit code or name)"))
@click.option(
    "--level",
    type=EnumChoice(Level),
    help=N_("compare the bodies of this level, one row per body"),
)
def scorecard_cmd(
    org: str | None,
    level: str | None,
    unit: str | None,
    start: datetime | None,
    end: datetime | None,
    as_json: bool,
    html: Path | None,
    internal: bool,
) -> None:
    """考核 scorecard per office for a period (--level: per body, bodies of one level compared):
    a table, JSON, or an internal HTML page."""
    app = _app()
    year = app.today().year
    first = _d(start) or date(year, 1, 1)
    last = _d(end) or date(first.year, 12, 31)
    card = build_scorecard(app, first, last, unit=unit, org=org, level=level)
    if html or internal:
        path = write_scorecard_html(app, card, html)
        click.echo(f"内部考核页面（不对外公开） internal page: {path}", err=as_json)
    if as_json:
        _dump(card.to_dict())
    elif not (html or internal):
        console(width=200).print(scorecard_table(card))


COMMANDS = [due_cmd, complaint_group, scorecard_cmd]
