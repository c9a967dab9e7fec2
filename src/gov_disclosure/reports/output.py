"""Writing outputs: everything is rendered in memory first, then each file is written to a
temporary name and renamed into place, so a failure leaves no half-written file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..errors import InvalidInputError
from ..files import SafeDir
from .annual import AnnualReport

REPORT_FORMATS = ("docx", "html", "json")


def write_files(
    files: Mapping[str, bytes], out_dir: Path, *, mode: int | None = None
) -> list[Path]:
    """Write ``name → bytes`` into ``out_dir`` atomically, one file at a time, refusing
    links inside it (``mode``: ``files.PRIVATE`` for personal data, else public)."""
    with SafeDir(out_dir, mode=mode) as folder:
        return [folder.write(name, data) for name, data in files.items()]


def parse_formats(text: str | Iterable[str], allowed: tuple[str, ...]) -> list[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    formats = [t.strip().lower() for t in items if t.strip()]
    bad = [t for t in formats if t not in allowed]
    if bad or not formats:
        raise InvalidInputError("format", f"a comma-separated list of {list(allowed)}", text)
    return formats


def render_report(report: AnnualReport, formats: Iterable[str]) -> dict[str, bytes]:
    """``{file name: bytes}`` for the requested formats (docx, html, json)."""
    from .render_docx import render_docx
    from .render_html import render_html
    from .render_json import render_json

    return render_formats(
        f"{report.year}年政府信息公开工作年度报告",
        {
            "docx": lambda: render_docx(report),
            "html": lambda: render_html(report).encode(),
            "json": lambda: render_json(report).encode(),
        },
        formats,
    )


def render_formats(
    stem: str, renderers: Mapping[str, Callable[[], bytes]], formats: Iterable[str]
) -> dict[str, bytes]:
    """``{stem.format: bytes}``, each requested format rendered by its renderer."""
    return {
        f"{stem}.{fmt}": renderers[fmt]() for fmt in parse_formats(list(formats), REPORT_FORMATS)
    }


def write_report(
    report: AnnualReport, out_dir: Path, formats: Iterable[str] = REPORT_FORMATS
) -> list[Path]:
    """Render every format, then write them (a rendering error writes nothing)."""
    return write_files(render_report(report, formats), out_dir)
