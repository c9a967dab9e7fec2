"""Letters to applicants and consulted parties, as GB/T 9704 .docx files.

Each letter is a Jinja2 text template (``templates/*.txt.j2``; an office overrides any of
them by putting a file of the same name in ``[applications] templates_dir``). The rendered
text's first line is the title, the rest the body (a first line ending with ``：`` is the
addressee); :class:`~gov_disclosure.documents.GovDocument` lays it out and adds the issuing
body's signature and the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from ..documents import GovDocument, format_date
from ..errors import ConfigError, InvalidInputError
from ..files import PRIVATE
from ..workdays import WorkdayCalendar
from .clock import deadline
from .fees import FeeBand, FeeMethod, FeeQuote
from .models import ApplicationEvent, ApplicationRecord, EventKind
from .settings import ApplicationSettings

_REPLY_TEMPLATES = {
    "予以公开": "reply_granted",
    "部分公开": "reply_partial",
    "不予公开": "reply_withheld",
    "无法提供": "reply_unable",
    "不予处理": "reply_not_processed",
    "其他处理": "reply_other",
}


@dataclass(frozen=True)
class Letter:
    """One letter to write: template, file name stem, date and template context."""

    template: str
    stem: str
    on: date
    context: dict[str, Any]


def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """Built-in templates, overridden file by file by the office's folder."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        if not templates_dir.is_dir():
            raise ConfigError("applications.templates_dir", f"not a folder: {templates_dir}")
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.PackageLoader("gov_disclosure.applications", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )
    env.filters["cn_date"] = lambda d: format_date(date.fromisoformat(str(d)))
    return env


def render_text(env: jinja2.Environment, template: str, context: dict[str, Any]) -> str:
    """The letter's text; a broken office template is a :class:`ConfigError` naming it."""
    try:
        return env.get_template(f"{template}.txt.j2").render(**context)
    except jinja2.TemplateError as exc:
        raise ConfigError("applications.templates_dir", f"template {template}: {exc}") from None


def render_letter(
    text: str,
    out: Path,
    *,
    issuer: str,
    on: date,
    doc_number: str | None = None,
    root: Path | None = None,
) -> Path:
    """Lay out a rendered letter (title line, then body) as a 公文 .docx at ``out``."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if len(lines) < 2:
        raise InvalidInputError("letter", "a letter needs a title line and a body", text[:40])
    doc = GovDocument(page_numbers=False)
    if doc_number:
        doc.add_doc_number(doc_number)
        doc.add_blank_line()
    doc.add_title(lines[0])
    doc.add_blank_line()
    doc.add_body("\n".join(lines[1:]))
    doc.add_signature(issuer, on, seal=True)  # sent under the body's seal
    doc.document.core_properties.title = lines[0]
    doc.document.core_properties.author = issuer
    return doc.save(out, root=root, mode=PRIVATE)  # names and addresses: owner only


def _quote(event: ApplicationEvent) -> FeeQuote:
    bands = tuple(FeeBand(first, last, rate) for first, last, rate, _ in event.data["bands"])
    return FeeQuote(FeeMethod(event.data["method"]), int(event.data["quantity"]), bands)


#: Said after a date that rests on a year without the State Council's notice yet.
PROVISIONAL_NOTE = "（暂定，如国务院公布的节假日安排不同，以调整后的工作日为准）"


def _note(calendar: WorkdayCalendar, day: date | None) -> str:
    return PROVISIONAL_NOTE if day is not None and calendar.is_provisional(day.year) else ""


def plan_letters(
    record: ApplicationRecord, calendar: WorkdayCalendar, settings: ApplicationSettings
) -> list[Letter]:
    """Every letter the application's events call for, in the order they happened."""
    letters: list[Letter] = []
    consults = 0
    for event in record.events:
        kind = event.kind
        ctx: dict[str, Any] = {"event": event}
        if kind is EventKind.SUPPLEMENT_REQUESTED:
            due = calendar.add_workdays(event.on, int(event.data["days"]))
            ctx |= {"supplement_due": due, "due_note": _note(calendar, due)}
            letters.append(Letter("supplement", "补正通知书", event.on, ctx))
        elif kind is EventKind.CONSULT_STARTED:
            consults += 1
            served = event.data.get("served_on")  # the 15 days run from its receipt (Art. 32)
            ctx |= {"answer_by": None, "due_note": ""}
            if served:
                by = calendar.add_workdays(date.fromisoformat(served), int(event.data["days"]))
                ctx |= {"answer_by": by, "due_note": _note(calendar, by)}
            letters.append(Letter("consult", f"征求意见函-{consults}", event.on, ctx))
        elif kind is EventKind.EXTENDED:
            so_far = tuple(e for e in record.events if e.id <= event.id)
            due = deadline(record.model_copy(update={"events": so_far}), calendar, event.on).due
            ctx |= {"due": due, "due_note": _note(calendar, due)}
            letters.append(Letter("extension", "延期答复告知书", event.on, ctx))
        elif kind is EventKind.FEE_NOTIFIED:
            quote = _quote(event)
            pay_by = event.data.get("pay_by")  # known once the notice's service date is
            for served in record.events_of(EventKind.FEE_SERVED):
                days = int(served.data.get("days", settings.fee_days))
                pay_by = calendar.add_workdays(served.on, days).isoformat()
            ctx |= {
                "pay_by": pay_by,
                "due_note": _note(calendar, date.fromisoformat(pay_by)) if pay_by else "",
                "method_label": quote.method.label,
                "fee_lines": quote.lines(),
                "payment_instructions": settings.payment_instructions,
            }
            letters.append(Letter("fee", "收费通知", event.on, ctx))
    if record.reply is not None:
        template = _REPLY_TEMPLATES[record.reply.type.value]
        letters.append(Letter(template, "告知书", record.reply.replied_on, {"reply": record.reply}))
    return letters


def write_letters(
    record: ApplicationRecord,
    out_dir: Path,
    *,
    calendar: WorkdayCalendar,
    settings: ApplicationSettings,
    organization: dict[str, Any],
    numbers: dict[str, str] | None = None,
) -> list[Path]:
    """Write every letter of ``record`` to ``out_dir`` as ``<number>-<letter>.docx``;
    ``numbers`` gives each letter's 文号 by its name (:mod:`.letter_numbers`)."""
    env = environment(settings.templates_dir)
    base = {
        "number": record.number,
        "applicant": record.applicant,
        "request": record.request,
        "received_on": record.received_on,
        "org": organization,
        "remedy": {"review_body": settings.review_body, "court": settings.court},
    }
    letters = plan_letters(record, calendar, settings)
    texts = [render_text(env, letter.template, base | letter.context) for letter in letters]
    paths = []  # every template renders before the first file is written
    for letter, text in zip(letters, texts, strict=True):
        out = out_dir / f"{record.number}-{letter.stem}.docx"
        issuer = str(organization.get("name") or "")
        number = (numbers or {}).get(letter.stem)
        paths.append(
            render_letter(text, out, issuer=issuer, on=letter.on, doc_number=number, root=out_dir)
        )
    return paths
