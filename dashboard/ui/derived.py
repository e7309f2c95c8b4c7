"""What pages derive from the cached rows, computed once per (query, arguments, language) and
kept in the form the page sends: rankings, the lowest and highest unit in words, class breaks,
map styles and legends, counts by unit, tables ready for the grid or as HTML.

Every function here is shared by all sessions (cache.shared: the same object, no copy); a page
run only sends what it gets. Entries expire with the queries' (cache.CACHE_SECONDS) and are
forgotten with them after an import (cache.clear_caches); one computed just before its rows
expired can outlive them by that long again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
from sqlalchemy import Engine

from dashboard import maps
from dashboard.domain import analysis, classify
from dashboard.domain import facilities as fac
from dashboard.domain.classify import NO_DATA_COLOUR, Classes
from dashboard.domain.indicators import (
    THEME_INDICATORS,
    cards_by_theme,
    extremes,
    headline_cards,
)
from dashboard.domain.units import PROVINCE_CODE, VINTAGE_LEVEL
from dashboard.i18n import display_table, format_period, format_value, t
from dashboard.ui import cache
from dashboard.ui.cache import shared
from dashboard.ui.tables import figure_cards_html, map_table_html, md_text, source_domain

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
    printable = display_table(ranking, lang).to_html(index=False, escape=True, border=0)
    return Ranking(
        headline=headline,
        missing=missing,
        table=arrow(ranking),
        height=min(440, ROW_PX * (len(order) + 1) + 3),
        printable=f'<div class="lc-print-only">{printable}</div>',
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
    return FacilityList(shown, len(facilities), arrow(counts), table, arrow(grid))
