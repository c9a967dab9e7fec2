"""The OpenAPI document: served live, committed as docs/openapi.json, current; the CLI does not
import FastAPI; the token table's migration matches its code."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import requests
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import gov_disclosure.http.tables  # noqa: F401  (puts the tables on the metadata)
from gov_disclosure.store.engine import make_store_engine
from gov_disclosure.store.migrate import upgrade
from gov_disclosure.store.tables import metadata
from testsupport.http_office import Office

ROOT = Path(__file__).resolve().parents[2]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_openapi", ROOT / "scripts/gen_openapi.py")
    gen = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(gen)  # type: ignore[union-attr]
    return gen


def test_the_committed_document_is_current() -> None:
    current = (ROOT / "docs/openapi.json").read_text(encoding="utf-8")
    assert _generator().render() == current, (
        "docs/openapi.json is stale: run scripts/gen_openapi.py"
    )


def test_the_server_serves_openapi_31_and_docs(office: Office) -> None:
    served = requests.get(f"{office.url}/openapi.json").json()
    assert served["openapi"].startswith("3.1")
    committed = json.loads((ROOT / "docs/openapi.json").read_text(encoding="utf-8"))
    assert served["paths"].keys() == committed["paths"].keys()
    assert served["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    page = requests.get(f"{office.url}/docs")
    assert page.status_code == 200 and "swagger" in page.text.lower()


def test_the_cli_does_not_import_fastapi() -> None:
    code = (
        "import sys; from gov_disclosure.cli import main; main._mount(); "
        "print('fastapi' in sys.modules, 'uvicorn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def _http_table_diffs(engine) -> list[object]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, metadata)
    return [
        d for d in diffs if any(f"'{t}'" in repr(d) for t in ("api_tokens", "idempotency_keys"))
    ]


def test_the_migration_upgrades_0001_to_exactly_the_http_tables(db_url: str) -> None:
    """From the core revision to heads, on SQLite and PostgreSQL."""
    engine = make_store_engine(db_url)
    upgrade(engine, target="0001")
    missing = {
        d[1].name for d in _http_table_diffs(engine) if isinstance(d, tuple) and d[0] == "add_table"
    }
    assert missing == {"api_tokens", "idempotency_keys"}
    upgrade(engine, target="heads")
    assert _http_table_diffs(engine) == []
    engine.dispose()
