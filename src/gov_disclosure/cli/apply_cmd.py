"""``apply new|list|show|supplement|consult|extend|fee|paid|reply|close|letters``.

The applicant's ID number is only ever printed masked.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from ..applications import ApplicantKind, ApplicationService, Delivery, InfoForm, ReplyType, Route
from ..applications.clock import DeadlineReport
from ..applications.fees import FeeMethod
from ..applications.models import RECEIPT_FIELD, ApplicationRecord
from ..applications.service_base import SERVICE_WAYS
from ..applications.settings import remedy_note
from ..errors import CalendarNotCoveredError
from ..i18n import N_, _, ngettext
from ..workdays import local_date
from .choices import EnumChoice
from .context import get_env, open_app
from .identity import actor_option
from .output import console
from .pdf import pdf_option, with_pdfs

_DAY = click.DateTime(formats=["%Y-%m-%d"])


def _service() -> ApplicationService:
    """The service; open deadlines are first brought up to date with the calendar (a changed
    config is recorded and audited, see docs/applications.md)."""
    service = open_app(get_env()).applications
    service.recompute_deadlines("system")
    return service


def _d(value: datetime | None) -> date | None:
    return value.date() if value else None


def _left(report: DeadlineReport) -> str:
    if report.days_left is None:
        return "—" if report.waiting_until is None else f"待{report.waiting_until}"
    return str(report.days_left) if report.days_left >= 0 else f"超期{-report.days_left}"


@click.group("apply")
def apply_group() -> None:
    """依申请公开: applications, their statutory clock, replies and letters."""


@apply_group.command("new")
@click.option(
    "--json",
    "json_file",
    type=click.Path(exists=True, path_type=Path),
    help=N_("the whole form as JSON (applicant, contact, request, arrival, office)"),
)
@click.option("--name", help=N_("the applicant's name (person or organisation)"))
@click.option(
    "--kind",
    default="自然人",
    type=EnumChoice(ApplicantKind),
    help=N_("kind of applicant"),
)
@click.option("--id-number", help=N_("ID card number (natural persons); shown masked only"))
@click.option("--credit-code", help=N_("unified social credit code (organisations)"))
@click.option("--phone", help=N_("contact phone number"))
@click.option("--email", help=N_("email address"))
@click.option("--address", help=N_("postal address"))
@click.option("--postcode", help=N_("postal code"))
@click.option("--description", help=N_("description of the information wanted"))
@click.option("--title", help=N_("title of the document wanted"))
@click.option("--doc-number", help=N_("document number of the document wanted"))
@click.option(
    "--form",
    "info_form",
    default=InfoForm.PAPER.value,
    type=EnumChoice(InfoForm),
    help=N_("form of the information wanted"),
)
@click.option(
    "--delivery",
    default=Delivery.POST.value,
    type=EnumChoice(Delivery),
    help=N_("how the applicant wants to get it"),
)
@click.option(
    "--route",
    type=EnumChoice(Route),
    default="当面",
    help=N_("how the application arrived"),
)
@click.option(
    "--on",
    "route_date",
    type=_DAY,
    help=N_(
        "the receipt date for the route (Art. 31): handed in, signed "
        "for or confirmed (default: today, China's date)"
    ),
)
@click.option("--arrived-on", type=_DAY, help=N_("letter, internet or fax: the day it came in"))
@click.option(
    "--confirmed-by",
    help=N_(
        "letter, internet or fax: who confirmed the date with the applicant (default: --actor)"
    ),
)
@click.option("--office", help=N_("the office that handles it"))
@click.option(
    "--org",
    help=N_(
        "the body (公开主体): id, credit code or name (default: yours, else the configured one)"
    ),
)
@actor_option()
def apply_new(json_file: Path | None, actor: str, org: str | None, **o: Any) -> None:
    """Register an application (to --org, else your body or the configured one)."""
    service = _service()
    if json_file:
        data = json.loads(json_file.read_text(encoding="utf-8"))
    else:
        route = Route(o["route"])
        arrival: dict[str, Any] = {"route": route.value}
        received = o["route_date"].date() if o["route_date"] else service.app.today()
        arrival[RECEIPT_FIELD[route][0]] = received.isoformat()
        if o["arrived_on"]:
            arrival["arrived_on"] = o["arrived_on"].date().isoformat()
        if o["confirmed_by"]:
            arrival["confirmed_by"] = o["confirmed_by"]
        applicant = {"kind": o["kind"], "name": o["name"] or ""}
        if o["id_number"]:
            applicant["id_number"] = o["id_number"]
        if o["credit_code"]:
            applicant["credit_code"] = o["credit_code"]
        data = {
            "applicant": applicant,
            "contact": {k: o[k] for k in ("phone", "email", "address", "postcode") if o[k]},
            "request": {
                "description": o["description"] or "",
                "title": o["title"],
                "doc_number": o["doc_number"],
                "form": o["info_form"],
                "delivery": o["delivery"],
            },
            "arrival": arrival,
            "office": o["office"],
        }
    from ..supervision import ART39_NOTE, looks_like_complaint

    asked = data.get("request", {})
    if looks_like_complaint(f"{asked.get('description') or ''} {asked.get('title') or ''}"):
        click.echo(ART39_NOTE, err=True)
    record = service.new(data, actor, org)
    report = service.deadline(record.id)
    click.echo(f"{record.number}\t收到 {record.received_on}\t答复期限 {report.due_text}")
    if record.repeat_of:
        first = service.get(record.repeat_of)
        click.echo(
            f"注意：与已答复的申请 {first.number} 相同，"
            "可按重复申请不予处理（第三十六条第（六）项）"
        )
    count = service.monthly_count(record.id)
    click.echo(f"该申请人本月第 {count} 件申请")


@apply_group.command("list")
@click.option("--due-within", type=int, help=N_("only those with at most N working days left"))
@click.option("--all", "show_all", is_flag=True, help=N_("closed applications too"))
@click.option("--org", help=N_("only this body's (id, credit code or name)"))
def apply_list(due_within: int | None, show_all: bool, org: str | None) -> None:
    """Open applications with their due dates (ID numbers masked)."""
    service = _service()
    today = service.app.today()
    rows: list[tuple[ApplicationRecord, DeadlineReport | str]]
    if due_within is not None:
        rows = list(service.due_within(due_within, today, org=org))
    else:
        listed = service.list(open_only=not show_all, org=org)
        rows = [(r, _report(service, r, today)) for r in listed]
    table = Table("编号", "申请人", "证件", "收到", "状态", "答复期限", "剩余工作日")
    for record, report in rows:
        cells = (
            (report.status.label, report.due_text, _left(report))
            if isinstance(report, DeadlineReport)
            else (report, "—", "—")
        )
        table.add_row(
            record.number,
            record.applicant.name,
            record.applicant.id_masked or record.applicant.credit_code or "",
            str(record.received_on),
            *cells,
        )
    console(width=140).print(table)
    click.echo(ngettext("{n} application", "{n} applications", len(rows)).format(n=len(rows)))


def _report(
    service: ApplicationService, record: ApplicationRecord, today: date
) -> DeadlineReport | str:
    """The record's clock, or what is missing to compute it (one row never hides the list)."""
    try:
        return service.report(record, today)
    except CalendarNotCoveredError as exc:
        return f"缺少{exc.year}年工作日数据：gov-disclosure calendar load 通知.txt"


