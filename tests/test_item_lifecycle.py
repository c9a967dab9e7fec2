"""Editing, deleting and withholding (不予公开) items, and the 政策解读 link, through the
Python API and the CLI: each audited, each refusal a clear Chinese error with nothing saved."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from test_cli import office  # noqa: F401  (the CLI tests' office: 4 people)

from gov_disclosure.app import App
from gov_disclosure.cli.main import _mount, cli
from gov_disclosure.errors import (
    ConflictError,
    GovDisclosureError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ReviewBlockedError,
)
from gov_disclosure.models import DisclosureMode, ItemState
from gov_disclosure.models.grounds import WithholdingGround
from gov_disclosure.store.search import matching_ids
from gov_disclosure.store.tables import audit_log, editions, items
from testsupport.core import draft, publish_through_review

_mount()


def audit_actions(app: App, item_id: int) -> list[str]:
    with app.store.engine.connect() as conn:
        q = select(audit_log.c.action).where(audit_log.c.subject == f"item:{item_id}")
        return [r.action for r in conn.execute(q.order_by(audit_log.c.seq))]


def count(app: App, table) -> int:  # type: ignore[no-untyped-def]
    with app.store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


# --- edit -----------------------------------------------------------------------------------


def test_edit_a_draft_keeps_what_is_not_changed(app: App) -> None:
    item = app.create_item(draft(doc_number="示政发〔2026〕3号"), "clerk")
    edited = app.items.edit_item(item.id, {"title": "示例镇2026年部门预算（修订）"}, "clerk")
    assert edited.state is ItemState.DRAFT and edited.current_edition == 2
    ed = app.edition(item.id)
    assert ed.title == "示例镇2026年部门预算（修订）"
    assert ed.doc_number == "示政发〔2026〕3号" and ed.body == "一、部门基本情况"
    assert app.edition(item.id, 1).title == "示例镇2026年部门预算"  # editions are kept
    assert audit_actions(app, item.id) == ["item.create", "item.edit"]
    cleared = app.items.edit_item(item.id, {"doc_number": None}, "clerk")
    assert app.edition(cleared.id).doc_number is None


def test_a_blocked_item_is_edited_and_screened_again_on_submit(app: App) -> None:
    item = app.create_item(draft(body="秘密★1年\n一、部门基本情况"), "clerk")
    app.submit(item.id, "clerk")
    with pytest.raises(ReviewBlockedError):
        app.approve(item.id, "chief")
    edited = app.items.edit_item(item.id, {"body": "一、部门基本情况"}, "clerk")
    assert edited.state is ItemState.DRAFT  # taken back from review
    assert app.screen_findings(item.id) == []
    publish_through_review(app, item.id)
    assert app.item(item.id).state is ItemState.PUBLISHED


def test_a_rejected_item_is_edited(app: App) -> None:
    item = app.create_item(draft(), "clerk")
    app.submit(item.id, "clerk")
    app.reject(item.id, "chief", "预算表缺合计")
    edited = app.items.edit_item(item.id, {"summary": "含合计"}, "clerk")
    assert edited.state is ItemState.DRAFT and app.edition(item.id).summary == "含合计"


def test_editing_a_published_item_sends_it_back_to_review(app: App) -> None:
    item = app.create_item(draft(), "clerk")
    publish_through_review(app, item.id)
    edited = app.items.edit_item(item.id, {"title": "示例镇2026年部门预算（更正）"}, "clerk")
    assert edited.state is ItemState.IN_REVIEW and edited.live_edition == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [({}, "changes"), ({"colour": "红"}, "changes"), ({"written_on": "2026-13-01"}, "written_on")],
)
def test_bad_edits_are_refused_and_save_nothing(app: App, changes, field) -> None:  # type: ignore[no-untyped-def]
    item = app.create_item(draft(), "clerk")
    before = count(app, editions)
    with pytest.raises(InvalidInputError) as info:
        app.items.edit_item(item.id, changes, "clerk")
    assert info.value.field == field
    assert count(app, editions) == before


def test_a_withdrawn_item_cannot_be_edited(app: App) -> None:
    item = app.create_item(draft(), "clerk")
    publish_through_review(app, item.id)
    app.withdraw(item.id, "deputy", "信息有误")
    with pytest.raises(InvalidInputError, match="已撤回的事项不能修改"):
        app.items.edit_item(item.id, {"title": "改"}, "clerk")


# --- delete ---------------------------------------------------------------------------------


def test_delete_a_draft_removes_it_and_audits(app: App) -> None:
    item = app.create_item(draft(title="示例镇财政预算草稿"), "clerk")
    app.items.edit_item(item.id, {"body": "第二稿"}, "clerk")
    with app.store.engine.connect() as conn:
        assert matching_ids(conn, "财政预算") == [item.id]
    assert app.items.delete_item(item.index_no, "clerk", "重复录入") == item.index_no
    with pytest.raises(NotFoundError):
        app.item(item.id)
    assert count(app, items) == 0 and count(app, editions) == 0
    with app.store.engine.connect() as conn:
        assert matching_ids(conn, "财政预算") == []
        entry = conn.execute(select(audit_log).where(audit_log.c.action == "item.delete")).one()
    assert entry.actor == "clerk" and item.index_no in entry.payload and "重复录入" in entry.payload
    assert app.verify_audit().ok
    # the 索引号 is not reused
    assert app.create_item(draft(), "clerk").index_no != item.index_no


@pytest.mark.parametrize("stage", ["in_review", "rejected", "published"])
def test_anything_ever_submitted_cannot_be_deleted(app: App, stage: str) -> None:
    item = app.create_item(draft(), "clerk")
    app.submit(item.id, "clerk")
    if stage == "rejected":
        app.reject(item.id, "chief", "退回")
    elif stage == "published":
        app.approve(item.id, "chief")
        app.approve(item.id, "deputy")
    with pytest.raises(InvalidInputError) as info:
        app.items.delete_item(item.id, "clerk")
    assert "不能删除" in str(info.value)
    assert app.item(item.id).index_no == item.index_no


def test_delete_needs_a_drafting_role(app: App) -> None:
    from gov_disclosure.authority.admin import register
    from gov_disclosure.models import Actor

    with app.store.transaction() as conn:
        register(conn, app.policy, Actor(id="guard", name="门卫", unit="办"), "system")
    item = app.create_item(draft(), "clerk")
    with pytest.raises(PermissionDeniedError):
        app.items.delete_item(item.id, "guard")
    assert app.item(item.id)


# --- interprets -----------------------------------------------------------------------------


def policy_and_interpretation(app: App) -> tuple[int, int]:
    policy = app.create_item(
        draft(title="示例镇农村人居环境整治实施方案", kind="政策文件"), "clerk"
    )
    reading = app.create_item(
        draft(
            title="《示例镇农村人居环境整治实施方案》政策解读",
            kind="政策解读",
            interprets=policy.index_no,
        ),
        "clerk",
    )
    return policy.id, reading.id


def test_an_interpretation_is_linked_both_ways_once_published(app: App) -> None:
    policy, reading = policy_and_interpretation(app)
    publish_through_review(app, policy)
    publish_through_review(app, reading)
    assert app.published_edition(policy).interpreted_by == (app.item(reading).index_no,)
    assert app.published_edition(reading).interprets == app.item(policy).index_no


def test_interprets_must_name_an_existing_policy(app: App) -> None:
    notice = app.create_item(draft(title="公示", kind="公示公告"), "clerk")
    bad = [
        ({"interprets": "11320000MB1234562M/2026-99999"}, "不存在"),
        ({"interprets": notice.index_no}, "须为"),
    ]
    for over, words in bad:
        with pytest.raises(InvalidInputError) as info:
            app.create_item(draft(kind="政策解读", **over), "clerk")
        assert info.value.field == "interprets" and words in info.value.rule
    policy, _ = policy_and_interpretation(app)
    with pytest.raises(InvalidInputError, match="只有政策解读"):
        app.create_item(draft(kind="其他", interprets=app.item(policy).index_no), "clerk")
    # an edit is checked the same way
    with pytest.raises(InvalidInputError):
        app.items.edit_item(notice.id, {"kind": "政策解读", "interprets": notice.index_no}, "clerk")


def test_a_policy_with_an_interpretation_cannot_be_deleted(app: App) -> None:
    policy, reading = policy_and_interpretation(app)
    with pytest.raises(ConflictError, match="政策解读"):
        app.items.delete_item(policy, "clerk")
    app.items.delete_item(reading, "clerk")
    app.items.delete_item(policy, "clerk")


# --- withhold -------------------------------------------------------------------------------


def statutory_subjects(app: App) -> set[str]:
    return {o.subject for o in app.supervision.obligations() if o.kind.value == "statutory"}


def test_withhold_records_the_ground_and_ends_the_obligation(app: App) -> None:
    item = app.create_item(draft(title="关于某项工作的请示", body="秘密★1年"), "clerk")
    assert item.index_no in statutory_subjects(app)
    held = app.items.withhold_item(item.id, "属于国家秘密", "文件标有密级", "chief")
    assert held.state is ItemState.WITHHELD and held.state.label == "不予公开"
    ed = app.edition(item.id)
    assert ed.mode is DisclosureMode.WITHHELD and ed.ground is WithholdingGround.STATE_SECRET
    assert item.index_no not in statutory_subjects(app)
    assert audit_actions(app, item.id)[-1] == "item.withhold"
    with app.store.engine.connect() as conn:
        payload = conn.execute(
            select(audit_log.c.payload).where(audit_log.c.action == "item.withhold")
        ).scalar_one()
    assert "第十四条" in payload and "文件标有密级" in payload
    with pytest.raises(GovDisclosureError):  # never submitted for publication afterwards
        app.submit(item.id, "clerk")
    with pytest.raises(InvalidInputError, match="不予公开"):
        app.items.edit_item(item.id, {"title": "改"}, "clerk")


@pytest.mark.parametrize(
    ("ground", "expected"),
    [
        ("third_party", WithholdingGround.THIRD_PARTY),
        ("属于四类过程性信息", WithholdingGround.PROCESS_INFO),
        ("7", WithholdingGround.ENFORCEMENT_FILE),
    ],
)
def test_grounds_by_code_wording_or_row(app: App, ground: str, expected) -> None:  # type: ignore[no-untyped-def]
    item = app.create_item(draft(), "clerk")
    app.submit(item.id, "clerk")  # from review too
    app.items.withhold_item(item.id, ground, "理由", "deputy")
    assert app.edition(item.id).ground is expected


def test_withhold_refusals(app: App) -> None:
    item = app.create_item(draft(), "clerk")
    with pytest.raises(InvalidInputError) as info:
        app.items.withhold_item(item.id, "太敏感", "理由", "chief")
    assert info.value.field == "ground" and "属于国家秘密" in info.value.rule
    with pytest.raises(InvalidInputError, match="第十四至十六条"):  # an application's ground
        app.items.withhold_item(item.id, WithholdingGround.ADMIN_QUERY, "理由", "chief")
    with pytest.raises(InvalidInputError, match="具体理由"):
        app.items.withhold_item(item.id, "state_secret", " ", "chief")
    with pytest.raises(PermissionDeniedError):  # a 经办人 does not decide 不予公开
        app.items.withhold_item(item.id, "state_secret", "理由", "clerk")
    assert app.item(item.id).state is ItemState.DRAFT and app.item(item.id).current_edition == 1
    publish_through_review(app, item.id)
    with pytest.raises(InvalidInputError, match="撤回"):
        app.items.withhold_item(item.id, "state_secret", "理由", "chief")


def test_withheld_is_a_final_state() -> None:
    from gov_disclosure.lifecycle import Step, allowed_steps, next_state

    assert allowed_steps(ItemState.WITHHELD) == []
    with pytest.raises(IllegalTransitionError):
        next_state(ItemState.PUBLISHED, Step.WITHHOLD)


# --- the CLI --------------------------------------------------------------------------------


def run(runner: CliRunner, *args: str, ok: bool = True) -> str:
    r = runner.invoke(cli, list(args))
    assert (r.exit_code == 0) is ok, r.output
    return r.output


def add(runner: CliRunner, title: str, *extra: str) -> str:
    out = run(runner, "item", "add", "--title", title, "--written-on", "2026-03-02",
              "--topic", "财政、金融、审计", "--column", "财政预决算", "--unit", "财政所",
              "--author", "wang", *extra)  # fmt: skip
    return out.split("\t")[0]


def test_cli_edit_delete_withhold_and_interprets(office: CliRunner) -> None:  # noqa: F811
    policy = add(office, "示例镇农村人居环境整治实施方案", "--kind", "政策文件")
    reading = add(office, "实施方案政策解读", "--interprets", policy)
    out = run(
        office, "item", "edit", reading, "--title", "《实施方案》政策解读", "--author", "wang"
    )
    assert "草稿" in out and "第2版" in out
    bad = run(office, "item", "add", "--title", "错", "--written-on", "2026-03-02", "--topic",
              "财政、金融、审计", "--column", "财政预决算", "--unit", "财政所", "--author",
              "wang", "--interprets", reading, ok=False)  # fmt: skip
    assert "Traceback" not in bad and "所解读的文件须为" in bad
    refused = run(office, "item", "delete", policy, "--actor", "wang", "--yes", ok=False)
    assert "政策解读" in refused
    assert "已删除" in run(office, "item", "delete", reading, "--actor", "wang", "--yes")
    out = run(office, "item", "withhold", policy, "--ground", "process_info", "--reason",
              "讨论稿", "--actor", "zhao")  # fmt: skip
    assert "不予公开" in out
    shown = run(office, "item", "show", policy)
    assert "不予公开理由" in shown and "属于四类过程性信息（第十六条第二款）" in shown
    wrong = run(office, "item", "withhold", policy, "--ground", "x", "--reason", "r",
                "--actor", "zhao", ok=False)  # fmt: skip
    assert "Traceback" not in wrong


def test_channels_show_the_link_both_ways(app: App) -> None:
    """The 公报 entry and the kiosk record name 解读的文件 and 相关解读 (the website's item page
    is tested with the website plugin)."""
    import docx
    from gov_disclosure_bulletin.compose import add_item
    from gov_disclosure_kiosk.records import item_record

    from gov_disclosure.documents import GovDocument

    policy, reading = policy_and_interpretation(app)
    publish_through_review(app, policy)
    publish_through_review(app, reading)
    p_view, r_view = app.published_edition(policy), app.published_edition(reading)
    doc = GovDocument()
    add_item(doc, p_view, "_Item1")
    add_item(doc, r_view, "_Item2")
    texts = [p.text for p in docx.Document(io.BytesIO(doc.to_bytes())).paragraphs]
    assert f"相关解读：索引号{r_view.index_no}" in texts
    assert f"解读的文件：索引号{p_view.index_no}" in texts
    assert item_record(p_view, "", "")["related"] == [["相关解读", r_view.slug]]
    assert item_record(r_view, "", "")["related"] == [["解读的文件", p_view.slug]]


def test_the_annual_report_counts_withheld_rules_nowhere(app: App) -> None:
    """Table 二 counts the 规章 made and published in the year; a withheld one is not among
    them (the format's 不予公开 rows 三（三） count replies to applications)."""
    from gov_disclosure.reports.annual import rule_counts

    made = app.create_item(draft(title="示例镇规章甲", kind="规章"), "clerk")
    publish_through_review(app, made.id)
    held = app.create_item(draft(title="示例镇规章乙", kind="规章"), "clerk")
    app.items.withhold_item(held.id, "process_info", "讨论稿", "chief")
    with app.store.engine.connect() as conn:
        counts = rule_counts(conn, 2026)
    assert counts["规章"] == [1, 0, 1]
