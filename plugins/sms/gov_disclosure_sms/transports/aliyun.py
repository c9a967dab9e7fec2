"""Alibaba Cloud SMS (dysmsapi, API version 2017-05-25): ``SendSms`` or ``SendBatchSms``.

Alibaba only sends approved templates: ``template_codes`` maps an item kind (or ``update``,
or ``*`` for any) to a template code, whose variables are filled from the rendered message's
fields named in ``template_params``. The local template must mirror the approved one so the
count of parts is right. The platform adds the 【signature】 itself (``SignName``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Literal

import requests
from pydantic import BaseModel, ConfigDict, Field

from gov_disclosure.errors import ConfigError

from .aliyun_signing import signature
from .base import Batch, GatewayRefusedError, RecipientResult, TransientGatewayError, Transport
from .secrets import read_secret

API_VERSION = "2017-05-25"
BATCH_LIMITS = {"SendSms": 1000, "SendBatchSms": 100}
_TRANSIENT_CODES = ("Throttling", "ServiceUnavailable", "InternalError")
_RECIPIENT_CODES = (
    "isv.MOBILE_NUMBER_ILLEGAL",
    "isv.BUSINESS_LIMIT_CONTROL",
    "isv.DAY_LIMIT_CONTROL",
    "isv.BLACK_KEY_CONTROL_LIMIT",
    "isv.OUT_OF_SERVICE",
)


class AliyunSettings(BaseModel):
    """``[channels.sms.aliyun]``."""

    model_config = ConfigDict(extra="forbid")

    endpoint: str = "https://dysmsapi.aliyuncs.com/"
    access_key_id: str
    secret_env: str | None = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
    secret_file: Path | None = None
    region_id: str = "cn-hangzhou"
    action: Literal["SendSms", "SendBatchSms"] = "SendSms"
    template_codes: dict[str, str] = Field(default_factory=dict)
    template_params: list[str] = Field(default_factory=lambda: ["title", "link"])
    batch_size: int | None = Field(None, ge=1, le=1000)
    timeout_seconds: float = Field(10.0, gt=0)


class AliyunTransport(Transport):
    """Signs each request per the RPC signature rules and POSTs it with ``requests``."""

    name: ClassVar[str] = "aliyun"

    def __init__(
        self,
        settings: AliyunSettings,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        nonce: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self.settings = settings
        self.secret = read_secret(
            "channels.sms.aliyun.secret", settings.secret_env, settings.secret_file
        )
        limit = BATCH_LIMITS[settings.action]
        self.max_batch = min(settings.batch_size or limit, limit)
        self.session = requests.Session()
        self.clock = clock
        self.nonce = nonce

    def template_code(self, key: str) -> str:
        codes = self.settings.template_codes
        code = codes.get(key) or codes.get("*")
        if not code:
            raise ConfigError("channels.sms.aliyun.template_codes", f"no template code for {key!r}")
        return code

    def request_params(self, batch: Batch) -> dict[str, str]:
        """Every parameter of the request, ``Signature`` included."""
        message = batch.message
        variables = {name: message.params.get(name, "") for name in self.settings.template_params}
        numbers = [r.number for r in batch.recipients]
        params = {
            "AccessKeyId": self.settings.access_key_id,
            "Action": self.settings.action,
            "Format": "JSON",
            "RegionId": self.settings.region_id,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": self.nonce(),
            "SignatureVersion": "1.0",
            "Timestamp": self.clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
            "TemplateCode": self.template_code(message.template_key),
        }
        if self.settings.action == "SendSms":
            params |= {
                "PhoneNumbers": ",".join(numbers),
                "SignName": message.signature,
                "TemplateParam": json.dumps(variables, ensure_ascii=False),
                "OutId": batch.key[:64],
            }
        else:
            params |= {
                "PhoneNumberJson": json.dumps(numbers),
                "SignNameJson": json.dumps([message.signature] * len(numbers), ensure_ascii=False),
                "TemplateParamJson": json.dumps([variables] * len(numbers), ensure_ascii=False),
            }
        params["Signature"] = signature(params, self.secret, "POST")
        return params

    def send_batch(self, batch: Batch) -> list[RecipientResult]:
        try:
            answer = self.session.post(
                self.settings.endpoint,
                data=self.request_params(batch),
                timeout=self.settings.timeout_seconds,
            )
        except requests.Timeout:
            raise TransientGatewayError("Alibaba Cloud timed out") from None
        except requests.ConnectionError as exc:
            raise TransientGatewayError(f"connection failed: {type(exc).__name__}") from None
        if answer.status_code >= 500:
            raise TransientGatewayError(f"Alibaba Cloud answered HTTP {answer.status_code}")
        try:
            payload = answer.json()
        except ValueError:
            raise TransientGatewayError("Alibaba Cloud answer is not JSON") from None
        code = str(payload.get("Code", ""))
        if code == "OK":
            biz_id = str(payload.get("BizId") or "")
            return [RecipientResult(r.ref, True, biz_id or None) for r in batch.recipients]
        if code.startswith(_TRANSIENT_CODES) or answer.status_code == 429:
            raise TransientGatewayError(f"Alibaba Cloud: {code}")
        if code in _RECIPIENT_CODES:
            return [RecipientResult(r.ref, False, error=code) for r in batch.recipients]
        raise GatewayRefusedError(f"Alibaba Cloud refused the batch: {code or answer.status_code}")

    def close(self) -> None:
        self.session.close()
