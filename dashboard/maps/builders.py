"""Map builders: each returns a folium.Map and never renders it.

Every string that reaches the map's HTML (names, sources, labels) is escaped here or, for
points, in the browser, because Leaflet tooltips insert them with innerHTML. Features carry
only what the map shows; polygons are drawn from geometry prepared once (dashboard.maps.layers).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from jinja2 import Environment, Template

from dashboard import assets
from dashboard.domain.classify import NO_DATA_COLOUR, Classes
from dashboard.i18n import format_number, format_period, format_value, t
from dashboard.maps import layers
from dashboard.maps.live import UnitStyle

OUTLINE_STYLE = {"color": "#222222", "weight": 2.5, "fill": False, "interactive": False}
DISTRICT_STYLE = {"color": "#444444", "weight": 1, "fillOpacity": 0.85}
OUTLINE_ONLY_STYLE = {"color": "#555555", "weight": 1, "fillColor": "#fdfdfd", "fillOpacity": 0.05}
HIGHLIGHT = {"weight": 3, "color": "#000000"}
STANDARD_OUTLINE = {
    True: {"color": "#000000", "weight": 3.5},
    False: {"color": "#000000", "weight": 3.5, "dashArray": "8 6"},
}
SELECTED_OUTLINE = {"color": "#000000", "weight": 3.5, "fillOpacity": 0.35}
SAMPLE_BADGE = (
    '<span style="background:#b35806;color:#fff;padding:0 4px;border-radius:3px;'
    'font-weight:bold">{}</span>'
)
CLUSTER_ABOVE = 1000  # points: drawn one by one up to this many, clustered beyond


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


class MapAccess(MacroElement):
    """A keyboard and screen reader's way into the map: the map's frame is named (its figures
    are in the table below it) and keyboard focus is drawn as a ring inside the frame."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .leaflet-container:focus-visible { outline: 3px solid #0b57d0; outline-offset: -3px; }
        .leaflet-container a:focus-visible, .leaflet-control-layers input:focus-visible,
        .leaflet-control-layers-toggle:focus-visible {
            outline: 3px solid #0b57d0; outline-offset: 1px;
        }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            try {
                if (window.frameElement) {
                    window.frameElement.setAttribute("aria-label", {{ this.label|tojson }});
                }
            } catch (e) { /* a frame of another origin: its own title stays */ }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, label: str) -> None:
        super().__init__()
        self._name = "MapAccess"
        self.label = label


@dataclass(frozen=True)
class IndicatorLabel:
    """What the legend and tooltips say about the indicator on the map."""

    title: str
    unit: str
    period: str = ""  # one period for every unit, in words, in place of each figure's own


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
        lines.append(
            f"{escape(t('period', lang))}: "
            f"{escape(label.period or format_period(row['period_detail'], lang))}"
        )
        lines.append(f"{escape(t('source', lang))}: {escape(str(row['source_title']))}")
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
        "<div style='font-weight:bold;max-width:170px'>"
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
        '<div style="background:rgba(255,255,255,0.92);padding:5px 8px;border-radius:4px;'
        'font-size:12px;line-height:1.3;box-shadow:0 0 4px rgba(0,0,0,.3)">'
        + "".join(rows)
        + "</div>"
    )


def standard_legend_rows(standard_label: str, lang: str) -> str:
    """Legend rows for the literacy-standard borders (solid: met, dashed: not met)."""
    line = (
        '<div><svg width="26" height="12" style="vertical-align:middle;margin-right:6px">'
        '<line x1="1" y1="6" x2="25" y2="6" stroke="#000" stroke-width="3.5"{}/></svg>{}</div>'
    )
    return (
        "<div style='font-weight:bold;margin-top:6px;max-width:170px'>"
        f"{escape(standard_label)}</div>"
        + line.format("", escape(t("standard_met", lang)))
        + line.format(' stroke-dasharray="8 6"', escape(t("standard_not_met", lang)))
    )


