"""A small client of the official account platform's HTTP API (access token, JSON calls).

Errors follow the platform's documented ``errcode`` values: an expired or invalid token
(40001, 40014, 42001) gets one fresh token and one retry; quota and rate limits (45009, 45011)
and a busy system (-1) are retryable; anything else is given up with its code.
"""

from __future__ import annotations

import json
import time
from typing import Any

import requests

from gov_disclosure.errors import ChannelError

from .credentials import Credentials

TOKEN_ERRORS = frozenset({40001, 40014, 42001})
RETRYABLE = frozenset({-1, 45009, 45011})
#: A token is renewed this many seconds before the platform says it expires.
TOKEN_MARGIN = 300


class PlatformError(ChannelError):
    """The platform answered with an ``errcode`` (kept in :attr:`code`)."""

    def __init__(self, code: int, message: str, call: str) -> None:
        self.code = code
        super().__init__(
            "wechat", f"{call}: errcode {code}: {message}", retryable=code in RETRYABLE
        )


class WechatClient:
    """Calls ``{api_base}/cgi-bin/...`` with a cached access token."""

    def __init__(self, api_base: str, credentials: Credentials, timeout: float = 15.0) -> None:
        self.api_base = api_base.rstrip("/")
        self.credentials = credentials
        self.timeout = timeout
        self.session = requests.Session()
        self._token: str | None = None
        self._expires = 0.0

    def _send(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.session.request(
                method, f"{self.api_base}{path}", timeout=self.timeout, **kwargs
            )
            data = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ChannelError("wechat", f"{path}: {type(exc).__name__}") from None
        if not isinstance(data, dict):
            raise ChannelError("wechat", f"{path}: unexpected answer")
        return data

    def token(self, *, fresh: bool = False) -> str:
        """The access token, fetched from appid and secret when missing, expiring or ``fresh``."""
        if fresh or self._token is None or time.monotonic() >= self._expires:
            data = self._send(
                "GET",
                "/cgi-bin/token",
                params={
                    "grant_type": "client_credential",
                    "appid": self.credentials.appid,
                    "secret": self.credentials.secret,
                },
            )
            if data.get("errcode"):
                raise PlatformError(int(data["errcode"]), str(data.get("errmsg", "")), "token")
            self._token = str(data["access_token"])
            lifetime = int(data.get("expires_in", 7200))
            self._expires = time.monotonic() + max(lifetime - TOKEN_MARGIN, 0)
        assert self._token is not None
        return self._token

    def call(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST ``payload`` as UTF-8 JSON; on an expired token, renew it once and retry."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        return self._post(path, {}, data=body, headers=headers)

    def upload(
        self,
        path: str,
        filename: str,
        content: bytes,
        *,
        params: dict[str, str] | None = None,
        fields: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """POST a file as the multipart field ``media`` (``material/add_material``,
        ``media/uploadimg``), with ``fields`` beside it; the token handled as in :meth:`call`."""
        return self._post(path, params or {}, files={"media": (filename, content)}, data=fields)

    def _post(self, path: str, params: dict[str, str], **kwargs: Any) -> dict[str, Any]:
        for attempt in range(2):
            query = {**params, "access_token": self.token(fresh=attempt > 0)}
            data = self._send("POST", path, params=query, **kwargs)
            code = int(data.get("errcode") or 0)
            if code in TOKEN_ERRORS and attempt == 0:
                continue
            if code:
                raise PlatformError(
                    code, str(data.get("errmsg", "")), path.removeprefix("/cgi-bin/")
                )
            return data
        raise AssertionError("unreachable")
