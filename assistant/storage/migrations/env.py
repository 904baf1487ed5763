"""Alembic runs on the connection the service hands it (see database._upgrade)."""

from alembic import context

from assistant.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
