"""``init`` (config + database) and ``plugins``."""

from __future__ import annotations

import re
from pathlib import Path

import click
from rich.table import Table

from ..app import App
from ..models import Actor
from ..plugins import describe_plugins, make_plugin_manager
from ..validation import build
from .context import get_env, open_app
from .identity import os_account
from .output import console

CONFIG_TEMPLATE = """\
# gov-disclosure configuration
[organization]
name = "{name}"
credit_code = "{credit_code}"
level = "乡镇"
short_name = "{short}"
office = "党政综合办公室"
address = "示例县示例镇人民路1号"
office_hours = "工作日 上午8:30-12:00，下午14:00-17:30"
phone = "0510-88881234"

[site]
base_url = "http://localhost:8000"

[storage]
files_dir = "gov-disclosure-files"
data_dir = "gov-disclosure-output"

[review.stages]
routine = ["科室审核", "分管领导把关"]
important = ["科室审核", "分管领导把关", "主要领导审批"]

[channels.sms]
transport = "outbox"
"""


@click.command()
@click.option("--name", default="示例镇人民政府", show_default=True)
@click.option("--credit-code", default="11320000MB1234562M", show_default=True)
@click.option("--short-name", default="示例镇", show_default=True)
@click.option(
    "--admin",
    "admin_id",
    help="id of the first administrator (管理员), created when there is none "
    "[default: the actor bound to this account, else the account name]",
)
@click.option("--admin-name", help="the administrator's 姓名 [default: the account name]")
@click.option("--admin-unit", help="the administrator's unit [default: [organization] office]")
def init(
    name: str,
    credit_code: str,
    short_name: str,
    admin_id: str | None,
    admin_name: str | None,
    admin_unit: str | None,
) -> None:
    """Write a config file (if missing), create or upgrade the database, and create the first
    administrator (管理员) when there is none."""
    env = get_env()
    path = env.config_file
    if not path.exists():
        from ..identifiers import validate_credit_code

        validate_credit_code(credit_code)
        path.write_text(
            CONFIG_TEMPLATE.format(name=name, credit_code=credit_code, short=short_name),
            encoding="utf-8",
        )
        click.echo(f"config written: {path}")
        env._config = None
    app = open_app(env, check_schema=False)
    admin = first_admin(app, admin_id, admin_name, admin_unit)
    had_admin = _has_admin(app)
    app.init(admin)
    click.echo(f"database ready: {env.db_url}")
    if not had_admin and _has_admin(app):
        click.echo(
            f"管理员 administrator: {admin.id} ({admin.name}); "
            "add people with 'gov-disclosure actor add … --actor " + admin.id + "'"
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
@click.option("--json", "as_json", is_flag=True)
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
