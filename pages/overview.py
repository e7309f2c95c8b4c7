"""Overview: the leader's first screen. Where an indicator is lowest (map and ranking side by
side, above the fold at 1366×768), then the province's real figures by the plan's themes."""

import streamlit as st

from dashboard.domain.indicators import default_indicator
from dashboard.domain.units import PROVINCE_CODE, VINTAGE_LEVEL, Vintage
from dashboard.i18n import t
from dashboard.ui import cache, derived
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.maps import choropleth_ui
from dashboard.ui.notes import link_notes, notes_ui
from dashboard.ui.tables import map_table_ui
from dashboard.ui.widgets import (
    district_click_callback,
    language,
    print_styles_ui,
    selectable_ui,
    url_reader,
    vintage_ui,
    write_url_ui,
)

lang = language()
engine = database_ui()
reader = url_reader()
vintage = vintage_ui(reader, lang, key="overview_vintage")
level = VINTAGE_LEVEL[vintage]

st.title(t("overview_heading", lang))
catalogue = cache.vintage_indicators(engine=engine, vintage=vintage)
label_column = "label_en" if lang == "en" else "label_vi"
labels = dict(zip(catalogue["code"], catalogue[label_column], strict=True))
codes = list(labels)
first = default_indicator(codes)
units = cache.units(engine=engine, level=level, vintage=vintage)
unit_names = dict(zip(units["gso_code"], units["name"], strict=True))
if "overview_unit" not in st.session_state:  # a link's unit, once
    st.session_state["overview_unit"] = reader.choice("unit", unit_names.__contains__, "")
if st.session_state["overview_unit"] not in unit_names:  # e.g. after a vintage change
    st.session_state["overview_unit"] = ""
chosen_unit = st.session_state["overview_unit"]
period = None
if first is None:
    st.info(
        t("state_no_indicator_vintage", lang).format(vintage=t(f"vintage_{vintage}", lang)),
        icon=":material/info:",
    )
else:
    left, middle, right = st.columns([3, 1, 2])
    if st.session_state.get("overview_indicator") not in codes:  # first visit, or new vintage
        st.session_state["overview_indicator"] = reader.one("indicator", codes, first)
    indicator = left.selectbox(
        t("indicator", lang), codes, format_func=labels.__getitem__, key="overview_indicator"
    )
    period_choices = cache.vintage_periods(engine=engine, indicator_code=indicator, vintage=vintage)
    if "overview_period" not in st.session_state and period_choices:
        st.session_state["overview_period"] = reader.choice(
            "period", period_choices.__contains__, period_choices[0]
        )
    period = selectable_ui(
        middle, t("period", lang), period_choices, key="overview_period", lang=lang
    )
    write_url_ui(
        {
            "vintage": None if vintage == Vintage.PRE_2025 else vintage,
            "indicator": indicator,
            "period": period,
            "unit": chosen_unit,
        }
    )
    notes_ui(link_notes(reader, lang))  # one line above the map
    show_centres = right.checkbox(t("show_clc", lang), value=True, key="overview_centres")
    tiles = right.checkbox(t("osm_tiles", lang), value=False, key="overview_tiles")
if period is not None:
    ranking = derived.overview_ranking(
        engine, indicator_code=indicator, period=period, vintage=vintage, lang=lang
    )
    if ranking.headline:
        st.markdown(ranking.headline)
    elif ranking.missing:  # one unit alone has a figure (e.g. Sơn La city)
        st.info(t("units_without_data", lang).format(names=ranking.missing), icon=":material/info:")
    else:
        st.info(t("no_figures", lang))
    map_column, list_column = st.columns([2, 1])
    with map_column:
        choropleth_ui(
            engine,
            restyle=derived.choropleth_restyle(
                engine,
                indicator_code=indicator,
                period=period,
                vintage=vintage,
                lang=lang,
                selected=(chosen_unit,) if chosen_unit else (),
            ),
            lang=lang,
            vintage=vintage,
            province_code=PROVINCE_CODE,
            key="overview_map",
            height=440,
            tiles=tiles,
            centres=show_centres,
            returned_objects=["last_active_drawing"],
            on_change=district_click_callback(
                "overview_map", "overview_unit", unit_names, replace=True
            ),
        )
    if chosen_unit:  # a click on the map names the unit and opens its profile
        list_column.page_link(
            "pages/profile.py",
            label=t("open_profile", lang).format(name=unit_names[chosen_unit]),
            query_params={"unit": chosen_unit, "vintage": vintage},
            icon=":material/location_city:",
        )
    list_column.dataframe(
        ranking.table,
        hide_index=True,
        width="stretch",
        height=ranking.height,  # 12 districts: every row, no scroll
        row_height=derived.ROW_PX,
    )
    st.html(ranking.printable)  # the scrolling grid does not print
    table = derived.map_table(
        engine, indicator_code=indicator, period=period, vintage=vintage, lang=lang
    )
    map_table_ui(table.title, table.html)
    if ranking.sample:
        st.warning(t("sample_notice", lang), icon="⚠️")

figures = derived.province_figures(engine, lang=lang)
st.subheader(t("province_figures", lang))
if figures.html:
    st.html(figures.html)
else:
    st.info(t("state_no_province_figures", lang), icon=":material/info:")
print_styles_ui(f"{t('rd_print_source', lang)}: {figures.sources}")
add_to_deck_ui(page="overview", lang=lang)
