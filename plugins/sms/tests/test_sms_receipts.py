"""Delivery receipts: parsed, matched, stored with numbers masked; late ones still count."""

from __future__ import annotations

import json
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
import requests
from gov_disclosure_sms import record_receipts
from gov_disclosure_sms.receipts import mask_text, parse_receipts, receipts_app
from gov_disclosure_sms.sender import Status
from gov_disclosure_sms.tables import receipts, recipients
from sms_testlib import FakeGateway, make_edition, numbers, subscribe_all
from sqlalchemy import select

from gov_disclosure.errors import InvalidInputError


@pytest.fixture
def sent(make_channel, engine, gateway: FakeGateway, httpserver):
    nums = numbers(3)
    subscribe_all(engine, nums)
    channel = make_channel(transport="http_json", http={"url": httpserver.url_for("/sms")})
    channel.publish(make_edition())
    return channel, nums, gateway


def _statuses(engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(select(recipients.c.number, recipients.c.status)).all())


def test_late_receipts_update_statuses(sent, engine) -> None:
    channel, nums, gateway = sent
    refs = dict(gateway.received)
    payload = {
        "reports": [
            {"ref": refs[nums[0]], "to": nums[0], "status": "DELIVRD", "at": "2025-03-03T10:01:00"},
            {
                "id": f"gw-{refs[nums[1]][:10]}",
                "to": nums[1],
                "status": "UNDELIV",
                "error": "absent subscriber",
            },
            {"id": "nobody-knows", "to": "13900000099", "status": "DELIVRD"},
        ]
    }
    summary = record_receipts(json.dumps(payload), engine=engine)
    assert (summary.received, summary.matched, summary.delivered) == (3, 2, 1)
    statuses = _statuses(engine)
    assert statuses[nums[0]] == Status.DELIVERED
    assert statuses[nums[1]] == Status.UNDELIVERED
    assert statuses[nums[2]] == Status.ACCEPTED  # no report yet
    with engine.connect() as conn:
        stored = conn.execute(select(receipts.c.number_masked, receipts.c.raw)).all()
    dumped = json.dumps([list(r) for r in stored], ensure_ascii=False)
    assert all(n not in dumped for n in [*nums, "13900000099"])
    assert "139****0099" in dumped
    # channel's status view reflects them
    report = channel.sender.report(channel.plan(make_edition()).key)
    assert report.counts[Status.DELIVERED] == 1


def test_alibaba_report_shape(sent, engine) -> None:
    _, nums, _ = sent
    with engine.begin() as conn:  # pretend Alibaba gave this BizId to the batch
        conn.execute(recipients.update().values(message_id="900619746936498440^0"))
    body = [
        {
            "phone_number": nums[2],
            "send_time": "2025-03-03 10:00:00",
            "report_time": "2025-03-03 10:00:05",
            "success": True,
            "err_code": "DELIVERED",
            "err_msg": "用户接收成功",
            "sms_size": "1",
            "biz_id": "900619746936498440^0",
            "out_id": "x",
        }
    ]
    assert record_receipts(body, engine=engine).delivered == 1
    assert _statuses(engine)[nums[2]] == Status.DELIVERED


def test_bad_bodies_are_refused() -> None:
    with pytest.raises(InvalidInputError):
        parse_receipts(b"not json")
    with pytest.raises(InvalidInputError):
        parse_receipts("[1, 2]")


def test_mask_text() -> None:
    assert mask_text("call 13812345678 or +8613900001111") == "call 138****5678 or 139****1111"
    assert mask_text("order 213812345678") == "order 213812345678"  # not a number on its own


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


def test_wsgi_receiver(sent, engine) -> None:
    _, nums, gateway = sent
    refs = dict(gateway.received)
    server = make_server("127.0.0.1", 0, receipts_app(engine), handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        answer = requests.post(url, json=[{"ref": refs[nums[1]], "status": "delivered"}], timeout=5)
        assert answer.json()["code"] == 0 and answer.json()["matched"] == 1
        assert requests.post(url, data=b"{oops", timeout=5).status_code == 400
    finally:
        server.shutdown()
        server.server_close()
    assert _statuses(engine)[nums[1]] == Status.DELIVERED
