"""Reading a PDF's text layer for screening (pypdf).

A page with no text but an image on it is a scan: screening cannot read it, so the whole file
needs a person (:class:`~.readers.ManualReviewNeeded`, naming the pages). A password-protected
PDF that does not open with the empty password is refused.
"""

from __future__ import annotations

from pathlib import Path

from .limits import ManualReviewNeeded, UnreadableDocumentError

_MIN_PAGE_CHARS = 10  # fewer visible characters than this on a page with an image: a scan


def read_pdf(path: str | Path, name: str | None = None) -> str:
    """The text of every page, a page after the other."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    path = Path(path)
    name = name or path.name
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocumentError(
                name, "PDF 受密码保护，请提供未加密的文件 (password-protected PDF)"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        scanned = [
            i + 1
            for i, (page, text) in enumerate(zip(reader.pages, pages, strict=True))
            if len("".join(text.split())) < _MIN_PAGE_CHARS and _has_image(page)
        ]
    except UnreadableDocumentError:
        raise
    except DependencyError as exc:  # an encryption pypdf needs an extra package for
        raise UnreadableDocumentError(
            name, f"PDF 已加密，无法读取，请提供未加密的文件 (encrypted PDF: {exc})"
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        raise UnreadableDocumentError(name, f"PDF 已损坏，无法读取 (corrupt PDF: {exc})") from None
    if scanned:
        shown = "、".join(str(p) for p in scanned[:10]) + ("等" if len(scanned) > 10 else "")
        raise ManualReviewNeeded(
            name,
            f"第 {shown} 页是扫描图像、没有文字层，无法自动审查，需人工审查"
            f" (pages without a text layer: a scan)",
        )
    return "\n".join(pages)


def _has_image(page: object) -> bool:
    resources = page.get("/Resources")  # type: ignore[attr-defined]
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject") if hasattr(resources, "get") else None
    return bool(xobjects)
