"""Indicators: one indicator by district, classed on the map, ranked, over time, vs targets."""

from typing import Any

import streamlit as st

from dashboard.domain import classify
from dashboard.domain.indicators import default_indicator, ordered_groups
from dashboard.domain.reaggregate import CrosswalkError
from dashboard.domain.units import VINTAGE_LEVEL, Vintage
from dashboard.i18n import t
from dashboard.ui import cache, derived
from dashboard.ui.cache import database_ui
from dashboard.ui.charts import chart_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.maps import choropleth_ui
from dashboard.ui.notes import WARNING_ICON, Note, link_notes, notes_ui
from dashboard.ui.tables import (
    downloads_ui,
    map_table_ui,
)
from dashboard.ui.widgets import (
    district_click_callback,
    language,
    notices_ui,
    scope_ui,
    seed_widgets_ui,
    selectable_ui,
    url_reader,
    vintage_ui,
    write_url_ui,
)

SCHEMES = [*classify.SCHEMES, "manual"]

lang = language()
engine = database_ui()
reader = url_reader()
vintage = vintage_ui(reader, lang, key="ind_vintage")
scope = scope_ui(engine, reader, lang, key="ind_scope")
level = VINTAGE_LEVEL[vintage]
catalogue = cache.vintage_indicators(engine=engine, vintage=vintage).set_index("code")
label = catalogue["label_en" if lang == "en" else "label_vi"].to_dict()
units = cache.units(engine=engine, level=level, vintage=vintage, province_code=scope)
names = dict(zip(units["gso_code"], units["name"], strict=True))

st.title(t("indicators_heading" if level == "district" else "indicators_heading_commune", lang))
st.caption(t("indicators_intro", lang))
first = default_indicator(label)
if first is None:
    notices_ui(reader, lang)
    st.info(
        t("state_no_indicator_vintage", lang).format(vintage=t(f"vintage_{vintage}", lang)),
        icon=":material/info:",
    )
    st.stop()
indicator0 = reader.one("indicator", list(label), first)
periods0 = cache.vintage_periods(engine=engine, indicator_code=indicator0, vintage=vintage)
seed_widgets_ui(
    {
        "ind_group": catalogue.loc[indicator0, "group"],
        "ind_indicator": indicator0,
        "ind_period": reader.choice("period", periods0.__contains__, periods0[0]),
        "ind_scheme": reader.one("scheme", SCHEMES, "quantiles"),
        "ind_k": reader.number("k", 5, lo=2, hi=5),
        "ind_palette": reader.one("palette", list(classify.PALETTES), classify.DEFAULT_PALETTE),
        "ind_breaks": ", ".join(f"{b:g}" for b in reader.numbers("breaks") or []),
        "ind_units": reader.many("units", set(names)),
    }
)

notes = link_notes(reader, lang)
# One row of controls (classes and colours folded into a popover) and one line of notices:
# the map starts on the first screen at 1366×768.
c1, c2, c3, c4 = st.columns([2, 4, 2, 2], vertical_alignment="bottom")
group = c1.selectbox(
    t("group", lang),
    ordered_groups(catalogue["group"]),
    key="ind_group",
    format_func=lambda g: t(f"group_{g}", lang, g),
)
options = [code for code in label if catalogue.loc[code, "group"] == group]
indicator = selectable_ui(
    c2, t("indicator", lang), options, key="ind_indicator", lang=lang, labels=label
)
periods = (
    cache.vintage_periods(engine=engine, indicator_code=indicator, vintage=vintage)
    if indicator
    else []
)
period = selectable_ui(c3, t("period", lang), periods, key="ind_period", lang=lang)
if indicator is None or period is None:  # a group whose indicators left the database
    notes_ui(notes)
    st.info(t("no_figures", lang))
    st.stop()

classes_box = c4.popover(t("mp_classes", lang), icon=":material/palette:", width="stretch")
scheme = classes_box.selectbox(
    t("classification", lang),
    SCHEMES,
    key="ind_scheme",
    format_func=lambda s: t(f"scheme_{s}", lang),
)
k = classes_box.number_input(t("n_classes", lang), 2, 5, key="ind_k", disabled=scheme == "manual")
palette = classes_box.selectbox(t("palette", lang), list(classify.PALETTES), key="ind_palette")
breaks_text = classes_box.text_input(
    t("manual_breaks", lang),
    key="ind_breaks",
    disabled=scheme != "manual",
    help=t("manual_breaks_help", lang),
)

try:
    values = cache.vintage_values(
        engine=engine, indicator_code=indicator, period=period, vintage=vintage, province_code=scope
    )
