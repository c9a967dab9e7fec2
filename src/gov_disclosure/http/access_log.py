"""A structured access log: one JSON line per request, with no personal data.

Logged: method, the route's template (``/applications/{key}``, never the filled-in path or the
query string), status, duration, response size and the token's id. Not logged: client
addresses, actor names, request bodies.
"""

from __future__ import annotations

import json
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("gov_disclosure.http.access")


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status, size = 500, 0

        async def sending(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            entry = {
                "method": scope["method"],
                "route": getattr(route, "path_format", None) or "(unmatched)",
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 2),
                "bytes": size,
                "token": (scope.get("state") or {}).get("token_id"),
            }
            log.info(json.dumps(entry, separators=(",", ":")))
