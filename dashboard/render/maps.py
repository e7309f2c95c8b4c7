"""A choropleth drawn with matplotlib: the web map's geometry and classes, ready to print.

Title, legend in the indicator's unit with a "no data" class, source and period line, sample
mark, scale bar, north arrow and an inset locating the province in Vietnam.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from pathlib import Path

import geopandas as gpd
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib_scalebar.scalebar import ScaleBar
from sqlalchemy import Engine

from dashboard.data import queries
from dashboard.domain import classify
from dashboard.domain.units import VINTAGE_LEVEL
from dashboard.i18n import format_number, t
from dashboard.present.views import MapFigures
from dashboard.render.style import font_family
from dashboard.settings import REPO_ROOT

METRIC_CRS = "EPSG:32648"  # UTM 48N: Sơn La lies in it; metres for the scale bar
NATIONAL_FILE = REPO_ROOT / "data" / "real" / "vietnam_districts.geojson"
FORMATS = ("png", "pdf", "svg")
PRINT_DPI = 300
A4_LANDSCAPE = (11.69, 8.27)


@dataclasses.dataclass(frozen=True)
class Geometry:
    """What a map draws beneath the figures: unit shapes, former districts, the province."""

    units: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame | None
    outline: gpd.GeoDataFrame


def map_geometry(*, engine: Engine, vintage: str) -> Geometry:
    """The web map's display geometry for a vintage (and the former districts under communes)."""
    level = VINTAGE_LEVEL[vintage]
    return Geometry(
        units=queries.display_geometry(engine=engine, level=level, vintage=vintage),
        districts=queries.display_geometry(engine=engine, level="district", vintage="pre_2025")
        if vintage == "post_2025"
        else None,
        outline=queries.province_outline(engine=engine),
    )


@functools.cache
def vietnam_outline() -> gpd.GeoSeries:
    """Vietnam's outline for the inset, dissolved once from the shipped district polygons."""
    if not NATIONAL_FILE.exists():
        return gpd.GeoSeries([], crs="EPSG:4326")
    districts = gpd.read_file(NATIONAL_FILE, columns=[])
    return gpd.GeoSeries([districts.geometry.simplify(0.02).union_all()], crs="EPSG:4326")


def shared_classes(first: MapFigures, second: MapFigures) -> tuple[MapFigures, MapFigures]:
    """Both halves of a split slide classed together, so one legend reads both."""
    both = pd.concat([first.values["value"], second.values["value"]], ignore_index=True)
    view = first.view
    classes = classify.classify(
        both,
        scheme=view.scheme if view.scheme != "manual" else "quantiles",
        k=view.k,
        palette=view.palette,
    )
    return (
        dataclasses.replace(first, classes=classes),
        dataclasses.replace(second, classes=classes),
    )


def _legend(ax: Axes, figures: MapFigures, lang: str, *, fontsize: float) -> None:
    handles = []
    classes = figures.classes
    if classes is not None:
        lower = classes.lower
        for bound, colour in zip(classes.bounds, classes.colours, strict=True):
            text = f"{format_number(lower, lang)} – {format_number(bound, lang)}"
            handles.append(Patch(facecolor=colour, edgecolor="#555555", label=text))
            lower = bound
    if classes is None or figures.values["value"].isna().any():
        handles.append(
            Patch(
                facecolor=classify.NO_DATA_COLOUR,
                edgecolor="#555555",
                hatch="//",
                label=t("no_data", lang),
            )
        )
    ax.legend(
        handles=handles,
        title=f"{figures.indicator_label} ({figures.unit_label})",
        loc="lower left",
        fontsize=fontsize,
        title_fontsize=fontsize,
        framealpha=0.92,
    )


