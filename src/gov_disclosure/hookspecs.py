"""The plugin contract, read like a table of contents.

Hooks *register*; the core *calls*. Every hook is documented in ``docs/plugin-hooks.md`` (a
test fails when one is missing). Hooks are synchronous and called with keyword arguments;
implementations take any subset of the arguments and never give them defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from .channels import Channel, PublishedEdition, Receipt

PROJECT = "gov_disclosure"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_channels(register: Callable[[type[Channel]], None]) -> None:
    """Hand the core one or more channel classes.

    :param register: call ``register(MyChannel)`` once per channel class. The core reads the
        channel's settings from ``[channels.<name>]`` with ``MyChannel.Settings`` and builds it.

    Called once when the plugin manager is set up.
    """


@hookspec
def register_screening_rules(
    register_rule: Callable[[Any], None], register_dictionary: Callable[[Any], None]
) -> None:
    """Add screening rules and sensitive-term dictionaries to the 保密审查 screening.

    :param register_rule: ``register_rule(rule)`` with an object having ``name`` and
        ``find(text) -> Iterable[Finding]``.
    :param register_dictionary: ``register_dictionary(path_or_terms)`` with a dictionary file
        path (``term<TAB>category<TAB>severity`` per line) or an iterable of ``Term``.

    Called once when a screener is built.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to ``gov-disclosure`` (e.g. ``gov-disclosure sms …``).

    :param cli: the top-level click group; call ``cli.add_command(...)`` or decorate with
        ``@cli.command()``.
    """


@hookspec
def register_migrations(register: Callable[[str], None]) -> None:
    """Add a folder of Alembic migration scripts for a plugin's own tables.

    :param register: ``register(path)`` with the folder holding the plugin's versions; each
        script's ``branch_labels`` names the plugin and its first ``down_revision`` is the
        core's base revision ``"0001"``.
    """


@hookspec
def after_publish(edition: PublishedEdition, receipt: Receipt) -> None:
    """Called after one channel has published an edition (once per channel and edition).

    :param edition: the edition now live.
    :param receipt: what that channel did (``receipt.channel`` names it).

    A hook that raises is logged and does not undo the delivery.
    """


@hookspec
def after_update(edition: PublishedEdition, receipt: Receipt) -> None:
    """Called after one channel has replaced an item's edition with a newer one."""


@hookspec
def after_withdraw(edition: PublishedEdition, reason: str, receipt: Receipt) -> None:
    """Called after one channel has taken a withdrawn (or expired) item down."""


@hookspec
def notify_responsible(
    unit: str, obligations: Sequence[Any], recipients: Sequence[Any], app: Any
) -> None:
    """Tell a responsible office what it owes (supervision reminders).

    :param unit: the 责任单位.
    :param obligations: the obligations due (each with its due date and why).
    :param recipients: the people to tell, from the config (actor records).
    :param app: the running :class:`gov_disclosure.app.App` (its config, channels, store).

    Called by ``gov-disclosure run`` once per obligation and threshold; never twice.
    """


@hookspec
def populate_demo(app: Any, out_dir: Any) -> None:
    """Add what a channel needs to ``gov-disclosure demo`` (e.g. SMS subscribers).

    :param app: the demo's :class:`gov_disclosure.app.App` (township, people and items exist).
    :param out_dir: the demo's output folder (``pathlib.Path``).

    Called once, after the township is created and before anything is published.
    """
