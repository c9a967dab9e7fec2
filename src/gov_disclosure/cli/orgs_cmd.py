"""``org add/list`` and ``actor add/roles/disable/list``."""

from __future__ import annotations

import json
from datetime import datetime

import click
from rich.table import Table

from ..i18n import N_, _
from ..models import Actor, Level, Organization
from ..validation import build
from .choices import EnumChoice
from .context import get_env, open_app
from .identity import actor_option
from .output import console

_DAY = click.DateTime(formats=["%Y-%m-%d"])


LEVEL_CHOICE = EnumChoice(Level)  # 县级政府 / 县, 县级部门, 乡镇, 村(居) / 村 …


@click.group("org")
def org_group() -> None:
    """Bodies (机关 / 单位): the county government, its departments, townships, villages."""


@org_group.command("add")
@click.argument("name")
@click.option("--credit-code", required=True, help=N_("unified social credit code (18 characters)"))
@click.option("--level", type=LEVEL_CHOICE, required=True, help=N_("level of the body"))
@click.option("--parent", help=N_("parent body: id, credit code or name"))
@click.option("--short-name", help=N_("short name"))
@click.option("--review-body", help=N_("the administrative review body named in its reply letters"))
@click.option("--started-on", type=_DAY, help=N_("columns are owed from this day (default: today)"))
@actor_option(help=N_("the administrator doing this (default: the logged-in account's actor)"))
def org_add(
    name: str,
    credit_code: str,
    level: str,
    parent: str | None,
    short_name: str | None,
    review_body: str | None,
    started_on: datetime | None,
    actor: str,
) -> None:
    """Register a body (an administrator's act)."""
    app = open_app(get_env())
    parent_id = app.organization(parent).id if parent else None
    org = build(
        Organization,
        {
            "name": name,
            "credit_code": credit_code,
            "level": level,
            "parent_id": parent_id,
            "short_name": short_name,
            "review_body": review_body,
            "started_on": started_on.date() if started_on else None,
        },
    )
    created = app.add_organization(org, actor)
    click.echo(f"{created.id}\t{created.name}\t{created.credit_code}")


@org_group.command("edit")
@click.argument("org")
@click.option("--name", help=N_("the body's name"))
@click.option("--short-name", help=N_("short name"))
@click.option("--level", type=LEVEL_CHOICE, help=N_("level of the body"))
@click.option("--parent", help=N_("parent body: id, credit code or name ('' for none)"))
@click.option("--review-body", help=N_("the administrative review body named in its reply letters"))
@click.option("--started-on", type=_DAY, help=N_("columns are owed from this day"))
@actor_option(help=N_("the administrator doing this (default: the logged-in account's actor)"))
def org_edit(
    org: str, actor: str, parent: str | None, started_on: datetime | None, **o: str
) -> None:
    """Change a body's name, short name, level, parent, 复议机关 or start date (audited)."""
    app = open_app(get_env())
    changes: dict[str, object] = {k: v for k, v in o.items() if v is not None}
    if parent is not None:
        changes["parent_id"] = app.organization(parent).id if parent else None
    if started_on is not None:
        changes["started_on"] = started_on.date()
    if not changes:
        raise click.UsageError("没有要修改的内容：请给出 --name、--level、--parent 等选项")
    changed = app.edit_organization(org, actor, **changes)
    click.echo(f"已修改 {changed.id}\t{changed.name}\t{changed.level.label}")


@org_group.command("disable")
@click.argument("org")
@click.option("--reason", required=True, help=N_("why (merged, renamed …); recorded"))
@actor_option(help=N_("the administrator doing this (default: the logged-in account's actor)"))
def org_disable(org: str, reason: str, actor: str) -> None:
    """Disable a body: its records stay, it gets no new ones."""
    changed = open_app(get_env()).disable_organization(org, actor, reason)
    click.echo(f"已停用 {changed.id}\t{changed.name}（历史记录保留，不再新增记录）")


