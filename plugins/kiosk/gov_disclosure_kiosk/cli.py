"""``gov-disclosure kiosk …``: commands run on (or for) a kiosk terminal."""

from __future__ import annotations

from pathlib import Path

import click

from gov_disclosure.cli import actor_option
from gov_disclosure.i18n import N_

from . import signing
from .channel import KioskChannel
from .manifest import MANIFEST_NAME, verify_bundle
from .sync import current_release, pull_bundle, trusted_keys


@click.group(name="kiosk")
def kiosk() -> None:
    """电子触摸屏：同步与检查离线查询终端。"""


@kiosk.command(name="sync")
@actor_option(
    help=N_("who publishes it: a role allowed to send (default: the logged-in account's actor)")
)
@click.option(
    "--org",
    help=N_(
        "build it for this body (name, credit code or id; the county "
        "government means the whole county) into "
        "<data_dir>/kiosk-<credit code>; default: the channel's own "
        "bundle"
    ),
)
@click.option("--body-only", is_flag=True, help=N_("with --org: without the bodies under it"))
@click.pass_context
def sync(ctx: click.Context, actor: str, org: str | None, body_only: bool) -> None:
    """Rebuild the kiosk bundle from the live, reviewed catalogue (on the office server); audited.

    Terminals then fetch it with 'kiosk pull'.
    """
    channel = ctx.obj.channel(KioskChannel.name)
    if body_only and org is None:
        raise click.UsageError("--body-only 需与 --org 一起使用 (only with --org)")
    if org is not None:
        channel = channel.for_body(org, subordinates=not body_only)
    app = ctx.obj.app()
    permit = app.authorize_send(KioskChannel.name, actor)
    result = channel.rebuild()
    details = {"release": result.release, "items": result.items, "path": str(result.root)}
    app.record_send(permit, {**details, "org": org} if org else details)
    click.echo(f"已同步：{result.release}，{result.items} 条 → {result.root}")


@kiosk.command(name="pull")
@click.argument("source")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--timeout", default=30.0, show_default=True, help=N_("HTTP timeout in seconds"))
@click.option("--quiet", is_flag=True, help=N_("print only errors"))
@click.option(
    "--trusted",
    help=N_("the office's public key(s): a file or one base64 key (default: DEST/trusted-keys)"),
)
def pull(source: str, dest: Path, timeout: float, quiet: bool, trusted: str | None) -> None:
    """Update the kiosk at DEST from SOURCE (an http(s) URL or a folder such as a USB stick).

    Only changed files are copied; DEST/current switches to the new bundle in one step.
    """
    result = pull_bundle(source, dest, timeout=timeout, trusted=trusted)
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
@click.option("--trusted", help=N_("the office's public key(s) (default: DEST/trusted-keys)"))
def verify(dest: Path, trusted: str | None) -> None:
    """Check the bundle a kiosk shows (DEST/current, or DEST itself): its signature under a
    trusted key, then every file against the signed manifest."""
    release, folder = current_release(dest)
    root = folder or dest
    manifest = root / MANIFEST_NAME
    sig = root / signing.SIGNATURE_NAME
    signing.check(
        manifest.read_bytes() if manifest.is_file() else b"",
        sig.read_bytes() if sig.is_file() else None,
        trusted_keys(dest, trusted),
    )
    bad = verify_bundle(root)
    if bad:
        for path in bad:
            click.echo(f"不一致：{path}", err=True)
        raise SystemExit(1)
    click.echo(f"完好：{release or dest}")


@kiosk.command(name="public-key")
@click.pass_context
def public_key(ctx: click.Context) -> None:
    """Print the office's public key (created with the signing key on first use): put it in
    each kiosk's DEST/trusted-keys, by hand, once."""
    channel = ctx.obj.channel(KioskChannel.name)
    click.echo(signing.public_text(channel.signing_key))
