"""The sender's bookkeeping (``journal.py``, ``ledger.py``): driver-level statements on SQLite
and PostgreSQL, rows read back through SQLAlchemy, the journal while a send is under way,
receipts that beat their rows, a newer run taking a send over, opted-out numbers, shared
answers."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from gov_disclosure_sms.journal import decode_answer
from gov_disclosure_sms.sender import Sender, SendKey, Status, recipient_ref
from gov_disclosure_sms.subscribers import SubscriberBook
from gov_disclosure_sms.tables import batches, metadata, receipts, recipients
from gov_disclosure_sms.transports import HttpJsonSettings, HttpJsonTransport
from gov_disclosure_sms.transports.base import Batch, RecipientResult, Transport
from pytest_httpserver import HTTPServer
from sms_testlib import DAYTIME, FakeGateway, make_edition, numbers, subscribe_all
from sqlalchemy import select
from sqlalchemy.engine import Engine
from test_sms_idempotency import CrashingTransport, ProcessKilled

from gov_disclosure.store.engine import make_store_engine


def _rows(engine: Engine) -> dict[str, tuple[str, int, datetime, str | None]]:
    query = select(
        recipients.c.number,
        recipients.c.status,
        recipients.c.attempts,
        recipients.c.updated_at,
        recipients.c.message_id,
    )
    with engine.connect() as conn:
        return {n: (s, a, u, m) for n, s, a, u, m in conn.execute(query)}


def _journal(engine: Engine) -> list[tuple[str, list[str], list | None]]:
    query = select(batches.c.state, batches.c.numbers, batches.c.answer).order_by(batches.c.id)
    with engine.connect() as conn:
        return [
            (state, numbers.split(","), decode_answer(answer) if answer else None)
            for state, numbers, answer in conn.execute(query)
        ]


def _send_twice_with_a_crash(engine: Engine, server: HTTPServer) -> FakeGateway:
    """Batch 2 of 3 reaches the gateway, then the process dies; a rerun finishes."""
    gateway = FakeGateway()
    gateway.reject = {numbers(1, 12)[0]}
    server.expect_request("/sms", method="POST").respond_with_handler(gateway)
    http = HttpJsonSettings(url=server.url_for("/sms"), batch_size=5)
    key, message = SendKey("000014349/2025-00042", 1), _message()
    crashing = CrashingTransport(HttpJsonTransport(http), crash_at=2, after_send=True)
    with pytest.raises(ProcessKilled):
        Sender(engine, crashing, now=lambda: DAYTIME).send(key, message, numbers(13))
    report = Sender(engine, HttpJsonTransport(http), now=lambda: DAYTIME).send(
        key, message, numbers(13)
    )
    assert report.counts == {"accepted": 7, "unknown": 5, "rejected": 1}
    return gateway


def _message():  # type: ignore[no-untyped-def]
    from gov_disclosure_sms.messages import render

    return render(
        "【{signature}】{title}，详见{link}",
        make_edition(),
        signature="示例镇",
        link="https://www.shili.gov.cn/x",
        max_parts=4,
    )


def _check_crash_run(engine: Engine, gateway: FakeGateway) -> None:
    assert set(Counter(n for n, _ in gateway.received).values()) == {1}  # nobody twice
    rows = _rows(engine)
    assert len(rows) == 13
    assert {rows[n][0] for n in numbers(5, 5)} == {Status.UNKNOWN}  # batch 2: in doubt
    accepted = [n for n, row in rows.items() if row[0] == Status.ACCEPTED]
    assert sorted(accepted) == numbers(5) + numbers(2, 10)
    assert all(rows[n][3] and rows[n][3].startswith("gw-") for n in accepted)
    assert all(rows[n][1] == 1 for n in accepted)  # one attempt each
    assert rows[numbers(1, 12)[0]][0] == Status.REJECTED
    stamped = rows[numbers(1)[0]][2]  # written by the driver, read back by SQLAlchemy
    assert stamped.replace(tzinfo=None) in {
        DAYTIME.replace(tzinfo=None),
        DAYTIME.astimezone(stamped.tzinfo or DAYTIME.tzinfo).replace(tzinfo=None),
    }


def test_sqlite_store_engine(tmp_path, httpserver: HTTPServer) -> None:
    engine = make_store_engine(f"sqlite:///{tmp_path / 'store.db'}")
    metadata.create_all(engine)
    _check_crash_run(engine, _send_twice_with_a_crash(engine, httpserver))


@pytest.mark.postgres
def test_postgres(pg_url: str, httpserver: HTTPServer) -> None:
    engine = make_store_engine(pg_url)
    metadata.create_all(engine)
    _check_crash_run(engine, _send_twice_with_a_crash(engine, httpserver))
    engine.dispose()


def test_opted_out_before_the_rerun_is_neither_sent_nor_outstanding(
    make_channel, engine, gateway, httpserver
):
    """A crash leaves batch 1 in the journal (``sending``) and no per-recipient row; one who
    opts out before the rerun is neither sent nor left outstanding."""
    nums = numbers(10)
    subscribe_all(engine, nums)
    http = HttpJsonSettings(url=httpserver.url_for("/sms"), batch_size=5)
    crashing = CrashingTransport(HttpJsonTransport(http), crash_at=1, after_send=False)
    channel = make_channel(transport_obj=crashing, batch_size=5)
    with pytest.raises(ProcessKilled):
        channel.publish(make_edition())
    assert _rows(engine) == {}
    assert _journal(engine) == [("sending", nums[:5], None)]
    assert channel.sender.report(channel.plan(make_edition()).key).counts == {"sending": 5}
    SubscriberBook(engine).handle_reply(nums[9], "退订")
    receipt = make_channel(transport_obj=HttpJsonTransport(http), batch_size=5).publish(
        make_edition()
    )
    assert [n for n, _ in gateway.received] == nums[5:9]
    assert receipt.details["counts"] == {"unknown": 5, "accepted": 4}
    assert nums[9] not in _rows(engine)


class OneIdPerRequest(Transport):
    """Answers like Alibaba Cloud: one id for the whole request, one number refused, one
    number left out of the answer."""

    name = "fake"

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send_batch(self, batch: Batch) -> list[RecipientResult]:
        self.sent += [r.number for r in batch.recipients]
        first, _left_out, *rest = batch.recipients
        return [
            RecipientResult(first.ref, False, None, "isv.MOBILE_NUMBER_ILLEGAL"),
            *(RecipientResult(r.ref, True, "biz-1") for r in rest),
        ]


def test_shared_answers_and_missing_ones(engine) -> None:
    transport = OneIdPerRequest()
    report = Sender(engine, transport).send(SendKey("x", 1), _message(), numbers(6))
    assert report.counts == {"rejected": 1, "unknown": 1, "accepted": 4}
    assert report.message_ids == ("biz-1",)
    rows = _rows(engine)
    assert rows[numbers(1)[0]][0] == Status.REJECTED
    assert rows[numbers(1, 1)[0]][0] == Status.UNKNOWN  # no answer: never resent blindly
    again = Sender(engine, transport).send(SendKey("x", 1), _message(), numbers(6))
    assert transport.sent == numbers(6) and again.counts == report.counts


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path) -> Engine:
    """The core's store engine on SQLite and on the real PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = make_store_engine(url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


