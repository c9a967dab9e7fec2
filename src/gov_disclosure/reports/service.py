"""The reports service: the annual report (年度报告), its publication and the year's archive.

The report functions take an *office*: anything with the kernel's ``store``, ``config``,
``blobs`` and ``today()`` and the items service's ``default_org_id()``, ``organization()``,
``organizations()`` and ``create_item()``. This service is that office, built from the kernel
and the items service.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..config import Config
from ..items.service import ItemsService
from ..kernel import Kernel
from ..models import DisclosureItem, EditionDraft, Organization
from ..store.blobs import BlobStore
from ..store.engine import Store
from . import national_format as nf
from .annual import AnnualReport, build_report
from .archive import ArchiveSummary, build_archive
from .publish import publish_report_item
from .rollup import CountyReport, build_rollup
from .supplement import Supplement


class ReportsService:
    """Build, publish and archive; the office the report functions read from."""

    def __init__(self, kernel: Kernel, items: ItemsService) -> None:
        self.kernel = kernel
        self.items = items

    # --- the office the report functions use ------------------------------------------

    @property
    def store(self) -> Store:
        return self.kernel.store

    @property
    def config(self) -> Config:
        return self.kernel.config

    @property
    def blobs(self) -> BlobStore:
        return self.kernel.blobs

    def today(self) -> date:
        return self.kernel.today()

    def anchor_audit(self) -> Any:
        return self.kernel.anchor_audit()

    def default_org_id(self) -> int:
        return self.items.default_org_id()

    def organization(self, key: int | str) -> Organization:
        return self.items.organization(key)

    def organizations(self) -> list[Organization]:
        return self.items.organizations()

    def create_item(
        self, draft: EditionDraft, author: str, org_id: int | None = None
    ) -> DisclosureItem:
        return self.items.create_item(draft, author, org_id)

    # --- the reports ------------------------------------------------------------------

    def annual(
        self,
        year: int,
        supplement: Supplement,
        *,
        previous: dict[nf.RowKey, list[int]] | None = None,
        org_id: int | None = None,
    ) -> AnnualReport:
        """The checked annual report of ``year`` (:func:`.annual.build_report`)."""
        return build_report(self, year, supplement, previous=previous, org_id=org_id)

    def rollup(
        self,
        year: int,
        supplement: Supplement,
        *,
        org_id: int | None = None,
        supplements: Mapping[int, Supplement] | None = None,
        previous: Mapping[str, list[int]] | None = None,
        previous_total: list[int] | None = None,
    ) -> CountyReport:
        """The checked county roll-up of ``year`` (:func:`.rollup.build_rollup`)."""
        return build_rollup(
            self,
            year,
            supplement,
            org_id=org_id,
            supplements=supplements,
            previous=previous,
            previous_total=previous_total,
        )

    def publish(
        self,
        year: int,
        html: str,
        author: str,
        *,
        files: Sequence[Path] = (),
        org_id: int | None = None,
    ) -> DisclosureItem:
        """A draft item carrying the report (:func:`.publish.publish_report_item`)."""
        return publish_report_item(self, year, html, author, files=files, org_id=org_id)

    def archive(self, year: int, out: Path, *, org_id: int | None = None) -> ArchiveSummary:
        """The year's archive package (:func:`.archive.build_archive`)."""
        return build_archive(self, year, out, org_id=org_id)
