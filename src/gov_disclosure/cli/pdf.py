"""``--pdf`` for the commands that write .docx documents: a PDF beside each one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from ..i18n import N_

pdf_option = click.option(
    "--pdf",
    "make_pdf",
    is_flag=True,
    help=N_("also write a PDF beside each .docx (LibreOffice, Simplified Chinese fonts)"),
)


def with_pdfs(paths: Iterable[Path], make_pdf: bool) -> list[Path]:
    """``paths`` followed by the PDFs made of their .docx files when ``make_pdf``."""
    paths = list(paths)
    if not make_pdf:
        return paths
    from ..documents.render import pdfs_beside  # LibreOffice glue: loaded only when asked

    return paths + pdfs_beside(paths)
