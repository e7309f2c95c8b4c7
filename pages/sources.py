"""Data sources: every source a figure, boundary or facility cites, with its licence."""

import streamlit as st

from dashboard.i18n import t
from dashboard.ui import derived
from dashboard.ui.cache import database_ui
from dashboard.ui.widgets import language

lang = language()
engine = database_ui()

st.title(t("sources_page", lang))
st.markdown(t("sources_intro", lang))
st.dataframe(
    derived.sources(engine, lang=lang),
    hide_index=True,
    width="stretch",
    column_config={
        "title": st.column_config.TextColumn(t("source", lang), width="large"),
        "url": st.column_config.LinkColumn("URL"),
        "publisher": t("rd_publisher", lang),
        "licence": t("licence", lang),
        "used_by": t("used_by", lang),
        "is_sample": st.column_config.CheckboxColumn(t("sample_column", lang)),
    },
)
