"""Revision bodies_0001: from every earlier revision, on SQLite and PostgreSQL, the records of
an older database (applications, complaints, reminders) go to the configured body, which is
registered when missing; every body gets its start date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from gov_disclosure.errors import ConfigError
from gov_disclosure.identifiers import credit_code_check_char
from gov_disclosure.plugins import make_plugin_manager, migration_dirs
from gov_disclosure.store.engine import make_store_engine
from gov_disclosure.store.migrate import alembic_config, current_heads, pending, upgrade
from gov_disclosure.workdays.clock import local_date
from testsupport.core import CREDIT

OWNED = ("applications", "complaints", "reminders_sent", "sms_subscribers")


def credit(n: int) -> str:
    first = f"11320000MB{n:07d}"
    return first + credit_code_check_char(first)


OTHER = credit(7654321)


def _dirs() -> tuple[str, ...]:
    return migration_dirs(make_plugin_manager())


def _earlier_revisions() -> list[str]:
    """Every revision before the bodies revisions (bodies_0001 and the SMS lists' sms_0004)."""
    script = ScriptDirectory.from_config(alembic_config(make_store_engine("sqlite://"), _dirs()))

    def ancestors(rev: str) -> set[str]:
        found = script.revision_map.iterate_revisions(
            rev, "base", inclusive=True, assert_relative_length=False
        )
        return {r.revision for r in found if r is not None}

    found = [r.revision for r in script.walk_revisions()]
    earlier = [r for r in found if not {"bodies_0001", "sms_0004"} & ancestors(r)]
    assert "0001" in earlier and "supervision_0002" in earlier and len(earlier) < len(found)
    return earlier


def _value(column: sa.Column, n: int) -> object:  # type: ignore[type-arg]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return n
    if isinstance(kind, sa.DateTime):
        return datetime(2025, 6, 1, 1, 0, tzinfo=UTC)
    if isinstance(kind, sa.Date):
        return date(2025, 6, 1)
    if isinstance(kind, sa.JSON):
        return {}
    return f"{column.name[:6]}-{n}"


def _seed_row(conn: sa.Connection, table: sa.Table, n: int, **fixed: object) -> None:
    """A row with every required column filled (whatever the table looks like at that
    revision), ``fixed`` ones as given."""
    values = dict(fixed)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        values[column.name] = _value(column, n)
    conn.execute(sa.insert(table).values(**values))


def _seed(url: str, revision: str) -> dict[str, int]:
    """Two bodies (the configured one second, so "the first body" would be the wrong answer)
    and two rows in each owned table that exists at ``revision``."""
    engine = make_store_engine(url)
    upgrade(engine, _dirs(), target=revision)
    meta = sa.MetaData()
    meta.reflect(engine)
    counts = {}
    with engine.begin() as conn:
        orgs = meta.tables["organizations"]
        for n, code in ((1, OTHER), (2, CREDIT)):
            _seed_row(conn, orgs, n, id=n, credit_code=code, name=f"机关{n}", level="乡镇")
        for name in OWNED:
            if name in meta.tables:
                for n in (1, 2):
                    _seed_row(conn, meta.tables[name], n)
                counts[name] = 2
    engine.dispose()
    return counts


def _owners(url: str) -> dict[str, set[int]]:
    engine = make_store_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        out = {
            name: set(conn.execute(sa.select(meta.tables[name].c.org_id)).scalars())
            for name in OWNED
        }
    engine.dispose()
    return out


@pytest.mark.parametrize("revision", _earlier_revisions())
def test_records_of_every_earlier_revision_go_to_the_configured_body(revision, db_url):
    counts = _seed(db_url, revision)
    engine = make_store_engine(db_url)
    days = {str(local_date(datetime.now(UTC)))}
    upgrade(engine, _dirs(), attributes={"default_body": {"credit_code": CREDIT}})
    days.add(str(local_date(datetime.now(UTC))))
    assert not pending(engine, _dirs())
    owners = _owners(db_url)
    for name in OWNED:
        assert owners[name] == ({2} if counts.get(name) else set())
    with engine.connect() as conn:  # bodies already there start on the migration's day
        started = conn.execute(sa.text("SELECT id, started_on FROM organizations ORDER BY id"))
        assert [(r[0], str(r[1])) in {(r[0], d) for d in days} for r in started] == [True, True]
    engine.dispose()


def test_a_configured_body_not_yet_registered_is_registered(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _seed(url, "0003")
    engine = make_store_engine(url)
    upgrade(engine, _dirs(), target="0002")
    with engine.begin() as conn:
        meta = sa.MetaData()
        meta.reflect(conn)
        _seed_row(conn, meta.tables["applications"], 9)
    new = credit(1111111)
    body = {"name": "新机关", "credit_code": new, "level": "县级部门", "short_name": "新"}
    upgrade(engine, _dirs(), attributes={"default_body": body})
    with engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT id, name, level, short_name FROM organizations WHERE credit_code=:c"),
            {"c": new},
        ).one()
        assert tuple(row)[1:] == ("新机关", "县级部门", "新")
        assert set(conn.execute(sa.text("SELECT org_id FROM applications")).scalars()) == {row[0]}
        assert set(conn.execute(sa.text("SELECT org_id FROM complaints")).scalars()) == {row[0]}


def test_without_a_configured_body_records_go_to_the_first_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _seed(url, "supervision_0002")
    upgrade(make_store_engine(url), _dirs())
    assert _owners(url)["complaints"] == {1}


def test_records_and_no_body_at_all_is_refused_and_nothing_changes(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_store_engine(url)
    upgrade(engine, _dirs(), target="0002")
    with engine.begin() as conn:
        meta = sa.MetaData()
        meta.reflect(conn)
        _seed_row(conn, meta.tables["applications"], 1)
    before = current_heads(engine)
    with pytest.raises(ConfigError, match="credit_code"):
        upgrade(engine, _dirs())
    assert current_heads(engine) == before
    assert "org_id" not in {c["name"] for c in sa.inspect(engine).get_columns("applications")}


def test_an_empty_database_needs_no_body(tmp_path):
    engine = make_store_engine(f"sqlite:///{tmp_path / 'new.db'}")
    upgrade(engine, _dirs())
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM organizations")).scalar() == 0


def test_the_revision_is_its_own_branch(tmp_path):
    script = ScriptDirectory.from_config(alembic_config(make_store_engine("sqlite://"), _dirs()))
    rev = script.get_revision("bodies_0001")
    assert (rev.revision, rev.down_revision) == ("bodies_0001", "0002")
    assert "bodies" in rev.branch_labels
    assert script.get_revision("bodies@head").down_revision == "bodies_0001"


def test_foreign_keys_are_enforced_again_after_the_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'fk.db'}"
    _seed(url, "supervision_0002")
    engine = make_store_engine(url)
    upgrade(engine, _dirs(), attributes={"default_body": {"credit_code": CREDIT}})
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with pytest.raises(sa.exc.IntegrityError):
            conn.execute(sa.text("UPDATE complaints SET org_id = 99"))
