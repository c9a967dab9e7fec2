"""Running CLI commands against an office of their own: a config file and a database in a
folder, ``init`` already run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from click.testing import CliRunner, Result

Invoke = Callable[..., Result]


def office_cli(group: click.Group, folder: Path, config: str, *init_args: str) -> Invoke:
    """Write ``config`` to ``folder/gov-disclosure.toml``, run ``init`` and return
    ``invoke(*args, ok=True, input=None)``, which runs ``group`` with ``--db`` and ``--config``
    of that office (``input``: what is typed at prompts) and, with ``ok``, asserts a zero exit
    code. ``init_args`` go to ``init`` (such as ``--admin ID --admin-name NAME`` for the first
    administrator)."""
    config_path = folder / "gov-disclosure.toml"
    config_path.write_text(config, encoding="utf-8")
    base = ["--db", str(folder / "office.db"), "--config", str(config_path)]
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True, input: str | None = None) -> Result:
        result = runner.invoke(group, [*base, *args], input=input)
        if ok:
            assert result.exit_code == 0, result.output + str(result.exception)
        return result

    invoke("init", *init_args)
    return invoke
