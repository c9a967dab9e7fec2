"""保密审查 and approval: screen, submit, approve, reject, override, status, queue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...app import App
from ..auth import Actor, Core
from ..errors import RESPONSES
from ..schemas import ItemOut, OverrideIn, ReasonIn, ReviewStatusOut
from .items import item_key, item_out

router = APIRouter(tags=["review 审查"], responses=RESPONSES)


def status_out(app: App, key: int | str) -> ReviewStatusOut:
    st = app.review_status(key)
    return ReviewStatusOut(
        item_id=st.item_id,
        edition=st.edition,
        stages=list(st.stages),
        passed=[tuple(p) for p in st.passed],  # type: ignore[misc]
        next_stage=st.next_stage,
        findings=list(st.findings),
        overridden=sorted(st.overridden),
        blocking=st.blocking,
    )


@router.post("/items/{key:path}/screen", summary="Screen the newest edition (no state change)")
def screen(key: str, app: Core, actor: Actor) -> list[dict[str, Any]]:
    """Findings: markings (密级标志), 身份证号, phone numbers … with their rule and severity."""
    return app.screen_findings(item_key(key))


@router.post("/items/{key:path}/submit", summary="Submit for review (screened on the way)")
def submit(key: str, app: Core, actor: Actor) -> ReviewStatusOut:
    app.submit(item_key(key), actor)
    return status_out(app, item_key(key))


@router.post("/items/{key:path}/approve", summary="Approve the next stage (the last publishes)")
def approve(key: str, app: Core, actor: Actor) -> ItemOut:
    return item_out(app, app.approve(item_key(key), actor))


@router.post("/items/{key:path}/reject", summary="Send back to the author with a reason")
def reject(key: str, body: ReasonIn, app: Core, actor: Actor) -> ItemOut:
    return item_out(app, app.reject(item_key(key), actor, body.reason))


@router.post("/items/{key:path}/override", summary="Override one blocking finding, with a reason")
def override(key: str, body: OverrideIn, app: Core, actor: Actor) -> ReviewStatusOut:
    app.override(item_key(key), actor, body.finding, body.reason)
    return status_out(app, item_key(key))


@router.get("/items/{key:path}/review", summary="Where the newest edition stands")
def review_status(key: str, app: Core, actor: Actor) -> ReviewStatusOut:
    return status_out(app, item_key(key))


@router.get("/review/queue", summary="What waits for the token's actor")
def queue(app: Core, actor: Actor) -> list[ReviewStatusOut]:
    return [status_out(app, st.item_id) for st in app.review_queue(actor)]
