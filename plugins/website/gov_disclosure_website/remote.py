"""Push items to a CMS or a website cloud API over HTTP (beside or instead of the folder).

``PUT {endpoint}/items/{slug}`` with the item as JSON (publish, update, expire) and
``DELETE {endpoint}/items/{slug}`` with the reason (withdraw). Before an item's PUT its
attachment files go to ``{endpoint}/files/{sha256}``, content-addressed: a ``HEAD`` asks whether
the CMS has the file, a ``PUT`` streams it when not. The token goes in a header, read from an
environment variable or a file on every request (so a rotated token is picked up).
Retries with exponential backoff (urllib3's ``Retry``) on 5xx answers, timeouts and dropped
connections; never on 4xx, which is a mistake in what we sent and would fail again. urllib3
rewinds a file body (``seek`` to where it started) before each retry, so a retried upload
sends the whole file again.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from gov_disclosure import ChannelError, ConfigError
from gov_disclosure.channels import AttachmentView

from .settings import RemoteSettings

RETRY_STATUSES = tuple(range(500, 600))
LATER = {408, 425, 429}
"""4xx answers that mean "not now": not retried here, but the delivery may be tried again."""
HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class FileUploads:
    """What ``upload`` did: each file's URL on the CMS by sha256, and how many were sent."""

    urls: dict[str, str] = field(default_factory=dict)
    uploaded: int = 0
    present: int = 0

    def summary(self) -> dict[str, int]:
        return {"uploaded": self.uploaded, "present": self.present}


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
            allowed_methods=frozenset({"HEAD", "PUT", "DELETE", "GET"}),
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

    def upload(self, attachments: Iterable[AttachmentView]) -> FileUploads:
        """Make sure the CMS holds every attachment file; returns their URLs there.

        The HEADs come first; then every file to send is checked (present, size, sha256)
        before the first PUT, so a bad file stops the item with nothing pushed.
        """
        unique = {a.sha256: a for a in attachments}
        result = FileUploads()
        to_send: list[AttachmentView] = []
        for sha256, att in unique.items():
            if not HEX_SHA256.fullmatch(sha256):
                raise self._bad(att, "sha256 is not a lowercase hex SHA-256 digest")
            known = self._known(att)
            if known is None:
                to_send.append(att)
            else:
                result.urls[sha256] = known
                result.present += 1
        for att in to_send:
            self._verify(att)
        for att in to_send:
            result.urls[att.sha256] = self._put_file(att)
            result.uploaded += 1
        return result

    def close(self) -> None:
        self.session.close()

    # -- items ------------------------------------------------------------------------------
    def _send(
        self, method: str, slug: str, payload: dict[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        url = f"{self.settings.endpoint}/items/{slug}"
        label = f"{method} {url}"
        response = self._request(
            method, url, label, {"Idempotency-Key": idempotency_key}, json=payload
        )
        self._check(response, label)
        out: dict[str, Any] = {"status": response.status_code}
        body = _json(response)
        out.update({k: v for k, v in body.items() if k in ("id", "url", "status_text")})
        return out

    # -- files ------------------------------------------------------------------------------
    def _file_url(self, sha256: str) -> str:
        return f"{self.settings.endpoint}/files/{sha256}"

    def _known(self, att: AttachmentView) -> str | None:
        """The file's URL if ``HEAD`` answers 200; None for 404 or any other answer."""
        url = self._file_url(att.sha256)
        response = self._request("HEAD", url, f"attachment {att.name!r}: HEAD {url}", {})
        if response.status_code != 200:
            return None
        return _resolve(url, response.headers.get("Content-Location"))

    def _verify(self, att: AttachmentView) -> None:
        """The stored file is there and has the size and sha256 the edition says."""
        with self._open(att) as f:
            size = os.fstat(f.fileno()).st_size
            if size != att.size:
                raise self._bad(att, f"size is {size} bytes, expected {att.size}")
            try:
                actual = hashlib.file_digest(f, "sha256").hexdigest()
            except OSError as exc:
                raise self._unreadable(att, exc) from exc
        if actual != att.sha256:
            raise self._bad(att, f"sha256 is {actual}, expected {att.sha256}")

    def _put_file(self, att: AttachmentView) -> str:
        """Stream one file to ``{endpoint}/files/{sha256}``; returns its URL there."""
        url = self._file_url(att.sha256)
        label = f"attachment {att.name!r}: PUT {url}"
        headers = {
            "Content-Type": att.media_type,
            "Content-Length": str(att.size),
            "X-Content-SHA256": att.sha256,
            "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(att.sha256)).decode()}:",
            "Content-Disposition": content_disposition(att.name),
            "Idempotency-Key": f"file:{att.sha256}",
        }
        with self._open(att) as body:
            response = self._request("PUT", url, label, headers, data=body)
        self._check(response, label)
        return _resolve(url, _json(response).get("url"))

    def _open(self, att: AttachmentView) -> io.BufferedReader:
        """The stored file, open for reading; missing is final, other errors may pass."""
        try:
            return att.path.open("rb")
        except FileNotFoundError as exc:
            raise self._bad(att, f"file {att.path} is missing") from exc
        except OSError as exc:
            raise self._unreadable(att, exc) from exc

    def _unreadable(self, att: AttachmentView, exc: OSError) -> ChannelError:
        return ChannelError(
            self.channel, f"attachment {att.name!r}: cannot read {att.path}: {exc.strerror}"
        )

    def _bad(self, att: AttachmentView, problem: str) -> ChannelError:
        return ChannelError(self.channel, f"attachment {att.name!r}: {problem}", retryable=False)

    # -- HTTP -------------------------------------------------------------------------------
    def _request(
        self, method: str, url: str, label: str, headers: dict[str, str], **kwargs: Any
    ) -> requests.Response:
        """One request (with urllib3's retries) carrying the token; transport errors raise."""
        s = self.settings
        headers = {"Accept": "application/json", **headers}
        token = self._token()
        if token:
            headers[s.token_header] = s.token_prefix + token
        try:
            return self.session.request(
                method,
                url,
                headers=headers,
                timeout=(s.connect_timeout, s.read_timeout),
                verify=s.verify_tls,
                **kwargs,
            )
        except requests.RequestException as exc:
            raise ChannelError(self.channel, f"{label}: {type(exc).__name__}") from exc

    def _check(self, response: requests.Response, label: str) -> None:
        """5xx (after the retries) and 408/425/429 are retryable errors, other 4xx are not."""
        status = response.status_code
        if status >= 500:
            raise ChannelError(self.channel, f"{label}: HTTP {status} after retries")
        if status >= 400:
            raise ChannelError(
                self.channel,
                f"{label}: HTTP {status} {response.text[:200]}",
                retryable=status in LATER,
            )

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


def content_disposition(name: str) -> str:
    """``attachment; filename*=UTF-8''…`` (RFC 6266/8187): any file name, ASCII on the wire."""
    return f"attachment; filename*=UTF-8''{quote(name, safe='')}"


def _json(response: requests.Response) -> dict[str, Any]:
    """The answer's JSON object, or {} when it sent none (or not valid JSON)."""
    if not response.headers.get("Content-Type", "").startswith("application/json"):
        return {}
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _resolve(default: str, answered: object) -> str:
    """The URL the CMS answered (relative to ``default`` if relative), else ``default``."""
    if not isinstance(answered, str) or not answered.strip():
        return default
    url = urljoin(default, answered.strip())
    return url if url.startswith(("http://", "https://")) else default
