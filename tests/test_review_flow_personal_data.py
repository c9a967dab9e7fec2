"""Personal data through the review flow: one screening path for `review screen ITEM` and
`review submit`, findings and the audit log masked, an override publishes the masked text
unless a second 保密审查员 approves publishing in clear, masked editions, the allowlist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from gov_disclosure import audit
from gov_disclosure.app import App
from gov_disclosure.authority.admin import register
from gov_disclosure.config import load_config
from gov_disclosure.errors import InvalidInputError, PermissionDeniedError
from gov_disclosure.models import Actor, ItemState
from gov_disclosure.review import UnreadableDocumentError, mask, read_attachment
from gov_disclosure.store.tables import audit_log, review_decisions
from tests.review_files import (
    MOBILE,
    MOBILE2,
    OFFICE_PHONE,
    RID,
    build_xlsx,
    dibao_rows,
    encrypt_ooxml,
)
from testsupport.cli import office_cli
from testsupport.core import draft


def with_list(app: App, tmp_path: Path, **over: object) -> int:
    """An item with a 低保名单.xlsx attachment (full IDs and phones) and an ID in its body."""
    att = app.blobs.put(build_xlsx(tmp_path / "低保名单.xlsx"))
    body = f"户主刘某某，身份证号 {RID[:6]}-{RID[6:14]}-{RID[14:]}，监督电话 {OFFICE_PHONE}"
    item = app.create_item(draft(body=body, attachments=(att,), **over), "clerk")
    return item.id


def everything_stored(app: App) -> str:
    """Every review decision and audit entry, as text."""
    with app.store.engine.connect() as conn:
        rows = [*conn.execute(select(review_decisions)), *conn.execute(select(audit_log))]
    return "\n".join(json.dumps(list(r), ensure_ascii=False, default=str) for r in rows)


def test_submit_screens_the_workbook_and_stores_masked_findings_only(app: App, tmp_path):
    key = with_list(app, tmp_path)
    app.submit(key, "clerk")
    findings = app.review_status(key).findings
    fields = {(f["field"], f["rule"]) for f in findings}
    assert ("attachment:低保名单.xlsx", "personal_data.resident_id") in fields
    assert ("attachment:低保名单.xlsx", "personal_data.mobile") in fields
    assert ("body", "personal_data.resident_id") in fields
    stored = everything_stored(app)
    first_id = str(dibao_rows()[1][2])
    for number in (RID, first_id, MOBILE, "13800000000"):
        assert number not in stored
    assert mask(first_id) in stored


OFFICE = """\
[organization]
name = "示例镇人民政府"
credit_code = "11320000MB1234562M"
phone = "0510-88881234"

[calendar]
provisional = true

