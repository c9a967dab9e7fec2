"""``fee --by count|pages N``: the information processing fee with its breakdown by band."""

from __future__ import annotations

import click

from ..applications.fees import FeeMethod, fee_by_count, fee_by_pages
from ..i18n import N_, _
from .choices import EnumChoice


@click.command("fee")
@click.option(
    "--by",
    "method",
    required=True,
    type=EnumChoice(FeeMethod),
    help=N_("count: N applications by one applicant in one calendar month; pages: N pages"),
)
@click.argument("n", type=click.IntRange(min=0))
def fee_cmd(method: str, n: int) -> None:
    """信息处理费 (国办函〔2020〕109号): total for N applications in a month or N pages."""
    quote = fee_by_count(n) if method == "count" else fee_by_pages(n)
    head = "按件计收" if method == "count" else "按量计收"
    click.echo(f"{head}：{n}{quote.method.unit}")
    for line in quote.lines():
        click.echo(f"  {line}")
    click.echo(_("total: {total} yuan").format(total=quote.total))


COMMANDS = [fee_cmd]
