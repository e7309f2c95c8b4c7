"""Shared fixtures: the same tests run on embedded SQLite and on PostgreSQL (127.0.0.1:5432)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from dashboard import auth
from dashboard.data import db
from dashboard.loading.seed import seed

REPO = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get(
    "LEARNING_CITY_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", "postgresql")


def _pg_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason."""
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0]


def _require_postgres(reason: str) -> None:
    message = f"PostgreSQL not reachable at {PG_ADMIN_URL}: {reason}"
    if os.environ.get("LEARNING_CITY_REQUIRE_POSTGRES") == "1":
        pytest.fail(message)
    pytest.skip(message)


class Databases:
    """Creates empty databases for tests and drops them at the end of the session."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.pg_databases: list[str] = []

    def empty(self, backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{self.tmp / f'{uuid.uuid4().hex}.sqlite'}"
        if reason := _pg_reachable():
            _require_postgres(reason)
        name = f"lc_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.pg_databases.append(name)
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

    def drop_all(self) -> None:
        if not self.pg_databases:
            return
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.pg_databases:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", autouse=True)
def own_temp_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Under pytest-xdist each worker gets its own temporary folder (TMPDIR too, for the servers
    it starts), so a test that counts the upload spool files sees only its own worker's."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    folder = str(tmp_path_factory.mktemp("tmp"))
    before = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = folder, folder
    yield
    if before[0] is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = before[0]
    tempfile.tempdir = before[1]


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("db"))
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def engine_for(url: str) -> Engine:
    return db.make_engine(db.DatabaseChoice(url, "--db"))


@pytest.fixture
def empty_url(databases: Databases, backend: str) -> str:
    """A fresh, empty database of the current backend."""
    return databases.empty(backend)


@pytest.fixture
def migrated_engine(empty_url: str) -> Iterator[Engine]:
    """A fresh database with the schema and no data."""
    engine = engine_for(empty_url)
    db.migrate(engine)
    yield engine
    engine.dispose()


def seed_database(databases: Databases, backend: str, *, include_sample: bool = True) -> str:
    """A fresh database of the backend, migrated and seeded (with or without the sample)."""
    url = databases.empty(backend)
    engine = engine_for(url)
    db.migrate(engine)
    seed(engine, include_sample=include_sample)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def seeded_url(databases: Databases, backend: str) -> str:
    """A database seeded once per backend and session; tests must not change it."""
    return seed_database(databases, backend)


@pytest.fixture(scope="module")
def own_url(databases: Databases, backend: str) -> str:
    """A seeded database of the test module's own: its tests may write (decks, presentations)."""
    return seed_database(databases, backend)


@pytest.fixture
def seeded_engine(seeded_url: str) -> Iterator[Engine]:
    engine = engine_for(seeded_url)
    yield engine
    engine.dispose()


@pytest.fixture
def seed_copy(tmp_path: Path) -> Callable[[], Path]:
    """A writable copy of the shipped seed folder, to break on purpose."""
    import shutil

    def make() -> Path:
        target = tmp_path / "seed"
        shutil.copytree(REPO / "data", target)
        return target

    return make


@pytest.fixture
def seeded_then(empty_url: str) -> Callable[..., str]:
    """A fresh seeded database of the current backend, then changed by SQL statements.

    Call it with (sql, params) pairs; returns the database URL.
    """

    def make(*changes: tuple[str, dict[str, object]]) -> str:
        engine = engine_for(empty_url)
        db.migrate(engine)
        seed(engine)
        with engine.begin() as conn:
            for sql, params in changes:
                conn.execute(text(sql), params)
        engine.dispose()
        return empty_url

    return make


PASSWORD = "mật-khẩu-dài-1"


@pytest.fixture
def account_url(seeded_then: Callable[..., str]) -> str:
    url = seeded_then()
    engine = engine_for(url)
    auth.add_user(engine=engine, name="Trần Thị B", role="editor", password=PASSWORD)
    engine.dispose()
    return url
