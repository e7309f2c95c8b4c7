"""Unit profile: one unit's figures, facilities, trends and gaps, ready to print."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import charts, maps
from dashboard.domain import facilities as fac
from dashboard.domain.indicators import PROFILE_TREND_INDICATORS
from dashboard.domain.profile import latest_figures, trend_series
from dashboard.domain.units import VINTAGE_LEVEL, Vintage
from dashboard.i18n import display_table, t
from dashboard.ui import cache, plan_ui
from dashboard.ui.cache import database_ui
from dashboard.ui.charts import chart_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.notes import link_notes, notes_ui
from dashboard.ui.tables import printable_table_ui, source_domain
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
    m = maps.base_map(cache.province_outline(engine=engine), lang=lang)
    shapes = cache.display_geometry(engine=engine, level=level, vintage=vintage)
    maps.district_outlines(m, maps.join_geometry(units, shapes), lang=lang, selected=[code])
    st_folium(
        maps.localised(m),
        height=320,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        key="prof_map",
        on_change=district_click_callback("prof_map", "prof_unit", names, replace=True),
    )
write_url_ui({"unit": code, "vintage": None if vintage == Vintage.PRE_2025 else vintage})
unit = units.set_index("gso_code").loc[code]

with right:
    st.title(f"{unit['full_name']}")
    st.caption(t("profile_intro", lang))
    figures = cache.unit_figures(engine=engine, gso_code=code, vintage=vintage)
    if figures.empty:
        st.info(t("no_unit_figures", lang))
    elif figures["is_sample"].any():
        st.warning(t("sample_notice", lang), icon=":material/warning:")

st.subheader(t("figures", lang))
latest = latest_figures(figures, cache.province_targets(engine=engine), lang)
figures_shown = display_table(
    latest.drop(columns=["value", "group", "unit"]), lang, percent_columns=()
).rename(
    columns={
        "indicator": t("indicator", lang),
        "period": t("period", lang),
        "shown_value": t("value", lang),
        "target_2025": t("target_2025", lang),
        "gap_2025": t("gap", lang),
        "source_title": t("source", lang),
        "is_sample": t("sample_column", lang),
        "n_periods": t("periods_count", lang),
    }
)
st.dataframe(
    figures_shown,
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("URL")},
)
printable_table_ui(figures_shown.drop(columns=["source_url"]), lang=lang)
print_styles_ui(
    f"{t('rd_print_source', lang)}: "
    + ", ".join(
        sorted(
            {
                source_domain(u) or s
                for s, u in zip(latest["source_title"], latest["source_url"], strict=True)
            }
        )
    )
)

reform: tuple[str, str] | None = None
if vintage == Vintage.POST_2025:  # a new unit's trend joins its predecessors' figures
    catalogue = cache.indicators(engine=engine).set_index("code")
    series = pd.concat(
        [
            cache.vintage_series(engine=engine, indicator_code=i, vintage=vintage)
            .query("gso_code == @code")
            .assign(name=catalogue.loc[i, "label_en" if lang == "en" else "label_vi"])
            for i in PROFILE_TREND_INDICATORS
        ]
    )
    reform = ("2025-07-01", t("reform_marker", lang))
else:
    series = trend_series(figures, lang)
if not series.empty:
    st.subheader(t("trend", lang))
    chart_ui(st, charts.trend_lines, series, value_title="%", reform=reform, lang=lang)

st.subheader(t("facilities_in_unit", lang))
facilities = cache.located_facilities(engine=engine)
here = facilities[facilities[f"{level}_code"] == code].copy()
here["kind"] = fac.kind_labels(here["kind"], lang)
here["location_precision"] = [
    t(f"precision_{p}", lang, default=str(p)) for p in here["location_precision"]
]
st.dataframe(
    display_table(
        here[["name", "kind", "commune", "location_precision", "source_title", "is_sample"]], lang
    ).rename(
        columns={
            "name": t("name", lang),
            "kind": t("kind", lang),
            "commune": t("commune", lang),
            "location_precision": t("location", lang),
            "source_title": t("source", lang),
            "is_sample": t("sample_column", lang),
        }
    ),
    hide_index=True,
    width="stretch",
)
plan_ui.recognitions_section_ui(engine, code=code, vintage=vintage, lang=lang)
add_to_deck_ui(page="profile", lang=lang)
