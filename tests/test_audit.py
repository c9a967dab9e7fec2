"""The audit log detects edits, deletions, reordering and truncation, on both databases."""

import pytest
from sqlalchemy import delete, text, update

from gov_disclosure import audit
from gov_disclosure.store.tables import audit_log
from testsupport.core import draft


@pytest.fixture
def logged(any_app):
    for n in range(4):
        any_app.create_item(draft(title=f"通知{n}"), "clerk")
    with any_app.store.engine.connect() as conn:
        assert audit.verify(conn).ok
    return any_app


def _verify(app):
    with app.store.engine.connect() as conn:
        return audit.verify(conn)


def test_edit_is_detected(logged):
    with logged.store.transaction() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 7).values(actor="mallory"))
    report = _verify(logged)
    assert not report.ok and report.first_bad_seq == 7 and "edited" in report.problem


def test_delete_is_detected(logged):
    with logged.store.transaction() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 6))
    report = _verify(logged)
    assert not report.ok and report.first_bad_seq == 6


def test_reorder_is_detected(logged):
    with logged.store.transaction() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 6).values(seq=-6))
        conn.execute(update(audit_log).where(audit_log.c.seq == 7).values(seq=6))
        conn.execute(update(audit_log).where(audit_log.c.seq == -6).values(seq=7))
    assert not _verify(logged).ok


def test_truncation_is_detected(logged):
    with logged.store.transaction() as conn:
        last = conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one()
        conn.execute(delete(audit_log).where(audit_log.c.seq == last))
    report = _verify(logged)
    assert not report.ok and "removed" in report.problem


def test_anchor_kept_outside_detects_truncation_with_head_rewritten(logged):
    """Deleting the newest entries and rewriting audit_head to match passes the in-database
    check; an anchor kept outside the database catches it."""
    with logged.store.engine.connect() as conn:
        kept = audit.anchor_of(conn)
    assert kept is not None and audit.Anchor.parse(str(kept)) == kept
    with logged.store.transaction() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq >= kept.seq - 1))
        prev = conn.execute(text("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).one()
        conn.execute(
            text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": prev[0], "h": prev[1]}
        )
    with logged.store.engine.connect() as conn:
        assert audit.verify(conn).ok  # invisible from inside
        report = audit.verify(conn, kept)
    assert not report.ok and "before the anchored entry" in report.problem
