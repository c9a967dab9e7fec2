"""The bulletin's PDFs (``pdf = true`` on the bulletin channel), published on the website.

The bulletin channel writes ``notices/<slug>.pdf`` beside each 公示/公告 sheet and
``bulletin-<period>.pdf`` beside each issue. The website copies them into ``files/`` by content
hash, like attachments, and links them: 下载PDF on the item page, and the 政府公报 page.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

_ISSUE = re.compile(r"bulletin-(\d{4}-(?:\d{2}|Q[1-4]))\.pdf")


@dataclass(frozen=True)
class PdfFile:
    """One PDF: where it is, its hash and where the site keeps it."""

    source: Path
    sha256: str
    size: int

    def site_path(self) -> str:
        return f"files/{self.sha256[:2]}/{self.sha256}/{self.source.name}"


class BulletinPdfs:
    """Finds the bulletin's PDFs; hashes a file again only when its size or mtime changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._known: dict[Path, tuple[tuple[int, int], str]] = {}

    def _file(self, path: Path) -> PdfFile | None:
        try:
            st = path.stat()
        except OSError:
            return None
        stamp = (st.st_size, st.st_mtime_ns)
        known = self._known.get(path)
        if known is None or known[0] != stamp:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            known = self._known[path] = (stamp, digest)
        return PdfFile(path, known[1], st.st_size)

    def notices(self) -> dict[str, PdfFile]:
        """Item slug → the PDF of its 公示/公告 sheet."""
        folder = self.folder / "notices"
        if not folder.is_dir():
            return {}
        out = {}
        for path in sorted(folder.glob("*.pdf")):
            if path.is_file() and not path.is_symlink() and (found := self._file(path)):
                out[path.stem] = found
        return out

    def issues(self) -> list[tuple[str, PdfFile]]:
        """(period, PDF) of every issue, newest first."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in self.folder.glob("bulletin-*.pdf"):
            match = _ISSUE.fullmatch(path.name)
            if match and path.is_file() and not path.is_symlink() and (found := self._file(path)):
                out.append((match.group(1), found))
        return sorted(out, key=lambda pair: pair[0], reverse=True)
