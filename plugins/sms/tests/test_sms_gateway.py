"""Sending through a real HTTP gateway on localhost: batches, retries, timeouts, rejections."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from gov_disclosure_sms.transports import HttpJsonSettings, HttpJsonTransport
from sms_testlib import FakeGateway, make_edition, numbers, subscribe_all

from gov_disclosure.errors import ChannelError, ConfigError


def http_settings(httpserver, **extra) -> dict:
    return {"url": httpserver.url_for("/sms"), "batch_size": 4, **extra}


def test_accepted_batches(make_channel, engine, gateway: FakeGateway, httpserver) -> None:
    nums = numbers(10)
    subscribe_all(engine, nums)
    channel = make_channel(transport="http_json", http=http_settings(httpserver))
    receipt = channel.publish(make_edition())
    assert len(gateway.requests) == 3  # 4 + 4 + 2
    assert sorted(n for n, _ in gateway.received) == nums
    assert receipt.details["accepted"] == 10 and receipt.details["recipients"] == 10
    assert receipt.details["parts_total"] == 10 * receipt.details["parts_per_message"]
    text = gateway.requests[0]["messages"][0]["text"]
    assert text.startswith("【示例镇人民政府】公示：")
    assert "https://www.shili.gov.cn/items/000014349-2025-00042.html" in text
    assert len(receipt.message_ids) == 10


def test_500_then_success(make_channel, engine, gateway: FakeGateway, httpserver) -> None:
    subscribe_all(engine, numbers(3))
    gateway.failures = [500, 503]
    channel = make_channel(transport="http_json", http=http_settings(httpserver))
    receipt = channel.publish(make_edition())
    assert len(gateway.requests) == 3  # two failures, then the same batch accepted
    refs = [[m["ref"] for m in body["messages"]] for body in gateway.requests]
    assert refs[0] == refs[1] == refs[2]  # retries carry the same refs
    assert receipt.details["accepted"] == 3
    assert all(gateway.count(n) == 1 for n in numbers(3))


def test_4xx_is_not_retried(make_channel, engine, gateway: FakeGateway, httpserver) -> None:
    subscribe_all(engine, numbers(6))
    gateway.failures = [401]
    channel = make_channel(transport="http_json", http=http_settings(httpserver))
    with pytest.raises(ChannelError) as err:
        channel.publish(make_edition())
    assert len(gateway.requests) == 1  # refused once, no retry, no further batch
    assert "401" in str(err.value)
    # once the gateway is fixed, a rerun sends everyone exactly once
    receipt = channel.publish(make_edition())
    assert receipt.details["accepted"] == 6
    assert all(gateway.count(n) == 1 for n in numbers(6))


def test_retries_exhausted_leave_the_rest_for_a_rerun(
    make_channel, engine, gateway, httpserver
) -> None:
    subscribe_all(engine, numbers(8))
    gateway.failures = [502, 502, 502]
    channel = make_channel(transport="http_json", http=http_settings(httpserver), max_attempts=3)
    with pytest.raises(ChannelError) as err:
        channel.publish(make_edition())
    assert err.value.retryable
    assert gateway.received == []
    receipt = channel.publish(make_edition())
    assert receipt.details["accepted"] == 8
    assert all(gateway.count(n) == 1 for n in numbers(8))


def test_timeout_then_retry(make_channel, engine, threaded_server) -> None:
    gateway = FakeGateway()
    threaded_server.expect_request("/sms", method="POST").respond_with_handler(gateway)
    subscribe_all(engine, numbers(2))
    gateway.sleep_first = 1.0
    settings = {"url": threaded_server.url_for("/sms"), "timeout_seconds": 0.3}
    channel = make_channel(transport="http_json", http=settings)
    receipt = channel.publish(make_edition())
    assert len(gateway.requests) == 2
    assert gateway.requests[0] == gateway.requests[1]  # identical refs: the gateway can dedupe
    assert receipt.details["accepted"] == 2


def test_partial_batch_failure(
    make_channel, engine, gateway: FakeGateway, httpserver, caplog
) -> None:
    nums = numbers(5)
    subscribe_all(engine, nums)
    gateway.reject = {nums[1], nums[3]}
    channel = make_channel(transport="http_json", http=http_settings(httpserver))
    with caplog.at_level(logging.DEBUG):
        receipt = channel.publish(make_edition())
    assert receipt.details["accepted"] == 3
    assert receipt.details["counts"]["rejected"] == 2
    assert [r["number"] for r in receipt.details["rejected"]] == ["139****0001", "139****0003"]
    assert {r["error"] for r in receipt.details["rejected"]} == {"BLACKLISTED"}
    # a rejected recipient is final: a rerun sends nothing more
    channel.publish(make_edition())
    assert len(gateway.received) == 3
    for number in nums:
        assert number not in caplog.text
        assert number not in str(receipt.model_dump())


def test_auth_token_from_env_and_never_logged(
    gateway, httpserver, make_channel, engine, caplog, monkeypatch
) -> None:
    monkeypatch.setenv("SMS_GATEWAY_TOKEN", "s3cr3t-token")
    subscribe_all(engine, numbers(1))
    settings = http_settings(
        httpserver, auth_header="X-Api-Key", auth_prefix="", token_env="SMS_GATEWAY_TOKEN"
    )
    with caplog.at_level(logging.DEBUG):
        make_channel(transport="http_json", http=settings).publish(make_edition())
    assert gateway.headers[0]["X-Api-Key"] == "s3cr3t-token"
    assert "s3cr3t-token" not in caplog.text


def test_token_file_must_be_private(tmp_path: Path, httpserver) -> None:
    secret = tmp_path / "token"
    secret.write_text("file-token\n")
    os.chmod(secret, 0o644)
    settings = HttpJsonSettings(url=httpserver.url_for("/sms"), token_file=secret)
    with pytest.raises(ConfigError) as err:
        HttpJsonTransport(settings)
    assert "chmod 600" in err.value.rule and "file-token" not in str(err.value)
    os.chmod(secret, 0o600)
    transport = HttpJsonTransport(settings)
    assert transport.session.headers["Authorization"] == "Bearer file-token"
    transport.close()


def test_field_mapping(httpserver, make_channel, engine) -> None:
    import json

    from werkzeug import Response

    seen: list[dict] = []

    def handler(request):
        body = json.loads(request.get_data())
        seen.append(body)
        data = [{"mobile": m["mobile"], "code": "0", "msgid": "m1"} for m in body["list"]]
        return Response(json.dumps({"data": data}), content_type="application/json")

    httpserver.expect_request("/custom", method="POST").respond_with_handler(handler)
    subscribe_all(engine, numbers(2))
    fields = {
        "messages": "list",
        "to": "mobile",
        "text": "content",
        "ref": "uid",
        "results": "data",
        "result_to": "mobile",
        "result_status": "code",
        "result_id": "msgid",
        "accepted_values": ["0"],
    }
    settings = {"url": httpserver.url_for("/custom"), "fields": fields, "extra": {"appid": "A1"}}
    receipt = make_channel(transport="http_json", http=settings).publish(make_edition())
    assert seen[0]["appid"] == "A1" and set(seen[0]["list"][0]) == {"mobile", "content", "uid"}
    assert receipt.details["accepted"] == 2 and receipt.message_ids == ("m1",)


def test_answers_are_matched_in_any_order() -> None:
    """In request order (the fast path), reversed, by number when the ref is missing, with a
    recipient left out and a row that is not an object."""
    from gov_disclosure_sms.transports.base import Batch, Outgoing, RecipientResult
    from gov_disclosure_sms.transports.http_json import FieldMap, parse_results

    sent = [Outgoing(f"1380000000{i}", f"ref-{i}") for i in range(4)]
    batch = Batch("k", None, sent)  # type: ignore[arg-type]
    rows = [{"ref": r.ref, "status": "OK", "id": f"gw-{i}"} for i, r in enumerate(sent)]
    expected = [RecipientResult(r.ref, True, f"gw-{i}") for i, r in enumerate(sent)]
    assert parse_results(batch, {"results": rows}, FieldMap()) == expected
    assert parse_results(batch, {"results": rows[::-1]}, FieldMap()) == expected
    mixed = [
        "garbage",
        {"to": sent[2].number, "status": "rejected", "error": "BLACKLISTED", "id": 7},
        {"ref": sent[0].ref, "status": "queued", "id": ""},
        {"ref": sent[1].ref, "status": 200},
    ]
    assert parse_results(batch, {"results": mixed}, FieldMap()) == [
        RecipientResult(sent[0].ref, True, None),
        RecipientResult(sent[1].ref, False, None, "200"),
        RecipientResult(sent[2].ref, False, "7", "BLACKLISTED"),
        RecipientResult(sent[3].ref, None, error="not in answer"),
    ]


def test_encoded_body_is_the_built_body() -> None:
    """The quick encoding says exactly what ``build_body`` says (the outbox's form), with
    static fields and renamed keys, and falls back to ``json.dumps`` for unusual values."""
    import json

    from gov_disclosure_sms.messages import render
    from gov_disclosure_sms.transports.base import Batch, Outgoing
    from gov_disclosure_sms.transports.http_json import FieldMap, build_body, encode_body

    message = render(
        '【{signature}】{title}"\\\n详见{link}',
        make_edition(),
        signature="示例镇",
        link="https://x",
        max_parts=4,
    )
    fields = FieldMap(messages="list", to="mobile", text="content", ref="client_id")
    for recipients in (
        [Outgoing("13800000000", "a1b2"), Outgoing("13900000001", "c3d4")],
        [Outgoing("+8613800000000", 'dry-0"')],  # not letters and digits only
    ):
        batch = Batch("k", message, recipients)
        for extra in ({}, {"sign": "示例镇", "n": 1}):
            body = encode_body(batch, fields, extra)
            assert json.loads(body) == build_body(batch, fields, extra)
            assert "示例镇".encode() in body  # UTF-8, not \\u escapes
