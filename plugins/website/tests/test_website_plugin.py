"""The channel is registered the way a third-party plugin would be."""

from __future__ import annotations

from importlib.metadata import entry_points

import pluggy
from gov_disclosure_website import WebsiteChannel, WebsiteSettings

from gov_disclosure import hookspecs
from gov_disclosure.channels import Channel


def test_register_channels_hands_over_the_class() -> None:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.load_setuptools_entrypoints(hookspecs.PROJECT, name="website")
    got: list[type] = []
    pm.hook.register_channels(register=got.append)
    assert got == [WebsiteChannel]
    assert issubclass(WebsiteChannel, Channel) and WebsiteChannel.name == "website"
    assert WebsiteChannel.Settings is WebsiteSettings


def test_entry_point_is_declared() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="gov_disclosure")}
    assert names["website"] == "gov_disclosure_website"


def test_settings_read_from_a_config_table() -> None:
    settings = WebsiteSettings.model_validate(
        {
            "base_url": "https://www.example.gov.cn/xxgk",
            "page_size": 30,
            "remote": {"endpoint": "https://cms.example.gov.cn/api/", "token_env": "CMS_TOKEN"},
        }
    )
    assert settings.base_url == "https://www.example.gov.cn/xxgk/"
    assert (
        settings.remote is not None and settings.remote.endpoint == "https://cms.example.gov.cn/api"
    )