def base_map(outline: gpd.GeoDataFrame, *, tiles: bool = False, lang: str = "vi") -> folium.Map:
    """A map fitted to the outline; no tile layer unless asked (the outline is the basemap)."""
    minx, miny, maxx, maxy = outline.total_bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        tiles=None,
        zoom_start=8,
        control_scale=True,
        # quarter zoom steps: with whole steps a fitted province can fill a quarter of the frame
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    MapAccess(t("a11y_map_frame", lang)).add_to(m)
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    drawn = outline[outline.geometry.notna()]
    if len(drawn):
        layers.polygon_layer(
            drawn,
            properties=[{"level": "province"}] * len(drawn),
            name=t("province_layer", lang),
            tooltip_field=None,
            style=OUTLINE_STYLE,
            highlight={},
            control=False,
        ).add_to(m)
    fit_all(m, outline)
    return m


def fit_all(m: folium.Map, *frames: gpd.GeoDataFrame) -> None:
    """Fit the view to everything drawn (the whole country when the national layer is shown)."""
    present = [f for f in frames if f is not None and len(f) and f.geometry.notna().any()]
    if present:
        minx, miny, maxx, maxy = pd.concat([f.geometry for f in present]).total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
        # the bounds FitView opens on, once the frame is laid out (see finish)
        setattr(m, FIT_ATTRIBUTE, [[float(miny), float(minx)], [float(maxy), float(maxx)]])


