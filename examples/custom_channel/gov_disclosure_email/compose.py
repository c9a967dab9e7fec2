"""The e-mails themselves: Chinese plain text with an escaped HTML alternative.

Message-IDs are derived from (索引号, edition, action), so the same delivery sent twice carries
the same Message-ID and a mail client (or the channel itself) recognises the repeat.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from typing import Any

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.models import ItemState
from gov_disclosure.workdays import in_zone

SUBJECT_LEAD = {
    "publish": "",
    "update": "更新：",
    "repeal": "已废止：",
    "withdraw": "撤回：",
}


@dataclass(frozen=True)
class Letter:
    """What goes into one e-mail, before it becomes a MIME message."""

    subject: str
    lines: tuple[str, ...]
    link: str | None = None


def zh_date(value: Any) -> str:
    """``2026年3月2日`` for dates; anything else as text."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value) if value else ""


def mail_action(action: str, edition: PublishedEdition) -> str:
    """The action as mails name it: an update of a repealed item is a repeal."""
    if action == "update" and edition.state is ItemState.REPEALED:
        return "repeal"
    return action


def message_id(edition: PublishedEdition, action: str, domain: str) -> str:
    """``<slug.e2.update@domain>``: one id per (item, edition, action)."""
    return f"<{edition.slug}.e{edition.edition}.{action}@{domain}>"


def reminder_id(unit: str, lines: Sequence[str], to: Sequence[str], day: date, domain: str) -> str:
    """A reminder repeated on the same day with the same content keeps its Message-ID."""
    digest = hashlib.sha256("\n".join([unit, *lines, *sorted(to), day.isoformat()]).encode())
    return f"<reminder.{digest.hexdigest()[:20]}@{domain}>"


def item_letter(
    edition: PublishedEdition, action: str, prefix: str, link: str | None, reason: str = ""
) -> Letter:
    """The letter for a published, updated, repealed or withdrawn item."""
    subject = f"{prefix}{SUBJECT_LEAD[action]}{edition.title}"
    if action == "withdraw":
        lines = (
            f"《{edition.title}》（索引号：{edition.index_no}）已撤回，不再公开。",
            f"撤回原因：{reason or '未说明'}",
        )
        return Letter(subject, lines, None)
    lead: tuple[str, ...] = ()
    if action == "update":
        lead = (f"本条信息已更新（第{edition.edition}版），以本邮件内容为准。", "")
    elif action == "repeal":
        why = f"：{edition.withdrawn_reason}" if edition.withdrawn_reason else "。"
        lead = (f"本文件已废止{why}", "")
    facts = [
        ("索引号", edition.index_no),
        ("发布机构", edition.publisher),
        ("文号", edition.doc_number or ""),
        ("成文日期", zh_date(edition.written_on)),
        ("发布日期", zh_date(edition.published_on)),
        ("主题分类", edition.topic),
        ("有效性", edition.validity),
    ]
    body = [
        *lead,
        edition.title,
        "",
        *(f"{label}：{value}" for label, value in facts if value),
        "",
    ]
    if edition.summary:
        body += [edition.summary, ""]
    body += edition.body.splitlines()
    if edition.attachments:
        body += ["", "附件：" + "；".join(a.name for a in edition.attachments)]
    if edition.tables:
        body += ["", "数据表：" + "；".join(t.caption for t in edition.tables) + "（详见网站）"]
    return Letter(subject, tuple(body), link)


def obligation_text(obligation: Any) -> str:
    """One obligation as a line: ``description（应于…前完成）依据：why``, else ``str(o)``."""
    description = str(getattr(obligation, "description", "") or "").strip()
    if not description:
        return str(obligation)
    due = zh_date(getattr(obligation, "due", ""))
    why = str(getattr(obligation, "why", "") or "").strip()
    text = description + (f"（应于{due}前完成）" if due else "")
    return text + (f"　依据：{why}" if why else "")


def reminder_letter(unit: str, obligations: Sequence[Any], prefix: str) -> Letter:
    """One reminder for a 责任单位 listing everything it owes."""
    items = [f"{i}. {obligation_text(o)}" for i, o in enumerate(obligations, start=1)]
    lines = (
        f"{unit}：",
        "",
        f"以下{len(items)}项政务公开工作即将到期或已经逾期，请及时办理：",
        "",
        *items,
    )
    return Letter(f"{prefix}工作提醒：{unit}（{len(items)}项）", lines)


def _footer(org_name: str) -> tuple[str, ...]:
    return ("", "——", f"本邮件由{org_name}政务公开系统自动发送，请勿直接回复。")


def build_message(
    letter: Letter,
    *,
    sender: Address,
    msg_id: str,
    when: datetime,
    org_name: str,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """A multipart/alternative message: plain text first, then the escaped HTML."""
    text_lines = [*letter.lines]
    if letter.link:
        text_lines += ["", f"全文：{letter.link}"]
    text_lines += _footer(org_name)
    message = EmailMessage()
    message["Subject"] = letter.subject
    message["From"] = sender
    message["To"] = "undisclosed-recipients:;"
    message["Date"] = format_datetime(in_zone(when))
    message["Message-ID"] = msg_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content("\n".join(text_lines) + "\n", charset="utf-8")
    message.add_alternative(_html(letter, org_name), subtype="html", charset="utf-8")
    return message


def _html(letter: Letter, org_name: str) -> str:
    paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in letter.lines if line.strip())
    link = ""
    if letter.link:
        href = escape(letter.link, quote=True)
        link = f'<p>全文：<a href="{href}">{escape(letter.link)}</a></p>\n'
    footer = escape(_footer(org_name)[-1])
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(letter.subject)}</title></head>\n<body>\n{paragraphs}\n{link}"
        f'<hr><p style="color:#666">{footer}</p>\n</body></html>\n'
    )
