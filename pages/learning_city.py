"""The learning city: Sơn La city (GNLC member since 14 Feb 2024), before and after 2025."""

import streamlit as st
from streamlit_folium import st_folium

from dashboard import maps
from dashboard.domain import facilities as fac
from dashboard.domain.learning_city import GNLC_INDICATOR, successors
from dashboard.domain.units import CITY_CODE, Level, Vintage
from dashboard.i18n import format_period, format_value, t
from dashboard.ui import cache
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.tables import md_link, md_text
from dashboard.ui.widgets import language, print_styles_ui

lang = language()
engine = database_ui()
print_styles_ui()
label = "label_en" if lang == "en" else "label_vi"

st.title(t("learning_city_heading", lang))
figures = cache.unit_figures(engine=engine, gso_code=CITY_CODE, vintage=Vintage.PRE_2025)
member = figures[figures["indicator_code"] == GNLC_INDICATOR]
if not member.empty:
    row = member.iloc[0]
    st.success(
        t("gnlc_member", lang).format(date=md_text(format_period(row["period_detail"], lang)))
        + f" — {t('source', lang)}: {md_link(row['source_title'], row['source_url'])}",
        icon=":material/public:",
    )

after = successors(cache.crosswalk(engine=engine))
city = cache.units(engine=engine, level=Level.DISTRICT, vintage=Vintage.PRE_2025).query(
    "gso_code == @CITY_CODE"
)
points = cache.units(engine=engine, level=Level.COMMUNE, vintage=Vintage.POST_2025).merge(
    after[["gso_code", "predecessors"]], on="gso_code"
)
left, right = st.columns([3, 2])
with left:
    located = cache.located_facilities(engine=engine)
    in_city = located[located["district_code"] == CITY_CODE]
    m = maps.learning_city_map(
        city=city, successors=points, facilities=in_city, kinds=fac.KINDS, lang=lang
    )
    st_folium(m, height=480, use_container_width=True, returned_objects=[], key="city_map")
    if in_city["is_sample"].fillna(False).any():
        st.warning(t("sample_facilities_notice", lang), icon=":material/warning:")
with right:
    st.subheader(t("successors_heading", lang).format(n=len(after)))
    st.caption(t("successors_caption", lang))
    st.dataframe(
        after[["full_name", "predecessors"]].rename(
            columns={"full_name": t("unit_col", lang), "predecessors": t("predecessors", lang)}
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader(t("city_figures", lang))
real = figures[~figures["is_sample"]].copy()
if real.empty:
    st.info(t("state_no_city_figures", lang), icon=":material/info:")
real["shown"] = [format_value(v, u, lang) for v, u in zip(real["value"], real["unit"], strict=True)]
real["period_detail"] = [format_period(p, lang) for p in real["period_detail"]]
st.dataframe(
    real[[label, "shown", "period_detail", "source_title", "source_url"]].rename(
        columns={
            label: t("indicator", lang),
            "shown": t("value", lang),
            "period_detail": t("period", lang),
            "source_title": t("source", lang),
        }
    ),
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("URL")},
)
st.caption(t("city_facilities", lang).format(n=len(in_city)))
add_to_deck_ui(page="learning_city", lang=lang)
