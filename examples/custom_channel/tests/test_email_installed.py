"""After ``pip install -e examples/custom_channel`` the core finds the plugin by its entry point."""

from __future__ import annotations

from importlib import metadata

from gov_disclosure.plugins import channel_classes, describe_plugins, make_plugin_manager

import gov_disclosure_email


def test_the_distribution_declares_the_entry_point() -> None:
    [entry] = [
        ep
        for ep in metadata.entry_points(group="gov_disclosure")
        if ep.dist is not None and ep.dist.name == "gov-disclosure-email"
    ]
    assert entry.name == "email" and entry.value == "gov_disclosure_email"


def test_the_installed_plugin_registers_the_email_channel() -> None:
    pm = make_plugin_manager()

    assert channel_classes(pm)["email"] is gov_disclosure_email.EmailChannel
    [info] = [i for i in describe_plugins(pm) if i.name == "email"]
    assert info.version == metadata.version("gov-disclosure-email")
    assert info.channels == ("email",)
    assert set(info.hooks) == {"register_channels", "notify_responsible", "after_delivery"}


def test_a_blocked_plugin_is_not_loaded() -> None:
    pm = make_plugin_manager(blocked=["email"])

    assert "email" not in channel_classes(pm)
