"""``audit verify`` and ``audit log``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.cells import cell_len

from .. import anchoring, audit
from ..errors import term
from ..i18n import N_
from ..workdays.clock import in_zone
from .context import get_env, open_app


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit log."""


@audit_group.command("verify")
@click.option(
    "--anchor", help=N_("an anchor printed earlier by 'audit anchor' (seq:hash or a file)")
)
def verify_cmd(anchor: str | None) -> None:
    """Check the hash chain against the anchor journal ([audit] anchor_journal) and the
    optional --anchor; exit 1 and name the first bad entry if it is broken."""
    app = open_app(get_env())
    kept = None
    if anchor:
        source = Path(anchor)
        kept = audit.Anchor.parse(source.read_text() if source.is_file() else anchor)
    report = app.verify_audit(kept)
    anchors = len(anchoring.read_journal(anchoring.journal_path(app.config)))
    if report.ok:
        click.echo(f"审计日志完好：已核验 {report.checked} 条记录，与 {anchors} 个外部锚点一致")
        return
    click.echo(
        f"审计日志被改动：第 {report.first_bad_seq} 条 — {report.problem}"
        f"（此前 {report.checked} 条核验通过）",
        err=True,
    )
    sys.exit(1)


@audit_group.command("anchor")
def anchor_cmd() -> None:
    """Append the newest entry to the anchor journal and print it as seq:hash; give it to the
    supervising office too, and check later with --anchor."""
    app = open_app(get_env())
    line = app.anchor_audit()
    click.echo(str(line.anchor))


@audit_group.command("rekey")
def rekey_cmd() -> None:
    """Re-chain the whole log under [audit] key_file (HMAC), after verifying it unkeyed
    against the anchor journal; a new anchor is kept. Run once, when the key is set up."""
    app = open_app(get_env())
    settings = anchoring.settings_of(app.config)
    if not settings.key_file:
        raise click.ClickException("配置中没有 [audit] key_file，无法为审计日志加密钥")
    key = anchoring.read_key(app.config.resolve(settings.key_file))
    audit.use_key(app.store.engine, None)
    with app.store.transaction() as conn:
        report = anchoring.verify_all(conn, app.config)
        if not report.ok:
            raise click.ClickException(
                f"审计日志核验未通过（第 {report.first_bad_seq} 条：{report.problem}），未加密钥"
            )
        count = anchoring.rekey(conn, key)
    audit.use_key(app.store.engine, key)
    line = app.anchor_audit()
    click.echo(f"已用密钥重新链接 {count} 条审计记录；新锚点 {line.anchor}")


@audit_group.command("log")
@click.option("--subject", help=N_("only entries about this record, e.g. item:12"))
@click.option(
    "--limit", default=30, show_default=True, help=N_("at most this many entries (newest first)")
)
def log_cmd(subject: str | None, limit: int) -> None:
    """Newest audit entries."""
    app = open_app(get_env())
    with app.store.engine.connect() as conn:
        for e in audit.entries(conn, subject, limit):
            at = in_zone(e.at)  # stored in UTC, shown in China's time
            action = term(e.action)
            action += " " * max(0, 20 - cell_len(action))  # Chinese is two columns wide
            click.echo(f"{e.seq:>6} {at:%Y-%m-%d %H:%M:%S} {e.actor:<16} {action} {e.subject}")


COMMANDS = [audit_group]
