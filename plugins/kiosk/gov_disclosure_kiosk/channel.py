"""``KioskChannel``: the 电子触摸屏 / 查阅点 channel, an offline bundle for the service hall."""

from __future__ import annotations

from pathlib import Path

from gov_disclosure.bodies.scope import channel_scope, resolve_scope
from gov_disclosure.channels import (
    Action,
    Channel,
    ChannelContext,
    PublishedEdition,
    Receipt,
)
from gov_disclosure.errors import ChannelError, ConfigError
from gov_disclosure.models import ItemState

from . import signing
from .bundle import BuildOptions, BuildResult, BundleBuilder
from .searchkeys import ABBREVIATIONS
from .settings import KioskSettings


class KioskChannel(Channel):
    """Keeps a self-contained touch-screen bundle in step with the live catalogue.

    A notice board: an item leaves the kiosk when its 公示期 ends (``expire`` withdraws it) and
    notices past their end date are never shown even before the core expires them.
    """

    name = "kiosk"
    Settings = KioskSettings
    notice_board = True
    description = "电子触摸屏：离线运行的触摸查询终端（适老化，拼音首字母搜索，二维码）"

    settings: KioskSettings

    def __init__(self, settings: KioskSettings, context: ChannelContext) -> None:
        super().__init__(settings, context)
        base_url = settings.base_url or context.site.get("base_url")
        if not base_url:
            raise ConfigError(
                "channels.kiosk.base_url", "needed for the QR codes (or site.base_url)"
            )
        if not str(base_url).startswith(("http://", "https://")):
            raise ConfigError("site.base_url", "must start with http:// or https://")
        self.out_dir = Path(context.data_dir) / (settings.out_dir or "kiosk")
        self.scope = channel_scope(context, settings.org, settings.subordinates)
        scope = self.scope
        org = scope.body.name if scope and settings.org else context.organization.get("name") or ""
        self.options = BuildOptions(
            base_url=str(base_url).rstrip("/"),
            title=settings.title,
            organization=str(org),
            idle_seconds=settings.idle_seconds,
            orientation=settings.orientation,
            page_size=settings.page_size,
            shards=settings.shards,
            abbreviations={**ABBREVIATIONS, **settings.abbreviations},
            workers=settings.build_workers,
        )
        key_path = settings.signing_key or context.private_folder() / "kiosk-signing.key"
        self.signing_key = signing.load_or_create(Path(key_path))
        self.builder = BundleBuilder(self.out_dir, self.options, self.signing_key)

    def for_body(self, org: str, *, subordinates: bool = True) -> KioskChannel:
        """The same kiosk built for another body (``kiosk sync --org``), in its own folder
        ``<data_dir>/kiosk-<credit code>`` (beside ``out_dir``), signed with the same key."""
        scope = resolve_scope(self.context.engine, org, self.context.organization)
        base = self.settings.out_dir or Path("kiosk")
        folder = base.with_name(f"{base.name}-{scope.body.credit_code}")
        update = {"org": org, "subordinates": subordinates, "out_dir": folder}
        settings = self.settings.model_copy(update=update)
        return KioskChannel(settings, self.context)

    def shows(self, edition: PublishedEdition) -> bool:
        """Whether the kiosk shows the edition today (public, proactive, notice not over)."""
        if not self.accepts(edition) or edition.state in (ItemState.EXPIRED, ItemState.WITHDRAWN):
            return False
        ends = edition.notice_ends_on
        return ends is None or ends >= self.context.now().date()

    def _live(
        self, changed: PublishedEdition | None = None, removed: str | None = None
    ) -> list[PublishedEdition]:
        """The catalogue as the kiosk shows it, with this call's change applied over it."""
        withdrawn = {index_no for index_no, _ in self.context.withdrawn()}
        by_index = {e.index_no: e for e in self.context.catalogue() if e.index_no not in withdrawn}
        if changed is not None:
            by_index[changed.index_no] = changed
        if removed is not None:
            by_index.pop(removed, None)
        return [e for e in by_index.values() if self.shows(e) and self.covers(e)]

    def covers(self, edition: PublishedEdition) -> bool:
        """Whether the edition's body is one this kiosk is built for."""
        return self.scope is None or self.scope.covers(edition.org.id)

    def rebuild(self) -> BuildResult:
        """Bring the bundle in step with the catalogue (also after settings change)."""
        return self._build()

    def _build(
        self, changed: PublishedEdition | None = None, removed: str | None = None
    ) -> BuildResult:
        """Read the catalogue and build, holding the build lock for both."""
        try:
            with self.builder.locked():
                return self.builder.build(self._live(changed, removed))
        except OSError as exc:
            raise ChannelError(
                self.name, f"cannot write the bundle in {self.out_dir}: {exc}"
            ) from exc

    def _receipt(self, action: Action, result: BuildResult, edition: PublishedEdition) -> Receipt:
        return Receipt(
            channel=self.name,
            action=action,
            location=str(result.root),
            details={
                "release": result.release,
                "items": result.items,
                "files_written": list(result.written),
                "files_removed": list(result.removed),
                "shown": action in (Action.PUBLISH, Action.UPDATE)
                and self.shows(edition)
                and self.covers(edition),
            },
        )

    def publish(self, edition: PublishedEdition) -> Receipt:
        result = self._build(changed=edition)
        return self._receipt(Action.PUBLISH, result, edition)

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        result = self._build(changed=edition)
        return self._receipt(Action.UPDATE, result, edition)

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        result = self._build(removed=edition.index_no)
        receipt = self._receipt(Action.WITHDRAW, result, edition)
        return receipt.model_copy(update={"details": {**receipt.details, "reason": reason}})

    def expire(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """The 公示期 ended: the notice leaves the kiosk."""
        receipt = self.withdraw(edition, "公示期满", previous)
        return receipt.model_copy(update={"action": Action.EXPIRE})
