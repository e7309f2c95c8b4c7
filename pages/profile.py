"""Unit profile: one unit's figures, facilities, trends and gaps, ready to print."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import charts, maps
from dashboard import facilities as fac
from dashboard.figures import PROFILE_TREND_INDICATORS
from dashboard.i18n import t
from dashboard.profile import latest_figures, trend_series
from dashboard.queries import VINTAGE_LEVEL
from dashboard.ui import (
    database_ui,
    district_click_callback,
    language,
    notices_ui,
    print_styles_ui,
    query,
    seed_widgets_ui,
    url_reader,
    vintage_ui,
    write_url_ui,
)  # fmt: skip

lang = language()
engine = database_ui()
print_styles_ui()
reader = url_reader()
vintage = vintage_ui(reader, lang, key="prof_vintage")
level = VINTAGE_LEVEL[vintage]
units = query(engine, "units", level=level, vintage=vintage)
names = dict(zip(units["gso_code"], units["name"], strict=True))
seed_widgets_ui({"prof_unit": reader.one("unit", list(names), next(iter(names)))})
if st.session_state["prof_unit"] not in names:  # the vintage changed under the selection
    st.session_state["prof_unit"] = next(iter(names))

notices_ui(reader, lang)
left, right = st.columns([2, 3])
with left:
    code = st.selectbox(
        t("profile_unit", lang), list(names), key="prof_unit", format_func=names.__getitem__
    )
    m = maps.base_map(query(engine, "province_outline"), lang=lang)
    shapes = query(engine, "display_geometry", level=level, vintage=vintage)
    maps.district_outlines(m, maps.join_geometry(units, shapes), lang=lang, selected=[code])
    st_folium(
        maps.localised(m), height=320, use_container_width=True,
        returned_objects=["last_active_drawing"], key="prof_map",
        on_change=district_click_callback("prof_map", "prof_unit", names, replace=True),
    )  # fmt: skip
write_url_ui({"unit": code, "vintage": None if vintage == "pre_2025" else vintage})
unit = units.set_index("gso_code").loc[code]

with right:
    st.title(f"{unit['full_name']}")
    st.caption(t("profile_intro", lang))
    figures = query(engine, "unit_figures", gso_code=code, vintage=vintage)
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

if vintage == "post_2025":  # a new unit's trend joins its predecessors' figures
    catalogue = query(engine, "indicators").set_index("code")
    series = pd.concat(
        [
            query(engine, "vintage_series", indicator_code=i, vintage=vintage)
            .query("gso_code == @code")
            .assign(name=catalogue.loc[i, "label_en" if lang == "en" else "label_vi"])
            for i in PROFILE_TREND_INDICATORS
        ]
    )
    reform = ("2025-07-01", t("reform_marker", lang))
else:
    series, reform = trend_series(figures, lang), None
if not series.empty:
    st.subheader(t("trend", lang))
    st.altair_chart(charts.trend_lines(series, value_title="%", reform=reform), width="stretch")

st.subheader(t("facilities_in_unit", lang))
facilities = query(engine, "located_facilities")
here = facilities[facilities[f"{level}_code"] == code].copy()
here["kind"] = here["kind"].map(lambda k: fac.KINDS[k].label(lang))
st.dataframe(
    here[["name", "kind", "commune", "location_precision", "source_title", "is_sample"]].rename(
        columns={"name": t("name", lang), "kind": t("kind", lang), "commune": t("commune", lang),
                 "location_precision": t("location", lang), "source_title": t("source", lang),
                 "is_sample": t("sample_column", lang)}
    ),
    hide_index=True, width="stretch",
)  # fmt: skip
