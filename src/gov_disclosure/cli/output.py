"""What the CLI prints is data, never instructions to the terminal.

Titles, names and other cells come from people and files: a title containing ``[/bold]`` must
not be taken as rich markup (it used to crash ``item list``), and an escape sequence in a
title must not be replayed to the terminal. :func:`console` is a rich console that reads no
markup or emoji codes and shows every control character (C0, DEL, C1; line breaks and tabs
excepted) as ``\\ufffd``; :func:`install` makes ``click.echo`` clean text the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """``text`` with its control characters (but line breaks and tabs) made visible as U+FFFD."""
    return _CONTROLS.sub(REPLACEMENT, text)


@lru_cache(maxsize=1)
def _safe_console_class() -> type[Console]:
    from rich.console import Console  # rich is loaded by the commands that print tables

    class SafeConsole(Console):
        """A rich console for data: no markup, no emoji codes, no highlighting, controls shown."""

        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("markup", False)
            kwargs.setdefault("emoji", False)
            kwargs.setdefault("highlight", False)
            super().__init__(**kwargs)

        def render_str(self, text: str, **kwargs: Any) -> Any:
            kwargs["markup"] = False
            kwargs["emoji"] = False
            return super().render_str(clean(text), **kwargs)

    return SafeConsole


def console(**kwargs: Any) -> Console:
    """The console every command prints tables with (see :func:`_safe_console_class`)."""
    return _safe_console_class()(**kwargs)


def install() -> None:
    """Make ``click.echo`` show control characters in text as U+FFFD (once)."""
    if getattr(click.echo, "_gov_disclosure_clean", False):
        return
    original = click.echo

    def echo(message: Any = None, *args: Any, **kwargs: Any) -> None:
        if isinstance(message, str):
            message = clean(message)
        original(message, *args, **kwargs)

    echo._gov_disclosure_clean = True  # type: ignore[attr-defined]
    click.echo = echo
    click.utils.echo = echo  # type: ignore[attr-defined]
