"""The whole path over real HTTP: draft → review → publish → delivery receipt; an application
to its reply letter (.docx)."""

from __future__ import annotations

import io
import zipfile

from testsupport.applications import application_form
from testsupport.http_office import DRAFT as BASE_DRAFT
from testsupport.http_office import Office

DRAFT = {**BASE_DRAFT, "body": "一、部门基本情况"}


def test_draft_review_publish_and_delivery_receipt(office: Office) -> None:
    clerk, chief, deputy = (office.session(a) for a in ("clerk", "chief", "deputy"))
    files = [{"name": "预算表.csv", "content_base64": "6aG555uuLOmHkeminQo="}]
    r = clerk.post(f"{office.url}/items", json={"draft": DRAFT, "files": files})
    assert r.status_code == 201, r.text
    created = r.json()
    key = created["item"]["index_no"]
    assert created["item"]["state"] == "draft"
    assert created["edition"]["attachments"][0]["name"] == "预算表.csv"
    assert office.app.edition(key).author == "clerk"  # the token's actor, not a request field

    assert clerk.post(f"{office.url}/items/{key}/submit").json()["next_stage"] == "科室审核"
    assert chief.post(f"{office.url}/items/{key}/approve").json()["item"]["state"] == "in_review"
    published = deputy.post(f"{office.url}/items/{key}/approve").json()
    assert published["item"]["state"] == "published"
    assert published["state_label"] == "已发布"

    ran = clerk.post(f"{office.url}/run").json()
    assert ran["delivered"] >= 1
    item_id = published["item"]["id"]
    done = clerk.get(f"{office.url}/deliveries", params={"item_id": item_id}).json()
    assert [d["state"] for d in done] == ["done"]
    assert done[0]["receipt"]["location"].startswith("mem://")
    org = published["item"]["org_id"]
    page = clerk.get(f"{office.url}/items", params={"state": "published", "org": org}).json()
    assert [row["index_no"] for row in page["items"]] == [key]
    assert clerk.get(f"{office.url}/items", params={"org": org + 1}).json()["items"] == []


def test_an_application_to_its_reply_letter(office: Office) -> None:
    clerk = office.session("clerk")
    r = clerk.post(f"{office.url}/applications", json=application_form())
    assert r.status_code == 201, r.text
    record = r.json()
    assert record["applicant"]["id_masked"].startswith("1101")
    assert "11010519491231002X" not in r.text
    number = record["number"]
    clock = clerk.get(f"{office.url}/applications/{number}/deadline").json()
    assert clock["due"] == record["due"]
    assert any("答复期限" in line for line in clock["explanation"])

    reply = {"type": "予以公开", "location": "示例镇人民政府网站", "on": "2026-03-05"}
    refused = clerk.post(f"{office.url}/applications/{number}/reply", json=reply)
    assert refused.status_code == 403  # a 经办人 may not sign a reply
    chief = office.session("chief")
    closed = chief.post(f"{office.url}/applications/{number}/reply", json=reply)
    assert closed.status_code == 200, closed.text
    assert closed.json()["state"] == "closed"
    names = clerk.get(f"{office.url}/applications/{number}/letters").json()
    reply_letter = next(n for n in names if "告知书" in n)
    letter = clerk.get(f"{office.url}/applications/{number}/letters/{reply_letter}")
    assert letter.status_code == 200
    assert letter.headers["content-type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(letter.content)) as docx:
        text = docx.read("word/document.xml").decode()
    assert "张三" in text


def test_the_annual_report_and_the_audit_log(office: Office) -> None:
    clerk = office.session("clerk")
    clerk.post(f"{office.url}/applications", json=application_form())
    r = clerk.post(f"{office.url}/reports/annual/2026", params={"format": "json"})
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    assert "2026" in r.text and "年度报告" in r.text
    docx = clerk.post(f"{office.url}/reports/annual/2026")
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        assert "政府信息公开工作年度报告" in z.read("word/document.xml").decode()
    admin = office.session("admin")
    log = admin.get(f"{office.url}/audit", params={"limit": 5}).json()
    assert log[0]["actor"] == "clerk"
    assert admin.get(f"{office.url}/audit/verify").json()["ok"] is True
    listed = admin.get(f"{office.url}/tokens").json()
    assert {t["actor"] for t in listed} >= {"clerk", "admin"}
    assert all(office.tokens["clerk"] not in str(t) for t in listed)
