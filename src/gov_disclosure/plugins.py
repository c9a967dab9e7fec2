"""The plugin manager: a factory, never a module global, so tests build a clean one.

``make_plugin_manager()`` adds the hook specifications, loads every installed plugin of the
``gov_disclosure`` entry-point group (naming the one that fails to import), honours blocked
names and calls ``check_pending()`` so that a misspelt hook fails loudly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from importlib import metadata as importlib_metadata
from typing import Any

import pluggy
from pydantic import BaseModel, ValidationError

from . import hookspecs
from .channels import Channel, ChannelContext, ChannelState
from .errors import ConfigError, PluginError

GROUP = hookspecs.PROJECT


def make_plugin_manager(
    *, blocked: Iterable[str] = (), load_installed: bool = True, plugins: Iterable[Any] = ()
) -> pluggy.PluginManager:
    """A plugin manager with the specs, the installed plugins (unless told not to) and
    ``plugins`` (objects or modules with hook implementations, registered first)."""
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    for name in blocked:
        pm.set_blocked(name)
    for plugin in plugins:
        pm.register(plugin)
    if load_installed:
        _load_entry_points(pm)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(str(getattr(exc, "plugin", "?")), str(exc)) from None
    return pm


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    for ep in importlib_metadata.entry_points(group=GROUP):
        if pm.is_blocked(ep.name) or pm.get_plugin(ep.name) is not None:
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must name itself
            raise PluginError(ep.name, f"failed to import {ep.value}: {exc}") from exc
        try:
            pm.register(plugin, name=ep.name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            raise PluginError(ep.name, str(exc)) from None


def channel_classes(pm: pluggy.PluginManager) -> dict[str, type[Channel]]:
    """Every channel class the plugins register, by name (a duplicate name is an error)."""
    found: dict[str, type[Channel]] = {}

    def register(cls: type[Channel]) -> None:
        if not (isinstance(cls, type) and issubclass(cls, Channel)):
            raise PluginError(repr(cls), "register_channels must pass Channel subclasses")
        if cls.name in found:
            raise PluginError(cls.name, "two plugins register a channel with this name")
        found[cls.name] = cls

    pm.hook.register_channels(register=register)
    return found


def build_channels(
    pm: pluggy.PluginManager,
    settings: dict[str, dict[str, Any]],
    context: ChannelContext,
    *,
    enabled: Iterable[str] | None = None,
    state_factory: Callable[[str], ChannelState] | None = None,
    errors: dict[str, Exception] | None = None,
) -> dict[str, Channel]:
    """Instantiate channels with their validated ``[channels.<name>]`` settings.

    A settings table naming no registered channel, or a bad key in one, is a
    :class:`ConfigError` naming the key. With ``errors`` given, a channel that cannot be built
    (bad settings, missing credentials) is left out and its error stored there by name, so the
    other channels are still built.
    """
    classes = channel_classes(pm)
    for name in settings:
        if name not in classes and name != "enabled":
            raise ConfigError(f"channels.{name}", f"no such channel (have: {', '.join(classes)})")
    names = list(enabled) if enabled is not None else list(classes)
    channels: dict[str, Channel] = {}
    for name in names:
        if name not in classes:
            raise ConfigError("channels.enabled", f"no such channel {name!r}")
        raw = {k: v for k, v in settings.get(name, {}).items() if k != "enabled"}
        if settings.get(name, {}).get("enabled") is False and enabled is None:
            continue
        own = replace(context, state=state_factory(name)) if state_factory else context
        try:
            channels[name] = classes[name](_settings(classes[name], name, raw), own)
        except Exception as exc:
            if errors is None:
                raise
            errors[name] = exc
    return channels


def _settings(cls: type[Channel], name: str, raw: dict[str, Any]) -> BaseModel:
    try:
        return cls.Settings.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        rule = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ConfigError(f"channels.{name}.{key}", rule) from None


def migration_dirs(pm: pluggy.PluginManager) -> tuple[str, ...]:
    """Folders of Alembic revisions registered by plugins."""
    dirs: list[str] = []
    pm.hook.register_migrations(register=dirs.append)
    return tuple(dirs)


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str | None
    hooks: tuple[str, ...]
    channels: tuple[str, ...]


def describe_plugins(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """Installed plugins with their versions, hooks and channels (``gov-disclosure plugins``)."""
    dists = {ep.name: ep.dist for ep in importlib_metadata.entry_points(group=GROUP)}
    by_plugin: dict[str, list[str]] = {}
    for hook_name in dir(pm.hook):
        if hook_name.startswith("_"):
            continue
        for impl in getattr(pm.hook, hook_name).get_hookimpls():
            by_plugin.setdefault(impl.plugin_name, []).append(hook_name)
    channels_of: dict[str, list[str]] = {}
    for name, plugin in pm.list_name_plugin():
        register_fn = getattr(plugin, "register_channels", None)
        if register_fn is not None:
            got: list[type[Channel]] = []
            register_fn(register=got.append)
            channels_of[name] = [c.name for c in got]
    infos = []
    for name, _plugin in sorted(pm.list_name_plugin()):
        dist = dists.get(name)
        version = dist.version if dist is not None else None
        infos.append(
            PluginInfo(
                name,
                version,
                tuple(sorted(by_plugin.get(name, []))),
                tuple(channels_of.get(name, [])),
            )
        )
    return infos
