"""``gov-disclosure website rebuild``: the whole site again from the live catalogue."""

from __future__ import annotations

import click

from gov_disclosure.cli import actor_option
from gov_disclosure.i18n import N_

from .channel import WebsiteChannel


@click.group("website")
def website() -> None:
    """网站: the 政府信息公开 section as a static site."""


@website.command("rebuild")
@actor_option(
    help=N_("who publishes it: a role allowed to send (default: the logged-in account's actor)")
)
@click.pass_context
def rebuild(ctx: click.Context, actor: str) -> None:
    """Rebuild the site from the live, reviewed catalogue (pages whose inputs changed); audited."""
    channel = ctx.obj.channel(WebsiteChannel.name)
    app = ctx.obj.app()
    permit = app.authorize_send(WebsiteChannel.name, actor)
    report = channel.rebuild()
    outcome = {
        "written": len(report.written),
        "removed": len(report.removed),
        "unchanged": report.unchanged,
    }
    app.record_send(permit, {"out_dir": str(channel.out_dir), **outcome})
    click.echo(
        f"网站已重建 site rebuilt in {channel.out_dir}: {outcome['written']} written, "
        f"{outcome['removed']} removed, {outcome['unchanged']} unchanged"
    )
    for line in report.warnings:
        click.echo(f"警告 warning: {line}", err=True)
