"""The audit log against an insider with database access: every ``run`` and ``worker`` batch
keeps the head in the anchor journal beside the config, and ``audit verify`` (the real CLI)
catches the rewrites a hash chain alone cannot see: cutting the tail and fixing
``audit_head``, recomputing the whole chain after changing who approved, deleting the whole
log. With a keyed chain (HMAC, ``[audit] key_file``) a recomputed chain fails without even
needing the journal."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import rel_kit
from sqlalchemy import Connection, delete, func, select, update

from gov_disclosure import anchoring, audit
from gov_disclosure.app import App
from gov_disclosure.store.tables import audit_head, audit_log
from testsupport.core import draft, publish_through_review


def _office(tmp_path: Path, extra: str = "") -> rel_kit.Office:
    office = rel_kit.make_office(tmp_path / "office", extra=extra)
    app = office.app()
    for n in range(3):
        item = app.create_item(draft(title=f"村务公开第{n + 1}期"), "clerk")
        publish_through_review(app, item.id)
    result = app.run()  # as `gov-disclosure run` does
    assert result["audit_anchor"].count(":") == 1
    app.store.dispose()
    return office


def _cli(office: rel_kit.Office, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gov_disclosure.cli", *args],
        env=office.env(),
        cwd=office.root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _cut_tail_and_fix_head(conn: Connection) -> None:
    last = conn.execute(select(func.max(audit_log.c.seq))).scalar_one()
    keep = last - 3
    conn.execute(delete(audit_log).where(audit_log.c.seq > keep))
    digest = conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == keep)).scalar_one()
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=keep, hash=digest))


def _change_approver_and_rechain(conn: Connection) -> None:
    seq = conn.execute(
        select(func.min(audit_log.c.seq)).where(audit_log.c.action.like("review.approve%"))
    ).scalar_one()
    assert seq is not None
    conn.execute(update(audit_log).where(audit_log.c.seq == seq).values(actor="mallory"))
    anchoring.rekey(conn, None)  # recompute every hash and the head, as an insider would


def _delete_whole_log(conn: Connection) -> None:
    conn.execute(delete(audit_log))
    conn.execute(delete(audit_head))


TAMPERS: dict[str, Callable[[Connection], None]] = {
    "cut the tail and rewrite audit_head": _cut_tail_and_fix_head,
    "recompute the chain after changing who approved": _change_approver_and_rechain,
    "delete the whole log": _delete_whole_log,
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_rewrites_are_caught_against_the_journal(tmp_path: Path, name: str) -> None:
    office = _office(tmp_path)
    journal = office.root / anchoring.DEFAULT_JOURNAL
    lines = journal.read_text(encoding="utf-8").splitlines()
    assert lines and json.loads(lines[-1])["at"].endswith("+08:00")  # China time
    assert _cli(office, "audit", "verify").returncode == 0
    app = office.app()
    with app.store.transaction() as conn:
        TAMPERS[name](conn)
        inside_only = audit.verify(conn)  # what the chain alone says
    app.store.dispose()
    assert inside_only.ok, "the chain alone cannot see this (else the test proves nothing)"
    result = _cli(office, "audit", "verify")
    rel_kit.record(
        "audit rewrites (anchor journal): tail+head, rechain, delete all",
        runs=1,
        faults=1,
        lost=int(result.returncode == 0),
        note=name,
    )
    assert result.returncode == 1, result.stdout
    assert "审计日志被改动" in result.stderr


def test_a_later_run_cannot_launder_a_rewrite(tmp_path: Path) -> None:
    """A rewrite followed by another run: the new anchor agrees with the rewritten log, but
    the older anchors in the journal do not."""
    office = _office(tmp_path)
    app = office.app()
    with app.store.transaction() as conn:
        _change_approver_and_rechain(conn)
    app.store.dispose()
    app = office.app()
    app.run()
    app.store.dispose()
    assert len(anchoring.read_journal(office.root / anchoring.DEFAULT_JOURNAL)) >= 2
    assert _cli(office, "audit", "verify").returncode == 1
    rel_kit.record("audit rewrites (anchor journal): tail+head, rechain, delete all", runs=1)


def test_empty_log_anchor_verifies_the_empty_log(tmp_path: Path) -> None:
    root = tmp_path / "office"
    root.mkdir()
    (root / "gd.toml").write_text(rel_kit.config_text(), encoding="utf-8")
    office = rel_kit.Office(root, f"sqlite:///{root / 'gd.db'}")
    app = office.app()
    app.init()
    with app.store.transaction() as conn:  # a log with nothing in it yet (no items either)
        _delete_whole_log(conn)
    app.store.dispose()
    printed = _cli(office, "audit", "anchor")
    assert printed.returncode == 0 and printed.stdout.strip() == "0:" + audit.GENESIS
    assert _cli(office, "audit", "verify", "--anchor", printed.stdout.strip()).returncode == 0
    assert _cli(office, "audit", "verify").returncode == 0


def test_worker_batches_keep_anchors(tmp_path: Path) -> None:
    office = rel_kit.make_office(tmp_path / "office")
    app = office.app()
    for n in range(2):  # the last approval publishes: deliveries wait in the outbox
        publish_through_review(app, app.create_item(draft(title=f"通知{n}"), "clerk").id)
    app.store.dispose()
    journal = office.root / anchoring.DEFAULT_JOURNAL
    assert not journal.exists()
    result = _cli(office, "worker", "--once")
    assert result.returncode == 0, result.stderr
    lines = anchoring.read_journal(journal)
    assert lines
    with office.app().store.engine.connect() as conn:
        assert str(lines[-1].anchor) == str(audit.anchor_of(conn))


def test_keyed_chain_needs_the_key(tmp_path: Path) -> None:
    key = tmp_path / "audit.key"
    key.write_text("k" * 48, encoding="utf-8")
    key.chmod(0o600)
    office = _office(tmp_path, extra=f'[audit]\nkey_file = "{key}"\n')
    (office.root / anchoring.DEFAULT_JOURNAL).unlink()  # no journal: the key alone protects
    assert _cli(office, "audit", "verify").returncode == 0
    app = office.app()
    with app.store.transaction() as conn:
        _change_approver_and_rechain(conn)  # the insider has no key: plain SHA-256
    app.store.dispose()
    result = _cli(office, "audit", "verify")
    rel_kit.record(
        "audit rewrites (keyed chain, no journal)",
        runs=1,
        faults=1,
        lost=int(result.returncode == 0),
    )
    assert result.returncode == 1


def test_rekey_an_existing_log_and_key_file_rules(tmp_path: Path) -> None:
    office = _office(tmp_path)
    key = tmp_path / "audit.key"
    key.write_text("s" * 40, encoding="utf-8")
    key.chmod(0o644)
    config = office.config_path.read_text(encoding="utf-8")
    office.config_path.write_text(config + f'\n[audit]\nkey_file = "{key}"\n', encoding="utf-8")
    refused = _cli(office, "audit", "verify")
    assert refused.returncode != 0 and "0600" in refused.stderr
    key.chmod(0o600)
    assert _cli(office, "audit", "verify").returncode == 1  # not keyed yet
    done = _cli(office, "audit", "rekey")
    assert done.returncode == 0, done.stderr
    assert _cli(office, "audit", "verify").returncode == 0
    app: App = office.app()
    app.run()
    assert app.verify_audit().ok
    app.store.dispose()


def test_report_archive_and_website_report_page_carry_the_anchor(tmp_path: Path) -> None:
    import tomllib

    from gov_disclosure.reports.annual import build_report
    from gov_disclosure.reports.archive import MANIFEST, build_archive, verify_archive
    from gov_disclosure.reports.publish import publish_report_item
    from gov_disclosure.reports.render_html import render_fragment
    from gov_disclosure.reports.render_json import render_json
    from gov_disclosure.reports.supplement import parse_supplement, template

    office = _office(tmp_path)
    app = office.app()
    report = build_report(app, 2026, parse_supplement(tomllib.loads(template(2026))))
    journal = anchoring.read_journal(office.root / anchoring.DEFAULT_JOURNAL)
    assert report.audit_anchor == str(journal[-1].anchor)
    fragment = render_fragment(report)
    assert report.audit_anchor in fragment
    assert json.loads(render_json(report))["audit_anchor"]["anchor"] == report.audit_anchor
    item = publish_report_item(app, 2026, fragment, "clerk")
    publish_through_review(app, item.id)
    app.run()
    page = (office.root / "out" / "website" / "items").glob("*.html")
    assert any(report.audit_anchor in p.read_text(encoding="utf-8") for p in page)
    build_archive(app, 2026, tmp_path / "archive")
    first = (tmp_path / "archive" / MANIFEST).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# audit-anchor ")
    assert verify_archive(tmp_path / "archive").modified == ()
    app.store.dispose()
    assert _cli(office, "audit", "verify", "--anchor", report.audit_anchor).returncode == 0
