"""PDFs from .docx files with LibreOffice, and poppler's tools to read them back.

``to_pdf`` is the one place the library runs LibreOffice: each call gets a private profile
(``-env:UserInstallation``), so conversions running at the same time never collide; a
timeout, so a hung ``soffice`` cannot hold a command for ever; and the project's fontconfig
file (``fontconfig/fonts.conf``), which maps the fonts a 公文 names (仿宋_GB2312, 方正小标宋简体,
黑体, 楷体_GB2312, 宋体) to the Simplified Chinese fonts Debian packages. The .docx keeps the
official names. Building documents never needs these tools.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from ..errors import GovDisclosureError
from ..files import SafeDir

DEFAULT_TIMEOUT = 180.0
_INSTALL_HINT = {
    "soffice": "未找到 LibreOffice（soffice），无法生成 PDF：请安装 libreoffice-writer",
    "pdfinfo": "未找到 pdfinfo：请安装 poppler-utils",
    "pdftotext": "未找到 pdftotext：请安装 poppler-utils",
    "pdftoppm": "未找到 pdftoppm：请安装 poppler-utils",
    "pdffonts": "未找到 pdffonts：请安装 poppler-utils",
}


class RenderError(GovDisclosureError):
    """A rendering tool is missing, failed or timed out (the message is for office staff)."""

    def __init__(self, tool: str, problem: str) -> None:
        self.tool = tool
        self.problem = problem
        super().__init__(f"{tool}: {problem}")


def fontconfig_file() -> Path:
    """The shipped fontconfig file (it includes the system's configuration)."""
    return Path(str(resources.files("gov_disclosure.documents") / "fontconfig" / "fonts.conf"))


def tool_env() -> dict[str, str]:
    """The environment for LibreOffice and poppler: the project's font mapping."""
    return {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file())}


def _run(tool: str, args: list[str], timeout: float = DEFAULT_TIMEOUT) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise RenderError(tool, _INSTALL_HINT.get(tool, f"未找到 {tool}"))
    try:
        proc = subprocess.run(
            [exe, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=tool_env(),
        )
    except subprocess.TimeoutExpired:
        raise RenderError(tool, f"{timeout:g} 秒内未完成，已中止") from None
    if proc.returncode != 0:
        detail = proc.stderr.strip()[-500:] or f"exit {proc.returncode}"
        raise RenderError(tool, f"运行失败：{detail}")
    return proc.stdout


def to_pdf(
    docx_path: Path,
    out_dir: Path | None = None,
    profile_dir: Path | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    root: Path | None = None,
    mode: int | None = None,
) -> Path:
    """Convert ``docx_path`` to ``<out_dir>/<stem>.pdf`` (default: beside the .docx).

    LibreOffice writes into a private temporary folder; the PDF is then copied into place
    through :class:`~gov_disclosure.files.SafeDir` rooted at ``root`` (default: ``out_dir``),
    like every other output: no link inside the tree is followed, and a failed or interrupted
    conversion leaves no half-written file (an older PDF of the same name is replaced).
    ``mode`` defaults to the .docx's own (a letter's PDF is as private as the letter).
    """
    docx_path = Path(docx_path)
    target_dir = Path(out_dir) if out_dir is not None else docx_path.parent
    root_dir = Path(root) if root is not None else target_dir
    if mode is None:
        mode = stat.S_IMODE(docx_path.stat().st_mode) if docx_path.exists() else None
    with tempfile.TemporaryDirectory(prefix="gov-disclosure-pdf-") as work:
        profile = (Path(profile_dir) if profile_dir else Path(work) / "profile").resolve()
        made_dir = Path(work) / "out"
        _run(
            "soffice",
            [
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(made_dir),
                str(docx_path.resolve()),
            ],
            timeout,
        )
        made = made_dir / (docx_path.stem + ".pdf")
        if not made.exists():
            raise RenderError("soffice", f"未能由 {docx_path.name} 生成 PDF")
        relative = (target_dir.absolute() / made.name).relative_to(root_dir.absolute())
        with SafeDir(root_dir, mode=mode) as folder:
            return folder.copy_in(made, relative)


def pdfs_beside(paths: Iterable[Path], *, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """A PDF beside each .docx of ``paths`` (other files are skipped). If one conversion
    fails, the PDFs this call made are removed and the error is raised."""
    made: list[Path] = []
    try:
        for path in paths:
            if Path(path).suffix.lower() == ".docx":
                made.append(to_pdf(Path(path), timeout=timeout))
    except BaseException:
        for pdf in made:
            pdf.unlink(missing_ok=True)
        raise
    return made


def page_count(pdf: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", [str(pdf)]), re.MULTILINE)
    if not match:
        raise RenderError("pdfinfo", f"{pdf.name} 没有页数信息")
    return int(match[1])


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The text in reading order (``pdftotext -layout``), of pages ``first``..``last``."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return _run("pdftotext", ["-layout", *pages, str(pdf), "-"])


def pdf_fonts(pdf: Path) -> list[str]:
    """The names of the fonts embedded in ``pdf`` (``pdffonts``), subset prefixes removed."""
    lines = _run("pdffonts", [str(pdf)]).splitlines()[2:]
    names = [line.split()[0] for line in lines if line.strip()]
    return sorted({name.split("+", 1)[-1] for name in names})


def to_png(pdf: Path, prefix: Path, *, first: int = 1, last: int = 2, dpi: int = 60) -> list[Path]:
    """PNG images of pages ``first``..``last`` (``prefix-1.png`` …)."""
    prefix.parent.mkdir(parents=True, exist_ok=True)
    _run(
        "pdftoppm",
        ["-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
    )
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))
