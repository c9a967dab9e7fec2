"""Alibaba Cloud SMS: the RPC signature against the documented examples, and real requests
to a local server that checks every signature with its own implementation."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote

import pytest
from gov_disclosure_sms.transports.aliyun_signing import (
    canonical_query,
    percent_encode,
    signature,
    string_to_sign,
)
from sms_testlib import make_edition, numbers, subscribe_all
from werkzeug import Request, Response

from gov_disclosure.errors import ChannelError

# The worked example of Alibaba Cloud's SMS "签名机制" page (secret "testSecret").
DOC_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
DOC_STRING_TO_SIGN = (
    "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123"
    "%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF"
    "%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF"
    "%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D"
    "45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3D"
    "SMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D"
    "%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25"
)


def test_documented_sms_example() -> None:
    assert string_to_sign("GET", DOC_PARAMS) == DOC_STRING_TO_SIGN
    assert signature(DOC_PARAMS, "testSecret", "GET") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_documented_rpc_example() -> None:
    # The ECS DescribeRegions example of the general RPC signature page (secret "testsecret").
    params = {
        "Format": "XML",
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Version": "2014-05-26",
        "Timestamp": "2016-02-23T12:46:24Z",
    }
    assert signature(params, "testsecret", "GET") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_percent_encoding_rules() -> None:
    assert percent_encode("a b*c~d/e+f") == "a%20b%2Ac~d%2Fe%2Bf"
    assert percent_encode("派") == "%E6%B4%BE"
    assert "Signature=" not in canonical_query({**DOC_PARAMS, "Signature": "x"})


def independent_signature(params: dict[str, str], secret: str, method: str) -> str:
    """The documented steps again, written with the Java-style replace rules."""

    def enc(s: str) -> str:
        return quote(s, safe="").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")

    query = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(params.items()) if k != "Signature")
    to_sign = f"{method}&{enc('/')}&{enc(query)}"
    mac = hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


class FakeAliyun:
    """Checks each request's signature; answers with ``codes`` in turn (then OK)."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.requests: list[dict[str, str]] = []
        self.codes: list[tuple[int, str]] = []

    def __call__(self, request: Request) -> Response:
        params = dict(parse_qsl(request.get_data(as_text=True), keep_blank_values=True))
        self.requests.append(params)
        expected = independent_signature(params, self.secret, request.method)
        if params.get("Signature") != expected:
            body = {"Code": "SignatureDoesNotMatch", "Message": "bad signature"}
            return Response(json.dumps(body), status=400, content_type="application/json")
        status, code = self.codes.pop(0) if self.codes else (200, "OK")
        body = {
            "Code": code,
            "Message": code,
            "RequestId": "R1",
            "BizId": f"biz{len(self.requests)}^0" if code == "OK" else None,
        }
        return Response(json.dumps(body), status=status, content_type="application/json")


@pytest.fixture
def aliyun(httpserver, monkeypatch):
    monkeypatch.setenv("TEST_ALIYUN_SECRET", "local-secret")
    fake = FakeAliyun("local-secret")
    httpserver.expect_request("/", method="POST").respond_with_handler(fake)
    return fake


def aliyun_settings(httpserver, **changes) -> dict:
    return {
        "endpoint": httpserver.url_for("/"),
        "access_key_id": "LTAI-test",
        "secret_env": "TEST_ALIYUN_SECRET",
        "template_codes": {"*": "SMS_100"},
        **changes,
    }


def test_send_sms_through_local_endpoint(make_channel, engine, aliyun, httpserver) -> None:
    nums = numbers(3)
    subscribe_all(engine, nums)
    channel = make_channel(transport="aliyun", aliyun=aliyun_settings(httpserver))
    receipt = channel.publish(make_edition())
    sent = aliyun.requests[0]
    assert sent["PhoneNumbers"] == ",".join(nums)
    assert sent["SignName"] == "示例镇人民政府" and sent["TemplateCode"] == "SMS_100"
    assert json.loads(sent["TemplateParam"])["link"].endswith("/items/000014349-2025-00042.html")
    assert sent["Version"] == "2017-05-25" and sent["SignatureMethod"] == "HMAC-SHA1"
    stamp = datetime.strptime(sent["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 600
    assert receipt.details["accepted"] == 3 and receipt.message_ids == ("biz1^0",)


def test_send_batch_sms_limits_and_retry(make_channel, engine, aliyun, httpserver) -> None:
    subscribe_all(engine, numbers(3))
    aliyun.codes = [(200, "Throttling.User")]
    settings = aliyun_settings(httpserver, action="SendBatchSms")
    channel = make_channel(transport="aliyun", aliyun=settings)
    assert channel.transport.max_batch == 100
    channel.publish(make_edition())
    assert len(aliyun.requests) == 2  # throttled once, then accepted
    assert json.loads(aliyun.requests[1]["PhoneNumberJson"]) == numbers(3)
    assert json.loads(aliyun.requests[1]["SignNameJson"]) == ["示例镇人民政府"] * 3
    assert aliyun.requests[0]["SignatureNonce"] != aliyun.requests[1]["SignatureNonce"]


def test_refused_batch_not_retried(make_channel, engine, aliyun, httpserver) -> None:
    subscribe_all(engine, numbers(2))
    aliyun.codes = [(400, "isv.SMS_TEMPLATE_ILLEGAL")]
    channel = make_channel(transport="aliyun", aliyun=aliyun_settings(httpserver))
    with pytest.raises(ChannelError) as err:
        channel.publish(make_edition())
    assert "isv.SMS_TEMPLATE_ILLEGAL" in str(err.value) and len(aliyun.requests) == 1


def test_wrong_secret_is_caught_by_the_server(
    make_channel, engine, httpserver, monkeypatch
) -> None:
    monkeypatch.setenv("TEST_ALIYUN_SECRET", "wrong")
    fake = FakeAliyun("local-secret")
    httpserver.expect_request("/", method="POST").respond_with_handler(fake)
    subscribe_all(engine, numbers(1))
    channel = make_channel(transport="aliyun", aliyun=aliyun_settings(httpserver))
    with pytest.raises(ChannelError) as err:
        channel.publish(make_edition())
    assert "SignatureDoesNotMatch" in str(err.value)
