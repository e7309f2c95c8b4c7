"""Unit profile: one unit's figures, facilities, trends and gaps, ready to print."""

import streamlit as st

from dashboard import maps
from dashboard.domain.units import VINTAGE_LEVEL, Vintage
from dashboard.i18n import t
from dashboard.ui import cache, derived
from dashboard.ui.cache import database_ui
from dashboard.ui.charts import chart_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.notes import link_notes, notes_ui
from dashboard.ui.widgets import (
    district_click_callback,
    language,
    print_styles_ui,
    seed_widgets_ui,
    url_reader,
    vintage_ui,
    write_url_ui,
)

lang = language()
engine = database_ui()
reader = url_reader()
vintage = vintage_ui(reader, lang, key="prof_vintage")
level = VINTAGE_LEVEL[vintage]
units = cache.units(engine=engine, level=level, vintage=vintage)
names = dict(zip(units["gso_code"], units["name"], strict=True))
if not names:
    st.title(t("profile_page", lang))
    st.info(
        t("state_no_units", lang).format(vintage=t(f"vintage_{vintage}", lang)),
        icon=":material/info:",
    )
    st.stop()
seed_widgets_ui({"prof_unit": reader.one("unit", list(names), next(iter(names)))})
if st.session_state["prof_unit"] not in names:  # the vintage changed under the selection
    st.session_state["prof_unit"] = next(iter(names))

notes_ui(link_notes(reader, lang))  # one line above the map
left, right = st.columns([2, 3])
with left:
    code = st.selectbox(
        t("profile_unit", lang), list(names), key="prof_unit", format_func=names.__getitem__
    )
    maps.show_map(
        derived.profile_map(engine, code=code, vintage=vintage, lang=lang),
        key="prof_map",
        height=320,
        returned_objects=["last_active_drawing"],
        on_change=district_click_callback("prof_map", "prof_unit", names, replace=True),
    )
write_url_ui({"unit": code, "vintage": None if vintage == Vintage.PRE_2025 else vintage})
unit = derived.profile(engine, code=code, vintage=vintage, lang=lang)

with right:
    st.title(unit.name)
    st.caption(t("profile_intro", lang))
    if not unit.has_figures:
        st.info(t("no_unit_figures", lang))
    elif unit.sample:
        st.warning(t("sample_notice", lang), icon=":material/warning:")

st.subheader(t("figures", lang))
st.dataframe(
    unit.figures,
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("URL")},
)
st.html(unit.printable)  # the scrolling grid does not print
print_styles_ui(f"{t('rd_print_source', lang)}: {unit.sources}")
if unit.trend is not None:
    st.subheader(t("trend", lang))
    chart_ui(st, unit.trend)

st.subheader(t("facilities_in_unit", lang))
st.dataframe(unit.facilities, hide_index=True, width="stretch")
st.subheader(t("recog_profile_heading", lang))
if unit.recognitions is None:
    st.caption(t("recog_profile_none", lang))
else:
    st.caption(t("recog_count", lang).format(n=unit.recognition_count))
    st.dataframe(
        unit.recognitions,
        hide_index=True,
        width="stretch",
        column_config={"URL": st.column_config.LinkColumn("URL")},
    )
add_to_deck_ui(page="profile", lang=lang)
