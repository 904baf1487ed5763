"""The schema on start is the one the code expects: migrations and models never drift apart."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from assistant.storage.database import Database
from assistant.storage.models import Base

MIGRATIONS = Path(__file__).parents[1] / "assistant" / "storage" / "migrations" / "versions"


async def test_migrated_schema_matches_the_models(db: Database) -> None:
    async with db.engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata))
    assert differences == []


async def test_migrating_twice_is_harmless(db: Database) -> None:
    await db.migrate()
    async with db.engine.connect() as connection:
        version = (await connection.exec_driver_sql("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == max(path.name[:4] for path in MIGRATIONS.glob("0*.py"))
