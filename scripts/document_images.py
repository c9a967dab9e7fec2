"""Make docs/images/*.png: the first page of each document kind, printed from the demo.

Runs the demo in a temporary folder, writes each kind of document from it (the March
bulletin issue, the 低保 notice sheet, a reply letter, the 公开指南, the annual report and a
通知 with a 版记), converts them with LibreOffice (documents.render) and keeps page 1 of
each as a small PNG. Needs soffice and poppler-utils. Usage: python scripts/document_images.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import tomllib
from datetime import date, datetime
from pathlib import Path

from gov_disclosure.app import App
from gov_disclosure.applications import ApplicationService, ApplicationSettings
from gov_disclosure.config import load_config
from gov_disclosure.demo.runner import run_demo
from gov_disclosure.documents import GovDocument, render, write_notice
from gov_disclosure.reports import build_report, parse_supplement
from gov_disclosure.reports.guide import render_guide_docx
from gov_disclosure.reports.render_docx import render_docx
from gov_disclosure.workdays import CHINA_TZ

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
DPI = 40


def _app(out: Path) -> App:
    config = tomllib.loads((out / "gov-disclosure.toml").read_text(encoding="utf-8"))
    at = datetime(2026, 3, 9, 10, 0, tzinfo=CHINA_TZ)
    return App(f"sqlite:///{out / 'gov-disclosure.db'}", load_config(config, out), clock=lambda: at)


def _notice(app: App, out: Path) -> Path:
    from gov_disclosure_bulletin import needs_notice_sheet, notice_sheet

    editions = app.channel_context().catalogue()
    notice = next(e for e in editions if needs_notice_sheet(e) and "最低生活保障" in e.title)
    return write_notice(notice_sheet(notice), out / "notice.docx")


def _letter(app: App, out: Path) -> Path:
    settings = ApplicationSettings(
        handler_roles=("经办人",),
        reply_roles=("主要领导审批",),
        review_body="示例县人民政府",
        court="示例县人民法院",
    )
    service = ApplicationService(app, settings)
    form = {
        "applicant": {"kind": "自然人", "name": "张三", "id_number": "11010519491231002X"},
        "contact": {"phone": "13812345678", "address": "示例镇人民路2号"},
        "request": {"description": "本镇2026年城乡最低生活保障资金发放名册", "form": "纸质文本"},
        "arrival": {"route": "当面", "handed_in_on": "2026-03-02"},
    }
    record = service.new(form, "wang.jb")
    service.reply(record.id, "chen.zz", type="予以公开", on=date(2026, 3, 9))
    return next(p for p in service.letters(record.id, out) if p.name.endswith("告知书.docx"))


def _guide(app: App, out: Path) -> Path:
    path = out / "guide.docx"
    path.write_bytes(render_guide_docx(app.config, date(2026, 1, 5)))
    return path


def _report(app: App, out: Path) -> Path:
    texts = {"总体情况": "2026年，示例镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。"}
    texts["存在的主要问题及改进情况"] = "公开内容的及时性有待提高，下一步将加强培训。"
    report = build_report(app, 2026, parse_supplement({"year": 2026, "文字": texts}))
    path = out / "report.docx"
    path.write_bytes(render_docx(report))
    return path


def _notification(out: Path) -> Path:
    doc = GovDocument()
    doc.add_title("示例镇人民政府关于做好2026年防汛工作的通知")
    doc.add_doc_number("示政发〔2026〕7号")
    doc.add_body(
        "各村（居）委会、镇直各单位：\n"
        "为切实做好今年防汛工作，确保人民群众生命财产安全，现将有关事项通知如下。\n"
        "一、压实防汛责任\n各村要落实防汛责任人，明确分工，实行二十四小时值班制度。\n"
        "二、排查整治隐患\n（一）全面排查。对辖区内河道、水库、危房开展拉网式排查。\n"
        "（二）及时整改。发现隐患立即整改，不能立即整改的落实监控措施。"
    )
    doc.add_signature("示例镇人民政府", date(2026, 5, 6), seal=True)
    doc.add_record(
        printer="示例镇党政综合办公室",
        printed_on=date(2026, 5, 6),
        cc=["县应急管理局", "县水务局"],
    )
    return doc.save(out / "notification.docx")


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="doc-images-") as tmp:
        out = Path(tmp)
        run_demo(out / "demo", echo=lambda _line: None)
        app = _app(out / "demo")
        docs = {
            "bulletin": out / "demo" / "output" / "bulletin" / "bulletin-2026-03.docx",
            "notice": _notice(app, out),
            "letter": _letter(app, out),
            "guide": _guide(app, out),
            "report": _report(app, out),
            "notification": _notification(out),
        }
        for kind, docx_path in docs.items():
            pdf = render.to_pdf(docx_path, out / "pdf")
            (png,) = render.to_png(pdf, out / "png" / kind, first=1, last=1, dpi=DPI)
            shutil.copyfile(png, IMAGES / f"{kind}.png")
            print(IMAGES / f"{kind}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
