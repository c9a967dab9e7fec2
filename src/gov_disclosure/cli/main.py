"""Entry point of ``gov-disclosure`` (filled in by the foundation work)."""

import click


@click.group()
def cli() -> None:
    """政务公开 / 政府信息公开 from the command line."""


def main() -> None:
    cli()
