"""Which commands the installed plugins add, known without importing the plugins.

The first start after a plugin is installed, upgraded or edited imports the plugins once,
asks each for its commands (the ``register_commands`` hook) and writes their names and help
summaries to a cache file (``$GOV_DISCLOSURE_CACHE_DIR``, else ``$XDG_CACHE_HOME/gov-disclosure``,
else ``~/.cache/gov-disclosure``); later starts read that file. The cache is keyed by the
modification times of the folders on ``sys.path`` (installing or removing a package changes
them) and of the plugins' own source files, so it never outlives what it describes. Plugins
blocked in the config (``[plugins] blocked``) add no commands.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

import click

from ..errors import GovDisclosureError
from ..i18n import language
from .cache import cache_dir, path_stamp, write_json

_FILE = "plugin-commands.json"
_FORMAT = 1


def _source_stamp(folders: list[str]) -> list[list[Any]]:
    """(folder, newest .py mtime) for each plugin package folder."""
    stamps = []
    for folder in folders:
        newest = 0
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".py"):
                        newest = max(newest, entry.stat().st_mtime_ns)
        except OSError:
            pass
        stamps.append([folder, newest])
    return stamps


def _blocked() -> set[str]:
    from .context import Env

    try:
        return set(Env().config.get("plugins", {}).get("blocked", []))
    except GovDisclosureError:
        return set()


def _read_cache() -> dict[str, Any] | None:
    try:
        data = json.loads((cache_dir() / _FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return None
    if data.get("lang") != language() or data.get("path") != path_stamp():
        return None
    if data.get("sources") != _source_stamp(list(data.get("folders", []))):
        return None
    return data


def _write_cache(data: dict[str, Any]) -> None:
    write_json(_FILE, data)


def _plugin_folders() -> list[str]:
    from importlib import metadata
    from importlib.util import find_spec

    folders = []
    for ep in metadata.entry_points(group="gov_disclosure"):
        try:
            spec = find_spec(ep.module.split(".")[0])
        except (ImportError, ValueError):
            continue
        for location in (spec.submodule_search_locations or []) if spec else []:
            folders.append(str(location))
    return sorted(set(folders))


def _build_index() -> dict[str, Any]:
    """Import the plugins once and record the commands each registers."""
    from ..plugins import make_plugin_manager

    pm = make_plugin_manager()
    plugins: dict[str, dict[str, str]] = {}
    for impl in pm.hook.register_commands.get_hookimpls():
        scratch = click.Group()
        impl.function(cli=scratch)
        plugins[impl.plugin_name] = {
            name: command.get_short_help_str(80) for name, command in scratch.commands.items()
        }
    folders = _plugin_folders()
    return {
        "format": _FORMAT,
        "lang": language(),
        "path": path_stamp(),
        "folders": folders,
        "sources": _source_stamp(folders),
        "plugins": plugins,
    }


@lru_cache(maxsize=4)
def _index(lang: str) -> dict[str, Any]:
    data = _read_cache()
    if data is None:
        try:
            data = _build_index()
        except GovDisclosureError:
            return {"plugins": {}}
        _write_cache(data)
    return data


def plugin_commands() -> dict[str, str]:
    """Name -> help summary of every command the installed, unblocked plugins add."""
    blocked = _blocked()
    found: dict[str, str] = {}
    for plugin, commands in _index(language()).get("plugins", {}).items():
        if plugin not in blocked:
            found.update(commands)
    return found


def register_plugin_commands(group: click.Group) -> None:
    """Import the unblocked plugins and let them add their commands to ``group``."""
    from ..plugins import make_plugin_manager

    pm = make_plugin_manager(blocked=sorted(_blocked()))
    pm.hook.register_commands(cli=group)
