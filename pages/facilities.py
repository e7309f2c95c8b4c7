"""Facilities: where the continuing-education network is, filtered by district and kind."""

import streamlit as st

from dashboard.domain import facilities as fac
from dashboard.domain.units import VINTAGE_LEVEL, Vintage
from dashboard.i18n import t
from dashboard.ui import cache, derived
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.maps import facility_map_ui
from dashboard.ui.notes import WARNING_ICON, Note, link_notes, notes_ui
from dashboard.ui.tables import downloads_ui
from dashboard.ui.widgets import (
    district_click_callback,
    language,
    scope_ui,
    seed_widgets_ui,
    url_reader,
    vintage_ui,
    write_url_ui,
)

lang = language()
engine = database_ui()
reader = url_reader()
vintage = vintage_ui(reader, lang, key="fac_vintage")
scope = scope_ui(engine, reader, lang, key="fac_scope")
level = VINTAGE_LEVEL[vintage]
units = cache.units(engine=engine, level=level, vintage=vintage, province_code=scope)
names = dict(zip(units["gso_code"], units["name"], strict=True))
param = f"{level}s"  # ?districts= / ?communes=
seed_widgets_ui(
    {
        f"fac_{param}": reader.many(param, set(names)),
        "fac_kinds": reader.many("kinds", set(fac.KINDS)),
    }
)

st.title(t("facilities_heading", lang))
st.caption(t("facilities_intro", lang))
notes = link_notes(reader, lang)
left, right = st.columns([3, 2])
chosen = left.multiselect(
    t(f"{param}_filter", lang),
    list(names),
    format_func=names.__getitem__,
    key=f"fac_{param}",
    placeholder=t("rd_choose", lang),
)
kinds = right.multiselect(
    t("kinds_filter", lang),
    list(fac.KINDS),
    key="fac_kinds",
    format_func=lambda k: fac.KINDS[k].label(lang),
    placeholder=t("rd_choose", lang),
)
write_url_ui(
    {
        param: chosen,
        "kinds": kinds,
        "scope": None if scope else "national",
        "vintage": None if vintage == Vintage.PRE_2025 else vintage,
    }
)

listed = derived.facility_list(
    engine,
    vintage=vintage,
    province_code=scope,
    unit_codes=tuple(chosen),
    kinds=tuple(kinds),
    lang=lang,
)
if listed.shown["is_sample"].any():
    text = t("sample_facilities_notice", lang)
    notes.append(Note(t("mp_note_sample_facilities", lang), text, warning=True, icon=WARNING_ICON))
notes_ui(notes)  # one line, so the map starts on the first screen
facility_map_ui(
    engine,
    vintage=vintage,
    province_code=scope,
    lang=lang,
    unit_codes=chosen,
    kinds=kinds,
    key="fac_map",
    on_change=district_click_callback("fac_map", f"fac_{param}", names),
)

st.subheader(t(f"counts_by_{level}", lang))
st.dataframe(listed.counts, hide_index=True, width="stretch")

st.subheader(t("facility_list", lang))
st.caption(t("shown_of", lang).format(shown=len(listed.shown), total=listed.total))
st.dataframe(
    listed.grid,
    hide_index=True,
    width="stretch",
    column_config={"URL": st.column_config.LinkColumn("URL")},
)
downloads_ui(
    listed.table,
    name="facilities",
    context=listed.context,
)
add_to_deck_ui(page="facilities", lang=lang)
