"""What a saved view shows: its parameters checked against today's data, and the map's figures.

A view saved months ago may no longer match the data (a unit merged by the 2025 reform, an
indicator removed, a period without figures); it is then shown with the nearest valid choice
and a note saying what changed, never an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd
from sqlalchemy import Engine

from dashboard.data import queries
from dashboard.domain import classify
from dashboard.domain.indicators import DEFAULT_INDICATOR
from dashboard.domain.reaggregate import CrosswalkError
from dashboard.domain.units import MAP_VINTAGES, VINTAGE_LEVEL, Vintage
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, format_period, format_value, t

SCHEMES = (*classify.SCHEMES, "manual")


@dataclass(frozen=True)
class Note:
    """Why a saved view is shown differently from how it was saved (vi, en)."""

    vi: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class MapView:
    """A view's map, checked: which indicator, period and units, and how they are classed."""

    page: str
    lang: str
    vintage: Vintage
    indicator: str
    period: str  # "" when the indicator has no figures for this vintage
    scheme: str = "quantiles"
    k: int = 5
    palette: str = classify.DEFAULT_PALETTE
    breaks: tuple[float, ...] = ()
    units: tuple[str, ...] = ()
    notes: tuple[Note, ...] = field(default=())


@dataclass(frozen=True)
class MapFigures:
    """Everything a static or web map of a view draws, in the reader's language."""

    view: MapView
    values: gpd.GeoDataFrame  # gso_code, name, value, geometry, is_sample, ...
    classes: classify.Classes | None
    indicator_label: str
    unit: str
    unit_label: str  # "%", "hộ", ...
    headline: str  # the province's figure (or the units' range)
    headline_label: str
    source_line: str
    is_sample: bool
    names: dict[str, str]


def _number(raw: str | None, default: int, lo: int, hi: int) -> int:
    return int(raw) if raw and raw.isdigit() and lo <= int(raw) <= hi else default


def resolve_view(*, engine: Engine, page: str, params: dict[str, str]) -> MapView:
    """The view's parameters checked against the database; notes say what had to change."""
    notes: list[Note] = []
    lang = params.get("lang", DEFAULT_LANGUAGE)
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    raw_vintage = params.get("vintage") or Vintage.PRE_2025.value
    if raw_vintage not in MAP_VINTAGES:
        notes.append(
            Note(
                f"Không có lớp đơn vị hành chính '{raw_vintage}'; hiển thị trước 1/7/2025.",
                f"Unknown administrative vintage '{raw_vintage}'; showing before 1 Jul 2025.",
            )
        )
        raw_vintage = Vintage.PRE_2025.value
    vintage = Vintage(raw_vintage)
    level = VINTAGE_LEVEL[vintage]
    catalogue = set(queries.indicators(engine=engine)["code"])
    indicator = params.get("indicator") or DEFAULT_INDICATOR
    if indicator not in catalogue:
        notes.append(
            Note(
                f"Chỉ tiêu '{indicator}' không còn trong danh mục; hiển thị chỉ tiêu mặc định.",
                f"Indicator '{indicator}' is no longer in the catalogue; showing the default.",
            )
        )
        indicator = DEFAULT_INDICATOR
    periods = queries.vintage_periods(engine=engine, indicator_code=indicator, vintage=vintage)
    period = params.get("period") or (periods[0] if periods else "")
    if period not in periods:
        if params.get("period"):
            notes.append(
                Note(
                    f"Kỳ {period} không có số liệu; hiển thị kỳ mới nhất.",
                    f"Period {period} has no figures; showing the latest period.",
                )
            )
        period = periods[0] if periods else ""
    if not period:
        notes.append(
            Note(
                "Chỉ tiêu này chưa có số liệu cho các đơn vị này.",
                "This indicator has no figures for these units.",
            )
        )
    known = queries.unit_codes(engine=engine, level=level, vintage=vintage)
    wanted = [
        c.strip()
        for key in ("units", "unit", f"{level}s")
        for c in params.get(key, "").split(",")
        if c.strip()
    ]
    gone = [c for c in wanted if c not in known]
    if gone:
        notes.append(
            Note(
                f"Đơn vị {', '.join(gone)} không còn (đã sáp nhập khi sắp xếp 1/7/2025?); "
                "bỏ khỏi lựa chọn.",
                f"Unit {', '.join(gone)} no longer exists (merged by the 1 Jul 2025 reform?); "
                "left out of the selection.",
            )
        )
    scheme = params.get("scheme", "quantiles")
    breaks: tuple[float, ...] = ()
    if scheme == "manual":
        try:
            breaks = tuple(classify.parse_breaks(params.get("breaks", "")))
        except classify.BreaksError:
            breaks = ()
    palette = params.get("palette", classify.DEFAULT_PALETTE)
    return MapView(
        page=page,
        lang=lang,
        vintage=vintage,
        indicator=indicator,
        period=period,
        scheme=scheme if scheme in SCHEMES else "quantiles",
        k=_number(params.get("k"), 5, 2, 5),
        palette=palette if palette in classify.PALETTES else classify.DEFAULT_PALETTE,
        breaks=breaks,
        units=tuple(dict.fromkeys(c for c in wanted if c in known)),
        notes=tuple(notes),
    )


