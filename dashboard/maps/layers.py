"""Map layers that stay light at national scale (692 districts, 50,000 facilities).

Polygons are simplified as a coverage for the extent shown, rounded, and sent with only the
properties the map shows; one JavaScript function styles them from `properties.fill`.
Points travel as one columnar payload and become markers in the browser, clustered per kind.
Builders return folium elements and never render them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template
from folium.utilities import get_obj_in_upper_tree

from dashboard.i18n import format_number
from geo import feature_collection_json

POINT_DECIMALS = 5  # about 1 m
POINT_PANE = "lcPoints"
MAX_ZOOM = 19  # for clustering on maps with no tile layer (which would set it)
POLYGON_STYLE: dict[str, Any] = {"color": "#444444", "weight": 1, "fillOpacity": 0.85}
POLYGON_HIGHLIGHT: dict[str, Any] = {"weight": 3, "color": "#000000"}
SAMPLE_BADGE_STYLE = (
    "background:#b35806;color:#fff;padding:0 4px;border-radius:3px;font-weight:bold"
)
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64_BYTES = np.frombuffer(_B64.encode("ascii"), dtype=np.uint8)
_MARKERCLUSTER = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0"


def script_json(value: Any) -> str:
    """Compact JSON that is safe inside a <script> element (no '<', '>', '&' or U+2028)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _script_safe(text)


def _script_safe(text: str) -> str:
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class PolygonLayer(Layer):
    """Polygons as one L.geoJson, styled in the browser from each feature's `fill` property."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {
            // Units known only by a point (communes without a shipped boundary) are circles,
            // styled like the polygons; imported boundaries replace them with no code change.
            pointToLayer: function (feature, latlng) {
                return L.circleMarker(latlng, {radius: feature.properties.radius || 9});
            },
            style: function (feature) {
                var fill = feature.properties.fill;
                var style = Object.assign({}, {{ this.base_style|tojson }}, {fillColor: fill});
                {%- if this.dash_fill %}
                if (fill === {{ this.dash_fill|tojson }}) { style.dashArray = "4 3"; }
                {%- endif %}
                // A feature may carry its own outline (e.g. a standard met or not met).
                var own = feature.properties.outline;
                if (own) { Object.assign(style, own); }
                return style;
            },
            onEachFeature: function (feature, layer) {
                {%- if this.tooltip_field %}
                var tip = feature.properties[{{ this.tooltip_field|tojson }}];
                if (tip) { layer.bindTooltip(tip, {sticky: true}); }
                {%- endif %}
                layer.on({
                    mouseover: function (e) { e.target.setStyle({{ this.highlight|tojson }}); },
                    mouseout: function (e) { {{ this.get_name() }}.resetStyle(e.target); }
                });
            }
        });
        function {{ this.get_name() }}_add(data) {
            {{ this.get_name() }}.addData(data);
        }
        {{ this.get_name() }}_add({{ this.data }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        data: str,
        bounds: Sequence[float],
        name: str,
        tooltip_field: str | None,
        style: Mapping[str, Any],
        highlight: Mapping[str, Any],
        dash_fill: str | None,
        show: bool,
        control: bool,
    ) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "GeoJson"  # var geo_json_<id>, like folium.GeoJson
        self.data = data
        self.tooltip_field = tooltip_field
        self.base_style = dict(style)
        self.highlight = dict(highlight)
        self.dash_fill = dash_fill
        self._bounds = [float(b) for b in bounds]

    def _get_self_bounds(self) -> list[list[float | None]]:
        minx, miny, maxx, maxy = self._bounds
        if any(math.isnan(b) for b in self._bounds):
            return [[None, None], [None, None]]
        return [[miny, minx], [maxy, maxx]]


def polygon_layer(
    gdf: gpd.GeoDataFrame,
    *,
    properties: Sequence[Mapping[str, Any]],
    name: str,
    tooltip_field: str | None = "tip",
    style: Mapping[str, Any] | None = None,
    highlight: Mapping[str, Any] | None = None,
    dash_fill: str | None = None,
    show: bool = True,
    control: bool = True,
) -> PolygonLayer:
    """Polygons with only `properties` (strings already escaped), coloured by `fill`."""
    data = _script_safe(feature_collection_json(gdf.geometry, properties))
    return PolygonLayer(
        data=data,
        bounds=gdf.total_bounds if len(gdf) else [math.nan] * 4,
        name=name,
        tooltip_field=tooltip_field,
        style=POLYGON_STYLE if style is None else style,
        highlight=POLYGON_HIGHLIGHT if highlight is None else highlight,
        dash_fill=dash_fill,
        show=show,
        control=control,
    )


@dataclass(frozen=True)
class KindStyle:
    """How one kind of point is labelled and drawn."""

    label: str
    colour: str  # "#rrggbb"
    symbol: str  # a short mark for legends and the layer switcher, e.g. "●"

    def __post_init__(self) -> None:
        if not _HEX_COLOUR.fullmatch(self.colour):
            raise ValueError(f"colour must be #rgb or #rrggbb, not {self.colour!r}")

    @property
    def shape(self) -> str:
        """The marker's shape on the map, the same as the symbol in the legend."""
        return SHAPES.get(self.symbol, "circle")


