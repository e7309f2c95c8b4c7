"""National-scale layers as the browser receives them: sizes, features, escaping, st_folium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit_folium import _get_map_string

import bench
import geo
from dashboard import assets
from dashboard.maps import layers
from dashboard.maps.layers import KindStyle

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


KINDS = {
    "community_learning_centre": KindStyle("Trung tâm học tập cộng đồng", "#CC79A7", "●"),
    "school": KindStyle("Trường học", "#0072B2", "■"),
}


@pytest.fixture(scope="module")
def national() -> gpd.GeoDataFrame:
    return bench.read(bench.national_path())


@pytest.fixture(scope="module")
def national_prepared(national: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return bench.prepared(national)


@pytest.fixture(scope="module")
def son_la() -> gpd.GeoDataFrame:
    return bench.read(bench.SON_LA_DISTRICTS)


@pytest.fixture(scope="module")
def many_points(national: gpd.GeoDataFrame) -> pd.DataFrame:
    return bench.synthetic_points(national)


def render(*elements: Any, control: bool = False) -> str:
    m = folium.Map(tiles=None)
    for element in elements:
        element.add_to(m)
    if control:
        folium.LayerControl().add_to(m)
    return str(assets.localise(m).get_root().render())


def geojson_blob(html: str) -> str:
    (blob,) = re.findall(r"geo_json_\w+_add\((\{.*?\})\);\n", html, re.S)
    return blob


def point_payload_of(html: str) -> dict[str, Any]:
    return json.loads(re.search(r"var data = (\{.*?\});\n", html).group(1))


def points_frame(names: list[str], **extra: list[Any]) -> pd.DataFrame:
    n = len(names)
    return pd.DataFrame(
        {
            "id": range(1, n + 1),
            "lon": [104.0 + i / 100 for i in range(n)],
            "lat": [21.0 + i / 100 for i in range(n)],
            "kind": ["community_learning_centre", "school"] * (n // 2) + ["school"] * (n % 2),
            "name": names,
            "commune": extra.get("commune", ["Chiềng An"] * n),
            "district": extra.get("district", ["Sơn La"] * n),
            "location_precision": extra.get("location_precision", ["gần đúng"] * n),
            "source_title": extra.get("source_title", ["Cục Thống kê"] * n),
            "is_sample": extra.get("is_sample", [False] * n),
        }
    )


@pytest.mark.parametrize(
    ("bounds", "tolerance"),
    [
        ((102.14, 7.89, 115.84, 23.39), 0.01),  # Vietnam
        ((103.21, 20.57, 105.02, 22.03), 0.001),  # Sơn La
        ((103.85, 21.25, 103.98, 21.45), 0.0001),  # one city
        ((104.0, 21.0, 104.0, 21.0), geo.MIN_TOLERANCE_DEG),  # a point
    ],
)
def test_tolerance_follows_the_extent(bounds: tuple[float, ...], tolerance: float) -> None:
    assert geo.tolerance_for(bounds) == pytest.approx(tolerance)


@pytest.mark.parametrize(("tolerance", "decimals"), [(0.01, 3), (0.001, 4), (0.0001, 5), (0, 7)])
def test_decimals_keep_rounding_under_half_the_tolerance(tolerance: float, decimals: int) -> None:
    assert geo.decimals_for(tolerance) == decimals
    if tolerance:
        assert 10**-decimals <= tolerance / 2


def test_every_national_district_is_sent_and_under_one_megabyte(national, national_prepared):
    assert len(national) == 692
    assert list(national_prepared["gso_code"]) == list(national["gso_code"])
    layer = layers.polygon_layer(
        national_prepared, properties=bench.district_properties(national_prepared), name="Huyện"
    )
    html = render(layer)
    features = json.loads(geojson_blob(html))["features"]
    assert len(features) == 692
    assert sum(f["properties"]["level"] == "district" for f in features) == 692
    assert len(html.encode()) <= 1_000_000, len(html.encode())


def test_province_extent_keeps_shared_edges(son_la) -> None:
    out = bench.prepared(son_la)
    assert len(out) == 12
    assert shapely.coverage_is_valid(out.geometry.values)
    xy = shapely.get_coordinates(out.geometry.values)
    assert (abs(xy * 10**4 - (xy * 10**4).round()) < 1e-6).all()  # 4 decimals at 0.001 deg


def test_polygons_send_only_the_given_properties_compactly(son_la) -> None:
    son_la = bench.prepared(son_la)
    props = [
        {"code": c, "level": "district", "fill": "#fc8d59", "tip": "x"} for c in son_la.gso_code
    ]
    blob = geojson_blob(render(layers.polygon_layer(son_la, properties=props, name="Huyện")))
    data = json.loads(blob)
    assert [f["properties"] for f in data["features"]] == props
    assert "name_ascii" not in blob and "unit_type" not in blob
    assert len(blob) == len(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def test_one_style_function_not_a_style_map_per_feature(son_la) -> None:
    son_la = bench.prepared(son_la)
    props = [
        {"code": c, "level": "district", "fill": "#cccccc" if i else "#b30000", "tip": "x"}
        for i, c in enumerate(son_la.gso_code)
    ]
    html = render(layers.polygon_layer(son_la, properties=props, name="Huyện", dash_fill="#cccccc"))
    assert "switch(" not in html and "_styler" not in html
    assert html.count("feature.properties.fill") == 1
    assert 'dashArray = "4 3"' in html
    assert "bindTooltip(tip, {sticky: true})" in html
    assert "resetStyle(e.target)" in html  # highlight on hover, undone on leaving


def test_raw_markup_in_polygon_properties_never_reaches_the_page_raw(son_la) -> None:
    son_la = bench.prepared(son_la)
    props = [
        {"code": c, "level": "district", "fill": "#fff", "tip": HOSTILE} for c in son_la.gso_code
    ]
    html = render(layers.polygon_layer(son_la, properties=props, name="Huyện"))
    assert HOSTILE not in html and "<script>alert" not in html and "<img src=x" not in html
    assert json.loads(geojson_blob(html))["features"][0]["properties"]["tip"] == HOSTILE


def test_fifty_thousand_named_points_fit_in_two_and_a_half_megabytes(many_points) -> None:
    layer = layers.point_layer(
        many_points,
        kinds=bench.KINDS,
        name="",
        cluster=True,
        fields=bench.FIELDS,
        sample_badge=bench.SAMPLE_BADGE,
    )
    html = render(layer, control=True)
    assert len(html.encode()) <= 2_500_000, len(html.encode())
    assert html.count("new L.LcShapeMarker(") == 1  # made in a loop in the browser
    payload = point_payload_of(html)
    names = layers.front_decode(payload["name"])
    assert names == many_points["name"].tolist()
    assert len(layers.unpack_ints(payload["x"])) == 50_000
    lon = [v / payload["scale"] for v in layers.unpack_ints(payload["x"])[:100]]
    assert lon == pytest.approx(many_points["lon"].round(5).tolist()[:100], abs=1e-9)
    assert layers.unpack_ints(payload["id"]) == many_points["id"].tolist()


def test_repeated_strings_travel_once(many_points) -> None:
    payload = layers.point_payload(
        many_points.head(1000), kinds=bench.KINDS, fields=bench.FIELDS, sample_badge="MẪU"
    )
    commune, district, precision, source = payload["fields"]
    assert precision == {"label": "Vị trí", "c": "ngẫu nhiên (mẫu minh hoạ)"}
    assert set(commune) == {"label", "t", "i"} and len(commune["t"]) < 30
    assert source["c"] == "Số liệu minh hoạ (mẫu)"
    assert district["label"] == "Huyện"
    assert "b" in payload["sample"]  # mixed sample flags: one character per point
    kinds = [k["key"] for k in payload["kinds"]]
    decoded = [kinds[i] for i in layers.unpack_ints(payload["k"])]
    assert decoded == many_points.head(1000)["kind"].tolist()


def test_point_names_are_only_json_escaped_in_the_page() -> None:
    points = points_frame(["TTHTCĐ Tô Hiệu", HOSTILE], source_title=["a", "<b>b</b>"])
    html = render(layers.point_layer(points, kinds=KINDS, name="", cluster=False, fields=[]))
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>b</b>" not in html
    assert "\\u003cscript\\u003e" in html
    assert layers.front_decode(point_payload_of(html)["name"])[1] == HOSTILE
    assert "function esc(s)" in html


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_tooltips_escape_every_string_in_the_browser_code() -> None:
    """Run the layer's own script in node with a stand-in Leaflet and read two tooltips."""
    points = points_frame(
        [HOSTILE, "Điểm học tập 😀 số 2"],
        commune=[HOSTILE, "Chiềng Cơi"],
        source_title=["<b>nguồn</b>", "Cục Thống kê"],
        is_sample=[True, False],
    )
    hostile_kinds = {
        "community_learning_centre": KindStyle("<i>CLC</i>", "#CC79A7", "<"),
        "school": KindStyle("Trường học", "#0072B2", "■"),
    }
    layer = layers.point_layer(
        points,
        kinds=hostile_kinds,
        name="",
        cluster=True,
        sample_badge="<MẪU>",
        fields=[("commune", "<Xã>"), ("source_title", "Nguồn")],
    )
    m = folium.Map(tiles=None)
    layer.add_to(m)
    m.get_root().render()
    script = layer._template.module.script(layer)
    groups = ", ".join(g.get_name() for g in layer.groups)
    harness = f"""
        const tips = [], markers = [];
        const L = {{
            CircleMarker: {{
                extend: () => function (latlng, options) {{
                    this.latlng = latlng;
                    this.options = options;
                }},
            }},
            canvas: () => ({{}}),
        }};
        function group() {{
            return {{
                bindTooltip(fn) {{ this.fn = fn; }},
                addLayers(list) {{
                    list.forEach((mk) => {{ markers.push(mk); tips.push(this.fn(mk)); }});
                }},
            }};
        }}
        var {m.get_name()} = {{ getPane: () => true }};
        var {groups.replace(", ", " = group(), ")} = group();
        {script}
        console.log(JSON.stringify({{tips, props: markers.map((mk) => mk.feature.properties)}}));
    """
    out = subprocess.run(["node", "-e", harness], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    hostile_tip, plain_tip = result["tips"]
    assert "<script>" not in hostile_tip and "<img" not in hostile_tip and "<i>" not in hostile_tip
    assert "&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;" in hostile_tip
    assert "&#60;b&#62;nguồn&#60;/b&#62;" in hostile_tip
    assert "&#60;Xã&#62;: " in hostile_tip
    assert "&#60;MẪU&#62;</span>" in hostile_tip  # the sample badge, shown as text
    assert "&#60;i&#62;CLC&#60;/i&#62;" in hostile_tip
    assert "<b>Điểm học tập 😀 số 2</b>" in plain_tip and "MẪU" not in plain_tip
    assert result["props"][0] == {"kind": "community_learning_centre", "name": HOSTILE, "id": 1}


def test_each_kind_is_a_switchable_layer_with_its_count() -> None:
    points = points_frame([f"Điểm {i}" for i in range(5)])
    kinds = {**KINDS, "library": KindStyle("Thư <viện>", "#009E73", "▲")}
    html = render(layers.point_layer(points, kinds=kinds, name="Cơ sở", cluster=True), control=True)
    overlays = re.search(r"overlays\s*:\s*\{(.*?)\}", html, re.S).group(1)
    names = [json.loads(n) for n in re.findall(r'("(?:[^"\\]|\\.)*")\s*:\s*point_kind_', overlays)]
    assert names == [
        'Cơ sở: <span style="color:#CC79A7">●</span> Trung tâm học tập cộng đồng (2)',
        'Cơ sở: <span style="color:#0072B2">■</span> Trường học (3)',
        'Cơ sở: <span style="color:#009E73">▲</span> Thư &lt;viện&gt; (0)',  # shown as text
    ]


def test_clustering_uses_the_local_markercluster_files() -> None:
    points = points_frame(["a", "b"])
    clustered = render(layers.point_layer(points, kinds=KINDS, name="", cluster=True))
    for path in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        assert f'/app/static/vendor/markercluster/{path}"' in clustered
    assert "cdnjs" not in clustered and "L.markerClusterGroup(" in clustered
    plain = render(layers.point_layer(points, kinds=KINDS, name="", cluster=False))
    assert "markercluster" not in plain and "L.featureGroup()" in plain


def test_many_unclustered_points_are_drawn_on_a_canvas(many_points) -> None:
    few = render(layers.point_layer(points_frame(["a"]), kinds=KINDS, name="", cluster=False))
    assert "L.canvas(" not in few
    many = many_points.head(3000).assign(kind="school")
    html = render(layers.point_layer(many, kinds=KINDS, name="", cluster=False))
    assert "L.canvas(" in html


def test_unlocated_rows_and_unknown_kinds_are_left_out() -> None:
    points = points_frame(["a", "b", "c", "d"])
    points.loc[0, "lon"] = None
    points.loc[1, "kind"] = "museum"
    payload = layers.point_payload(points, kinds=KINDS)
    assert layers.front_decode(payload["name"]) == ["c", "d"]


def test_layers_survive_streamlit_folium_renaming(son_la) -> None:
    """st_folium re-renders each element's script and renames the map `map_div`."""
    son_la = bench.prepared(son_la)
    points = points_frame(["a", "b", "c"])
    m = bench.our_map(districts=son_la, points=points, cluster=True)
    m.get_root().render()
    script = _get_map_string(m)
    groups = re.findall(r"var (point_kind_\w+) = L\.markerClusterGroup", script)
    assert len(groups) == len(bench.KINDS)
    filled = re.search(r"var groups = \[(.*?)\];", script).group(1).split(",")
    assert filled == groups  # the point payload fills the renamed groups
    assert "var map = map_div;" in script and "map_div.options.maxZoom" in script
    assert re.search(r"var geo_json_div_\d+ = L\.geoJson\(null", script)
    layer_control = re.search(r"overlays\s*:\s*\{(.*?)\}", script, re.S).group(1)
    assert all(g in layer_control for g in groups)


def test_bad_colours_are_refused() -> None:
    with pytest.raises(ValueError, match="colour"):
        KindStyle("x", "red;background:url(x)", "●")


def test_kind_legend_escapes_labels() -> None:
    html = layers.kind_legend_html(
        {"a": KindStyle("<b>A</b>", "#000000", "<")}, {"a": 1234}, title="Cơ <sở>"
    )
    assert "<b>A</b>" not in html and "&lt;b&gt;A&lt;/b&gt; (1.234)" in html
    assert "Cơ &lt;sở&gt;" in html


@pytest.mark.parametrize(
    "values", [[0], [5, 5, 5], [-3, 0, 64, 4095, 4096], list(range(0, 300_000, 7919)), []]
)
def test_packed_integers_round_trip(values: list[int]) -> None:
    assert layers.unpack_ints(layers.pack_ints(values)) == values


@pytest.mark.parametrize(
    "names",
    [
        ["Trung tâm học tập cộng đồng xã Chiềng An", "Trung tâm học tập cộng đồng xã Chiềng Cơi"],
        ["a", "a", "", "ab", "b"],
        ["Điểm học tập số 9", "Điểm học tập số 10", "Điểm học tập số 100"],
        ["x" * 400, "x" * 400 + "y"],
        [],
    ],
)
def test_front_coded_names_round_trip(names: list[str]) -> None:
    assert layers.front_decode(layers.front_code(names)) == names


def test_a_kind_style_knows_its_shape() -> None:
    assert layers.KindStyle("x", "#000000", "★").shape == "star"
    assert layers.KindStyle("x", "#000000", "?").shape == "circle"
