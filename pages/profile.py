"""Unit profile: one district's figures, facilities, trends and gaps, ready to print."""

import streamlit as st
from streamlit_folium import st_folium

from dashboard import charts, maps
from dashboard import facilities as fac
from dashboard.i18n import t
from dashboard.profile import latest_figures, trend_series
from dashboard.ui import (
    database_ui,
    district_click_callback,
    language,
    notices_ui,
    print_styles_ui,
    query,
    seed_widgets_ui,
    url_reader,
    write_url_ui,
)  # fmt: skip

LEVEL, VINTAGE = "district", "pre_2025"

lang = language()
engine = database_ui()
print_styles_ui()
districts = query(engine, "units", level=LEVEL, vintage=VINTAGE)
names = dict(zip(districts["gso_code"], districts["name"], strict=True))
reader = url_reader()
seed_widgets_ui({"prof_unit": reader.one("unit", list(names), next(iter(names)))})


notices_ui(reader, lang)
left, right = st.columns([2, 3])
with left:
    code = st.selectbox(
        t("profile_unit", lang), list(names), key="prof_unit", format_func=names.__getitem__
    )
    m = maps.base_map(query(engine, "province_outline"), lang=lang)
    maps.district_outlines(m, districts, lang=lang, selected=[code])
    st_folium(
        maps.localised(m), height=320, use_container_width=True,
        returned_objects=["last_active_drawing"], key="prof_map",
        on_change=district_click_callback("prof_map", "prof_unit", names, replace=True),
    )  # fmt: skip
write_url_ui({"unit": code})
unit = districts.set_index("gso_code").loc[code]

with right:
    st.title(f"{unit['full_name']}")
    st.caption(t("profile_intro", lang))
    figures = query(engine, "unit_figures", gso_code=code, vintage=VINTAGE)
    if figures.empty:
        st.info(t("no_unit_figures", lang))
    elif figures["is_sample"].any():
        st.warning(t("sample_notice", lang), icon=":material/warning:")

st.subheader(t("figures", lang))
latest = latest_figures(figures, query(engine, "province_targets"), lang)
st.dataframe(
    latest.drop(columns=["value", "group", "unit"]).rename(
        columns={
            "indicator": t("indicator", lang), "period": t("period", lang),
            "shown_value": t("value", lang), "target_2025": t("target_2025", lang),
            "gap_2025": t("gap", lang), "source_title": t("source", lang),
            "is_sample": t("sample_column", lang), "n_periods": t("periods_count", lang),
        }
    ),
    hide_index=True, width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("URL")},
)  # fmt: skip

series = trend_series(figures, lang)
if not series.empty:
    st.subheader(t("trend", lang))
    st.altair_chart(charts.trend_lines(series, value_title="%"), width="stretch")

st.subheader(t("facilities_in_unit", lang))
facilities = query(engine, "located_facilities")
here = facilities[facilities["district_code"] == code].copy()
here["kind"] = here["kind"].map(lambda k: fac.KINDS[k].label(lang))
st.dataframe(
    here[["name", "kind", "commune", "location_precision", "source_title", "is_sample"]].rename(
        columns={"name": t("name", lang), "kind": t("kind", lang), "commune": t("commune", lang),
                 "location_precision": t("location", lang), "source_title": t("source", lang),
                 "is_sample": t("sample_column", lang)}
    ),
    hide_index=True, width="stretch",
)  # fmt: skip