@org_group.command("list")
@click.option("--level", type=LEVEL_CHOICE, help=N_("only bodies of this level"))
@click.option("--json", "as_json", is_flag=True, help=N_("print JSON instead of a table"))
def org_list(level: str | None, as_json: bool) -> None:
    """All bodies (of one level)."""
    app = open_app(get_env())
    if as_json:
        rows = [o.model_dump(mode="json") for o in app.organizations(level)]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    names = {o.id: o.name for o in app.organizations()}
    table = Table("id", "名称", "统一社会信用代码", "层级", "上级", "复议机关", "起算日", "状态")
    for o in app.organizations(level):
        table.add_row(
            str(o.id),
            o.name,
            o.credit_code,
            o.level.label,
            names.get(o.parent_id, "") if o.parent_id else "",
            o.review_body or "",
            str(o.started_on or ""),
            "在用" if o.active else f"已停用 {o.disabled_at:%Y-%m-%d}",
        )
    console(width=200).print(table)


@click.group("actor")
def actor_group() -> None:
    """People who draft, review and approve (经办人, 科室负责人, 分管领导, 主要领导); managed by
    an administrator (管理员)."""


@actor_group.command("add")
@click.argument("actor_id")
@click.option("--name", required=True, help=N_("the person's full name"))
@click.option("--unit", required=True, help=N_("the person's office or unit"))
@click.option(
    "--role", "roles", multiple=True, help=N_("a review stage or role to grant; repeatable")
)
@click.option("--mobile", help=N_("mobile phone number"))
@click.option(
    "--different-person",
    metavar="REASON",
    help=N_(
        "someone with the same name and unit is registered: confirm, "
        "with a reason, that this is a different person"
    ),
)
@actor_option(help=N_("the administrator doing this (default: the logged-in account's actor)"))
def actor_add(
    actor_id: str,
    name: str,
    unit: str,
    roles: tuple[str, ...],
    mobile: str | None,
    different_person: str | None,
    actor: str,
) -> None:
    """Register an actor with roles (e.g. --role 科室审核): one person, one actor."""
    app = open_app(get_env())
    person = build(
        Actor,
        {"id": actor_id, "name": name, "unit": unit, "roles": frozenset(roles), "mobile": mobile},
    )
    app.add_actor(person, actor, different_person=different_person)
    click.echo(
        _("Registered {actor} ({roles})").format(
            actor=person.id, roles="、".join(sorted(roles)) or _("no role")
        )
    )


@actor_group.command("roles")
@click.argument("actor_id")
@click.option("--add", "add", multiple=True, help=N_("a role to grant; repeatable"))
@click.option("--remove", "remove", multiple=True, help=N_("a role to take away; repeatable"))
@actor_option(help=N_("the administrator doing this (default: the logged-in account's actor)"))
def actor_roles(actor_id: str, add: tuple[str, ...], remove: tuple[str, ...], actor: str) -> None:
    """Grant or take away roles."""
    changed = open_app(get_env()).set_actor_roles(actor_id, actor, add=add, remove=remove)
    click.echo(f"{changed.id}: {'、'.join(sorted(changed.roles)) or '无角色'}")


@actor_group.command("disable")
@click.argument("actor_id")
@click.option("--reason", required=True, help=N_("why (transfer, retirement …); recorded"))
@actor_option(help=N_("the administrator doing this (default: the logged-in account's actor)"))
def actor_disable(actor_id: str, reason: str, actor: str) -> None:
    """Disable an actor: kept in the record, refused everywhere from now on."""
    open_app(get_env()).disable_actor(actor_id, actor, reason)
    click.echo(f"已停用 actor {actor_id} disabled")


@actor_group.command("list")
@click.option("--all", "include_disabled", is_flag=True, help=N_("also list disabled people"))
def actor_list(include_disabled: bool) -> None:
    """Registered actors and their roles."""
    app = open_app(get_env())
    table = Table("id", "姓名", "单位", "角色", "状态")
    for a in app.actors(include_disabled=include_disabled):
        state = "在用" if a.active else "已停用"
        table.add_row(a.id, a.name, a.unit, ", ".join(sorted(a.roles)), state)
    console().print(table)


COMMANDS = [org_group, actor_group]
