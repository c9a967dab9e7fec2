"""``report annual`` / ``report supplement-template``, ``guide``, ``catalogue``, ``archive``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..app import App
from ..i18n import N_, _
from ..models.enums import ItemState
from .choices import EnumChoice
from .context import get_env, open_app
from .pdf import pdf_option, with_pdfs

PLACEHOLDER = "（待填写：请在补充数据文件中填写本节内容。）"


@click.group("report")
def report_group() -> None:
    """政府信息公开工作年度报告 (national format 国办公开办函〔2021〕30号)."""


@report_group.command("annual")
@click.argument("year", type=int)
@click.option(
    "--supplement",
    "supplement_file",
    type=click.Path(path_type=Path),
    help=N_("supplementary data (TOML; see 'report supplement-template')"),
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help=N_("folder for the report"),
)
@click.option(
    "--format",
    "formats",
    default="docx,html,json",
    show_default=True,
    help=N_("report layout: the annual format's year (default: the year's own)"),
)
@click.option("--org", help=N_("the body: id, credit code or name (default: the configured body)"))
@click.option(
    "--rollup",
    is_flag=True,
    help=N_(
        "county total: the body's report with every body under it (per-body tables and the total)"
    ),
)
@click.option(
    "--supplements",
    "supplements_dir",
    type=click.Path(path_type=Path),
    help=N_(
        "with --rollup: a folder of the other bodies' supplementary "
        "data, <credit code or name>.toml"
    ),
)
@click.option(
    "--publish-as", "author", help=N_("also create the annual report item (draft) as this person")
)
@pdf_option
def report_annual(
    year: int,
    supplement_file: Path | None,
    out_dir: Path,
    formats: str,
    org: str | None,
    rollup: bool,
    supplements_dir: Path | None,
    author: str | None,
    make_pdf: bool,
) -> None:
    """Compute, check and write the annual report of YEAR, from one body's records only
    (--org); --rollup adds every body under it (nothing is written on a mismatch)."""
    from ..reports import build_report, load_supplement, parse_supplement, render_fragment
    from ..reports.output import parse_formats, write_report
    from ..reports.render_rollup import render_rollup_fragment
    from ..reports.rollup_io import write_rollup

    app = open_app(get_env())
    wanted = parse_formats(formats, ("docx", "html", "json"))
    previous = None
    if supplement_file is None:
        click.echo(
            "注意: no --supplement: other systems' numbers are 0 and sections 一、五 are "
            "placeholders (a draft)",
            err=True,
        )
        texts = {"总体情况": PLACEHOLDER, "存在的主要问题及改进情况": PLACEHOLDER}
        supplement = parse_supplement({"year": year, "文字": texts})
    else:
        supplement, previous = load_supplement(supplement_file)
    org_id = app.organization(org).id if org else None
    if supplements_dir is not None and not rollup:
        raise click.UsageError("--supplements 只用于 --rollup (only with --rollup)")
    if rollup:
        county = _rollup(app, year, supplement, supplement_file, supplements_dir, org_id)
        report, fragment = county.total, render_rollup_fragment(county)
        render: Any = lambda: write_rollup(county, out_dir, wanted)  # noqa: E731
    else:
        report = build_report(app, year, supplement, previous=previous, org_id=org_id)
        fragment = render_fragment(report)
        render = lambda: write_report(report, out_dir, wanted)  # noqa: E731
    if report.unfinished:
        click.echo(
            f"注意：{year}年尚未结束（今天是{report.generated_on}），报告标为未完结；"
            f"请于{year + 1}年1月1日后重新生成，1月31日前公布（条例第四十九条） "
            f"(the year has not ended: the report is marked 未完结)",
            err=True,
        )
    written = with_pdfs(render(), make_pdf)
    for path in written:
        click.echo(str(path))
    if author:  # the PDF is attached beside the .docx, so the website offers both
        files = [p for p in written if p.suffix in (".docx", ".pdf", ".json")]
        item = _publish(app, year, fragment, author, files, org_id, report.coverage)
        click.echo(f"{item.index_no}\t{item.state.value}\t{report.title}")


def _rollup(
    app: App,
    year: int,
    supplement: Any,
    supplement_file: Path | None,
    folder: Path | None,
    org_id: int | None,
) -> Any:
    from ..reports.rollup_io import rollup_from_files

    county = rollup_from_files(app, year, supplement, supplement_file, folder, org_id)
    missing = [b.org.name for b in county.bodies[1:] if not b.supplied]
    if missing:
        click.echo(
            f"注意：{len(missing)}个机关未提供补充数据（行政许可、复议、诉讼等按0汇总）："
            + "、".join(missing),
            err=True,
        )
    return county


def _publish(
    app: App, year: int, html: str, author: str, files: list[Path], org_id: Any, coverage: str
) -> Any:
    from ..reports import publish_report_item

    return publish_report_item(
        app, year, html, author, files=files, org_id=org_id, coverage=coverage
    )


@report_group.command("supplement-template")
@click.argument("year", type=int)
def report_supplement_template(year: int) -> None:
    """Print a 补充数据 file to fill in (every key labelled as in the national format)."""
    from ..reports import template

    click.echo(template(year), nl=False)


@click.command("guide")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help=N_("folder for the guide"),
)
@pdf_option
def guide_command(out_dir: Path, make_pdf: bool) -> None:
    """政府信息公开指南 (.docx and .html) from [organization] in the config."""
    from ..reports import render_guide
    from ..reports.output import write_files

    app = open_app(get_env())
    written = write_files(render_guide(app.config, app.today()), out_dir)
    for path in with_pdfs(written, make_pdf):
        click.echo(str(path))


@click.command("catalogue")
@click.option(
    "--format",
    "fmt",
    type=EnumChoice.of("CatalogueFormat", ("csv", "json", "xlsx", "standard")),
    default="xlsx",
    show_default=True,
    help=N_("file format; standard = the office's standard catalogue layout"),
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help=N_("folder to write the catalogue into"),
)
@click.option("--org", help=N_("only this body's items (id, credit code or name)"))
@click.option("--topic", help=N_("only items of this topic category"))
@click.option("--column", help=N_("only items of this column"))
@click.option("--year", type=int, help=N_("only items written in this year"))
@click.option(
    "--state", type=EnumChoice(ItemState), help=N_("one state (default: what the public sees)")
)
@click.option("--unit", help=N_("only items of this responsible unit"))
@click.option("--search", "text", help=N_("only items whose title or text contains this"))
@click.option("--include-internal", is_flag=True, help=N_("add items disclosed internally only"))
@click.option(
    "--standard-file",
    type=click.Path(path_type=Path),
    help=N_("the office's standard catalogue entries (TOML) for --format standard"),
)
def catalogue_command(
    fmt: str, out_dir: Path, org: str | None, standard_file: Path | None, **filters: Any
) -> None:
    """公开目录 as CSV / JSON / XLSX, filtered like 'item list'; or the 基层政务公开标准目录."""
    from ..reports import Filters, catalogue_rows, export, load_standard, standard_xlsx
    from ..reports.output import write_files

    if fmt == "standard":
        env = get_env()  # the body's level picks the areas; no database needed without --org
        level = open_app(env).organization(org).level if org else None
        level = level or env.config.get("organization", {}).get("level")
        data = standard_xlsx(load_standard(standard_file, level))
        (path,) = write_files({"基层政务公开标准目录.xlsx": data}, out_dir)
        click.echo(str(path))
        return
    app = open_app(get_env())
    org_id = app.organization(org).id if org else None
    with app.store.engine.connect() as conn:
        rows = catalogue_rows(conn, Filters(org_id=org_id, **filters))
    name, data = export(rows, fmt)
    (path,) = write_files({name: data}, out_dir)
    click.echo(f"{path}\t" + _("{n} item(s)").format(n=len(rows)))


class _ArchiveGroup(click.Group):
    """``archive YEAR`` builds; ``archive verify DIR`` checks."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0].isdigit():
            return "build", self.commands["build"], args
        return super().resolve_command(ctx, args)


