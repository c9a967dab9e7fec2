"""A 政府信息公开申请 form as an office types it in, for the 依申请公开 tests."""

from __future__ import annotations

from typing import Any

RESIDENT_ID = "11010519491231002X"


def application_form(
    received: str = "2026-03-02",
    description: str = "本镇2025年农村危房改造补助名单",
    **over: Any,
) -> dict[str, Any]:
    """张三's application handed in at the counter on ``received``; ``over`` replaces whole
    sections (``applicant``, ``contact``, ``request``, ``arrival``)."""
    form: dict[str, Any] = {
        "applicant": {"kind": "自然人", "name": "张三", "id_number": RESIDENT_ID},
        "contact": {"phone": "13812345678"},
        "request": {"description": description},
        "arrival": {"route": "当面", "handed_in_on": received},
    }
    form.update(over)
    return form
