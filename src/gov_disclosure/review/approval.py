"""Staged approval (保密审查 → 科室审核 → 分管领导把关 → 主要领导审批).

"谁公开、谁审查、谁负责": every stage is approved by an actor holding that stage's role; the
author of an edition never approves it; one actor approves at most one stage of an edition; a
blocking finding of the screening stops approval until a new edition fixes it or an actor with
the override role overrides it with a reason. Each decision, and each refused attempt, is an
audit-log entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from .. import audit
from ..authority import Action, Policy, active_actor, actor_record, require
from ..errors import IllegalTransitionError, PermissionDeniedError, ReviewBlockedError
from ..i18n import N_
from ..items.records import get_actor, get_edition, get_item, move
from ..lifecycle import Step
from ..models import Actor, DisclosureItem, ItemState
from ..store.engine import utcnow
from ..store.tables import review_decisions


@dataclass(frozen=True)
class ReviewStatus:
    """Where an edition stands: stages passed, the next stage, findings still blocking."""

    item_id: int
    edition: int
    stages: tuple[str, ...]
    passed: tuple[tuple[str, str], ...]
    next_stage: str | None
    findings: tuple[dict[str, Any], ...]
    overridden: frozenset[int]

    @property
    def blocking(self) -> list[int]:
        return [
            i
            for i, f in enumerate(self.findings)
            if f.get("severity") == "block" and i not in self.overridden
        ]


def _decisions(conn: Connection, item_id: int, edition: int) -> list[Any]:
    return list(
        conn.execute(
            select(review_decisions)
            .where(
                review_decisions.c.item_id == item_id,
                review_decisions.c.edition == edition,
            )
            .order_by(review_decisions.c.id)
        )
    )


def status(
    conn: Connection, item_id: int, stages_by_class: Mapping[str, Sequence[str]]
) -> ReviewStatus:
    item = get_item(conn, item_id)
    ed = get_edition(conn, item_id, item.current_edition)
    stages = tuple(stages_by_class.get(ed.item_class.value, ()))
    rows = _decisions(conn, item_id, item.current_edition)
    if rows and rows[0].decision == "masked":  # the system's masked copy of the approved edition
        rows = _decisions(conn, item_id, item.current_edition - 1)
    submits = [i for i, r in enumerate(rows) if r.decision == "submit"]
    rows = rows[submits[-1] :] if submits else rows
    findings = tuple(rows[0].findings or ()) if rows and rows[0].decision == "submit" else ()
    passed = tuple((r.stage, r.actor) for r in rows if r.decision == "approve")
    overridden = frozenset(r.finding for r in rows if r.decision == "override")
    nxt = stages[len(passed)] if len(passed) < len(stages) else None
    return ReviewStatus(item_id, item.current_edition, stages, passed, nxt, findings, overridden)


def _record(
    conn: Connection,
    item: DisclosureItem,
    actor: str,
    decision: str,
    *,
    stage: str | None = None,
    reason: str | None = None,
    finding: int | None = None,
    findings: list[dict[str, Any]] | None = None,
) -> None:
    conn.execute(
        insert(review_decisions).values(
            item_id=item.id,
            edition=item.current_edition,
            stage=stage,
            actor=actor,
            decision=decision,
            reason=reason,
            finding=finding,
            findings=findings,
            at=utcnow(),
        )
    )
    audit.append(
        conn,
        actor,
        f"review.{decision}",
        f"item:{item.id}",
        {"edition": item.current_edition, "stage": stage, "reason": reason, "finding": finding},
    )


def submit(
    conn: Connection, item_id: int, actor_id: str, findings: list[dict[str, Any]]
) -> DisclosureItem:
    """经办人 submits the newest edition for review, with its screening findings."""
    active_actor(conn, actor_id, Action.REVIEW_SUBMIT)
    item = get_item(conn, item_id)
    if item.state is ItemState.DRAFT:
        item = move(conn, item_id, Step.SUBMIT, actor_id)
    elif item.state is not ItemState.IN_REVIEW:
        raise IllegalTransitionError(f"item {item.index_no}", item.state.value, "submit")
    _record(conn, item, actor_id, "submit", findings=findings)
    return item


def _policy(policy: Policy | None, stages_by_class: Mapping[str, Sequence[str]]) -> Policy:
    return policy or Policy(stages={k: tuple(v) for k, v in stages_by_class.items()})


def person_of(conn: Connection, actor_id: str) -> str:
    """The natural person behind an actor id (the id itself for an unknown one)."""
    found = actor_record(conn, actor_id)
    return found.person_key if found else actor_id


def _own_work(conn: Connection, actor: Actor, item_id: int, st: ReviewStatus) -> None:
    """The author never approves their own edition, and one person passes at most one stage
    of an edition: persons are compared, so a second id of the same person changes nothing."""
    me = actor.person_key
    if person_of(conn, get_edition(conn, item_id, st.edition).author) == me:
        raise PermissionDeniedError(
            actor.id,
            "approve",
            N_("the author never approves their own edition"),
            kind="own_work",
        )
    if any(person_of(conn, a) == me for _, a in st.passed):
        raise PermissionDeniedError(
            actor.id,
            "approve",
            N_("already approved a stage of this edition: one person never passes two stages"),
            kind="own_work",
        )


def approve(
    conn: Connection,
    item_id: int,
    actor_id: str,
    stages_by_class: Mapping[str, Sequence[str]],
    *,
    policy: Policy | None = None,
) -> tuple[DisclosureItem, bool]:
    """Approve the next stage; returns the item and whether that was the last stage.

    The actor's authority is checked first (whatever the item's state), then the state,
    own work, the stage's own role and blocking findings."""
    policy = _policy(policy, stages_by_class)
    actor = require(conn, policy, actor_id, Action.REVIEW_APPROVE)
    item = get_item(conn, item_id)
    if item.state is not ItemState.IN_REVIEW:
        raise IllegalTransitionError(
            f"item {item.index_no}",
            item.state.value,
            "approve",
            ["submit"] if item.state is ItemState.DRAFT else [],
        )
    st = status(conn, item_id, stages_by_class)
    if st.next_stage is None:
        raise IllegalTransitionError(f"item {item.index_no}", "all stages approved", "approve")
    _own_work(conn, actor, item_id, st)
    require(conn, policy, actor_id, Action.REVIEW_APPROVE, stage=st.next_stage)
    if st.blocking:
        rules = [st.findings[i].get("rule", "?") for i in st.blocking]
        raise ReviewBlockedError(f"item {item.index_no}", rules)
    _record(conn, item, actor.id, "approve", stage=st.next_stage)
    last = len(st.passed) + 1 == len(st.stages)
    if last:
        item = move(conn, item_id, Step.APPROVE, actor.id, {"edition": item.current_edition})
    return item, last


