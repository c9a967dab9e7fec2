"""``WebsiteChannel``: the 政府信息公开 section of the government website (第一平台)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from gov_disclosure import ChannelError
from gov_disclosure.channels import (
    Action,
    Channel,
    ChannelContext,
    PublishedEdition,
    Receipt,
)
from gov_disclosure.models import Audience, DisclosureMode

from .builder import Builder, BuildReport
from .pages import PageFactory, item_path
from .remote import RemoteTransport
from .render import Renderer, settings_fingerprint
from .settings import WebsiteSettings
from .sitemodel import SiteModel


class WebsiteChannel(Channel):
    """Writes a static site to ``out_dir`` (and optionally pushes items to a remote CMS)."""

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
        self.base_url: str = (
            settings.base_url or site_url or self.out_dir.resolve().as_uri() + "/"
        )
        self.renderer = Renderer(
            settings.templates_dir,
            settings_fingerprint(settings, context.organization, self.base_url),
        )
        self.remote = RemoteTransport(settings.remote, self.name) if settings.remote else None
        self.last_report: BuildReport | None = None
        """What the last local build wrote and removed."""

    # -- public API -------------------------------------------------------------------------
    def url_for(self, edition: PublishedEdition) -> str:
        """The canonical URL of an item page: ``{base_url}items/{slug}.html``."""
        return self.base_url + item_path(edition.slug)

    def rebuild(self) -> BuildReport:
        """Build the whole site from the catalogue, rewriting only pages whose inputs changed."""
        self.last_report = self._builder(self._model()).full()
        return self.last_report

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
        model = self._model(edition, reason if action is Action.WITHDRAW else None)
        details: dict[str, Any] = {}
        if self.settings.local:
            builder = self._builder(model)
            fresh = not (self.out_dir / ".build" / "manifest.json").exists()
            report = builder.full() if fresh else builder.incremental({edition.index_no})
            self.last_report = report
            details.update(written=len(report.written), removed=len(report.removed))
        if self.remote is not None:
            details["remote"] = self._push(model, edition, action, reason)
        return Receipt(
            channel=self.name, action=action, location=self.url_for(edition), details=details
        )

    def _model(
        self, edition: PublishedEdition | None = None, withdrawn_reason: str | None = None
    ) -> SiteModel:
        """The live catalogue as this channel shows it, with ``edition`` taking its place."""
        proactive, public = DisclosureMode.PROACTIVE, Audience.PUBLIC
        editions = {
            e.index_no: e
            for e in self.context.catalogue()
            if e.mode is proactive and (e.audience is public or not self.public)
        }
        withdrawn = dict(self.context.withdrawn())
        if edition is not None:
            if withdrawn_reason is None:
                editions[edition.index_no] = edition
                withdrawn.pop(edition.index_no, None)
            else:
                editions.pop(edition.index_no, None)
                withdrawn[edition.index_no] = withdrawn_reason or "（未说明）"
        for index_no in editions:
            withdrawn.pop(index_no, None)
        return SiteModel(editions.values(), withdrawn)

    def _builder(self, model: SiteModel) -> Builder:
        factory = PageFactory(
            model, self.renderer, self.settings, self.context.organization, self.base_url
        )
        return Builder(self.out_dir, factory, body_html=self.settings.body_html)

    def _push(
        self, model: SiteModel, edition: PublishedEdition, action: Action, reason: str
    ) -> dict[str, Any]:
        assert self.remote is not None
        key = f"{edition.index_no}:{edition.edition}:{action.value}"
        if action is Action.WITHDRAW:
            payload = {"index_no": edition.index_no, "action": action.value, "reason": reason}
            return self.remote.delete(edition.slug, payload, key)
        factory = PageFactory(
            model, self.renderer, self.settings, self.context.organization, self.base_url
        )
        payload = {
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
            "attachments": [
                {"name": a.name, "sha256": a.sha256, "size": a.size, "media_type": a.media_type}
                for a in edition.attachments
            ],
            "html": factory.item(edition).render(),
        }
        return self.remote.put(edition.slug, payload, key)
