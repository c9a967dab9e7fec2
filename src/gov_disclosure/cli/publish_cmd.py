"""``run`` (all due work, safe from cron) and ``deliveries``."""

from __future__ import annotations

import json

import click
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import func, select

from ..errors import term
from ..i18n import N_, _
from ..store.tables import deliveries, items
from .choices import EnumChoice
from .context import get_env, open_app
from .output import console as make_console


@click.command("run")
@click.option("--json", "as_json", is_flag=True, help=N_("print JSON instead of a table"))
def run_cmd(as_json: bool) -> None:
    """Do all due work once: publish what is scheduled, expire ended notices, deliver and
    retry. Safe to run from cron every minute, twice at once included."""
    app = open_app(get_env())
    with app.store.engine.connect() as conn:
        pending = conn.execute(
            select(func.count())
            .select_from(deliveries)
            .where(deliveries.c.state.in_(["pending", "failed", "running"]))
        ).scalar_one()
    with Progress(transient=True, disable=as_json or pending < 20) as progress:
        task = progress.add_task("delivering", total=pending or None)
        result = app.run(progress=lambda n: progress.advance(task, n))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    from .run_summary import print_summary

    print_summary(result, app.config.site.base_url)


@click.command("deliveries")
@click.option(
    "--state",
    type=EnumChoice.of(
        "DeliveryState", ("pending", "running", "failed", "dead", "done", "skipped", "cancelled")
    ),
    help=N_("only deliveries in this state"),
)
@click.option(
    "--limit", default=50, show_default=True, help=N_("at most this many deliveries (newest first)")
)
@click.option("--org", help=N_("only this body's items (id, credit code or name)"))
def deliveries_cmd(state: str | None, limit: int, org: str | None) -> None:
    """What is pending, failed (with the error) and done, per channel."""
    app = open_app(get_env())
    org_id = app.organization(org).id if org else None
    with app.store.engine.connect() as conn:
        counting = select(deliveries.c.channel, deliveries.c.state, func.count()).group_by(
            deliveries.c.channel, deliveries.c.state
        )
        q = select(deliveries).order_by(deliveries.c.id.desc()).limit(limit)
        if org_id is not None:  # a delivery belongs to its item's body
            mine = select(items.c.id).where(items.c.org_id == org_id)
            counting = counting.where(deliveries.c.item_id.in_(mine))
            q = q.where(deliveries.c.item_id.in_(mine))
        counts = conn.execute(counting).all()
        if state:
            q = q.where(deliveries.c.state == state)
        rows = conn.execute(q).mappings().all()
    summary = Table(_("channel"), _("state"), _("count"))
    for ch, st, n in counts:
        summary.add_row(ch, term(st), str(n))
    detail = Table(
        _("id"), _("item"), _("ed."), _("channel"), _("action"), _("state"), _("tries"),
        _("where / error"),
    )  # fmt: skip
    for r in rows:
        where = (
            r["last_error"]
            if r["state"] in ("failed", "dead")
            else ((r["receipt"] or {}).get("location") or "")
        )
        detail.add_row(
            str(r["id"]),
            str(r["item_id"]),
            str(r["edition"]),
            r["channel"],
            term(r["action"]),
            term(r["state"]),
            str(r["attempts"]),
            str(where)[:80],
        )
    console = make_console()
    console.print(summary)
    console.print(detail)


COMMANDS = [run_cmd, deliveries_cmd]
