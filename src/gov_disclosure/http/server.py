"""Run the HTTP service with uvicorn (one process; put it behind the office's reverse proxy
for TLS)."""

from __future__ import annotations

import logging
import sys

from ..app import App


def access_logging() -> None:
    """JSON access lines on stderr (``gov_disclosure.http.access``), errors with it."""
    logger = logging.getLogger("gov_disclosure.http")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def serve(core: App, host: str, port: int) -> None:
    import uvicorn

    from .app_factory import create_app

    access_logging()
    uvicorn.run(
        create_app(core),
        host=host,
        port=port,
        access_log=False,  # ours has no client addresses or query strings
        server_header=False,
        log_level="info",
    )
