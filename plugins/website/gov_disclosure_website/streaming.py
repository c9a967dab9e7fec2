"""A full build's view of the catalogue: streamed in batches, never held whole.

The first pass makes the site model from a small summary of every item the website shows and
notes the attachments not yet in the output folder; the builder's pass then gets the whole
editions batch by batch for item pages and the search index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from gov_disclosure.channels import AttachmentView, ChannelContext, PublishedEdition
from gov_disclosure.files import SafeDir

from .listed import Summarizer
from .naming import attachment_path
from .sitemodel import SiteModel

BATCH_SIZE = 2_000
"""Editions read from the store at a time."""


class StreamedCatalogue:
    """The editions of ``context``'s catalogue that ``keep`` accepts, ``size`` at a time."""

    def __init__(
        self, context: ChannelContext, keep: Callable[[PublishedEdition], bool], size: int
    ) -> None:
        self.context = context
        self.keep = keep
        self.size = size
        self.attachments: list[AttachmentView] = []
        """Files the shown items attach that the output folder lacks (after :meth:`model`)."""

    def batches(self) -> Iterator[list[PublishedEdition]]:
        """The shown editions in catalogue order, a batch at a time (from the start again
        on every call)."""
        for batch in self.context.catalogue_batches(self.size):
            yield [e for e in batch if self.keep(e)]

    def model(self, order: dict[str, list[str]], body_html: bool, out_dir: Path) -> SiteModel:
        """The site model of summaries; notes the attachments to copy in."""
        summarize = Summarizer(body_html)
        listed = []
        seen: set[str] = set()
        self.attachments = []
        with SafeDir(out_dir) as files:
            for batch in self.batches():
                for e in batch:
                    listed.append(summarize(e))
                    for att in e.attachments:
                        rel = attachment_path(att)
                        if rel not in seen:
                            seen.add(rel)
                            if not files.is_file(rel):
                                self.attachments.append(att)
        return SiteModel(listed, order=order)
