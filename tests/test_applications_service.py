"""Registering, replying, repeats, counts, report rows; bad input leaves nothing changed."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from gov_disclosure import audit
from gov_disclosure.applications import (
    ApplicationService,
    ReplyType,
    all_report_rows,
)
from gov_disclosure.applications.errors import (
    ApplicationClosedError,
    NoContactError,
    ReasonRequiredError,
)
from gov_disclosure.applications.tables import application_events, applications
from gov_disclosure.errors import InvalidInputError, PermissionDeniedError
from gov_disclosure.models import WithholdingGround
from gov_disclosure.workdays import CHINA_TZ
from testsupport.applications import application_form

RAW_ID = "11010519491231002X"


@pytest.fixture
def service(app, clock) -> ApplicationService:  # type: ignore[no-untyped-def]
    clock.at = datetime(2026, 6, 30, 9, 0, tzinfo=CHINA_TZ)
    return ApplicationService(app)


def _counts(service: ApplicationService) -> tuple[int, int, int]:
    with service.app.store.engine.connect() as conn:
        apps = conn.execute(select(func.count()).select_from(applications)).scalar_one()
        evs = conn.execute(select(func.count()).select_from(application_events)).scalar_one()
        log = len(audit.entries(conn, limit=10_000))
    return apps, evs, log


def _state(service: ApplicationService, key: int) -> tuple[Any, ...]:
    record = service.get(key)
    return record.state, record.reply, len(record.events)


def test_no_contact_is_a_specific_error_and_writes_nothing(service: ApplicationService) -> None:
    before = _counts(service)
    with pytest.raises(NoContactError) as err:
        service.new(application_form(contact={"address": "  "}), "clerk")
    assert err.value.field == "contact"
    assert _counts(service) == before


def test_bad_id_number_names_the_field_without_echoing_it(service: ApplicationService) -> None:
    bad = RAW_ID[:-1] + "1"
    with pytest.raises(InvalidInputError) as err:
        service.new(
            application_form(applicant={"kind": "自然人", "name": "张三", "id_number": bad}),
            "clerk",
        )
    assert "applicant" in str(err.value) and "check character" in str(err.value)
    assert bad not in str(err.value)
    assert _counts(service)[0] == 0


@pytest.mark.parametrize(
    ("arrival", "received"),
    [
        ({"route": "当面", "handed_in_on": "2026-03-02"}, date(2026, 3, 2)),
        ({"route": "邮政挂号", "signed_on": "2026-03-03"}, date(2026, 3, 3)),
        (
            {"route": "平常信函", "arrived_on": "2026-03-02", "confirmed_on": "2026-03-05"},
            date(2026, 3, 5),
        ),
        (
            {"route": "网络", "arrived_on": "2026-03-01", "confirmed_on": "2026-03-02"},
            date(2026, 3, 2),
        ),
        ({"route": "传真", "confirmed_on": "2026-03-04"}, date(2026, 3, 4)),
    ],
)
def test_receipt_date_follows_article_31(
    service: ApplicationService, arrival: dict[str, str], received: date
) -> None:
    record = service.new(application_form(arrival=arrival), "clerk")
    assert record.received_on == received
    assert record.events[0].on == received


@pytest.mark.parametrize(
    "arrival",
    [
        {"route": "平常信函", "arrived_on": "2026-03-02"},  # not yet confirmed with the applicant
        {"route": "邮政挂号", "handed_in_on": "2026-03-02", "signed_on": "2026-03-02"},
        {"route": "网络", "arrived_on": "2026-03-03", "confirmed_on": "2026-03-02"},
    ],
)
def test_bad_arrival_dates_are_refused(service: ApplicationService, arrival: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInputError) as err:
        service.new(application_form(arrival=arrival), "clerk")
    assert "arrival" in str(err.value)


def test_organisation_applicant_is_reported_in_its_column(service: ApplicationService) -> None:
    record = service.new(
        application_form(
            applicant={
                "kind": "法律服务机构",
                "name": "某律师事务所",
                "credit_code": "91350100M000100Y43",
            },
            contact={"email": "office@example.com"},
        ),
        "clerk",
    )
    record = service.reply(record.id, "chief", type="予以公开", on=date(2026, 3, 3))
    assert record.applicant.kind.value == "法律服务机构"
    assert record.report_row() == ("三、本年度办理结果", "（一）予以公开")


def test_id_number_is_stored_but_never_shown(service: ApplicationService) -> None:
    record = service.new(application_form(), "clerk")
    assert record.applicant.id_masked == "1101**********002X"
    assert RAW_ID not in repr(record) and RAW_ID not in record.model_dump_json()
    with service.app.store.engine.connect() as conn:
        row = conn.execute(select(applications)).mappings().one()
        log = audit.entries(conn, limit=100)
    assert row["id_number"] == RAW_ID  # kept for repeat detection and counts
    assert RAW_ID not in json.dumps(row["applicant"], ensure_ascii=False)
    assert all(RAW_ID not in json.dumps(e.payload, ensure_ascii=False) for e in log)


def test_reply_needing_a_reason_without_one_changes_nothing(service: ApplicationService) -> None:
    record = service.new(application_form(), "clerk")
    before = _state(service, record.id)
    for kind in ("不予公开", "部分公开", "无法提供", "不予处理", "其他处理"):
        with pytest.raises(ReasonRequiredError):
            service.reply(record.id, "chief", type=kind, on=date(2026, 3, 3))
    with pytest.raises(ReasonRequiredError):  # a ground of another category
        service.reply(
            record.id, "chief", type="无法提供", reason="属于国家秘密", on=date(2026, 3, 3)
        )
    with pytest.raises(ReasonRequiredError):  # Art. 36 (1) must say where
        service.reply(record.id, "chief", type="予以公开", reason="已主动公开", on=date(2026, 3, 3))
    assert _state(service, record.id) == before


def test_reply_after_closing_is_refused(service: ApplicationService) -> None:
    record = service.new(application_form(), "clerk")
    service.reply(
        record.id,
        "chief",
        type="不予公开",
        reason=WithholdingGround.PROCESS_INFO,
        on=date(2026, 3, 3),
    )
    before = _counts(service)
    with pytest.raises(ApplicationClosedError):
        service.reply(record.id, "chief", type="予以公开", on=date(2026, 3, 4))
    with pytest.raises(ApplicationClosedError):
        service.request_supplement(record.id, "clerk", items="补充", on=date(2026, 3, 4))
    apps, events, log = _counts(service)
    assert (apps, events, log) == (before[0], before[1], before[2] + 2)  # two `refused` entries
    with service.app.store.engine.connect() as conn:
        assert [e.action for e in audit.entries(conn, limit=2)] == ["refused", "refused"]


def test_only_reply_roles_may_reply(service: ApplicationService) -> None:
    record = service.new(application_form(), "clerk")
    with pytest.raises(PermissionDeniedError):
        service.reply(record.id, "clerk", type="予以公开", on=date(2026, 3, 3))
    assert service.get(record.id).reply is None


def test_future_and_out_of_order_dates_are_refused(service: ApplicationService) -> None:
    with pytest.raises(InvalidInputError):
        service.new(application_form("2026-07-01"), "clerk")  # after today (2026-06-30)
    record = service.new(application_form("2026-03-02"), "clerk")
    with pytest.raises(InvalidInputError):
        service.reply(record.id, "chief", type="予以公开", on=date(2026, 3, 1))


def test_repeat_request_is_flagged(service: ApplicationService) -> None:
    first = service.new(
        application_form(
            request={"description": "危房改造名单", "doc_number": "示政发〔2025〕3号"}
        ),
        "clerk",
    )
    service.reply(first.id, "chief", type="予以公开", on=date(2026, 3, 3))
    again = service.new(
        application_form(
            "2026-03-10", request={"description": "请提供文件", "doc_number": "示政发〔2025〕3 号"}
        ),
        "clerk",
    )
    assert again.repeat_of == first.id
    other = service.new(
        application_form(
            "2026-03-10",
            applicant={"kind": "自然人", "name": "李四", "id_number": "320102198001010032"},
            request={"description": "危房改造名单", "doc_number": "示政发〔2025〕3号"},
        ),
        "clerk",
    )
    assert other.repeat_of is None
    closed = service.reply(
        again.id, "chief", type="不予处理", reason="重复申请", on=date(2026, 3, 11)
    )
    assert closed.report_row()[1:] == ("（五）不予处理", "2.重复申请")


def test_monthly_counts_and_count_fee(service: ApplicationService) -> None:
    records = [service.new(application_form(f"2026-03-{d:02d}"), "clerk") for d in range(2, 13)]
    april = service.new(application_form("2026-04-01"), "clerk")
    assert service.monthly_count(records[0].id) == 11
    assert service.monthly_count(april.id) == 1
    with pytest.raises(InvalidInputError):  # the 10th of the month is free
        service.fee_notice(records[9].id, "clerk", method="count", on=date(2026, 3, 12))
    quote = service.fee_notice(records[10].id, "clerk", method="count", on=date(2026, 3, 12))
    assert quote.total == 100  # the 11th application of March: band 11-30 at 100 yuan


def test_every_closure_lands_in_exactly_one_report_row(service: ApplicationService) -> None:
    rows = all_report_rows()
    # 予以公开 1 + 部分公开 1 + 不予公开 8 + 无法提供 3 + 不予处理 5 + 其他处理 3
    assert len(rows) == 21 and len(set(rows)) == 21
    assert ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益") in rows
    assert ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作") in rows
    replies: list[tuple[str, Any, dict[str, str]]] = [
        ("予以公开", "已主动公开", {"location": "示例镇人民政府网站"}),
        ("部分公开", "保护第三方合法权益", {"explanation": "名单中的身份证号码"}),
        ("不予公开", "enforcement_file", {}),
        ("无法提供", "本机关不掌握相关政府信息", {"other_body": "县住建局"}),
        ("其他处理", "其他", {"explanation": "申请人撤回申请"}),
    ]
    landed = []
    for i, (kind, reason, extra) in enumerate(replies):
        record = service.new(application_form(f"2026-04-{i + 1:02d}"), "clerk")
        record = service.reply(
            record.id, "chief", type=kind, reason=reason, on=date(2026, 4, 20), **extra
        )
        landed.append(record.report_row())
    assert all(row in rows for row in landed)
    assert len(landed) == len(set(landed)) == 5
    assert landed[1] == (
        "三、本年度办理结果",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    )
    assert landed[2][2] == "7.属于行政执法案卷"
    assert landed[3][2] == "1.本机关不掌握相关政府信息"
    assert landed[4][2] == "3.其他"
    assert {r.value for r in ReplyType} == {
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
    }


def test_due_within_lists_what_is_close(service: ApplicationService, clock) -> None:  # type: ignore[no-untyped-def]
    clock.at = datetime(2026, 3, 30, 9, 0, tzinfo=CHINA_TZ)
    near = service.new(application_form("2026-03-02"), "clerk")  # due 3-30 (20 working days)
    far = service.new(application_form("2026-03-27"), "clerk")
    listed = service.due_within(5)
    assert [r.number for r, _ in listed] == [near.number]
    assert listed[0][1].days_left == 0
    assert far.number not in [r.number for r, _ in listed]


def test_rows_match_the_annual_report_format() -> None:
    from gov_disclosure.reports import national_format

    assert all_report_rows() == [tuple(row) for row in national_format.result_rows()]
