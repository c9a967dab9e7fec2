"""``WebsiteChannel``: the 政府信息公开 section of the government website (第一平台)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from gov_disclosure import ChannelError
from gov_disclosure.channels import (
    Action,
    Channel,
    ChannelContext,
    PublishedEdition,
    Receipt,
    safe_slug,
)
from gov_disclosure.files import locked
from gov_disclosure.models import Audience, DisclosureMode

from .builder import Builder, BuildReport
from .footer import footer_warnings
from .manifest import Manifest
from .pages import PageFactory, item_path
from .pdfs import BulletinPdfs
from .remote import RemoteTransport
from .render import Renderer, settings_fingerprint
from .search_index import LAYOUT
from .settings import WebsiteSettings
from .sitemodel import SiteModel
from .streaming import BATCH_SIZE, StreamedCatalogue

log = logging.getLogger(__name__)


class WebsiteChannel(Channel):
    """Writes a static site to ``out_dir`` (and optionally pushes items to a remote CMS).

    The object keeps the site model (every listing, sorted) and the manifest between
    deliveries, so one delivery costs what the item changes, not what the catalogue holds.
    The model follows ``context.catalogue()`` item by item; the manifest is read again when
    another process wrote it, and both are dropped when a build fails.
    """

    name: ClassVar[str] = "website"
    Settings: ClassVar[type[WebsiteSettings]] = WebsiteSettings
    description: ClassVar[str] = "政府网站政府信息公开专栏（静态站点，可同步推送到网站群/CMS）"

    def __init__(self, settings: WebsiteSettings, context: ChannelContext) -> None:
        super().__init__(settings, context)
        self.settings: WebsiteSettings = settings
        self.out_dir: Path = settings.out_dir or context.data_dir / "website"
        site_url = context.site.get("base_url")
        if site_url and not str(site_url).endswith("/"):
            site_url = f"{site_url}/"
        self.base_url: str = settings.base_url or site_url or self.out_dir.resolve().as_uri() + "/"
        self.renderer = Renderer(
            settings.templates_dir,
            settings_fingerprint(settings, context.organization, self.base_url),
        )
        self.remote = RemoteTransport(settings.remote, self.name) if settings.remote else None
        self.last_report: BuildReport | None = None
        """What the last local build wrote and removed."""
        self.search_layout = LAYOUT
        self.warnings: list[str] = footer_warnings(settings)
        """What the office should fix in the settings (missing footer fields); every build
        report repeats them."""
        for line in self.warnings:
            log.warning("website: %s", line)
        self.pdfs = BulletinPdfs(settings.bulletin_dir or context.data_dir / "bulletin")
        self._pdf_seen: dict[str, str] | None = None  # slug → sha256 the last build linked
        self._site: SiteModel | None = None
        self.batch_size = BATCH_SIZE
        """Editions a full build reads at a time."""
        self._manifest: Manifest | None = None

    # -- public API -------------------------------------------------------------------------
    def url_for(self, edition: PublishedEdition) -> str:
        """The canonical URL of an item page: ``{base_url}items/{slug}.html``."""
        return self.base_url + item_path(edition.slug)

    def rebuild(self) -> BuildReport:
        """Build the whole site from the catalogue, rewriting only pages whose inputs changed.

        The catalogue is streamed in batches (``context.catalogue_batches``) twice: once for
        the site model, which keeps a small summary per item, and once for the item pages and
        the search index; so memory stays flat with the catalogue's size.
        """
        with self._locked():
            self._site = None  # deliveries after this build the whole model again
            stream = StreamedCatalogue(self.context, self._shows, self.batch_size)
            model = stream.model(self._order(), self.settings.body_html, self.out_dir)
            model.set_withdrawn(dict(self.context.withdrawn()))
            self.last_report = self._build(model, None, stream)
        return self.last_report

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time: deliveries to the website may run in several worker
        processes, and listing pages are shared between items."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with locked(self.out_dir.parent / f".{self.out_dir.name}.lock"):
            yield

    def publish(self, edition: PublishedEdition) -> Receipt:
        return self._apply(edition, Action.PUBLISH)

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        return self._apply(edition, Action.UPDATE)

    def expire(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        return self._apply(edition, Action.EXPIRE)

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return self._apply(edition, Action.WITHDRAW, reason)

    def close(self) -> None:
        if self.remote is not None:
            self.remote.close()

    # -- internals --------------------------------------------------------------------------
    def _apply(self, edition: PublishedEdition, action: Action, reason: str = "") -> Receipt:
        if action is not Action.WITHDRAW and not self.accepts(edition):
            raise ChannelError(
                self.name,
                f"{edition.index_no}: only 主动公开, 社会公开 items go on the website",
                retryable=False,
            )
        details: dict[str, Any] = {}
        with self._locked():
            model = self._model(edition, reason if action is Action.WITHDRAW else None)
            if self.settings.local:
                report = self._build(model, edition.index_no)
                self.last_report = report
                details.update(written=len(report.written), removed=len(report.removed))
        if self.remote is not None:
            details["remote"] = self._push(model, edition, action, reason)
        return Receipt(
            channel=self.name, action=action, location=self.url_for(edition), details=details
        )

    def _shows(self, e: PublishedEdition) -> bool:
        return e.mode is DisclosureMode.PROACTIVE and (
            e.audience is Audience.PUBLIC or not self.public
        )

    def _model(
        self, edition: PublishedEdition | None = None, withdrawn_reason: str | None = None
    ) -> SiteModel:
        """The live catalogue as this channel shows it, with ``edition`` taking its place."""
        catalogue = self.context.catalogue()
        if not isinstance(catalogue, list):
            catalogue = list(catalogue)
        withdrawn = dict(self.context.withdrawn())
        try:
            if self._site is None:
                self._site = SiteModel.from_catalogue(catalogue, self._shows, self._order())
            else:
                self._site.sync(catalogue, self._shows)
            if edition is not None:
                if withdrawn_reason is None:
                    self._site.override(edition.index_no, edition)
                    withdrawn.pop(edition.index_no, None)
                else:
                    self._site.override(edition.index_no, None)
                    withdrawn[edition.index_no] = withdrawn_reason or "（未说明）"
        except BaseException:
            self._site = None
            raise
        self._site.set_withdrawn(withdrawn)
        return self._site

    def _order(self) -> dict[str, list[str]]:
        """The configured taxonomy order of 主题分类 and 栏目."""
        taxonomy = self.context.taxonomy
        return {"topic": taxonomy.get("topics", []), "column": taxonomy.get("columns", [])}

    def _build(
        self, model: SiteModel, changed: str | None, stream: StreamedCatalogue | None = None
    ) -> BuildReport:
        """A full build (``changed`` None, no usable manifest, or new templates or settings),
        else an incremental one for the item ``changed``."""
        if self._manifest is None or not self._manifest.unchanged_on_disk():
            self._manifest = Manifest(self.out_dir)
        manifest = self._manifest
        factory = self._factory(model)
        builder = Builder(
            self.out_dir, factory, manifest, self.settings.body_html, self.search_layout
        )
        try:
            if changed is None or not manifest.complete or manifest.fingerprint != factory.fp:
                _remove_stale_temporaries(self.out_dir)
                report = (
                    builder.full(stream.batches, stream.attachments)
                    if stream is not None
                    else builder.full()
                )
            else:
                report = builder.incremental({changed} | self._pdf_changes(model, factory))
            self._pdf_seen = {slug: pdf.sha256 for slug, pdf in factory.pdfs.items()}
            report.warnings = list(self.warnings)
            return report
        except BaseException:
            self._manifest = None  # read it again: the journal knows what was cut short
            raise
        finally:
            builder.files.close()

    def _pdf_changes(self, model: SiteModel, factory: PageFactory) -> set[str]:
        """索引号 of items whose bulletin PDF came, went or changed since the last build (the
        bulletin may deliver after the website); a new process looks at every PDF."""
        now = {slug: pdf.sha256 for slug, pdf in factory.pdfs.items()}
        seen = self._pdf_seen or {}
        slugs = {s for s in now.keys() | seen.keys() if now.get(s) != seen.get(s)}
        if not slugs:
            return set()
        return {i for i in model.by_index if safe_slug(i) in slugs}

    def _factory(self, model: SiteModel) -> PageFactory:
        return PageFactory(
            model,
            self.renderer,
            self.settings,
            self.context.organization,
            self.base_url,
            self.pdfs.notices(),
            self.pdfs.issues(),
        )

    def _push(
        self, model: SiteModel, edition: PublishedEdition, action: Action, reason: str
    ) -> dict[str, Any]:
        assert self.remote is not None
        key = f"{edition.index_no}:{edition.edition}:{action.value}"
        if action is Action.WITHDRAW:
            gone = {"index_no": edition.index_no, "action": action.value, "reason": reason}
            return self.remote.delete(edition.slug, gone, key)
        factory = self._factory(model)
        attachments: list[dict[str, Any]] = [
            {"name": a.name, "sha256": a.sha256, "size": a.size, "media_type": a.media_type}
            for a in edition.attachments
        ]
        payload: dict[str, Any] = {
            "index_no": edition.index_no,
            "edition": edition.edition,
            "action": action.value,
            "url": self.url_for(edition),
            "title": edition.title,
            "publisher": edition.publisher,
            "doc_number": edition.doc_number,
            "written_on": edition.written_on.isoformat(),
            "published_on": edition.published_on.isoformat(),
            "topic": edition.topic,
            "column": edition.column,
            "validity": edition.validity,
            "summary": edition.summary,
            "attachments": attachments,
            "html": factory.item(edition).render(),
        }
        if not self.remote.settings.upload_attachments:
            return self.remote.put(edition.slug, payload, key)
        uploads = self.remote.upload(edition.attachments)  # before the item: it links them
        for entry in attachments:
            entry["url"] = uploads.urls[entry["sha256"]]
        return {**self.remote.put(edition.slug, payload, key), "files": uploads.summary()}


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files left by a process killed mid-write (never a page); safe under the lock."""
    for tmp in out_dir.rglob(".tmp-*"):
        with contextlib.suppress(OSError):
            tmp.unlink()
