"""The screener over editions (title, summary, body, tables, attachments) and plugin rules."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pluggy
import pytest

import gov_disclosure.hookspecs
from gov_disclosure import hookimpl
from gov_disclosure.channels import AttachmentView
from gov_disclosure.errors import PluginError
from gov_disclosure.models import (
    Attachment,
    DataTable,
    EditionDraft,
)
from gov_disclosure.review import Finding, Screener, Severity, Term, any_blocking, mask, screen
from testsupport.samples import make_edition

RID = "11010519491231002X"  # the GB 11643 example (valid)


def _draft(**fields: object) -> EditionDraft:
    base: dict[str, object] = {
        "title": "东村村2026年低保对象公示",
        "summary": "公示期7天",
        "body": "经村民代表会议评议，拟将以下人员纳入低保。",
        "publisher": "示例镇人民政府",
        "written_on": date(2026, 3, 2),
        "topic": "社会保障",
        "column": "低保公示",
        "responsible_unit": "民政办",
    }
    base.update(fields)
    return EditionDraft(**base)  # type: ignore[arg-type]


def test_text_screening_positions_and_blocking() -> None:
    text = "秘密★1年\n本通知为征求意见稿。"
    findings = screen(text)
    at = text.index("征求意见稿")
    assert [(f.rule, f.field, f.span) for f in findings] == [
        ("secret_marking", "text", (0, 5)),
        ("sensitive_term", "text", (at, at + 5)),
    ]
    assert any_blocking(findings)
    assert not any_blocking(screen("本通知请认真贯彻执行。"))


def test_edition_fields_and_table_each_get_their_own_spans() -> None:
    table = DataTable(
        caption="低保对象名单",
        unit="元",
        columns=["姓名", "身份证号", "月保障金"],
        rows=[["张三", RID, Decimal("820")]],
    )
    draft = _draft(title="（内部资料）东村低保公示", body="联系人电话13812345678", tables=(table,))
    findings = screen(draft)
    by_field = {(f.field, f.rule) for f in findings}
    assert ("title", "secret_marking") in by_field
    assert ("body", "personal_data.mobile") in by_field
    assert ("table:低保对象名单", "personal_data.resident_id") in by_field
    texts = {"title": draft.title, "body": draft.body}
    for f in findings:
        if f.field in texts:
            span = texts[f.field][f.start : f.end]
            # personal data is shown masked, everything else as found
            assert f.matched == (mask(span) if f.category == "个人信息" else span)
            assert "13812345678" not in (f.matched + f.message_zh + f.message_en)


def test_attachment_texts_given_by_name_for_a_draft() -> None:
    sha = "0" * 64
    draft = _draft(
        attachments=(
            Attachment(name="名单.txt", media_type="text/plain", size=10, sha256=sha),
            Attachment(name="扫描件.pdf", media_type="application/pdf", size=10, sha256=sha),
        )
    )
    findings = screen(draft, attachment_texts={"名单.txt": f"王五 {RID}"})
    assert ("attachment:名单.txt", "personal_data.resident_id") in {
        (f.field, f.rule) for f in findings
    }
    [unscreened] = [f for f in findings if f.rule == "attachment_unscreened"]
    assert unscreened.field == "attachment:扫描件.pdf"
    assert unscreened.severity is Severity.BLOCK  # a person must look: it stops approval


def test_published_edition_attachments_are_read_from_their_files(tmp_path: Path) -> None:
    doc_path = tmp_path / "a.docx"
    document = docx.Document()
    document.add_paragraph("附件：不得外传")
    document.save(str(doc_path))
    txt_path = tmp_path / "b.txt"
    txt_path.write_bytes(f"户主李四，身份证{RID}".encode("gbk"))

    def view(name: str, path: Path, media: str) -> AttachmentView:
        """Stored as a content-addressed file store keeps it: named by its hash, no suffix."""
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        stored = tmp_path / "blobs" / digest
        stored.parent.mkdir(exist_ok=True)
        stored.write_bytes(data)
        return AttachmentView(
            name=name, media_type=media, size=len(data), sha256=digest, path=stored
        )

    edition = make_edition(
        title="公示",
        topic="社会保障",
        column="低保公示",
        responsible_unit="民政办",
        attachments=(
            view("附件1.docx", doc_path, "application/vnd.openxmlformats"),
            view("附件2.txt", txt_path, "text/plain"),
        ),
    )
    got = {(f.field, f.rule, f.matched) for f in screen(edition)}
    assert ("attachment:附件1.docx", "secret_marking", "不得外传") in got
    assert ("attachment:附件2.txt", "personal_data.resident_id", mask(RID)) in got


# --- plugins through the register_screening_rules hook ---------------------------------------


class PlaceNameRule:
    """A plugin rule: warn about named villages (e.g. in a 信访 summary)."""

    name = "village_name"
    _pattern = re.compile(r"[\u4e00-\u9fff]{1,3}村")

    def find(self, text: str) -> Iterator[Finding]:
        for m in self._pattern.finditer(text):
            yield Finding(
                rule=self.name,
                severity=Severity.WARN,
                start=m.start(),
                end=m.end(),
                matched=m.group(),
                message_zh="村名",
                message_en="village name",
            )


def _manager(*plugins: object) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("gov_disclosure")
    pm.add_hookspecs(gov_disclosure.hookspecs)
    for plugin in plugins:
        pm.register(plugin)
    pm.check_pending()
    return pm


def test_plugin_rules_and_dictionaries_are_used(tmp_path: Path) -> None:
    dict_file = tmp_path / "local.txt"
    dict_file.write_text("拆迁补偿明细\t个人隐私\tblock\n", encoding="utf-8")

    class LocalPlugin:
        @hookimpl
        def register_screening_rules(self, register_rule, register_dictionary):  # type: ignore[no-untyped-def]
            register_rule(PlaceNameRule())
            register_dictionary(dict_file)
            register_dictionary([Term("上访", "信访", Severity.WARN)])

    screener = Screener.from_plugins(_manager(LocalPlugin()))
    findings = screener.screen(_draft(body="东村拆迁补偿明细及上访情况"))
    got = {(f.rule, f.matched, f.severity.value, f.field) for f in findings}
    assert ("village_name", "东村", "warn", "body") in got
    assert ("sensitive_term", "拆迁补偿明细", "block", "body") in got
    assert ("sensitive_term", "上访", "warn", "body") in got


def test_a_plugin_rule_that_breaks_is_named() -> None:
    class Broken:
        name = "broken_rule"

        def find(self, text: str) -> list[Finding]:
            raise RuntimeError("boom")

    class Plugin:
        @hookimpl
        def register_screening_rules(self, register_rule):  # type: ignore[no-untyped-def]
            register_rule(Broken())

    screener = Screener.from_plugins(_manager(Plugin()))
    with pytest.raises(PluginError, match="broken_rule"):
        screener.screen_text("任何文字")


def test_bad_plugin_registrations_are_refused() -> None:
    with pytest.raises(PluginError, match="needs a 'name'"):
        Screener(rules=[object()])  # type: ignore[list-item]
    with pytest.raises(PluginError, match="Term objects"):
        Screener(dictionaries=[["上访"]])  # type: ignore[list-item]

    class OutOfText:
        name = "liar"

        def find(self, text: str) -> list[Finding]:
            return [Finding("liar", Severity.WARN, 0, 99, "x", "", "")]

    with pytest.raises(PluginError, match="liar"):
        Screener(rules=[OutOfText()]).screen_text("短")


def test_builtin_rules_and_default_dictionary_can_be_left_out() -> None:
    bare = Screener(builtin=False, default_dictionary=False)
    assert bare.screen_text(f"秘密★1年 征求意见稿 {RID}") == []
    only_terms = Screener(builtin=False, dictionaries=[[Term("征求意见稿", "过程", "block")]])
    assert [f.severity for f in only_terms.screen_text("征求意见稿")] == [Severity.BLOCK]