class Watching(Transport):
    """Wraps a transport; ``during(batch)`` runs while each request is out."""

    name = "http_json"

    def __init__(self, inner: Transport, during) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.during, self.max_batch, self.calls = inner, during, inner.max_batch, 0

    def send_batch(self, batch: Batch) -> list[RecipientResult]:
        self.calls += 1
        self.during(self.calls, batch)
        return self.inner.send_batch(batch)


def test_the_journal_holds_a_send_under_way(store, httpserver) -> None:
    """While batch 2 is out the journal holds batch 1's answers and batch 2 (``sending``),
    and nothing is in the per-recipient rows; afterwards the journal is empty."""
    gateway = FakeGateway()
    gateway.reject = {numbers(1, 2)[0]}
    httpserver.expect_request("/sms", method="POST").respond_with_handler(gateway)
    http = HttpJsonTransport(HttpJsonSettings(url=httpserver.url_for("/sms"), batch_size=5))
    seen: dict[int, tuple] = {}
    watching = Watching(
        http, lambda call, _b: seen.setdefault(call, (_journal(store), _rows(store)))
    )
    report = Sender(store, watching, now=lambda: DAYTIME).send(
        SendKey("x", 1), _message(), numbers(8)
    )
    journal_then, rows_then = seen[2]
    assert rows_then == {}
    assert [(state, nums) for state, nums, _ in journal_then] == [
        ("answered", numbers(5)),
        ("sending", numbers(3, 5)),
    ]
    answers = journal_then[0][2]
    assert [a[0] for a in answers] == ["accepted", "accepted", "rejected", "accepted", "accepted"]
    assert all(a[1].startswith("gw-") for a in answers if a[0] == "accepted")
    assert answers[2][2] == "BLACKLISTED"
    assert _journal(store) == []
    assert report.counts == {"accepted": 7, "rejected": 1}
    assert len(_rows(store)) == 8