def reject(
    conn: Connection,
    item_id: int,
    actor_id: str,
    reason: str,
    stages_by_class: Mapping[str, Sequence[str]],
    *,
    policy: Policy | None = None,
) -> DisclosureItem:
    """Return the edition to draft: in review by the next stage's role, once approved (and
    waiting for its publication time) by the last stage's role; never from another state."""
    policy = _policy(policy, stages_by_class)
    require(conn, policy, actor_id, Action.REVIEW_REJECT)
    item = get_item(conn, item_id)
    if item.state not in (ItemState.IN_REVIEW, ItemState.APPROVED):
        raise IllegalTransitionError(f"item {item.index_no}", item.state.value, "reject")
    st = status(conn, item_id, stages_by_class)
    ed = get_edition(conn, item_id, item.current_edition)
    role = st.next_stage or (st.stages[-1] if st.stages else "")
    actor = require(
        conn,
        policy,
        actor_id,
        Action.REVIEW_REJECT,
        stage=role,
        state=item.state,
        item_class=ed.item_class.value,
    )
    if not reason.strip():
        from ..errors import InvalidInputError

        raise InvalidInputError("reason", "退回需要理由 a rejection needs a reason")
    _record(conn, item, actor.id, "reject", stage=role, reason=reason)
    return move(conn, item_id, Step.REJECT, actor.id, {"reason": reason})


def override(
    conn: Connection,
    item_id: int,
    actor_id: str,
    finding: int,
    reason: str,
    override_role: str,
    stages_by_class: Mapping[str, Sequence[str]],
    *,
    policy: Policy | None = None,
) -> None:
    """Override one blocking finding, with a recorded reason."""
    policy = policy or Policy(
        stages={k: tuple(v) for k, v in stages_by_class.items()}, override_role=override_role
    )
    actor = require(conn, policy, actor_id, Action.REVIEW_OVERRIDE)
    if not reason.strip():
        from ..errors import InvalidInputError

        raise InvalidInputError("reason", "an override needs a reason")
    item = get_item(conn, item_id)
    if item.state is not ItemState.IN_REVIEW:
        raise IllegalTransitionError(f"item {item.index_no}", item.state.value, "override")
    st = status(conn, item_id, stages_by_class)
    if finding not in st.blocking:
        from ..errors import InvalidInputError

        raise InvalidInputError(
            "finding", f"no blocking finding #{finding} (blocking: {st.blocking})", finding
        )
    _record(conn, item, actor.id, "override", finding=finding, reason=reason)


def queue(
    conn: Connection,
    actor_id: str,
    stages_by_class: Mapping[str, Sequence[str]],
    org_id: int | None = None,
) -> list[ReviewStatus]:
    """Editions waiting for this actor: their next stage is one of the actor's roles
    (``org_id``: of one body only)."""
    from ..store.tables import items

    actor = get_actor(conn, actor_id)
    out = []
    waiting = select(items.c.id).where(items.c.state == ItemState.IN_REVIEW.value)
    if org_id is not None:
        waiting = waiting.where(items.c.org_id == org_id)
    for row in conn.execute(waiting):
        st = status(conn, row.id, stages_by_class)
        ed = get_edition(conn, row.id, st.edition)
        me = actor.person_key
        if (
            st.next_stage in actor.roles
            and person_of(conn, ed.author) != me
            and all(person_of(conn, a) != me for _, a in st.passed)
        ):
            out.append(st)
    return out
