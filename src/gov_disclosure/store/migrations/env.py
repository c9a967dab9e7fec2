"""Alembic environment: the engine is handed in by gov_disclosure.store.migrate."""

from alembic import context

from gov_disclosure.store.tables import metadata

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
