"""The review service: screening, submission and staged approval (审核发布), over the kernel.

The last approval hands the item to publishing, which makes it live and enqueues its
deliveries in the same transaction; it never builds a channel.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from .. import authority
from ..bodies.resolve import OrgKey, org_id_of
from ..errors import InvalidInputError
from ..items import records
from ..items.service import ItemsService
from ..kernel import Kernel
from ..models import DisclosureItem
from ..publishing.service import PublishingService
from . import approval

if TYPE_CHECKING:
    from .mask_edition import MaskedEdition
    from .screener import Screener


class ReviewService:
    """Screen, submit, approve, reject and override; where editions stand."""

    def __init__(self, kernel: Kernel, publishing: PublishingService, items: ItemsService) -> None:
        self.kernel = kernel
        self.publishing = publishing
        self.items = items

    @functools.cached_property
    def screener(self) -> Screener:
        """The screener: built-in rules, configured dictionaries and plugin rules (cached)."""
        from .editions import keep_numbers_of
        from .screener import Screener

        config = self.kernel.config
        dicts = [config.resolve(p) for p in config.review.dictionaries]
        keep = keep_numbers_of(config)
        return Screener.from_plugins(self.kernel.pm, dictionaries=dicts, keep_numbers=keep)

    def screen_findings(self, key: int | str) -> list[dict[str, Any]]:
        """Screen the newest edition (title, summary, body, tables, every attachment)."""
        from .editions import screen_edition

        edition = self.items.edition(key)
        screening = screen_edition(self.screener, edition, self.kernel.blobs.open_path)
        return [f.to_dict() for f in screening.findings]

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
                item = self._masked_if_overridden(conn, item)
                item = self.publishing.publish_if_due(conn, item, actor)
            return item

    def _masked_if_overridden(self, conn: Connection, item: DisclosureItem) -> DisclosureItem:
        from .editions import keep_numbers_of
        from .publication import mask_overridden

        config = self.kernel.config
        keep = keep_numbers_of(config)
        return mask_overridden(
            conn, item, blobs=self.kernel.blobs, keep=keep, stages=config.review.stages
        )

    def approve_clear(self, key: int | str, actor: str, finding: int, reason: str) -> None:
        """A second 保密审查员 approves publishing an overridden personal-data finding in clear
        (without it, the edition is published masked)."""
        from .publication import approve_clear

        review = self.kernel.config.review
        with self.kernel.action(actor) as conn:
            item_id = records.get_item(conn, key).id
            approve_clear(
                conn, item_id, actor, finding, reason, review.override_role, review.stages
            )

    def mask_item(self, key: int | str, actor: str) -> MaskedEdition:
        """A new edition with personal data masked in every text and attachment (masked
        copies in their own formats; the originals stay in the file store), and what was
        masked (field and attachment names, a count: never a number)."""
        from .editions import keep_numbers_of
        from .mask_edition import MaskedEdition, masked_draft

        with self.kernel.action(actor) as conn:  # refused before any file is read
            authority.require(conn, self.kernel.policy, actor, authority.Action.ITEM_EDIT)
        keep = keep_numbers_of(self.kernel.config)
        masked = masked_draft(self.items.edition(key), self.kernel.blobs, keep)
        if not masked.masked:
            raise InvalidInputError("item", "没有需要遮盖的个人信息 (nothing to mask)", key)
        item = self.items.revise(key, masked.draft, actor)
        return MaskedEdition(item, masked.changed, masked.masked, masked.notes)

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

    def queue(self, actor: str, org: OrgKey | None = None) -> list[approval.ReviewStatus]:
        """What waits for ``actor`` (of body ``org`` only, when given)."""
        with self.kernel.store.engine.connect() as conn:
            return approval.queue(
                conn, actor, self.kernel.config.review.stages, org_id=org_id_of(conn, org)
            )
