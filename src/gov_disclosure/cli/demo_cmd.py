"""``demo``: a realistic township published to every built-in channel (see gov_disclosure.demo)."""

from __future__ import annotations

from pathlib import Path

import click

from ..demo import run_demo
from ..i18n import N_


@click.command("demo")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help=N_("folder for the database, config and every output"),
)
def demo_cmd(out_dir: Path) -> None:
    """Create 示例镇, review and publish its items to every channel, print where it all is."""
    report = run_demo(out_dir, echo=click.echo)
    click.echo(report)


COMMANDS = [demo_cmd]
