"""The screen channel for gov-disclosure: an offline, full-screen rotating 电子屏 display.

``ScreenChannel`` keeps a static bundle (HTML, CSS, JS, data) that a mini PC or a TV browser
shows from ``file://``: the running 公示 and the newest items in large type with a QR code each,
or one line of scrolling text on an LED module; ``playlist.txt`` carries the same items as
plain text for LED controllers that take text.
"""

from __future__ import annotations

from collections.abc import Callable

from gov_disclosure.hookspecs import hookimpl

from .bundle import BuildResult, bundle_files
from .channel import ScreenChannel
from .settings import ScreenSettings
from .slides import choose, playlist

__all__ = ["BuildResult", "ScreenChannel", "ScreenSettings", "bundle_files", "choose", "playlist"]


@hookimpl
def register_channels(register: Callable[[type], None]) -> None:
    register(ScreenChannel)