# Legend symbol -> the shape LcShapeMarker draws (SVG and canvas alike).
SHAPES = {"●": "circle", "★": "star", "■": "square", "▲": "triangle", "◆": "diamond"}

# A circle marker that draws its kind's shape, so markers match the legend's symbols.
SHAPE_MARKER_JS = """
if (!L.LcShapeMarker) {
    L.LcShapeMarker = L.CircleMarker.extend({
        options: {shape: "circle"},
        _corners: function () {
            var p = this._point, r = this._radius, s = this.options.shape, d = [], i, a, q;
            if (s === "square") { d = [[-r, -r], [r, -r], [r, r], [-r, r]]; }
            else if (s === "triangle") { d = [[0, -1.3 * r], [1.2 * r, r], [-1.2 * r, r]]; }
            else if (s === "diamond") {
                d = [[0, -1.35 * r], [1.2 * r, 0], [0, 1.35 * r], [-1.2 * r, 0]];
            }
            else if (s === "star") {
                for (i = 0; i < 10; i++) {
                    a = Math.PI / 5 * i - Math.PI / 2;
                    q = i % 2 ? 0.6 * r : 1.4 * r;
                    d.push([Math.cos(a) * q, Math.sin(a) * q]);
                }
            } else { return null; }
            return d.map(function (c) { return [p.x + c[0], p.y + c[1]]; });
        },
        _updateBounds: function () {
            var w = 1.4 * this._radius + this._clickTolerance() + (this.options.weight || 0);
            this._pxBounds = new L.Bounds(this._point.subtract([w, w]), this._point.add([w, w]));
        },
        _updatePath: function () {
            var pts = this._corners(), r = this._renderer;
            if (!pts) { return L.CircleMarker.prototype._updatePath.call(this); }
            if (r instanceof L.Canvas) {
                if (!r._drawing || this._empty()) { return; }
                var ctx = r._ctx;
                ctx.beginPath();
                pts.forEach(function (c, i) { ctx[i ? "lineTo" : "moveTo"](c[0], c[1]); });
                ctx.closePath();
                r._fillStroke(ctx, this);
            } else {
                r._setPath(this, pts.map(function (c, i) {
                    return (i ? "L" : "M") + c[0].toFixed(1) + " " + c[1].toFixed(1);
                }).join("") + "z");
            }
        }
    });
}
"""


