"""The fan-out of a county-wide warning: many workers, one shared rate limit, nobody twice."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest
from gov_disclosure_sms.channel import SmsChannel, SmsSettings
from gov_disclosure_sms.fanout import FanOut, FanOutPolicy, progress
from gov_disclosure_sms.messages import render
from gov_disclosure_sms.sender import SendKey, Status
from gov_disclosure_sms.shared_rate import SharedRateLimit
from gov_disclosure_sms.tables import metadata as sms_metadata
from gov_disclosure_sms.tables import state as sms_state
from gov_disclosure_sms.transports import HttpJsonSettings, HttpJsonTransport
from pytest_httpserver import HTTPServer
from sms_testlib import BASE_URL, FakeGateway, make_context, make_edition, numbers
from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine

from gov_disclosure.models import DocumentKind
from gov_disclosure.store.engine import make_store_engine

WARNING = make_edition(kind=DocumentKind.WARNING, title="暴雨红色预警", summary="请立即转移。")
KEY = SendKey(WARNING.index_no, WARNING.edition)


def _message():  # type: ignore[no-untyped-def]
    return render(
        "【{signature}】预警：{title}。{summary} 详见{link}",
        WARNING,
        signature="示例县",
        link=f"{BASE_URL}/x",
        opt_out="",
        max_parts=4,
    )


def _store(url: str) -> Engine:
    engine = make_store_engine(url)
    sms_metadata.create_all(engine)
    return engine


def _gateway(server: HTTPServer) -> tuple[FakeGateway, str]:
    fake = FakeGateway()
    server.expect_request("/sms", method="POST").respond_with_handler(fake)
    return fake, server.url_for("/sms")


def _fanout(engine: Engine, url: str, **policy: object) -> FanOut:
    transport = HttpJsonTransport(HttpJsonSettings(url=url, batch_size=1000))
    return FanOut(engine, transport, FanOutPolicy(**policy))  # type: ignore[arg-type]


@pytest.mark.postgres
def test_four_workers_send_20000_each_number_once(pg_url: str, threaded_server: HTTPServer):
    engine = _store(pg_url)
    gateway, url = _gateway(threaded_server)
    everyone = numbers(20_000)
    assert _fanout(engine, url).prepare(KEY, _message(), everyone) == 20_000
    assert _fanout(engine, url).prepare(KEY, _message(), everyone) == 20_000  # a rerun adds none

    sent: dict[str, int] = {}

    def worker(name: str) -> None:  # each worker: its own engine, like its own process
        own = _store(pg_url)
        sent[name] = _fanout(own, url, part_size=500, messages_per_second=1_000_000).work(name)
        own.dispose()

    threads = [threading.Thread(target=worker, args=(f"w{k}",)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    received = Counter(number for number, _ in gateway.received)
    assert set(received) == set(everyone) and set(received.values()) == {1}
    assert sum(sent.values()) == 20_000 and sum(1 for n in sent.values() if n) >= 2
    assert progress(engine, KEY) == {Status.ACCEPTED.value: 20_000}
    with engine.connect() as conn:
        state = conn.execute(
            select(sms_state.c.value).where(sms_state.c.key == f"fanout:{KEY.idem_key}")
        ).scalar_one()
    assert state["open"] is False and state["recipients"] == 20_000


def test_the_rate_limit_is_shared_by_every_worker(tmp_path: Path) -> None:
    engine = _store(f"sqlite:///{tmp_path / 'rate.db'}")
    waited: list[float] = []
    limits = [
        SharedRateLimit(engine, 1000, clock=lambda: 100.0, sleep=waited.append) for _ in range(4)
    ]
    for limit in limits:  # four workers, 100 messages each, at the same instant
        limit.acquire(100)
    assert waited == pytest.approx([0.1, 0.2, 0.3])  # the first goes at once, then 0.1 s apart
    alone = SharedRateLimit(engine, 1000, key="other", clock=lambda: 100.0, sleep=waited.append)
    assert alone.reserve(100) == 0  # another gateway has a schedule of its own


def test_an_interrupted_part_is_never_resent(tmp_path: Path, threaded_server: HTTPServer):
    engine = _store(f"sqlite:///{tmp_path / 'store.db'}")
    gateway, url = _gateway(threaded_server)
    everyone = numbers(120)
    dead = _fanout(engine, url, part_size=50)
    dead.prepare(KEY, _message(), everyone)
    lost = dead.claim("killed")  # marked sending, then the process died before the request
    assert lost is not None and len(lost.rows) == 50

    assert _fanout(engine, url, part_size=50, stale_seconds=0.0).work("w2") == 70
    received = Counter(number for number, _ in gateway.received)
    assert set(received.values()) == {1} and len(received) == 70
    assert not {number for number, _ in lost.rows} & set(received)  # in doubt: not resent
    assert progress(engine, KEY) == {Status.ACCEPTED.value: 70, Status.UNKNOWN.value: 50}


def test_the_channel_hands_a_big_warning_to_the_workers(tmp_path: Path, threaded_server):
    engine = _store(f"sqlite:///{tmp_path / 'store.db'}")
    gateway, url = _gateway(threaded_server)
    from sms_testlib import subscribe_all

    subscribe_all(engine, numbers(30))
    settings = SmsSettings(
        transport="http_json",
        http={"url": url},
        fanout_threshold=20,
        fanout_part_size=8,
        quiet_hours=None,
    )
    channel = SmsChannel(settings, make_context(tmp_path, engine))
    receipt = channel.publish(WARNING)
    assert receipt.details["fanout"] is True and receipt.details["recipients"] == 30
    assert receipt.details["parts"] == 4 and gateway.received == []  # nothing sent yet

    helper = SmsChannel(settings, make_context(tmp_path, engine))  # another worker's channel
    assert channel.parallel_work("w1", lambda: False) + helper.parallel_work("w2", lambda: False)
    assert channel.parallel_work("w1", lambda: False) == 0
    assert sorted(n for n, _ in gateway.received) == numbers(30)

    routine = make_edition(index_no="000014349/2025-00043")  # not a warning: sent directly
    channel.publish(routine)
    assert len(gateway.received) == 30 + 30


def test_without_a_threshold_nothing_fans_out(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 's.db'}")
    sms_metadata.create_all(engine)
    channel = SmsChannel(SmsSettings(quiet_hours=None), make_context(tmp_path, engine))
    assert channel.parallel_work("w", lambda: False) == 0
