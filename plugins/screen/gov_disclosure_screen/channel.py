"""``ScreenChannel``: the 电子屏 channel, a rotating display bundle for halls and 公示栏."""

from __future__ import annotations

from pathlib import Path

from gov_disclosure.channels import Action, Channel, ChannelContext, PublishedEdition, Receipt
from gov_disclosure.errors import ChannelError, ConfigError

from .bundle import BuildResult, BundleWriter, bundle_files
from .settings import ScreenSettings
from .slides import choose


class ScreenChannel(Channel):
    """Keeps an offline, full-screen rotating display in step with the live catalogue.

    A notice board: a 公示 leaves the screen when its 公示期 ends (``expire`` rebuilds without
    it, and a notice past its end date is never shown even before the core expires it).
    """

    name = "screen"
    Settings = ScreenSettings
    notice_board = True
    description = "电子屏：服务大厅和公示栏的轮播显示屏（离线运行，二维码，LED 滚动字幕）"

    def __init__(self, settings: ScreenSettings, context: ChannelContext) -> None:
        super().__init__(settings, context)
        self.settings: ScreenSettings = settings
        base_url = settings.base_url or context.site.get("base_url")
        if not base_url:
            raise ConfigError(
                "channels.screen.base_url", "needed for the QR codes (or site.base_url)"
            )
        if not str(base_url).startswith(("http://", "https://")):
            raise ConfigError("site.base_url", "must start with http:// or https://")
        self.base_url = str(base_url).rstrip("/")
        self.organization = str(context.organization.get("name") or "")
        self.out_dir = Path(context.data_dir) / (settings.out_dir or "screen")
        self.writer = BundleWriter(self.out_dir)

    def _live(
        self, changed: PublishedEdition | None = None, removed: str | None = None
    ) -> list[PublishedEdition]:
        """What the screen shows, with this call's change applied over the catalogue."""
        withdrawn = {index_no for index_no, _ in self.context.withdrawn()}
        by_index = {e.index_no: e for e in self.context.catalogue() if e.index_no not in withdrawn}
        if changed is not None:
            by_index[changed.index_no] = changed
        if removed is not None:
            by_index.pop(removed, None)
        public = [e for e in by_index.values() if self.accepts(e)]
        return choose(public, self.context.now().date(), self.settings.newest)

    def rebuild(self) -> BuildResult:
        """Bring the bundle in step with the catalogue and today's date (a sync)."""
        return self._build()

    def _build(
        self, changed: PublishedEdition | None = None, removed: str | None = None
    ) -> BuildResult:
        try:
            with self.writer.locked():
                shown = self._live(changed, removed)
                files = bundle_files(shown, self.settings, self.base_url, self.organization)
                return self.writer.write(files, [e.index_no for e in shown])
        except OSError as exc:
            raise ChannelError(
                self.name, f"cannot write the bundle in {self.out_dir}: {exc}"
            ) from exc

    def _receipt(self, action: Action, result: BuildResult, edition: PublishedEdition) -> Receipt:
        shown = action in (Action.PUBLISH, Action.UPDATE) and edition.index_no in result.shown
        return Receipt(
            channel=self.name,
            action=action,
            location=str(result.root),
            details={"items": result.items, "files_written": list(result.written), "shown": shown},
        )

    def publish(self, edition: PublishedEdition) -> Receipt:
        return self._receipt(Action.PUBLISH, self._build(changed=edition), edition)

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        return self._receipt(Action.UPDATE, self._build(changed=edition), edition)

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        receipt = self._receipt(Action.WITHDRAW, self._build(removed=edition.index_no), edition)
        return receipt.model_copy(update={"details": {**receipt.details, "reason": reason}})

    def expire(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """The 公示期 ended: the notice leaves the screen."""
        receipt = self.withdraw(edition, "公示期满", previous)
        return receipt.model_copy(update={"action": Action.EXPIRE})