def _describe(record: ApplicationRecord) -> list[str]:
    a, req = record.applicant, record.request
    who = f"{a.name}（{a.kind.value}"
    who += (
        f"，{a.id_kind.value} {a.id_masked}）"
        if a.id_masked and a.id_kind
        else (f"，{a.credit_code}）" if a.credit_code else "）")
    )
    lines = [
        f"申请编号：{record.number}",
        f"申请人：{who}",
        f"所需信息：{req.description}"
        + (f"；名称：{req.title}" if req.title else "")
        + (f"；文号：{req.doc_number}" if req.doc_number else ""),
        f"形式与获取方式：{req.form.value}，{req.delivery.value}",
        f"收到方式：{record.arrival.route.value}；收到日期：{record.received_on}"
        + (
            f"（与申请人确认，确认人：{record.arrival.confirmed_by}）"
            if record.arrival.confirmed_by
            else ""
        ),
        f"承办科室：{record.office}",
    ]
    if record.repeat_of:
        lines.append(f"重复申请提示：与申请 #{record.repeat_of} 相同")
    if record.reply:
        row = " / ".join(record.report_row()[1:])
        lines.append(f"答复：{record.reply.type.value}（{record.reply.reason_label}）；年报：{row}")
    return lines


@apply_group.command("show")
@click.argument("key")
def apply_show(key: str) -> None:
    """One application and how its due date was reached."""
    service = _service()
    record = service.get(key)
    for line in _describe(record):
        click.echo(line)
    click.echo("")
    click.echo(service.deadline(record.id).explain())
    for fact in service.deadline_history(record.id):
        if fact.moved:
            click.echo(f"{fact.change_text()}（{local_date(fact.at)}，{fact.actor}）")


