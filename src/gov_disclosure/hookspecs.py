"""The plugin contract, read like a table of contents.

Hooks *register*; the core *calls*. Every hook is documented in ``docs/plugin-hooks.md`` (a
test fails when one is missing). Hooks are synchronous and called with keyword arguments;
implementations take any subset of the arguments and never give them defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pluggy

if TYPE_CHECKING:
    import click

    from .channels import Action, Channel, PublishedEdition, Receipt
    from .config import Config
    from .models import Actor
    from .review.dictionary import Term
    from .review.findings import Rule
    from .store.engine import Store
    from .supervision.obligations import Obligation

PROJECT = "gov_disclosure"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


class Office(Protocol):
    """What a hook may use of the office it runs in (``App`` and its kernel both are one)."""

    @property
    def config(self) -> Config: ...

    @property
    def store(self) -> Store: ...

    def today(self) -> date: ...


@hookspec
def register_channels(register: Callable[[type[Channel]], None]) -> None:
    """Hand the core one or more channel classes.

    :param register: call ``register(MyChannel)`` once per channel class. The core reads the
        channel's settings from ``[channels.<name>]`` with ``MyChannel.Settings`` and builds it.

    Called once when the plugin manager is set up.
    """


@hookspec
def register_screening_rules(
    register_rule: Callable[[Rule], None],
    register_dictionary: Callable[[str | Path | Iterable[Term]], None],
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
def after_delivery(edition: PublishedEdition, receipt: Receipt, action: Action) -> None:
    """Called after one channel has done one delivery (once per channel and delivery).

    :param edition: the edition the channel was given (for a withdrawal, the one taken down;
        ``edition.withdrawn_reason`` says why).
    :param receipt: what that channel did (``receipt.channel`` names it).
    :param action: ``publish``, ``update`` (a new edition, or a repeal: ``edition.state`` is
        ``repealed``), ``withdraw`` or ``expire`` (the 公示期 ended).

    A hook that raises is logged and does not undo the delivery.
    """


@hookspec
def notify_responsible(
    unit: str,
    obligations: Sequence[Obligation],
    recipients: Sequence[Actor],
    channels: Mapping[str, Channel],
) -> Receipt | None:
    """Tell a responsible office what it owes (supervision reminders).

    :param unit: the 责任单位.
    :param obligations: the obligations due (each with its due date and why).
    :param recipients: the people to tell, from the config (actor records).
    :param channels: the channels the core built, by name (a plugin reminds through its own).
    :return: a :class:`Receipt` (``action`` ``remind``) when this plugin sent the reminder,
        ``None`` when it could not (not configured, nobody reachable). With no receipt from any
        plugin the reminder is recorded as not sent (未通知) and tried again on the next run.

    Called by ``gov-disclosure run`` once per obligation and threshold until one is sent.
    """


@hookspec
def populate_demo(app: Office, out_dir: Path) -> None:
    """Add what a channel needs to ``gov-disclosure demo`` (e.g. SMS subscribers).

    :param app: the demo's office (its ``store``, ``config`` and ``today()``); the township,
        its people and items exist.
    :param out_dir: the demo's output folder; write files only inside it.

    Called once, after the township is created and before anything is published.
    """


@hookspec
def demo_stand_in(out_dir: Path) -> AbstractContextManager[Mapping[str, Mapping[str, Any]]] | None:
    """A local stand-in for a service a channel calls (e.g. the WeChat platform) while
    ``gov-disclosure demo`` runs, so the demo publishes to it and never to the network.

    :param out_dir: the demo's output folder; write files only inside it.
    :return: a context manager, or ``None`` when the plugin needs none. It is entered before
        the demo's office is built and left after the demo's last run: entering starts the
        stand-in and gives the channel settings for this run, by channel name
        (``{"wechat": {"api_base": "http://127.0.0.1:PORT", …}}``), which take precedence over
        the demo's config file for this run only (the file is not changed); leaving stops it.
    """