@click.group("archive", cls=_ArchiveGroup)
def archive_group() -> None:
    """归档: 'archive YEAR [--out DIR]' packages a year; 'archive verify DIR' checks one."""


@archive_group.command("build", hidden=True)
@click.argument("year", type=int)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help=N_("folder for the archive (default: archive-YEAR)"),
)
@click.option("--org", help=N_("only this body's (id, credit code or name)"))
def archive_build(year: int, out_dir: Path | None, org: str | None) -> None:
    from ..reports import build_archive

    app = open_app(get_env())
    org_id = app.organization(org).id if org else None
    summary = build_archive(app, year, out_dir or Path(f"archive-{year}"), org_id=org_id)
    counts = "，".join(f"{k} {v} 件" for k, v in summary.editions.items())
    click.echo(f"{summary.path}\t{counts}")
    for folder in summary.to_appraise:
        click.echo(f"保管期限已满，待鉴定 (not deleted): {folder}")


@archive_group.command("verify")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def archive_verify(folder: Path) -> None:
    """Check every file against manifest-sha256.txt; exit 1 on any difference."""
    from ..reports import verify_archive

    check = verify_archive(folder)
    for label, paths in (
        (_("modified"), check.modified),
        (_("missing"), check.missing),
        (_("extra"), check.extra),
    ):
        for p in paths:
            click.echo(f"{label}: {p}")
    if not check.ok:
        click.echo(
            _("archive NOT OK: {bad} of {n} file(s) differ, {extra} extra").format(
                bad=len(check.modified) + len(check.missing),
                n=check.checked,
                extra=len(check.extra),
            ),
            err=True,
        )
        sys.exit(1)
    click.echo(_("archive OK: {n} file(s) match the manifest").format(n=check.checked))


COMMANDS = [report_group, guide_command, catalogue_command, archive_group]
