"""Write docs/cli.md's reference part from the click commands (core and installed plugins).

Run: ``python scripts/gen_cli_docs.py``; tests/test_docs_cli.py fails when the file is stale.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
MARK = "<!-- generated reference below: python scripts/gen_cli_docs.py -->"


def _walk(cmd: click.Command, path: list[str], ctx: click.Context) -> list[str]:
    out = []
    name = " ".join(path)
    sub = click.Context(cmd, info_name=path[-1], parent=ctx)
    help_text = cmd.get_help(sub).replace("Usage: gov-disclosure", "Usage: gov-disclosure")
    out.append(f"### `{name}`\n\n```text\n{help_text}\n```\n")
    if isinstance(cmd, click.Group):
        for child in sorted(cmd.list_commands(sub)):
            child_cmd = cmd.get_command(sub, child)
            if child_cmd is not None and not child_cmd.hidden:
                out += _walk(child_cmd, [*path, child], sub)
    return out


def reference() -> str:
    """The reference in English (the docs' language), whatever the locale running this."""
    saved = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = "en"
    try:
        return _reference()
    finally:
        if saved is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved


def _reference() -> str:
    from gov_disclosure.cli.main import _mount, _plugin_commands, cli

    _mount()  # add_command is idempotent: safe when tests mounted some commands already
    _plugin_commands()
    root = click.Context(cli, info_name="gov-disclosure", terminal_width=100, max_content_width=100)
    return "\n".join(_walk(cli, ["gov-disclosure"], root.parent or root))


def render() -> str:
    head = DOC.read_text(encoding="utf-8").split(MARK)[0] if DOC.exists() else ""
    return f"{head.rstrip()}\n\n{MARK}\n\n## Reference\n\n{reference()}"


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
