"""Reading every attachment a county office publishes, for screening.

One entry point, :func:`read_attachment`, picks the reader by the file's (display) name:

- ``.xlsx``/``.xlsm``: every cell of every sheet, hidden sheets too, plus cell comments and
  page headers/footers (:mod:`.spreadsheets`); ``.xls`` through xlrd; ``.csv`` as text;
- ``.docx``: body, tables, headers, footers, comments, footnotes (python-docx + the parts it
  does not read);
- ``.pdf`` with a text layer (pypdf); a page that is only an image (a scan) raises
  :class:`ManualReviewNeeded`;
- ``.txt``, ``.md``, ``.html``/``.htm``: decoded text; markup stays in, the personal-data rule
  sees through tags between digits.

Any other format raises :class:`ManualReviewNeeded` (screening turns it into a blocking
finding a person resolves). A corrupt, password-protected or oversized file raises
:class:`~.textio.UnreadableDocumentError` naming the file: nothing is screened from half a file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import EncodingError
from .limits import ManualReviewNeeded, check_size
from .textio import read_docx, read_text

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".csv", ".html", ".htm"})


def read_attachment(path: str | Path, name: str | None = None) -> str:
    """The text to screen of the attachment stored at ``path``; ``name`` (its display name,
    e.g. ``低保名单.xlsx``) picks the format and names it in errors."""
    path = Path(path)
    name = name or path.name
    suffix = Path(name).suffix.lower()
    reader = _READERS.get(suffix)
    if not suffix:  # README, .htaccess: read as text when it decodes as text
        check_size(path, name)
        try:
            return read_text(path, name)
        except EncodingError:
            pass
    if reader is None:
        raise ManualReviewNeeded(
            name,
            f"无法自动审查 {suffix or '无扩展名'} 文件，需人工审查"
            f" (cannot screen {suffix or 'extensionless'} files automatically)",
        )
    check_size(path, name)
    return reader(path, name)


def _read_text(path: Path, name: str) -> str:
    return read_text(path, name)


def _read_docx(path: Path, name: str) -> str:
    return read_docx(path, name)


def _read_xlsx(path: Path, name: str) -> str:
    from .spreadsheets import read_xlsx

    return read_xlsx(path, name)


def _read_xls(path: Path, name: str) -> str:
    from .spreadsheets import read_xls

    return read_xls(path, name)


def _read_pdf(path: Path, name: str) -> str:
    from .pdf import read_pdf

    return read_pdf(path, name)


_READERS: dict[str, Callable[[Path, str], str]] = {
    **dict.fromkeys(TEXT_SUFFIXES, _read_text),
    ".docx": _read_docx,
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
    ".xls": _read_xls,
    ".pdf": _read_pdf,
}
SUPPORTED_SUFFIXES = frozenset(_READERS)


def extract_text(path: str | Path, suffix: str | None = None) -> str:
    """The text to screen of a file in any format :mod:`.readers` reads.

    ``suffix`` overrides the file's own suffix, for stored files named by their hash. Files
    with no suffix are read as text.
    """
    path = Path(path)
    suffix = (suffix or path.suffix or ".txt").lower()
    return read_attachment(path, f"{path.stem}{suffix}" if suffix != path.suffix else path.name)
