"""The kiosk channel for gov-disclosure: an offline, touch-first 政务公开 terminal.

``KioskChannel`` builds a self-contained bundle (HTML, CSS, JS, data) that runs from
``file://`` or a local web server; ``pull_bundle`` brings a kiosk up to date from a URL or a
USB folder, copying only changed files and swapping atomically.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from gov_disclosure.hookspecs import hookimpl

from .bundle import BuildOptions, BuildResult, BundleBuilder
from .channel import KioskChannel
from .manifest import KioskSyncError, Manifest, read_manifest, verify_bundle
from .settings import KioskSettings
from .sync import PullResult, pull_bundle

__all__ = [
    "BuildOptions",
    "BuildResult",
    "BundleBuilder",
    "KioskChannel",
    "KioskSettings",
    "KioskSyncError",
    "Manifest",
    "PullResult",
    "pull_bundle",
    "read_manifest",
    "verify_bundle",
]


@hookimpl
def register_channels(register: Callable[[type], None]) -> None:
    register(KioskChannel)


@hookimpl
def register_commands(cli: click.Group) -> None:
    from .cli import kiosk

    cli.add_command(kiosk)