@apply_group.command("supplement")
@click.argument("key")
@click.option("--items", help=N_("补正 notice: what the applicant must complete"))
@click.option("--days", type=int, help=N_("working days given to the applicant"))
@click.option("--received", is_flag=True, help=N_("the completed application arrived"))
@click.option("--good-reason", help=N_("why a late 补正 is accepted (a good reason)"))
@click.option(
    "--on", type=_DAY, help=N_("the day it happened, YYYY-MM-DD (default: today, China's date)")
)
@actor_option()
def apply_supplement(
    key: str,
    items: str | None,
    days: int | None,
    received: bool,
    good_reason: str | None,
    on: datetime | None,
    actor: str,
) -> None:
    """Send the 补正 notice (once), or record the completed application (--received)."""
    service = _service()
    if received:
        record = service.supplement_received(key, actor, on=_d(on), good_reason=good_reason)
    else:
        record = service.request_supplement(key, actor, items=items or "", on=_d(on), days=days)
    report = service.deadline(record.id)
    click.echo(f"{record.number}\t{report.status.label}\t期限 {report.due or report.waiting_until}")


@apply_group.command("consult")
@click.argument("key")
@click.option("--third-party", help=N_("consult a third party (Art. 32): its name"))
@click.option("--other-body", help=N_("consult another government body: its name"))
@click.option(
    "--matter",
    default="",
    help=N_("what the information touches (trade secrets, personal privacy …)"),
)
@click.option("--answer", "consultation", type=int, help=N_("record the answer to consultation ID"))
@click.option(
    "--served",
    "served",
    type=int,
    help=N_(
        "record that consultation ID's letter was received on --on (by post: the day signed for)"
    ),
)
@click.option(
    "--served-on",
    type=_DAY,
    help=N_(
        "the day the party received the letter, if known now (its 15 "
        "working days run from the next day)"
    ),
)
@click.option(
    "--service",
    "service_way",
    type=click.Choice(SERVICE_WAYS),
    help=N_("how the letter was served"),
)
@click.option("--opinion", default="", help=N_("what the answer says"))
@click.option("--agree/--disagree", default=None, help=N_("the party agrees to disclosure"))
@click.option(
    "--on", type=_DAY, help=N_("the day it happened, YYYY-MM-DD (default: today, China's date)")
)
@actor_option()
def apply_consult(
    key: str,
    third_party: str | None,
    other_body: str | None,
    matter: str,
    consultation: int | None,
    served: int | None,
    served_on: datetime | None,
    service_way: str | None,
    opinion: str,
    agree: bool | None,
    on: datetime | None,
    actor: str,
) -> None:
    """Start a consultation (pauses the clock), record when the party received the letter
    (--served ID) or record its answer (--answer ID)."""
    how = service_way
    service = _service()
    if served is not None:
        service.consultation_served(key, actor, served, on=_d(on), service=how or "邮寄签收")
        click.echo(f"征求意见函 {served} 已送达")
    elif consultation is not None:
        service.answer_consultation(
            key, actor, consultation, opinion=opinion, agrees=agree, on=_d(on)
        )
        click.echo(_("consultation {id} answered").format(id=consultation))
    else:
        if bool(third_party) == bool(other_body):
            raise click.UsageError(_("give one of --third-party NAME or --other-body NAME"))
        party = "third_party" if third_party else "other_body"
        cid = service.start_consultation(
            key,
            actor,
            party=party,
            name=third_party or other_body or "",
            matter=matter,
            on=_d(on),
            served_on=_d(served_on),
            service=how,
        )
        click.echo(_("consultation {id} started").format(id=cid))
    click.echo(f"答复期限 {service.deadline(key).due_text}")


@apply_group.command("extend")
@click.argument("key")
@click.option("--days", type=int, required=True, help=N_("working days added (at most 20)"))
@click.option("--reason", required=True, help=N_("why more time is needed (for the notice)"))
@click.option(
    "--on", type=_DAY, help=N_("the day it happened, YYYY-MM-DD (default: today, China's date)")
)
@click.option("--notified-on", type=_DAY, help=N_("the day the applicant was told"))
@actor_option(help=N_("a person with the extension role (default: the logged-in account's actor)"))
def apply_extend(
    key: str, days: int, reason: str, on: datetime | None, notified_on: datetime | None, actor: str
) -> None:
    """The one extension (Art. 33)."""
    service = _service()
    record = service.extend(
        key, actor, days=days, reason=reason, on=_d(on), notified_on=_d(notified_on)
    )
    click.echo(f"{record.number}\t延期{days}个工作日\t答复期限 {service.deadline(record.id).due}")


