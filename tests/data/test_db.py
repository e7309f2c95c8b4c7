"""Engine resolution: --db, then Streamlit secrets, then the environment, then embedded SQLite."""

from pathlib import Path

import pytest

from dashboard.data import db
from tests.factories import seeded_at_revision

SECRETS = {"connections": {"learning_city": {"url": "postgresql://from-secrets/db"}}}
ENV = {"LEARNING_CITY_DB_URL": "postgresql://from-env/db", "LEARNING_CITY_DATA_DIR": "/srv/lc"}


@pytest.mark.parametrize(
    ("cli", "secrets", "environ", "url", "origin"),
    [
        ("sqlite:///cli.db", SECRETS, ENV, "sqlite:///cli.db", "--db"),
        (None, SECRETS, ENV, "postgresql://from-secrets/db", "secrets"),
        (None, {}, ENV, "postgresql://from-env/db", "environment"),
        (
            None,
            {"connections": {"other": {"url": "x"}}},
            ENV,
            "postgresql://from-env/db",
            "environment",
        ),
        (
            None,
            {},
            {"LEARNING_CITY_DATA_DIR": "/srv/lc"},
            "sqlite:////srv/lc/learning_city.sqlite",
            "embedded",
        ),
    ],
)
def test_resolution_order(cli, secrets, environ, url, origin) -> None:
    choice = db.resolve_database(secrets=secrets, environ=environ, cli_url=cli)
    assert (choice.url, choice.origin) == (url, origin)


def test_embedded_default_lives_in_the_local_folder() -> None:
    choice = db.resolve_database(secrets={}, environ={})
    assert choice.url.endswith("/local/learning_city.sqlite")
    assert choice.is_embedded


def test_password_is_masked() -> None:
    choice = db.DatabaseChoice("postgresql://lc:s3cret@db.internal/lc", "environment")
    assert "s3cret" not in choice.masked_url
    assert "***" in choice.masked_url


@pytest.mark.parametrize(
    ("origin", "setting"),
    [
        ("secrets", "[connections.learning_city] url"),
        ("environment", "LEARNING_CITY_DB_URL"),
        ("--db", "--db"),
    ],
)
def test_unreachable_database_names_the_setting_to_fix(origin: str, setting: str) -> None:
    choice = db.DatabaseChoice("postgresql://postgres:pw@127.0.0.1:1/nowhere", origin)
    with pytest.raises(db.DatabaseError) as err:
        db.open_database(choice)
    assert setting in str(err.value)
    assert "pw" not in str(err.value)


def test_malformed_url_names_the_setting() -> None:
    with pytest.raises(db.DatabaseError, match="LEARNING_CITY_DB_URL"):
        db.open_database(db.DatabaseChoice("not a url", "environment"))


def test_empty_shared_database_says_which_command_to_run(empty_url: str) -> None:
    with pytest.raises(db.DatabaseError, match="python -m dashboard seed"):
        db.open_database(db.DatabaseChoice(empty_url, "environment"))


def test_first_start_creates_migrates_and_seeds_the_embedded_database(tmp_path: Path) -> None:
    choice = db.resolve_database(secrets={}, environ={"LEARNING_CITY_DATA_DIR": str(tmp_path)})
    engine = db.open_database(choice)
    assert (tmp_path / "learning_city.sqlite").exists()
    assert db.is_initialised(engine)


def _at_first_revision(url: str) -> None:
    engine = db.make_engine(db.DatabaseChoice(url, "--db"))
    seeded_at_revision(engine, "0001", include_sample=False)
    engine.dispose()


def test_an_older_embedded_database_is_upgraded_on_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'learning_city.sqlite'}"
    _at_first_revision(url)
    engine = db.open_database(db.DatabaseChoice(url, "embedded"))
    assert db.schema_is_current(engine)


def test_an_older_shared_database_names_the_upgrade_command(empty_url: str) -> None:
    _at_first_revision(empty_url)
    with pytest.raises(db.DatabaseError, match="python -m dashboard init-db"):
        db.open_database(db.DatabaseChoice(empty_url, "environment"))
