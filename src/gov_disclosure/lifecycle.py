"""The item lifecycle of DESIGN.md section 3 as one explicit table.

::

    draft ─submit─▶ in_review ─approve(all stages)─▶ approved ─publish─▶ published
       ▲               │ reject(reason), edit                              │ revise ▶ in_review
       └───────────────┘                                                   ├ withdraw ▶ withdrawn
                                                                           ├ expire ▶ expired
                                                                           └ repeal ▶ repealed

An unpublished item (draft or in review) may be withheld (``withhold`` ▶ withheld: 不予公开
with its ground, final); one in review may be taken back to draft (``edit``). A published
item that is revised goes back through review while its last published edition stays live
(``live_edition``); such an item can still be withdrawn or repealed.
"""

from __future__ import annotations

from enum import StrEnum

from .errors import IllegalTransitionError
from .models import ItemState

S = ItemState


class Step(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    REJECT = "reject"
    APPROVE = "approve"
    PUBLISH = "publish"
    REVISE = "revise"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"
    REPEAL = "repeal"
    WITHHOLD = "withhold"


TRANSITIONS: dict[tuple[ItemState, Step], ItemState] = {
    (S.DRAFT, Step.EDIT): S.DRAFT,
    (S.DRAFT, Step.SUBMIT): S.IN_REVIEW,
    (S.IN_REVIEW, Step.REJECT): S.DRAFT,
    (S.IN_REVIEW, Step.EDIT): S.DRAFT,  # the author takes it back (a blocked edition, say)
    (S.DRAFT, Step.WITHHOLD): S.WITHHELD,
    (S.IN_REVIEW, Step.WITHHOLD): S.WITHHELD,
    (S.IN_REVIEW, Step.APPROVE): S.APPROVED,
    (S.APPROVED, Step.PUBLISH): S.PUBLISHED,
    (S.APPROVED, Step.REJECT): S.DRAFT,
    (S.PUBLISHED, Step.REVISE): S.IN_REVIEW,
    (S.EXPIRED, Step.REVISE): S.IN_REVIEW,
    (S.PUBLISHED, Step.WITHDRAW): S.WITHDRAWN,
    (S.EXPIRED, Step.WITHDRAW): S.WITHDRAWN,
    (S.REPEALED, Step.WITHDRAW): S.WITHDRAWN,
    (S.PUBLISHED, Step.EXPIRE): S.EXPIRED,
    (S.PUBLISHED, Step.REPEAL): S.REPEALED,
    (S.EXPIRED, Step.REPEAL): S.REPEALED,
}

# Steps allowed on an item whose earlier edition is live while a new one is being reviewed.
LIVE_STEPS: dict[Step, ItemState] = {Step.WITHDRAW: S.WITHDRAWN, Step.REPEAL: S.REPEALED}


def allowed_steps(state: ItemState, *, has_live: bool = False) -> list[Step]:
    """The steps the diagram allows from ``state``."""
    steps = [step for (s, step) in TRANSITIONS if s is state]
    if has_live and state in (S.DRAFT, S.IN_REVIEW, S.APPROVED):
        steps += [s for s in LIVE_STEPS if s not in steps]
    return steps


def next_state(
    state: ItemState, step: Step, *, has_live: bool = False, subject: str = "item"
) -> ItemState:
    """The state after ``step`` or :class:`IllegalTransitionError` (nothing changes)."""
    target = TRANSITIONS.get((state, step))
    if target is None and has_live and state in (S.DRAFT, S.IN_REVIEW, S.APPROVED):
        target = LIVE_STEPS.get(step)
    if target is None:
        raise IllegalTransitionError(
            subject,
            state.value,
            step.value,
            [s.value for s in allowed_steps(state, has_live=has_live)],
        )
    return target
