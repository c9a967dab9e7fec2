"""Lay out one issue of the 政府公报: cover, 目录, the items, 更正 and withdrawals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.documents import GovDocument, format_date
from gov_disclosure.documents import styles as st

from .ledger import Entry, IssueRecord


@dataclass(frozen=True)
class Correction:
    """An update printed as 更正: the new edition and where the old one appeared."""

    edition: PublishedEdition
    replaced_edition: int | None
    earlier_issue: IssueRecord | None


@dataclass(frozen=True)
class Withdrawal:
    entry: Entry
    earlier_issue: IssueRecord | None


@dataclass(frozen=True)
class IssueContent:
    title: str  # 刊名
    label: str  # 2026年第3期(总第15期)
    issued_on: date
    items: list[PublishedEdition]
    corrections: list[Correction]
    withdrawals: list[Withdrawal]


def _grouped(items: list[PublishedEdition]) -> list[tuple[str, list[PublishedEdition]]]:
    groups: dict[str, list[PublishedEdition]] = {}
    for item in items:
        groups.setdefault(item.column, []).append(item)
    return list(groups.items())


def _cover(doc: GovDocument, content: IssueContent) -> None:
    doc.add_blank_line(3)
    doc.add_paragraph(content.title, st.COVER_TITLE)
    doc.add_blank_line(2)
    doc.add_paragraph(content.label, st.COVER_LINE)
    doc.add_rule()
    doc.add_blank_line(8)
    doc.add_paragraph(format_date(content.issued_on), st.COVER_LINE)
    doc.add_page_break()


def _contents(doc: GovDocument, order: list[tuple[str, str]]) -> None:
    doc.add_title("目　　录")
    doc.add_blank_line()
    for text, bookmark in order:
        if bookmark:
            doc.add_toc_entry(text, bookmark)
        else:
            doc.add_paragraph(text, st.TOC_GROUP)


def _metadata(doc: GovDocument, item: PublishedEdition) -> None:
    doc.add_paragraph(f"索引号：{item.index_no}", st.META)
    doc.add_paragraph(f"发布机构：{item.publisher}　主题分类：{item.topic}", st.META)
    doc.add_paragraph(
        f"成文日期：{format_date(item.written_on)}　发布日期：{format_date(item.published_on)}",
        st.META,
    )
    if item.interprets:
        doc.add_paragraph(f"解读的文件：索引号{item.interprets}", st.META)
    if item.interpreted_by:
        doc.add_paragraph(f"相关解读：索引号{'、'.join(item.interpreted_by)}", st.META)


def add_item(doc: GovDocument, item: PublishedEdition, bookmark: str) -> None:
    """One item: title, 文号, metadata, body, tables and the issuer with its 成文日期."""
    doc.add_title(item.title, bookmark=bookmark)
    if item.doc_number:
        doc.add_doc_number(item.doc_number)
    _metadata(doc, item)
    doc.add_blank_line()
    if item.summary and not item.body:
        doc.add_body(item.summary)
    doc.add_body(item.body)
    for table in item.tables:
        doc.add_table(table)
    doc.add_signature(item.publisher, item.written_on)
    doc.add_blank_line()


def _correction_note(c: Correction) -> str:
    item = c.edition
    where = f"本刊{c.earlier_issue.label()}" if c.earlier_issue else "本刊此前"
    old = f"第{c.replaced_edition}版" if c.replaced_edition else "原版本"
    return (
        f"{where}刊登的《{item.title}》（索引号：{item.index_no}，{old}）已更新为第{item.edition}版，"
        "现予更正，以本期刊登的内容为准。"
    )


def _withdrawal_line(w: Withdrawal) -> str:
    e = w.entry
    where = f"，原刊于本刊{w.earlier_issue.label()}" if w.earlier_issue else ""
    reason = (e.reason or "").strip() or "未说明"
    return f"《{e.title}》（索引号：{e.index_no}{where}）已撤回，撤回原因：{reason}。"


def compose_issue(content: IssueContent, *, fallback_font: str) -> GovDocument:
    """The whole issue as a :class:`GovDocument` (the cover and 目录 are unnumbered)."""
    doc = GovDocument(fallback_font=fallback_font)
    order: list[tuple[str, str]] = []
    marks: dict[int, str] = {}
    for column, items in _grouped(content.items):
        order.append((f"【{column}】", ""))
        for item in items:
            marks[id(item)] = f"_Item{len(marks) + 1}"
            order.append((item.title, marks[id(item)]))
    if content.corrections:
        order.append(("【更正】", ""))
        for c in content.corrections:
            marks[id(c)] = f"_Item{len(marks) + 1}"
            order.append((f"关于《{c.edition.title}》的更正", marks[id(c)]))
    if content.withdrawals:
        order.append(("【撤回信息】", ""))
        order.append(("撤回信息", "_Withdrawn"))
    _cover(doc, content)
    _contents(doc, order)
    doc.end_front_matter()
    for _column, items in _grouped(content.items):
        for item in items:
            add_item(doc, item, marks[id(item)])
    for c in content.corrections:
        doc.add_title(f"关于《{c.edition.title}》的更正", bookmark=marks[id(c)])
        doc.add_blank_line()
        doc.add_paragraph(_correction_note(c))
        doc.add_blank_line()
        add_item(doc, c.edition, f"{marks[id(c)]}_text")
    if content.withdrawals:
        doc.add_title("撤回信息", bookmark="_Withdrawn")
        doc.add_blank_line()
        doc.add_paragraph("下列信息已撤回，不再有效：")
        for w in content.withdrawals:
            doc.add_paragraph(_withdrawal_line(w))
    return doc
