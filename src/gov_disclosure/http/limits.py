"""Request size caps and the per-token rate limit."""

from __future__ import annotations

import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import HttpProblem, response


def too_large(cap: int) -> HttpProblem:
    return HttpProblem(
        413, "too-large", "请求体过大", f"请求体超过上限 {cap} 字节，请缩小附件或分次提交"
    )


class BodySizeLimit:
    """Refuse bodies above ``cap`` bytes: by Content-Length at once, else while reading."""

    def __init__(self, app: ASGIApp, cap: int) -> None:
        self.app = app
        self.cap = cap

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.cap):
            problem = too_large(self.cap)
            await response(problem.problem, None)(scope, receive, send)
            return
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.cap:
                raise too_large(self.cap)
            return message

        await self.app(scope, counting, send)


class RateLimiter:
    """A token bucket per API token: ``per_minute`` requests, refilled evenly."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[int, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, token_id: int) -> None:
        """Take one request from the token's bucket, or raise 429 with Retry-After."""
        if self.per_minute <= 0:
            return
        rate = self.per_minute / 60.0
        now = time.monotonic()
        with self._lock:
            level, last = self._buckets.get(token_id, (float(self.per_minute), now))
            level = min(float(self.per_minute), level + (now - last) * rate)
            if level < 1:
                wait = max(1, int((1 - level) / rate + 0.999))
                self._buckets[token_id] = (level, now)
                raise HttpProblem(
                    429,
                    "rate-limited",
                    "请求过于频繁",
                    f"该令牌每分钟最多 {self.per_minute} 次请求，请 {wait} 秒后重试",
                    {"Retry-After": str(wait)},
                )
            self._buckets[token_id] = (level - 1, now)
