"""The one module that creates engines: resolution order, migrations, first start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from dashboard import settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseError(RuntimeError):
    """The database cannot be used; the message names the setting to fix."""


@dataclass(frozen=True)
class DatabaseChoice:
    """A resolved database URL and the setting it came from."""

    url: str
    origin: str  # "secrets", "environment", "--db", "embedded"

    @property
    def is_embedded(self) -> bool:
        return self.origin == "embedded"

    @property
    def setting_name(self) -> str:
        """The setting a user changes to fix this URL."""
        return {
            "secrets": f"[{settings.SECRETS_SECTION}] url in .streamlit/secrets.toml",
            "environment": f"environment variable {settings.DATABASE_URL.name}",
            "--db": "the --db option",
            "embedded": f"environment variable {settings.DATA_DIR.name}",
        }[self.origin]

    @property
    def masked_url(self) -> str:
        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except ArgumentError:
            return "<unreadable URL>"


def _secret_url(secrets: Mapping[str, Any] | None) -> str:
    if not secrets:
        return ""
    try:
        section = secrets.get("connections", {}).get("learning_city", {})
        return str(section.get("url", "") or "")
    except AttributeError:
        return ""


def resolve_database(
    *,
    secrets: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    cli_url: str | None = None,
) -> DatabaseChoice:
    """Where the data lives: --db, then secrets, then the environment, then embedded SQLite."""
    env = os.environ if environ is None else environ
    if cli_url:
        return DatabaseChoice(cli_url, "--db")
    if url := _secret_url(secrets):
        return DatabaseChoice(url, "secrets")
    if url := env.get(settings.DATABASE_URL.name, ""):
        return DatabaseChoice(url, "environment")
    data_dir = Path(env.get(settings.DATA_DIR.name, "") or settings.DATA_DIR.default)
    return DatabaseChoice(f"sqlite:///{data_dir / 'learning_city.sqlite'}", "embedded")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(choice: DatabaseChoice) -> Engine:
    """An engine for the chosen database; DatabaseError when the URL is unusable."""
    try:
        url = make_url(choice.url)
        if url.drivername == "postgresql":  # psycopg 3 is the driver we ship
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, Any] = {}
        if url.get_backend_name() == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 5}
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
    except (ArgumentError, ValueError, ImportError) as exc:
        raise DatabaseError(
            f"The database URL is not valid ({exc}); fix {choice.setting_name}."
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def check_connection(engine: Engine, choice: DatabaseChoice) -> None:
    """Raise DatabaseError naming the setting when the database cannot be reached."""
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise DatabaseError(
            f"Cannot connect to the database {choice.masked_url} ({reason}); "
            f"fix {choice.setting_name}."
        ) from exc


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_is_current(engine: Engine) -> bool:
    """True when the database is at the newest Alembic revision."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() == head


def is_initialised(engine: Engine) -> bool:
    """True once the schema exists and the province has been seeded."""
    if not inspect(engine).has_table("admin_unit"):
        return False
    from sqlalchemy import text

    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT 1 FROM admin_unit LIMIT 1")).first())


def open_database(choice: DatabaseChoice) -> Engine:
    """Engine for the app and CLI: embedded SQLite is created, migrated and seeded on first use."""
    engine = make_engine(choice)
    check_connection(engine, choice)
    if is_initialised(engine):
        if schema_is_current(engine):
            return engine
        if choice.is_embedded:  # an older embedded database: bring it up to date
            migrate(engine)
            return engine
        raise DatabaseError(
            f"The database {choice.masked_url} has an older schema; run "
            "`python -m dashboard init-db --db URL` to upgrade it."
        )
    if not choice.is_embedded:
        raise DatabaseError(
            f"The database {choice.masked_url} has no dashboard data yet; run "
            "`python -m dashboard init-db --db URL` and `python -m dashboard seed --db URL`, "
            f"or fix {choice.setting_name}."
        )
    from dashboard.loading.seed import seed

    migrate(engine)
    seed(engine, include_sample=True)
    return engine
