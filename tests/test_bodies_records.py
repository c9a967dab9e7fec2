"""Every record belongs to one body, the services take the body, and listings filter by it
(Python API); a disabled body keeps its history and gets nothing new."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from bodies_testlib import Platform, code, platform

from gov_disclosure.applications import ApplicationService, ApplicationSettings
from gov_disclosure.errors import InvalidInputError, PermissionDeniedError
from testsupport.applications import application_form
from testsupport.core import draft, publish_through_review


@pytest.fixture
def p(tmp_path: Path) -> Platform:
    return platform(tmp_path)


def test_applications_belong_to_the_body_named_or_the_default(p: Platform) -> None:
    service = p.app.applications
    mine = service.new(application_form(), "clerk")
    villages = service.new(application_form("2026-03-03"), "clerk", org="东村村民委员会")
    norths = service.new(application_form("2026-03-04"), "clerk", org=code(1000002))
    assert (mine.org_id, villages.org_id, norths.org_id) == (p.township, p.village, p.north)
    assert [r.number for r in service.list(org=p.village)] == [villages.number]
    assert [r.number for r in service.list(org="北镇")] == [norths.number]  # short name
    assert len(service.list()) == 3  # no body named: every body's
    assert [r.number for r, _ in service.due_within(60, org=p.township)] == [mine.number]


def test_the_default_body_is_the_actors_unit_when_it_is_a_registered_body(p: Platform) -> None:
    record = p.app.applications.new(application_form(), "vclerk")  # unit 东村村民委员会
    assert record.org_id == p.village
    assert p.app.default_org_id("vclerk") == p.village
    assert p.app.default_org_id("clerk") == p.township  # 党政综合办公室 is no body
    item = p.app.create_item(draft(title="东村村务公开"), "vclerk")
    assert item.org_id == p.village


def test_complaints_belong_to_the_items_body_or_the_one_named(p: Platform) -> None:
    sup = p.app.supervision
    item = p.app.create_item(draft(title="北镇低保名单"), "clerk", p.north)
    about_item = sup.add_complaint(
        {"kind": "投诉", "text": "名单有误", "item": item.index_no}, "clerk"
    )
    named = sup.add_complaint(
        {"kind": "举报", "text": "公开栏未更新", "office": "村委会"}, "clerk", p.village
    )
    default = sup.add_complaint({"kind": "意见建议", "text": "请公开", "office": "党政办"}, "clerk")
    assert (about_item.org_id, named.org_id, default.org_id) == (p.north, p.village, p.township)
    assert [c.number for c in sup.complaints(org=p.village)] == [named.number]
    assert [c.number for c in sup.complaints(org="北镇人民政府")] == [about_item.number]
    owed = sup.obligations(org=p.village)
    assert [o.subject for o in owed if o.kind.value == "complaint"] == [named.number]
    assert all(o.org_id in (p.village, None) for o in owed)


def test_items_deliveries_and_the_review_queue_filter_by_body(p: Platform) -> None:
    north = p.app.create_item(draft(title="北镇通知"), "clerk", p.north)
    home = p.app.create_item(draft(title="示例镇通知"), "clerk")
    p.app.submit(north.index_no, "clerk")
    p.app.submit(home.index_no, "clerk")
    assert [s.item_id for s in p.app.review.queue("chief", org=p.north)] == [north.id]
    assert [s.item_id for s in p.app.review.queue("chief", org=p.village)] == []
    assert len(p.app.review.queue("chief")) == 2
    assert [r.index_no for r in p.app.catalogue(org_id=p.north, state="in_review")] == [
        north.index_no
    ]
    assert [r.index_no for r in p.app.catalogue(org="北镇", state="in_review")] == [north.index_no]
    publish_through_review(p.app, north.index_no)
    publish_through_review(p.app, home.index_no)
    mine = p.app.deliveries(org=p.north)
    assert mine and {d["item_id"] for d in mine} == {north.id}  # a delivery is its item's body's
    assert {d["item_id"] for d in p.app.deliveries()} == {north.id, home.id}


def test_a_disabled_body_keeps_its_history_and_gets_nothing_new(p: Platform) -> None:
    old = p.app.applications.new(application_form(), "clerk", org=p.village)
    gone = p.app.disable_organization(p.village, "admin", "撤并入示例镇")
    assert not gone.active and gone.disabled_reason == "撤并入示例镇"
    with pytest.raises(InvalidInputError, match=r"东村村民委员会.*已于.*停用，不能再新增记录"):
        p.app.applications.new(application_form("2026-03-04"), "clerk", org=p.village)
    with pytest.raises(InvalidInputError, match=r"已于.*停用"):
        p.app.create_item(draft(), "clerk", p.village)
    with pytest.raises(InvalidInputError, match=r"已于.*停用"):
        p.app.supervision.add_complaint(
            {"kind": "投诉", "text": "x", "office": "村"}, "clerk", p.village
        )
    with pytest.raises(InvalidInputError, match=r"已于.*停用"):  # its clerk's default is refused
        p.app.applications.new(application_form("2026-03-04"), "vclerk")
    assert [r.number for r in p.app.applications.list(org=p.village)] == [old.number]
    assert p.app.organization(p.village).name == "东村村民委员会"  # still there, readable
    entry = p.app.audit_entries(f"org:{p.village}", limit=1)[0]
    assert (entry.action, entry.actor) == ("org.disable", "admin")


def test_disable_and_edit_are_for_administrators_and_refusals_are_audited(p: Platform) -> None:
    with pytest.raises(PermissionDeniedError):
        p.app.disable_organization(p.north, "clerk", "撤并")
    with pytest.raises(PermissionDeniedError):
        p.app.edit_organization(p.north, "clerk", name="北镇")
    refused = p.app.audit_entries("actor:clerk", limit=2)
    assert [e.action for e in refused] == ["refused", "refused"]
    assert p.app.organization(p.north).active


def test_org_edit_changes_and_audits_each_field(p: Platform) -> None:
    changed = p.app.edit_organization(
        p.village,
        "admin",
        name="东村村（居）民委员会",
        review_body="示例县人民政府",
        started_on=date(2026, 1, 1),
        parent_id=p.north,
    )
    assert (changed.name, changed.review_body, changed.parent_id) == (
        "东村村（居）民委员会",
        "示例县人民政府",
        p.north,
    )
    entry = p.app.audit_entries(f"org:{p.village}", limit=1)[0]
    assert entry.action == "org.edit"
    assert entry.payload["changes"]["name"] == ["东村村民委员会", "东村村（居）民委员会"]
    assert entry.payload["changes"]["started_on"][1] == "2026-01-01"
    same = p.app.edit_organization(p.village, "admin", review_body="示例县人民政府")
    assert same == changed and p.app.audit_entries(f"org:{p.village}", limit=1)[0] == entry
    with pytest.raises(InvalidInputError, match="上级机关不能是本机关或其下级机关"):
        p.app.edit_organization(p.north, "admin", parent_id=p.village)  # a circle
    with pytest.raises(InvalidInputError, match="不能修改的字段：credit_code"):
        p.app.edit_organization(p.north, "admin", credit_code=code(5))
    with pytest.raises(InvalidInputError):
        p.app.edit_organization(p.north, "admin", level="省会")


def test_reply_letters_name_the_bodys_own_review_body(p: Platform, tmp_path: Path) -> None:
    p.app.edit_organization(p.department, "admin", review_body="示例县人民政府")
    service = ApplicationService(p.app.kernel, ApplicationSettings(review_body="示例市人民政府"))
    theirs = service.new(application_form(), "clerk", org=p.department)
    mine = service.new(application_form("2026-03-03"), "clerk")
    for record in (theirs, mine):
        service.reply(record.id, "chief", type="予以公开", on=date(2026, 3, 5))

    def reply_text(key: int) -> str:
        (letter,) = service.letters(key, tmp_path / str(key))
        return "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)

    theirs_text, mine_text = reply_text(theirs.id), reply_text(mine.id)
    assert "向示例县人民政府申请行政复议" in theirs_text
    assert "示例县民政局" in theirs_text and "县民政局公开〔2026〕" in theirs_text
    assert "向示例市人民政府申请行政复议" in mine_text  # the configured body: the config's


def test_records_per_body_on_sqlite_and_postgresql(tmp_path: Path, db_url: str) -> None:
    q = platform(tmp_path, url=db_url)
    record = q.app.applications.new(application_form(), "clerk", org=q.north)
    complaint = q.app.supervision.add_complaint(
        {"kind": "投诉", "text": "未公开", "office": "北镇党政办"}, "clerk", q.north
    )
    assert [r.id for r in q.app.applications.list(org=q.north)] == [record.id]
    assert q.app.applications.list(org=q.township) == []
    assert [c.number for c in q.app.supervision.complaints(org="北镇")] == [complaint.number]
    q.app.disable_organization(q.north, "admin", "撤并")
    with pytest.raises(InvalidInputError, match="停用"):
        q.app.applications.new(application_form(), "clerk", org=q.north)
    q.app.store.dispose()
