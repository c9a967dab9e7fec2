"""The sender's bookkeeping (``ledger.py``): driver-level statements on SQLite and PostgreSQL,
rows read back through SQLAlchemy, never-tried rows of opted-out numbers, shared answers."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from gov_disclosure_sms.sender import Sender, SendKey, Status
from gov_disclosure_sms.subscribers import SubscriberBook
from gov_disclosure_sms.tables import metadata, recipients
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


def test_never_tried_rows_of_opted_out_numbers_go(make_channel, engine, gateway, httpserver):
    """Every recipient's row is written before batch 1; one who opts out before the rerun is
    neither sent nor left outstanding."""
    nums = numbers(10)
    subscribe_all(engine, nums)
    http = HttpJsonSettings(url=httpserver.url_for("/sms"), batch_size=5)
    crashing = CrashingTransport(HttpJsonTransport(http), crash_at=1, after_send=False)
    with pytest.raises(ProcessKilled):
        make_channel(transport_obj=crashing, batch_size=5).publish(make_edition())
    assert {row[0] for row in _rows(engine).values()} == {Status.SENDING, Status.PENDING}
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