except CrosswalkError as exc:
    notes_ui(notes)
    st.error(t("crosswalk_refused", lang).format(reason=exc), icon=":material/error:")
    st.stop()
breaks: list[float] = []
classing: dict[str, Any] = {"scheme": scheme, "k": int(k), "palette": palette}
try:
    if scheme == "manual":
        breaks = classify.parse_breaks(breaks_text)
        classing |= {"k": 5, "breaks": tuple(breaks)}  # the edges make the classes
    derived.classes(
        engine,
        indicator_code=indicator,
        period=period,
        vintage=vintage,
        province_code=scope,
        **classing,
    )
except classify.BreaksError as exc:
    classes_box.error(f"{t('breaks_error', lang)}: {exc}", icon=":material/error:")
    classing = {"palette": palette}
write_url_ui(
    {
        "indicator": indicator,
        "period": period,
        "scheme": scheme,
        "k": int(k),
        "palette": palette,
        "breaks": breaks,
        "units": st.session_state["ind_units"],
        "scope": None if scope else "national",
        "vintage": None if vintage == Vintage.PRE_2025 else vintage,
    }
)

if values["value"].isna().all():
    text = t("no_period_data", lang).format(reason=t("no_figures", lang))
    notes.append(Note(t("mp_note_no_period_data", lang), text))
elif values["value"].isna().any():
    missing = ", ".join(values.loc[values["value"].isna(), "name"])
    text = t("units_without_data", lang).format(names=missing)
    notes.append(Note(t("mp_note_no_data", lang), text))
if (no_shape := values[values.geometry.isna() & values["point_lon"].isna()]).shape[0]:
    text = t("units_without_geometry", lang).format(names=", ".join(no_shape["name"]))
    notes.append(Note(t("mp_note_no_shape", lang), text))
if values["reaggregated"].any():
    reaggregated = int(values["value"].notna().sum())
    text = t("reaggregated_notice", lang).format(period=period, n=reaggregated)
    notes.append(Note(t("mp_note_reaggregated", lang), text))
if values["is_sample"].fillna(False).any():
    text = t("sample_notice", lang)
    notes.append(Note(t("mp_note_sample", lang), text, warning=True, icon=WARNING_ICON))
notes_ui(notes)

verdicts, _ = derived.literacy_standard(
    engine,
    indicator_code=indicator,
    period=period,
    vintage=vintage,
    province_code=scope,
    lang=lang,
)

choropleth_ui(
    engine,
    restyle=derived.choropleth_restyle(
        engine,
        indicator_code=indicator,
        period=period,
        vintage=vintage,
        province_code=scope,
        lang=lang,
        selected=tuple(st.session_state.get("ind_units", [])),
        standard=True,
        **classing,
    ),
    lang=lang,
    vintage=vintage,
    province_code=scope,
    key="ind_map",
    returned_objects=["last_active_drawing"],
    on_change=district_click_callback("ind_map", "ind_units", names),
)
higher = catalogue.loc[indicator, "higher_is_better"]
map_table = derived.map_table(
    engine,
    indicator_code=indicator,
    period=period,
    vintage=vintage,
    province_code=scope,
    lang=lang,
    higher_is_better=None if higher is None else bool(higher),
)
map_table_ui(map_table.title, map_table.html)

selected = st.multiselect(
    t("compare_units", lang),
    list(names),
    key="ind_units",
    format_func=names.__getitem__,
    placeholder=t("rd_choose", lang),
)
for code in selected:
    st.page_link(
        "pages/profile.py",
        label=t("open_profile", lang).format(name=names[code]),
        query_params={"unit": code, "vintage": vintage},
        icon=":material/location_city:",
    )
view = derived.indicator_view(
    engine,
    indicator_code=indicator,
    period=period,
    vintage=vintage,
    province_code=scope,
    lang=lang,
    selected=tuple(selected),
)
left, right = st.columns(2)
left.subheader(t("ranking", lang))
chart_ui(left, view.ranking)
right.subheader(t("trend", lang))
chart_ui(right, view.trend)

st.subheader(t("targets_heading", lang))
if not view.targets:
    st.caption(t("no_target", lang))
for line in view.targets:
    st.caption(line)
if view.gaps is not None:
    st.dataframe(view.gaps, hide_index=True)
if verdicts:
    st.subheader(t("standard_heading", lang))
    st.caption(t("standard_caption", lang))

st.dataframe(
    view.grid,
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("URL")},
)
downloads_ui(
    view.table,
    name=f"{indicator}_{period}",
    context=view.context,
)
add_to_deck_ui(page="indicators", lang=lang)
