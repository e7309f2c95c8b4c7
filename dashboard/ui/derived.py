"""What pages derive from the cached rows, computed once per (query, arguments, language) and
kept in the form the page sends: rankings, the lowest and highest unit in words, class breaks,
map styles and legends, counts by unit, tables ready for the grid or as HTML (the plan area's
pages: dashboard.ui.derived_plan).

Every function here is shared by all sessions (cache.shared: the same object, no copy); a page
run only sends what it gets. Entries expire with the queries' (cache.CACHE_SECONDS) and are
forgotten with them after an import (cache.clear_caches); one computed just before its rows
expired can outlive them by that long again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
from sqlalchemy import Engine

from dashboard import charts, maps
from dashboard.domain import analysis, classify
from dashboard.domain import facilities as fac
from dashboard.domain.classify import NO_DATA_COLOUR, Classes
from dashboard.domain.indicators import (
    PROFILE_TREND_INDICATORS,
    THEME_INDICATORS,
    cards_by_theme,
    extremes,
    headline_cards,
)
from dashboard.domain.learning_city import GNLC_INDICATOR, successors
from dashboard.domain.profile import latest_figures, trend_series
from dashboard.domain.units import CITY_CODE, PROVINCE_CODE, VINTAGE_LEVEL, Level, Vintage
from dashboard.i18n import display_table, format_period, format_value, t, unit_label
from dashboard.loading.export import ExportContext
from dashboard.ui import cache, plan_ui
from dashboard.ui.cache import shared
from dashboard.ui.charts import spec as chart_spec
from dashboard.ui.tables import (
    export_context,
    figure_cards_html,
    figures_table,
    filter_text,
    map_table_html,
    md_link,
    md_text,
    printable_html,
    source_domain,
    sources_table,
)

ROW_PX = 32  # a ranking grid's row height


def arrow(table: pd.DataFrame) -> pa.Table:
    """`table` as st.dataframe sends it (Streamlit's own conversion, done once instead of on
    every run: st.dataframe then only writes the Arrow bytes)."""
    from streamlit import dataframe_util

    return dataframe_util.convert_pandas_df_to_arrow_table(table)


def indicator_label(
    engine: Engine, *, indicator_code: str, vintage: str, lang: str
) -> maps.IndicatorLabel:
    """The indicator's name in the reader's language and its unit, as the map states them."""
    catalogue = cache.vintage_indicators(engine=engine, vintage=vintage).set_index("code")
    row = catalogue.loc[indicator_code]
    return maps.IndicatorLabel(
        str(row["label_en" if lang == "en" else "label_vi"]), str(row["unit"])
    )


@shared(max_entries=256)
def classes(
    engine: Engine,
    *,
    indicator_code: str,
    period: str,
    vintage: str,
    province_code: str | None = PROVINCE_CODE,
    scheme: str = "quantiles",
    k: int = 5,
    palette: str = classify.DEFAULT_PALETTE,
    breaks: tuple[float, ...] = (),
) -> Classes | None:
    """The map's classes: `scheme` ("manual": the `breaks` a planner typed; BreaksError when
    they do not fit the figures, never cached)."""
    values = cache.vintage_values(
        engine=engine,
        indicator_code=indicator_code,
        period=period,
        vintage=vintage,
        province_code=province_code,
    )["value"]
    if scheme == "manual":
        return classify.manual_classes(values, list(breaks), palette=palette)
    return classify.classify(values, scheme=scheme, k=k, palette=palette)


@shared(max_entries=256)
def literacy_standard(
    engine: Engine,
    *,
    indicator_code: str,
    period: str,
    vintage: str,
    province_code: str | None,
    lang: str,
) -> tuple[dict[str, analysis.StandardVerdict], str]:
    """Decree 20/2014 verdicts per unit for a literacy indicator, and the legend's label
    (empty for other indicators)."""
    level = analysis.literacy_level(indicator_code)
    if level is None:
        return {}, ""
    units = cache.units(
        engine=engine, level=VINTAGE_LEVEL[vintage], vintage=vintage, province_code=province_code
    )
    rates = cache.literacy_standard_rates(
        engine=engine,
        literacy_level=level,
        period=period,
        vintage=vintage,
        province_code=province_code,
    )
    flags = dict(zip(units["gso_code"], units["especially_disadvantaged"], strict=True))
    flags |= cache.listed_flags(engine, vintage=vintage, period=period)  # imported lists
    verdicts = analysis.literacy_verdicts(
        level=level,
        rates_by_band=rates,
        disadvantaged=flags,
        standards=cache.literacy_standards(engine=engine),
    )
    rule = next(iter(verdicts.values()))
    label = t("standard_label", lang).format(level=level, threshold=rule.threshold, band=rule.band)
    return verdicts, label


@shared(max_entries=512)
def choropleth_restyle(
    engine: Engine,
    *,
    indicator_code: str,
    period: str,
    vintage: str,
    province_code: str | None = PROVINCE_CODE,
    lang: str,
    scheme: str = "quantiles",
    k: int = 5,
    palette: str = classify.DEFAULT_PALETTE,
    breaks: tuple[float, ...] = (),
    selected: tuple[str, ...] = (),
    standard: bool = False,
) -> str:
    """The script that colours a choropleth's base for this view: class colours, outlines
    (the literacy standard when `standard`, the selected units), escaped tooltips, legend."""
    values = cache.vintage_values(
        engine=engine,
        indicator_code=indicator_code,
        period=period,
        vintage=vintage,
        province_code=province_code,
    )
    verdicts, standard_label = (
        literacy_standard(
            engine,
            indicator_code=indicator_code,
            period=period,
            vintage=vintage,
            province_code=province_code,
            lang=lang,
        )
        if standard
        else ({}, "")
    )
    styles, legend = maps.choropleth_styles(
        values,
        classes=classes(
            engine,
            indicator_code=indicator_code,
            period=period,
            vintage=vintage,
            province_code=province_code,
            scheme=scheme,
            k=k,
            palette=palette,
            breaks=breaks,
        ),
        label=indicator_label(engine, indicator_code=indicator_code, vintage=vintage, lang=lang),
        lang=lang,
        standard={c: v.meets for c, v in verdicts.items()} if verdicts else None,
        standard_label=standard_label,
        selected=selected,
    )
    return maps.restyle_script(
        level=VINTAGE_LEVEL[vintage],
        units=styles,
        missing=maps.UnitStyle(fill=NO_DATA_COLOUR, tip=""),
        legend=legend,
    )


@dataclass(frozen=True)
class MapTable:
    """A choropleth's text alternative: the expander's title and the ranked HTML table."""

    title: str
    html: str


@shared(max_entries=256)
def map_table(
    engine: Engine,
    *,
    indicator_code: str,
    period: str,
    vintage: str,
    province_code: str | None = PROVINCE_CODE,
    lang: str,
    higher_is_better: bool | None = True,
) -> MapTable:
    """The map's figures as a table, named after the indicator and the period."""
    label = indicator_label(engine, indicator_code=indicator_code, vintage=vintage, lang=lang)
    title = t("a11y_map_table", lang).format(
        indicator=label.title, period=format_period(period, lang)
    )
    values = cache.vintage_values(
        engine=engine,
        indicator_code=indicator_code,
        period=period,
        vintage=vintage,
        province_code=province_code,
    )
    html = map_table_html(
        values,
        title=title,
        unit=label.unit,
        lang=lang,
        vintage=vintage,
        higher_is_better=higher_is_better,
    )
    return MapTable(title, html)


