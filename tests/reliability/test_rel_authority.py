"""Authority at the API level: every approval, override, withdrawal, extension and reply
tried by the wrong actor through ``App`` / ``ApplicationService`` directly is refused, changes
nothing and is itself logged (``refused``); the author never approves their own edition."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
import rel_kit
from sqlalchemy import select

from gov_disclosure import audit
from gov_disclosure.app import App
from gov_disclosure.applications import ApplicationService
from gov_disclosure.applications.tables import application_events, applications
from gov_disclosure.errors import PermissionDeniedError
from gov_disclosure.models import ItemState
from gov_disclosure.store.tables import audit_log, deliveries, editions, items, review_decisions
from gov_disclosure.workdays import CHINA_TZ
from testsupport.applications import application_form
from testsupport.core import draft

TABLES = (items, editions, review_decisions, deliveries, applications, application_events)


def snapshot(app: App) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a refused step could touch (the audit log apart)."""
    with app.store.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t))), key=repr) for t in TABLES}


def refused_entries(app: App) -> list[Any]:
    with app.store.engine.connect() as conn:
        return conn.execute(select(audit_log).where(audit_log.c.action == "refused")).all()


def assert_refused(app: App, actor: str, attempt: Callable[[], object]) -> None:
    """``attempt`` raises PermissionDeniedError, changes no row and adds one ``refused``."""
    before, logged = snapshot(app), len(refused_entries(app))
    with pytest.raises(PermissionDeniedError):
        attempt()
    assert snapshot(app) == before
    after = refused_entries(app)
    assert len(after) == logged + 1 and after[-1].actor == actor
    rel_kit.record("authority (wrong actor refused and logged)", runs=1, faults=1)


def _in_review(app: App, author: str = "clerk", **over: Any) -> int:
    item = app.create_item(draft(**over), author)
    app.submit(item.id, author)
    return item.id


def test_item_actions_by_the_wrong_roles(any_app: App) -> None:
    app = any_app
    item_id = _in_review(app)
    for actor in ("clerk", "deputy", "mayor"):  # stage 1 needs 科室审核
        assert_refused(app, actor, lambda a=actor: app.approve(item_id, a))
    assert_refused(app, "deputy", lambda: app.reject(item_id, "deputy", "不同意"))
    blocked = _in_review(app, body="本文件为机密★10年，不得外传。")
    finding = app.review_status(blocked).blocking[0]
    for actor in ("clerk", "deputy", "mayor"):  # override needs 保密审查员
        assert_refused(app, actor, lambda a=actor: app.override(blocked, a, finding, "可以公开"))
    app.approve(item_id, "chief")
    for actor in ("clerk", "chief", "mayor"):  # stage 2 needs 分管领导把关
        assert_refused(app, actor, lambda a=actor: app.approve(item_id, a))
    app.approve(item_id, "deputy")
    assert app.item(item_id).state is ItemState.PUBLISHED
    for actor in ("clerk", "chief"):  # withdrawal and repeal need a last-stage role
        assert_refused(app, actor, lambda a=actor: app.withdraw(item_id, a, "撤回"))
        assert_refused(app, actor, lambda a=actor: app.repeal(item_id, a, "已被新文件替代"))
    app.repeal(item_id, "deputy", "已被新文件替代")
    assert app.item(item_id).state is ItemState.REPEALED
    with app.store.engine.connect() as conn:
        assert audit.verify(conn).ok


def test_author_never_approves_own_edition_by_any_path(any_app: App) -> None:
    app = any_app
    # 1. straight away, holding the stage's role
    first = _in_review(app, author="chief")
    assert_refused(app, "chief", lambda: app.approve(first, "chief"))
    # 2. rejected (by the stage's role), revised by the same author, submitted again
    assert_refused(app, "deputy", lambda: app.reject(first, "deputy", "缺少依据"))
    app.reject(first, "chief", "补充依据")
    app.revise(first, draft(title="示例镇2026年部门预算（修改稿）"), "chief")
    app.submit(first, "chief")
    assert_refused(app, "chief", lambda: app.approve(first, "chief"))
    # 3. the author holds a later stage's role: refused at that stage too
    second = _in_review(app, author="deputy")
    app.approve(second, "chief")
    assert_refused(app, "deputy", lambda: app.approve(second, "deputy"))
    # 4. a published item revised by a reviewer: that reviewer cannot approve the revision
    third = _in_review(app, author="clerk")
    app.approve(third, "chief")
    app.approve(third, "deputy")
    app.revise(third, draft(title="示例镇2026年部门预算（更正）"), "deputy")
    app.submit(third, "deputy")
    app.approve(third, "chief")
    assert_refused(app, "deputy", lambda: app.approve(third, "deputy"))
    assert app.item(third).state is ItemState.IN_REVIEW
    # 5. an approver of one stage never approves a second stage of the same edition
    fourth = _in_review(app, author="clerk", item_class="important")
    app.approve(fourth, "chief")
    assert_refused(app, "chief", lambda: app.approve(fourth, "chief"))


FORM = application_form("2026-06-01")


def test_application_actions_by_the_wrong_roles(any_app: App, clock) -> None:  # type: ignore[no-untyped-def]
    app = any_app
    clock.at = datetime(2026, 6, 10, 9, 0, tzinfo=CHINA_TZ)
    service = ApplicationService(app)
    assert_refused(app, "deputy", lambda: service.new(FORM, "deputy"))  # not a handler
    record = service.new(FORM, "clerk")
    assert_refused(
        app, "deputy", lambda: service.request_supplement(record.id, "deputy", items="补充身份证明")
    )
    assert_refused(
        app, "chief", lambda: service.extend(record.id, "chief", days=10, reason="需要协调")
    )
    assert_refused(
        app, "clerk", lambda: service.extend(record.id, "clerk", days=10, reason="需要协调")
    )
    assert_refused(app, "clerk", lambda: service.reply(record.id, "clerk", type="予以公开"))
    assert_refused(
        app,
        "deputy",
        lambda: service.start_consultation(record.id, "deputy", party="third_party", name="某公司"),
    )
    service.extend(record.id, "mayor", days=10, reason="需要协调")
    service.reply(record.id, "chief", type="予以公开")
    assert service.get(record.id).is_closed
    with app.store.engine.connect() as conn:
        assert audit.verify(conn).ok
