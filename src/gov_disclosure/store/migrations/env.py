"""Alembic environment: the engine is handed in by gov_disclosure.store.migrate.

On SQLite, foreign-key enforcement is switched off while the revisions run (a revision that
rebuilds a table other tables point at would otherwise fail: SQLite's documented procedure
for altering tables) and the whole database is checked before the transaction commits.
"""

from alembic import context

from gov_disclosure.store.tables import metadata

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.driver_connection if sqlite else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, as SQLite requires
    try:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=True,
            transactional_ddl=True,  # SQLite too: a failing revision leaves nothing behind
        )
        with context.begin_transaction():
            context.run_migrations()
            if raw is not None:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
        connection.commit()
    finally:
        if raw is not None:
            connection.rollback()
            raw.execute("PRAGMA foreign_keys=ON")
