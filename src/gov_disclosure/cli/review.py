"""``gov-disclosure review …``: 保密审查 from the command line.

``screen PATH|ITEM`` shows the findings for a file (any format screening reads) or for an
item's newest edition (exit 1 when one blocks); ``mask PATH|ITEM`` writes a masked copy of a
file in its own format, or a masked new edition of an item. Personal data is only ever printed
masked, context included. The approval commands (submit,
approve, reject, override, queue) are added to :data:`review_group` by the approval work.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from ..errors import GovDisclosureError
from ..i18n import N_
from ..review import Finding, Screener, any_blocking, mask, read_attachment
from .identity import actor_option
from .output import console as make_console

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_CONTEXT = 12


def _fail(err: GovDisclosureError) -> click.ClickException:
    exc = click.ClickException(str(err))
    exc.exit_code = 2  # 1 means "something blocks"; 2 means the command could not do its job
    return exc


@click.group("review")
def review_group() -> None:
    """保密审查: screen and mask before publication (review, screening, masking)."""


def _screener(dictionaries: tuple[Path, ...], use_plugins: bool, default_dict: bool) -> Screener:
    if not use_plugins:
        return Screener(dictionaries=dictionaries, default_dictionary=default_dict)
    from ..plugins import make_plugin_manager

    return Screener.from_plugins(
        make_plugin_manager(), dictionaries=dictionaries, default_dictionary=default_dict
    )


@review_group.command("screen")
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help=N_("print the findings as JSON"))
@click.option(
    "--dict",
    "dictionaries",
    type=_FILE,
    multiple=True,
    help=N_("extra dictionary file (term<TAB>category<TAB>severity); repeatable"),
)
@click.option("--default-dict/--no-default-dict", default=True, help=N_("use the built-in terms"))
@click.option("--plugins/--no-plugins", default=True, help=N_("add rules from installed plugins"))
def screen_cmd(
    target: str, as_json: bool, dictionaries: tuple[Path, ...], default_dict: bool, plugins: bool
) -> None:
    """Screen a file (.xlsx/.xls/.csv/.docx/.pdf/.txt/.md/.html), or an item's newest edition
    (by 索引号 or id: title, summary, body, tables, attachments); exit code 1 when a finding
    blocks publication."""
    path = Path(target)
    if not path.is_file():
        _screen_item(target, as_json, dictionaries)
        return
    try:
        text = read_attachment(path)
        findings = _screener(dictionaries, plugins, default_dict).screen_text(text, path.name)
    except GovDisclosureError as err:
        raise _fail(err) from None
    if as_json:
        click.echo(json.dumps(_as_json(path, text, findings), ensure_ascii=False, indent=2))
    else:
        _print_table(path, text, findings)
    if any_blocking(findings):
        raise click.exceptions.Exit(1)


def _screen_item(key: str, as_json: bool, dictionaries: tuple[Path, ...]) -> None:
    """Screen an item from the store with the configured screener (plugins, dictionaries)."""
    from ..review import screen_edition
    from .context import get_env

    try:
        app = get_env().app()
        screener = app.screener
        if dictionaries:
            screener = Screener.from_plugins(
                app.pm, dictionaries=dictionaries, keep_numbers=screener.keep_numbers
            )
        screening = screen_edition(screener, app.edition(key), app.blobs.open_path)
    except GovDisclosureError as err:
        raise _fail(err) from None
    findings = list(screening.findings)
    fields = [(f, t or "") for f, t in screening.fields]
    if as_json:
        out = [
            _as_json(Path(f"{key}#{field}"), text, [x for x in findings if x.field == field])
            for field, text in fields
        ]
        click.echo(
            json.dumps(
                {"item": key, "blocking": any_blocking(findings), "fields": out},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for field, text in fields:
            own = [x for x in findings if x.field == field]
            if own:
                _print_table(Path(f"{key}#{field}"), text, own)
        if not findings:
            click.echo(f"{key}: 未发现问题 (no findings)")
    if any_blocking(findings):
        raise click.exceptions.Exit(1)


@review_group.command("mask")
@click.argument("target")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("FILE: write the masked copy here (same format); text files may go to standard output"),
)
@click.option("--actor", help=N_("ITEM: who makes the masked edition (its author)"))
def mask_cmd(target: str, output: Path | None, actor: str | None) -> None:
    """Mask personal data (身份证号, mobile, bank card, landline, e-mail): a file's masked copy
    in its own format (.xlsx stays .xlsx, .docx keeps its layout), or an item's masked new
    edition (by 索引号 or id, with --actor); the office's own published numbers stay."""
    path = Path(target)
    try:
        if not path.is_file():
            _mask_item(target, actor)
        elif output is None:
            _mask_to_stdout(path)
        else:
            _mask_file(path, output)
    except GovDisclosureError as err:
        raise _fail(err) from None


