"""One .docx of each document kind, built the way the product builds them, for the PDF tests.

Bulletin issue, notice sheet, reply letter, 公开指南 and annual report; each text has
punctuation that falls right after a full 28-character line (what LibreOffice used to drop).
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from reports_testlib import SUPPLEMENT_2025, build_applications, build_items

from gov_disclosure.app import App
from gov_disclosure.applications import ApplicationService, ApplicationSettings
from gov_disclosure.config import load_config
from gov_disclosure.demo.runner import DEMO_CONFIG
from gov_disclosure.documents import GovDocument, NoticeSheet, write_notice
from gov_disclosure.models import DataTable
from gov_disclosure.reports.annual import build_report
from gov_disclosure.reports.guide import render_guide_docx
from gov_disclosure.reports.render_docx import render_docx
from gov_disclosure.reports.supplement import parse_supplement
from testsupport.core import FixedClock
from testsupport.documents import march_issue

KINDS = ("bulletin", "notice", "letter", "guide", "report", "notification", "notification_table")

# 28 characters a line: a 。 or ， after every full line, whatever the indent
LINE = "本镇严格按照程序开展评议工作结果经村民代表会议通过现予公示"
NOTICE_BODY = "\n".join(
    [
        "经村民代表会议评议、镇人民政府审核，拟将下列家庭纳入最低生活保障，现予公示如下：",
        LINE[:26] + "。" + LINE[:28] + "，" + LINE[:20] + "。",
        LINE[:27] + "、" + LINE[:28] + "；" + LINE[:10] + "。",
        "张某某，东村村，2人户，月保障金额1360元；王堃，西村村，1人户，月保障金额780元。",
    ]
)


def notice(out: Path) -> Path:
    sheet = NoticeSheet(
        title="示例镇2026年3月城乡最低生活保障对象公示",
        body=NOTICE_BODY,
        issuer="示例镇人民政府",
        issued_on=date(2026, 3, 5),
        starts_on=date(2026, 3, 5),
        ends_on=date(2026, 3, 12),
        period_label="7日",
        objection_contact="示例镇社会事务办公室，电话0510-88881234",
    )
    return write_notice(sheet, out / "notice.docx")


def bulletin(out: Path) -> Path:
    return march_issue(out, NOTICE_BODY)[0]


def letter(out: Path, app: App, clock: FixedClock) -> Path:
    clock.at = datetime(2026, 6, 30, 9, 0).astimezone()
    service = ApplicationService(app, ApplicationSettings())
    record = service.new(
        {
            "applicant": {"kind": "自然人", "name": "张三", "id_number": "11010519491231002X"},
            "contact": {"phone": "13812345678", "address": "示例镇人民路2号"},
            "request": {
                "description": "本镇2025年农村危房改造补助名单及其审核程序的相关材料",
                "title": "补助名单",
            },
            "arrival": {"route": "邮政挂号", "signed_on": "2026-02-12"},
        },
        "clerk",
    )
    service.reply(record.id, "chief", type="予以公开", on=date(2026, 2, 26))
    paths = service.letters(record.id, out)
    return next(p for p in paths if p.name.endswith("告知书.docx"))


def guide(out: Path) -> Path:
    config = load_config(DEMO_CONFIG, out)
    path = out / "guide.docx"
    path.write_bytes(render_guide_docx(config, date(2026, 1, 5)))
    return path


def report(out: Path, app: App, clock: FixedClock) -> Path:
    build_items(app, clock)
    build_applications(app, clock)
    built = build_report(app, 2025, parse_supplement(tomllib.loads(SUPPLEMENT_2025)))
    path = out / "report.docx"
    path.write_bytes(render_docx(built))
    return path


def _sign_and_save(doc: GovDocument, cc: list[str], path: Path) -> Path:
    """The seal's place, the signature and a 版记 on an even page; saved to ``path``."""
    doc.add_signature("示例镇人民政府", date(2026, 3, 2), seal=True)
    doc.add_record(
        printer="示例镇党政综合办公室", printed_on=date(2026, 3, 5), cc=cc, even_page=True
    )
    return doc.save(path)


def notification(out: Path) -> Path:
    """A 通知 of two pages with a 主送机关, headings, the seal's place and a 版记."""
    doc = GovDocument()
    doc.add_title("示例镇人民政府关于做好2026年防汛工作的通知")
    doc.add_doc_number("示政发〔2026〕7号")
    body = ["各村（居）委会、镇直各单位：", "一、总体要求"]
    body += [LINE[:26] + "。" + LINE + "，" + LINE[:20] + "。" for _ in range(5)]
    body += ["二、工作措施", "（一）压实责任。" + LINE + "；" + LINE[:12] + "。"]
    body += [LINE[:27] + "、" + LINE + "：" + LINE[:15] + "。" for _ in range(4)]
    doc.add_body("\n".join(body))
    return _sign_and_save(doc, ["县政府办公室", "县应急管理局"], out / "notification.docx")


def allowance_table(households: int = 26) -> DataTable:
    """A 低保金 table long enough to cross a page, names that wrap in their cells."""
    rows: list[list[object]] = [
        [f"东村村第{i + 1}村民小组张某某家庭", Decimal("1360.00"), Decimal(2)]
        for i in range(households)
    ]
    return DataTable(
        caption="2026年3月城乡最低生活保障金发放表",
        unit="元",
        columns=["户主", "金额", "人数"],
        rows=rows,
        total=["合计", Decimal("1360.00") * households, Decimal(2 * households)],
    )


def notification_table(out: Path) -> Path:
    """A 通知 whose table crosses a page, then text, the signature and a 版记."""
    doc = GovDocument()
    doc.add_title("示例镇人民政府关于发放2026年3月城乡最低生活保障金的通知")
    doc.add_doc_number("示政发〔2026〕9号")
    body = ["各村（居）委会：", LINE[:26] + "。" + LINE + "，" + LINE[:20] + "。"]
    doc.add_body("\n".join(body))
    doc.add_table(allowance_table())
    doc.add_body(LINE[:27] + "、" + LINE + "：" + LINE[:15] + "。")
    return _sign_and_save(doc, ["县政府办公室", "县民政局"], out / "notification_table.docx")


def build(kind: str, out: Path, app: App, clock: FixedClock) -> Path:
    """The .docx of ``kind`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    if kind in ("letter", "report"):
        return {"letter": letter, "report": report}[kind](out, app, clock)
    simple = {
        "bulletin": bulletin,
        "notice": notice,
        "guide": guide,
        "notification": notification,
        "notification_table": notification_table,
    }
    return simple[kind](out)
