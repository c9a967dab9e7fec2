"""``audit verify`` and ``audit log``."""

from __future__ import annotations

import sys

import click

from .. import audit
from .context import get_env, open_app


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit log."""


@audit_group.command("verify")
@click.option("--anchor", help="an anchor printed earlier by 'audit anchor' (seq:hash or a file)")
def verify_cmd(anchor: str | None) -> None:
    """Check the hash chain; exit 1 and name the first bad entry if it is broken."""
    app = open_app(get_env())
    kept = None
    if anchor:
        from pathlib import Path

        source = Path(anchor)
        kept = audit.Anchor.parse(source.read_text() if source.is_file() else anchor)
    with app.store.engine.connect() as conn:
        report = audit.verify(conn, kept)
    if report.ok:
        click.echo(f"audit log OK: {report.checked} entries verified")
        return
    click.echo(
        f"audit log BROKEN at entry {report.first_bad_seq}: {report.problem} "
        f"({report.checked} entries verified before it)",
        err=True,
    )
    sys.exit(1)


@audit_group.command("anchor")
def anchor_cmd() -> None:
    """Print the newest entry as seq:hash; keep it outside the database (give it to the
    supervising office, print it in the annual report) and check later with --anchor."""
    app = open_app(get_env())
    with app.store.engine.connect() as conn:
        kept = audit.anchor_of(conn)
    click.echo(str(kept) if kept else "0:" + audit.GENESIS)


@audit_group.command("log")
@click.option("--subject", help="e.g. item:12")
@click.option("--limit", default=30, show_default=True)
def log_cmd(subject: str | None, limit: int) -> None:
    """Newest audit entries."""
    app = open_app(get_env())
    with app.store.engine.connect() as conn:
        for e in audit.entries(conn, subject, limit):
            click.echo(
                f"{e.seq:>6} {e.at:%Y-%m-%d %H:%M:%S} {e.actor:<16} {e.action:<20} {e.subject}"
            )


COMMANDS = [audit_group]
