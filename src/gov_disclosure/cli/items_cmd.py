"""``item add/import/list/show/withdraw/repeal``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import cast

import click
from rich.table import Table

from ..i18n import N_, _
from ..items.queries import catalogue
from ..models.enums import Audience, ItemClass, ItemState
from .choices import EnumChoice
from .context import get_env, open_app, open_reader
from .identity import actor_option
from .item_lifecycle_cmd import LIFECYCLE_COMMANDS
from .output import console


@click.group("item")
def item_group() -> None:
    """Disclosure items (公开事项) and the 公开目录."""


@item_group.command("add")
@click.option("--title", required=True, help=N_("title"))
@click.option("--body", default="", help=N_("body text"))
@click.option(
    "--body-file",
    type=click.Path(exists=True, path_type=Path),
    help=N_("read the body text from this file"),
)
@click.option("--summary", default="", help=N_("summary (内容概述)"))
@click.option("--doc-number", help=N_("document number, e.g. 示政发〔2026〕3号"))
@click.option("--written-on", required=True, help=N_("date written, YYYY-MM-DD"))
@click.option("--topic", required=True, help=N_("topic category"))
@click.option("--column", required=True, help=N_("column (section of the catalogue)"))
@click.option("--unit", "responsible_unit", required=True, help=N_("responsible unit"))
@click.option("--publisher", help=N_("publishing body (default: the configured body)"))
@click.option("--kind", default="其他", help=N_("kind, e.g. 政策文件, 政策解读"))
@click.option(
    "--item-class",
    default="routine",
    type=EnumChoice(ItemClass),
    help=N_("review class: which approval stages it passes"),
)
@click.option(
    "--audience", default="社会公开", type=EnumChoice(Audience), help=N_("who may see it")
)
@click.option("--notice-days", type=int, help=N_("notice period (公示期) in days"))
@click.option("--interprets", help=N_("索引号 of the policy document this interpretation explains"))
@click.option(
    "--attach",
    "attachments",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help=N_("attach this file; repeatable"),
)
@actor_option(
    "--author", help=N_("the 经办人 who drafts it (default: the logged-in account's actor)")
)
@click.option("--org", help=N_("the body (公开主体): id, credit code or name"))
def item_add(**opts: object) -> None:
    """Create a draft item."""
    from ..models import EditionDraft
    from ..validation import build

    app = open_app(get_env())
    body_file = opts.pop("body_file")
    if body_file:
        from ..review.textio import read_text

        opts["body"] = read_text(body_file)  # type: ignore[arg-type]
    author, org = opts.pop("author"), opts.pop("org")
    files = cast("tuple[Path, ...]", opts.pop("attachments"))
    notice = opts.pop("notice_days")
    data = {k: v for k, v in opts.items() if v not in (None, "")}
    data.setdefault("publisher", app.config.organization.name)
    if data.get("interprets") and data.get("kind") == "其他":
        data["kind"] = "政策解读"
    if notice:
        data["notice_period"] = {"days": notice}
    with app.blobs.staging():  # a refused item leaves no stored file behind
        data["attachments"] = [app.blobs.put(Path(p)).model_dump() for p in files]
        draft = build(EditionDraft, data)
        org_id = app.organization(org).id if org else None  # type: ignore[arg-type]
        item = app.create_item(draft, str(author), org_id)
    click.echo(f"{item.index_no}\t{item.state.label}\t{draft.title}")


@item_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@actor_option(
    "--author", help=N_("the 经办人 who drafts it (default: the logged-in account's actor)")
)
@click.option("--org", help=N_("the body (公开主体) the rows belong to: id, credit code or name"))
@click.option("--skip-invalid", is_flag=True, help=N_("write the good rows, report the bad"))
def item_import(path: Path, author: str, org: str | None, skip_invalid: bool) -> None:
    """Import drafts from CSV, Excel (.xlsx) or JSON, with the 公开目录's Chinese headers or
    English field names; any bad row and nothing is written (unless skipped)."""
    app = open_app(get_env())
    t = app.config.taxonomy
    org_id = app.organization(org).id if org else app.default_org_id()
    if org_id is None:
        raise click.ClickException(f"机构未登记 body not registered: {org}")
    from ..authority import Action, require
    from ..items.importer import import_file  # file readers: loaded when used

    with app.action(author) as conn:
        require(conn, app.policy, author, Action.ITEM_CREATE)
        result = import_file(
            conn,
            path,
            org_id,
            author,
            topics=t.all_topics(),  # type: ignore[arg-type]
            columns=t.all_columns(),
            skip_invalid=skip_invalid,
        )
    click.echo(
        _("imported {n} item(s): {first} … {last}").format(
            n=result.written, first=result.first_index_no, last=result.last_index_no
        )
    )
    for p in result.skipped:
        click.echo(_("skipped {problem}").format(problem=p.localized()), err=True)


@item_group.command("list")
@click.option("--org", help=N_("only this body's items (id, credit code or name)"))
@click.option("--topic", help=N_("only items of this topic category"))
@click.option("--column", help=N_("only items of this column"))
@click.option("--year", type=int, help=N_("only items written in this year"))
@click.option("--state", type=EnumChoice(ItemState), help=N_("only items in this state"))
@click.option("--unit", help=N_("only items of this responsible unit"))
@click.option("--search", "text", help=N_("only items whose title, text or 索引号 contains this"))
@click.option("--limit", default=20, show_default=True, help=N_("items per page"))
@click.option("--page", default=1, show_default=True, help=N_("page number"))
@click.option("--json", "as_json", is_flag=True, help=N_("print JSON instead of a table"))
def item_list(
    org: str | None,
    topic: str | None,
    column: str | None,
    year: int | None,
    state: str | None,
    unit: str | None,
    text: str | None,
    limit: int,
    page: int,
    as_json: bool,
) -> None:
    """The catalogue, newest first."""
    env = get_env()
    if org:
        app = open_app(env)
        org_id: int | None = app.organization(org).id
        engine = app.store.engine
    else:  # no App to build when this database and config were checked before
        org_id, engine = None, open_reader(env)
    with engine.connect() as conn:
        rows = catalogue(
            conn,
            org_id=org_id,
            topic=topic,
            column=column,
            year=year,
            state=state,
            unit=unit,
            text=text,
            limit=limit,
            offset=(page - 1) * limit,
        )
    if as_json:
        click.echo(
            json.dumps([r.__dict__ for r in rows], ensure_ascii=False, default=str, indent=2)
        )
        return
    table = Table("索引号", "标题", "主题分类", "栏目", "状态", "发布日期")
    for r in rows:
        state = ItemState(r.state).label if r.state in ItemState._value2member_map_ else r.state
        table.add_row(r.index_no, r.title, r.topic, r.column, state, str(r.published_on or ""))
    console().print(table)


@item_group.command("show")
@click.argument("item")
def item_show(item: str) -> None:
    """One item: state, live edition and the 公开目录 metadata."""
    app = open_app(get_env())
    it = app.item(item)
    ed = app.edition(item)
    rows = [
        ("索引号", it.index_no),
        ("状态", f"{it.state.label} ({it.state.value})"),
        ("版本", f"{it.current_edition} (live: {it.live_edition or '-'})"),
        ("标题", ed.title),
        ("发布机构", ed.publisher),
        ("文号", ed.doc_number or ""),
        ("成文日期", str(ed.written_on)),
        ("发布日期", str(ed.published_on or "")),
        ("主题分类", ed.topic),
        ("栏目", ed.column),
        ("公开方式", ed.mode.value),
        *([("不予公开理由", f"{ed.ground.label}（{ed.ground.article}）")] if ed.ground else []),
        ("类别", ed.kind.value),
        *([("解读的文件", ed.interprets)] if ed.interprets else []),
        ("公开范围", ed.audience.value),
        ("责任单位", ed.responsible_unit),
        ("公示期至", str(it.notice_ends_on or "")),
    ]
    table = Table(show_header=False)
    for k, v in rows:
        table.add_row(k, v)
    console().print(table)


@item_group.command("withdraw")
@click.argument("item")
@actor_option()
@click.option("--reason", required=True, help=N_("why it is withdrawn (kept in the audit log)"))
def item_withdraw(item: str, actor: str, reason: str) -> None:
    """撤回: take an item off every channel that has it."""
    it = open_app(get_env()).withdraw(item, actor, reason)
    click.echo(
        _("{index_no} withdrawn; run 'gov-disclosure run' to deliver").format(index_no=it.index_no)
    )


@item_group.command("repeal")
@click.argument("item")
@actor_option()
@click.option("--reason", required=True, help=N_("why it is repealed (kept in the audit log)"))
def item_repeal(item: str, actor: str, reason: str) -> None:
    """已废止: keep the item, marked as repealed."""
    it = open_app(get_env()).repeal(item, actor, reason)
    click.echo(_("{index_no} repealed").format(index_no=it.index_no))


for _command in LIFECYCLE_COMMANDS:
    item_group.add_command(_command)

COMMANDS = [item_group]
__all__ = ["COMMANDS", "date"]
