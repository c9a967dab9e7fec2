"""Push items to a CMS or a website cloud API over HTTP (beside or instead of the folder).

``PUT {endpoint}/items/{slug}`` with the item as JSON (publish, update, expire) and
``DELETE {endpoint}/items/{slug}`` with the reason (withdraw). The token goes in a header, read
from an environment variable or a file on every request (so a rotated token is picked up).
Retries with exponential backoff (urllib3's ``Retry``) on 5xx answers, timeouts and dropped
connections; never on 4xx, which is a mistake in what we sent and would fail again.
"""

from __future__ import annotations

import os
import stat
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from gov_disclosure import ChannelError, ConfigError

from .settings import RemoteSettings

RETRY_STATUSES = tuple(range(500, 600))
LATER = {408, 425, 429}
"""4xx answers that mean "not now": not retried here, but the delivery may be tried again."""


class RemoteTransport:
    """An HTTP client for one remote site; ``put`` and ``delete`` return the parsed answer."""

    def __init__(self, settings: RemoteSettings, channel: str = "website") -> None:
        self.settings = settings
        self.channel = channel
        self._token()  # fail early on a missing token
        retry = Retry(
            total=settings.retries,
            connect=settings.retries,
            read=settings.retries,
            status=settings.retries,
            other=0,
            backoff_factor=settings.backoff,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"PUT", "DELETE", "GET"}),
            raise_on_status=False,
            respect_retry_after_header=False,
        )
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def put(self, slug: str, payload: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        return self._send("PUT", slug, payload, idempotency_key)

    def delete(self, slug: str, payload: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        return self._send("DELETE", slug, payload, idempotency_key)

    def close(self) -> None:
        self.session.close()

    def _send(
        self, method: str, slug: str, payload: dict[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        s = self.settings
        headers = {"Idempotency-Key": idempotency_key, "Accept": "application/json"}
        token = self._token()
        if token:
            headers[s.token_header] = s.token_prefix + token
        url = f"{s.endpoint}/items/{slug}"
        try:
            response = self.session.request(
                method,
                url,
                json=payload,
                headers=headers,
                timeout=(s.connect_timeout, s.read_timeout),
                verify=s.verify_tls,
            )
        except requests.RequestException as exc:
            raise ChannelError(self.channel, f"{method} {url}: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise ChannelError(
                self.channel, f"{method} {url}: HTTP {response.status_code} after retries"
            )
        if response.status_code >= 400:
            raise ChannelError(
                self.channel,
                f"{method} {url}: HTTP {response.status_code} {response.text[:200]}",
                retryable=response.status_code in LATER,
            )
        out: dict[str, Any] = {"status": response.status_code}
        if response.headers.get("Content-Type", "").startswith("application/json"):
            body = response.json()
            if isinstance(body, dict):
                out.update({k: v for k, v in body.items() if k in ("id", "url", "status_text")})
        return out

    def _token(self) -> str | None:
        s = self.settings
        if s.token_env:
            token = os.environ.get(s.token_env, "").strip()
            if not token:
                raise ConfigError(
                    "channels.website.remote.token_env",
                    f"environment variable {s.token_env} is not set or empty",
                )
            return token
        if s.token_file:
            try:
                if s.token_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                    raise ConfigError(
                        "channels.website.remote.token_file",
                        f"{s.token_file} must not be readable by others (chmod 600)",
                    )
                lines = s.token_file.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise ConfigError(
                    "channels.website.remote.token_file", f"cannot read {s.token_file}: {exc}"
                ) from exc
            token = lines[0].strip() if lines else ""
            if not token:
                raise ConfigError("channels.website.remote.token_file", "the file is empty")
            return token
        return None
