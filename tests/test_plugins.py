"""The plugin manager: misspelt hooks, broken plugins, blocking, channel settings errors."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict

from gov_disclosure import hookimpl
from gov_disclosure.channels import ChannelContext
from gov_disclosure.errors import ConfigError, PluginError
from gov_disclosure.plugins import build_channels, channel_classes, make_plugin_manager
from testsupport.core import RecorderPlugin, RecordingChannel


class Misspelt:
    @hookimpl
    def register_chanels(self, register):  # type: ignore[no-untyped-def]
        pass


def test_misspelt_hook_fails_loudly():
    with pytest.raises(PluginError, match="register_chanels"):
        make_plugin_manager(load_installed=False, plugins=[Misspelt()])


def test_installed_builtin_channels_are_found_and_can_be_blocked():
    names = set(channel_classes(make_plugin_manager()))
    assert {"website", "bulletin", "kiosk", "sms", "screen", "wechat"} <= names
    blocked = set(channel_classes(make_plugin_manager(blocked=["kiosk"])))
    assert "kiosk" not in blocked and "website" in blocked


def test_bad_channel_settings_name_the_key(tmp_path):
    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin()])
    ctx = ChannelContext(data_dir=tmp_path, catalogue=list)
    with pytest.raises(ConfigError, match=r"channels\.recorder\.fail_tmes\]: unknown key"):
        build_channels(pm, {"recorder": {"fail_tmes": 1}}, ctx)
    with pytest.raises(ConfigError, match=r"channels\.nosuch"):
        build_channels(pm, {"nosuch": {}}, ctx)
    with pytest.raises(ConfigError, match="fail_times"):
        build_channels(pm, {"recorder": {"fail_times": "many"}}, ctx)
    assert set(build_channels(pm, {}, ctx)) == {"recorder"}


def test_register_rejects_non_channels(tmp_path):
    class Bad:
        @hookimpl
        def register_channels(self, register):  # type: ignore[no-untyped-def]
            register(object)

    pm = make_plugin_manager(load_installed=False, plugins=[Bad()])
    with pytest.raises(PluginError, match="Channel subclasses"):
        channel_classes(pm)


def test_duplicate_channel_names_rejected():
    class Twin:
        @hookimpl
        def register_channels(self, register):  # type: ignore[no-untyped-def]
            register(RecordingChannel)

    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin(), Twin()])
    with pytest.raises(PluginError, match="two plugins"):
        channel_classes(pm)


def test_config_unknown_section_key_named():
    from gov_disclosure.config import load_config

    with pytest.raises(ConfigError, match=r"organisation\]: unknown key"):
        load_config({"organisation": {"name": "x"}})
    with pytest.raises(ConfigError, match=r"publishing\.max_attempts"):
        load_config({"publishing": {"max_attempts": 0}})


class _S(BaseModel):
    model_config = ConfigDict(extra="forbid")
