"""The one table of who may do what (gov_disclosure.authority), proven two ways:

- exhaustively over every action × item state (live edition or not) × every set of roles:
  an actor without a role of the action is refused *whatever the state*; with it, the action
  is refused exactly in the states where the diagram (written out again here by hand) forbids
  it;
- with hypothesis through ``App``: an item brought into each state, a fresh actor with random
  roles, a random action: the App refuses exactly when :func:`authority.decide` says so, each
  refusal changes no row and writes one ``refused`` audit entry with its kind.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import combinations
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gov_disclosure import authority
from gov_disclosure.app import App
from gov_disclosure.authority import Action, Policy, decide
from gov_disclosure.authority.admin import register
from gov_disclosure.errors import GovDisclosureError, IllegalTransitionError, PermissionDeniedError
from gov_disclosure.models import Actor, ItemState
from gov_disclosure.publishing import outbox
from gov_disclosure.store.tables import actors, audit_log, editions, items, review_decisions
from testsupport.core import draft, publish_through_review

S = ItemState
POLICY = Policy(
    stages={
        "routine": ("科室审核", "分管领导把关"),
        "important": ("科室审核", "分管领导把关", "主要领导审批"),
    }
)
ROLES = (
    "管理员",
    "经办人",
    "科室审核",
    "分管领导把关",
    "主要领导审批",
    "保密审查员",
    "信息发布员",
    "门卫",
)

# The roles of each action, written out by hand from docs/review.md (not from the code).
EXPECTED_ROLES: dict[Action, set[str]] = {
    Action.ACTOR_ADD: {"管理员"},
    Action.ACTOR_ROLES: {"管理员"},
    Action.ACTOR_DISABLE: {"管理员"},
    Action.ORG_ADD: {"管理员"},
    Action.ORG_EDIT: {"管理员"},
    Action.ORG_DISABLE: {"管理员"},
    Action.ITEM_CREATE: {"经办人", "科室审核", "分管领导把关", "主要领导审批"},
    Action.ITEM_EDIT: {"经办人", "科室审核", "分管领导把关", "主要领导审批"},
    Action.ITEM_DELETE: {"经办人", "科室审核", "分管领导把关", "主要领导审批"},
    Action.ITEM_WITHHOLD: {"分管领导把关", "主要领导审批", "保密审查员"},
    Action.REVIEW_SUBMIT: {"经办人", "科室审核", "分管领导把关", "主要领导审批"},
    Action.REVIEW_APPROVE: {"科室审核", "分管领导把关", "主要领导审批"},
    Action.REVIEW_REJECT: {"科室审核", "分管领导把关", "主要领导审批"},
    Action.REVIEW_OVERRIDE: {"保密审查员"},
    Action.REVIEW_CLEAR: {"保密审查员"},
    Action.ITEM_WITHDRAW: {"分管领导把关", "主要领导审批"},
    Action.ITEM_REPEAL: {"分管领导把关", "主要领导审批"},
    Action.CHANNEL_SEND: {"信息发布员", "分管领导把关", "主要领导审批"},
    Action.APPLICATION_HANDLE: {"经办人", "科室审核"},
    Action.APPLICATION_REPLY: {"科室审核", "分管领导把关", "主要领导审批"},
    Action.APPLICATION_EXTEND: {"主要领导审批"},
    Action.COMPLAINT_RECORD: {"*"},  # any active actor
}
EARLY = (S.DRAFT, S.IN_REVIEW, S.APPROVED)
# The states (and "with a live edition") in which each item action is legal: DESIGN.md §3.
LEGAL: dict[Action, set[tuple[ItemState, bool]]] = {
    Action.ITEM_EDIT: {
        (s, h) for s in (S.DRAFT, S.IN_REVIEW, S.PUBLISHED, S.EXPIRED) for h in (False, True)
    },
    Action.ITEM_WITHHOLD: {(s, h) for s in (S.DRAFT, S.IN_REVIEW) for h in (False, True)},
    Action.REVIEW_SUBMIT: {
        (S.DRAFT, False),
        (S.DRAFT, True),
        (S.IN_REVIEW, False),
        (S.IN_REVIEW, True),
    },
    Action.REVIEW_APPROVE: {(S.IN_REVIEW, False), (S.IN_REVIEW, True)},
    Action.REVIEW_OVERRIDE: {(S.IN_REVIEW, False), (S.IN_REVIEW, True)},
    Action.REVIEW_CLEAR: {(S.IN_REVIEW, False), (S.IN_REVIEW, True)},
    Action.REVIEW_REJECT: {(S.IN_REVIEW, h) for h in (False, True)}
    | {(S.APPROVED, h) for h in (False, True)},
    Action.ITEM_WITHDRAW: {
        (s, h) for s in (S.PUBLISHED, S.EXPIRED, S.REPEALED) for h in (False, True)
    }
    | {(s, True) for s in EARLY},
    Action.ITEM_REPEAL: {(s, h) for s in (S.PUBLISHED, S.EXPIRED) for h in (False, True)}
    | {(s, True) for s in EARLY},
    Action.CHANNEL_SEND: {(S.PUBLISHED, h) for h in (False, True)} | {(s, True) for s in EARLY},
}


def test_the_table_is_the_documented_one() -> None:
    assert {a: set(r) for a, r in POLICY.table.items()} == EXPECTED_ROLES


def all_role_sets() -> list[frozenset[str]]:
    return [frozenset(c) for n in range(len(ROLES) + 1) for c in combinations(ROLES, n)]


@pytest.mark.parametrize("action", list(Action), ids=str)
def test_every_state_every_role_set(action: Action) -> None:
    """2^8 role sets × every state × live or not, for each action: role first, then the state."""
    checked = 0
    for roles in all_role_sets():
        has_role = "*" in EXPECTED_ROLES[action] or bool(roles & EXPECTED_ROLES[action])
        for state in [None, *S]:
            for live in (False, True):
                got = decide(POLICY, action, roles, state, has_live=live)
                if not has_role:
                    assert got is not None and got.kind == "role", (roles, state, live)
                elif state is None or action not in LEGAL:
                    assert got is None
                elif (state, live) in LEGAL[action]:
                    assert got is None, (roles, state, live)
                else:
                    assert got is not None and got.kind == "illegal_transition"
                checked += 1
    assert checked == 2 ** len(ROLES) * (len(S) + 1) * 2


def test_narrowed_roles_for_a_stage_and_an_approved_item() -> None:
    approve = decide(POLICY, Action.REVIEW_APPROVE, {"分管领导把关"}, S.IN_REVIEW, stage="科室审核")
    assert approve is not None and approve.kind == "role"
    late = decide(POLICY, Action.REVIEW_REJECT, {"科室审核"}, S.APPROVED, item_class="routine")
    assert late is not None and late.kind == "role"  # an approved item: only the last stage
    assert (
        decide(POLICY, Action.REVIEW_REJECT, {"分管领导把关"}, S.APPROVED, item_class="routine")
        is None
    )


# --- through the App ------------------------------------------------------------------------

STATES = (
    "draft",
    "in_review",
    "approved",
    "published",
    "revised",
    "expired",
    "withdrawn",
    "repealed",
)
APP_ACTIONS = (
    Action.ITEM_CREATE,
    Action.ITEM_EDIT,
    Action.REVIEW_SUBMIT,
    Action.REVIEW_APPROVE,
    Action.REVIEW_REJECT,
    Action.REVIEW_OVERRIDE,
    Action.ITEM_WITHDRAW,
    Action.ITEM_REPEAL,
    Action.ACTOR_ADD,
    Action.CHANNEL_SEND,
)


def item_in(app: App, state: str) -> int:
    later = app.clock() + timedelta(days=30)
    over: dict[str, Any] = {"publish_at": later.replace(tzinfo=None)} if state == "approved" else {}
    item = app.create_item(draft(**over), "clerk")
    if state == "draft":
        return item.id
    if state == "in_review":
        app.submit(item.id, "clerk")
        return item.id
    publish_through_review(app, item.id)
    if state == "revised":
        app.revise(item.id, draft(title="示例镇2026年部门预算（更正）"), "clerk")
    elif state == "expired":
        with app.store.transaction() as conn:
            outbox.expire(conn, item.id, now=app.utc_now())
    elif state == "withdrawn":
        app.withdraw(item.id, "deputy", "撤回")
    elif state == "repealed":
        app.repeal(item.id, "deputy", "已被新文件替代")
    return item.id


def attempt(app: App, action: Action, actor: str, item_id: int) -> None:
    if action is Action.ITEM_CREATE:
        app.create_item(draft(), actor)
    elif action is Action.ITEM_EDIT:
        app.revise(item_id, draft(title="改"), actor)
    elif action is Action.REVIEW_SUBMIT:
        app.submit(item_id, actor)
    elif action is Action.REVIEW_APPROVE:
        app.approve(item_id, actor)
    elif action is Action.REVIEW_REJECT:
        app.reject(item_id, actor, "退回")
    elif action is Action.REVIEW_OVERRIDE:
        app.override(item_id, actor, 0, "可以公开")
    elif action is Action.ITEM_WITHDRAW:
        app.withdraw(item_id, actor, "撤回")
    elif action is Action.ITEM_REPEAL:
        app.repeal(item_id, actor, "废止")
    elif action is Action.ACTOR_ADD:
        app.add_actor(Actor(id=f"n{item_id}", name=f"新人{item_id}", unit="办"), actor)
    elif action is Action.CHANNEL_SEND:
        app.authorize_send("recorder", actor, item_id)


def rows(app: App) -> list[Any]:
    with app.store.engine.connect() as conn:
        return [
            sorted(map(tuple, conn.execute(select(t))), key=repr)
            for t in (items, editions, review_decisions, actors)
        ]


def refused(app: App) -> list[Any]:
    with app.store.engine.connect() as conn:
        return conn.execute(select(audit_log).where(audit_log.c.action == "refused")).all()


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    state=st.sampled_from(STATES),
    roles=st.frozensets(st.sampled_from(ROLES[:-1])),  # an unknown role cannot be granted
    action=st.sampled_from(APP_ACTIONS),
)
def test_app_refuses_exactly_what_the_table_refuses(
    app: App, state: str, roles: frozenset[str], action: Action
) -> None:
    item_id = item_in(app, state)
    actor = f"a{item_id}"
    with app.store.transaction() as conn:
        person = Actor(id=actor, name=f"测试{actor}", unit="测试", roles=roles)
        register(conn, app.policy, person, "system")
    item = app.item(item_id)
    stage = app.review_status(item_id).next_stage
    expected = decide(
        app.policy,
        action,
        roles,
        None if action in (Action.ITEM_CREATE, Action.ACTOR_ADD) else item.state,
        has_live=item.live_edition is not None,
        stage=stage,
        item_class="routine",
    )
    before, logged = rows(app), len(refused(app))
    try:
        attempt(app, action, actor, item_id)
        outcome = None
    except PermissionDeniedError as exc:
        outcome = exc.kind
    except IllegalTransitionError:
        outcome = "illegal_transition"
    except GovDisclosureError:  # e.g. no blocking finding to override: allowed, then refused
        outcome = "other"
    if expected is None:
        assert outcome in (None, "other"), (state, roles, action, outcome)
        return
    assert outcome == expected.kind, (state, roles, action, outcome, expected)
    assert rows(app) == before
    after = refused(app)
    assert len(after) == logged + 1 and after[-1].actor == actor
    assert authority.may_do(app, actor, action) is (
        expected.kind != "role" or bool(roles & app.policy.roles_for(action))
    )


def test_docs_show_the_table() -> None:
    """docs/review.md's roles × actions table is the one the code uses by default."""
    from pathlib import Path

    from gov_disclosure.config import load_config

    doc = (Path(__file__).parents[1] / "docs" / "review.md").read_text(encoding="utf-8")
    shown = doc.split("<!-- roles-table")[1].split("<!-- /roles-table -->")[0]
    rows = [line.split("|")[1:4] for line in shown.splitlines() if line.startswith("| `")]
    documented = {cells[0].strip(" `"): {r for r in cells[2].strip().split("、")} for cells in rows}
    policy = Policy.from_config(load_config({}))
    expected = {
        a: ({"任何在用人员 (any active actor)"} if roles == ["*"] else set(roles))
        for a, _, roles in authority.describe(policy)
    }
    assert documented == expected
