"""``Idempotency-Key`` on POSTs: a retried request gets the first answer, not a second record.

The key is scoped to the token's actor. The first request claims the key (a unique row) before
it runs, so two copies racing each other cannot both run; a 2xx answer is stored and replayed
(with ``Idempotent-Replayed: true``); any other answer frees the key for a corrected retry.
The same key with a different request is refused (422).
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import HttpProblem, response
from .tables import idempotency_keys
from .tokens import TokenRefusedError, TokenRepository

if TYPE_CHECKING:
    from ..app import App

HEADER = b"idempotency-key"
STALE_CLAIM = timedelta(minutes=10)  # longer than any request may run
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


class IdempotencyStore:
    """Claimed keys and their stored answers."""

    def __init__(self, app: App) -> None:
        self.app = app

    def claim(self, actor: str, key: str, fingerprint: str) -> dict[str, Any] | None:
        """None when the key is newly claimed (or its claim went stale: the request that took
        it died unanswered); else the stored row (an answer, or a request still running)."""
        where = (idempotency_keys.c.actor_id == actor) & (idempotency_keys.c.key == key)
        now = self.app.utc_now()
        try:
            with self.app.store.transaction() as conn:
                row = conn.execute(select(idempotency_keys).where(where)).first()
                if row is None:
                    values = {"actor_id": actor, "key": key, "request_sha256": fingerprint}
                    conn.execute(insert(idempotency_keys).values(**values, created_at=now))
                    return None
                found = dict(row._mapping)
                started = found["created_at"]
                started = started if started.tzinfo else started.replace(tzinfo=UTC)
                if found["status"] is None and now - started > STALE_CLAIM:
                    fresh = {"request_sha256": fingerprint, "created_at": now}
                    conn.execute(update(idempotency_keys).where(where).values(**fresh))
                    return None
                return found
        except IntegrityError:  # a copy claimed it between our read and our insert
            return {"status": None, "request_sha256": fingerprint}

    def finish(self, actor: str, key: str, status: int, answer: dict[str, Any] | None) -> None:
        where = (idempotency_keys.c.actor_id == actor) & (idempotency_keys.c.key == key)
        with self.app.store.transaction() as conn:
            if answer is None:
                conn.execute(delete(idempotency_keys).where(where))
            else:
                conn.execute(
                    update(idempotency_keys).where(where).values(status=status, response=answer)
                )


def _problem(status: int, code: str, title: str, detail: str) -> HttpProblem:
    return HttpProblem(status, code, title, detail)


class Idempotency:
    """ASGI middleware applying :class:`IdempotencyStore` to POSTs that carry the header."""

    def __init__(self, app: ASGIApp, core: App) -> None:
        self.app = app
        self.store = IdempotencyStore(core)
        self.tokens = TokenRepository(core)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        if scope["type"] != "http" or scope["method"] != "POST" or HEADER not in headers:
            await self.app(scope, receive, send)
            return
        key = headers[HEADER].decode("latin-1")
        if not _KEY.match(key):
            problem = _problem(
                422,
                "invalid-input",
                "输入不符合规则",
                "Idempotency-Key 须为 1 至 200 个可见 ASCII 字符",
            )
            problem.problem.field, problem.problem.rule = "Idempotency-Key", "1-200 visible ASCII"
            await response(problem.problem, None)(scope, receive, send)
            return
        try:
            actor = self.tokens.authenticate(_bearer(headers)).actor
        except TokenRefusedError:
            await self.app(scope, receive, send)  # the route answers 401
            return
        body = await _read_body(receive)
        fingerprint = request_fingerprint(scope["path"], scope.get("query_string", b""), body)
        found = self.store.claim(actor, key, fingerprint)
        if found is not None:
            await self._answer_again(found, fingerprint, scope, receive, send)
            return
        await self._run_and_keep(actor, key, body, scope, send)

    async def _answer_again(
        self, found: dict[str, Any], fingerprint: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if found["request_sha256"] != fingerprint:
            problem = _problem(
                422,
                "idempotency-key-reused",
                "幂等键已用于另一请求",
                "该 Idempotency-Key 已用于内容不同的请求，请为新请求使用新的键",
            )
            problem.problem.field, problem.problem.rule = "Idempotency-Key", "one key, one request"
            await response(problem.problem, None)(scope, receive, send)
            return
        if found["status"] is None:
            problem = _problem(
                409,
                "idempotency-in-progress",
                "相同请求正在处理",
                "使用该 Idempotency-Key 的请求仍在处理中，请稍后重试",
            )
            await response(problem.problem, None)(scope, receive, send)
            return
        stored = found["response"]
        raw = base64.b64decode(stored["body"])
        await send(
            {
                "type": "http.response.start",
                "status": found["status"],
                "headers": [
                    (b"content-type", stored["content_type"].encode()),
                    (b"content-length", str(len(raw)).encode()),
                    (b"idempotent-replayed", b"true"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": raw})

    async def _run_and_keep(
        self, actor: str, key: str, body: bytes, scope: Scope, send: Send
    ) -> None:
        status, content_type, chunks = 500, "application/json", []
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def keeping(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-type":
                        content_type = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay, keeping)
        finally:
            kept = None
            if 200 <= status < 300:
                kept = {
                    "content_type": content_type,
                    "body": base64.b64encode(b"".join(chunks)).decode(),
                }
            self.store.finish(actor, key, status, kept)


def request_fingerprint(path: str, query: bytes, body: bytes) -> str:
    """What makes two requests "the same request" for a key: path, query and body."""
    digest = hashlib.sha256()
    for part in (path.encode(), query, body):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _bearer(headers: dict[bytes, bytes]) -> str | None:
    value = headers.get(b"authorization", b"").decode("latin-1")
    scheme, _, secret = value.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else None


async def _read_body(receive: Receive) -> bytes:
    parts = []
    while True:
        message = await receive()
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(parts)
