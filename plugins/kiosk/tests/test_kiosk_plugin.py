"""The plugin registers its channel and its commands through the real hook specs."""

from __future__ import annotations

import click
import gov_disclosure_kiosk
import pluggy
from gov_disclosure_kiosk import KioskChannel

from gov_disclosure import hookspecs


def _manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(gov_disclosure_kiosk, name="kiosk")
    pm.check_pending()
    return pm


def test_register_channels_hands_over_the_kiosk_channel() -> None:
    registered: list[type] = []
    _manager().hook.register_channels(register=registered.append)
    assert registered == [KioskChannel]
    assert KioskChannel.name == "kiosk" and KioskChannel.notice_board is True


def test_register_commands_adds_the_kiosk_group() -> None:
    cli = click.Group("gov-disclosure")
    _manager().hook.register_commands(cli=cli)
    group = cli.commands["kiosk"]
    assert isinstance(group, click.Group)
    assert set(group.commands) == {"pull", "sync", "verify", "public-key"}
