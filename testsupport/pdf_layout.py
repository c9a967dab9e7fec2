"""Positions of the text lines of a PDF, in millimetres, from ``pdftotext -bbox-layout``."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from gov_disclosure.documents.render import tool_env

PT_TO_MM = 25.4 / 72
_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Line:
    """One printed line: its page (1-based), text and box in mm from the page's top left."""

    page: int
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def pdf_lines(pdf: Path) -> list[Line]:
    """Every text line of ``pdf``, page by page, top to bottom."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        check=True,
        env=tool_env(),
    ).stdout
    root = etree.fromstring(xhtml, etree.XMLParser(recover=True))
    lines = []
    for number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        for line in page.iter(f"{_NS}line"):
            words = [w.text or "" for w in line.iter(f"{_NS}word")]
            box = [float(line.get(k)) * PT_TO_MM for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(number, "".join(words), *box))
    lines.sort(key=lambda ln: (ln.page, round(ln.top, 1), ln.left))
    return lines
