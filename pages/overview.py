"""Overview: the leader's first screen. Real province figures, then the district map."""

import streamlit as st
from streamlit_folium import st_folium

from dashboard import maps
from dashboard.domain import classify
from dashboard.domain.indicators import DEFAULT_INDICATOR, HEADLINE_INDICATORS, headline_cards
from dashboard.domain.units import PROVINCE_CODE, VINTAGE_LEVEL
from dashboard.i18n import t
from dashboard.ui import cache
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.tables import md_link, md_text
from dashboard.ui.widgets import language, selectable_ui, url_reader, vintage_ui, write_url_ui

lang = language()
engine = database_ui()
vintage = vintage_ui(url_reader(), lang, key="overview_vintage")
level = VINTAGE_LEVEL[vintage]

st.title(t("overview_heading", lang))
st.markdown(t("overview_intro", lang))

st.subheader(t("province_figures", lang))
cards = headline_cards(
    cache.headline_figures(
        engine=engine, indicator_codes=HEADLINE_INDICATORS, unit_code=PROVINCE_CODE
    ),
    lang,
)
columns = st.columns(4)
for i, card in enumerate(cards):
    with columns[i % 4].container(border=True):
        st.metric(card.label, card.value, delta=card.gap, help=card.note)
        if card.target:
            st.markdown(f"**{t('target_2025', lang)}:** {md_text(card.target)}")
        st.caption(
            f"{t('period', lang)}: {md_text(card.period)} · "
            f"{t('source', lang)}: {md_link(card.source_title, card.source_url)}"
        )

st.subheader(t(f"{level}_map", lang))
catalogue = cache.indicators(engine=engine, level=level)
label_column = "label_en" if lang == "en" else "label_vi"
labels = dict(zip(catalogue["code"], catalogue[label_column], strict=True))
units_of = dict(zip(catalogue["code"], catalogue["unit"], strict=True))
left, middle, right = st.columns([3, 1, 2])
codes = list(labels)
indicator = left.selectbox(
    t("indicator", lang),
    codes,
    format_func=labels.__getitem__,
    key="overview_indicator",
    index=codes.index(DEFAULT_INDICATOR) if DEFAULT_INDICATOR in codes else 0,
)
period_choices = cache.vintage_periods(engine=engine, indicator_code=indicator, vintage=vintage)
period = selectable_ui(middle, t("period", lang), period_choices, key="overview_period")
write_url_ui({"vintage": None if vintage == "pre_2025" else vintage})
show_centres = right.checkbox(t("show_clc", lang), value=True)
tiles = right.checkbox(t("osm_tiles", lang), value=False)

districts = cache.vintage_values(
    engine=engine, indicator_code=indicator, period=period, vintage=vintage
)
if districts["value"].notna().sum() == 0:
    st.info(t("no_figures", lang))
if districts["is_sample"].fillna(False).any():
    st.warning(t("sample_notice", lang), icon="⚠️")

centres = (
    cache.facilities(engine=engine, kinds=["community_learning_centre"]) if show_centres else None
)
m = maps.unit_choropleth(
    values=districts,
    geometry=cache.display_geometry(engine=engine, level=level, vintage=vintage),
    level=level,
    boundaries=cache.display_geometry(engine=engine, level="district", vintage="pre_2025")
    if vintage == "post_2025"
    else None,
    outline=cache.province_outline(engine=engine),
    classes=classify.classify(districts["value"]),
    label=maps.IndicatorLabel(labels[indicator], units_of[indicator]),
    lang=lang,
    centres=centres if vintage == "pre_2025" else None,  # communes are drawn at the same points
    tiles=tiles,
)
st_folium(m, height=600, use_container_width=True, returned_objects=[], key="overview_map")

shown = ["name", "value", "period_label", "source_title", "source_url", "is_sample"]
table = districts[shown].rename(
    columns={
        "name": t("unit_col", lang),
        "value": t("value", lang),
        "period_label": t("period", lang),
        "source_title": t("source", lang),
        "is_sample": t("sample_column", lang),
    }
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("URL")},
)
add_to_deck_ui(page="overview", lang=lang)