@apply_group.command("fee")
@click.argument("key")
@click.option("--by", "method", type=EnumChoice(FeeMethod), help=N_("how the fee is counted"))
@click.option("--pages", type=int, help=N_("number of pages (for --by pages)"))
@click.option("--paid", is_flag=True, help=N_("record the payment instead"))
@click.option(
    "--served",
    is_flag=True,
    help=N_("record that the applicant received the notice on --on (by post: the day signed for)"),
)
@click.option(
    "--served-on",
    type=_DAY,
    help=N_(
        "the day the applicant received the notice, if known now (the "
        "20 working days for paying run from the next day)"
    ),
)
@click.option(
    "--service",
    "service_way",
    type=click.Choice(SERVICE_WAYS),
    help=N_("how the notice was served"),
)
@click.option(
    "--on", type=_DAY, help=N_("the day it happened, YYYY-MM-DD (default: today, China's date)")
)
@actor_option()
def apply_fee(
    key: str,
    method: str | None,
    pages: int | None,
    paid: bool,
    served: bool,
    served_on: datetime | None,
    service_way: str | None,
    on: datetime | None,
    actor: str,
) -> None:
    """Send the fee notice (pauses the clock), record when the applicant received it
    (--served) or record the payment (--paid)."""
    how = service_way
    service = _service()
    if paid:
        service.fee_paid(key, actor, on=_d(on))
        click.echo(f"已缴费；答复期限 {service.deadline(key).due_text}")
        return
    if served:
        service.fee_served(key, actor, on=_d(on), service=how or "邮寄签收")
        report = service.deadline(key)
        click.echo(f"收费通知已送达，缴费期限 {report.waiting_until}")
        return
    if method is None:
        raise click.UsageError(_("give --by count|pages (or --served / --paid)"))
    quote = service.fee_notice(
        key, actor, method=method, pages=pages, on=_d(on), served_on=_d(served_on), service=how
    )
    for line in quote.lines():
        click.echo(line)


@apply_group.command("reply")
@click.argument("key")
@click.option(
    "--type",
    "reply_type",
    required=True,
    type=EnumChoice(ReplyType),
    help=N_("kind of reply (the annual report's result category)"),
)
@click.option(
    "--reason", help=N_("sub-reason: the annual report's row, or a ground for withholding")
)
@click.option("--text", "explanation", help=N_("explanation for the letter"))
@click.option("--location", help=N_("granted, already disclosed: where it was published"))
@click.option("--other-body", help=N_("cannot be provided: the body that holds the information"))
@click.option(
    "--on", type=_DAY, help=N_("the day it happened, YYYY-MM-DD (default: today, China's date)")
)
@actor_option()
def apply_reply(
    key: str,
    reply_type: str,
    reason: str | None,
    explanation: str | None,
    location: str | None,
    other_body: str | None,
    on: datetime | None,
    actor: str,
) -> None:
    """Reply (Art. 36 / 37): closes the application."""
    service = _service()
    record = service.reply(
        key,
        actor,
        type=reply_type,
        reason=reason,
        on=_d(on),
        explanation=explanation,
        location=location,
        other_body=other_body,
    )
    report = service.deadline(record.id)
    late = f"\t超期{report.late_by}个工作日" if report.late_by else ""
    click.echo(f"{record.number}\t已答复\t{' / '.join(record.report_row()[1:])}{late}")


@apply_group.command("close")
@click.argument("key", required=False)
@click.option(
    "--abandoned",
    "how",
    flag_value="abandoned",
    help=N_("close it: the 补正 period passed without an answer"),
)
@click.option(
    "--unpaid", "how", flag_value="unpaid", help=N_("close it: the fee was not paid in time")
)
@click.option("--lapsed", "how", flag_value="lapsed", help=N_("close every lapsed application"))
@click.option(
    "--on", type=_DAY, help=N_("the day it happened, YYYY-MM-DD (default: today, China's date)")
)
@actor_option()
def apply_close(key: str | None, how: str | None, on: datetime | None, actor: str) -> None:
    """Close an application whose 补正 or fee period passed (其他处理)."""
    service = _service()
    if how == "lapsed":
        closed = service.close_lapsed(actor, _d(on))
        click.echo(_("closed: {keys}").format(keys="、".join(closed) or _("none")))
        return
    if not key or how is None:
        raise click.UsageError(_("give KEY and --abandoned or --unpaid (or --lapsed)"))
    close = service.abandon if how == "abandoned" else service.close_unpaid
    record = close(key, actor, on=_d(on))
    click.echo(f"{record.number}\t已办结\t{' / '.join(record.report_row()[1:])}")


@apply_group.command("letters")
@click.argument("key")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help=N_("folder for the letters"),
)
@pdf_option
def apply_letters(key: str, out_dir: Path, make_pdf: bool) -> None:
    """Write the application's letters (.docx): 补正通知书, 征求意见函, 延期答复告知书,
    收费通知, 告知书; each with its 文号."""
    service = _service()
    note = remedy_note(service.settings)
    if note:
        click.echo(note, err=True)
    for path in with_pdfs(service.letters(key, out_dir), make_pdf):
        click.echo(str(path))


COMMANDS = [apply_group]
