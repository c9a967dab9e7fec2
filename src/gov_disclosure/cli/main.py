"""Entry point of ``gov-disclosure``: global options, error handling, command groups.

Bad input never shows a traceback: every :class:`GovDisclosureError` becomes one line on
stderr (what, where, why) and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import GovDisclosureError
from .context import Env


class GuardedGroup(click.Group):
    """A group that turns library errors into one clear line and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GovDisclosureError as exc:
            click.echo(f"错误 error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=GuardedGroup)
@click.option("--db", envvar="GOV_DISCLOSURE_DB", help="database file or URL")
@click.option(
    "--config",
    "config_path",
    envvar="GOV_DISCLOSURE_CONFIG",
    type=click.Path(path_type=Path),
    help="config file (TOML)",
)
@click.version_option(package_name="gov-disclosure")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: Path | None) -> None:
    """政务公开 / 政府信息公开 from the command line."""
    ctx.obj = Env(db=db, config_path=config_path)


def _mount() -> None:
    from . import (
        apply_cmd,
        audit_cmd,
        demo_cmd,
        fee_cmd,
        items_cmd,
        orgs_cmd,
        publish_cmd,
        report_cmd,
        serve_cmd,
        setup_cmd,
        supervise_cmd,
        worker_cmd,
    )

    modules = (
        setup_cmd,
        orgs_cmd,
        items_cmd,
        publish_cmd,
        audit_cmd,
        apply_cmd,
        fee_cmd,
        report_cmd,
        supervise_cmd,
        worker_cmd,
        serve_cmd,
        demo_cmd,
    )
    for module in modules:
        for command in module.COMMANDS:
            cli.add_command(command)
    from . import approval_cmd  # noqa: F401 - adds the approval commands to ``review``
    from .calendar import calendar_group
    from .review import review_group

    cli.add_command(calendar_group)
    cli.add_command(review_group)


def _blocked_plugins() -> list[str]:
    """``[plugins] blocked`` from the config found the usual way (env or current folder)."""
    try:
        return list(Env().config.get("plugins", {}).get("blocked", []))
    except GovDisclosureError:
        return []


def _plugin_commands() -> None:
    from ..plugins import make_plugin_manager

    try:
        pm = make_plugin_manager(blocked=_blocked_plugins())
    except GovDisclosureError as exc:
        click.echo(f"错误 error: {exc}", err=True)
        return
    pm.hook.register_commands(cli=cli)


def main() -> None:
    _mount()
    _plugin_commands()
    cli()