@dataclass(frozen=True)
class Ranking:
    """The Overview's units for an indicator and period, as the reader reads them."""

    headline: str  # "Thấp nhất: **…**, … · cao nhất: …" (markdown, sample badge); "" if none
    missing: str  # the units without a figure when a single unit has one ("" otherwise)
    table: pa.Table  # rank, unit, value: the grid beside the map
    height: int  # the grid's height: 12 districts show every row
    printable: str  # the same table as static HTML, shown only on paper
    sample: bool  # some figure is illustrative sample data


@shared(max_entries=256)
def overview_ranking(
    engine: Engine, *, indicator_code: str, period: str, vintage: str, lang: str
) -> Ranking:
    """The lowest and highest unit in words and the ranking, best first."""
    values = cache.vintage_values(
        engine=engine, indicator_code=indicator_code, period=period, vintage=vintage
    )
    unit = indicator_label(engine, indicator_code=indicator_code, vintage=vintage, lang=lang).unit
    sample = bool(values["is_sample"].fillna(False).any())
    headline, missing = "", ""
    if (ends := extremes(values, unit=unit, lang=lang)) is not None:
        badge = f" · :orange-badge[{t('rd_sample_badge', lang)}]" if sample else ""
        headline = (
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
    order = analysis.ranked(values, higher_is_better=True)
    ranking = order.assign(
        rank=range(1, len(order) + 1),
        shown=[format_value(v, unit, lang) for v in order["value"]],
    )[["rank", "name", "shown"]].rename(
        columns={"rank": t("rd_rank", lang), "name": t("unit_col", lang), "shown": t("value", lang)}
    )
    return Ranking(
        headline=headline,
        missing=missing,
        table=arrow(ranking),
        height=min(440, ROW_PX * (len(order) + 1) + 3),
        printable=printable_html(ranking, lang=lang),
        sample=sample,
    )


@dataclass(frozen=True)
class ProvinceFigures:
    """The province's real figures by the plan's themes, as one block of cards."""

    html: str  # "" when there is no figure
    sources: str  # the sites they come from, for the printed page's foot


@shared(max_entries=8)
def province_figures(engine: Engine, *, lang: str) -> ProvinceFigures:
    """Each theme's cards (value, gap to the 2025 target, target, period, source) as HTML."""
    groups = cache.indicators(engine=engine).set_index("code")["group"].to_dict()
    cards = headline_cards(
        cache.headline_figures(
            engine=engine, indicator_codes=THEME_INDICATORS, unit_code=PROVINCE_CODE
        ),
        lang,
    )
    by_theme = cards_by_theme(cards, groups)
    themes = {t(f"rd_theme_{theme}", lang): found for theme, found in by_theme.items()}
    sources = sorted({source_domain(c.source_url) or c.source_title for c in cards})
    return ProvinceFigures(figure_cards_html(themes, lang) if cards else "", ", ".join(sources))


@dataclass(frozen=True)
class FacilityList:
    """The Facilities page's tables for one filter, in the reader's language."""

    shown: pd.DataFrame  # the facilities the filter keeps (labels in the reader's language)
    total: int  # facilities before the filter
    counts: pa.Table  # one row per unit, one column per kind, and a total
    table: pd.DataFrame  # the list as read and downloaded
    grid: pa.Table  # the same, blanks for missing text, for the grid
    context: ExportContext  # what the downloads say they hold


@shared(max_entries=256)
def facility_list(
    engine: Engine,
    *,
    vintage: str,
    province_code: str | None,
    unit_codes: tuple[str, ...],
    kinds: tuple[str, ...],
    lang: str,
) -> FacilityList:
    """Facilities in any of the units and of any of the kinds (none chosen: all), counted."""
    level = VINTAGE_LEVEL[vintage]
    unit_column = f"{level}_code"
    units = cache.units(engine=engine, level=level, vintage=vintage, province_code=province_code)
    facilities = cache.located_facilities(engine=engine, province_code=province_code)
    shown = fac.filtered(
        facilities, unit_column=unit_column, unit_codes=list(unit_codes), kinds=list(kinds)
    ).assign(
        kind_label=lambda f: fac.kind_labels(f["kind"], lang),
        location_precision=lambda f: [
            t(f"precision_{p}", lang, default=str(p)) for p in f["location_precision"]
        ],
    )
    counts = fac.counts_by_unit(shown, units, unit_column=unit_column, lang=lang).rename(
        columns={"name": t("unit_col", lang)}
    )
    table = shown[
        [
            "name",
            "kind_label",
            "commune",
            "district",
            "location_precision",
            "source_title",
            "source_url",
            "is_sample",
            "lon",
            "lat",
        ]
    ].rename(
        columns={
            "name": t("name", lang),
            "kind_label": t("kind", lang),
            "commune": t("commune", lang),
            "district": t("district", lang),
            "location_precision": t("location", lang),
            "source_title": t("source", lang),
            "source_url": "URL",
            "is_sample": t("sample_column", lang),
        }
    )
    grid = table.fillna({c: "" for c in table.columns if table[c].dtype == object})
    names = dict(zip(units["gso_code"], units["name"], strict=True))
    context = export_context(
        lang=lang,
        what=t("facility_list", lang),
        rows=shown,
        total=len(facilities),
        vintage=vintage,
        filters=[
            filter_text(t(f"{level}s_filter", lang), [names[c] for c in unit_codes]),
            filter_text(t("kinds_filter", lang), [fac.KINDS[k].label(lang) for k in kinds]),
        ],
    )
    return FacilityList(shown, len(facilities), arrow(counts), table, arrow(grid), context)


# --- the Learning city and the unit profile -----------------------------------------------------


@dataclass(frozen=True)
class LearningCity:
    """Sơn La city's page in the reader's language."""

    member: str  # "member since …" and its source (markdown); "" without the figure
    map: maps.RenderedMap
    sample_facilities: bool
    successors: int
    successor_table: pa.Table
    figures: pa.Table  # the city's real figures
    has_figures: bool
    facilities: int


@shared(max_entries=8)
def learning_city(engine: Engine, *, lang: str) -> LearningCity:
    """The city's membership, map, successors and real figures."""
    label = "label_en" if lang == "en" else "label_vi"
    figures = cache.unit_figures(engine=engine, gso_code=CITY_CODE, vintage=Vintage.PRE_2025)
    member = figures[figures["indicator_code"] == GNLC_INDICATOR]
    line = ""
    if not member.empty:
        row = member.iloc[0]
        line = (
            t("gnlc_member", lang).format(date=md_text(format_period(row["period_detail"], lang)))
            + f" — {t('source', lang)}: {md_link(row['source_title'], row['source_url'])}"
        )
    after = successors(cache.crosswalk(engine=engine))
    districts = cache.units(engine=engine, level=Level.DISTRICT, vintage=Vintage.PRE_2025)
    city = districts[districts["gso_code"] == CITY_CODE]
    points = cache.units(engine=engine, level=Level.COMMUNE, vintage=Vintage.POST_2025).merge(
        after[["gso_code", "predecessors"]], on="gso_code"
    )
    located = cache.located_facilities(engine=engine)
    in_city = located[located["district_code"] == CITY_CODE]
    m = maps.learning_city_map(
        city=city, successors=points, facilities=in_city, kinds=fac.KINDS, lang=lang
    )
    real = figures[~figures["is_sample"]]
    real = real.assign(
        shown=[format_value(v, u, lang) for v, u in zip(real["value"], real["unit"], strict=True)],
        period=[format_period(p, lang) for p in real["period_detail"]],
    )
    shown = real[[label, "shown", "period", "source_title", "source_url"]].rename(
        columns={
            label: t("indicator", lang),
            "shown": t("value", lang),
            "period": t("period", lang),
            "source_title": t("source", lang),
        }
    )
    successor_table = after[["full_name", "predecessors"]].rename(
        columns={"full_name": t("unit_col", lang), "predecessors": t("predecessors", lang)}
    )
    return LearningCity(
        member=line,
        map=maps.render_base(m),
        sample_facilities=bool(in_city["is_sample"].fillna(False).any()),
        successors=len(after),
        successor_table=arrow(successor_table),
        figures=arrow(shown),
        has_figures=not real.empty,
        facilities=len(in_city),
    )


@shared(max_entries=128)
def profile_map(engine: Engine, *, code: str, vintage: str, lang: str) -> maps.RenderedMap:
    """The vintage's units outlined, `code` selected, rendered once."""
    level = VINTAGE_LEVEL[vintage]
    units = cache.units(engine=engine, level=level, vintage=vintage)
    m = maps.base_map(cache.province_outline(engine=engine), lang=lang)
    shapes = cache.display_geometry(engine=engine, level=level, vintage=vintage)
    maps.district_outlines(m, maps.join_geometry(units, shapes), lang=lang, selected=[code])
    return maps.render_base(maps.localised(m))


@dataclass(frozen=True)
class Profile:
    """One unit's figures, trend, facilities and recognitions as the reader reads them."""

    name: str  # the unit's full name
    has_figures: bool
    sample: bool
    figures: pa.Table  # newest figure per indicator, with period, source and gap to target
    printable: str  # the same as static HTML for paper
    sources: str  # the sites the figures come from, for the printed page's foot
    trend: dict[str, Any] | None  # the chart's spec; None without two periods of anything
    facilities: pa.Table
    recognitions: pa.Table | None  # None when the unit has none
    recognition_count: int


@shared(max_entries=256)
def profile(engine: Engine, *, code: str, vintage: str, lang: str) -> Profile:
    """Every figure of the unit with period, source and gap, its trends, facilities and
    recognitions (a district's include its old communes')."""
    level = VINTAGE_LEVEL[vintage]
    unit = cache.units(engine=engine, level=level, vintage=vintage).set_index("gso_code").loc[code]
    figures = cache.unit_figures(engine=engine, gso_code=code, vintage=vintage)
    latest = latest_figures(figures, cache.province_targets(engine=engine), lang)
    shown = display_table(
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
    sources = sorted(
        {
            source_domain(u) or s
            for s, u in zip(latest["source_title"], latest["source_url"], strict=True)
        }
    )
    reform: tuple[str, str] | None = None
    if vintage == Vintage.POST_2025:  # a new unit's trend joins its predecessors' figures
        catalogue = cache.indicators(engine=engine).set_index("code")
        label = "label_en" if lang == "en" else "label_vi"
        frames = []
        for indicator in PROFILE_TREND_INDICATORS:
            found = cache.vintage_series(engine=engine, indicator_code=indicator, vintage=vintage)
            name = catalogue.loc[indicator, label]
            frames.append(found[found["gso_code"] == code].assign(name=name))
        series = pd.concat(frames)
        reform = ("2025-07-01", t("reform_marker", lang))
    else:
        series = trend_series(figures, lang)
    trend = (
        None
        if series.empty
        else chart_spec(charts.trend_lines, series, value_title="%", reform=reform, lang=lang)
    )
    located = cache.located_facilities(engine=engine)
    here = located[located[f"{level}_code"] == code]
    here = here.assign(
        kind=fac.kind_labels(here["kind"], lang),
        location_precision=[
            t(f"precision_{p}", lang, default=str(p)) for p in here["location_precision"]
        ],
    )
    facilities = display_table(
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
    )
    found = cache.recognitions(engine=engine)
    found = found[found["vintage"] == vintage]
    mine = found[found["district_code" if level == "district" else "unit_code"] == code]
    return Profile(
        name=str(unit["full_name"]),
        has_figures=not figures.empty,
        sample=bool(figures["is_sample"].any()),
        figures=arrow(shown),
        printable=printable_html(shown.drop(columns=["source_url"]), lang=lang),
        sources=", ".join(sources),
        trend=trend,
        facilities=arrow(facilities),
        recognitions=None if mine.empty else arrow(plan_ui.recognition_table(mine, lang)),
        recognition_count=len(mine),
    )


# --- the Indicators page below its map ---------------------------------------------------------


@dataclass(frozen=True)
class IndicatorView:
    """What the Indicators page shows below its map for a view, in the reader's language."""

    ranking: dict[str, Any]  # the ranked bars' chart spec (top and bottom for 75 communes)
    trend: dict[str, Any]  # the trend lines' chart spec
    targets: tuple[str, ...]  # one line per target (markdown, the decision linked)
    gaps: pa.Table | None  # units' gaps to each target year; None without targets
    table: pd.DataFrame  # the figures table as shown and downloaded
    grid: pa.Table
    context: ExportContext  # what the downloads say they hold (the selected units, else all)


@shared(max_entries=256)
def indicator_view(
    engine: Engine,
    *,
    indicator_code: str,
    period: str,
    vintage: str,
    province_code: str | None,
    lang: str,
    selected: tuple[str, ...],
) -> IndicatorView:
    """Ranking and trend charts, targets and gaps, the figures table (verdicts of the literacy
    standard where the indicator has one); `selected` units first in the charts and table."""
    catalogue = cache.vintage_indicators(engine=engine, vintage=vintage).set_index("code")
    title = str(catalogue.loc[indicator_code, "label_en" if lang == "en" else "label_vi"])
    higher = catalogue.loc[indicator_code, "higher_is_better"]
    higher_is_better = None if higher is None else bool(higher)
    chosen = list(selected)
    values = cache.vintage_values(
        engine=engine,
        indicator_code=indicator_code,
        period=period,
        vintage=vintage,
        province_code=province_code,
    )
    targets = cache.targets(engine=engine, indicator_code=indicator_code)
    target_2025 = targets.loc[targets["year"] == 2025, "target"]
    ranking = chart_spec(
        charts.ranked_bars,
        analysis.ranked_extremes(
            analysis.ranked(values, higher_is_better=higher_is_better), selected=chosen
        ),
        value_title=title,
        selected=chosen,
        target=float(target_2025.iloc[0]) if len(target_2025) else None,
        lang=lang,
    )
    province = cache.unit_figures(engine=engine, gso_code=PROVINCE_CODE, vintage=Vintage.ALL)
    series = analysis.trend_units(
        cache.vintage_series(
            engine=engine,
            indicator_code=indicator_code,
            vintage=vintage,
            province_code=province_code,
        ),
        selected=chosen,
        province=province[province["indicator_code"] == indicator_code],
        province_name=t("rd_province_line", lang),
        higher_is_better=higher_is_better,
    )
    series["period_shown"] = [format_period(p, lang) for p in series["period"]]
    reform = ("2025-07-01", t("reform_marker", lang)) if vintage == Vintage.POST_2025 else None
    trend = chart_spec(charts.trend_lines, series, value_title=title, reform=reform, lang=lang)
    lines = tuple(
        f"{t('target', lang)} {row['year']}: {row['target']:g} — "
        f"{md_link(row['decision'], row['source_url'])}"
        for _, row in targets.iterrows()
    )
    gaps = None
    if not targets.empty:
        found = analysis.target_gaps(values, targets).drop(columns="gso_code")
        gaps = arrow(
            found.rename(
                columns={
                    "name": t("unit_col", lang),
                    "value": t("value", lang),
                    **{
                        c: f"{t('target', lang)} {c[-4:]}" for c in found if c.startswith("target_")
                    },
                    **{c: f"{t('gap', lang)} {c[-4:]}" for c in found if c.startswith("gap_")},
                }
            )
        )
    verdicts, verdict_label = literacy_standard(
        engine,
        indicator_code=indicator_code,
        period=period,
        vintage=vintage,
        province_code=province_code,
        lang=lang,
    )
    table = figures_table(
        values, lang=lang, selected=chosen, verdicts=verdicts, verdict_label=verdict_label
    )
    names = dict(zip(values["gso_code"], values["name"], strict=True))
    context = export_context(
        lang=lang,
        what=title,
        rows=values[values["gso_code"].isin(chosen)] if chosen else values,
        total=len(values),
        vintage=vintage,
        unit=unit_label(str(catalogue.loc[indicator_code, "unit"]), lang),
        period=period,
        filters=[filter_text(t("compare_units", lang), [names[c] for c in chosen])],
    )
    return IndicatorView(ranking, trend, lines, gaps, table, arrow(table), context)


@shared(max_entries=8)
def sources(engine: Engine, *, lang: str) -> pa.Table:
    """Every source with its licence and what uses it, in the reader's language."""
    return arrow(sources_table(cache.sources(engine=engine), lang=lang))
