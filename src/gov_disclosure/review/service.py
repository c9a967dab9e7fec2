"""The review service: screening, submission and staged approval (审核发布), over the kernel.

The last approval hands the item to publishing, which makes it live and enqueues its
deliveries in the same transaction; it never builds a channel.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from .. import authority
from ..items import records
from ..kernel import Kernel
from ..models import DisclosureItem
from ..publishing.service import PublishingService
from . import approval

if TYPE_CHECKING:
    from .screener import Screener


class ReviewService:
    """Screen, submit, approve, reject and override; where editions stand."""

    def __init__(self, kernel: Kernel, publishing: PublishingService) -> None:
        self.kernel = kernel
        self.publishing = publishing

    @functools.cached_property
    def screener(self) -> Screener:
        """The screener: built-in rules, configured dictionaries and plugin rules (cached)."""
        from .screener import Screener

        config = self.kernel.config
        dicts = [config.resolve(p) for p in config.review.dictionaries]
        return Screener.from_plugins(self.kernel.pm, dictionaries=dicts)

    def screen_findings(self, key: int | str) -> list[dict[str, Any]]:
        """Screen the newest edition (title, summary, body, tables, attachment texts)."""
        from .textio import read_docx, read_text

        with self.kernel.store.engine.connect() as conn:
            edition = records.get_edition(conn, records.get_item(conn, key).id)
        texts: dict[str, str] = {}
        for att in edition.attachments:
            path = self.kernel.blobs.open_path(att.sha256)
            if att.name.lower().endswith(".docx"):
                texts[att.name] = read_docx(path)
            elif att.name.lower().endswith((".txt", ".csv", ".md")):
                texts[att.name] = read_text(path)
        return [f.to_dict() for f in self.screener.screen(edition, attachment_texts=texts)]

    def submit(self, key: int | str, actor: str) -> DisclosureItem:
        findings = self.screen_findings(key)
        with self.kernel.action(actor) as conn:
            authority.require(conn, self.kernel.policy, actor, authority.Action.REVIEW_SUBMIT)
            return approval.submit(conn, records.get_item(conn, key).id, actor, findings)

    def approve(self, key: int | str, actor: str) -> DisclosureItem:
        """Approve the next stage; after the last one the item is published (or scheduled)."""
        with self.kernel.action(actor) as conn:
            item_id = records.get_item(conn, key).id
            item, last = approval.approve(
                conn, item_id, actor, self.kernel.config.review.stages, policy=self.kernel.policy
            )
            if last:
                item = self.publishing.publish_if_due(conn, item, actor)
            return item

    def reject(self, key: int | str, actor: str, reason: str) -> DisclosureItem:
        with self.kernel.action(actor) as conn:
            return approval.reject(
                conn,
                records.get_item(conn, key).id,
                actor,
                reason,
                self.kernel.config.review.stages,
                policy=self.kernel.policy,
            )

    def override(self, key: int | str, actor: str, finding: int, reason: str) -> None:
        review = self.kernel.config.review
        with self.kernel.action(actor) as conn:
            approval.override(
                conn,
                records.get_item(conn, key).id,
                actor,
                finding,
                reason,
                review.override_role,
                review.stages,
                policy=self.kernel.policy,
            )

    def status(self, key: int | str) -> approval.ReviewStatus:
        with self.kernel.store.engine.connect() as conn:
            return approval.status(
                conn, records.get_item(conn, key).id, self.kernel.config.review.stages
            )

    def queue(self, actor: str) -> list[approval.ReviewStatus]:
        with self.kernel.store.engine.connect() as conn:
            return approval.queue(conn, actor, self.kernel.config.review.stages)
