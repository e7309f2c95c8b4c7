"""Pages reach the database here: the engine, and each typed query behind Streamlit's cache.

Every wrapper has the signature of its function in dashboard.data.queries (mypy checks calls);
tests call those functions uncached. Results are keyed by the database URL and arguments.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Mapping
from typing import Any, NoReturn, ParamSpec, TypeVar, overload

import streamlit as st
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from dashboard.data import db, plan_queries, queries
from dashboard.domain.focus import flag_for
from dashboard.domain.periods import PeriodError, parse_code
from dashboard.domain.units import VINTAGE_LEVEL
from dashboard.i18n import t
from dashboard.ui.language import reader_language

CACHE_SECONDS = 120
RETRY_SECONDS = 5  # how often a page that lost its database tries again

log = logging.getLogger("dashboard")

P = ParamSpec("P")
R = TypeVar("R")


def engine_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


_SHARED: list[Any] = []  # every shared cache, forgotten with the data cache after an import


@overload
def shared(function: Callable[P, R], *, max_entries: int | None = None) -> Callable[P, R]: ...


@overload
def shared(*, max_entries: int | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def shared(
    function: Callable[P, R] | None = None, *, max_entries: int | None = None
) -> Callable[P, R] | Callable[[Callable[P, R]], Callable[P, R]]:
    """`function` behind Streamlit's resource cache, keyed by its name, database and arguments
    (also a decorator: `@shared(max_entries=…)`).

    Every session gets the very object computed first, not a copy: Streamlit's data cache
    unpickles a copy of a frame on every read, a tenth of a page run's server time under a
    crowd (issue 20's profile). That is safe here because no page changes what these return:
    pandas 3 copies on write, so a filter, `assign`, `rename`, `sort_values` or `copy()` makes
    a new frame, and pages never assign into a frame they were given (`frame[c] = …`,
    `.loc[…] = …`, `inplace=True`); pyarrow tables and frozen dataclasses cannot change.
    tests/ui/test_shared.py runs every page on every database state and fails if a page
    changed one. Entries expire like the data cache's, and `clear_caches` forgets them after
    an import.
    """
    if function is None:
        return functools.partial(shared, max_entries=max_entries)  # type: ignore[return-value]

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return function(*args, **kwargs)

    wrapped = st.cache_resource(
        ttl=CACHE_SECONDS,
        max_entries=max_entries,
        show_spinner=False,
        hash_funcs={Engine: engine_key},
    )(run)
    _SHARED.append(wrapped)
    return wrapped


def clear_caches() -> None:
    """Forget every cached query and what was derived from it (after an import or an undo)."""
    st.cache_data.clear()
    for cache in _SHARED:
        cache.clear()


def secrets() -> Mapping[str, Any]:
    """Streamlit secrets as a plain mapping (empty when there is no readable secrets.toml)."""
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml, or an unreadable one: fall through to the next setting
        return {}


@st.cache_resource(show_spinner=False)
def _open(url: str, origin: str) -> Engine:
    # Exceptions are not cached: a database that was down at the first call is opened again.
    # The engine has pool_pre_ping, so connections broken by an outage are replaced.
    return db.open_database(db.DatabaseChoice(url, origin))


def is_connection_lost(exc: BaseException) -> bool:
    """True for errors that mean the database server cannot be reached (retrying may help)."""
    while exc is not None:
        if isinstance(exc, OperationalError):
            return True
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return True
        exc = exc.__cause__  # type: ignore[assignment]
    return False


def open_engine() -> Engine:
    """The configured engine without any UI (for callbacks); DatabaseError/SQLAlchemyError."""
    choice = db.resolve_database(secrets=secrets())
    return _open(choice.url, choice.origin)


def _answers() -> bool:
    """True when the configured database opens and answers a query."""
    try:
        with open_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except (db.DatabaseError, SQLAlchemyError):
        return False
    return True


@st.fragment(run_every=RETRY_SECONDS)
def _retry_ui(lang: str) -> None:
    """Try the database every few seconds; rerun the whole page once it answers again."""
    if _answers():
        st.rerun(scope="app")
    now = dt.datetime.now().strftime("%H:%M:%S")
    st.caption(t("sec_db_checked", lang).format(time=now))


def database_lost_ui(lang: str, exc: BaseException | None = None) -> NoReturn:
    """The bilingual 'cannot reach the database; retrying' banner; the page stops here."""
    reason = str(getattr(exc, "orig", exc) or "no answer").strip().splitlines()
    log.warning("database unreachable: %s", reason[0] if reason else "no answer")
    setting = db.resolve_database(secrets=secrets()).setting_name  # a name, never the URL
    st.warning(
        t("sec_db_lost", lang) + "\n\n" + t("sec_db_setting", lang).format(setting=setting),
        icon=":material/cloud_off:",
    )
    _retry_ui(lang)
    st.stop()
    raise AssertionError("unreachable: st.stop() ends the script run")


def database_ui() -> Engine:
    """The engine, or a message naming the setting to fix (and the page stops).

    When the server cannot be reached, every page shows the 'retrying' banner instead
    (see database_lost_ui) and comes back by itself.
    """
    choice = db.resolve_database(secrets=secrets())
    try:
        engine = _open(choice.url, choice.origin)
        # A cached engine whose server went away: checking a connection out pings it
        # (pool_pre_ping), and raises when the server does not answer.
        with engine.connect():
            pass
    except (db.DatabaseError, SQLAlchemyError) as exc:
        if is_connection_lost(exc):
            database_lost_ui(reader_language(), exc)
        if not isinstance(exc, db.DatabaseError):
            raise
        st.error(f"**{t('db_error', reader_language())}.** {exc}")
        st.stop()
        raise  # unreachable: st.stop() ends the script run
    return engine


accounts = shared(queries.accounts)
crosswalk = shared(queries.crosswalk)
display_geometry = shared(queries.display_geometry)
facilities = shared(queries.facilities)
has_national_layer = shared(queries.has_national_layer)
headline_figures = shared(queries.headline_figures)
indicators = shared(queries.indicators)
literacy_standard_rates = shared(queries.literacy_standard_rates)
literacy_standards = shared(queries.literacy_standards)
located_facilities = shared(queries.located_facilities)
province_outline = shared(queries.province_outline)
province_targets = shared(queries.province_targets)
sources = shared(queries.sources)
table_counts = shared(queries.table_counts)
targets = shared(queries.targets)
unit_codes = shared(queries.unit_codes)
unit_figures = shared(queries.unit_figures)
units = shared(queries.units)
vintage_indicators = shared(queries.vintage_indicators)
vintage_periods = shared(queries.vintage_periods)
vintage_series = shared(queries.vintage_series)
vintage_values = shared(queries.vintage_values)

# The plan area (issue 14).
difficulty_flags = shared(plan_queries.difficulty_flags)
kflc_city_figures = shared(plan_queries.kflc_city_figures)
literacy_level2_figures = shared(plan_queries.literacy_level2_figures)
plan_links = shared(plan_queries.plan_links)
province_figures = shared(plan_queries.province_figures)
recognition_counts = shared(plan_queries.recognition_counts)
recognitions = shared(plan_queries.recognitions)


def listed_flags(engine: Engine, *, vintage: str, period: str) -> dict[str, bool | None]:
    """Unit code -> "particularly difficult" from the imported lists nearest to the period."""
    if vintage not in VINTAGE_LEVEL:
        return {}
    try:
        end = parse_code(period).end
    except PeriodError:
        return {}
    return dict(flag_for(difficulty_flags(engine=engine, vintage=vintage), period_end=end))
