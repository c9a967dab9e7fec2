"""``gov-disclosure bulletin issue --period 2026-03``: build one issue of the 政府公报.

The command is thin: it asks the running CLI for the configured bulletin channel (the core
provides ``channel(name)`` on the click context object) and calls its ``build_issue``.
"""

from __future__ import annotations

import click

from gov_disclosure.cli import actor_option, pdf_option
from gov_disclosure.i18n import N_, _

from .channel import BulletinChannel


def _channel(ctx: click.Context) -> BulletinChannel:
    obj = ctx.obj
    factory = getattr(obj, "channel", None)
    if not callable(factory):
        raise click.ClickException(
            "the bulletin command needs the core's channel set-up (ctx.obj.channel(name))"
        )
    channel = factory(BulletinChannel.name)
    if not isinstance(channel, BulletinChannel):
        raise click.ClickException("channel 'bulletin' is not enabled in the config")
    return channel


@click.group("bulletin")
def bulletin() -> None:
    """政府公报: Word issues and 公示/公告 sheets."""


@bulletin.command("issue")
@click.option(
    "--period", required=True, help=N_("the period: 2026-03 (monthly) or 2026-Q1 (quarterly)")
)
@click.option("--rebuild", is_flag=True, help=N_("write an issued period again (same numbers)"))
@actor_option(
    help=N_("who issues it: a role allowed to send (default: the logged-in account's actor)")
)
@click.option(
    "--org",
    help=N_(
        "this body's own bulletin (name, credit code or id; the "
        "county government means the whole county), numbered on its "
        "own, in <output_dir>-<credit code>"
    ),
)
@click.option("--body-only", is_flag=True, help=N_("with --org: without the bodies under it"))
@pdf_option
@click.pass_context
def issue(
    ctx: click.Context,
    period: str,
    rebuild: bool,
    actor: str,
    org: str | None,
    body_only: bool,
    make_pdf: bool,
) -> None:
    """Build the issue of PERIOD from the published (live, reviewed) items; audited."""
    channel = _channel(ctx)
    if body_only and org is None:
        raise click.UsageError("--body-only 需与 --org 一起使用 (only with --org)")
    if org is not None:
        channel = channel.for_body(org, subordinates=not body_only)
    app = ctx.obj.app()
    permit = app.authorize_send(BulletinChannel.name, actor)
    result = channel.build_issue(period, rebuild=rebuild, pdf=make_pdf)
    app.record_send(permit, {"period": period, "items": result.items, "path": str(result.path)})
    click.echo(
        _(
            "{issue}: {items} item(s), {corrections} correction(s), "
            "{withdrawals} withdrawal(s) → {path}"
        ).format(
            issue=result.record.label(),
            items=result.items,
            corrections=result.corrections,
            withdrawals=result.withdrawals,
            path=result.path,
        )
    )
    if result.pdf:
        click.echo(str(result.pdf))