class KindGroup(JSCSSMixin, Layer):
    """One kind's markers: a switchable layer (clustered with Leaflet.markercluster if asked)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- if this.cluster %}
        // Clustering needs a finite maxZoom, which a map without tiles does not have.
        if ({{ this.parent_map.get_name() }}.options.maxZoom === undefined) {
            {{ this.parent_map.get_name() }}.options.maxZoom = {{ this.max_zoom }};
        }
        var {{ this.get_name() }} = L.markerClusterGroup({
            chunkedLoading: true,
            showCoverageOnHover: false,
            maxClusterRadius: 50,
            iconCreateFunction: function (cluster) {
                // Clicking a cluster zooms in; it is not a feature to report to Streamlit.
                cluster.toGeoJSON = null;
                return L.divIcon({
                    html: {{ this.cluster_html|tojson }} + cluster.getChildCount() +
                        "</span></div>",
                    className: "marker-cluster",
                    iconSize: L.point(40, 40)
                });
            }
        });
        {%- else %}
        var {{ this.get_name() }} = L.featureGroup();
        {%- endif %}
        {% endmacro %}
        """
    )

    default_js = [("markerclusterjs", f"{_MARKERCLUSTER}/leaflet.markercluster.js")]
    default_css = [
        ("markerclustercss", f"{_MARKERCLUSTER}/MarkerCluster.css"),
        ("markerclusterdefaultcss", f"{_MARKERCLUSTER}/MarkerCluster.Default.css"),
    ]

    def __init__(self, *, kind: KindStyle, name: str, cluster: bool, show: bool) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PointKind"
        self.cluster = cluster
        self.cluster_html = (
            f'<div style="background:{kind.colour};color:#fff;font-weight:bold;'
            f'box-shadow:0 0 0 5px {kind.colour}66"><span>'
        )
        self.max_zoom = MAX_ZOOM
        self.parent_map: Element | None = None
        if not cluster:
            self.default_js = []
            self.default_css = []

    def render(self, **kwargs: Any) -> str:
        """Find the map (for its zoom limit), then render as a layer."""
        self.parent_map = get_obj_in_upper_tree(self, folium.Map)
        return super().render(**kwargs)


