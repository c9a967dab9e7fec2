"""Who may do what: the one table of action → roles, and the legality of each item action.

"谁公开、谁审查、谁负责": every state-changing command and API method asks
:meth:`Policy.roles_for` which roles may do it, *before* looking at the item's state, so an
actor without the role is refused whatever state the item is in. :func:`decide` is the whole
rule as a pure function (role first, then the state), tested exhaustively over states × roles ×
actions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ..errors import IllegalTransitionError
from ..lifecycle import Step, next_state
from ..models import ItemState

ADMIN_ROLE = "管理员"
DRAFTER_ROLE = "经办人"
SENDER_ROLE = "信息发布员"
ANY_ACTIVE = "*"  # in the table: any registered, active actor, whatever their roles


class Action(StrEnum):
    """Every state-changing action, with the Chinese label office staff see."""

    ACTOR_ADD = "actor.add"
    ACTOR_ROLES = "actor.roles"
    ACTOR_DISABLE = "actor.disable"
    ORG_ADD = "org.add"
    ORG_EDIT = "org.edit"
    ORG_DISABLE = "org.disable"
    ITEM_CREATE = "item.create"
    ITEM_EDIT = "item.edit"
    ITEM_DELETE = "item.delete"
    ITEM_WITHHOLD = "item.withhold"
    REVIEW_SUBMIT = "review.submit"
    REVIEW_APPROVE = "review.approve"
    REVIEW_REJECT = "review.reject"
    REVIEW_OVERRIDE = "review.override"
    REVIEW_CLEAR = "review.clear"
    ITEM_WITHDRAW = "item.withdraw"
    ITEM_REPEAL = "item.repeal"
    CHANNEL_SEND = "channel.send"
    APPLICATION_HANDLE = "application.handle"
    APPLICATION_REPLY = "application.reply"
    APPLICATION_EXTEND = "application.extend"
    COMPLAINT_RECORD = "complaint.record"

    @property
    def label(self) -> str:
        return LABELS[self]


A = Action
LABELS: dict[Action, str] = {
    A.ACTOR_ADD: "登记人员",
    A.ACTOR_ROLES: "调整人员角色",
    A.ACTOR_DISABLE: "停用人员",
    A.ORG_ADD: "登记机关、单位",
    A.ORG_EDIT: "修改机关、单位信息",
    A.ORG_DISABLE: "停用机关、单位",
    A.ITEM_CREATE: "起草公开事项",
    A.ITEM_EDIT: "修改（新版本）",
    A.ITEM_DELETE: "删除草稿（从未送审）",
    A.ITEM_WITHHOLD: "决定不予公开",
    A.REVIEW_SUBMIT: "送审",
    A.REVIEW_APPROVE: "审核通过本环节",
    A.REVIEW_REJECT: "退回修改",
    A.REVIEW_OVERRIDE: "保密审查放行",
    A.REVIEW_CLEAR: "批准公开个人信息原文（第二名保密审查员）",
    A.ITEM_WITHDRAW: "撤回",
    A.ITEM_REPEAL: "废止",
    A.CHANNEL_SEND: "渠道发送（流水线外）",
    A.APPLICATION_HANDLE: "依申请公开办理（登记、补正、征求意见、收费）",
    A.APPLICATION_REPLY: "依申请公开答复",
    A.APPLICATION_EXTEND: "依申请公开延期",
    A.COMPLAINT_RECORD: "登记、答复举报投诉",
}

# The lifecycle steps behind each item action (DESIGN.md section 3); an action is legal in a
# state when one of its steps is, plus the extra states listed below.
ITEM_STEPS: dict[Action, tuple[Step, ...]] = {
    A.ITEM_EDIT: (Step.EDIT, Step.REVISE),
    A.ITEM_WITHHOLD: (Step.WITHHOLD,),
    A.REVIEW_SUBMIT: (Step.SUBMIT,),
    A.REVIEW_APPROVE: (Step.APPROVE,),
    A.REVIEW_REJECT: (Step.REJECT,),
    A.REVIEW_OVERRIDE: (Step.APPROVE,),  # overriding a finding is part of approving
    A.REVIEW_CLEAR: (Step.APPROVE,),
    A.ITEM_WITHDRAW: (Step.WITHDRAW,),
    A.ITEM_REPEAL: (Step.REPEAL,),
}
EXTRA_STATES: dict[Action, frozenset[ItemState]] = {
    # submitting again while in review screens the newest text and restarts the stages
    A.REVIEW_SUBMIT: frozenset({ItemState.IN_REVIEW}),
}
# A send outside the pipeline goes out only while an edition is live and current news.
SENDABLE = frozenset({ItemState.PUBLISHED})


@dataclass(frozen=True)
class Refusal:
    """Why :func:`decide` says no: ``kind`` is ``role`` or ``illegal_transition``."""

    kind: str
    reason: str


@dataclass(frozen=True)
class Policy:
    """The roles of each action, resolved from the configuration.

    ``stages`` are the review stages per item class (a stage's name is the role that approves
    it); the roles of approving, rejecting, withdrawing and repealing follow from them.
    """

    stages: Mapping[str, tuple[str, ...]]
    override_role: str = "保密审查员"
    admin_role: str = ADMIN_ROLE
    drafter_roles: frozenset[str] = frozenset({DRAFTER_ROLE})
    send_roles: frozenset[str] = frozenset({SENDER_ROLE})
    handler_roles: frozenset[str] = frozenset({"经办人", "科室审核"})
    reply_roles: frozenset[str] = frozenset({"科室审核", "分管领导把关", "主要领导审批"})
    extension_roles: frozenset[str] = frozenset({"主要领导审批"})
    table: dict[Action, frozenset[str]] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        stage_roles = frozenset(r for s in self.stages.values() for r in s)
        final = frozenset(s[-1] for s in self.stages.values() if s)
        drafting = self.drafter_roles | stage_roles
        table = {
            A.ACTOR_ADD: frozenset({self.admin_role}),
            A.ACTOR_ROLES: frozenset({self.admin_role}),
            A.ACTOR_DISABLE: frozenset({self.admin_role}),
            A.ORG_ADD: frozenset({self.admin_role}),
            A.ORG_EDIT: frozenset({self.admin_role}),
            A.ORG_DISABLE: frozenset({self.admin_role}),
            A.ITEM_CREATE: drafting,
            A.ITEM_EDIT: drafting,
            A.ITEM_DELETE: drafting,
            A.ITEM_WITHHOLD: final | {self.override_role},
            A.REVIEW_SUBMIT: drafting,
            A.REVIEW_APPROVE: stage_roles,
            A.REVIEW_REJECT: stage_roles,
            A.REVIEW_OVERRIDE: frozenset({self.override_role}),
            A.REVIEW_CLEAR: frozenset({self.override_role}),
            A.ITEM_WITHDRAW: final,
            A.ITEM_REPEAL: final,
            A.CHANNEL_SEND: self.send_roles | final,
            A.APPLICATION_HANDLE: self.handler_roles,
            A.APPLICATION_REPLY: self.reply_roles,
            A.APPLICATION_EXTEND: self.extension_roles,
            # the responsible office's head answers a complaint, whatever their review roles
            A.COMPLAINT_RECORD: frozenset({ANY_ACTIVE}),
        }
        object.__setattr__(self, "table", table)

    @classmethod
    def from_config(cls, config: object) -> Policy:
        """The policy of a :class:`gov_disclosure.config.Config`."""
        from ..applications.settings import settings_from_config

        review = config.review  # type: ignore[attr-defined]
        auth = config.authority  # type: ignore[attr-defined]
        apps = settings_from_config(config.applications, config.base_dir)  # type: ignore[attr-defined]
        return cls(
            stages={k: tuple(v) for k, v in review.stages.items()},
            override_role=review.override_role,
            admin_role=auth.admin_role,
            drafter_roles=frozenset(auth.drafter_roles),
            send_roles=frozenset(auth.send_roles),
            handler_roles=frozenset(apps.handler_roles),
            reply_roles=frozenset(apps.reply_roles),
            extension_roles=frozenset({apps.extension_role}),
        )

    def roles_for(
        self,
        action: Action,
        *,
        stage: str | None = None,
        state: ItemState | None = None,
        item_class: str | None = None,
    ) -> frozenset[str]:
        """The roles that may do ``action``; narrower when the context is known: approving a
        stage needs that stage's role, rejecting an approved item its class's last stage."""
        if action is A.REVIEW_APPROVE and stage:
            return frozenset({stage})
        if action is A.REVIEW_REJECT:
            if state is ItemState.APPROVED and item_class is not None and item_class in self.stages:
                last = self.stages[item_class][-1:]
                return frozenset(last)
            if stage:
                return frozenset({stage})
        return self.table[action]

    def allows(self, roles: Iterable[str], action: Action, **context: object) -> bool:
        needed = self.roles_for(action, **context)  # type: ignore[arg-type]
        return ANY_ACTIVE in needed or bool(frozenset(roles) & needed)


def item_action_legal(action: Action, state: ItemState, *, has_live: bool = False) -> bool:
    """Whether the lifecycle allows ``action`` on an item in ``state`` (an action that does not
    move an item, such as registering an actor, is legal in any)."""
    if action not in ITEM_STEPS and action is not A.CHANNEL_SEND:
        return True
    if action is A.CHANNEL_SEND:
        return state in SENDABLE or (
            has_live and state in (ItemState.DRAFT, ItemState.IN_REVIEW, ItemState.APPROVED)
        )
    if state in EXTRA_STATES.get(action, frozenset()):
        return True
    for step in ITEM_STEPS.get(action, ()):
        try:
            next_state(state, step, has_live=has_live)
            return True
        except IllegalTransitionError:
            continue
    return False


def decide(
    policy: Policy,
    action: Action,
    roles: Iterable[str],
    state: ItemState | None = None,
    *,
    has_live: bool = False,
    stage: str | None = None,
    item_class: str | None = None,
) -> Refusal | None:
    """None when allowed, else the refusal: the role is checked first, whatever the state."""
    if not policy.allows(roles, action):
        return Refusal("role", f"needs one of {sorted(policy.roles_for(action))}")
    if state is not None and not item_action_legal(action, state, has_live=has_live):
        return Refusal("illegal_transition", f"cannot {action.value} when {state.value}")
    if not policy.allows(roles, action, stage=stage, state=state, item_class=item_class):
        needed = policy.roles_for(action, stage=stage, state=state, item_class=item_class)
        return Refusal("role", f"needs one of {sorted(needed)}")
    return None


def describe(policy: Policy) -> list[tuple[str, str, list[str]]]:
    """(action, Chinese label, roles) rows: the table docs/review.md shows."""
    return [(a.value, a.label, sorted(policy.table[a])) for a in Action]
