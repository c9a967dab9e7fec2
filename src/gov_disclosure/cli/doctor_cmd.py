"""``gov-disclosure doctor``: check this office's setup and say what to fix (:mod:`.doctor`)."""

from __future__ import annotations

import json
import sys

import click

from ..i18n import N_, _
from .context import get_env
from .doctor import run_checks

STATUS = {"ok": N_("ok"), "warn": N_("check"), "fix": N_("fix")}


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help=N_("print the checks as JSON"))
def doctor_cmd(as_json: bool) -> None:
    """Check this office's setup (config, calendar, channels, base_url, file modes, fonts,
    LibreOffice) and say what to fix; exit code 1 when something must be fixed."""
    checks = run_checks(get_env())
    must_fix = [c for c in checks if c.status == "fix"]
    if as_json:
        click.echo(json.dumps([c.as_dict() for c in checks], ensure_ascii=False, indent=2))
    else:
        from rich.table import Table

        from .output import console

        table = Table(_("status"), _("check"), _("detail"))
        for c in checks:
            table.add_row(_(STATUS[c.status]), c.name, c.detail)
        console().print(table)
        if must_fix:
            click.echo(_("{n} thing(s) must be fixed.").format(n=len(must_fix)))
        else:
            click.echo(_("Nothing must be fixed."))
    if must_fix:
        sys.exit(1)


COMMANDS = [doctor_cmd]
