"""A crash mid-send and a rerun never send twice to a recipient the gateway accepted."""

from __future__ import annotations

import pytest
from gov_disclosure_sms.sender import Status
from gov_disclosure_sms.transports import HttpJsonSettings, HttpJsonTransport
from gov_disclosure_sms.transports.base import Batch, RecipientResult, Transport
from sms_testlib import FakeGateway, make_edition, numbers, subscribe_all

from gov_disclosure.errors import ChannelError


class ProcessKilled(BaseException):
    """Stands for the process dying (not an Exception: nothing may catch it)."""


class CrashingTransport(Transport):
    """Wraps the real HTTP transport; dies during batch ``crash_at`` (1-based), either before
    the request leaves or after the gateway answered but before the answer is recorded."""

    name = "http_json"

    def __init__(self, inner: HttpJsonTransport, crash_at: int, after_send: bool) -> None:
        self.inner = inner
        self.max_batch = inner.max_batch
        self.crash_at = crash_at
        self.after_send = after_send
        self.calls = 0

    def send_batch(self, batch: Batch) -> list[RecipientResult]:
        self.calls += 1
        if self.calls == self.crash_at and not self.after_send:
            raise ProcessKilled
        results = self.inner.send_batch(batch)
        if self.calls == self.crash_at:
            raise ProcessKilled
        return results

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def http(httpserver):
    return HttpJsonSettings(url=httpserver.url_for("/sms"), batch_size=5)


def test_crash_after_gateway_accepted(make_channel, engine, gateway: FakeGateway, http) -> None:
    nums = numbers(23)
    subscribe_all(engine, nums)
    crashing = CrashingTransport(HttpJsonTransport(http), crash_at=3, after_send=True)
    with pytest.raises(ProcessKilled):
        make_channel(transport_obj=crashing, batch_size=5).publish(make_edition())
    assert len(gateway.received) == 15  # batches 1-3 reached the gateway

    rerun = make_channel(transport_obj=HttpJsonTransport(http), batch_size=5)
    receipt = rerun.publish(make_edition())
    assert all(gateway.count(n) == 1 for n in nums)  # nobody twice, nobody left out ...
    assert receipt.details["counts"][Status.UNKNOWN] == 5  # ... though batch 3 is in doubt
    assert receipt.details["accepted"] == 18

    # a late receipt for an in-doubt recipient settles it
    from gov_disclosure_sms import record_receipts
    from gov_disclosure_sms.sender import recipient_ref

    ref = recipient_ref("000014349/2025-00042@1/publish", nums[10])
    summary = record_receipts([{"ref": ref, "status": "DELIVRD"}], engine=engine)
    assert summary.matched == 1
    assert rerun.sender.report(rerun.plan(make_edition()).key).counts[Status.DELIVERED] == 1


def test_crash_before_request_left(make_channel, engine, gateway: FakeGateway, http) -> None:
    nums = numbers(12)
    subscribe_all(engine, nums)
    crashing = CrashingTransport(HttpJsonTransport(http), crash_at=2, after_send=False)
    with pytest.raises(ProcessKilled):
        make_channel(transport_obj=crashing, batch_size=5).publish(make_edition())
    assert len(gateway.received) == 5

    # the rerun cannot know whether batch 2 left: it does not resend it by itself
    rerun = make_channel(transport_obj=HttpJsonTransport(http), batch_size=5)
    receipt = rerun.publish(make_edition())
    assert receipt.details["unknown"] == 5
    assert len(gateway.received) == 7
    assert all(gateway.count(n) <= 1 for n in nums)

    # the operator checked the gateway's console and asks for the in-doubt ones
    plan = rerun.plan(make_edition())
    report = rerun.sender.send(plan.key, plan.message, plan.numbers, resend_unknown=True)
    assert report.count(Status.ACCEPTED) == 12
    assert all(gateway.count(n) == 1 for n in nums)


def test_republish_is_a_no_op(make_channel, engine, gateway: FakeGateway, httpserver) -> None:
    subscribe_all(engine, numbers(4))
    channel = make_channel(transport="http_json", http={"url": httpserver.url_for("/sms")})
    first = channel.publish(make_edition())
    second = channel.publish(make_edition())
    assert len(gateway.requests) == 1
    assert first.details["accepted"] == second.details["accepted"] == 4
    # a new edition is a new send
    channel.publish(make_edition(edition=2))
    assert len(gateway.received) == 8


def test_opted_out_between_runs_is_not_sent(make_channel, engine, gateway, http) -> None:
    from gov_disclosure_sms.subscribers import SubscriberBook

    nums = numbers(10)
    subscribe_all(engine, nums)
    crashing = CrashingTransport(HttpJsonTransport(http), crash_at=2, after_send=False)
    with pytest.raises(ProcessKilled):
        make_channel(transport_obj=crashing, batch_size=5).publish(make_edition())
    SubscriberBook(engine).handle_reply(nums[9], "TD")
    channel = make_channel(transport_obj=HttpJsonTransport(http), batch_size=5)
    plan = channel.plan(make_edition())
    channel.sender.send(plan.key, plan.message, plan.numbers, resend_unknown=True)
    assert gateway.count(nums[9]) == 0
    assert len(gateway.received) == 9


def test_failure_reported_as_retryable(make_channel, engine, gateway, httpserver) -> None:
    subscribe_all(engine, numbers(2))
    gateway.failures = [500] * 4
    channel = make_channel(transport="http_json", http={"url": httpserver.url_for("/sms")})
    with pytest.raises(ChannelError) as err:
        channel.publish(make_edition())
    assert err.value.retryable and "2 recipient(s) not accepted" in str(err.value)
