"""Help texts in the user's language: click's help rendering looks each text up in the catalog.

A command's help is its docstring; the catalog's message id is the docstring's first paragraph
with its whitespace collapsed (``scripts/update_catalog.py`` collects them by walking the
command tree), an option's help is its own id. A text the catalog lacks is shown as written.
This applies to every command, plugin commands included.
"""

from __future__ import annotations

import re
from typing import Any

import click

from ..i18n import _

_SPACE = re.compile(r"\s+")


def help_id(text: str) -> str:
    """The catalog id of a help text: its first paragraph, whitespace collapsed."""
    return _SPACE.sub(" ", text.strip().split("\n\n")[0]).strip()


def translate_help(text: str | None) -> str | None:
    """``text`` with its first paragraph in the user's language (when the catalog has it)."""
    if not text:
        return text
    first = help_id(text)
    shown = _(first)
    if shown == first:
        return text
    rest = text.strip().split("\n\n")[1:]
    return "\n\n".join([shown, *rest])


def install() -> None:
    """Make click render command and option help through :func:`translate_help` (once)."""
    if getattr(click.Command, "_gov_disclosure_help", False):
        return
    short_help = click.Command.get_short_help_str
    help_text = click.Command.format_help_text
    option_record = click.Option.get_help_record

    def get_short_help_str(self: click.Command, limit: int = 45) -> str:
        saved = self.help, self.short_help
        self.help, self.short_help = translate_help(self.help), translate_help(self.short_help)
        try:
            return short_help(self, limit)
        finally:
            self.help, self.short_help = saved

    def format_help_text(self: click.Command, ctx: click.Context, formatter: Any) -> None:
        saved = self.help
        self.help = translate_help(self.help)
        try:
            help_text(self, ctx, formatter)
        finally:
            self.help = saved

    def get_help_record(self: click.Option, ctx: click.Context) -> tuple[str, str] | None:
        saved = self.help
        self.help = _(saved) if saved else saved
        try:
            return option_record(self, ctx)
        finally:
            self.help = saved

    click.Command.get_short_help_str = get_short_help_str  # type: ignore[method-assign]
    click.Command.format_help_text = format_help_text  # type: ignore[method-assign]
    click.Option.get_help_record = get_help_record  # type: ignore[method-assign]
    click.Command._gov_disclosure_help = True  # type: ignore[attr-defined]