def draw_map(
    ax: Axes,
    figures: MapFigures,
    geometry: Geometry,
    *,
    lang: str,
    legend: bool = True,
    scale: float = 1.0,
) -> None:
    """Units coloured by class on `ax` (metric CRS), with scale bar and north arrow."""
    font_family()
    values = figures.values[["gso_code", "value"]].drop_duplicates("gso_code")
    shapes = geometry.units.merge(values, on="gso_code", how="left").to_crs(METRIC_CRS)
    classes = figures.classes
    colours = [
        classify.NO_DATA_COLOUR if classes is None else classes.colour_of(v)
        for v in shapes["value"].astype(float)
    ]
    shapes["colour"] = colours
    geometry.outline.to_crs(METRIC_CRS).plot(
        ax=ax, facecolor="#f7f7f7", edgecolor="#333333", linewidth=1.2 * scale
    )
    polygons = shapes[shapes.geom_type.isin(["Polygon", "MultiPolygon"])]
    points = shapes[shapes.geom_type == "Point"]
    missing = shapes["value"].isna()
    if len(polygons):
        polygons.plot(ax=ax, color=polygons["colour"], edgecolor="#444444", linewidth=0.5 * scale)
        gaps = polygons[missing.loc[polygons.index]]
        if len(gaps):
            gaps.plot(ax=ax, facecolor="none", edgecolor="#777777", hatch="//", linewidth=0)
    if geometry.districts is not None:
        geometry.districts.to_crs(METRIC_CRS).boundary.plot(
            ax=ax, color="#666666", linewidth=0.6 * scale
        )
    if len(points):
        points.plot(
            ax=ax,
            color=points["colour"],
            edgecolor="#333333",
            markersize=60 * scale**2,
            linewidth=0.6,
        )
    chosen = shapes[shapes["gso_code"].isin(figures.view.units)]
    if len(chosen[chosen.geom_type != "Point"]):
        chosen.boundary.plot(ax=ax, color="#d7301f", linewidth=2.0 * scale)
    elif len(chosen):
        chosen.plot(ax=ax, facecolor="none", edgecolor="#d7301f", markersize=120 * scale**2)
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.add_artist(
        ScaleBar(
            1, units="m", location="lower right", font_properties={"size": 8 * scale}, box_alpha=0.8
        )
    )
    ax.annotate(
        "N",
        xy=(0.96, 0.97),
        xytext=(0.96, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=12 * scale,
        fontweight="bold",
        arrowprops={"facecolor": "black", "width": 4 * scale, "headwidth": 12 * scale},
    )
    if legend:
        _legend(ax, figures, lang, fontsize=8 * scale)


def _inset(
    fig: Figure, geometry: Geometry, rect: tuple[float, float, float, float], lang: str
) -> None:
    ax = fig.add_axes(rect)
    country = vietnam_outline()
    if len(country):
        country.plot(ax=ax, facecolor="#eeeeee", edgecolor="#888888", linewidth=0.3)
    geometry.outline.plot(ax=ax, facecolor="#d7301f", edgecolor="#d7301f")
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_title(t("export_inset", lang), fontsize=7)


def map_figure(
    figures: MapFigures,
    geometry: Geometry,
    *,
    lang: str,
    title: str | None = None,
    split: tuple[MapFigures, Geometry, str] | None = None,
    size: tuple[float, float] = A4_LANDSCAPE,
    first_caption: str | None = None,
    heading: bool = True,
) -> Figure:
    """A whole map page: title, map(s), legend, inset, source and period line, sample mark."""
    font_family()
    fig = Figure(figsize=size)
    title_text = title or f"{figures.indicator_label} — {figures.view.period or '–'}"
    if heading:  # a screen shows the title and headline in large type above the image
        fig.text(0.03, 0.955, title_text, fontsize=16, fontweight="bold", va="top")
        fig.text(
            0.03, 0.905, f"{figures.headline_label}: {figures.headline}", fontsize=12, va="top"
        )
    if split is None:
        top = 0.88 if heading else 0.97
        ax = fig.add_axes((0.03, 0.08, 0.78, top - 0.08))
        draw_map(ax, figures, geometry, lang=lang)
    else:
        second, second_geometry, caption = split
        left = fig.add_axes((0.02, 0.08, 0.47, 0.70))
        right = fig.add_axes((0.51, 0.08, 0.47, 0.70))
        draw_map(left, figures, geometry, lang=lang, legend=True, scale=0.8)
        draw_map(right, second, second_geometry, lang=lang, legend=False, scale=0.8)
        left.set_title(first_caption or figures.view.period, fontsize=11)
        right.set_title(caption, fontsize=11)
    inset = (0.83, 0.62, 0.15, 0.28) if split is None else (0.70, 0.80, 0.10, 0.15)
    _inset(fig, geometry, inset, lang)
    footer = figures.source_line
    if split is not None:
        footer += f"\n{split[0].source_line}"
    fig.text(0.03, 0.035, footer, fontsize=8, va="bottom", wrap=True)
    fig.text(0.97, 0.012, t("export_credit", lang), fontsize=6, ha="right", color="#555555")
    if heading and (figures.is_sample or (split is not None and split[0].is_sample)):
        fig.text(
            0.97,
            0.955,
            t("export_sample_mark", lang),
            fontsize=12,
            fontweight="bold",
            color="#b30000",
            ha="right",
            va="top",
            bbox={"facecolor": "#fff3cd", "edgecolor": "#b30000"},
        )
    return fig


def save(fig: Figure, out: Path | io.BytesIO, *, fmt: str, dpi: int = PRINT_DPI) -> None:
    """Write a figure as PNG (at `dpi`, recorded in the file), PDF or SVG."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    fig.savefig(
        out, format=fmt, dpi=dpi, metadata=None if fmt != "png" else {"Software": "learning-city"}
    )


def png_bytes(fig: Figure, *, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (screens and PPTX slides)."""
    buffer = io.BytesIO()
    save(fig, buffer, fmt="png", dpi=dpi)
    return buffer.getvalue()
