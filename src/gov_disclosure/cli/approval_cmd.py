"""``review submit|approve|reject|override|status|queue``: the approval stages.

These commands join the ``review`` group (screening's ``screen`` and ``mask`` live there too).
"""

from __future__ import annotations

import click
from rich.table import Table

from ..app import App
from ..i18n import N_, _
from .context import get_env, open_app
from .identity import actor_option
from .output import console
from .review import review_group


def _app() -> App:
    return open_app(get_env())


@review_group.command("submit")
@click.argument("item")
@actor_option(help=N_("the 经办人 submitting (default: the logged-in account's actor)"))
def submit_cmd(item: str, actor: str) -> None:
    """Screen the newest edition and put it into review."""
    app = _app()
    app.submit(item, actor)
    st = app.review_status(item)
    click.echo(
        _("submitted; stages: {stages}; findings: {n} ({blocking} blocking)").format(
            stages=" → ".join(st.stages), n=len(st.findings), blocking=len(st.blocking)
        )
    )
    for i in st.blocking:
        f = st.findings[i]
        click.echo(
            _("  #{i} {rule} in {field}: {matched} — {message}").format(
                i=i, rule=f["rule"], field=f["field"], matched=repr(f["matched"]),
                message=f["message_zh"],
            )
        )  # fmt: skip


@review_group.command("approve")
@click.argument("item")
@actor_option()
def approve_cmd(item: str, actor: str) -> None:
    """Approve the next stage (the last one publishes, or schedules, the edition)."""
    app = _app()
    it = app.approve(item, actor)
    st = app.review_status(item)
    nxt = (
        _("next: {stage}").format(stage=st.next_stage)
        if st.next_stage
        else _("state: {state}").format(state=it.state.label)
    )
    click.echo(_("{index_no} approved by {actor}; {next}").format(
        index_no=it.index_no, actor=actor, next=nxt
    ))  # fmt: skip


@review_group.command("reject")
@click.argument("item")
@actor_option()
@click.option("--reason", required=True, help=N_("why it is sent back (shown to the author)"))
def reject_cmd(item: str, actor: str, reason: str) -> None:
    """Send the edition back to its author with a reason."""
    it = _app().reject(item, actor, reason)
    click.echo(
        _("{index_no} returned to draft: {reason}").format(index_no=it.index_no, reason=reason)
    )


@review_group.command("override")
@click.argument("item")
@click.argument("finding", type=int)
@actor_option()
@click.option(
    "--reason", required=True, help=N_("why the findings are overridden (kept in the audit log)")
)
def override_cmd(item: str, finding: int, actor: str, reason: str) -> None:
    """Override one blocking finding (needs the override role); the reason is recorded."""
    _app().override(item, actor, finding, reason)
    click.echo(_("finding #{finding} overridden by {actor}").format(finding=finding, actor=actor))


@review_group.command("status")
@click.argument("item")
def status_cmd(item: str) -> None:
    """Stages passed, the next stage, and the findings of the newest edition."""
    st = _app().review_status(item)
    click.echo(
        _("edition {n}; stages: {stages}").format(n=st.edition, stages=" → ".join(st.stages))
    )
    for stage, actor in st.passed:
        click.echo(f"  ✓ {stage}: {actor}")
    click.echo(_("  next: {stage}").format(stage=st.next_stage or _("(none)")))
    for i, f in enumerate(st.findings):
        mark = _("overridden") if i in st.overridden else f["severity"]
        click.echo(f"  #{i} [{mark}] {f['rule']} {f['field']}: {f['matched']!r}")


@review_group.command("queue")
@click.option("--org", help=N_("only this body's (id, credit code or name)"))
@actor_option()
def queue_cmd(org: str | None, actor: str) -> None:
    """What waits for this person."""
    app = _app()
    table = Table("索引号", "标题", "待审环节", "发现")
    for st in app.review.queue(actor, org=org):
        item = app.item(st.item_id)
        table.add_row(
            item.index_no,
            app.edition(st.item_id).title,
            st.next_stage or "",
            f"{len(st.findings)} ({len(st.blocking)} blocking)",
        )
    console().print(table)
