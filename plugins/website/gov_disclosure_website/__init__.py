"""The website channel: the 政府信息公开 section of a government website, as a static site.

Registered through the ``gov_disclosure`` entry point like any third-party plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gov_disclosure import hookimpl

from .builder import BuildReport
from .channel import WebsiteChannel
from .settings import RemoteSettings, WebsiteSettings

__all__ = ["BuildReport", "RemoteSettings", "WebsiteChannel", "WebsiteSettings"]


@hookimpl
def register_channels(register: Callable[[type], None]) -> None:
    register(WebsiteChannel)


@hookimpl
def register_commands(cli: Any) -> None:
    from .cli import website

    cli.add_command(website)
