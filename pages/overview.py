"""Overview: the leader's first screen. Real province figures, then the district map."""

import streamlit as st

from dashboard import maps
from dashboard.domain import classify
from dashboard.domain.indicators import HEADLINE_INDICATORS, default_indicator, headline_cards
from dashboard.domain.units import PROVINCE_CODE, VINTAGE_LEVEL, Vintage
from dashboard.i18n import t
from dashboard.ui import cache
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.maps import choropleth_ui
from dashboard.ui.tables import md_link, md_text
from dashboard.ui.widgets import (
    language,
    notices_ui,
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
st.markdown(t("overview_intro", lang))

st.subheader(t("province_figures", lang))
cards = headline_cards(
    cache.headline_figures(
        engine=engine, indicator_codes=HEADLINE_INDICATORS, unit_code=PROVINCE_CODE
    ),
    lang,
)
if not cards:
    st.info(t("state_no_province_figures", lang), icon=":material/info:")
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
catalogue = cache.vintage_indicators(engine=engine, vintage=vintage)
label_column = "label_en" if lang == "en" else "label_vi"
labels = dict(zip(catalogue["code"], catalogue[label_column], strict=True))
units_of = dict(zip(catalogue["code"], catalogue["unit"], strict=True))
codes = list(labels)
first = default_indicator(codes)
if first is None:
    st.info(
        t("state_no_indicator_vintage", lang).format(vintage=t(f"vintage_{vintage}", lang)),
        icon=":material/info:",
    )
    st.stop()
left, middle, right = st.columns([3, 1, 2])
if st.session_state.get("overview_indicator") not in codes:  # first visit, or a new vintage
    st.session_state["overview_indicator"] = reader.one("indicator", codes, first)
indicator = left.selectbox(
    t("indicator", lang), codes, format_func=labels.__getitem__, key="overview_indicator"
)
period_choices = cache.vintage_periods(engine=engine, indicator_code=indicator, vintage=vintage)
if "overview_period" not in st.session_state and period_choices:
    st.session_state["overview_period"] = reader.choice(
        "period", period_choices.__contains__, period_choices[0]
    )
period = selectable_ui(middle, t("period", lang), period_choices, key="overview_period", lang=lang)
write_url_ui(
    {
        "vintage": None if vintage == Vintage.PRE_2025 else vintage,
        "indicator": indicator,
        "period": period,
    }
)
notices_ui(reader, lang)
show_centres = right.checkbox(t("show_clc", lang), value=True)
tiles = right.checkbox(t("osm_tiles", lang), value=False)

if period is None:  # listed indicators have periods; a database changed under the page
    st.info(t("no_figures", lang))
    st.stop()
districts = cache.vintage_values(
    engine=engine, indicator_code=indicator, period=period, vintage=vintage
)
if districts["value"].notna().sum() == 0:
    st.info(t("no_figures", lang))
if districts["is_sample"].fillna(False).any():
    st.warning(t("sample_notice", lang), icon="⚠️")

choropleth_ui(
    engine,
    values=districts,
    classes=classify.classify(districts["value"]),
    label=maps.IndicatorLabel(labels[indicator], units_of[indicator]),
    lang=lang,
    vintage=vintage,
    province_code=PROVINCE_CODE,
    key="overview_map",
    height=600,
    tiles=tiles,
    centres=show_centres,
)

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
