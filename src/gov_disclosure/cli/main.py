"""Entry point of ``gov-disclosure``: global options, error handling, command groups.

Bad input never shows a traceback: every :class:`GovDisclosureError` becomes one line on
stderr (what, where, why) and exit code 2. Commands are imported when they run
(:mod:`.lazy`), so ``--help`` and simple commands start fast.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import GovDisclosureError
from ..i18n import N_, _, install_click
from .context import Env
from .helptext import install as install_help
from .lazy import LazyGroup
from .output import install as install_output

install_click()
install_help()
install_output()


def fail(exc: GovDisclosureError) -> None:
    """Print the error in the user's language on stderr and exit with code 2."""
    from ..errors import user_message

    click.echo(_("Error: {message}").format(message=user_message(exc)), err=True)
    sys.exit(2)


class GuardedGroup(click.Group):
    """A group that turns library errors into one clear line and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GovDisclosureError as exc:
            fail(exc)
        except OSError as exc:  # a path that cannot be read or written: say which and why
            from ..errors import InvalidInputError
            from ..i18n import N_

            where = exc.filename if exc.filename is not None else "?"
            fail(
                InvalidInputError(
                    "path",
                    N_("cannot be used: {reason}"),
                    str(where)[:200],
                    {"reason": exc.strerror or type(exc).__name__},
                )
            )


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class RootGroup(LazyGroup, GuardedGroup):
    """``gov-disclosure``: lazily loaded commands, library errors shown as one line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Control characters (NUL, escape sequences …) in any argument are refused."""
        for arg in args:
            if _CONTROLS.search(arg):
                raise click.UsageError(
                    _("an argument contains control characters (NUL, escape …): {arg}").format(
                        arg=repr(arg[:60])
                    ),
                    ctx,
                )
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        try:
            return super().get_command(ctx, cmd_name)
        except GovDisclosureError as exc:  # a broken plugin names itself
            fail(exc)
            return None


@click.group(cls=RootGroup, help=N_("Government information disclosure from the command line."))
@click.option("--db", envvar="GOV_DISCLOSURE_DB", help=N_("database file or URL"))
@click.option(
    "--config",
    "config_path",
    envvar="GOV_DISCLOSURE_CONFIG",
    type=click.Path(path_type=Path),
    help=N_("config file (TOML)"),
)
@click.version_option(package_name="gov-disclosure")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: Path | None) -> None:
    ctx.obj = Env(db=db, config_path=config_path)


def _mount() -> None:
    """Import every built-in command now (tools and tests that walk the whole tree)."""
    cli.mount_all()


def _plugin_commands() -> None:
    """Let the installed, unblocked plugins add their commands now."""
    from .plugin_index import register_plugin_commands

    try:
        register_plugin_commands(cli)
    except GovDisclosureError as exc:
        click.echo(_("Error: {message}").format(message=exc), err=True)


class _QuietFileHandler(logging.FileHandler):
    """A log file that never disturbs the terminal (an unwritable folder costs the log only)."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def log_to_file() -> None:
    """The library's log (English, for the record) goes to ``gov-disclosure.log`` in the
    current folder, or to ``$GOV_DISCLOSURE_LOG``, not to the terminal; created on the first
    record (``worker`` logs to stderr instead)."""
    root = logging.getLogger()
    if root.handlers:
        return
    path = os.environ.get("GOV_DISCLOSURE_LOG") or "gov-disclosure.log"
    handler = _QuietFileHandler(path, delay=True, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main() -> None:
    log_to_file()
    cli()
