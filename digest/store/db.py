"""Opening the database and keeping its schema current.

SQLite is the embedded default (WAL, foreign keys on, a busy timeout so a
second process waits instead of failing); any SQLAlchemy URL works, such as
``postgresql+psycopg://...``. Migrations are Alembic's, run programmatically:
opening a store brings it to the newest schema, and no migration drops data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from digest.exceptions import StoreError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


class Database:
    """An engine plus the migration step; repositories take one of these."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite:///") and ":memory:" not in url:
            path = Path(url.removeprefix("sqlite:///"))
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the database folder {path.parent}: {exc}"
                ) from None
        try:
            self.engine = create_engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open database {url!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    def current_revisions(self) -> set[str]:
        with self.engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads())

    def head_revisions(self) -> set[str]:
        return set(ScriptDirectory.from_config(alembic_config(self.engine)).get_heads())

    def migrate(self, revision: str = "heads") -> None:
        """Bring the schema up to ``revision`` (all heads by default)."""
        try:
            if revision == "heads" and self.current_revisions() == self.head_revisions():
                return
            command.upgrade(alembic_config(self.engine), revision)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate database {self.url!r}: {exc}") from None

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    database = Database(url)
    database.migrate()
    return database
