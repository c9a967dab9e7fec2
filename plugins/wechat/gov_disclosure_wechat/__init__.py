"""The WeChat official account channel (政务微信公众号) for gov-disclosure.

``WechatChannel`` publishes each edition as an article through the official account
platform's HTTP API (draft, submit, poll) and deletes it on withdrawal.
"""

from __future__ import annotations

from collections.abc import Callable

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
