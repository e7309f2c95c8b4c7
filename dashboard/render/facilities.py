"""A Facilities view drawn for print: facility points by kind, with the web map's colours and
symbols, over the named districts; its legend (kind and count) in a column beside the map."""

from __future__ import annotations

import dataclasses
import textwrap

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from sqlalchemy import Engine

from dashboard.data import queries
from dashboard.domain import facilities as fac
from dashboard.domain.units import VINTAGE_LEVEL, Vintage
from dashboard.i18n import format_number, t
from dashboard.present.views import MapView
from dashboard.render import labels as labels_
from dashboard.render import maps
from dashboard.render.style import font_family

# The web map's legend symbols as matplotlib markers (the same shapes LcShapeMarker draws).
MARKERS = {"★": "*", "●": "o", "■": "s", "▲": "^", "◆": "D"}
MARKER_SIZE = {"*": 11.0, "o": 6.5, "s": 6.0, "^": 7.0, "D": 5.5}


@dataclasses.dataclass(frozen=True)
class FacilityFigures:
    """The facilities a view shows (its kinds and units), counted by kind, in one language."""

    view: MapView
    points: pd.DataFrame  # kind, name, lon, lat
    counts: dict[str, int]  # kind code -> facilities shown
    headline: str
    headline_label: str
    source_line: str
    is_sample: bool


def facility_figures(
    *, engine: Engine, view: MapView, params: dict[str, str], lang: str
) -> FacilityFigures:
    """The view's facilities: the kinds in its `kinds` parameter and its units (empty = all)."""
    located = queries.located_facilities(engine=engine)
    wanted = [k for k in params.get("kinds", "").split(",") if k in fac.KINDS]
    column = f"{VINTAGE_LEVEL[view.vintage]}_code"
    if column not in located.columns:
        column = "district_code"
    shown = fac.filtered(located, unit_column=column, unit_codes=list(view.units), kinds=wanted)
    counts = {k: int((shown["kind"] == k).sum()) for k in fac.KINDS if not wanted or k in wanted}
    titles = sorted({str(s) for s in shown["source_title"].dropna()})
    return FacilityFigures(
        view=view,
        points=shown[["kind", "name", "lon", "lat"]].reset_index(drop=True),
        counts=counts,
        headline=format_number(len(shown), lang),
        headline_label=t("export_facilities_headline", lang),
        source_line=f"{t('source', lang)}: {'; '.join(titles) or '–'}",
        is_sample=bool(shown["is_sample"].fillna(False).astype(bool).any()),
    )


def _handles(figures: FacilityFigures, lang: str) -> list[Line2D]:
    out = []
    for code, count in figures.counts.items():
        kind = fac.KINDS[code]
        marker = MARKERS.get(kind.symbol, "o")
        out.append(
            Line2D(
                [],
                [],
                marker=marker,
                linestyle="none",
                markerfacecolor=kind.colour,
                markeredgecolor="#333333",
                markersize=MARKER_SIZE[marker] * 1.3,
                label=textwrap.fill(f"{kind.label(lang)} ({format_number(count, lang)})", 30),
            )
        )
    return out


def draw_facilities(ax: Axes, figures: FacilityFigures, geometry: maps.Geometry) -> None:
    """Named districts beneath, the facilities above as one scatter per kind."""
    import geopandas as gpd

    font_family()
    geometry.outline.to_crs(maps.METRIC_CRS).plot(
        ax=ax, facecolor="#f7f7f7", edgecolor="#333333", linewidth=1.2
    )
    districts = (geometry.districts if geometry.districts is not None else geometry.units).copy()
    districts = districts[districts.geom_type != "Point"].to_crs(maps.METRIC_CRS)
    districts.boundary.plot(ax=ax, color="#888888", linewidth=0.6)
    chosen = districts[districts["gso_code"].isin(figures.view.units)]
    if len(chosen):
        chosen.boundary.plot(ax=ax, color="#d7301f", linewidth=2.0)
    points = gpd.GeoDataFrame(
        figures.points,
        geometry=gpd.points_from_xy(figures.points["lon"], figures.points["lat"]),
        crs="EPSG:4326",
    ).to_crs(maps.METRIC_CRS)
    for code in figures.counts:
        mine = points[points["kind"] == code]
        if mine.empty:
            continue
        kind = fac.KINDS[code]
        marker = MARKERS.get(kind.symbol, "o")
        ax.scatter(
            mine.geometry.x,
            mine.geometry.y,
            marker=marker,
            s=MARKER_SIZE[marker] ** 2,
            c=kind.colour,
            edgecolors="#333333",
            linewidths=0.5,
            # Above the district names; the rarer a kind, the higher (the one centre shows).
            zorder=7 + 1 / (1 + len(mine)),
            gid=f"facilities-{code}",
            label=kind.label("en"),
        )
    ax.set_axis_off()
    ax.set_aspect("equal")
    anchors = districts.geometry.representative_point()
    names = [
        labels_.Label(str(n), float(p.x), float(p.y), required=True)
        for n, p in zip(districts["name"], anchors, strict=True)
    ]
    xy = list(zip(points.geometry.x, points.geometry.y, strict=True))
    labels_.place(ax, names, size=9, obstacles=labels_.markers(ax, xy, radius=3.5))


def facility_figure(
    figures: FacilityFigures,
    geometry: maps.Geometry,
    *,
    lang: str,
    title: str | None = None,
    size: tuple[float, float] = maps.A4_LANDSCAPE,
    heading: bool = True,
) -> Figure:
    """A Facilities page: title, headline, the map, its kind legend beside it, sources."""
    font_family()
    fig = Figure(figsize=size)
    if heading:
        maps.page_heading(
            fig,
            title=title or t("facilities_heading", lang),
            headline=f"{figures.headline_label}: {figures.headline}",
            sample=figures.is_sample,
            lang=lang,
        )
    top = 0.88 if heading else 0.97
    ax = fig.add_axes((0.03, 0.08, maps.COLUMN_LEFT - 0.05, top - 0.08))
    draw_facilities(ax, figures, geometry)
    column = 1 - maps.COLUMN_LEFT - 0.02
    maps.inset(fig, geometry, (maps.COLUMN_LEFT + 0.03, top - 0.26, column - 0.06, 0.24), lang)
    maps.legend_column(
        fig,
        (maps.COLUMN_LEFT, 0.10, column, top - 0.40),
        list(_handles(figures, lang)),
        t("kinds_filter", lang),
        fontsize=9,
    )
    maps.page_footer(fig, figures.source_line, lang)
    return fig


def facilities_geometry(*, engine: Engine) -> maps.Geometry:
    """The districts facilities are drawn over (the commune vintage has points only)."""
    return maps.map_geometry(engine=engine, vintage=Vintage.PRE_2025.value)
