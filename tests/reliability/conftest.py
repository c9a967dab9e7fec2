"""The reliability suite's counts: each test adds to ``rel_kit.LEDGER``; at the end of the
session they go to ``test-artifacts/reliability-summary.json`` (copied into
docs/reliability.md by hand)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
import rel_kit

SUMMARY = rel_kit.REPO / "test-artifacts" / "reliability-summary.json"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not rel_kit.LEDGER:
        return
    areas = {name: asdict(entry) for name, entry in sorted(rel_kit.LEDGER.items())}
    totals = {
        key: sum(a[key] for a in areas.values()) for key in ("runs", "faults", "lost", "duplicated")
    }
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(
        json.dumps(
            {"exit_status": int(exitstatus), "totals": totals, "areas": areas},
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


@pytest.fixture
def summary_path() -> Path:
    return SUMMARY
