"""``init`` (config + database) and ``plugins``."""

from __future__ import annotations

import re
from pathlib import Path

import click
from rich.table import Table

from ..app import App
from ..bodies.init_config import init_config_text
from ..i18n import N_, _
from ..models import Actor, Level
from ..plugins import describe_plugins, make_plugin_manager
from ..validation import build
from .choices import EnumChoice
from .context import get_env, open_app
from .identity import os_account
from .output import console


@click.command()
@click.option(
    "--level",
    type=EnumChoice(Level),
    default="乡镇",
    show_default=True,
    help=N_("the body's level: its columns, standard catalogue areas and guide wording follow"),
)
@click.option("--name", help=N_("the body's name (default: a sample body of the level)"))
@click.option(
    "--credit-code",
    default="11320000MB1234562M",
    show_default=True,
    help=N_("the body's unified social credit code"),
)
@click.option("--short-name", help=N_("short name (default: a sample of the level)"))
@click.option(
    "--admin",
    "admin_id",
    help=N_(
        "id of the first administrator, created when there is none "
        "(default: the actor bound to this account, else the account "
        "name)"
    ),
)
@click.option("--admin-name", help=N_("the administrator's full name (default: the account name)"))
@click.option(
    "--admin-unit", help=N_("the administrator's unit (default: the [organization] office)")
)
def init(
    level: str,
    name: str | None,
    credit_code: str,
    short_name: str | None,
    admin_id: str | None,
    admin_name: str | None,
    admin_unit: str | None,
) -> None:
    """Write a config file for a body of --level (if missing), create or upgrade the database,
    and create the first administrator (管理员) when there is none."""
    env = get_env()
    path = env.config_file
    if not path.exists():
        from ..identifiers import validate_credit_code

        text, to_fill = init_config_text(level, validate_credit_code(credit_code), name, short_name)
        path.write_text(text, encoding="utf-8")
        click.echo(f"已写入配置文件 config written: {path}（层级 {Level(level).label}）")
        if to_fill:
            click.echo(
                "请在配置文件 [organization] 中填写：" + "、".join(to_fill) + "（公开指南必填，"
                "已写为占位注释；填好前 report guide 会提示缺项）"
            )
        env._config = None
    app = open_app(env, check_schema=False)
    admin = first_admin(app, admin_id, admin_name, admin_unit)
    had_admin = _has_admin(app)
    app.init(admin)
    click.echo(_("database ready: {url}").format(url=env.db_url))
    if not had_admin and _has_admin(app):
        click.echo(
            _(
                "administrator: {id} ({name}); add people with "
                "'gov-disclosure actor add … --actor {id}'"
            ).format(id=admin.id, name=admin.name)
        )


def _has_admin(app: App) -> bool:
    from sqlalchemy import inspect, select

    from ..store.tables import actors

    if not inspect(app.store.engine).has_table("actors"):
        return False
    with app.store.engine.connect() as conn:
        rows = conn.execute(select(actors.c.roles).where(actors.c.active.is_(True)))
        return any(app.policy.admin_role in r.roles for r in rows)


def first_admin(
    app: App, admin_id: str | None, admin_name: str | None, admin_unit: str | None
) -> Actor:
    """The administrator ``init`` creates when there is none: the options, else the actor
    bound to this operating-system account, else one named after the account."""
    login = os_account()
    bound = app.config.authority.os_accounts.get(login)
    fallback = re.sub(r"[^A-Za-z0-9_.\-]", "_", login)[:64] or "admin"
    return build(
        Actor,
        {
            "id": admin_id or bound or fallback,
            "name": admin_name or login,
            "unit": admin_unit or app.config.organization.office,
            "roles": frozenset({app.policy.admin_role}),
        },
    )


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help=N_("print JSON instead of a table"))
def plugins_cmd(as_json: bool) -> None:
    """List installed plugins: versions, hooks and channels."""
    blocked = get_env().config.get("plugins", {}).get("blocked", [])
    infos = describe_plugins(make_plugin_manager(blocked=blocked))
    if as_json:
        import json

        click.echo(json.dumps([i.__dict__ for i in infos], ensure_ascii=False, indent=2))
        return
    table = Table("plugin", "version", "hooks", "channels")
    for i in infos:
        table.add_row(i.name, i.version or "-", ", ".join(i.hooks), ", ".join(i.channels))
    console().print(table)


COMMANDS = [init, plugins_cmd]
__all__ = ["COMMANDS", "Path"]
