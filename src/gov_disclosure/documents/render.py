"""Render .docx files with LibreOffice and poppler: PDF, page count, text and PNG previews.

Optional tools (``soffice``, ``pdfinfo``, ``pdftotext``, ``pdftoppm``): used by the tests,
the benchmarks and the docs' page images, never when documents are built.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import GovDisclosureError


class RenderError(GovDisclosureError):
    """A rendering tool is missing or failed."""

    def __init__(self, tool: str, problem: str) -> None:
        self.tool = tool
        self.problem = problem
        super().__init__(f"{tool}: {problem}")


def _run(tool: str, args: list[str], timeout: float = 180) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise RenderError(tool, "not installed (Debian: libreoffice-writer, poppler-utils)")
    proc = subprocess.run(
        [exe, *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise RenderError(tool, proc.stderr.strip()[-500:] or f"exit {proc.returncode}")
    return proc.stdout


def to_pdf(docx_path: Path, out_dir: Path, profile_dir: Path | None = None) -> Path:
    """Convert with ``soffice --headless``; a private profile keeps parallel runs apart."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as tmp:
        profile = (profile_dir or Path(tmp)).resolve()
        _run(
            "soffice",
            [
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(docx_path),
            ],
        )
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RenderError("soffice", f"no PDF made from {docx_path.name}")
    return pdf


def page_count(pdf: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", [str(pdf)]), re.MULTILINE)
    if not match:
        raise RenderError("pdfinfo", f"no page count for {pdf.name}")
    return int(match[1])


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The text in reading order (``pdftotext -layout``), of pages ``first``..``last``."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return _run("pdftotext", ["-layout", *pages, str(pdf), "-"])


def to_png(pdf: Path, prefix: Path, *, first: int = 1, last: int = 2, dpi: int = 60) -> list[Path]:
    """PNG images of pages ``first``..``last`` (``prefix-1.png`` …)."""
    prefix.parent.mkdir(parents=True, exist_ok=True)
    _run(
        "pdftoppm",
        ["-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
    )
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))
