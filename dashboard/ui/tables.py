"""Tables and text for pages: literal markdown, links, figure tables, downloads."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from dashboard.domain.units import Level, Vintage
from dashboard.i18n import t
from dashboard.loading import export
from dashboard.ui import cache

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$])")


def md_text(text: str) -> str:
    """Text shown literally inside Streamlit markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_link(title: str, url: str) -> str:
    """A markdown link whose title is shown literally; plain text when there is no http(s) URL."""
    if url.startswith(("http://", "https://")):
        return f"[{md_text(title)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"
    return md_text(title)


def downloads_ui(df: Any, *, name: str, lang: str) -> None:
    """CSV and Excel downloads of a table (formulas neutralised)."""
    left, right = st.columns(2)
    # Files are made only when clicked: a 50,000-row workbook takes seconds to write.
    left.download_button(
        "CSV",
        lambda: export.to_csv_bytes(df),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        width="stretch",
    )
    right.download_button(
        "Excel",
        lambda: export.to_xlsx_bytes(df, sheet=name),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        width="stretch",
    )


def verdict_text(meets: bool | None, lang: str) -> str:
    """'Đạt' / 'Chưa đạt' / 'Chưa đủ số liệu' for a literacy-standard verdict."""
    return t(
        {True: "standard_met", False: "standard_not_met", None: "standard_unknown"}[meets], lang
    )


def template_downloads_ui(engine: Engine, lang: str) -> None:
    """The two XLSX templates, their drop-downs filled from the database."""
    from dashboard.domain.facilities import KINDS
    from dashboard.loading.templates import template_xlsx
    from dashboard.ui import plan_ui

    catalogue = cache.indicators(engine=engine)
    units = sorted(
        cache.unit_codes(engine=engine, level=Level.DISTRICT, vintage=Vintage.PRE_2025)
        | cache.unit_codes(engine=engine, level=Level.COMMUNE, vintage=Vintage.POST_2025)
        | cache.unit_codes(engine=engine, level=Level.COMMUNE, vintage=Vintage.PRE_2025)
    )
    lists = {
        "indicators": list(catalogue["code"]),
        "units": units,
        "periods": ["2023", "2024", "2025", "2026", "2023-2024", "2024-2025", "2025-2026"],
        "kinds": list(KINDS),
    }
    left, right = st.columns(2)
    for column, kind, label in (
        (left, "indicator", "template_values"),
        (right, "facility", "template_facilities"),
    ):
        column.download_button(
            t(label, lang),
            functools.partial(template_xlsx, kind=kind, **lists),
            file_name=f"mau_{kind}.xlsx",
            icon=":material/download:",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    plan_ui.plan_templates_ui(engine, lang)  # flag lists and recognitions


def literacy_standard_ui(
    engine: Engine,
    *,
    indicator: str,
    period: str,
    units: Any,
    lang: str,
    vintage: str,
    province_code: str | None,
) -> tuple[dict[str, Any], str]:
    """Decree 20/2014 verdicts per unit for a literacy indicator, and the legend's label.

    Empty for other indicators.
    """
    from dashboard.domain import analysis
    from dashboard.ui import plan_ui

    level = analysis.literacy_level(indicator)
    if level is None:
        return {}, ""
    rates = cache.literacy_standard_rates(
        engine=engine,
        literacy_level=level,
        period=period,
        vintage=vintage,
        province_code=province_code,
    )
    flags = dict(zip(units["gso_code"], units["especially_disadvantaged"], strict=True))
    flags |= plan_ui.listed_flags(engine, vintage=vintage, period=period)  # imported lists
    verdicts = analysis.literacy_verdicts(
        level=level,
        rates_by_band=rates,
        disadvantaged=flags,
        standards=cache.literacy_standards(engine=engine),
    )
    rule = next(iter(verdicts.values()))
    label = t("standard_label", lang).format(level=level, threshold=rule.threshold, band=rule.band)
    return verdicts, label


def figures_table(
    values: Any, *, lang: str, selected: list[str], verdicts: Mapping[str, Any], verdict_label: str
) -> Any:
    """The Indicators page's table: unit, value, period, source (with URL), sample, note."""
    columns = [
        "gso_code",
        "name",
        "value",
        "period_label",
        "source_title",
        "source_url",
        "is_sample",
        "note",
    ]
    table = values[columns].copy()
    table["period_label"] = table["period_label"].fillna(t("no_data", lang))
    if selected:
        table = table[table["gso_code"].isin(selected)]
    if verdicts:
        table[verdict_label] = table["gso_code"].map(
            lambda c: verdict_text(verdicts[c].meets, lang)
        )
    return table.drop(columns="gso_code").rename(
        columns={
            "name": t("unit_col", lang),
            "value": t("value", lang),
            "note": t("note", lang),
            "period_label": t("period", lang),
            "source_title": t("source", lang),
            "is_sample": t("sample_column", lang),
        }
    )
