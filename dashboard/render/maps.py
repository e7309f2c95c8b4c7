"""A choropleth drawn with matplotlib: the web map's geometry and classes, ready to print.

Title, legend in the indicator's unit with a "no data" class, source and period line, sample
mark, scale bar, north arrow and an inset locating the province in Vietnam.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import textwrap
from pathlib import Path

import geopandas as gpd
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch
from matplotlib_scalebar.scalebar import ScaleBar
from sqlalchemy import Engine

from dashboard.data import queries
from dashboard.domain import classify
from dashboard.domain.units import VINTAGE_LEVEL
from dashboard.i18n import format_number, format_period, t
from dashboard.present.views import MapFigures
from dashboard.render import labels as labels_
from dashboard.render.style import font_family
from dashboard.settings import REPO_ROOT

METRIC_CRS = "EPSG:32648"  # UTM 48N: Sơn La lies in it; metres for the scale bar
NATIONAL_FILE = REPO_ROOT / "data" / "real" / "vietnam_districts.geojson"
FORMATS = ("png", "pdf", "svg")
PRINT_DPI = 300
A4_LANDSCAPE = (11.69, 8.27)
# Axes-fraction corners kept free of names: the north arrow (top right), the scale bar.
NORTH_ARROW_CORNER = (0.90, 0.80, 1.0, 1.0)
SCALE_BAR_CORNER = (0.72, 0.0, 1.0, 0.09)
# The map takes the left of the page; the inset and the legend share a column on the right.
COLUMN_LEFT = 0.76
POINT_RADIUS = 3.7  # a commune's marker, in points


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


def legend_handles(figures: MapFigures, lang: str) -> list[Patch]:
    """One swatch per class in the indicator's unit, and "no data" where a unit lacks a figure."""
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
    return handles


def legend_column(
    fig: Figure,
    rect: tuple[float, float, float, float],
    handles: list[Artist],
    title: str,
    *,
    fontsize: float,
) -> Legend:
    """The legend in its own column beside the map: it never covers a unit."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    return ax.legend(
        handles=handles,
        title="\n".join(textwrap.wrap(title, 30)),
        loc="upper left",
        fontsize=fontsize,
        title_fontsize=fontsize,
        alignment="left",
        frameon=False,
        borderaxespad=0,
    )


def _unit_labels(ax: Axes, shapes: gpd.GeoDataFrame, chosen: set[str], scale: float) -> None:
    """District names always; commune names that fit (the selected ones first)."""
    points = bool((shapes.geom_type == "Point").all())
    anchors = shapes.geometry if points else shapes.geometry.representative_point()
    ranks = shapes["value"].rank(pct=True).fillna(0.5)
    order = (ranks - 0.5).abs().sort_values(ascending=False).index  # extremes first
    labels = [
        labels_.Label(
            text=str(shapes.at[i, "name"]),
            x=float(anchors.at[i].x),
            y=float(anchors.at[i].y),
            required=not points or shapes.at[i, "gso_code"] in chosen,
            point=points,
        )
        for i in order
        if isinstance(shapes.at[i, "name"], str)
    ]
    obstacles = labels_.reserved(ax, NORTH_ARROW_CORNER, SCALE_BAR_CORNER)
    if points:  # a name never hides another unit's marker
        xy = [(p.x, p.y) for p in anchors]
        obstacles += labels_.markers(ax, xy, radius=POINT_RADIUS * scale)
    labels_.place(ax, labels, size=(6.5 if points else 8.5) * scale, obstacles=obstacles)


def draw_map(
    ax: Axes,
    figures: MapFigures,
    geometry: Geometry,
    *,
    lang: str,
    scale: float = 1.0,
    names: bool = True,
) -> None:
    """Units coloured by class on `ax` (metric CRS), named, with scale bar and north arrow."""
    font_family()
    values = figures.values[["gso_code", "value"]].drop_duplicates("gso_code")
    shapes = geometry.units.merge(values, on="gso_code", how="left", suffixes=("", "_figure"))
    shapes = shapes.to_crs(METRIC_CRS)
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
            markersize=(2 * POINT_RADIUS * scale) ** 2,
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
    if names:
        _unit_labels(ax, shapes, set(figures.view.units), scale)


def inset(
    fig: Figure, geometry: Geometry, rect: tuple[float, float, float, float], lang: str
) -> None:
    """The province located in Vietnam, in a small map at `rect`."""
    ax = fig.add_axes(rect)
    country = vietnam_outline()
    if len(country):
        country.plot(ax=ax, facecolor="#eeeeee", edgecolor="#888888", linewidth=0.3)
    geometry.outline.plot(ax=ax, facecolor="#d7301f", edgecolor="#d7301f")
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_title(t("export_inset", lang), fontsize=7)


def page_heading(fig: Figure, *, title: str, headline: str, sample: bool, lang: str) -> None:
    """Title, headline and the sample mark across the top of a page."""
    fig.text(0.03, 0.955, title, fontsize=16, fontweight="bold", va="top")
    fig.text(0.03, 0.905, headline, fontsize=12, va="top")
    if sample:
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


def page_footer(fig: Figure, footer: str, lang: str) -> None:
    """The source and period line, and the boundaries' credit."""
    fig.text(0.03, 0.035, footer, fontsize=8, va="bottom", wrap=True)
    fig.text(0.97, 0.012, t("export_credit", lang), fontsize=6, ha="right", color="#555555")


def map_title(figures: MapFigures, lang: str) -> str:
    """'Indicator — period', the period in the reader's language."""
    return f"{figures.indicator_label} — {format_period(figures.view.period, lang)}"


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
    """A whole map page: title, named map(s), a legend column beside them, inset, source and
    period line, sample mark."""
    font_family()
    fig = Figure(figsize=size)
    sample = figures.is_sample or (split is not None and split[0].is_sample)
    if heading:  # a screen shows the title and headline in large type above the image
        page_heading(
            fig,
            title=title or map_title(figures, lang),
            headline=f"{figures.headline_label}: {figures.headline}",
            sample=sample,
            lang=lang,
        )
    top = 0.88 if heading else 0.97
    if split is None:
        ax = fig.add_axes((0.03, 0.08, COLUMN_LEFT - 0.05, top - 0.08))
        draw_map(ax, figures, geometry, lang=lang)
    else:
        second, second_geometry, caption = split
        width = (COLUMN_LEFT - 0.05) / 2
        left = fig.add_axes((0.02, 0.08, width, top - 0.14))
        right = fig.add_axes((0.03 + width, 0.08, width, top - 0.14))
        draw_map(left, figures, geometry, lang=lang, scale=0.8)
        draw_map(right, second, second_geometry, lang=lang, scale=0.8)
        left.set_title(first_caption or format_period(figures.view.period, lang), fontsize=11)
        right.set_title(caption, fontsize=11)
    column = 1 - COLUMN_LEFT - 0.02
    inset(fig, geometry, (COLUMN_LEFT + 0.03, top - 0.26, column - 0.06, 0.24), lang)
    legend_column(
        fig,
        (COLUMN_LEFT, 0.10, column, top - 0.40),
        list(legend_handles(figures, lang)),
        f"{figures.indicator_label} ({figures.unit_label})",
        fontsize=9,
    )
    footer = figures.source_line
    if split is not None:
        footer += f"\n{split[0].source_line}"
    page_footer(fig, footer, lang)
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
