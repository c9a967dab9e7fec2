"""``org add/list`` and ``actor add/list``."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from ..models import Actor, Level, Organization
from ..validation import build
from .context import get_env, open_app


@click.group("org")
def org_group() -> None:
    """Bodies (机关 / 单位): townships, villages, departments."""


@org_group.command("add")
@click.argument("name")
@click.option("--credit-code", required=True, help="统一社会信用代码 (18 characters)")
@click.option("--level", type=click.Choice([lv.value for lv in Level]), required=True)
@click.option("--parent", help="parent body: id, credit code or name")
@click.option("--short-name")
def org_add(
    name: str, credit_code: str, level: str, parent: str | None, short_name: str | None
) -> None:
    """Register a body."""
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
    created = app.add_organization(org)
    click.echo(f"{created.id}\t{created.name}\t{created.credit_code}")


@org_group.command("list")
def org_list() -> None:
    """All bodies."""
    app = open_app(get_env())
    table = Table("id", "名称", "统一社会信用代码", "层级", "上级")
    for o in app.organizations():
        table.add_row(str(o.id), o.name, o.credit_code, o.level.value, str(o.parent_id or ""))
    Console().print(table)


@click.group("actor")
def actor_group() -> None:
    """People who draft, review and approve (经办人, 科室负责人, 分管领导, 主要领导)."""


@actor_group.command("add")
@click.argument("actor_id")
@click.option("--name", required=True)
@click.option("--unit", required=True, help="科室 / 单位")
@click.option("--role", "roles", multiple=True, help="a review stage or role; repeatable")
@click.option("--mobile")
def actor_add(
    actor_id: str, name: str, unit: str, roles: tuple[str, ...], mobile: str | None
) -> None:
    """Register an actor with roles (e.g. --role 科室审核)."""
    app = open_app(get_env())
    person = build(
        Actor,
        {"id": actor_id, "name": name, "unit": unit, "roles": frozenset(roles), "mobile": mobile},
    )
    app.add_actor(person)
    click.echo(f"actor {person.id} added")


@actor_group.command("list")
def actor_list() -> None:
    app = open_app(get_env())
    from ..items.records import list_actors

    table = Table("id", "姓名", "单位", "角色")
    with app.store.engine.connect() as conn:
        for a in list_actors(conn):
            table.add_row(a.id, a.name, a.unit, ", ".join(sorted(a.roles)))
    Console().print(table)


COMMANDS = [org_group, actor_group]