def _classes(view: MapView, values: pd.Series) -> classify.Classes | None:
    if view.scheme == "manual" and view.breaks:
        try:
            return classify.manual_classes(values, list(view.breaks), palette=view.palette)
        except classify.BreaksError:
            pass
    scheme = view.scheme if view.scheme != "manual" else "quantiles"
    return classify.classify(values, scheme=scheme, k=view.k, palette=view.palette)


def map_figures(*, engine: Engine, view: MapView, lang: str | None = None) -> MapFigures:
    """The figures, classes, headline and source line of a view's map (same as the web map)."""
    lang = lang or view.lang
    catalogue = queries.indicators(engine=engine).set_index("code")
    row = catalogue.loc[view.indicator]
    label = str(row["label_en" if lang == "en" else "label_vi"])
    unit = str(row["unit"])
    try:
        values = (
            queries.vintage_values(
                engine=engine,
                indicator_code=view.indicator,
                period=view.period,
                vintage=view.vintage,
            )
            if view.period
            else queries.units(
                engine=engine, level=VINTAGE_LEVEL[view.vintage], vintage=view.vintage
            )
        )
    except CrosswalkError:
        values = queries.units(
            engine=engine, level=VINTAGE_LEVEL[view.vintage], vintage=view.vintage
        )
    for column, default in (("value", math.nan), ("is_sample", False), ("source_title", None)):
        if column not in values.columns:
            values[column] = default
    values["value"] = values["value"].astype(float)
    classes = _classes(view, values["value"])
    province = (
        queries.unit_values(
            engine=engine,
            indicator_code=view.indicator,
            period=view.period,
            level="province",
            vintage="all",
        )
        if view.period
        else pd.DataFrame(columns=["value", "source_title", "period_detail", "is_sample"])
    )
    present = values["value"].dropna()
    if len(province) and pd.notna(province["value"].iloc[0]):
        headline = format_value(float(province["value"].iloc[0]), unit, lang)
        headline_label = t("present_headline_province", lang)
        source_row = province.iloc[0]
    elif len(present):
        low, high = float(present.min()), float(present.max())
        headline = f"{format_value(low, unit, lang)} – {format_value(high, unit, lang)}"
        headline_label = t("present_headline_range", lang).format(n=len(present))
        source_row = values.dropna(subset=["value"]).iloc[0]
    else:
        headline, headline_label, source_row = "–", t("no_data", lang), None
    if source_row is not None and source_row.get("source_title"):
        period_shown = format_period(source_row.get("period_detail") or view.period, lang)
        source_line = (
            f"{t('source', lang)}: {source_row['source_title']}"
            f" · {t('period', lang)}: {period_shown}"
        )
    else:
        period_shown = format_period(view.period, lang)
        source_line = f"{t('source', lang)}: – · {t('period', lang)}: {period_shown}"
    is_sample = bool(values["is_sample"].fillna(False).astype(bool).any())
    unit_label = format_value(0, unit, lang).split(" ", 1)[1]
    return MapFigures(
        view=view,
        values=values,
        classes=classes,
        indicator_label=label,
        unit=unit,
        unit_label=unit_label,
        headline=headline,
        headline_label=headline_label,
        source_line=source_line,
        is_sample=is_sample,
        names=dict(zip(values["gso_code"], values["name"], strict=True)),
    )


def public_url(*, base_url: str, page: str, params: dict[str, str]) -> str:
    """The view's public link: the page with its query parameters, no presentation chrome."""
    path = "" if page == "overview" else page
    query = urlencode(sorted(params.items()))
    return f"{base_url.rstrip('/')}/{path}" + (f"?{query}" if query else "")
