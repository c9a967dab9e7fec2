"""``org add/list`` and ``actor add/roles/disable/list``."""

from __future__ import annotations

import click
from rich.table import Table

from ..models import Actor, Level, Organization
from ..validation import build
from .choices import EnumChoice
from .context import get_env, open_app
from .identity import actor_option
from .output import console


@click.group("org")
def org_group() -> None:
    """Bodies (机关 / 单位): townships, villages, departments."""


@org_group.command("add")
@click.argument("name")
@click.option("--credit-code", required=True, help="统一社会信用代码 (18 characters)")
@click.option("--level", type=EnumChoice(Level), required=True)
@click.option("--parent", help="parent body: id, credit code or name")
@click.option("--short-name")
@actor_option(help="the administrator (管理员) registering (default: the logged-in account's)")
def org_add(
    name: str, credit_code: str, level: str, parent: str | None, short_name: str | None, actor: str
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
        },
    )
    created = app.add_organization(org, actor)
    click.echo(f"{created.id}\t{created.name}\t{created.credit_code}")


@org_group.command("list")
def org_list() -> None:
    """All bodies."""
    app = open_app(get_env())
    table = Table("id", "名称", "统一社会信用代码", "层级", "上级")
    for o in app.organizations():
        table.add_row(str(o.id), o.name, o.credit_code, o.level.value, str(o.parent_id or ""))
    console().print(table)


@click.group("actor")
def actor_group() -> None:
    """People who draft, review and approve (经办人, 科室负责人, 分管领导, 主要领导); managed by
    an administrator (管理员)."""


@actor_group.command("add")
@click.argument("actor_id")
@click.option("--name", required=True, help="姓名")
@click.option("--unit", required=True, help="科室 / 单位")
@click.option("--role", "roles", multiple=True, help="a review stage or role; repeatable")
@click.option("--mobile")
@click.option(
    "--different-person",
    metavar="REASON",
    help="someone with the same name and unit is registered: confirm (with a reason) that "
    "this is a different person",
)
@actor_option(help="the administrator (管理员) registering (default: the logged-in account's)")
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
    click.echo(f"已登记 actor {person.id} added ({'、'.join(sorted(roles)) or '无角色'})")


@actor_group.command("roles")
@click.argument("actor_id")
@click.option("--add", "add", multiple=True, help="a role to grant; repeatable")
@click.option("--remove", "remove", multiple=True, help="a role to take away; repeatable")
@actor_option(help="the administrator (管理员) (default: the logged-in account's)")
def actor_roles(actor_id: str, add: tuple[str, ...], remove: tuple[str, ...], actor: str) -> None:
    """Grant or take away roles."""
    changed = open_app(get_env()).set_actor_roles(actor_id, actor, add=add, remove=remove)
    click.echo(f"{changed.id}: {'、'.join(sorted(changed.roles)) or '无角色'}")


@actor_group.command("disable")
@click.argument("actor_id")
@click.option("--reason", required=True, help="why (调离, 退休 …); recorded")
@actor_option(help="the administrator (管理员) (default: the logged-in account's)")
def actor_disable(actor_id: str, reason: str, actor: str) -> None:
    """Disable an actor: kept in the record, refused everywhere from now on."""
    open_app(get_env()).disable_actor(actor_id, actor, reason)
    click.echo(f"已停用 actor {actor_id} disabled")


@actor_group.command("list")
@click.option("--all", "include_disabled", is_flag=True, help="also disabled actors")
def actor_list(include_disabled: bool) -> None:
    """Registered actors and their roles."""
    app = open_app(get_env())
    table = Table("id", "姓名", "单位", "角色", "状态")
    for a in app.actors(include_disabled=include_disabled):
        state = "在用" if a.active else "已停用"
        table.add_row(a.id, a.name, a.unit, ", ".join(sorted(a.roles)), state)
    console().print(table)


COMMANDS = [org_group, actor_group]
