"""One-page A4 briefs per district or commune: locator map, key figures with sources and
periods, gaps to the 2025 targets, the literacy-standard verdict and facility counts."""

from __future__ import annotations

import dataclasses
import re
import textwrap
import unicodedata
from pathlib import Path

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure
from sqlalchemy import Engine

from dashboard.data import queries
from dashboard.domain import analysis, profile
from dashboard.domain import facilities as fac
from dashboard.domain.indicators import target_gap
from dashboard.domain.units import VINTAGE_LEVEL, Vintage
from dashboard.i18n import format_number, format_period, t
from dashboard.render import labels
from dashboard.render.style import font_family

A4_PORTRAIT = (8.27, 11.69)
MAX_ROWS = 18
ROW = 0.025  # figure-height fraction per key-figure row
LITERACY_INDICATOR = "literacy_rate_level2_age15_60"


class BriefError(ValueError):
    """A brief that cannot be made (unknown unit code)."""


@dataclasses.dataclass(frozen=True)
class BriefData:
    """What every brief of one vintage shares, read once."""

    vintage: Vintage
    units: gpd.GeoDataFrame
    shapes: gpd.GeoDataFrame
    outline: gpd.GeoDataFrame
    targets: pd.DataFrame
    facility_counts: dict[str, dict[str, int]]
    verdicts: dict[str, analysis.StandardVerdict]
    verdict_period: str


def brief_data(*, engine: Engine, vintage: Vintage) -> BriefData:
    """Read what the briefs of a vintage need."""
    level = VINTAGE_LEVEL[vintage]
    units = queries.units(engine=engine, level=level, vintage=vintage)
    column = f"{level}_code"
    located = queries.located_facilities(engine=engine)
    counts: dict[str, dict[str, int]] = {}
    if column in located.columns:
        for (code, kind), n in located.groupby([column, "kind"]).size().items():
            counts.setdefault(str(code), {})[str(kind)] = int(n)
    periods = queries.vintage_periods(
        engine=engine, indicator_code=LITERACY_INDICATOR, vintage=vintage
    )
    verdicts: dict[str, analysis.StandardVerdict] = {}
    if periods:
        try:
            verdicts = analysis.literacy_verdicts(
                level=2,
                rates_by_band=queries.literacy_standard_rates(
                    engine=engine, literacy_level=2, period=periods[0], vintage=vintage
                ),
                disadvantaged=dict(
                    zip(units["gso_code"], units["especially_disadvantaged"], strict=True)
                ),
                standards=queries.literacy_standards(engine=engine),
            )
        except LookupError:
            verdicts = {}
    return BriefData(
        vintage=vintage,
        units=units,
        shapes=queries.display_geometry(engine=engine, level=level, vintage=vintage),
        outline=queries.province_outline(engine=engine),
        targets=queries.province_targets(engine=engine).rename(columns={"target": "target"}),
        facility_counts=counts,
        verdicts=verdicts,
        verdict_period=periods[0] if periods else "",
    )


