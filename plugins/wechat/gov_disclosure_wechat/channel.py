"""``WechatChannel``: publishes each edition as an article of the 政务微信公众号.

Publishing is ``draft/add`` → ``freepublish/submit`` → ``freepublish/get`` polled until the
platform answers success or failure. The draft's ``media_id`` and the ``publish_id`` are kept
in the channel state as soon as the platform returns them, so a rerun after a crash reuses
the draft and polls the submitted publication instead of creating a second article.
Withdrawal deletes the published article (``freepublish/delete``).
"""

from __future__ import annotations

import os
import time
from typing import Any

from gov_disclosure.channels import Action, Channel, ChannelContext, PublishedEdition, Receipt
from gov_disclosure.errors import ChannelError, ConfigError

from .article import draft_article
from .client import WechatClient
from .credentials import load_credentials
from .media import cover_media_id, upload_attachments
from .settings import WechatSettings

#: ``publish_status`` of ``freepublish/get`` (0 success, 1 publishing, then the failures).
PUBLISHING = 1
FAILURES = {
    2: "原创声明失败",
    3: "常规失败",
    4: "平台审核不通过",
    5: "成功后用户删除所有文章",
    6: "成功后系统封禁所有文章",
}


_KEPT_ON_FAILURE = ("media_id", "materials", "images")  # a failed publication keeps these


class WechatChannel(Channel):
    """The 微信公众号 channel (official account platform HTTP API)."""

    name = "wechat"
    Settings = WechatSettings
    description = "政务微信公众号：以图文消息发布，撤回时删除已发布文章"

    def __init__(self, settings: WechatSettings, context: ChannelContext) -> None:
        super().__init__(settings, context)
        self.settings: WechatSettings = settings
        self._client: WechatClient | None = None
        base_url = settings.base_url or context.site.get("base_url") or ""
        self.base_url = str(base_url).rstrip("/")
        if not self.configured:
            return
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigError("channels.wechat.base_url", "needed for the link to the item page")
        cover = settings.cover_image
        if cover is not None and not settings.thumb_media_id:
            if not cover.is_absolute():
                cover = self.settings.cover_image = context.data_dir / cover
            if not cover.is_file() or cover.suffix.lower() not in (".png", ".jpg", ".jpeg"):
                raise ConfigError("channels.wechat.cover_image", "a .png or .jpg file that exists")

    @property
    def configured(self) -> bool:
        """Whether credentials are given (a secrets file, or both environment variables)."""
        s = self.settings
        return s.secrets_file is not None or bool(
            os.environ.get(s.appid_env) and os.environ.get(s.secret_env)
        )

    def accepts(self, edition: PublishedEdition) -> bool:
        """Public proactive items (the base rule), once the account is configured."""
        return self.configured and super().accepts(edition)

    @property
    def client(self) -> WechatClient:
        """Credentials are read on first use, so a config check never needs them."""
        if self._client is None:
            creds = load_credentials(self.settings)
            self._client = WechatClient(self.settings.api_base, creds, self.settings.timeout)
        return self._client

    @staticmethod
    def _key(edition: PublishedEdition) -> str:
        return f"article:{edition.index_no}#{edition.edition}"

    def _progress(self, edition: PublishedEdition) -> dict[str, Any]:
        return dict(self.context.state.get(self._key(edition)) or {})

    def _save(self, edition: PublishedEdition, progress: dict[str, Any]) -> None:
        self.context.state.set(self._key(edition), progress)

    def _poll(self, publish_id: str) -> dict[str, Any]:
        for attempt in range(self.settings.poll_attempts):
            data = self.client.call("/cgi-bin/freepublish/get", {"publish_id": publish_id})
            status = int(data.get("publish_status", PUBLISHING))
            if status != PUBLISHING:
                return data
            if attempt + 1 < self.settings.poll_attempts:
                time.sleep(self.settings.poll_seconds)
        raise ChannelError(self.name, f"publish {publish_id} still in progress; will poll again")

    def _publish(self, edition: PublishedEdition, action: Action) -> Receipt:
        progress = self._progress(edition)
        if "article_id" not in progress:
            if "media_id" not in progress:
                upload_attachments(
                    self.client, edition, progress, lambda: self._save(edition, progress)
                )
                thumb = cover_media_id(
                    self.client,
                    self.context.state,
                    self.settings.thumb_media_id,
                    self.settings.cover_image,
                )
                article = draft_article(
                    edition, self.base_url, thumb, self.settings.author, progress["images"]
                )
                data = self.client.call("/cgi-bin/draft/add", {"articles": [article]})
                progress["media_id"] = str(data["media_id"])
                self._save(edition, progress)
            if "publish_id" not in progress:
                data = self.client.call(
                    "/cgi-bin/freepublish/submit", {"media_id": progress["media_id"]}
                )
                progress["publish_id"] = str(data["publish_id"])
                self._save(edition, progress)
            result = self._poll(progress["publish_id"])
            status = int(result["publish_status"])
            if status != 0:
                failed = result.get("fail_idx") or []
                kept = {
                    k: progress[k] for k in ("media_id", "materials", "images") if k in progress
                }
                self._save(edition, kept)  # the draft may be resubmitted
                raise ChannelError(
                    self.name,
                    f"publish_status {status} ({FAILURES.get(status, '未知')}), fail_idx {failed}",
                    retryable=False,
                )
            items = (result.get("article_detail") or {}).get("item") or [{}]
            progress["article_id"] = str(result["article_id"])
            progress["url"] = str(items[0].get("article_url", ""))
            self._save(edition, progress)
        return Receipt(
            channel=self.name,
            action=action,
            location=progress.get("url") or None,
            message_ids=(progress["article_id"],),
            details={
                k: progress[k]
                for k in ("media_id", "publish_id", "article_id", "materials", "images")
                if k in progress
            },
        )

    def _delete(self, article_id: str) -> None:
        self.client.call("/cgi-bin/freepublish/delete", {"article_id": article_id, "index": 0})

    def publish(self, edition: PublishedEdition) -> Receipt:
        return self._publish(edition, Action.PUBLISH)

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """The new edition is published, then the previous article deleted."""
        receipt = self._publish(edition, Action.UPDATE)
        old = (previous.details.get("article_id") if previous else None) or None
        if old and old != receipt.details["article_id"]:
            self._delete(str(old))
        return receipt

    def expire(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """A 公示期 ending changes nothing on the account: the article stays as published."""
        details = dict(previous.details) if previous else {}
        return Receipt(channel=self.name, action=Action.EXPIRE, details=details)

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        article_id = previous.details.get("article_id") if previous else None
        article_id = article_id or self._progress(edition).get("article_id")
        if article_id:
            self._delete(str(article_id))
        return Receipt(
            channel=self.name,
            action=Action.WITHDRAW,
            details={"article_id": article_id, "deleted": bool(article_id), "reason": reason},
        )
