"""Recognitions and honours: counts per unit on a map, the registry filtered and downloadable."""

import streamlit as st

from dashboard import maps
from dashboard.data.models import RECOGNITION_KINDS, RECOGNITION_LEVELS
from dashboard.i18n import t
from dashboard.ui import cache, derived_plan
from dashboard.ui.cache import database_ui
from dashboard.ui.notes import link_notes, notes_ui
from dashboard.ui.plan_ui import recognition_template_ui
from dashboard.ui.tables import downloads_ui
from dashboard.ui.widgets import (
    language,
    print_styles_ui,
    url_reader,
    vintage_ui,
    write_url_ui,
)

lang = language()
engine = database_ui()
print_styles_ui()
reader = url_reader()

st.title(t("recog_heading", lang))
st.caption(t("recog_intro", lang))
notes_ui(link_notes(reader, lang))  # one line above the map
found = cache.recognitions(engine=engine)
if found.empty:
    st.info(t("recog_none", lang))
if found["is_sample"].astype(bool).any():
    st.warning(t("recog_sample_notice", lang), icon="⚠️")

vintage = vintage_ui(reader, lang, key="recog_vintage")
write_url_ui({"vintage": None if vintage == "pre_2025" else vintage})
st.caption(t("recog_map_caption", lang))
maps.show_map(
    derived_plan.recognition_map(engine, vintage=vintage, lang=lang), key="recog_map", height=480
)

st.subheader(t("recog_registry", lang))
left, middle, right = st.columns(3)
kinds = left.multiselect(
    t("recog_kind", lang),
    RECOGNITION_KINDS,
    format_func=lambda k: t(f"recog_kind_{k}", lang),
    key="recog_kinds",
    placeholder=t("rd_choose", lang),
)
levels = middle.multiselect(
    t("recog_level", lang),
    RECOGNITION_LEVELS,
    format_func=lambda v: t(f"recog_level_{v}", lang),
    key="recog_levels",
    placeholder=t("rd_choose", lang),
)
units = sorted(set(found["unit_name"]))
chosen_units = right.multiselect(
    t("unit_col", lang), units, key="recog_units", placeholder=t("rd_choose", lang)
)
search = st.text_input(t("recog_search", lang), key="recog_search").strip().casefold()

listed = derived_plan.recognition_list(
    engine,
    kinds=tuple(kinds),
    levels=tuple(levels),
    units=tuple(chosen_units),
    search=search,
    vintage=vintage,
    lang=lang,
)
st.caption(t("recog_count", lang).format(n=len(listed.table)))
st.dataframe(
    listed.grid,
    hide_index=True,
    width="stretch",
    column_config={"URL": st.column_config.LinkColumn("URL")},
    key="recog_table",
)
downloads_ui(
    listed.table,
    name="cong_nhan_khen_thuong",
    context=listed.context,
)
recognition_template_ui(engine, lang)
