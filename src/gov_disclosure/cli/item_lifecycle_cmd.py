"""``item edit/delete/withhold``: a new edition, removing a draft, 不予公开 with its ground."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import click

from ..i18n import N_
from ..models.enums import Audience, ItemClass
from ..models.grounds import WithholdingGround
from .choices import EnumChoice
from .context import get_env, open_app
from .identity import actor_option

# option name → EditionDraft field; "" given on the command line clears an optional field
_OPTIONAL = {"doc_number", "interprets", "objection_contact", "summary", "body"}


def _changes(app: Any, opts: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    body_file = opts.pop("body_file")
    if body_file:
        from ..review.textio import read_text

        opts["body"] = read_text(body_file)
    notice = opts.pop("notice_days")
    if notice is not None:
        changes["notice_period"] = {"days": notice} if notice > 0 else None
    for key, value in opts.items():
        if value is None:
            continue
        if value == "" and key in _OPTIONAL:
            changes[key] = "" if key in {"summary", "body"} else None
        else:
            changes[key] = value
    if changes.get("interprets") and "kind" not in changes:
        changes["kind"] = "政策解读"
    return changes


def _attachments(app: Any, item: str, attach: tuple[Path, ...], detach: tuple[str, ...]) -> Any:
    """The newest edition's attachments with ``detach`` removed and ``attach`` added (None:
    unchanged)."""
    if not attach and not detach:
        return None
    current = [a.model_dump() for a in app.edition(item).attachments]
    names = {a["name"] for a in current}
    missing = [n for n in detach if n not in names]
    if missing:
        raise click.UsageError(
            f"没有名为 {'、'.join(missing)} 的附件（现有：{'、'.join(names) or '无'}）"
        )
    kept = [a for a in current if a["name"] not in detach]
    return kept + [app.blobs.put(Path(p)).model_dump() for p in attach]


@click.command("edit")
@click.argument("item")
@click.option("--title", help=N_("title"))
@click.option("--body", help=N_("body text"))
@click.option(
    "--body-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_("read the body text from this file"),
)
@click.option("--summary", help=N_("summary (内容概述)"))
@click.option("--doc-number", help=N_('document number ("" clears it)'))
@click.option("--written-on", help=N_("date written, YYYY-MM-DD"))
@click.option("--topic", help=N_("topic category"))
@click.option("--column", help=N_("column (section of the catalogue)"))
@click.option("--unit", "responsible_unit", help=N_("responsible unit"))
@click.option("--publisher", help=N_("publishing body"))
@click.option("--kind", help=N_("kind, e.g. 政策文件, 政策解读"))
@click.option(
    "--item-class",
    type=EnumChoice(ItemClass),
    help=N_("review class: which approval stages it passes"),
)
@click.option("--audience", type=EnumChoice(Audience), help=N_("who may see it"))
@click.option("--notice-days", type=int, help=N_("notice period (公示期) in days (0 removes it)"))
@click.option(
    "--interprets",
    help=N_('索引号 of the policy document this interpretation explains ("" clears it)'),
)
@click.option(
    "--attach",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help=N_("attach this file; repeatable"),
)
@click.option("--detach", multiple=True, help=N_("remove the attachment of this name"))
@actor_option(
    "--author", help=N_("the 经办人 who drafts it (default: the logged-in account's actor)")
)
def item_edit(item: str, author: str, attach: tuple[Path, ...], detach: tuple[str, ...],
              **opts: Any) -> None:  # fmt: skip
    """修改: a new edition of a draft, of an item in review (back to draft) or of a
    published item (back to review); unchanged fields are kept. Screening runs on submit."""
    app = open_app(get_env())
    changes = _changes(app, opts)
    with app.blobs.staging():  # a refused edit leaves no stored file behind
        files = _attachments(app, item, attach, detach)
        if files is not None:
            changes["attachments"] = files
        it = app.items.edit_item(item, changes, str(author))
    click.echo(f"{it.index_no}\t{it.state.label}\t第{it.current_edition}版")


@click.command("delete")
@click.argument("item")
@actor_option()
@click.option("--reason", default="", help=N_("why (kept in the audit log)"))
@click.option("--yes", is_flag=True, help=N_("do not ask for confirmation"))
def item_delete(item: str, actor: str, reason: str, yes: bool) -> None:
    """删除草稿: only a draft never submitted nor published; its 索引号 is not reused."""
    app = open_app(get_env())
    it = app.item(item)
    if not yes:
        click.confirm(f"删除草稿 {it.index_no}「{app.edition(item).title}」？", abort=True)
    index_no = app.items.delete_item(item, str(actor), reason)
    click.echo(f"{index_no}\t已删除")


#: an item's grounds (Arts 14-16): 行政查询事项 is an application's ground, not an item's
_GROUNDS = tuple(g for g in WithholdingGround if g is not WithholdingGround.ADMIN_QUERY)


@click.command("withhold")
@click.argument("item")
@click.option(
    "--ground",
    required=True,
    type=EnumChoice(WithholdingGround, only=_GROUNDS),
    help=N_("the ground for withholding (Art. 14-16)"),
)
@click.option("--reason", required=True, help=N_("the specific reason, kept in the record"))
@actor_option()
def item_withhold(item: str, ground: str, reason: str, actor: str) -> None:
    """不予公开: an unpublished item is not disclosed, on a ground of 条例 Arts 14-16; it is
    no longer owed for publication."""
    it = open_app(get_env()).items.withhold_item(item, ground, reason, str(actor))
    click.echo(f"{it.index_no}\t{it.state.label}")


LIFECYCLE_COMMANDS = cast("list[click.Command]", [item_edit, item_delete, item_withhold])
