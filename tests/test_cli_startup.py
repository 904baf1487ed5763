"""The CLI starts fast: `tickets list` loads neither the classifier, the console, the charts nor Alembic
once the schema is current; a schema behind the code is still brought up to date on start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from sqlalchemy import text

from assistant.storage.database import MIGRATIONS, Database, newest_revision
from tests.support.cli import write_config

ROOT = Path(__file__).resolve().parents[1]
# (Jinja2 and the reply templates still come with the `tickets` command's staff actions, registered with it.)
NOT_FOR_LISTING = ("alembic", "spacy", "sklearn", "fastapi", "matplotlib", "aiosmtpd", "uvicorn")
LIST_AND_REPORT = """
import json, sys
from assistant.cli import main
code = main(["--config", sys.argv[1], "tickets", "list", "--json"])
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2:]
                                                  or m in sys.argv[2:])}))
"""


def _alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _list_tickets(config: Path) -> tuple[list, dict]:
    run = subprocess.run([sys.executable, "-c", LIST_AND_REPORT, str(config), *NOT_FOR_LISTING], cwd=config.parent,
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}, timeout=120)
    assert run.returncode == 0, run.stderr[-1500:]
    *printed, report = run.stdout.strip().splitlines()
    return json.loads("\n".join(printed)), json.loads(report)


def test_the_newest_revision_read_from_the_files_is_alembics_head() -> None:
    assert newest_revision() == ScriptDirectory.from_config(_alembic_config()).get_current_head()


def test_listing_tickets_loads_only_what_it_uses(tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, database_url)
    first_listing, first = _list_tickets(config)  # a new database: created and migrated, with Alembic
    listing, again = _list_tickets(config)
    assert first_listing == listing == [] and first["code"] == again["code"] == 0
    assert "alembic" in first["loaded"]
    assert again["loaded"] == []  # nothing of NOT_FOR_LISTING once the schema is current


async def test_a_schema_one_revision_behind_is_still_upgraded_on_start(db: Database) -> None:
    async with db.engine.begin() as connection:
        await connection.run_sync(lambda sync: _downgrade_one(sync))
        assert (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar() != newest_revision()
    await db.migrate()
    async with db.engine.connect() as connection:
        assert (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar() == newest_revision()


def _downgrade_one(connection) -> None:
    config = _alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "-1")
