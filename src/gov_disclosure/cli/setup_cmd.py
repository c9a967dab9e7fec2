"""``init`` (config + database) and ``plugins``."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..plugins import describe_plugins, make_plugin_manager
from .context import get_env, open_app

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
def init(name: str, credit_code: str, short_name: str) -> None:
    """Write a config file (if missing) and create or upgrade the database."""
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
    app.init()
    click.echo(f"database ready: {env.db_url}")


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
    Console().print(table)


COMMANDS = [init, plugins_cmd]
__all__ = ["COMMANDS", "Path"]
