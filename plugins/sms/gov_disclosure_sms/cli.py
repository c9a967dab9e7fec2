"""``gov-disclosure sms …``: subscribers, preview, send and status from the command line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Engine

from gov_disclosure.cli import actor_option, current_app, current_env
from gov_disclosure.errors import GovDisclosureError, ImportRowsError
from gov_disclosure.i18n import N_, _
from gov_disclosure.identifiers import mask_mobile

from .journal import in_flight
from .tables import recipients, sends


def _engine() -> Engine:
    return create_engine(current_env().db_url)


def _book(org: str | None = None):  # type: ignore[no-untyped-def]
    """The subscriber list of body ``org`` (id, credit code or name), else the configured
    body's (``[organization] credit_code``)."""
    from .subscribers import SubscriberBook

    engine = _engine()
    if org:
        return SubscriberBook(engine, org_id=current_app().organization(org).id)
    code = str(current_env().config.get("organization", {}).get("credit_code") or "").upper()
    org_id = None
    if code and inspect(engine).has_table("organizations"):
        with engine.connect() as conn:
            org_id = conn.execute(
                text("SELECT id FROM organizations WHERE credit_code = :c"), {"c": code}
            ).scalar()
    return SubscriberBook(engine, org_id=org_id)


def _every_list():  # type: ignore[no-untyped-def]
    """An opt-out takes the number off every body's list."""
    from .subscribers import SubscriberBook

    return SubscriberBook(_engine())


def _fail(exc: GovDisclosureError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group("sms")
def sms_group() -> None:
    """短信推送: subscribers and sends of the SMS channel."""


@sms_group.command("subscribe")
@click.argument("number")
@click.option(
    "--topic",
    "topics",
    multiple=True,
    help=N_("topic, column or kind wanted (repeatable; none means all)"),
)
@click.option("--area", "areas", multiple=True, help=N_("area wanted (repeatable; none means all)"))
@click.option("--consent-by", required=True, help=N_("who recorded the consent"))
@click.option(
    "--consent-method",
    default="书面同意",
    show_default=True,
    help=N_("how consent was given (e.g. 书面, 短信回复)"),
)
@click.option("--org", help=N_("whose list (id, credit code or name; default: yours)"))
def subscribe_cmd(
    number: str,
    topics: tuple[str, ...],
    areas: tuple[str, ...],
    consent_by: str,
    consent_method: str,
    org: str | None,
) -> None:
    """Subscribe NUMBER to a body's list with a recorded consent."""
    try:
        sub = _book(org).subscribe(
            number, consent_by=consent_by, consent_method=consent_method, topics=topics, areas=areas
        )
    except GovDisclosureError as exc:
        raise _fail(exc) from None
    click.echo(f"subscribed {sub.masked} (topics: {'、'.join(sub.topics) or '全部'})")


@sms_group.command("unsubscribe")
@click.argument("number")
def unsubscribe_cmd(number: str) -> None:
    """Opt NUMBER out."""
    try:
        done = _every_list().unsubscribe(number, via="cli")
    except GovDisclosureError as exc:
        raise _fail(exc) from None
    message = _("{mobile} unsubscribed") if done else _("{mobile} was not subscribed")
    click.echo(message.format(mobile=mask_mobile(number)))


@sms_group.command("reply")
@click.argument("number")
@click.argument("text")
def reply_cmd(number: str, text: str) -> None:
    """Record an incoming reply; "TD" or "退订" unsubscribes."""
    try:
        done = _every_list().handle_reply(number, text)
    except GovDisclosureError as exc:
        raise _fail(exc) from None
    message = _("{mobile}: unsubscribed") if done else _("{mobile}: no action")
    click.echo(message.format(mobile=mask_mobile(number)))


@sms_group.command("import")
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--consent-by",
    default="",
    help=N_("who recorded consent, for rows without a consent_by column"),
)
@click.option("--skip-invalid", is_flag=True, help=N_("skip bad rows instead of refusing the file"))
@click.option("--org", help=N_("whose list (id, credit code or name; default: yours)"))
def import_cmd(csv_path: Path, consent_by: str, skip_invalid: bool, org: str | None) -> None:
    """Import subscribers from CSV_PATH into a body's list (a number column; topics, areas,
    consent_*)."""
    try:
        result = _book(org).import_csv(csv_path, consent_by=consent_by, skip_invalid=skip_invalid)
    except ImportRowsError as exc:
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise _fail(exc) from None
    except GovDisclosureError as exc:
        raise _fail(exc) from None
    click.echo(
        _("added {added}, updated {updated}, skipped {skipped}").format(
            added=result.added, updated=result.updated, skipped=len(result.skipped)
        )
    )
    for problem in result.skipped:
        click.echo(_("  skipped {problem}").format(problem=problem), err=True)


def _channel(app):  # type: ignore[no-untyped-def]
    """The configured SMS channel (built for the CLI when disabled for publishing)."""
    from .channel import SmsChannel, SmsSettings

    channel = app.channels.get("sms")
    if not isinstance(channel, SmsChannel):
        raw = dict(current_env().config.get("channels", {}).get("sms", {}))
        raw.pop("enabled", None)
        channel = SmsChannel(SmsSettings.model_validate(raw), app.channel_context())
    return channel


