"""``gov-disclosure kiosk …``: commands run on (or for) a kiosk terminal."""

from __future__ import annotations

from pathlib import Path

import click

from gov_disclosure.cli.identity import actor_option

from .channel import KioskChannel
from .manifest import verify_bundle
from .sync import current_release, pull_bundle


@click.group(name="kiosk")
def kiosk() -> None:
    """电子触摸屏：同步与检查离线查询终端。"""


@kiosk.command(name="sync")
@actor_option(help="who publishes it (a role allowed to send; default: the logged-in account's)")
@click.pass_context
def sync(ctx: click.Context, actor: str) -> None:
    """Rebuild the kiosk bundle from the live, reviewed catalogue (on the office server); audited.

    Terminals then fetch it with 'kiosk pull'.
    """
    channel = ctx.obj.channel(KioskChannel.name)
    app = ctx.obj.app()
    permit = app.authorize_send(KioskChannel.name, actor)
    result = channel.rebuild()
    app.record_send(
        permit, {"release": result.release, "items": result.items, "path": str(result.root)}
    )
    click.echo(f"已同步：{result.release}，{result.items} 条 → {result.root}")


@kiosk.command(name="pull")
@click.argument("source")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--timeout", default=30.0, show_default=True, help="HTTP timeout in seconds.")
@click.option("--quiet", is_flag=True, help="Print only errors.")
def pull(source: str, dest: Path, timeout: float, quiet: bool) -> None:
    """Update the kiosk at DEST from SOURCE (an http(s) URL or a folder such as a USB stick).

    Only changed files are copied; DEST/current switches to the new bundle in one step.
    """
    result = pull_bundle(source, dest, timeout=timeout)
    if quiet:
        return
    if not result.changed:
        click.echo(f"已是最新：{result.release}")
    else:
        click.echo(
            f"已更新：{result.previous or '（无）'} → {result.release}；"
            f"下载 {len(result.fetched)} 个文件，沿用 {len(result.reused)} 个"
        )
    click.echo(f"打开：{(result.path / 'index.html')}")


@kiosk.command(name="verify")
@click.argument("dest", type=click.Path(exists=True, file_okay=False, path_type=Path))
def verify(dest: Path) -> None:
    """Check the bundle a kiosk shows (DEST/current, or DEST itself) against its manifest."""
    release, folder = current_release(dest)
    bad = verify_bundle(folder or dest)
    if bad:
        for path in bad:
            click.echo(f"不一致：{path}", err=True)
        raise SystemExit(1)
    click.echo(f"完好：{release or dest}")
