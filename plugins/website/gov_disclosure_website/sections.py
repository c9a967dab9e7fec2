"""Pages of a county platform's bodies (公开主体) and of the bulletin's PDFs (政府公报)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .manifest import digest
from .naming import human_size, url_path
from .page import Page
from .pdfs import PdfFile
from .settings import WebsiteSettings
from .sitemodel import ALL, LEVEL_LABELS, Body, ListingKey, SiteModel, listing_line

BODY_PAGES = ("index.html", "guide.html", "reports.html", "apply.html")
REPORT_COLUMN = "年度报告"


class SectionPages:
    """Mixed into :class:`~gov_disclosure_website.pages.PageFactory`."""

    model: SiteModel
    settings: WebsiteSettings
    org: dict[str, Any]
    fp: str
    issues: list[tuple[str, PdfFile]]

    def _html(self, template: str, path: str, **context: Any) -> str:
        raise NotImplementedError

    def bulletins(self) -> Page:
        """政府公报: every issue the bulletin channel made a PDF of, newest first."""
        path = "bulletins.html"
        rows = [
            (period, url_path(pdf.site_path()), human_size(pdf.size)) for period, pdf in self.issues
        ]
        return Page(
            path,
            digest(self.fp, "bulletins", repr(rows)),
            lambda: self._html("bulletins.html", path, issues=rows),
        )

    # -- bodies of a county platform --------------------------------------------------------
    def _grouped(self, bodies: list[Body]) -> list[tuple[str, list[Body]]]:
        groups: dict[str, list[Body]] = {}
        for b in bodies:
            groups.setdefault(LEVEL_LABELS.get(b.level, b.level), []).append(b)
        return list(groups.items())

    def body_list(self) -> Page:
        path = "bodies/index.html"
        bodies = self.model.bodies()
        counts = [len(self.model.listing(ListingKey(ALL, "", b.code))) for b in bodies]
        return Page(
            path,
            digest(self.fp, "bodies", repr(bodies), repr(counts)),
            lambda: self._html(
                "bodies.html",
                path,
                groups=self._grouped(bodies),
                count=lambda b: len(self.model.listing(ListingKey(ALL, "", b.code))),
            ),
        )

    def body_pages(self, code: str) -> list[Page]:
        """A body's home, 公开指南, 年度报告 and 依申请公开 pages under ``bodies/<code>/``."""
        body = self.model.body(code)
        assert body is not None
        facts = self.body_facts(code)
        own = self.model.listing(ListingKey(ALL, "", code))
        newest = self.model.newest(self.settings.home_items, own)
        reports = self.model.listing(ListingKey("column", REPORT_COLUMN, code))[::-1]
        columns = self.model.counts("column", code)
        data = {"body": body, "facts": facts}
        pages = []
        for name, template, shown in (
            ("index.html", "body_home.html", {"newest": newest, "columns": columns}),
            ("guide.html", "guide.html", {"org": facts}),
            ("reports.html", "body_reports.html", {"reports": reports}),
            ("apply.html", "body_apply.html", {}),
        ):
            path = f"bodies/{code}/{name}"
            seen = "".join(listing_line(e) for e in [*newest, *reports]) if shown else ""
            pages.append(
                Page(
                    path,
                    digest(self.fp, "body", path, repr(data), repr(columns), seen),
                    self._body_render(template, path, {**data, **shown}),
                )
            )
        return pages

    def _body_render(self, template: str, path: str, context: dict[str, Any]) -> Callable[[], str]:
        return lambda: self._html(template, path, **context)

    def body_facts(self, code: str) -> dict[str, Any]:
        """The body's 公开指南 facts: the configured ones; the organization's for its own body."""
        body = self.model.body(code)
        configured = self.settings.bodies.get(code)
        if configured is not None:
            facts = configured.model_dump(exclude_none=True)
        elif self.org.get("credit_code") == code or self.org.get("name") == (body and body.name):
            facts = {k: v for k, v in self.org.items() if v is not None}
        else:
            facts = {}
        return {**facts, "name": body.name if body else code}
