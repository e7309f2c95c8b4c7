"""Every setting, declared once with its default and help text."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA_DIR = REPO_ROOT / "data"


@dataclass(frozen=True)
class Setting:
    """One setting: where it is read from, its default and what it is for."""

    name: str
    default: str
    help: str


DATABASE_URL = Setting(
    "LEARNING_CITY_DB_URL",
    "",
    "SQLAlchemy URL of the database, e.g. postgresql+psycopg://user@host/db. "
    "Streamlit secrets [connections.learning_city] url take precedence; "
    "empty means the embedded SQLite database.",
)
DATA_DIR = Setting(
    "LEARNING_CITY_DATA_DIR",
    str(REPO_ROOT / "local"),
    "Folder that holds the embedded SQLite database (created on first start).",
)
SEED_DIR = Setting(
    "LEARNING_CITY_SEED_DIR",
    str(SHIPPED_DATA_DIR),
    "Folder with the shipped data files the seed reads (real/ and indicators.csv).",
)

ANONYMOUS_ACCESS = Setting(
    "LEARNING_CITY_ANONYMOUS",
    "1",
    "1: anyone may read the dashboard without signing in (as a viewer); 0: sign-in required.",
)
PASSWORD = Setting(
    "LEARNING_CITY_PASSWORD",
    "",
    "Password for `python -m dashboard user add` when it must not prompt (scripts, CI).",
)

SIGN_IN_LOCK_AFTER = Setting(
    "LEARNING_CITY_SIGN_IN_LOCK_AFTER",
    "10",
    "Failed sign-ins for one account within the window after which the account is locked "
    "until an admin unlocks it (`python -m dashboard user unlock NAME` or the Data page).",
)
SIGN_IN_WINDOW = Setting(
    "LEARNING_CITY_SIGN_IN_WINDOW",
    "900",
    "Seconds over which failed sign-ins are counted, per account and per client.",
)
SIGN_IN_BACKOFF = Setting(
    "LEARNING_CITY_SIGN_IN_BACKOFF",
    "2",
    "Seconds to wait after the 3rd failure (per account or client) within the window; doubled "
    "for each further failure, at most 900. 0 switches the waiting off (the lock stays).",
)

SESSION_HOURS = Setting(
    "LEARNING_CITY_SESSION_HOURS",
    "8",
    "Hours a sign-in lasts (reloads, links and new tabs of the same browser included; at least "
    "0.25); then "
    "the editor signs in again. Sign-out, a lock, a role or password change end it sooner.",
)
TRUSTED_PROXY = Setting(
    "LEARNING_CITY_TRUSTED_PROXY",
    "",
    "Addresses or networks of the reverse proxy (comma-separated, e.g. 10.0.0.5 or "
    "10.0.0.0/24). Only a connection from one of them may name the reader's address in "
    "X-Forwarded-For (used for the per-client sign-in limit); any other connection counts "
    "by its own address. Streamlit's server already does the same for a proxy on this machine "
    "(127.0.0.1, ::1).",
)

PUBLIC_URL = Setting(
    "LEARNING_CITY_PUBLIC_URL",
    "",
    "Address readers open the dashboard at (e.g. https://hoctap.sonla.gov.vn); slide QR codes "
    "link there. Empty: Streamlit's browser.serverAddress and port.",
)

CONCURRENT_RUNS = Setting(
    "LEARNING_CITY_CONCURRENT_RUNS",
    "2",
    "Page runs one server process works on at once; later ones wait their turn, first come "
    "first served. 2 suits a 2-core machine; more replicas, not more runs, scale out.",
)

FOLLOW_IDLE_HOURS = Setting(
    "LEARNING_CITY_FOLLOW_IDLE_HOURS",
    "4",
    "Hours without a move of the presenter after which a follow link (/follow?code=...) "
    "expires; the presenter's End button ends it at once.",
)

ALL_SETTINGS = (
    DATABASE_URL,
    DATA_DIR,
    SEED_DIR,
    ANONYMOUS_ACCESS,
    PASSWORD,
    SIGN_IN_LOCK_AFTER,
    SIGN_IN_WINDOW,
    SIGN_IN_BACKOFF,
    SESSION_HOURS,
    TRUSTED_PROXY,
    PUBLIC_URL,
    CONCURRENT_RUNS,
    FOLLOW_IDLE_HOURS,
)

SECRETS_SECTION = "connections.learning_city"


def read(setting: Setting, environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """Value of a setting from the environment, or its default."""
    env = os.environ if environ is None else environ
    return env.get(setting.name, "") or setting.default


def read_number(setting: Setting) -> float:
    """A numeric setting, at least 0; its default when the value is not a number."""
    try:
        return max(0.0, float(read(setting)))
    except ValueError:
        return float(setting.default)
