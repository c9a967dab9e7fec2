"""Personal data whose block was overridden is published masked, unless a second person with
the 保密审查员 role approved publishing it in clear, with a reason.

- :func:`approve_clear` records that second approval (decision ``clear``) for one overridden
  personal-data finding; the person who overrode it cannot give it.
- :func:`mask_overridden` runs when the last stage approves: if an overridden personal-data
  finding has no clear approval, the approved edition is followed by a masked edition (the
  system's copy, whose one decision ``masked`` points back to the approved edition's review:
  ``approval.status`` reports that review) and that one is published. The cleared numbers
  stay in clear; every other personal datum is masked. The numbers are read again from the
  edition at that moment: findings only ever hold masked forms.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from ..authority import Action, Policy, require
from ..errors import IllegalTransitionError, InvalidInputError, PermissionDeniedError
from ..i18n import N_
from ..items.records import append_edition, get_edition, get_item
from ..models import DisclosureItem, ItemState
from ..store.blobs import BlobStore
from .approval import _decisions, _record, person_of, status
from .mask_edition import masked_draft
from .personal_data import PERSONAL_DATA, normalize_number
from .screener import texts_of

CLEAR = "clear"
MASKED = "masked"
SYSTEM = "system"


def _rows(conn: Connection, item_id: int, edition: int) -> list[Any]:
    """The decisions on ``edition`` since its last submission."""
    rows = _decisions(conn, item_id, edition)
    submits = [i for i, r in enumerate(rows) if r.decision == "submit"]
    return rows[submits[-1] :] if submits else rows


def approve_clear(
    conn: Connection,
    item_id: int,
    actor_id: str,
    finding: int,
    reason: str,
    role: str,
    stages_by_class: Mapping[str, Sequence[str]],
) -> None:
    """A second 保密审查员 approves publishing overridden finding ``finding`` in clear."""
    policy = Policy(stages={k: tuple(v) for k, v in stages_by_class.items()}, override_role=role)
    actor = require(conn, policy, actor_id, Action.REVIEW_CLEAR)
    if not reason.strip():
        raise InvalidInputError("reason", "公开个人信息原文须说明理由 (needs a reason)")
    item = get_item(conn, item_id)
    if item.state is not ItemState.IN_REVIEW:
        raise IllegalTransitionError(f"item {item.index_no}", item.state.value, "clear")
    st = status(conn, item_id, stages_by_class)
    rows = _rows(conn, item_id, item.current_edition)
    overriders = {r.actor for r in rows if r.decision == "override" and r.finding == finding}
    in_range = 0 <= finding < len(st.findings)
    if not overriders or not in_range or st.findings[finding].get("category") != PERSONAL_DATA:
        raise InvalidInputError(
            "finding",
            f"#{finding} 不是已放行（override）的个人信息阻断项 (not an overridden personal-data "
            "block: override it first)",
            finding,
        )
    if actor.person_key in {person_of(conn, a) for a in overriders}:
        raise PermissionDeniedError(
            actor.id,
            "approve publishing personal data in clear",
            N_("the person who overrode the block cannot also approve it: a second person must"),
            kind="own_work",
        )
    _record(conn, item, actor.id, CLEAR, finding=finding, reason=reason)


def to_mask(
    conn: Connection, item: DisclosureItem, stages: Mapping[str, Sequence[str]]
) -> list[int]:
    """Overridden personal-data findings of the newest edition without a clear approval."""
    st = status(conn, item.id, stages)
    rows = _rows(conn, item.id, item.current_edition)
    cleared = {r.finding for r in rows if r.decision == CLEAR}
    return sorted(
        i
        for i in st.overridden
        if i < len(st.findings)
        and st.findings[i].get("category") == PERSONAL_DATA
        and i not in cleared
    )


def mask_overridden(
    conn: Connection,
    item: DisclosureItem,
    *,
    blobs: BlobStore,
    keep: Collection[str],
    stages: Mapping[str, Sequence[str]],
) -> DisclosureItem:
    """When overridden personal data lacks a clear approval, append and return the masked
    edition (same state, same review record); otherwise return ``item`` unchanged."""
    pending = to_mask(conn, item, stages)
    if not pending:
        return item
    st = status(conn, item.id, stages)
    rows = _rows(conn, item.id, item.current_edition)
    edition = get_edition(conn, item.id, item.current_edition)
    texts = dict(texts_of(edition, files=blobs.open_path))
    clear = set(keep)
    for row in rows:
        if row.decision == CLEAR and row.finding is not None:
            f = st.findings[row.finding]
            text = texts.get(f.get("field", "")) or ""
            clear.add(normalize_number(text[f["start"] : f["end"]]))
    masked = masked_draft(edition, blobs, clear)
    new = append_edition(conn, item.id, masked.draft, SYSTEM)
    # its first decision is ``masked``: the review of the approved edition stands for it
    reason = (
        f"个人信息阻断项 {pending} 已放行但未经第二名保密审查员批准公开原文，按遮盖文本发布 "
        f"(published masked: {list(masked.changed)})"
    )
    _record(conn, new, SYSTEM, MASKED, reason=reason)
    return new
