"""An office behind a real uvicorn server, with a token for each of its people."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gov_disclosure.http.app_factory import create_app
from gov_disclosure.http.tokens import TokenRepository
from testsupport.core import FixedClock
from testsupport.http_office import PEOPLE, Office, office_app
from testsupport.http_server import running


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    clock = FixedClock(datetime(2026, 3, 5, 9, 0).astimezone())
    app = office_app(tmp_path, clock)
    repo = TokenRepository(app)
    tokens = {p["id"]: repo.create(p["id"], "admin", timedelta(days=90)).secret for p in PEOPLE}
    with running(create_app(app)) as url:
        yield Office(app, url, tokens, clock)
