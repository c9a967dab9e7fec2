"""Subscribers: stored once, consent, opt-out replies, interests, CSV import errors, masking."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from gov_disclosure_sms.subscribers import SubscriberBook
from gov_disclosure_sms.tables import subscribers
from sms_testlib import make_edition
from sqlalchemy import func, select

from gov_disclosure.errors import IdentifierError, ImportRowsError, InvalidInputError
from gov_disclosure.models import DocumentKind


def test_number_stored_once_and_consent_kept(engine) -> None:
    book = SubscriberBook(engine)
    book.subscribe("+86 138-1234-5678", consent_by="王某", topics=["农业农村"])
    sub = book.subscribe(
        "13812345678", consent_by="李某", consent_method="线上表单", topics=["就业"]
    )
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(subscribers)).scalar() == 1
    assert sub.number == "13812345678"
    assert sub.topics == ("就业",) and sub.consent_by == "李某"
    assert sub.consent_method == "线上表单"
    assert "13812345678" not in repr(sub) and sub.masked == "138****5678"


def test_invalid_number_and_missing_consent_refused(engine) -> None:
    book = SubscriberBook(engine)
    with pytest.raises(IdentifierError):
        book.subscribe("12345", consent_by="王某")
    with pytest.raises(InvalidInputError) as err:
        book.subscribe("13812345678", consent_by=" ")
    assert err.value.field == "consent_by"


@pytest.mark.parametrize("reply", ["TD", "td", " 退订 ", "ＴＤ", "退订。"])
def test_opt_out_replies(engine, reply: str) -> None:
    book = SubscriberBook(engine)
    book.subscribe("13812345678", consent_by="王某")
    assert book.handle_reply("13812345678", reply) is True
    assert not book.get("13812345678").active
    assert book.all() == []


def test_other_replies_do_nothing(engine) -> None:
    book = SubscriberBook(engine)
    book.subscribe("13812345678", consent_by="王某")
    assert book.handle_reply("13812345678", "收到，谢谢") is False
    assert book.get("13812345678").active


def test_interests_and_warnings(engine) -> None:
    book = SubscriberBook(engine)
    book.subscribe("13800000001", consent_by="王某", topics=["农业农村"])
    book.subscribe("13800000002", consent_by="王某", topics=["教育"])
    book.subscribe("13800000003", consent_by="王某")  # everything
    book.subscribe("13800000004", consent_by="王某", areas=["东村"])
    notice = make_edition()
    assert book.recipients_for(notice) == ["13800000001", "13800000003"]
    by_kind = make_edition(topic="其他", column="其他", kind=DocumentKind.NOTICE)
    book.subscribe("13800000005", consent_by="王某", topics=["公示公告"])
    assert "13800000005" in book.recipients_for(by_kind)
    warning = make_edition(kind=DocumentKind.WARNING, topic="应急管理")
    assert len(book.recipients_for(warning)) == 5  # warnings reach everyone
    book.unsubscribe("13800000002")
    assert "13800000002" not in book.recipients_for(warning)


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "subs.csv"
    path.write_bytes(text.encode(encoding))
    return path


CSV_WITH_ERRORS = (
    "手机号码,topics,consent_by\n"
    "13800000001,农业农村;教育,王某\n"
    "1380000,就业,王某\n"
    "13800000003,,李某\n"
    "13800000001,教育,王某\n"
)


def test_import_refuses_whole_file_by_default(engine, tmp_path: Path) -> None:
    book = SubscriberBook(engine)
    with pytest.raises(ImportRowsError) as err:
        book.import_csv(_csv(tmp_path, CSV_WITH_ERRORS))
    lines = [p.line for p in err.value.problems]
    assert lines == [3, 5]
    assert "duplicate of line 2" in err.value.problems[1].message
    assert book.all() == []  # nothing written
    assert "1380000" not in str(err.value)  # even a bad number is not echoed whole


def test_import_skip_invalid(engine, tmp_path: Path, caplog) -> None:
    book = SubscriberBook(engine)
    with caplog.at_level(logging.INFO):
        result = book.import_csv(_csv(tmp_path, CSV_WITH_ERRORS), skip_invalid=True)
    assert (result.added, result.updated) == (2, 0)
    assert [p.line for p in result.skipped] == [3, 5]
    assert book.get("13800000001").topics == ("农业农村", "教育")
    assert "line 3" in caplog.text and "13800000001" not in caplog.text


def test_import_gbk_and_opted_out_rows(engine, tmp_path: Path) -> None:
    book = SubscriberBook(engine)
    book.subscribe("13800000009", consent_by="王某")
    book.unsubscribe("13800000009")
    text = "号码,areas\n13800000009,东村\n13800000008,西村、东村\n"
    with pytest.raises(ImportRowsError) as err:
        book.import_csv(_csv(tmp_path, text, "gbk"), consent_by="导入员")
    assert err.value.problems[0].line == 2 and "opted out" in err.value.problems[0].message
    result = book.import_csv(_csv(tmp_path, text, "gbk"), consent_by="导入员", skip_invalid=True)
    assert result.added == 1
    assert book.get("13800000008").areas == ("西村", "东村")
    assert not book.get("13800000009").active  # an import never overrides an opt-out


def test_import_needs_a_number_column(engine, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as err:
        SubscriberBook(engine).import_csv(_csv(tmp_path, "name\n张三\n"), consent_by="王某")
    assert err.value.field == "csv header"


def test_kind_value_is_matched() -> None:
    assert DocumentKind.NOTICE.value == "公示公告"