def _keep_numbers() -> list[str]:
    """The configured own numbers, when there is a config file here (none: keep nothing)."""
    from ..config import load_config
    from ..review import keep_numbers_of
    from .context import get_env

    env = get_env()
    if not env.config_file.is_file():
        return []
    return keep_numbers_of(load_config(env.config, env.config_file.resolve().parent))


def _mask_to_stdout(path: Path) -> None:
    from ..review.readers import TEXT_SUFFIXES

    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise GovDisclosureError(
            f"{path.name}: 请用 -o 指定遮盖副本的保存位置 (give -o for a {path.suffix} file)"
        )
    masked = mask(read_attachment(path), _keep_numbers())
    click.echo(masked, nl=not masked.endswith("\n"))


def _mask_file(path: Path, output: Path) -> None:
    from ..review.masked_copy import mask_file, masked_name
    from ..review.xls_copy import XLSX_FALLBACK_NOTE

    as_xlsx = masked_name(path.name).lower().endswith(".xlsx") and path.suffix.lower() == ".xls"
    if as_xlsx and output.suffix.lower() == ".xls":
        output = output.with_suffix(".xlsx")  # the copy is an .xlsx: named as one
    copy = mask_file(path, output, keep=_keep_numbers())
    click.echo(f"已遮盖 {copy.masked} 处个人信息 (masked {copy.masked}) → {output}", err=True)
    if as_xlsx:
        click.echo(XLSX_FALLBACK_NOTE, err=True)


def _mask_item(key: str, actor: str | None) -> None:
    from .context import get_env
    from .identity import resolve_actor

    env = get_env()
    acting = resolve_actor(env, actor, "--actor", "review mask")
    assert acting is not None  # required: resolve_actor raises without one
    done = env.app().mask_item(key, acting)
    item = done.item
    click.echo(
        f"{item.index_no}: 已遮盖 {done.masked} 处个人信息，生成第 {item.current_edition} 版"
        f" (masked {done.masked} in {', '.join(done.changed)}: edition {item.current_edition};"
        " the original stays in the file store, never published)"
    )
    for note in done.notes:
        click.echo(note)


@review_group.command("clear")
@click.argument("item")
@click.argument("finding", type=int)
@actor_option(help=N_("a second confidentiality reviewer (not the one who overrode)"))
@click.option(
    "--reason", required=True, help=N_("why the finding is cleared (kept in the audit log)")
)
def clear_cmd(item: str, finding: int, actor: str, reason: str) -> None:
    """Approve publishing an overridden personal-data finding in clear (a second 保密审查员,
    with a reason); without this, the item is published with the data masked."""
    from .context import get_env

    try:
        get_env().app().approve_clear(item, actor, finding, reason)
    except GovDisclosureError as err:
        raise _fail(err) from None
    click.echo(f"#{finding}: {actor} 批准公开原文 (approved publishing in clear): {reason}")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _as_json(path: Path, text: str, findings: Sequence[Finding]) -> dict[str, object]:
    text = mask(text)  # context shows personal data masked (same length: offsets hold)
    out = []
    for f in findings:
        before, after = f.context(text, _CONTEXT)
        line, col = _line_col(text, f.start)
        out.append({**f.to_dict(), "line": line, "column": col, "before": before, "after": after})
    return {"path": str(path), "blocking": any_blocking(findings), "findings": out}


def _print_table(path: Path, text: str, findings: Sequence[Finding]) -> None:
    console = make_console()
    if not console.is_terminal:  # piped or captured: do not squeeze the table into 80 columns
        console = make_console(width=160)
    if not findings:
        console.print(f"{path}: 未发现问题 (no findings)")
        return
    text = mask(text)  # context shows personal data masked (same length: offsets hold)
    table = Table(title=f"保密审查 screening: {path.name}", show_lines=False)
    for header in ("#", "级别", "规则 rule", "行:列"):
        table.add_column(header, no_wrap=True)
    for header in ("上下文 context", "建议 suggestion", "说明"):
        table.add_column(header, overflow="fold")
    for i, f in enumerate(findings):
        before, after = f.context(text, _CONTEXT)
        context = Text(before)
        context.append(f.matched, style="bold red" if f.blocks else "bold yellow")
        context.append(after)
        line, col = _line_col(text, f.start)
        level = Text(
            "阻断 block" if f.blocks else "提示 warn", style="red" if f.blocks else "yellow"
        )
        table.add_row(
            str(i), level, f.rule, f"{line}:{col}", context, f.suggestion or "", f.message_zh
        )
    console.print(table)
    blocking = sum(f.blocks for f in findings)
    console.print(f"{len(findings)} 条发现 findings, {blocking} 条阻断 blocking")
