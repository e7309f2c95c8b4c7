"""The learning city: Sơn La city (GNLC member since 14 Feb 2024), before and after 2025."""

import streamlit as st

from dashboard import maps
from dashboard.i18n import t
from dashboard.ui import derived
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.widgets import language, print_styles_ui

lang = language()
engine = database_ui()
print_styles_ui()

st.title(t("learning_city_heading", lang))
city = derived.learning_city(engine, lang=lang)
if city.member:
    st.success(city.member, icon=":material/public:")

left, right = st.columns([3, 2])
with left:
    maps.show_map(city.map, key="city_map", height=480)
    if city.sample_facilities:
        st.warning(t("sample_facilities_notice", lang), icon=":material/warning:")
with right:
    st.subheader(t("successors_heading", lang).format(n=city.successors))
    st.caption(t("successors_caption", lang))
    st.dataframe(city.successor_table, hide_index=True, width="stretch")

st.subheader(t("city_figures", lang))
if not city.has_figures:
    st.info(t("state_no_city_figures", lang), icon=":material/info:")
st.dataframe(
    city.figures,
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("URL")},
)
st.caption(t("city_facilities", lang).format(n=city.facilities))
add_to_deck_ui(page="learning_city", lang=lang)
