"""Maps that change in place: the base map is rendered once, later changes only restyle it.

streamlit-folium mounts a map component keyed by a hash of the map's script. A base map that
does not depend on the indicator, period, classes or selection keeps that key, so the browser
keeps its Leaflet map; each change is sent as a small script (streamlit-folium's
`feature_group` argument, evaluated in the map's frame) that restyles the shapes already drawn,
rebinds their tooltips and rewrites the legend. The rendered base is plain data, so it can be
cached across reruns and sessions.

The base's script (the geometry, ~190 kB for Sơn La's districts) is not sent with every rerun:
it is served once as a script file (Streamlit's media files, named by its content hash) that the
map frame loads with Leaflet, and the component's own script only runs it. A rerun then sends
the restyle and a few hundred bytes of map arguments instead of the whole base again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
import streamlit_folium as sf

from dashboard.maps.layers import script_json


@dataclass(frozen=True)
class RenderedMap:
    """What the map component needs of a base map, rendered once (picklable)."""

    script: str
    html: str
    header: str
    map_id: str
    bounds: list[list[float | None]]
    css_links: list[str] = field(default_factory=list)
    js_links: list[str] = field(default_factory=list)
    digest: str = ""  # content hash of `script`
    identity: str = ""  # streamlit-folium's hash of `script` (random element ids left out)
    script_file: bytes = b""  # `script` as a file that hands it to the map frame, to run later

    @property
    def loader(self) -> str:
        """What the component runs in place of `script` when the script file is linked."""
        return f"(0, eval)(window.lcBase_{self.digest});"


def render_base(m: folium.Map) -> RenderedMap:
    """Render a folium map the way st_folium does, without any dynamic layer."""
    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    css: list[str] = []
    js: list[str] = []
    for element in sf_walk(m):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    try:
        bounds = m.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    digest = hashlib.sha256(script.encode()).hexdigest()[:24]
    return RenderedMap(
        script=script,
        html=html,
        header=header,
        map_id=sf.get_full_id(m),
        bounds=bounds,
        css_links=list(dict.fromkeys(css)),
        js_links=list(dict.fromkeys(js)),
        digest=digest,
        identity=sf.generate_js_hash(script, None, False),
        script_file=f"window.lcBase_{digest} = {json.dumps(script)};".encode(),
    )


def sf_walk(element: Any) -> Any:
    """Every element of a map (for the JS/CSS links they declare)."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from sf_walk(child)


@dataclass(frozen=True)
class UnitStyle:
    """How one unit is drawn now: its class colour, an optional outline and its tooltip."""

    fill: str
    tip: str
    outline: Mapping[str, Any] | None = None


SELECT_NOW_JS = """
(function (level) {
    // streamlit-folium reports a click after a 250 ms debounce; a unit's click is reported at
    // once, with the very value the debounced report computes (so that one is not sent again).
    function selectNow(event) {
        var g = window.__GLOBAL_DATA__;
        var only = g && g.returned_objects && g.returned_objects.join(",");
        if (only !== "last_active_drawing" || !window.Streamlit) { return; }
        var value = {last_active_drawing: event.target.toGeoJSON()};
        if (JSON.stringify(g.previous_data) === JSON.stringify(value)) { return; }
        g.last_active_drawing = value.last_active_drawing;
        g.previous_data = value;
        window.Streamlit.setComponentValue(value);
    }
    map_div.eachLayer(function (group) {
        if (!(group instanceof L.GeoJSON)) { return; }
        group.eachLayer(function (layer) {
            var p = layer.feature && layer.feature.properties;
            if (!p || p.level !== level || layer._lcSelectNow) { return; }
            layer._lcSelectNow = true;
            layer.on("click", selectNow);
        });
    });
    window.feature_group = [];
})(%s);
"""

RESTYLE_JS = """
(function (u) {
    map_div.eachLayer(function (group) {
        if (!(group instanceof L.GeoJSON)) { return; }
        group.eachLayer(function (layer) {
            var p = layer.feature && layer.feature.properties;
            if (!p || p.level !== u.level) { return; }
            var s = u.units[p.code] || u.missing;
            p.fill = s.fill;
            p.outline = s.outline || null;
            group.resetStyle(layer);
            layer.unbindTooltip();
            if (s.tip) { layer.bindTooltip(s.tip, {sticky: true}); }
        });
    });
    var legend = document.querySelector(".lc-legend");
    if (legend) { legend.innerHTML = u.legend; }
    window.feature_group = [];
})(%s);
"""


def select_now_script(level: str) -> str:
    """The script that makes a click on a unit of `level` count at once (see SELECT_NOW_JS)."""
    return SELECT_NOW_JS % script_json(level)


def restyle_script(
    *, level: str, units: Mapping[str, UnitStyle], missing: UnitStyle, legend: str
) -> str:
    """The script that restyles a base map's units (strings already escaped for HTML)."""

    def plain(style: UnitStyle) -> dict[str, Any]:
        out: dict[str, Any] = {"fill": style.fill, "tip": style.tip}
        if style.outline:
            out["outline"] = dict(style.outline)
        return out

    payload = {
        "level": level,
        "units": {code: plain(s) for code, s in units.items()},
        "missing": plain(missing),
        "legend": legend,
    }
    return select_now_script(level) + RESTYLE_JS % script_json(payload)


def show_map(
    base: RenderedMap,
    *,
    key: str,
    restyle: str | None = None,
    height: int = 560,
    returned_objects: Sequence[str] = (),
    on_change: Callable[[], None] | None = None,
) -> Any:
    """Mount `base` (kept in the browser while it is unchanged) and apply `restyle` to it."""
    import streamlit as st

    script, js_links = base.script, base.js_links
    if (url := script_file_url(base, key)) is not None:
        script, js_links = base.loader, [*base.js_links, url]
    # The component's key follows the base (not the loader, whose digest streamlit-folium's
    # hash would strip as a random id): a new base mounts a new map, restyles keep it.
    hash_key = hashlib.sha256(f"{base.identity}{key}".encode()).hexdigest()

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    defaults = {
        "last_active_drawing": None,
        "bounds": {
            "_southWest": {"lat": base.bounds[0][0], "lng": base.bounds[0][1]},
            "_northEast": {"lat": base.bounds[1][0], "lng": base.bounds[1][1]},
        },
    }
    return sf._component_func(
        script=script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default={k: v for k, v in defaults.items() if k in returned_objects},
        zoom=None,
        center=None,
        feature_group=restyle,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=base.css_links,
        js_links=js_links,
        on_change=changed,
        wrap_longitude=False,
    )


def script_file_url(base: RenderedMap, key: str) -> str | None:
    """The URL the map frame loads `base.script_file` from (a Streamlit media file of this
    session, named by its content: the same for every session), or None outside a server."""
    from streamlit import runtime

    if not runtime.exists():
        return None
    manager = runtime.get_instance().media_file_mgr
    return str(manager.add(base.script_file, "application/javascript", f"lc-map-base-{key}"))