class PointLayer(MacroElement):
    """Points from one columnar payload, made into markers of their kind's group in the browser.

    Add it with `.add_to(map)`: that also adds one switchable layer per kind to the map, so
    folium.LayerControl lists each kind.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.shape_marker_js }}
        (function () {
            // Points get a pane above the polygons (400) and below cluster icons (600).
            var map = {{ this.parent_map.get_name() }};
            if (!map.getPane({{ this.pane|tojson }})) {
                map.createPane({{ this.pane|tojson }}).style.zIndex = 450;
            }
            var data = {{ this.payload }};
            var groups = [{{ this.group_names }}];
            var DIGIT = {};
            for (var d = 0; d < 64; d++) { DIGIT[{{ this.alphabet|tojson }}.charCodeAt(d)] = d; }
            function ints(p) {
                var w = p.w, s = p.s, n = s.length / w, out = new Array(n), i, j, v;
                for (i = 0; i < n; i++) {
                    v = 0;
                    for (j = 0; j < w; j++) { v = v * 64 + DIGIT[s.charCodeAt(i * w + j)]; }
                    out[i] = v + p.o;
                }
                return out;
            }
            function column(c) {
                if ("c" in c) { return function () { return c.c; }; }
                if ("t" in c) { var idx = ints(c.i); return function (i) { return c.t[idx[i]]; }; }
                if ("b" in c) {
                    var bits = ints(c.b);
                    return function (i) { return bits[i] === 1; };
                }
                return function (i) { return c.v[i]; };
            }
            function frontDecoded(c) {
                var keep = ints(c.p), out = new Array(c.s.length), prev = "";
                for (var i = 0; i < out.length; i++) {
                    prev = out[i] = prev.slice(0, keep[i]) + c.s[i];
                }
                return out;
            }
            function esc(s) {
                return String(s).replace(/[&<>"']/g, function (ch) {
                    return "&#" + ch.charCodeAt(0) + ";";
                });
            }
            var kinds = data.kinds, names = frontDecoded(data.name);
            var x = ints(data.x), y = ints(data.y), k = ints(data.k);
            var id = data.id ? ints(data.id) : null;
            var fields = data.fields.map(function (f) {
                return {label: f.label, value: column(f)};
            });
            var sample = data.sample ? column(data.sample) : null;
            function tooltip(i) {
                var kind = kinds[k[i]];
                var html = '<div style="font-size:15px;line-height:1.35"><b>' + esc(names[i]) +
                    '</b><br><span style="color:' + kind.colour + '">' + esc(kind.symbol) +
                    '</span> ' + esc(kind.label);
                fields.forEach(function (f) {
                    var v = f.value(i);
                    if (v !== "" && v !== null) {
                        html += "<br>" + (f.label ? esc(f.label) + ": " : "") + esc(v);
                    }
                });
                if (sample && sample(i)) {
                    html += '<br><span style={{ this.badge_style|tojson }}>' +
                        esc(data.badge) + "</span>";
                }
                return html + "</div>";
            }
            {%- if not this.cluster and this.canvas %}
            var renderer = L.canvas({padding: 0.5, pane: {{ this.pane|tojson }}});
            {%- endif %}
            var buckets = groups.map(function () { return []; });
            for (var i = 0; i < x.length; i++) {
                var kind = kinds[k[i]];
                var marker = new L.LcShapeMarker([y[i] / data.scale, x[i] / data.scale], {
                    shape: kind.shape,
                    radius: {{ this.radius }}, weight: 1.5, color: "#ffffff",
                    fillColor: kind.colour, fillOpacity: 0.9, pane: {{ this.pane|tojson }}
                    {%- if not this.cluster and this.canvas %}, renderer: renderer{% endif %}
                });
                marker._lcRow = i;
                var props = {kind: kind.key, name: names[i]};
                if (id) { props.id = id[i]; }
                marker.feature = {type: "Feature", properties: props};
                buckets[k[i]].push(marker);
            }
            groups.forEach(function (group, g) {
                group.bindTooltip(function (layer) { return tooltip(layer._lcRow); });
                {%- if this.cluster %}
                group.addLayers(buckets[g]);
                {%- else %}
                buckets[g].forEach(function (m) { group.addLayer(m); });
                {%- endif %}
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        payload: str,
        groups: Sequence[KindGroup],
        cluster: bool,
        canvas: bool,
        radius: float,
    ) -> None:
        super().__init__()
        self._name = "PointLayer"
        self.payload = payload
        self.groups = list(groups)
        self.cluster = cluster
        self.canvas = canvas
        self.radius = float(radius)
        self.alphabet = _B64
        self.badge_style = SAMPLE_BADGE_STYLE
        self.pane = POINT_PANE
        self.shape_marker_js = SHAPE_MARKER_JS
        self.parent_map: Element | None = None

    def render(self, **kwargs: Any) -> str:
        """Find the map (for the points' pane), then render."""
        self.parent_map = get_obj_in_upper_tree(self, folium.Map)
        return super().render(**kwargs)

    @property
    def group_names(self) -> str:
        """The kinds' layer variables, named when the script is rendered (st_folium renames)."""
        return ",".join(group.get_name() for group in self.groups)

    def add_to(self, parent: Element, name: str | None = None, index: int | None = None) -> Element:
        """Add the kinds' layers, then this element (which fills them), to `parent`."""
        for group in self.groups:
            parent.add_child(group)
        parent.add_child(self, name=name, index=index)
        return self


def pack_ints(values: Sequence[int] | np.ndarray) -> dict[str, Any]:
    """Integers as one fixed-width base-64 string: {"o": offset, "w": width, "s": digits}."""
    v = np.asarray(values, dtype=np.int64)
    if v.size == 0:
        return {"o": 0, "w": 1, "s": ""}
    lo = int(v.min())
    rest = v - lo
    width = 1
    while 64**width <= int(rest.max()):
        width += 1
    digits = np.empty((v.size, width), dtype=np.uint8)
    for j in range(width - 1, -1, -1):
        digits[:, j] = rest % 64
        rest //= 64
    return {"o": lo, "w": width, "s": _B64_BYTES[digits].tobytes().decode("ascii")}


def unpack_ints(packed: Mapping[str, Any]) -> list[int]:
    """The inverse of `pack_ints` (what the browser does)."""
    w, s = int(packed["w"]), str(packed["s"])
    out = []
    for i in range(0, len(s), w):
        v = 0
        for ch in s[i : i + w]:
            v = v * 64 + _B64.index(ch)
        out.append(v + int(packed["o"]))
    return out


def pack_strings(values: Sequence[str]) -> dict[str, Any]:
    """A string column: one constant, a lookup table and indices, or the values themselves."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), sort=False)
    table = [str(u) for u in uniques]
    if len(table) == 1:
        return {"c": table[0]}
    if len(table) * 2 <= len(values):
        return {"t": table, "i": pack_ints(codes)}
    return {"v": list(values)}


_PREFIX_SPAN = 255  # characters compared per name; longer shared prefixes are not worth more


def front_code(values: Sequence[str]) -> dict[str, Any]:
    """Each string as (UTF-16 units kept from the previous one, the rest).

    Numbered or sorted names share long prefixes ("Trung tâm học tập cộng đồng xã …"), so this
    roughly halves them; the browser rebuilds each name from the one before it.
    """
    texts = list(values)
    if not texts:
        return {"p": pack_ints([]), "s": []}
    clipped = np.array([t[:_PREFIX_SPAN] for t in texts], dtype=str)  # at least '<U1'
    chars = clipped.view(np.uint32).reshape(len(texts), -1)
    width = chars.shape[1]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    differs = chars[1:] != chars[:-1]
    shared = np.where(differs.any(axis=1), differs.argmax(axis=1), width)
    # NumPy pads with NUL, so a name ending in NUL could look shared: never keep past its end.
    keep = np.minimum(np.concatenate([[0], shared]), np.minimum(lengths, _PREFIX_SPAN))
    keep = np.minimum(keep, np.concatenate([[0], lengths[:-1]]))
    rest = [t[k:] for t, k in zip(texts, keep.tolist(), strict=True)]
    astral = chars > 0xFFFF  # JavaScript counts these as two UTF-16 units
    if astral.any():
        before = np.concatenate([np.zeros((len(texts), 1), np.int64), astral.cumsum(axis=1)], 1)
        keep = keep + before[np.arange(len(texts)), keep]
    return {"p": pack_ints(keep), "s": rest}


def front_decode(packed: Mapping[str, Any]) -> list[str]:
    """The inverse of `front_code` (for names within U+FFFF, as Python counts characters)."""
    out, prev = [], ""
    for keep, rest in zip(unpack_ints(packed["p"]), packed["s"], strict=True):
        prev = prev[:keep] + rest
        out.append(prev)
    return out


def _text(series: pd.Series) -> list[str]:
    """Strings for the browser: missing values become ""."""
    return [str(v) for v in series.astype(object).where(series.notna(), "").tolist()]


def point_payload(
    points: pd.DataFrame,
    *,
    kinds: Mapping[str, KindStyle],
    fields: Sequence[tuple[str, str]] = (),
    sample_column: str = "is_sample",
    sample_badge: str | None = None,
) -> dict[str, Any]:
    """The columnar payload `point_layer` sends (unlocated rows and other kinds left out)."""
    keys = list(kinds)
    rows = points[points["kind"].isin(keys) & points["lon"].notna() & points["lat"].notna()]
    scale = 10**POINT_DECIMALS
    payload: dict[str, Any] = {
        "scale": scale,
        "kinds": [
            {"key": key, "label": s.label, "colour": s.colour, "symbol": s.symbol, "shape": s.shape}
            for key, s in kinds.items()
        ],
        "x": pack_ints(np.round(rows["lon"].to_numpy(dtype=float) * scale)),
        "y": pack_ints(np.round(rows["lat"].to_numpy(dtype=float) * scale)),
        "k": pack_ints(rows["kind"].map({key: i for i, key in enumerate(keys)}).to_numpy()),
        "name": front_code(_text(rows["name"])),
        "fields": [
            {"label": label, **pack_strings(_text(rows[column]))} for column, label in fields
        ],
        "sample": None,
        "badge": sample_badge or "",
    }
    if "id" in rows.columns and rows["id"].notna().all():
        payload["id"] = pack_ints(rows["id"].to_numpy(dtype=np.int64))
    if sample_badge and sample_column in rows.columns:
        flags = rows[sample_column].fillna(False).astype(bool).to_numpy()
        if flags.all() or not flags.any():
            payload["sample"] = {"c": bool(flags.all())}
        else:
            payload["sample"] = {"b": pack_ints(flags.astype(np.int64))}
    return payload


def kind_counts(points: pd.DataFrame, kinds: Mapping[str, KindStyle]) -> dict[str, int]:
    """How many located points of each kind a point layer draws."""
    located = points[points["lon"].notna() & points["lat"].notna()]
    counts = located["kind"].value_counts()
    return {key: int(counts.get(key, 0)) for key in kinds}


def point_layer(
    points: pd.DataFrame,
    *,
    kinds: Mapping[str, KindStyle],
    name: str,
    cluster: bool,
    fields: Sequence[tuple[str, str]] = (),
    sample_column: str = "is_sample",
    sample_badge: str | None = None,
    show: bool = True,
    radius: float = 6,
    canvas: bool | None = None,
    lang: str = "vi",
) -> PointLayer:
    """Points (lon, lat, kind, name, optional `id` and `fields` columns) drawn in the browser.

    `fields` are (column, label) pairs shown in tooltips after the name and kind; a row whose
    `sample_column` is true gets the `sample_badge`. Every string is escaped in the browser.
    Each kind is its own switchable layer named "`name`: symbol label (count)". Unclustered
    points are drawn on a canvas when there are many (`canvas=None`: over 2,000).
    """
    counts = kind_counts(points, kinds)
    payload = point_payload(
        points, kinds=kinds, fields=fields, sample_column=sample_column, sample_badge=sample_badge
    )
    prefix = f"{escape(name)}: " if name else ""
    groups = [
        KindGroup(
            kind=style,
            name=(
                f'{prefix}<span style="color:{style.colour}">{escape(style.symbol)}</span> '
                f"{escape(style.label)} ({format_number(counts[key], lang)})"
            ),
            cluster=cluster,
            show=show,
        )
        for key, style in kinds.items()
    ]
    return PointLayer(
        payload=script_json(payload),
        groups=groups,
        cluster=cluster,
        canvas=sum(counts.values()) > 2000 if canvas is None else canvas,
        radius=radius,
    )


def kind_legend_html(
    kinds: Mapping[str, KindStyle],
    counts: Mapping[str, int],
    *,
    title: str = "",
    lang: str = "vi",
) -> str:
    """Legend rows: the kind's coloured symbol, its label and count, all escaped."""
    rows = [f"<div style='font-weight:bold'>{escape(title)}</div>"] if title else []
    for key, style in kinds.items():
        rows.append(
            f'<div><span style="color:{style.colour};font-size:16px;display:inline-block;'
            f'width:20px;text-align:center">{escape(style.symbol)}</span>'
            f"{escape(style.label)} ({format_number(counts.get(key, 0), lang)})</div>"
        )
    return (
        '<div style="background:rgba(255,255,255,0.92);padding:8px 10px;border-radius:4px;'
        'font-size:14px;box-shadow:0 0 4px rgba(0,0,0,.3)">' + "".join(rows) + "</div>"
    )


def fit_to(m: folium.Map, gdf: gpd.GeoDataFrame) -> folium.Map:
    """Fit the map's view to a layer's extent."""
    minx, miny, maxx, maxy = gdf.total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m
