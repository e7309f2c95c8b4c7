"""The reader's language as the URL and the session hold it; no widget drawn, so any helper
below the widgets (the cached data access, for its messages) can read it."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES


def reader_language() -> str:
    """The reader's language: URL ?lang=, then the session, then Vietnamese."""
    lang = st.query_params.get("lang", st.session_state.get("lang", DEFAULT_LANGUAGE))
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE
