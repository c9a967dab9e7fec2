"""Schemathesis sends requests generated from docs/openapi.json to a live server: no 5xx, every
status, content type and body as documented. Bounded: a few examples per operation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from gov_disclosure.http.app_factory import create_app
from gov_disclosure.http.tokens import TokenRepository
from testsupport.core import FixedClock
from testsupport.http_office import office_app
from testsupport.http_server import running

ROOT = Path(__file__).resolve().parents[2]
BOUNDS = {
    # fuzzing and the spec's examples; the exhaustive coverage phase is left to a deeper run
    "phases": {"coverage": {"enabled": False}},
    "generation": {"max-examples": 3},
}
SCHEMA = schemathesis.openapi.from_path(
    ROOT / "docs/openapi.json", config=schemathesis.Config.from_dict(BOUNDS)
)
EVERY_ROLE = ["经办人", "科室审核", "保密审查员", "分管领导把关", "主要领导审批", "管理员"]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A server whose token belongs to someone with every role, so writes get past the roles."""
    from gov_disclosure.models import Actor

    clock = FixedClock(datetime(2026, 3, 5, 9, 0).astimezone())
    app = office_app(tmp_path_factory.mktemp("fuzz"), clock, {"rate_limit_per_minute": 0})
    app.add_actor(
        Actor(id="omni", name="全能", unit="办公室", roles=frozenset(EVERY_ROLE)), "admin"
    )
    secret = TokenRepository(app).create("omni", "admin", timedelta(days=1)).secret
    with running(create_app(app)) as url:
        yield url, {"Authorization": f"Bearer {secret}"}


@SCHEMA.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_live_server_keeps_the_documents_promises(case, live) -> None:  # type: ignore[no-untyped-def]
    url, headers = live
    case.call_and_validate(
        base_url=url,
        headers=headers,
        timeout=120,  # an annual report is built on a busy machine
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