def _channel_and_edition(item: str):  # type: ignore[no-untyped-def]
    """The channel and the item's newest edition, for a preview or a dry run (nothing sent)."""

    app = current_app()
    return _channel(app), app.preview_edition(item)


@sms_group.command("preview")
@click.argument("item")
def preview_cmd(item: str) -> None:
    """Show the text, its parts and the cost of sending ITEM (索引号)."""
    try:
        channel, edition = _channel_and_edition(item)
        plan = channel.plan(edition)
    except GovDisclosureError as exc:
        raise _fail(exc) from None
    click.echo(plan.message.text)
    click.echo(describe_cost(plan))


def describe_cost(plan) -> str:  # type: ignore[no-untyped-def]
    c = plan.cost
    return (
        f"{c.encoding} {c.length} units, {c.parts_per_message} part(s) per message; "
        f"{c.recipients} recipient(s) → {c.total_parts} part(s) in all"
        + ("; warning: ignores quiet hours" if plan.warning else "")
    )


@sms_group.command("send")
@click.argument("item")
@click.option("--dry-run", is_flag=True, help=N_("write the outbox file only; nothing is sent"))
@click.option(
    "--resend-unknown",
    is_flag=True,
    help=N_("also resend recipients left in doubt by an interrupted run"),
)
@click.option(
    "--emergency",
    metavar="REASON",
    help=N_("emergency warning: send inside quiet hours; the reason is recorded in the audit log"),
)
@actor_option(
    help=N_(
        "who sends: a role allowed to send (default: the logged-in "
        "account's actor); not needed for --dry-run"
    ),
    required=False,
)
def send_cmd(
    item: str, dry_run: bool, resend_unknown: bool, emergency: str | None, actor: str | None
) -> None:
    """Send the live, reviewed edition of ITEM (索引号) to its subscribers; reruns never send
    twice. Needs a role allowed to send; respects quiet hours; audited."""
    if dry_run:
        _dry_run(item)
        return

    if actor is None:
        raise _fail(GovDisclosureError("请用 --actor 指明发送人员 name who sends with --actor"))
    app = current_app()
    channel = _channel(app)
    try:
        permit = app.authorize_send(
            "sms", actor, item, emergency=emergency, quiet_hours=channel.quiet
        )
        plan = channel.plan(permit.edition)
        click.echo(describe_cost(plan))
        report = channel.sender.send(
            plan.key, plan.message, plan.numbers, resend_unknown=resend_unknown
        )
        app.record_send(
            permit, {"idempotency_key": plan.key.idem_key, "counts": dict(report.counts)}
        )
    except GovDisclosureError as exc:
        raise _fail(exc) from None
    finally:
        channel.close()
    click.echo(", ".join(f"{k}: {v}" for k, v in sorted(report.counts.items())))
    if not channel.transport.sends_for_real:
        click.echo(
            f"outbox transport: nothing was sent; requests written to {channel.transport.path}"
        )  # type: ignore[attr-defined]
    if report.stopped:
        raise click.ClickException(f"stopped: {report.stopped}; rerun to send the rest")


def _dry_run(item: str) -> None:
    """Write what would be sent to the outbox file; nothing is sent, nothing recorded."""
    try:
        channel, edition = _channel_and_edition(item)
        try:
            outbox = channel.context.private_folder() / "sms-dry-run.jsonl"
            plan = channel.dry_run(edition, outbox)
        finally:
            channel.close()
    except GovDisclosureError as exc:
        raise _fail(exc) from None
    click.echo(describe_cost(plan))
    click.echo(
        _("dry run: nothing was sent; the gateway requests are in {outbox}").format(outbox=outbox)
    )


@sms_group.command("status")
@click.argument("item")
def status_cmd(item: str) -> None:
    """Counts per status for every send of ITEM (索引号)."""
    for line in status_lines(_engine(), item):
        click.echo(line)


def status_lines(engine: Engine, index_no: str) -> list[str]:
    """One line per send of ``index_no``: key, parts, counts per status (recipients of
    batches still in the journal, a run under way or one that died, count as ``sending``)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                sends.c.id,
                sends.c.idem_key,
                sends.c.parts,
                sends.c.transport,
                recipients.c.status,
                func.count(recipients.c.id),
            )
            .join(recipients, recipients.c.send_id == sends.c.id, isouter=True)
            .where(sends.c.index_no == index_no)
            .group_by(sends.c.id, recipients.c.status)
            .order_by(sends.c.id)
        ).all()
        journaled = {send_id: in_flight(conn, send_id) for send_id in {r[0] for r in rows}}
    if not rows:
        return [f"{index_no}: no SMS sent"]
    lines: dict[int, tuple[str, Counter[str]]] = {}
    for send_id, key, parts, transport, status, n in rows:
        head = f"{key} ({transport}, {parts} part(s)/message):"
        counts = lines.setdefault(send_id, (head, Counter()))[1]
        if status is not None:
            counts[status] += n
    for send_id, n in journaled.items():
        if n:
            lines[send_id][1]["sending"] += n
    return [
        f"{head} {' '.join(f'{k}={v}' for k, v in counts.items()) or 'nothing sent yet'}"
        for head, counts in lines.values()
    ]
