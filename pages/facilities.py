"""Facilities: where the continuing-education network is, filtered by district and kind."""

import streamlit as st
from streamlit_folium import st_folium

from dashboard import facilities as fac
from dashboard import maps
from dashboard.i18n import t
from dashboard.ui import (
    database_ui,
    district_click_callback,
    downloads_ui,
    language,
    notices_ui,
    query,
    scope_ui,
    seed_widgets_ui,
    url_reader,
    write_url_ui,
)  # fmt: skip

lang = language()
engine = database_ui()
reader = url_reader()
scope = scope_ui(engine, reader, lang, key="fac_scope")
districts = query(engine, "units", level="district", vintage="pre_2025", province_code=scope)
names = dict(zip(districts["gso_code"], districts["name"], strict=True))
facilities = query(engine, "located_facilities", province_code=scope)
seed_widgets_ui(
    {
        "fac_districts": reader.many("districts", set(names)),
        "fac_kinds": reader.many("kinds", set(fac.KINDS)),
    }
)

st.title(t("facilities_heading", lang))
st.caption(t("facilities_intro", lang))
notices_ui(reader, lang)
left, right = st.columns([3, 2])
chosen = left.multiselect(
    t("districts_filter", lang), list(names), format_func=names.__getitem__, key="fac_districts"
)
kinds = right.multiselect(
    t("kinds_filter", lang), list(fac.KINDS), key="fac_kinds",
    format_func=lambda k: fac.KINDS[k].label(lang),
)  # fmt: skip
write_url_ui({"districts": chosen, "kinds": kinds, "scope": None if scope else "national"})

shown = fac.filtered(facilities, district_codes=chosen, kinds=kinds).copy()
shown["kind_label"] = shown["kind"].map(lambda k: fac.KINDS[k].label(lang))
if shown["is_sample"].any():
    st.warning(t("sample_facilities_notice", lang), icon=":material/warning:")
shapes = query(
    engine, "display_geometry", level="district", vintage="pre_2025", province_code=scope
)
m = maps.facility_map(
    outline=query(engine, "province_outline"), districts=maps.join_geometry(districts, shapes),
    facilities=shown,
    kinds={k: v for k, v in fac.KINDS.items() if not kinds or k in kinds},
    lang=lang, selected=chosen,
)  # fmt: skip
st_folium(
    m, height=560, use_container_width=True, returned_objects=["last_active_drawing"],
    key="fac_map", on_change=district_click_callback("fac_map", "fac_districts", names),
)  # fmt: skip

st.subheader(t("counts_by_district", lang))
counts = fac.counts_by_district(shown, districts, lang).rename(
    columns={"name": t("district", lang)}
)
st.dataframe(counts, hide_index=True, width="stretch")

st.subheader(t("facility_list", lang))
st.caption(t("shown_of", lang).format(shown=len(shown), total=len(facilities)))
table = shown[
    ["name", "kind_label", "commune", "district", "location_precision", "source_title",
     "source_url", "is_sample", "lon", "lat"]
].rename(
    columns={
        "name": t("name", lang), "kind_label": t("kind", lang), "commune": t("commune", lang),
        "district": t("district", lang), "location_precision": t("location", lang),
        "source_title": t("source", lang), "source_url": "URL",
        "is_sample": t("sample_column", lang),
    }
)  # fmt: skip
st.dataframe(
    table, hide_index=True, width="stretch",
    column_config={"URL": st.column_config.LinkColumn("URL")},
)  # fmt: skip
downloads_ui(table, name="facilities", lang=lang)