class FitView(MacroElement):
    """Open on the data, clear of the legend and layer list, and again when the frame resizes.

    Streamlit lays the map's frame out after Leaflet starts, so a fit made at start uses the
    wrong size. The map is fitted once laid out and on every resize until the reader moves it.
    The controls (legend, layer list, zoom) are measured per corner, and the data is fitted
    inside the frame minus a strip beside or above/below each corner's controls (whichever
    combination keeps the map largest), so no unit lies under a control. The layer list stays
    folded into its button (it opens on hover or tap), so it never covers the map on open.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var bounds = L.latLngBounds({{ this.bounds|tojson }});
            var box = map.getContainer(), touched = false;
            ["pointerdown", "wheel", "keydown"].forEach(function (name) {
                box.addEventListener(name, function () { touched = true; }, true);
            });
            function corner(v, h) {
                var w = 0, hh = 0;
                box.querySelectorAll(".leaflet-" + v + ".leaflet-" + h + " > .leaflet-control")
                    .forEach(function (el) {
                        w = Math.max(w, el.offsetWidth + 10);
                        hh += el.offsetHeight + 10;
                    });
                return {w: w, h: hh};
            }
            function fit() {
                if (touched) { return; }
                map.invalidateSize({animate: false});
                var size = map.getSize();
                if (!size.x || !size.y) { return; }
                var corners = [
                    {v: "top", h: "left"}, {v: "top", h: "right"},
                    {v: "bottom", h: "left"}, {v: "bottom", h: "right"}
                ].map(function (c) {
                    var m = corner(c.v, c.h);
                    return {w: m.w, h: m.h, side: c.h, end: c.v};
                })
                    .filter(function (c) { return c.w > 0; });
                var z = map.getZoom() || 8;
                var nw = map.project(bounds.getNorthWest(), z);
                var se = map.project(bounds.getSouthEast(), z);
                var bw = Math.max(se.x - nw.x, 1), bh = Math.max(se.y - nw.y, 1);
                // Each corner's controls push the data aside or up/down; try every choice.
                var best = null;
                for (var mask = 0; mask < (1 << corners.length); mask++) {
                    var pad = {left: 8, right: 8, top: 8, bottom: 8};
                    corners.forEach(function (c, i) {
                        if (mask & (1 << i)) { pad[c.side] = Math.max(pad[c.side], c.w); }
                        else { pad[c.end] = Math.max(pad[c.end], c.h); }
                    });
                    var scale = Math.min((size.x - pad.left - pad.right) / bw,
                                         (size.y - pad.top - pad.bottom) / bh);
                    if (!best || scale > best.scale) { best = {scale: scale, pad: pad}; }
                }
                var options = {paddingTopLeft: [best.pad.left, best.pad.top],
                               paddingBottomRight: [best.pad.right, best.pad.bottom]};
                options.animate = false;
                map.fitBounds(bounds, options);
                box.setAttribute("data-lc-fit", JSON.stringify(best.pad));
            }
            map.whenReady(function () {
                setTimeout(fit, 0);
                setTimeout(fit, 500);
            });
            map.on("resize", fit);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = bounds


class KeepKeyboard(MacroElement):
    """After a click on a unit the arrow keys still pan the map.

    Leaflet focuses the map on mouse-down (our copy without scrolling: see dashboard.assets);
    Chromium then moves the focus on to the clicked SVG shape, and the map, blurred, stops
    listening to the keys. The focus goes back to the map, again without scrolling.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var box = {{ this._parent.get_name() }}.getContainer();
            // Only a pointer's focus goes back: Tab from the map must still reach the shapes
            // and leave them, or a keyboard reader would be trapped on the first shape.
            var byPointer = false;
            box.addEventListener("pointerdown", function () { byPointer = true; }, true);
            box.addEventListener("keydown", function () { byPointer = false; }, true);
            document.addEventListener("pointerup", function () {
                setTimeout(function () { byPointer = false; }, 0);
            }, true);
            box.addEventListener("focusin", function (e) {
                if (byPointer && e.target !== box && e.target instanceof SVGElement) {
                    box.focus({preventScroll: true});
                }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "KeepKeyboard"


FIT_ATTRIBUTE = "lc_fit_bounds"


def _zoomable(header: str) -> str:
    return re.sub(r",\s*maximum-scale=[\d.]+,\s*user-scalable=no", "", header)


# folium.Map's own template, except that its viewport lets a reader zoom (WCAG 1.4.4): folium
# writes `maximum-scale=1.0, user-scalable=no`, which stops pinch-zoom on a phone.
_ENV = Environment(autoescape=False)  # noqa: S701 (renders folium's template, as folium does)
_ENV.filters["zoomable"] = _zoomable
ZOOMABLE_MAP_TEMPLATE = _ENV.from_string(
    """
{% macro header(this, kwargs) %}{{ folium_map.header(this, kwargs)|zoomable }}{% endmacro %}
{% macro html(this, kwargs) %}{{ folium_map.html(this, kwargs) }}{% endmacro %}
{% macro script(this, kwargs) %}{{ folium_map.script(this, kwargs) }}{% endmacro %}
""",
    globals={"folium_map": folium.Map._template.module},
)


def finish(m: folium.Map) -> folium.Map:
    """Add the opening fit (after the legend and layer list exist), let readers zoom the page
    (the viewport) and use local assets."""
    m._template = ZOOMABLE_MAP_TEMPLATE
    bounds = getattr(m, FIT_ATTRIBUTE, None)
    if bounds is not None and not any(isinstance(c, FitView) for c in m._children.values()):
        FitView(bounds).add_to(m)
    if not any(isinstance(c, KeepKeyboard) for c in m._children.values()):
        KeepKeyboard().add_to(m)
    return assets.localise(m)


def join_geometry(values: pd.DataFrame, geometry: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Figures of units on their display geometry (prepared once), matched by GSO code."""
    figures = values.drop(columns=["geometry"], errors="ignore")
    shapes = geometry.loc[geometry.geometry.notna(), ["gso_code", "geometry"]]
    joined = shapes.merge(figures, on="gso_code", how="inner")
    return gpd.GeoDataFrame(joined, geometry="geometry", crs="EPSG:4326")


def _points(facilities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Facility rows as the point layer wants them, location precision in words."""
    out = facilities.copy()
    out["precision"] = [
        t(f"precision_{p}", lang, default=str(p)) for p in out["location_precision"]
    ]
    for column in ("commune", "district"):
        if column not in out.columns:
            out[column] = ""
    return out


def add_facilities(
    m: folium.Map,
    facilities: pd.DataFrame,
    *,
    kinds: Mapping[str, Any],
    lang: str,
    cluster: bool | None = None,
) -> None:
    """One switchable layer per facility kind, drawn in the browser from one payload."""
    styles = {
        code: layers.KindStyle(k.label(lang), k.colour, k.symbol) for code, k in kinds.items()
    }
    fields = [
        ("commune", t("commune", lang)),
        ("district", t("district", lang)),
        ("precision", t("location", lang)),
        ("source_title", t("source", lang)),
    ]
    layers.point_layer(
        _points(facilities, lang),
        kinds=styles,
        name="",
        fields=fields,
        cluster=len(facilities) > CLUSTER_ABOVE if cluster is None else cluster,
        sample_badge=t("sample", lang),
        lang=lang,
    ).add_to(m)


def unit_styles(
    values: pd.DataFrame,
    *,
    classes: Classes | None,
    label: IndicatorLabel,
    lang: str,
    standard: Mapping[str, bool | None] | None = None,
    standard_label: str = "",
    selected: Sequence[str] = (),
) -> dict[str, UnitStyle]:
    """Each unit's class colour, outline (literacy standard, selection) and escaped tooltip."""
    verdict = {True: "standard_met", False: "standard_not_met", None: "standard_unknown"}
    styles = {}
    for _, row in values.iterrows():
        code = str(row["gso_code"])
        value = None if _is_missing(row.get("value")) else float(row["value"])
        tip = district_tooltip(row, label, lang)
        outline: dict[str, Any] = {}
        if standard is not None:
            meets = standard.get(code)
            tip = tip.removesuffix("</div>") + (
                f"<br>{escape(standard_label)}: <b>{escape(t(verdict[meets], lang))}</b></div>"
            )
            if meets is not None:
                outline |= STANDARD_OUTLINE[meets]
        if code in selected:
            outline |= SELECTED_OUTLINE
        fill = classes.colour_of(value) if classes else NO_DATA_COLOUR
        styles[code] = UnitStyle(fill=fill, tip=tip, outline=outline or None)
    return styles


def choropleth_legend(
    styles: Mapping[str, UnitStyle],
    *,
    classes: Classes | None,
    label: IndicatorLabel,
    lang: str,
    standard_label: str | None = None,
) -> str:
    """The legend of a choropleth: classes, 'no data' when a unit has none, the standard."""
    has_missing = any(s.fill == NO_DATA_COLOUR for s in styles.values())
    html = legend_html(classes, label, lang, has_missing=has_missing)
    if standard_label is not None:
        html = html.removesuffix("</div>") + standard_legend_rows(standard_label, lang) + "</div>"
    return html


def choropleth_styles(
    values: pd.DataFrame,
    *,
    classes: Classes | None,
    label: IndicatorLabel,
    lang: str,
    standard: Mapping[str, bool | None] | None = None,
    standard_label: str = "",
    selected: Sequence[str] = (),
) -> tuple[dict[str, UnitStyle], str]:
    """Each unit's style and the legend that explains them."""
    styles = unit_styles(
        values,
        classes=classes,
        label=label,
        lang=lang,
        standard=standard,
        standard_label=standard_label,
        selected=selected,
    )
    legend = choropleth_legend(
        styles,
        classes=classes,
        label=label,
        lang=lang,
        standard_label=standard_label if standard is not None else None,
    )
    return styles, legend


def choropleth_base(
    *,
    geometry: gpd.GeoDataFrame,
    outline: gpd.GeoDataFrame,
    lang: str,
    level: str = "district",
    centres: pd.DataFrame | None = None,
    tiles: bool = False,
    boundaries: gpd.GeoDataFrame | None = None,
    styles: Mapping[str, UnitStyle] | None = None,
    legend: str | None = "",
    fit_names: bool = False,
) -> folium.Map:
    """Units drawn from their display geometry, with `styles` baked in or 'no data' for now.

    Without `styles` the map is a base that `restyle_script` colours in the browser; it does
    not depend on the indicator, so it is rendered once and kept by the browser. `legend=None`
    leaves the legend to the page (a slide draws it in a column beside the map). With
    `fit_names` every unit is named, and names that would overlap are hidden in the browser
    (the units a slide names first are kept: see FitNames).
    """
    m = base_map(outline, tiles=tiles, lang=lang)
    if boundaries is not None and len(boundaries):
        layers.polygon_layer(
            boundaries,
            properties=[{"level": "boundary"}] * len(boundaries),
            name=t("former_districts", lang),
            tooltip_field=None,
            style={"color": "#777777", "weight": 1, "fill": False, "interactive": False},
            highlight={},
        ).add_to(m)
    drawn = geometry[geometry.geometry.notna()]
    if styles is not None:
        drawn = drawn[drawn["gso_code"].isin(list(styles))]
    props = []
    for code in drawn["gso_code"].astype(str):
        prop: dict[str, Any] = {"code": code, "level": level, "fill": NO_DATA_COLOUR}
        if styles is not None:
            style = styles[code]
            prop |= {"fill": style.fill, "tip": style.tip}
            if style.outline:
                prop["outline"] = dict(style.outline)
        props.append(prop)
    layers.polygon_layer(
        drawn,
        properties=props,
        name=t(f"{level}s_layer", lang),
        style=DISTRICT_STYLE,
        highlight=HIGHLIGHT,
        dash_fill=NO_DATA_COLOUR,
    ).add_to(m)
    fit_all(m, outline, drawn)
    if centres is not None and not centres.empty:
        from dashboard.domain.facilities import KINDS

        clc = {"community_learning_centre": KINDS["community_learning_centre"]}
        add_facilities(m, centres, kinds=clc, lang=lang)
    if legend is not None:
        Legend(legend).add_to(m)
    if "name" in drawn.columns and (
        fit_names or level == "district" or len(drawn) <= MAX_NAMED_UNITS
    ):
        unit_names(m, drawn, lang=lang)
        if fit_names:
            FitNames().add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return finish(m)


def unit_choropleth(
    *,
    values: pd.DataFrame,
    geometry: gpd.GeoDataFrame,
    outline: gpd.GeoDataFrame,
    classes: Classes | None,
    label: IndicatorLabel,
    lang: str,
    centres: pd.DataFrame | None = None,
    tiles: bool = False,
    standard: Mapping[str, bool | None] | None = None,
    standard_label: str = "",
    boundaries: gpd.GeoDataFrame | None = None,
    level: str = "district",
    selected: Sequence[str] = (),
) -> folium.Map:
    """Units coloured by class ('no data' grey, dashed), a legend, optional centres layer.

    Units known only by a point are coloured circles; `boundaries` (e.g. the former districts)
    are drawn under them as thin lines for orientation.

    With `standard` (unit code -> meets the literacy standard?), units that meet it get a
    solid heavy border, units that do not a dashed heavy border; the legend says which.
    """
    styles, legend = choropleth_styles(
        values,
        classes=classes,
        label=label,
        lang=lang,
        standard=standard,
        standard_label=standard_label,
        selected=selected,
    )
    return choropleth_base(
        geometry=geometry,
        outline=outline,
        lang=lang,
        level=level,
        centres=centres,
        tiles=tiles,
        boundaries=boundaries,
        styles=styles,
        legend=legend,
    )


def district_outlines(
    m: folium.Map,
    districts: gpd.GeoDataFrame,
    *,
    lang: str,
    selected: Sequence[str] = (),
) -> None:
    """Clickable district boundaries (selected ones heavier); a click returns the `code`."""
    drawn = districts[districts.geometry.notna() & ~districts.geometry.is_empty]
    props = [
        {
            "code": str(r["gso_code"]),
            "level": "district",
            "tip": _tooltip([f"<b>{escape(str(r['name']))}</b>"]),
            **({"outline": SELECTED_OUTLINE} if str(r["gso_code"]) in selected else {}),
        }
        for _, r in drawn.iterrows()
    ]
    layers.polygon_layer(
        drawn,
        properties=props,
        name=t("districts_layer", lang),
        style=OUTLINE_ONLY_STYLE,
        highlight=HIGHLIGHT,
    ).add_to(m)


def kinds_legend_html(
    kinds: Mapping[str, Any], counts: Mapping[str, int], lang: str, *, first_rows: str = ""
) -> str:
    """Legend: each kind's colour, symbol, name and how many are shown (after `first_rows`)."""
    rows = [
        f'<div><span style="color:{k.colour};font-size:18px;margin-right:6px">{escape(k.symbol)}'
        f"</span>{escape(k.label(lang))}: <b>{format_number(counts.get(code, 0), lang)}</b></div>"
        for code, k in kinds.items()
    ]
    return (
        '<div style="background:rgba(255,255,255,0.92);padding:8px 10px;border-radius:4px;'
        'font-size:14px;box-shadow:0 0 4px rgba(0,0,0,.3)">' + first_rows + "".join(rows) + "</div>"
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
    legend: bool = True,
) -> folium.Map:
    """District boundaries to click, facilities by kind, and a legend with counts (unless the
    page draws it beside the map: `legend=False`)."""
    m = base_map(outline, tiles=tiles, lang=lang)
    district_outlines(m, districts, lang=lang, selected=selected)
    fit_all(m, outline, districts)
    add_facilities(m, facilities, kinds=kinds, lang=lang)
    if legend:
        counts = facilities["kind"].value_counts().to_dict()
        Legend(kinds_legend_html(kinds, counts, lang)).add_to(m)
    unit_names(m, districts, lang=lang)
    folium.LayerControl(collapsed=True).add_to(m)
    return finish(m)


def localised(m: folium.Map) -> folium.Map:
    """The map with every JS/CSS link pointing at the app's own copies (and its opening fit)."""
    return finish(m)


MAX_NAMED_UNITS = 20  # more names than this (75 communes) would hide the map; tooltips name them
NAME_LABEL_STYLE = (
    "font-size:12px;font-weight:600;color:#111;white-space:nowrap;pointer-events:none;"
    "width:max-content;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;transform:translate(-50%,-50%)"
)


def unit_names(m: folium.Map, units: gpd.GeoDataFrame, *, lang: str) -> None:
    """Each unit's name written on the map, at a point inside it (a layer that can be hidden);
    a unit drawn as a point is named just above it."""
    drawn = units[units.geometry.notna() & ~units.geometry.is_empty]
    if drawn.empty:
        return
    group = folium.FeatureGroup(name=t("rd_unit_names", lang), show=True)
    for _, row in drawn.iterrows():
        point = row.geometry.representative_point()
        style = NAME_LABEL_STYLE
        if row.geometry.geom_type == "Point":
            style += ";transform:translate(-50%,-135%)"
        code = escape(str(row.get("gso_code", "")))
        folium.Marker(
            [point.y, point.x],
            icon=folium.DivIcon(
                html=f'<div class="lc-unit-name" data-code="{code}" style="{style}">'
                f"{escape(str(row['name']))}</div>",
                icon_size=(0, 0),
                class_name="lc-unit-name-icon",
            ),
            interactive=False,
            keyboard=False,
        ).add_to(group)
    group.add_to(m)


class FitNames(MacroElement):
    """Unit names that fit: on every zoom and resize, a name that would overlap one already
    shown is hidden. Names marked `data-first` (the units a slide speaks of) are placed first
    and always shown; `window.lcFitNames()` places them again after a restyle marks them."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            function fitNames() {
                var names = Array.prototype.slice.call(
                    map.getContainer().querySelectorAll(".lc-unit-name"));
                names.sort(function (a, b) {
                    return (b.dataset.first ? 1 : 0) - (a.dataset.first ? 1 : 0);
                });
                names.forEach(function (el) { el.style.visibility = "visible"; });
                var placed = [];
                names.forEach(function (el) {
                    var r = el.getBoundingClientRect(), gap = 3;
                    var hit = placed.some(function (p) {
                        return r.left - gap < p.right && r.right + gap > p.left &&
                               r.top - gap < p.bottom && r.bottom + gap > p.top;
                    });
                    if (hit && !el.dataset.first) { el.style.visibility = "hidden"; }
                    else { placed.push(r); }
                });
            }
            window.lcFitNames = fitNames;
            map.on("zoomend moveend resize", fitNames);
            map.whenReady(function () { setTimeout(fitNames, 0); });
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FitNames"


def to_html(m: folium.Map) -> str:
    """The whole map page as HTML (what a browser would load)."""
    return str(m.get_root().render())


def learning_city_map(
    *,
    city: gpd.GeoDataFrame,
    successors: pd.DataFrame,
    facilities: pd.DataFrame,
    kinds: Mapping[str, Any],
    lang: str,
    tiles: bool = False,
) -> folium.Map:
    """The city's boundary, the wards that succeeded it (named points), its facilities, a legend.

    `successors` has gso_code, name, point_lon, point_lat; wards without a point are left out
    of the map (the page lists them all).
    """
    m = base_map(city, tiles=tiles, lang=lang)
    district_outlines(m, city, lang=lang, selected=list(city["gso_code"]))
    wards = successors.dropna(subset=["point_lon", "point_lat"])
    group = folium.FeatureGroup(name=t("rd_successor_wards", lang), show=True)
    for _, row in wards.iterrows():
        name = escape(str(row["name"]))
        folium.CircleMarker(
            [float(row["point_lat"]), float(row["point_lon"])],
            radius=9,
            color="#000000",
            weight=2,
            fill=True,
            fill_color=SUCCESSOR_COLOUR,
            fill_opacity=0.9,
            tooltip=folium.Tooltip(f"<b>{name}</b>"),
        ).add_to(group)
        folium.Marker(
            [float(row["point_lat"]), float(row["point_lon"])],
            icon=folium.DivIcon(
                html=f'<div class="lc-unit-name" style="{NAME_LABEL_STYLE};'
                f'transform:translate(-50%,-170%)">{name}</div>',
                icon_size=(0, 0),
                class_name="lc-unit-name-icon",
            ),
            interactive=False,
            keyboard=False,
        ).add_to(group)
    group.add_to(m)
    fit_all(m, city)
    add_facilities(m, facilities, kinds=kinds, lang=lang)
    counts = facilities["kind"].value_counts().to_dict() if len(facilities) else {}
    rows = (
        f'<div><span style="display:inline-block;width:14px;height:14px;border-radius:7px;'
        f"background:{SUCCESSOR_COLOUR};border:2px solid #000;margin-right:6px;"
        f'vertical-align:middle"></span>{escape(t("rd_successor_wards", lang))} '
        f"({format_number(len(wards), lang)})</div>"
        '<div><span style="display:inline-block;width:14px;height:10px;border:3px solid #000;'
        f'margin-right:6px;vertical-align:middle"></span>{escape(t("rd_city_boundary", lang))}'
        "</div>"
    )
    if "is_sample" in facilities.columns and facilities["is_sample"].fillna(False).any():
        rows += f"<div>{SAMPLE_BADGE.format(escape(t('rd_sample_on_map', lang)))}</div>"
    Legend(kinds_legend_html(kinds, counts, lang, first_rows=rows)).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return finish(m)


SUCCESSOR_COLOUR = "#fdb863"
