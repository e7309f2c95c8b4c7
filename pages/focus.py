"""Where to focus literacy work: units ranked by people without level-2 literacy and by rate."""

import streamlit as st

from dashboard import maps
from dashboard.domain.analysis import literacy_code
from dashboard.domain.periods import parse_code
from dashboard.i18n import format_number, t
from dashboard.ui import cache, derived_plan
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.plan_ui import flag_template_ui
from dashboard.ui.tables import downloads_ui
from dashboard.ui.widgets import (
    language,
    notices_ui,
    print_styles_ui,
    seed_widgets_ui,
    url_reader,
    vintage_ui,
    write_url_ui,
)

lang = language()
engine = database_ui()
print_styles_ui()
reader = url_reader()

st.title(t("focus_heading", lang))
st.caption(t("focus_intro", lang))
notices_ui(reader, lang)
left, middle, right = st.columns(3)
with left:
    vintage = vintage_ui(reader, lang, key="focus_vintage")
periods = cache.vintage_periods(
    engine=engine, indicator_code=literacy_code(2, "15-60"), vintage=vintage
)
if not periods:
    st.info(t("focus_no_figures", lang))
    flag_template_ui(engine, lang)
    st.stop()
newest_first = sorted(periods, key=lambda p: parse_code(p).end, reverse=True)
# A link's period and ranking (a slide's public link) open the page as they were; without
# them the newest period of the chosen vintage shows. A period beside an indicator is another
# page's view, not this page's.
seed_widgets_ui(
    {
        key: reader.one(name, allowed, allowed[0])
        for key, name, allowed in (
            ("focus_period", "period", newest_first),
            ("focus_by", "by", ["people", "rate"]),
        )
        if name in reader.params and "indicator" not in reader.params
    }
)
period = middle.selectbox(t("period", lang), newest_first, key="focus_period")
by = right.radio(
    t("focus_rank_by", lang),
    ["people", "rate"],
    format_func=lambda b: t(f"focus_by_{b}", lang),
    horizontal=True,
    key="focus_by",
)
write_url_ui(
    {
        "vintage": None if vintage == "pre_2025" else vintage,
        "period": None if period == newest_first[0] else period,
        "by": None if by == "people" else by,
    }
)

ranking = derived_plan.focus_ranking(engine, period=period, vintage=vintage, by=by, lang=lang)
ranked = ranking.ranked
if ranked["rate"].isna().all():
    st.info(t("focus_no_figures", lang))
if ranked["is_sample"].any():
    st.warning(t("sample_notice", lang), icon="⚠️")
below = int((ranked["gap"] < 0).sum())
people = format_number(ranked["people_without"].sum(min_count=1), lang)
st.markdown(t("focus_total", lang).format(people=people, below=below))

maps.show_map(
    derived_plan.focus_map(engine, period=period, vintage=vintage, by=by, lang=lang),
    key="focus_map",
    height=480,
)
st.dataframe(ranking.grid, hide_index=True, width="stretch", key="focus_table")
downloads_ui(
    ranking.table,
    name=f"uu_tien_xoa_mu_chu_{period}",
    context=ranking.context,
)

if ranking.flagged:
    st.caption(
        t("focus_flags_caption", lang).format(n=ranking.flagged, sources=ranking.flag_sources)
    )
else:
    st.info(t("focus_no_flags", lang))
flag_template_ui(engine, lang)
add_to_deck_ui(page="focus", lang=lang)
