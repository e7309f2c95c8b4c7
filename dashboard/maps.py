"""Map builders: each returns a folium.Map and never renders it.

Every string that reaches the map's HTML (names, sources, labels) is escaped here, because
Leaflet tooltips insert them with innerHTML. Features carry only what the map shows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from dashboard import assets
from dashboard.classify import NO_DATA_COLOUR, Classes
from dashboard.i18n import format_number, format_value, t

OUTLINE_STYLE = {"color": "#222222", "weight": 2.5, "fill": False, "interactive": False}
SAMPLE_BADGE = (
    '<span style="background:#b35806;color:#fff;padding:0 4px;border-radius:3px;'
    'font-weight:bold">{}</span>'
)


class Legend(MacroElement):
    """A legend drawn as a Leaflet control; its HTML is built (and escaped) in Python."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "lc-legend");
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html


@dataclass(frozen=True)
class IndicatorLabel:
    """What the legend and tooltips say about the indicator on the map."""

    title: str
    unit: str


def _feature_collection(gdf: gpd.GeoDataFrame, props: Sequence[dict[str, Any]]) -> dict[str, Any]:
    geoms = json.loads(gdf.geometry.to_json())["features"]
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": g["geometry"], "properties": p}
            for g, p in zip(geoms, props, strict=True)
        ],
    }


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _tooltip(lines: Sequence[str]) -> str:
    return '<div style="font-size:15px;line-height:1.35">' + "<br>".join(lines) + "</div>"


def district_tooltip(row: pd.Series, label: IndicatorLabel, lang: str) -> str:
    """Name, value, period, source and the sample mark, each escaped."""
    lines = [f"<b>{escape(str(row['name']))}</b>"]
    if _is_missing(row.get("value")):
        lines.append(f"{escape(label.title)}: <i>{escape(t('no_data', lang))}</i>")
    else:
        value = format_value(float(row["value"]), label.unit, lang)
        lines.append(f"{escape(label.title)}: <b>{escape(value)}</b>")
        lines.append(f"{escape(t('period', lang))}: {escape(str(row['period_label']))}")
        lines.append(f"{escape(t('source', lang))}: {escape(str(row['source_title']))}")
        if bool(row.get("is_sample")):
            lines.append(SAMPLE_BADGE.format(escape(t("sample", lang))))
    return _tooltip(lines)


def facility_tooltip(row: pd.Series, lang: str) -> str:
    """Name, commune, location precision, source and the sample mark, each escaped."""
    raw = str(row["location_precision"])
    precision = t(f"precision_{raw}", lang, default=raw)
    lines = [
        f"<b>{escape(str(row['name']))}</b>",
        escape(str(row.get("commune", ""))),
        f"{escape(t('location', lang))}: {escape(precision)}",
        f"{escape(t('source', lang))}: {escape(str(row['source_title']))}",
    ]
    if bool(row.get("is_sample")):
        lines.append(SAMPLE_BADGE.format(escape(t("sample", lang))))
    return _tooltip(lines)


def legend_html(
    classes: Classes | None, label: IndicatorLabel, lang: str, *, has_missing: bool
) -> str:
    """Legend: one swatch per class with its range and unit, and 'no data' apart."""
    swatch = (
        '<div><span style="display:inline-block;width:18px;height:14px;margin-right:6px;'
        'background:{};border:1px solid #555;vertical-align:middle"></span>{}</div>'
    )
    unit = format_value(0, label.unit, lang).split(" ", 1)[1]
    rows = [
        "<div style='font-weight:bold;max-width:240px'>"
        f"{escape(label.title)} ({escape(unit)})</div>"
    ]
    if classes is not None:
        lower = classes.lower
        for bound, colour in zip(classes.bounds, classes.colours, strict=True):
            text = f"{format_number(lower, lang)} – {format_number(bound, lang)}"
            rows.append(swatch.format(colour, escape(text)))
            lower = bound
    if has_missing or classes is None:
        rows.append(swatch.format(NO_DATA_COLOUR, escape(t("no_data", lang))))
    return (
        '<div style="background:rgba(255,255,255,0.92);padding:8px 10px;border-radius:4px;'
        'font-size:14px;box-shadow:0 0 4px rgba(0,0,0,.3)">' + "".join(rows) + "</div>"
    )


def base_map(outline: gpd.GeoDataFrame, *, tiles: bool = False, lang: str = "vi") -> folium.Map:
    """A map fitted to the province; no tile layer unless asked (the outline is the basemap)."""
    minx, miny, maxx, maxy = outline.total_bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2], tiles=None, zoom_start=8,
        control_scale=True, prefer_canvas=False,
    )  # fmt: skip
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    folium.GeoJson(
        _feature_collection(outline, [{"level": "province"}] * len(outline)),
        name=t("province_layer", lang),
        style_function=lambda _f: OUTLINE_STYLE,
        control=False,
    ).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


def add_centres(m: folium.Map, centres: pd.DataFrame, *, lang: str, show: bool = True) -> None:
    """Community learning centres as one switchable layer of circle markers."""
    located = centres.dropna(subset=["lon", "lat"])
    gdf = gpd.GeoDataFrame(
        located, geometry=gpd.points_from_xy(located["lon"], located["lat"]), crs="EPSG:4326"
    )
    props = [{"tip": facility_tooltip(r, lang), "kind": r["kind"]} for _, r in located.iterrows()]
    layer = folium.FeatureGroup(name=f"{t('clc_layer', lang)} ({len(located)})", show=show)
    folium.GeoJson(
        _feature_collection(gdf, props),
        marker=folium.CircleMarker(radius=6, weight=1.5, fill=True, fill_opacity=0.9),
        style_function=lambda _f: {"color": "#ffffff", "fillColor": "#7b3294"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    ).add_to(layer)
    layer.add_to(m)


def district_choropleth(
    *,
    districts: gpd.GeoDataFrame,
    outline: gpd.GeoDataFrame,
    classes: Classes | None,
    label: IndicatorLabel,
    lang: str,
    centres: pd.DataFrame | None = None,
    tiles: bool = False,
) -> folium.Map:
    """Districts coloured by class ('no data' grey), a legend, and optional centres layer."""
    m = base_map(outline, tiles=tiles, lang=lang)
    drawn = districts[districts.geometry.notna() & ~districts.geometry.is_empty]
    props = []
    for _, row in drawn.iterrows():
        value = None if _is_missing(row.get("value")) else float(row["value"])
        fill = classes.colour_of(value) if classes else NO_DATA_COLOUR
        props.append(
            {"code": str(row["gso_code"]), "level": "district", "fill": fill,
             "tip": district_tooltip(row, label, lang)}
        )  # fmt: skip
    folium.GeoJson(
        _feature_collection(drawn, props),
        name=t("districts_layer", lang),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"], "color": "#444444", "weight": 1,
            "fillOpacity": 0.85,
            "dashArray": "4 3" if f["properties"]["fill"] == NO_DATA_COLOUR else None,
        },
        highlight_function=lambda _f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)  # fmt: skip
    if centres is not None and not centres.empty:
        add_centres(m, centres, lang=lang)
    has_missing = any(p["fill"] == NO_DATA_COLOUR for p in props)
    Legend(legend_html(classes, label, lang, has_missing=has_missing)).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return assets.localise(m)


def to_html(m: folium.Map) -> str:
    """The whole map page as HTML (what a browser would load)."""
    return str(m.get_root().render())
