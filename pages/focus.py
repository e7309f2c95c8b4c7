"""Where to focus literacy work: units ranked by people without level-2 literacy and by rate."""

import streamlit as st
from streamlit_folium import st_folium

from dashboard.domain import focus
from dashboard.domain.analysis import literacy_code
from dashboard.domain.periods import parse_code
from dashboard.i18n import format_number, t
from dashboard.ui import cache
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.plan_ui import flag_template_ui, focus_map
from dashboard.ui.tables import downloads_ui, export_context, md_link
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

figures = cache.literacy_level2_figures(engine=engine, period=period, vintage=vintage)
flag_lists = cache.difficulty_flags(engine=engine, vintage=vintage)
flags = focus.flag_for(flag_lists, period_end=parse_code(period).end)
ranked = focus.ordered(
    focus.ranking(
        {b: g for b, g in figures.groupby("band")},
        flags,
        cache.literacy_standards(engine=engine),
    ),
    by=by,
)
if ranked["rate"].isna().all():
    st.info(t("focus_no_figures", lang))
if ranked["is_sample"].any():
    st.warning(t("sample_notice", lang), icon="⚠️")
below = int((ranked["gap"] < 0).sum())
people = format_number(ranked["people_without"].sum(min_count=1), lang)
st.markdown(t("focus_total", lang).format(people=people, below=below))

st_folium(
    focus_map(engine, ranked, vintage=vintage, lang=lang),
    height=480,
    use_container_width=True,
    returned_objects=[],
    key="focus_map",
)
rank = "rank_people" if by == "people" else "rank_rate"
table = ranked[
    [rank, "name", "flagged", "band", "rate", "gap", "people_without", "is_sample", "source_title"]
].rename(
    columns={
        rank: t("focus_rank", lang),
        "name": t("unit_col", lang),
        "flagged": t("focus_flagged", lang),
        "band": t("focus_band", lang),
        "rate": t("focus_rate", lang),
        "gap": t("focus_gap", lang),
        "people_without": t("focus_people", lang),
        "is_sample": t("sample_column", lang),
        "source_title": t("source", lang),
    }
)
st.dataframe(table, hide_index=True, width="stretch", key="focus_table")
downloads_ui(
    table,
    name=f"uu_tien_xoa_mu_chu_{period}",
    context=export_context(
        lang=lang,
        what=t("focus_heading", lang),
        rows=ranked,
        total=len(ranked),
        vintage=vintage,
        unit="%",
        period=period,
    ),
)

flagged = [code for code, on in flags.items() if on]
if flagged:
    sources = flag_lists.drop_duplicates(["source_title", "source_url"])
    links = ", ".join(
        md_link(s, u or "")
        for s, u in zip(sources["source_title"], sources["source_url"], strict=True)
    )
    st.caption(t("focus_flags_caption", lang).format(n=len(flagged), sources=links))
else:
    st.info(t("focus_no_flags", lang))
flag_template_ui(engine, lang)
add_to_deck_ui(page="focus", lang=lang)
