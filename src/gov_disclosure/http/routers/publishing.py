"""Publishing: run due work, the outbox's deliveries and their receipts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from ..auth import Actor, Core
from ..errors import RESPONSES
from ..schemas import DeliveryOut

router = APIRouter(tags=["publishing 发布"], responses=RESPONSES)

DeliveryState = Literal["pending", "running", "failed", "dead", "done", "skipped", "cancelled"]


@router.post("/run", summary="Do all due work once (publish, expire, deliver, retry)")
def run(app: Core, actor: Actor) -> dict[str, Any]:
    """What ``gov-disclosure run`` does; safe to call while cron runs it too."""
    return app.run()


@router.get("/deliveries", summary="Deliveries, newest first, with receipts and errors")
def deliveries(
    app: Core,
    actor: Actor,
    state: DeliveryState | None = None,
    item_id: Annotated[int | None, Query(ge=1)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[DeliveryOut]:
    rows = app.deliveries(state=state, item_id=item_id, limit=limit)
    return [DeliveryOut(**r) for r in rows]
