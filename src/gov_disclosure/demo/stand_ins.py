"""Local stand-ins of the services channels call, started and stopped around the demo.

A plugin whose channel calls a remote service (the WeChat platform) offers a stand-in through
the ``demo_stand_in`` hook; the demo enters every one, publishes to them with the settings
they give, and stops them when it is done. The demo never reaches the network.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from ..plugins import make_plugin_manager


@contextmanager
def stand_ins(out_dir: Path) -> Iterator[dict[str, Any]]:
    """Start every installed plugin's stand-in; yields their channel settings by channel."""
    settings: dict[str, Any] = {}
    with ExitStack() as stack:
        for manager in make_plugin_manager().hook.demo_stand_in(out_dir=out_dir):
            if manager is not None:
                for channel, values in stack.enter_context(manager).items():
                    settings.setdefault(channel, {}).update(values)
        yield settings


def with_channel_settings(data: dict[str, Any], channels: Mapping[str, Any]) -> dict[str, Any]:
    """The config ``data`` with ``channels``' settings over its ``[channels.NAME]`` tables."""
    merged = {**data, "channels": dict(data.get("channels") or {})}
    for name, values in channels.items():
        merged["channels"][name] = {**(merged["channels"].get(name) or {}), **values}
    return merged
