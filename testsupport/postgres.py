"""A real PostgreSQL server for the tests, started once per session in a temporary folder
(:class:`testsupport.pgserver.PostgresServer`). Each test gets a database of its own
(``pg_url`` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testsupport.pgserver import PostgresServer, ServerBinariesMissing

__all__ = ["PostgresServer", "pg_url", "postgres_server"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer()
    except ServerBinariesMissing as exc:
        pytest.fail(f"{exc}: run the README's test command")
    yield server
    server.destroy()


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> str:
    """A URL of a new, empty database on the session's PostgreSQL server."""
    return postgres_server.create_database()
