"""Overview: the leader's first screen. Where an indicator is lowest (map and ranking side by
side, above the fold at 1366×768), then the province's real figures by the plan's themes."""

import streamlit as st

from dashboard import maps
from dashboard.domain import classify
from dashboard.domain.analysis import ranked
from dashboard.domain.indicators import (
    THEME_INDICATORS,
    cards_by_theme,
    default_indicator,
    extremes,
    headline_cards,
)
from dashboard.domain.units import PROVINCE_CODE, VINTAGE_LEVEL, Vintage
from dashboard.i18n import format_value, t
from dashboard.ui import cache
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.maps import choropleth_ui
from dashboard.ui.notes import link_notes, notes_ui
from dashboard.ui.tables import (
    map_table_ui,
    md_link,
    md_text,
    printable_table_ui,
    source_domain,
)
from dashboard.ui.widgets import (
    district_click_callback,
    language,
    print_styles_ui,
    selectable_ui,
    url_reader,
    vintage_ui,
    write_url_ui,
)

ROW_PX = 32

lang = language()
engine = database_ui()
reader = url_reader()
vintage = vintage_ui(reader, lang, key="overview_vintage")
level = VINTAGE_LEVEL[vintage]

st.title(t("overview_heading", lang))
catalogue = cache.vintage_indicators(engine=engine, vintage=vintage)
label_column = "label_en" if lang == "en" else "label_vi"
labels = dict(zip(catalogue["code"], catalogue[label_column], strict=True))
units_of = dict(zip(catalogue["code"], catalogue["unit"], strict=True))
codes = list(labels)
first = default_indicator(codes)
units = cache.units(engine=engine, level=level, vintage=vintage)
unit_names = dict(zip(units["gso_code"], units["name"], strict=True))
if "overview_unit" not in st.session_state:  # a link's unit, once
    st.session_state["overview_unit"] = reader.choice("unit", unit_names.__contains__, "")
if st.session_state["overview_unit"] not in unit_names:  # e.g. after a vintage change
    st.session_state["overview_unit"] = ""
chosen_unit = st.session_state["overview_unit"]
values = None
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
        values = cache.vintage_values(
            engine=engine, indicator_code=indicator, period=period, vintage=vintage
        )
if values is not None:
    unit = units_of[indicator]
    sample = bool(values["is_sample"].fillna(False).any())
    ends = extremes(values, unit=unit, lang=lang)
    if ends is not None:
        badge = f" · :orange-badge[{t('rd_sample_badge', lang)}]" if sample else ""
        st.markdown(
            t("rd_extremes", lang).format(
                low=md_text(ends.lowest),
                low_value=md_text(ends.lowest_value),
                high=md_text(ends.highest),
                high_value=md_text(ends.highest_value),
            )
            + badge
        )
    elif values["value"].notna().any():  # one unit alone has a figure (e.g. Sơn La city)
        missing = ", ".join(values.loc[values["value"].isna(), "name"])
        st.info(t("units_without_data", lang).format(names=missing), icon=":material/info:")
    else:
        st.info(t("no_figures", lang))
    map_column, list_column = st.columns([2, 1])
    with map_column:
        choropleth_ui(
            engine,
            values=values,
            classes=classify.classify(values["value"]),
            label=maps.IndicatorLabel(labels[indicator], unit),
            lang=lang,
            vintage=vintage,
            province_code=PROVINCE_CODE,
            key="overview_map",
            height=440,
            tiles=tiles,
            centres=show_centres,
            selected=[chosen_unit] if chosen_unit else [],
            returned_objects=["last_active_drawing"],
            on_change=district_click_callback(
                "overview_map", "overview_unit", unit_names, replace=True
            ),
        )
    order = ranked(values, higher_is_better=True)
    ranking = order.assign(
        rank=range(1, len(order) + 1),
        shown=[format_value(v, unit, lang) for v in order["value"]],
    )[["rank", "name", "shown"]].rename(
        columns={
            "rank": t("rd_rank", lang),
            "name": t("unit_col", lang),
            "shown": t("value", lang),
        }
    )
    if chosen_unit:  # a click on the map names the unit and opens its profile
        list_column.page_link(
            "pages/profile.py",
            label=t("open_profile", lang).format(name=unit_names[chosen_unit]),
            query_params={"unit": chosen_unit, "vintage": vintage},
            icon=":material/location_city:",
        )
    list_column.dataframe(
        ranking,
        hide_index=True,
        width="stretch",
        height=min(440, ROW_PX * (len(order) + 1) + 3),  # 12 districts: every row, no scroll
        row_height=ROW_PX,
    )
    printable_table_ui(ranking, lang=lang)  # the scrolling grid does not print
    map_table_ui(
        values,
        indicator=labels[indicator],
        period=str(period),
        unit=unit,
        lang=lang,
        vintage=vintage,
    )
    if sample:
        st.warning(t("sample_notice", lang), icon="⚠️")

groups = cache.indicators(engine=engine).set_index("code")["group"].to_dict()
cards = headline_cards(
    cache.headline_figures(
        engine=engine, indicator_codes=THEME_INDICATORS, unit_code=PROVINCE_CODE
    ),
    lang,
)
st.subheader(t("province_figures", lang))
if not cards:
    st.info(t("state_no_province_figures", lang), icon=":material/info:")
for theme, theme_cards in cards_by_theme(cards, groups).items():
    st.markdown(f"#### {t(f'rd_theme_{theme}', lang)}")
    columns = st.columns(4)
    for i, card in enumerate(theme_cards):
        with columns[i % 4].container(border=True):
            st.metric(card.label, card.value, delta=card.gap, help=card.note)
            target = md_text(card.target) if card.target else t("rd_no_target", lang)
            st.caption(
                f"{t('target_2025', lang)}: {target} · "
                f"{t('period', lang)}: {md_text(card.period)} · "
                f"{md_link(source_domain(card.source_url) or card.source_title, card.source_url)}",
                help=md_text(card.source_title),
            )
sources = sorted({source_domain(c.source_url) or c.source_title for c in cards})
print_styles_ui(f"{t('rd_print_source', lang)}: {', '.join(sources)}")
add_to_deck_ui(page="overview", lang=lang)