def test_a_receipt_that_beats_its_row_is_matched_and_kept(store, httpserver) -> None:
    """The gateway reports delivery before the sender wrote the recipient's row: the receipt
    is kept unmatched, then matched when the row is written, and never overwritten."""
    from gov_disclosure_sms import record_receipts

    gateway = FakeGateway()
    httpserver.expect_request("/sms", method="POST").respond_with_handler(gateway)
    http = HttpJsonTransport(HttpJsonSettings(url=httpserver.url_for("/sms"), batch_size=5))
    first = numbers(1)[0]
    ref = recipient_ref(SendKey("x", 1).idem_key, first)

    def early_receipt(call: int, _batch: Batch) -> None:
        if call == 2:
            summary = record_receipts([{"ref": ref, "status": "DELIVRD"}], engine=store)
            assert summary.matched == 0  # batch 1's rows are not written yet

    report = Sender(store, Watching(http, early_receipt), now=lambda: DAYTIME).send(
        SendKey("x", 1), _message(), numbers(7)
    )
    assert report.counts == {"accepted": 6, "delivered": 1}
    assert _rows(store)[first][0] == Status.DELIVERED
    with store.connect() as conn:
        matched = conn.execute(select(receipts.c.recipient_id, receipts.c.ref)).all()
    assert len(matched) == 1 and matched[0].recipient_id is not None


def test_a_newer_run_takes_the_send_over(store, httpserver) -> None:
    """A second run starts while the first has batch 1 out: it settles batch 1 as in doubt and
    sends the rest; the first run stops at its next batch. Nobody gets the message twice."""
    gateway = FakeGateway()
    httpserver.expect_request("/sms", method="POST").respond_with_handler(gateway)
    settings = HttpJsonSettings(url=httpserver.url_for("/sms"), batch_size=5)
    key, message = SendKey("x", 1), _message()
    reports = []

    def second_run(call: int, _batch: Batch) -> None:
        if call == 1:
            later = Sender(store, HttpJsonTransport(settings), now=lambda: DAYTIME)
            reports.append(later.send(key, message, numbers(15)))

    first = Sender(store, Watching(HttpJsonTransport(settings), second_run), now=lambda: DAYTIME)
    report = first.send(key, message, numbers(15))
    assert report.stopped == "another run took this send over"
    assert reports[0].counts == {"unknown": 5, "accepted": 10}
    assert set(Counter(n for n, _ in gateway.received).values()) == {1}
    assert len(gateway.received) == 15
    assert _journal(store) == []


def test_answers_round_trip_through_the_journal_codec() -> None:
    """Codes, errors and ids survive; a ref the gateway left out has no answer; separators in
    a gateway's id cannot break the record."""
    from gov_disclosure_sms.journal import NO_ANSWER, encode_answer

    refs = ["a", "b", "c", "d"]
    results = [
        RecipientResult("d", True, "id\n4"),
        RecipientResult("a", True, "id-1"),
        RecipientResult("b", False, None, "isv.BLACK_KEY_CONTROL_LIMIT 黑名单"),
    ]
    assert decode_answer(encode_answer(refs, results)) == [
        ("accepted", "id-1", None),
        ("rejected", None, "isv.BLACK_KEY_CONTROL_LIMIT 黑名单"),
        ("unknown", None, NO_ANSWER),
        ("accepted", "id?4", None),
    ]
    aligned = [RecipientResult(r, True, f"gw-{r}") for r in refs]
    assert decode_answer(encode_answer(refs, aligned)) == [
        ("accepted", f"gw-{r}", None) for r in refs
    ]


def test_a_number_with_a_comma_is_refused_before_anything_is_sent(engine) -> None:
    from gov_disclosure.errors import InvalidInputError

    transport = OneIdPerRequest()
    with pytest.raises(InvalidInputError, match="comma"):
        Sender(engine, transport).send(SendKey("x", 1), _message(), ["13800000000,13900000000"])
    assert transport.sent == [] and _journal(engine) == []
