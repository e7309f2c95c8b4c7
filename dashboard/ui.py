"""The few Streamlit helpers (`*_ui`): they draw widgets and return plain values.

Also the thin caching layer over dashboard.queries, so tests can call queries uncached.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from dashboard import db, queries
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

CACHE_SECONDS = 120


def _secrets() -> Mapping[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml, or an unreadable one: fall through to the next setting
        return {}


@st.cache_resource(show_spinner=False)
def _open(url: str, origin: str) -> Engine:
    return db.open_database(db.DatabaseChoice(url, origin))


def database_ui() -> Engine:
    """The engine, or a message naming the setting to fix (and the page stops)."""
    choice = db.resolve_database(secrets=_secrets())
    try:
        return _open(choice.url, choice.origin)
    except db.DatabaseError as exc:
        st.error(f"**{t('db_error', language())}.** {exc}")
        st.stop()
        raise  # unreachable: st.stop() ends the script run


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _cached(_engine: Engine, url: str, name: str, kwargs: dict[str, Any]) -> Any:
    return getattr(queries, name)(engine=_engine, **kwargs)


def query(engine: Engine, name: str, **kwargs: Any) -> Any:
    """Run dashboard.queries.<name> through Streamlit's cache (keyed by database URL)."""
    return _cached(engine, engine.url.render_as_string(hide_password=False), name, kwargs)


def language() -> str:
    """The reader's language: URL ?lang=, then the session, then Vietnamese."""
    lang = st.query_params.get("lang", st.session_state.get("lang", DEFAULT_LANGUAGE))
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language_ui() -> str:
    """Language switch in the sidebar; kept in the URL so a shared link keeps it."""
    current = language()
    lang = st.sidebar.radio(
        "Ngôn ngữ / Language", LANGUAGES, index=LANGUAGES.index(current),
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        horizontal=True, key="lang_radio",
    )  # fmt: skip
    st.session_state["lang"] = lang
    if lang != DEFAULT_LANGUAGE:
        st.query_params["lang"] = lang
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    return lang


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$])")


def md_text(text: str) -> str:
    """Text shown literally inside Streamlit markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_link(title: str, url: str) -> str:
    """A markdown link whose title is shown literally; plain text when there is no http(s) URL."""
    if url.startswith(("http://", "https://")):
        return f"[{md_text(title)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"
    return md_text(title)