[[actors]]
id = "clerk"
name = "王经办"
unit = "党政综合办公室"
roles = ["经办人"]
"""


def test_review_screen_item_and_submit_run_the_same_screening(tmp_path: Path):
    import gov_disclosure.cli.main as cli_main

    cli_main._mount()
    run = office_cli(cli_main.cli, tmp_path, OFFICE)
    xlsx = build_xlsx(tmp_path / "低保名单.xlsx")
    run(
        "item",
        "add",
        "--title",
        "东村低保公示",
        "--written-on",
        "2026-03-02",
        "--topic",
        "民政、扶贫、救灾",
        "--column",
        "社会救助",
        "--unit",
        "民政办",
        "--author",
        "clerk",
        "--body",
        f"户主身份证 {RID}，监督电话 {OFFICE_PHONE}",
        "--attach",
        str(xlsx),
    )
    screened = run("review", "screen", "1", "--json", ok=False)
    assert screened.exit_code == 1, screened.output
    shown = json.loads(screened.output)
    cli = sorted(
        (f["field"], f["rule"], f["start"], f["matched"])
        for field in shown["fields"]
        for f in field["findings"]
    )
    assert ("attachment:低保名单.xlsx", "personal_data.resident_id") in {c[:2] for c in cli}
    assert "personal_data.landline" not in {c[1] for c in cli if c[0] == "body"}  # own phone
    submitted = run("review", "submit", "1", "--actor", "clerk")
    status = run("review", "status", "1")
    table = run("review", "screen", "1", ok=False)
    for out in (screened.output, submitted.output, status.output, table.output):
        assert RID not in out and str(dibao_rows()[1][2]) not in out and MOBILE2 not in out
    assert "低保名单.xlsx" in table.output
    app = App(f"sqlite:///{tmp_path / 'office.db'}", load_config(OFFICE_CONFIG(tmp_path)))
    stored = sorted(
        (f["field"], f["rule"], f["start"], f["matched"]) for f in app.review_status(1).findings
    )
    assert stored == cli


def OFFICE_CONFIG(folder: Path) -> dict:
    import tomllib

    data = tomllib.loads(OFFICE)
    data["storage"] = {"files_dir": str(folder / "gov-disclosure-files")}
    return data


def test_an_id_typed_into_a_title_never_reaches_the_audit_log(app: App):
    item = app.create_item(draft(title=f"关于刘某某（{RID}）的低保公示"), "clerk")
    app.submit(item.id, "clerk")
    stored = everything_stored(app)
    assert RID not in stored and mask(RID) in stored
    with app.store.engine.connect() as conn:
        assert audit.verify(conn).ok


def _override_all(app: App, key: int, actor: str = "chief") -> None:
    for i in app.review_status(key).blocking:
        app.override(key, actor, i, "公示需要，已核实")


def test_overridden_personal_data_is_published_masked(app: App, tmp_path):
    key = with_list(app, tmp_path)
    app.submit(key, "clerk")
    _override_all(app, key)
    app.approve(key, "chief")
    app.approve(key, "deputy")
    item = app.item(key)
    assert item.state is ItemState.PUBLISHED and item.live_edition == 2
    live = app.published_edition(key)
    assert RID not in live.body and "1101**-********-002X" in live.body
    [att] = live.attachments
    assert att.name == "低保名单.xlsx"
    text = read_attachment(att.path, att.name)
    assert str(dibao_rows()[1][2]) not in text and mask(str(dibao_rows()[1][2])) in text
    original = app.edition(key, 1).attachments[0]
    assert str(dibao_rows()[1][2]) in read_attachment(
        app.blobs.open_path(original.sha256), "a.xlsx"
    )
    status = app.review_status(key)
    assert status.next_stage is None and len(status.passed) == 2
    assert "masked" in everything_stored(app)


def test_a_second_secrecy_reviewer_may_approve_publishing_in_clear(app: App, tmp_path):
    qin = Actor(id="qin", name="秦审查", unit="党政综合办公室", roles={"保密审查员"})
    with app.store.transaction() as conn:  # a second secrecy reviewer, registered directly
        register(conn, app.policy, qin, "system")
    item = app.create_item(draft(body=f"收款人身份证号 {RID}，按规定公示"), "clerk")
    app.submit(item.id, "clerk")
    [block] = app.review_status(item.id).blocking
    with pytest.raises(InvalidInputError, match="override it first"):
        app.approve_clear(item.id, "qin", block, "依法须公示原文")
    app.override(item.id, "chief", block, "依法须公示")
    with pytest.raises(PermissionDeniedError, match="second person"):
        app.approve_clear(item.id, "chief", block, "我自己批准")
    with pytest.raises(PermissionDeniedError, match="保密审查员"):
        app.approve_clear(item.id, "deputy", block, "没有角色")
    with pytest.raises(InvalidInputError, match="reason"):
        app.approve_clear(item.id, "qin", block, "  ")
    app.approve_clear(item.id, "qin", block, "依法须公示原文")
    app.approve(item.id, "chief")
    app.approve(item.id, "deputy")
    live = app.published_edition(item.id)
    assert live.edition == 1 and RID in live.body


def test_review_mask_item_makes_a_masked_edition(app: App, tmp_path):
    key = with_list(app, tmp_path)
    done = app.mask_item(key, "clerk")
    item = done.item
    assert item.current_edition == 2 and item.state is ItemState.DRAFT
    assert done.changed == ("body", "attachment:低保名单.xlsx") and done.masked >= 3
    ed = app.edition(key)
    assert RID not in ed.body and "1101**-********-002X" in ed.body
    assert ed.attachments[0].sha256 != app.edition(key, 1).attachments[0].sha256
    app.submit(key, "clerk")
    assert app.review_status(key).blocking == []  # nothing left to block
    with pytest.raises(InvalidInputError, match="nothing to mask"):
        app.mask_item(key, "clerk")


def test_allowlisted_office_number_is_never_flagged_or_masked(tmp_path: Path, clock):
    from tests.conftest import make_app

    base = make_app(f"sqlite:///{tmp_path / 'a.db'}", tmp_path, clock)
    cfg = load_config(
        {**base.config.model_dump(exclude={"base_dir"}), "review": {"public_numbers": [MOBILE]}},
        tmp_path,
    )
    app = App(f"sqlite:///{tmp_path / 'a.db'}", cfg, pm=base.pm, clock=clock)
    item = app.create_item(draft(body=f"监督电话 {MOBILE}，户主 {RID}"), "clerk")
    app.submit(item.id, "clerk")
    rules = [f["rule"] for f in app.review_status(item.id).findings]
    assert rules == ["personal_data.resident_id"]
    other = app.create_item(draft(body=f"监督电话 {MOBILE}，户主 {RID}"), "clerk")
    masked = app.mask_item(other.id, "clerk").item
    assert MOBILE in app.edition(masked.id).body and RID not in app.edition(masked.id).body


def test_a_corrupt_attachment_stops_submit_with_its_name_and_nothing_is_written(app: App, tmp_path):
    bad = tmp_path / "低保名单.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    item = app.create_item(draft(attachments=(app.blobs.put(bad),)), "clerk")
    before = everything_stored(app)
    with pytest.raises(UnreadableDocumentError, match=r"低保名单\.xlsx: 文件已损坏"):
        app.submit(item.id, "clerk")
    assert app.item(item.id).state is ItemState.DRAFT
    assert everything_stored(app) == before


def test_a_password_protected_workbook_stops_submit_and_mask_leaving_nothing(app: App, tmp_path):
    """A real encrypted 低保名单.xlsx: submit and mask both refuse it, naming the file; the item
    stays an unpublished draft with one edition; no decision, audit entry or file is added."""
    locked = encrypt_ooxml(build_xlsx(tmp_path / "plain.xlsx"), tmp_path / "低保名单.xlsx")
    item = app.create_item(draft(attachments=(app.blobs.put(locked),)), "clerk")
    before = everything_stored(app)
    files = sorted(p for p in app.blobs.root.rglob("*") if p.is_file())
    assert len(files) == 1  # the encrypted original
    for attempt in (app.submit, app.mask_item):
        with pytest.raises(UnreadableDocumentError, match=r"低保名单\.xlsx: 文件受密码保护"):
            attempt(item.id, "clerk")
    after = app.item(item.id)
    assert after.state is ItemState.DRAFT and after.current_edition == 1
    assert after.live_edition is None
    assert everything_stored(app) == before
    assert sorted(p for p in app.blobs.root.rglob("*") if p.is_file()) == files


def test_mask_and_clear_from_the_command_line(tmp_path: Path):
    import gov_disclosure.cli.main as cli_main

    cli_main._mount()
    office = OFFICE + (
        '\n[[actors]]\nid = "li"\nname = "李主任"\nunit = "党政综合办公室"\n'
        'roles = ["科室审核", "保密审查员"]\n'
        '\n[[actors]]\nid = "qin"\nname = "秦审查"\nunit = "党政综合办公室"\n'
        'roles = ["保密审查员"]\n'
    )
    run = office_cli(cli_main.cli, tmp_path, office)
    xlsx = build_xlsx(tmp_path / "低保名单.xlsx")
    masked = tmp_path / "公示" / "低保名单.xlsx"
    run("review", "mask", str(xlsx), "-o", str(masked))
    assert leaked_ids(read_attachment(masked)) == []
    assert OFFICE_PHONE in read_attachment(masked)  # the configured phone stays
    no_output = run("review", "mask", str(xlsx), ok=False)
    assert no_output.exit_code == 2 and "-o" in no_output.output
    for body in (f"户主身份证 {RID}", f"收款人 {RID}"):
        run(
            "item", "add", "--title", "东村低保公示", "--written-on", "2026-03-02",
            "--topic", "民政、扶贫、救灾", "--column", "社会救助", "--unit", "民政办",
            "--author", "clerk", "--body", body, "--attach", str(xlsx),
        )  # fmt: skip
    said = run("review", "mask", "1", "--actor", "clerk").output
    assert "已遮盖" in said and "attachment:低保名单.xlsx" in said and RID not in said
    shown = run("review", "screen", "1", ok=False)
    assert shown.exit_code == 0, shown.output  # nothing blocks in the masked edition
    run("review", "submit", "2", "--actor", "clerk")
    app = App(f"sqlite:///{tmp_path / 'office.db'}", load_config(OFFICE_CONFIG(tmp_path)))
    finding = next(
        i
        for i, f in enumerate(app.review_status(2).findings)
        if f["field"] == "body" and f["rule"] == "personal_data.resident_id"
    )
    run("review", "override", "2", str(finding), "--actor", "li", "--reason", "公示需要")
    refused = run("review", "clear", "2", str(finding), "--actor", "li", "--reason", "x", ok=False)
    assert refused.exit_code != 0 and "second person" in refused.output
    run("review", "clear", "2", str(finding), "--actor", "qin", "--reason", "依法须公示原文")
    with app.store.engine.connect() as conn:
        decisions = [r.decision for r in conn.execute(select(review_decisions))]
    assert decisions[-2:] == ["override", "clear"]


def leaked_ids(text: str) -> list[str]:
    from gov_disclosure.review import DataKind, find_personal_data

    kinds = (DataKind.RESIDENT_ID, DataKind.MOBILE)
    return [d.masked for d in find_personal_data(text) if d.kind in kinds]
