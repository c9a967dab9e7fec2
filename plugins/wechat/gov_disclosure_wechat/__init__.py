"""The WeChat official account channel (政务微信公众号) for gov-disclosure.

``WechatChannel`` publishes each edition as an article through the official account
platform's HTTP API (draft, submit, poll) and deletes it on withdrawal.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from gov_disclosure.hookspecs import hookimpl

from .article import article_html, draft_article
from .channel import WechatChannel
from .client import PlatformError, WechatClient
from .credentials import Credentials, load_credentials
from .settings import WechatSettings

__all__ = [
    "Credentials",
    "PlatformError",
    "WechatChannel",
    "WechatClient",
    "WechatSettings",
    "article_html",
    "draft_article",
    "load_credentials",
]


@hookimpl
def register_channels(register: Callable[[type], None]) -> None:
    register(WechatChannel)


@hookimpl
def demo_stand_in(out_dir: Path) -> AbstractContextManager[dict[str, dict[str, Any]]]:
    """The demo publishes to a local stand-in of the platform (never the network)."""
    from .standin import demo_platform

    return demo_platform(out_dir)
