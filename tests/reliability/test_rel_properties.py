"""Properties (hypothesis): SMS segment counts against the ``gsm0338`` codec and UTF-16;
random walks through the item and the application state machines, with random actors, never
reach a state the diagram forbids, and every refused step changes no row.

(Working-day arithmetic and masking have their properties in tests/test_workdays_properties.py
and tests/test_review_masking.py, full-width and mixed text included.)"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest
import rel_kit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gov_disclosure.app import App
from gov_disclosure.applications import ApplicationService
from gov_disclosure.applications.models import ApplicationState
from gov_disclosure.applications.tables import application_events, applications
from gov_disclosure.errors import GovDisclosureError
from gov_disclosure.lifecycle import LIVE_STEPS, TRANSITIONS, Step
from gov_disclosure.models import ItemState
from gov_disclosure.store.tables import deliveries, editions, items, review_decisions
from gov_disclosure.workdays import CHINA_TZ
from testsupport.applications import application_form
from testsupport.core import draft, publish_through_review

gsm0338 = pytest.importorskip("gsm0338")  # the independent GSM 03.38 codec

# --- SMS segments -------------------------------------------------------------------------


def reference_parts(text: str) -> int:
    """Billed parts, from the gsm0338 codec (GSM-7) or UTF-16 (UCS-2), packed greedily."""
    if not text:
        return 0
    try:
        costs = [len(ch.encode("gsm03.38")) for ch in text]  # escape pairs are 2 septets
        single, per_part = 160, 153
    except UnicodeEncodeError:
        costs = [len(ch.encode("utf-16-be")) // 2 for ch in text]  # surrogate pairs are 2
        single, per_part = 70, 67
    if sum(costs) <= single:
        return 1
    parts, used = 1, 0
    for cost in costs:
        if used + cost > per_part:
            parts, used = parts + 1, 0
        used += cost
    return parts


sms_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("abcXYZ019 @£$¥èéΔ_\n\r.,!?-"),
        st.sampled_from("^{}\\[~]|€\f"),
        st.sampled_from("示例镇政务公开【】，。、通知"),
        st.sampled_from("😀𠀀𪚥"),
    ),
    max_size=500,
)


@settings(max_examples=400, deadline=None)
@given(sms_text, st.integers(0, 2))
def test_count_parts_matches_an_independent_reference(text: str, repeat: int) -> None:
    from gov_disclosure_sms import count_parts

    text = text * (repeat + 1)
    assert count_parts(text) == reference_parts(text)
    rel_kit.record("properties", runs=1)


def test_the_reference_is_not_trivially_the_same() -> None:
    assert reference_parts("a" * 160) == 1 and reference_parts("a" * 161) == 2
    assert reference_parts("€" * 80) == 1 and reference_parts("€" * 81) == 2
    assert reference_parts("中" * 70) == 1 and reference_parts("中" * 71) == 2
    assert reference_parts("😀" * 35) == 1 and reference_parts("😀" * 36) == 2


# --- the item state machine ----------------------------------------------------------------

S = ItemState
ONE_ACTION = (
    {(s, t) for (s, _), t in TRANSITIONS.items()}
    | {(S.IN_REVIEW, S.PUBLISHED)}  # the last approval publishes at once
    | {(s, t) for s in (S.DRAFT, S.IN_REVIEW, S.APPROVED) for t in LIVE_STEPS.values()}
)
ACTORS = ["clerk", "chief", "deputy", "mayor", "nobody"]
ITEM_STEPS = ["submit", "approve", "reject", "override", "revise", "withdraw", "repeal", "run"]


def item_rows(app: App, item_id: int) -> dict[str, list[tuple[Any, ...]]]:
    with app.store.engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(select(t).where(col == item_id))), key=repr)
            for t, col in (
                (items, items.c.id),
                (editions, editions.c.item_id),
                (review_decisions, review_decisions.c.item_id),
                (deliveries, deliveries.c.item_id),
            )
        }


def _item_step(app: App, item_id: int, step: str, actor: str, n: int) -> None:
    if step == "submit":
        app.submit(item_id, actor)
    elif step == "approve":
        app.approve(item_id, actor)
    elif step == "reject":
        app.reject(item_id, actor, "请修改")
    elif step == "override":
        blocking = app.review_status(item_id).blocking
        app.override(item_id, actor, blocking[0] if blocking else 0, "经核实可以公开")
    elif step == "revise":
        app.revise(item_id, draft(title=f"示例镇通知（第{n}稿）"), actor)
    elif step == "withdraw":
        app.withdraw(item_id, actor, "内容有误")
    elif step == "repeal":
        app.repeal(item_id, actor, "已被新文件替代")
    else:
        app.run()


walks = st.lists(st.tuples(st.sampled_from(ITEM_STEPS), st.sampled_from(ACTORS)), max_size=14)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(walks, st.booleans())
def test_item_walks_stay_on_the_diagram(
    app: App, walk: list[tuple[str, str]], secret: bool
) -> None:
    body = "本文件为机密★10年。" if secret else "一、基本情况"
    item_id = app.create_item(draft(body=body), "clerk").id
    for n, (step, actor) in enumerate(walk):
        before = item_rows(app, item_id)
        old = app.item(item_id).state
        try:
            _item_step(app, item_id, step, actor, n)
        except GovDisclosureError:
            assert item_rows(app, item_id) == before, f"refused {step} by {actor} changed rows"
            rel_kit.record("state machines (random walks)", runs=1, faults=1)
            continue
        new = app.item(item_id).state
        assert new == old or (old, new) in ONE_ACTION, f"{step} by {actor}: {old} -> {new}"
        rel_kit.record("state machines (random walks)", runs=1)


def test_a_long_seeded_walk_covers_the_diagram(app: App) -> None:
    """The same check over 400 steps on 8 items, biased to the right actors half the time,
    so that published, withdrawn and repealed items are reached."""
    rng = random.Random(13)
    right = {
        "submit": "clerk",
        "approve": None,
        "reject": "chief",
        "override": "chief",
        "revise": "clerk",
        "withdraw": "deputy",
        "repeal": "deputy",
        "run": "clerk",
    }
    ids = [app.create_item(draft(title=f"示例镇通知{i}"), "clerk").id for i in range(8)]
    for item_id in ids[:4]:  # half start published, so withdraw and repeal have work
        publish_through_review(app, item_id)
    seen: set[ItemState] = {app.item(i).state for i in ids}
    for n in range(400):
        item_id, step = rng.choice(ids), rng.choice(ITEM_STEPS)
        actor = right[step] or rng.choice(["chief", "deputy"])
        actor = actor if rng.random() < 0.6 else rng.choice(ACTORS)
        before, old = item_rows(app, item_id), app.item(item_id).state
        try:
            _item_step(app, item_id, step, actor, n)
        except GovDisclosureError:
            assert item_rows(app, item_id) == before, f"refused {step} by {actor} changed rows"
            continue
        new = app.item(item_id).state
        assert new == old or (old, new) in ONE_ACTION, f"{step} by {actor}: {old} -> {new}"
        seen.add(new)
    rel_kit.record(
        "state machines (random walks)", runs=400, note=f"seeded walk saw {len(seen)} states"
    )
    assert {S.IN_REVIEW, S.PUBLISHED, S.WITHDRAWN, S.REPEALED} <= seen, seen


def test_the_diagram_table_is_what_the_walk_checks() -> None:
    assert (S.DRAFT, S.PUBLISHED) not in ONE_ACTION
    assert (S.WITHDRAWN, S.PUBLISHED) not in ONE_ACTION
    assert TRANSITIONS[(S.PUBLISHED, Step.WITHDRAW)] is S.WITHDRAWN


# --- the application state machine ---------------------------------------------------------

A = ApplicationState
APP_MOVES = {
    (A.OPEN, A.AWAITING_SUPPLEMENT),
    (A.AWAITING_SUPPLEMENT, A.OPEN),
    (A.OPEN, A.CLOSED),
    (A.AWAITING_SUPPLEMENT, A.CLOSED),
}
APP_STEPS = [
    "supplement",
    "supplement_received",
    "consult",
    "answer",
    "extend",
    "fee_notice",
    "fee_paid",
    "reply",
    "abandon",
    "close_unpaid",
]
FORM = application_form("2026-03-02")


def app_rows(app: App, key: int) -> dict[str, list[tuple[Any, ...]]]:
    with app.store.engine.connect() as conn:
        return {
            "applications": sorted(
                map(tuple, conn.execute(select(applications).where(applications.c.id == key))),
                key=repr,
            ),
            "events": sorted(
                map(
                    tuple,
                    conn.execute(
                        select(application_events).where(application_events.c.application_id == key)
                    ),
                ),
                key=repr,
            ),
        }


def _app_step(service: ApplicationService, key: int, step: str, actor: str) -> None:
    if step == "supplement":
        service.request_supplement(key, actor, items="补充身份证明")
    elif step == "supplement_received":
        service.supplement_received(key, actor)
    elif step == "consult":
        service.start_consultation(key, actor, party="third_party", name="某建筑公司")
    elif step == "answer":
        started = [e.id for e in service.get(key).events if e.kind.value == "consult_started"]
        service.answer_consultation(key, actor, started[-1] if started else 0, opinion="同意")
    elif step == "extend":
        service.extend(key, actor, days=10, reason="需要协调")
    elif step == "fee_notice":
        service.fee_notice(key, actor, method="pages", pages=400)
    elif step == "fee_paid":
        service.fee_paid(key, actor)
    elif step == "reply":
        service.reply(key, actor, type="予以公开")
    elif step == "abandon":
        service.abandon(key, actor)
    else:
        service.close_unpaid(key, actor)


app_walks = st.lists(
    st.tuples(st.sampled_from(APP_STEPS), st.sampled_from(ACTORS), st.integers(0, 12)),
    max_size=12,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(app_walks)
def test_application_walks_stay_on_the_diagram(app: App, clock, walk) -> None:  # type: ignore[no-untyped-def]
    clock.at = datetime(2026, 3, 3, 9, 0, tzinfo=CHINA_TZ)
    service = ApplicationService(app)
    key = service.new(FORM, "clerk").id
    for step, actor, days in walk:
        clock.at += timedelta(days=days)
        before = app_rows(app, key)
        old = service.get(key).state
        try:
            _app_step(service, key, step, actor)
        except GovDisclosureError:
            assert app_rows(app, key) == before, f"refused {step} by {actor} changed rows"
            rel_kit.record("state machines (random walks)", runs=1, faults=1)
            continue
        new = service.get(key).state
        assert new == old or (old, new) in APP_MOVES, f"{step}: {old} -> {new}"
        assert old is not A.CLOSED, f"{step} by {actor} succeeded on a closed application"
        rel_kit.record("state machines (random walks)", runs=1)
