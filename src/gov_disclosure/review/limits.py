"""Limits on the files screening and masking open: size, zip bombs, encrypted Office files."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InvalidInputError

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest attachment screening reads (and, for zip-based files, the most they unpack to)."""
MAX_ZIP_RATIO = 200
"""A zip-based file unpacking to more than this many times its size is refused (a zip bomb)."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SUFFIXES = frozenset({".xlsx", ".xlsm", ".docx"})


class UnreadableDocumentError(InvalidInputError):
    """A file cannot be read: corrupt, password-protected, too large, or of a format screening
    does not read. ``field`` is the file's name."""


def check_size(path: Path, name: str) -> None:
    """Refuse a file over :data:`MAX_FILE_BYTES`, and a zip-based one that unpacks past it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocumentError(name, f"文件无法读取 (cannot read: {exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise UnreadableDocumentError(name, _too_big(size))
    if Path(name).suffix.lower() in ZIP_SUFFIXES:
        check_zip(path, name, size)


def check_zip(path: Path, name: str, size: int) -> None:
    """An Office Open XML file: a zip, not encrypted (an encrypted one is an OLE file), not a
    zip bomb."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        raise UnreadableDocumentError(
            name, "文件受密码保护（已加密），请提供未加密的文件 (password-protected)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        raise UnreadableDocumentError(
            name, "文件已损坏，无法打开 (not a valid zip package)"
        ) from None
    if unpacked > MAX_FILE_BYTES or unpacked > MAX_ZIP_RATIO * max(size, 1):
        raise UnreadableDocumentError(
            name,
            f"解压后 {unpacked // 2**20} MB，超过上限 {MAX_FILE_BYTES // 2**20} MB 或压缩比异常，"
            f"可能是压缩炸弹 (unpacks to {unpacked} bytes: too large or a zip bomb)",
        )


def _too_big(size: int) -> str:
    return (
        f"文件 {size // 2**20} MB，超过自动审查上限 {MAX_FILE_BYTES // 2**20} MB，"
        f"请拆分后上传 (over the {MAX_FILE_BYTES // 2**20} MB screening limit)"
    )
