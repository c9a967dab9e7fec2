"""谁公开、谁审查、谁负责: roles, own-work, blocking findings, refused attempts logged."""

import pytest
from sqlalchemy import select

from gov_disclosure import audit
from gov_disclosure.errors import (
    IllegalTransitionError,
    PermissionDeniedError,
    ReviewBlockedError,
)
from gov_disclosure.models import ItemState
from gov_disclosure.store.tables import audit_log
from testsupport.core import draft


@pytest.fixture
def app(any_app):  # type: ignore[no-untyped-def]
    """Every approval rule is checked on SQLite and on PostgreSQL."""
    return any_app


def test_author_never_approves_own_edition(app):
    item = app.create_item(draft(), "chief")  # chief holds 科室审核
    app.submit(item.id, "chief")
    with pytest.raises(PermissionDeniedError, match="own edition"):
        app.approve(item.id, "chief")
    assert app.review_status(item.id).passed == ()


def test_stage_role_required_and_refusal_logged(app):
    item = app.create_item(draft(), "clerk")
    app.submit(item.id, "clerk")
    with pytest.raises(PermissionDeniedError, match="科室审核"):
        app.approve(item.id, "deputy")  # deputy cannot do the first stage
    with app.store.engine.connect() as conn:
        refused = conn.execute(select(audit_log).where(audit_log.c.action == "refused")).all()
        assert len(refused) == 1 and refused[0].actor == "deputy"
        assert audit.verify(conn).ok


def test_same_actor_cannot_pass_two_stages(app):
    item = app.create_item(draft(), "clerk")
    app.submit(item.id, "clerk")
    app.approve(item.id, "chief")
    with pytest.raises(PermissionDeniedError, match="already approved"):
        app.approve(item.id, "chief")


def test_important_items_need_the_head(app):
    item = app.create_item(draft(item_class="important"), "clerk")
    app.submit(item.id, "clerk")
    app.approve(item.id, "chief")
    app.approve(item.id, "deputy")
    assert app.item(item.id).state is ItemState.IN_REVIEW
    app.approve(item.id, "mayor")
    assert app.item(item.id).state is ItemState.PUBLISHED


def test_blocking_finding_stops_until_overridden(app):
    item = app.create_item(draft(body="本文件为机密★10年，不得外传。"), "clerk")
    app.submit(item.id, "clerk")
    st = app.review_status(item.id)
    assert st.blocking, "a secret marking must block"
    with pytest.raises(ReviewBlockedError):
        app.approve(item.id, "chief")
    with pytest.raises(PermissionDeniedError):
        app.override(item.id, "deputy", st.blocking[0], "看过了")  # no override role
    for i in st.blocking:
        app.override(item.id, "chief", i, "经核实为引用上级已公开文件标题")
    with pytest.raises(PermissionDeniedError, match="科室审核"):
        app.approve(item.id, "deputy")  # overrides do not skip the 科室审核 stage
    assert app.review_status(item.id).blocking == []


def test_blocking_override_then_approve(app):
    item = app.create_item(draft(body="内部资料 注意保存"), "clerk")
    app.submit(item.id, "clerk")
    for i in app.review_status(item.id).blocking:
        app.override(item.id, "chief", i, "经核实可以公开")
    app.approve(item.id, "chief")
    app.approve(item.id, "deputy")
    assert app.item(item.id).state is ItemState.PUBLISHED


def test_reject_needs_reason_and_returns_to_draft(app):
    item = app.create_item(draft(), "clerk")
    app.submit(item.id, "clerk")
    with pytest.raises(Exception, match="reason"):
        app.reject(item.id, "chief", " ")
    app.reject(item.id, "chief", "预算表缺少合计行")
    assert app.item(item.id).state is ItemState.DRAFT


def test_unknown_actor_and_illegal_steps_change_nothing(app):
    item = app.create_item(draft(), "clerk")
    with pytest.raises(PermissionDeniedError) as refused:
        app.submit(item.id, "nobody")
    assert refused.value.kind == "unknown_actor"
    with pytest.raises(IllegalTransitionError):
        app.approve(item.id, "chief")  # still a draft
    assert app.item(item.id).state is ItemState.DRAFT


def test_withdrawn_item_cannot_be_approved(app):
    item = app.create_item(draft(), "clerk")
    app.submit(item.id, "clerk")
    app.approve(item.id, "chief")
    app.approve(item.id, "deputy")
    app.withdraw(item.id, "deputy", "撤回")
    with pytest.raises(IllegalTransitionError):
        app.approve(item.id, "chief")
    with pytest.raises(PermissionDeniedError):
        app.withdraw(item.id, "clerk", "再撤回")
