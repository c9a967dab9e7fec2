"""The masked copy of an ``.xls`` (Excel 97-2003) workbook, back in ``.xls``.

Nothing maintained in Python writes ``.xls``: the cells are masked into an ``.xlsx``
(:mod:`.masked_copy`), which LibreOffice (``soffice``), when installed, converts back to
``.xls``: headless, with a private profile (``-env:UserInstallation``) so conversions running
at the same time never collide, and a timeout. The ``.xls`` made is read back and refused if
any personal datum is still in it. Without LibreOffice the masked copy stays an ``.xlsx``
(:func:`masked_suffix` says which), and the caller says so.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Collection
from pathlib import Path

from ..errors import GovDisclosureError

CONVERT_TIMEOUT = 120.0
"""Seconds LibreOffice may take to convert one workbook before it is stopped."""
XLSX_FALLBACK_NOTE = (
    "未找到 LibreOffice（soffice），.xls 的遮盖副本保存为 .xlsx 格式 "
    "(LibreOffice not found: the masked copy of an .xls is an .xlsx)"
)


class XlsConversionError(GovDisclosureError):
    """LibreOffice could not turn a masked workbook back into ``.xls`` (the message names the
    file, in Chinese, for office staff)."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


def soffice() -> str | None:
    """The LibreOffice executable on ``PATH``, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def masked_suffix() -> str:
    """The suffix of an ``.xls``'s masked copy: ``.xls`` with LibreOffice, else ``.xlsx``."""
    return ".xls" if soffice() else ".xlsx"


def xlsx_to_xls(
    xlsx: Path,
    target: Path,
    name: str,
    keep: Collection[str] = (),
    *,
    timeout: float = CONVERT_TIMEOUT,
) -> None:
    """Convert the masked ``xlsx`` into ``target`` (an ``.xls``) with LibreOffice, then check
    the ``.xls`` holds no personal datum. ``name`` is the original's display name."""
    exe = soffice()
    if exe is None:
        raise XlsConversionError(name, "未找到 LibreOffice（soffice），无法生成 .xls 遮盖副本")
    with tempfile.TemporaryDirectory(prefix="gov-disclosure-xls-") as work:
        source = Path(work) / "masked.xlsx"
        shutil.copyfile(xlsx, source)
        profile = (Path(work) / "profile").resolve()
        out_dir = Path(work) / "out"
        args = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
        args += ["--convert-to", "xls:MS Excel 97", "--outdir", str(out_dir), str(source)]
        returncode, stderr = _run(args, name, timeout)
        made = out_dir / "masked.xls"
        if returncode != 0 or not made.is_file():
            detail = stderr.strip()[-300:] or f"exit {returncode}"
            raise XlsConversionError(
                name, f"LibreOffice 未能生成 .xls 遮盖副本 (conversion failed: {detail})"
            )
        _check_masked(made, name, keep)
        shutil.copyfile(made, target)


def _run(args: list[str], name: str, timeout: float) -> tuple[int, str]:
    """Run LibreOffice in a session of its own, so a timeout stops it and its children."""
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise XlsConversionError(
            name, f"LibreOffice 转换 .xls 遮盖副本超过 {timeout:g} 秒，已中止 (timed out)"
        ) from None
    return proc.returncode, err


def _check_masked(xls: Path, name: str, keep: Collection[str]) -> None:
    """Refuse the converted ``.xls`` if a cell still holds a personal datum (each cell read
    as masking read it: a whole number without its ``.0``)."""
    import xlrd

    from .personal_data import find_personal_data

    try:
        book = xlrd.open_workbook(str(xls))
    except xlrd.XLRDError as exc:
        raise XlsConversionError(name, f"生成的 .xls 遮盖副本无法读取 ({exc})") from None
    left = 0
    for sheet in book.sheets():
        for r in range(sheet.nrows):
            for value in sheet.row_values(r):
                if isinstance(value, float) and value.is_integer():
                    value = str(int(value))
                left += len(find_personal_data(str(value), keep)) if value != "" else 0
    if left:
        raise XlsConversionError(
            name,
            f"转换后的 .xls 遮盖副本中仍有 {left} 处个人信息，未保存 "
            "(personal data left after conversion: not saved)",
        )