def file_name(code: str, name: str) -> str:
    """'116_son-la.pdf': the code first (sorts), then the name without diacritics."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return f"{code}_{slug or 'unit'}.pdf"


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


def brief_figure(*, engine: Engine, data: BriefData, unit_code: str, lang: str) -> Figure:
    """The brief of one unit as a matplotlib figure (A4 portrait)."""
    font_family()
    match = data.units[data.units["gso_code"] == unit_code]
    if match.empty:
        raise BriefError(f"no unit {unit_code} in vintage {data.vintage}")
    unit = match.iloc[0]
    fig = Figure(figsize=A4_PORTRAIT)
    fig.text(
        0.06,
        0.965,
        t("export_brief_title", lang).format(name=unit["full_name"] or unit["name"]),
        fontsize=17,
        fontweight="bold",
        va="top",
    )
    fig.text(
        0.06,
        0.935,
        f"{t(f'vintage_{data.vintage}', lang)} · {unit_code}",
        fontsize=9,
        va="top",
        color="#444444",
    )

    ax = fig.add_axes((0.55, 0.70, 0.40, 0.22))
    data.outline.plot(ax=ax, facecolor="#f2f2f2", edgecolor="#555555", linewidth=0.8)
    shapes = data.shapes
    polygons = shapes[shapes.geom_type != "Point"]
    if len(polygons):
        polygons.boundary.plot(ax=ax, color="#aaaaaa", linewidth=0.4)
    mine = shapes[shapes["gso_code"] == unit_code]
    if len(mine[mine.geom_type != "Point"]):
        mine.plot(ax=ax, facecolor="#d7301f", edgecolor="#7f0000")
    elif len(mine):
        mine.plot(ax=ax, color="#d7301f", markersize=40)
    ax.set_axis_off()
    ax.set_aspect("equal")
    if len(mine):  # the unit named on its locator map (text, on a white halo)
        anchor = mine.geometry.iloc[0]
        anchor = anchor if anchor.geom_type == "Point" else anchor.representative_point()
        point = anchor.geom_type == "Point" and mine.geom_type.iloc[0] == "Point"
        name = labels.Label(str(unit["name"]), anchor.x, anchor.y, required=True, point=point)
        labels.place(ax, [name], size=9)

    figures = queries.unit_figures(engine=engine, gso_code=unit_code, vintage=data.vintage)
    latest = (
        profile.latest_figures(
            figures,
            data.targets.rename(columns={"target": "target"}).assign(
                indicator_code=data.targets["indicator_code"]
            ),
            lang,
        )
        if not figures.empty
        else profile.latest_figures(figures, data.targets, lang)
    )

    y = 0.90
    fig.text(0.06, y, t("export_brief_standard", lang), fontsize=11, fontweight="bold", va="top")
    verdict = data.verdicts.get(unit_code)
    if verdict is not None and verdict.meets is not None:
        word = t("export_meets" if verdict.meets else "export_not_meets", lang)
        line = (
            f"{word} {t('export_level', lang)} {verdict.level} · "
            f"{verdict.band}: {format_number(verdict.rate, lang)} % "
            f"(>= {format_number(verdict.threshold, lang)} %) · "
            f"{format_period(data.verdict_period, lang)}"
        )
    else:
        line = t("export_brief_none", lang)
    fig.text(0.06, y - 0.03, line, fontsize=9, va="top")
    counts = data.facility_counts.get(unit_code, {})
    fig.text(
        0.06,
        y - 0.075,
        t("export_brief_facilities", lang),
        fontsize=11,
        fontweight="bold",
        va="top",
    )
    rows = [f"{kind.label(lang)}: {counts.get(code, 0)}" for code, kind in fac.KINDS.items()]
    for i, row in enumerate(rows):
        fig.text(0.06, y - 0.105 - i * 0.018, row, fontsize=9, va="top")

    top = 0.66
    fig.text(0.06, top, t("export_brief_figures", lang), fontsize=12, fontweight="bold", va="top")
    headers = (
        t("indicator", lang),
        t("period", lang),
        t("value", lang, "Value"),
        t("export_brief_targets", lang),
    )
    xs = (0.06, 0.50, 0.64, 0.78)
    for x, h in zip(xs, headers, strict=True):
        fig.text(x, top - 0.03, _shorten(h, 28), fontsize=8, fontweight="bold", va="top")
    if latest.empty:
        fig.text(0.06, top - 0.06, t("export_brief_none", lang), fontsize=9, va="top")
    sources: dict[str, int] = {}
    shown = latest.head(MAX_ROWS)
    for i, r in enumerate(shown.itertuples()):
        yy = top - 0.055 - i * ROW
        number = sources.setdefault(str(r.source_title), len(sources) + 1)
        target = r.target_2025
        gap_text = (
            "–"
            if pd.isna(target)
            else target_gap(float(r.value), float(target), str(r.unit), lang)  # points for %
        )
        fig.text(xs[0], yy, _shorten(f"[{number}] {r.indicator}", 62), fontsize=8, va="top")
        fig.text(xs[1], yy, _shorten(str(r.period), 22), fontsize=8, va="top")
        fig.text(xs[2], yy, str(r.shown_value), fontsize=8, va="top")
        fig.text(xs[3], yy, gap_text, fontsize=8, va="top")
    footer = top - 0.07 - len(shown) * ROW
    fig.text(0.06, footer, t("source", lang), fontsize=9, fontweight="bold", va="top")
    for title, number in sources.items():
        footer -= 0.016
        if footer < 0.04:  # the page is full: the rest are on the unit's profile page
            fig.text(0.06, footer, "…", fontsize=7, va="top")
            break
        fig.text(0.06, footer, _shorten(f"[{number}] {title}", 120), fontsize=7, va="top")
    if bool(latest["is_sample"].fillna(False).astype(bool).any()) if len(latest) else False:
        fig.text(
            0.94,
            0.965,
            t("export_sample_mark", lang),
            fontsize=11,
            fontweight="bold",
            color="#b30000",
            ha="right",
            va="top",
            bbox={"facecolor": "#fff3cd", "edgecolor": "#b30000"},
        )
    fig.text(0.94, 0.015, t("export_credit", lang), fontsize=5.5, ha="right", color="#555555")
    return fig


def write_brief(
    *, engine: Engine, data: BriefData, unit_code: str, lang: str, directory: Path
) -> Path:
    """Write one unit's brief as a PDF in `directory`; returns its path."""
    fig = brief_figure(engine=engine, data=data, unit_code=unit_code, lang=lang)
    name = str(data.units.loc[data.units["gso_code"] == unit_code, "name"].iloc[0])
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(unit_code, name)
    fig.savefig(path, format="pdf", metadata={"Title": f"{unit_code} {name}"})
    return path


def write_briefs(
    *, engine: Engine, vintage: Vintage, lang: str, directory: Path, unit_code: str | None = None
) -> list[Path]:
    """Briefs for every unit of the vintage (or only `unit_code`); returns their paths."""
    data = brief_data(engine=engine, vintage=vintage)
    codes = [unit_code] if unit_code else list(data.units["gso_code"])
    return [
        write_brief(engine=engine, data=data, unit_code=c, lang=lang, directory=directory)
        for c in codes
    ]
