"""Personal data over real HTTP: ``POST /items/{key}/mask`` (a masked edition, counts only in
the answer) and ``POST /items/{key}/clear`` (a second 保密审查员 publishes a block in clear)."""

from __future__ import annotations

import base64
from pathlib import Path

from gov_disclosure.authority.admin import register
from gov_disclosure.models import Actor
from gov_disclosure.review import mask, read_attachment
from gov_disclosure.store.tables import review_decisions
from tests.review_files import MOBILE2, RID, build_xlsx, dibao_rows
from testsupport.http_office import Office

DRAFT = {
    "title": "东村2026年3月低保对象公示",
    "publisher": "示例镇人民政府",
    "written_on": "2026-03-02",
    "topic": "民政、扶贫、救灾",
    "column": "社会救助",
    "responsible_unit": "民政办",
}
FIRST_ID = str(dibao_rows()[1][2])


def _item(office: Office, body: str, xlsx: Path | None = None) -> str:
    files = []
    if xlsx is not None:
        raw = base64.b64encode(xlsx.read_bytes()).decode()
        files = [{"name": "低保名单.xlsx", "content_base64": raw}]
    draft = {**DRAFT, "body": body}
    r = office.session("clerk").post(f"{office.url}/items", json={"draft": draft, "files": files})
    assert r.status_code == 201, r.text
    return str(r.json()["item"]["index_no"])


def test_mask_makes_a_masked_edition_and_answers_with_counts_only(office: Office, tmp_path):
    key = _item(office, f"户主刘某某，身份证号 {RID}", build_xlsx(tmp_path / "低保名单.xlsx"))
    r = office.session("clerk").post(f"{office.url}/items/{key}/mask")
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["changed"] == ["body", "attachment:低保名单.xlsx"]
    assert answer["masked"] >= 1 + 2 * (len(dibao_rows()) - 1)  # the body's ID, each row's two
    assert answer["item"]["item"]["current_edition"] == 2
    for number in (RID, FIRST_ID, MOBILE2):
        assert number not in r.text
    edition = office.app.edition(key)
    assert edition.author == "clerk" and mask(RID) in edition.body
    [att] = edition.attachments
    assert att.name == "低保名单.xlsx"
    text = read_attachment(office.app.blobs.open_path(att.sha256), att.name)
    assert FIRST_ID not in text and mask(FIRST_ID) in text and "张0" in text
    original = office.app.edition(key, 1).attachments[0]
    assert FIRST_ID in read_attachment(office.app.blobs.open_path(original.sha256), "a.xlsx")

    again = office.session("clerk").post(f"{office.url}/items/{key}/mask")
    assert again.status_code == 422
    assert again.headers["content-type"] == "application/problem+json"
    assert "没有需要遮盖的个人信息" in again.json()["detail"]
    assert office.app.item(key).current_edition == 2  # nothing written by the refusal


def test_a_corrupt_attachment_is_named_and_no_edition_is_written(office: Office, tmp_path):
    bad = tmp_path / "低保名单.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    key = _item(office, f"户主身份证号 {RID}", bad)
    r = office.session("clerk").post(f"{office.url}/items/{key}/mask")
    assert r.status_code == 422, r.text
    assert r.json()["field"] == "低保名单.xlsx" and "文件已损坏" in r.json()["detail"]
    assert office.app.item(key).current_edition == 1


def _overridden(office: Office) -> tuple[str, int]:
    """An item whose body's 身份证号 block was overridden by chief (a 保密审查员)."""
    key = _item(office, f"收款人身份证号 {RID}，按规定公示")
    office.session("clerk").post(f"{office.url}/items/{key}/submit")
    [block] = office.app.review_status(key).blocking
    r = office.session("chief").post(
        f"{office.url}/items/{key}/override", json={"finding": block, "reason": "依法须公示"}
    )
    assert r.status_code == 200, r.text
    return key, block


def _second_reviewer(office: Office) -> str:
    qin = Actor(id="qin", name="秦审查", unit="党政综合办公室", roles={"保密审查员"})
    with office.app.store.transaction() as conn:
        register(conn, office.app.policy, qin, "system")
    return office.issue("qin")


def test_a_second_secrecy_reviewer_approves_publishing_in_clear(office: Office):
    key, block = _overridden(office)
    office.tokens["qin"] = _second_reviewer(office)
    url = f"{office.url}/items/{key}/clear"
    body = {"finding": block, "reason": "依法须公示原文"}
    own = office.session("chief").post(url, json=body)
    assert own.status_code == 403 and own.json()["title"] == "无权执行此操作"
    no_role = office.session("deputy").post(url, json=body)
    assert no_role.status_code == 403 and "保密审查员" in no_role.json()["detail"]
    blank = office.session("qin").post(url, json={"finding": block, "reason": "  "})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    wrong = office.session("qin").post(url, json={"finding": block + 5, "reason": "依法"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "finding"

    r = office.session("qin").post(url, json=body)
    assert r.status_code == 200, r.text
    assert r.json()["overridden"] == [block]
    with office.app.store.engine.connect() as conn:
        rows = list(conn.execute(review_decisions.select()))
    assert [(x.decision, x.actor) for x in rows][-1] == ("clear", "qin")
    office.session("chief").post(f"{office.url}/items/{key}/approve")
    office.session("deputy").post(f"{office.url}/items/{key}/approve")
    live = office.app.published_edition(key)
    assert live.edition == 1 and RID in live.body


def test_without_the_clear_approval_the_block_is_published_masked(office: Office):
    key, _block = _overridden(office)
    office.session("chief").post(f"{office.url}/items/{key}/approve")
    r = office.session("deputy").post(f"{office.url}/items/{key}/approve")
    assert r.json()["item"]["state"] == "published"
    live = office.app.published_edition(key)
    assert live.edition == 2 and RID not in live.body and mask(RID) in live.body
