"""Path-safe names: pinyin slugs for 栏目/主题 names, attachment file names, contained paths."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from pypinyin import lazy_pinyin

from gov_disclosure import InvalidInputError
from gov_disclosure.channels import AttachmentView, safe_slug

_HEX64 = re.compile(r"[0-9a-f]{64}")
_BAD_FILE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


@lru_cache(maxsize=4096)
def name_slug(name: str) -> str:
    """``城乡建设、环境保护`` → ``chengxiangjianshe-huanjingbaohu`` (ASCII, path-safe)."""
    parts = ["".join(lazy_pinyin(word)) for word in re.split(r"[、，,；;\s/]+", name) if word]
    return safe_slug("-".join(parts).lower())


def unique_slugs(names: list[str]) -> dict[str, str]:
    """Slugs for ``names``, suffixed ``-2``, ``-3`` … in name order when pinyin collides."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        base = slug = name_slug(name)
        n = 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out[name] = slug
    return out


def safe_file_name(name: str) -> str:
    """The last path part of ``name`` without separators, control characters or leading dots."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    last = PurePosixPath(name).name
    last = _BAD_FILE_CHARS.sub("_", last).strip(" .")
    return last[:120] or "attachment"


def attachment_path(att: AttachmentView) -> str:
    """``files/<sha256[:2]>/<sha256>/<safe name>`` (relative, POSIX)."""
    if not _HEX64.fullmatch(att.sha256):
        raise InvalidInputError("attachments.sha256", "must be 64 lowercase hex digits", att.sha256)
    return f"files/{att.sha256[:2]}/{att.sha256}/{safe_file_name(att.name)}"


def url_path(relative: str) -> str:
    """Percent-encode a relative path for an ``href`` (keeps ``/``)."""
    return quote(relative, safe="/")


def contained(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would land outside ``root``.

    A lexical check (no file system calls): the builder never creates symbolic links.
    """
    norm = posixpath.normpath(relative.replace("\\", "/"))
    if norm.startswith("/") or norm == ".." or norm.startswith("../") or norm == ".":
        raise InvalidInputError("path", "must stay inside the output folder", relative)
    return root / norm


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


_TYPE_LABELS = {
    "application/pdf": "PDF",
    "application/msword": "DOC",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/zip": "ZIP",
    "text/plain": "TXT",
    "text/csv": "CSV",
    "image/png": "PNG",
    "image/jpeg": "JPG",
}


def type_label(media_type: str) -> str:
    """A short label for a media type (``PDF``, ``DOCX`` …)."""
    return _TYPE_LABELS.get(media_type, media_type.rsplit("/", 1)[-1].upper()[:8] or "FILE")
