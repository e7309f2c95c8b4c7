"""Map builders: each returns a folium.Map and never renders it.

Every string that reaches the map's HTML (names, sources, labels) is escaped here, because
Leaflet tooltips insert them with innerHTML. Features carry only what the map shows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
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
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _present(value: Any) -> bool:
    return not _is_missing(value) and str(value) != ""


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
    place = ", ".join(str(row[c]) for c in ("commune", "district") if _present(row.get(c)))
    lines = [
        f"<b>{escape(str(row['name']))}</b>",
        *([escape(str(row["kind_label"]))] if _present(row.get("kind_label")) else []),
        escape(place),
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


def standard_legend_rows(standard_label: str, lang: str) -> str:
    """Legend rows for the literacy-standard borders (solid: met, dashed: not met)."""
    line = (
        '<div><svg width="26" height="12" style="vertical-align:middle;margin-right:6px">'
        '<line x1="1" y1="6" x2="25" y2="6" stroke="#000" stroke-width="3.5"{}/></svg>{}</div>'
    )
    return (
        "<div style='font-weight:bold;margin-top:6px;max-width:240px'>"
        f"{escape(standard_label)}</div>"
        + line.format("", escape(t("standard_met", lang)))
        + line.format(' stroke-dasharray="8 6"', escape(t("standard_not_met", lang)))
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
    standard: Mapping[str, bool | None] | None = None,
    standard_label: str = "",
) -> folium.Map:
    """Districts coloured by class ('no data' grey), a legend, and optional centres layer.

    With `standard` (district code -> meets the literacy standard?), units that meet it get a
    solid heavy border, units that do not a dashed heavy border; the legend says which is which.
    """
    m = base_map(outline, tiles=tiles, lang=lang)
    drawn = districts[districts.geometry.notna() & ~districts.geometry.is_empty]
    props = []
    for _, row in drawn.iterrows():
        value = None if _is_missing(row.get("value")) else float(row["value"])
        fill = classes.colour_of(value) if classes else NO_DATA_COLOUR
        code = str(row["gso_code"])
        tip = district_tooltip(row, label, lang)
        meets = standard.get(code) if standard is not None else None
        if standard is not None:
            verdict = {True: "standard_met", False: "standard_not_met", None: "standard_unknown"}
            tip = tip.replace(
                "</div>",
                f"<br>{escape(standard_label)}: <b>{escape(t(verdict[meets], lang))}</b></div>",
            )
        props.append(
            {"code": code, "level": "district", "fill": fill, "tip": tip, "meets": meets}
        )  # fmt: skip
    folium.GeoJson(
        _feature_collection(drawn, props),
        name=t("districts_layer", lang),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"], "fillOpacity": 0.85,
            "color": "#000000" if f["properties"]["meets"] is not None else "#444444",
            "weight": 1 if f["properties"]["meets"] is None else 3.5,
            "dashArray": "8 6" if f["properties"]["meets"] is False
            else ("4 3" if f["properties"]["fill"] == NO_DATA_COLOUR else None),
        },
        highlight_function=lambda _f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)  # fmt: skip
    if centres is not None and not centres.empty:
        add_centres(m, centres, lang=lang)
    has_missing = any(p["fill"] == NO_DATA_COLOUR for p in props)
    html = legend_html(classes, label, lang, has_missing=has_missing)
    if standard is not None:
        html = html.removesuffix("</div>") + standard_legend_rows(standard_label, lang) + "</div>"
    Legend(html).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return assets.localise(m)


def localised(m: folium.Map) -> folium.Map:
    """The map with every JS/CSS link pointing at the app's own copies."""
    return assets.localise(m)


def to_html(m: folium.Map) -> str:
    """The whole map page as HTML (what a browser would load)."""
    return str(m.get_root().render())


SELECTED_STYLE = {"color": "#000000", "weight": 3.5}


def district_outlines(
    m: folium.Map,
    districts: gpd.GeoDataFrame,
    *,
    lang: str,
    selected: Sequence[str] = (),
    tips: Sequence[str] | None = None,
) -> None:
    """Clickable district boundaries (selected ones drawn heavier); the click returns `code`."""
    drawn = districts[districts.geometry.notna() & ~districts.geometry.is_empty]
    props = [
        {
            "code": str(r["gso_code"]), "level": "district",
            "selected": str(r["gso_code"]) in selected,
            "tip": tips[i] if tips is not None else _tooltip([f"<b>{escape(str(r['name']))}</b>"]),
        }
        for i, (_, r) in enumerate(drawn.iterrows())
    ]  # fmt: skip
    folium.GeoJson(
        _feature_collection(drawn, props),
        name=t("districts_layer", lang),
        style_function=lambda f: {
            "color": "#000000" if f["properties"]["selected"] else "#555555",
            "weight": 3.5 if f["properties"]["selected"] else 1,
            "fillColor": "#fdfdfd", "fillOpacity": 0.35 if f["properties"]["selected"] else 0.05,
        },
        highlight_function=lambda _f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)  # fmt: skip


def add_facilities(
    m: folium.Map, facilities: pd.DataFrame, *, kinds: Mapping[str, Any], lang: str
) -> None:
    """One switchable layer per facility kind, each in its own colour and symbol."""
    located = facilities.dropna(subset=["lon", "lat"])
    for code, kind in kinds.items():
        rows = located[located["kind"] == code]
        if rows.empty:
            continue
        gdf = gpd.GeoDataFrame(
            rows, geometry=gpd.points_from_xy(rows["lon"], rows["lat"]), crs="EPSG:4326"
        )
        props = [{"tip": facility_tooltip(r, lang), "kind": code} for _, r in rows.iterrows()]
        layer = folium.FeatureGroup(name=f"{kind.symbol} {kind.label(lang)} ({len(rows)})")
        folium.GeoJson(
            _feature_collection(gdf, props),
            marker=folium.CircleMarker(radius=6, weight=1.5, fill=True, fill_opacity=0.95),
            style_function=lambda _f, c=kind.colour: {"color": "#ffffff", "fillColor": c},
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        ).add_to(layer)
        layer.add_to(m)


def kinds_legend_html(kinds: Mapping[str, Any], counts: Mapping[str, int], lang: str) -> str:
    """Legend: each kind's colour, symbol, name and how many are shown."""
    rows = [
        f'<div><span style="color:{k.colour};font-size:18px;margin-right:6px">{escape(k.symbol)}'
        f"</span>{escape(k.label(lang))}: <b>{counts.get(code, 0)}</b></div>"
        for code, k in kinds.items()
    ]
    return (
        '<div style="background:rgba(255,255,255,0.92);padding:8px 10px;border-radius:4px;'
        'font-size:14px;box-shadow:0 0 4px rgba(0,0,0,.3)">' + "".join(rows) + "</div>"
    )


def facility_map(
    *,
    outline: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    facilities: pd.DataFrame,
    kinds: Mapping[str, Any],
    lang: str,
    selected: Sequence[str] = (),
    tiles: bool = False,
) -> folium.Map:
    """District boundaries to click, facilities by kind, and a legend with counts."""
    m = base_map(outline, tiles=tiles, lang=lang)
    district_outlines(m, districts, lang=lang, selected=selected)
    add_facilities(m, facilities, kinds=kinds, lang=lang)
    counts = facilities["kind"].value_counts().to_dict()
    Legend(kinds_legend_html(kinds, counts, lang)).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return assets.localise(m)
