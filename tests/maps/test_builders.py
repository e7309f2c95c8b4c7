"""Map HTML as a browser receives it: features, legend, escaping, and no CDN."""

from __future__ import annotations

import json
import re
from html import unescape

import folium
import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard import assets, maps
from dashboard.data import queries
from dashboard.domain import classify
from dashboard.domain import facilities as fac
from dashboard.domain.learning_city import successors
from dashboard.domain.units import CITY_CODE
from dashboard.maps import IndicatorLabel, layers

HOSTILE = ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>"]


LABEL = IndicatorLabel("Tỷ lệ biết chữ mức độ 2, độ tuổi 15–60", "percent")


@pytest.fixture
def districts(seeded_engine: Engine) -> pd.DataFrame:
    return queries.unit_values(
        engine=seeded_engine,
        indicator_code="literacy_rate_level2_age15_60",
        period="2024-2025",
        level="district",
        vintage="pre_2025",
    )


def build(seeded_engine: Engine, districts: pd.DataFrame, **kw) -> str:
    m = maps.unit_choropleth(
        values=districts,
        geometry=queries.display_geometry(
            engine=seeded_engine, level="district", vintage="pre_2025"
        ),
        outline=queries.province_outline(engine=seeded_engine),
        classes=classify.classify(districts["value"]),
        label=LABEL,
        lang=kw.pop("lang", "vi"),
        centres=queries.facilities(engine=seeded_engine, kinds=["community_learning_centre"]),
        **kw,
    )
    return maps.to_html(m)


def geojson_layers(html: str) -> list[dict]:
    """The GeoJSON objects the page hands to Leaflet."""
    return [
        json.loads(blob) for blob in re.findall(r"geo_json_\w+_add\((\{.*?\})\);\n", html, re.S)
    ]


def legend_of(html: str) -> str:
    return json.loads(re.search(r"div\.innerHTML = (\".*?\");", html).group(1))


def features(html: str, **match: str) -> list[dict]:
    return [
        f
        for layer in geojson_layers(html)
        for f in layer["features"]
        if all(f["properties"].get(k) == v for k, v in match.items())
    ]


def overlays(html: str) -> list[str]:
    """The names the layer switcher lists."""
    block = re.search(r"overlays :  \{(.*?)\},", html, re.S).group(1)
    return [json.loads(name) for name in re.findall(r'^\s*(".*?") :', block, re.M)]


def point_payloads(html: str) -> list[dict]:
    """The columnar payloads the point layers hand to the browser."""
    return [json.loads(p) for p in re.findall(r"var data = (\{.*?\});\n", html, re.S)]


def test_twelve_districts_and_75_centres(seeded_engine, districts) -> None:
    html = build(seeded_engine, districts)
    assert len(features(html, level="district")) == 12
    (payload,) = point_payloads(html)
    assert [k["key"] for k in payload["kinds"]] == ["community_learning_centre"]
    assert len(layers.unpack_ints(payload["x"])) == 75
    assert any(name.endswith("Trung tâm học tập cộng đồng (75)") for name in overlays(html))


def test_no_cdn_and_no_tiles_by_default(seeded_engine, districts) -> None:
    html = build(seeded_engine, districts)
    linked = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert linked and all(url.startswith("/app/static/vendor/") for url in linked)
    assert not re.search(r"https?://[^\"']*(cdn|jsdelivr|cloudflare|bootstrapcdn|jquery)", html)
    assert "tile.openstreetmap.org" not in html


def test_maps_load_leaflet_only_unless_they_draw_icon_markers(seeded_engine, districts) -> None:
    """jQuery, Bootstrap, Font Awesome and Awesome Markers serve only folium.Icon markers: a
    first visit to a choropleth does not download them (about 110 kB gzipped)."""
    linked = re.findall(r'(?:src|href)="([^"]+)"', build(seeded_engine, districts))
    assert sorted(u.rsplit("/", 1)[-1] for u in linked) == ["leaflet.css", "leaflet.js"]
    with_icon = folium.Map(tiles=None)
    folium.Marker([21.3, 103.9], icon=folium.Icon(icon="info-sign")).add_to(with_icon)
    html = assets.localise(with_icon).get_root().render()
    assert "/app/static/vendor/awesome-markers/leaflet.awesome-markers.js" in html
    assert "/app/static/vendor/jquery/jquery.min.js" in html


def test_osm_tiles_only_when_asked(seeded_engine, districts) -> None:
    assert "tile.openstreetmap.org" in build(seeded_engine, districts, tiles=True)


def test_legend_shows_classes_with_unit(seeded_engine, districts) -> None:
    html = build(seeded_engine, districts)
    legend = legend_of(html)
    assert "Tỷ lệ biết chữ mức độ 2, độ tuổi 15–60 (%)" in legend
    assert legend.count("background:#") >= 2  # class swatches
    assert "Không có số liệu" not in legend  # every district has a (sample) value


def test_tooltips_carry_value_period_source_and_sample_mark(seeded_engine, districts) -> None:
    html = build(seeded_engine, districts)
    tip = next(f for f in features(html, code="124"))["properties"]["tip"]
    assert "Yên Châu" in tip
    assert "2024-2025" in tip
    assert "MẪU MINH HOẠ" in tip
    assert "Số liệu minh hoạ (mẫu)" in tip
    value = districts.set_index("gso_code").loc["124", "value"]
    assert f"{value:.2f}".replace(".", ",").rstrip("0").rstrip(",") in tip


def test_english_labels(seeded_engine, districts) -> None:
    html = build(seeded_engine, districts, lang="en")
    assert "ILLUSTRATIVE SAMPLE" in features(html, code="116")[0]["properties"]["tip"]
    assert any(name.endswith("Community learning centre (75)") for name in overlays(html))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_html_in_names_is_shown_as_text(seeded_engine, districts, hostile: str) -> None:
    districts = districts.copy()
    districts.loc[0, "name"] = hostile
    districts.loc[1, "source_title"] = hostile
    html = build(seeded_engine, districts)
    assert hostile not in html
    tips = [f["properties"]["tip"] for f in features(html, level="district")]
    assert any("&lt;" in t and ("&lt;script&gt;" in t or "&lt;img" in t) for t in tips)


def test_no_data_is_distinct_from_zero(seeded_engine, districts) -> None:
    districts = districts.copy()
    districts["value"] = districts["value"].astype(float)
    districts.loc[districts["gso_code"] == "116", "value"] = 0.0
    districts.loc[districts["gso_code"] == "118", "value"] = np.nan
    html = build(seeded_engine, districts)
    fill = {
        f["properties"]["code"]: f["properties"]["fill"] for f in features(html, level="district")
    }
    assert fill["118"] == classify.NO_DATA_COLOUR
    assert fill["116"] != classify.NO_DATA_COLOUR
    assert "Không có số liệu" in next(iter(features(html, code="118")))["properties"]["tip"]
    assert "Không có số liệu" in legend_of(html)


def test_an_unknown_cdn_asset_is_refused() -> None:
    m = folium.Map(tiles=None)
    m.default_js = [*m.default_js, ("d3", "https://d3js.org/d3.v4.min.js")]
    with pytest.raises(assets.UnknownAssetError, match="d3.v4.min.js"):
        assets.localise(m)


def test_installed_leaflet_focuses_a_clicked_map_without_scrolling(tmp_path) -> None:
    """Leaflet focuses a map on mouse-down (for the arrow keys); the installed copy does it
    with preventScroll, so a first click on a map low on the page does not scroll it."""
    source = assets.NODE_MODULES / "leaflet" / "dist"
    if not source.is_dir():
        pytest.fail("node_modules/leaflet is missing: run `make install`")
    assets.install(target=tmp_path)
    assert assets.unpatched_files(tmp_path) == []
    for name in assets.PATCHED_FILES:
        text = (tmp_path / name).read_text("utf-8")
        assert assets.FOCUS not in text and text.count(assets.FOCUS_NO_SCROLL) == 1, name
    assert assets.unpatched_files() == [], "static/vendor is stale: run `make install`"


def test_a_leaflet_without_the_known_focus_call_is_refused(tmp_path) -> None:
    for name in assets.PATCHED_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("/* Leaflet 2: _onMouseDown rewritten */", "utf-8")
    assert assets.unpatched_files(tmp_path) == list(assets.PATCHED_FILES)
    with pytest.raises(ValueError, match="expected one"):
        assets.patch_leaflet(tmp_path)


def test_the_layer_list_opens_folded_into_its_button(seeded_engine, districts) -> None:
    """An open layer list would cover part of the province on a first screen (a third of it
    on the Facilities map at 1366×768); folded, it opens on hover or tap."""
    html = build(seeded_engine, districts)
    control = re.search(r"L\.control\.layers\([^;]*", html)
    assert control and re.search(r'"collapsed":\s*true', control.group(0)), control
    assert ".expand()" not in html


def test_a_reader_may_zoom_the_map_page_and_the_frame_is_named(seeded_engine, districts) -> None:
    """WCAG 1.4.4: folium's own viewport forbids pinch-zoom (user-scalable=no); ours allows it.
    The frame is named for screen readers and the map shows a keyboard focus ring."""
    for lang, name in (("vi", "Bản đồ tương tác"), ("en", "Interactive map")):
        html = build(seeded_engine, districts, lang=lang)
        viewports = re.findall(r'<meta name="viewport" content="([^"]*)"', html)
        assert len(viewports) == 1
        assert "width=device-width" in viewports[0]
        assert "user-scalable" not in viewports[0] and "maximum-scale" not in viewports[0]
        assert f'setAttribute("aria-label", {json.dumps(name)[:-1]}' in html
        assert ".leaflet-container:focus-visible" in html


def legends(html: str) -> list[str]:
    return [json.loads(b) for b in re.findall(r"div\.innerHTML = (\".*?\");", html)]


def unit_names(html: str) -> list[str]:
    """The names written on the map (DivIcon labels), as the browser shows them."""
    icons = [json.loads(b) for b in re.findall(r'"html": ("(?:[^"\\]|\\.)*")', html)]
    return [
        unescape(m)
        for icon in icons
        for m in re.findall(r'class="lc-unit-name"[^>]*>(.*?)</div>', icon)
    ]


@pytest.fixture
def facility_html(seeded_engine: Engine) -> str:
    districts = queries.units(engine=seeded_engine, level="district", vintage="pre_2025")
    shapes = queries.display_geometry(engine=seeded_engine, level="district", vintage="pre_2025")
    m = maps.facility_map(
        outline=queries.province_outline(engine=seeded_engine),
        districts=maps.join_geometry(districts, shapes),
        facilities=queries.located_facilities(engine=seeded_engine),
        kinds=fac.KINDS,
        lang="vi",
    )
    return maps.to_html(m)


def test_each_kind_is_drawn_in_the_shape_its_legend_shows(facility_html: str) -> None:
    (payload,) = point_payloads(facility_html)
    (legend,) = legends(facility_html)
    shapes = {k["key"]: (k["symbol"], k["shape"]) for k in payload["kinds"]}
    assert shapes == {
        "continuing_education_centre": ("★", "star"),
        "community_learning_centre": ("●", "circle"),
        "school": ("■", "square"),
        "library": ("▲", "triangle"),
        "reading_point": ("◆", "diamond"),
    }
    for symbol, _ in shapes.values():
        assert symbol in legend
    # markers are made by the shape-drawing marker, not plain circles
    assert facility_html.count("new L.LcShapeMarker(") == 1  # every facility goes through it
    assert len({shape for _, shape in shapes.values()}) == 5


def test_facilities_map_names_the_twelve_districts(facility_html: str) -> None:
    names = unit_names(facility_html)
    assert len(names) == 12
    assert "Mường La" in names and "Sốp Cộp" in names


def _choropleth(engine: Engine, *, level: str, vintage: str, period: str) -> str:
    values = queries.unit_values(
        engine=engine,
        indicator_code="literacy_rate_level2_age15_60",
        period=period,
        level=level,
        vintage=vintage,
    )
    m = maps.unit_choropleth(
        values=values,
        geometry=queries.display_geometry(engine=engine, level=level, vintage=vintage),
        outline=queries.province_outline(engine=engine),
        classes=classify.classify(values["value"]),
        label=IndicatorLabel("Tỷ lệ biết chữ", "percent"),
        lang="en",
        level=level,
    )
    return maps.to_html(m)


def test_district_map_opens_fitted_to_the_province_clear_of_its_controls(
    seeded_engine: Engine,
) -> None:
    html = _choropleth(seeded_engine, level="district", vintage="pre_2025", period="2024-2025")
    outline = queries.province_outline(engine=seeded_engine)
    minx, miny, maxx, maxy = outline.total_bounds
    fit = re.search(r"var bounds = L\.latLngBounds\((\[\[.*?\]\])\);", html)
    assert fit is not None
    (south, west), (north, east) = json.loads(fit.group(1))
    assert [south, west, north, east] == pytest.approx([miny, minx, maxy, maxx])
    assert '"zoomSnap": 0.25' in html
    # the fit measures the controls, so no unit is drawn under the legend or layer list
    assert "paddingTopLeft" in html and "leaflet-control" in html
    assert len(unit_names(html)) == 12


def test_communes_are_not_all_named_on_the_map(seeded_engine: Engine) -> None:
    html = _choropleth(seeded_engine, level="commune", vintage="post_2025", period="2024-2025")
    assert unit_names(html) == []  # 75 names would cover the map; tooltips name them


def test_learning_city_map_draws_its_successor_wards_with_legend_and_sample_notice(
    seeded_engine: Engine,
) -> None:
    after = successors(queries.crosswalk(engine=seeded_engine))
    wards = queries.units(engine=seeded_engine, level="commune", vintage="post_2025").merge(
        after[["gso_code"]], on="gso_code"
    )
    city = queries.units(engine=seeded_engine, level="district", vintage="pre_2025").query(
        "gso_code == @CITY_CODE"
    )
    located = queries.located_facilities(engine=seeded_engine)
    html = maps.to_html(
        maps.learning_city_map(
            city=city,
            successors=pd.DataFrame(wards),
            facilities=located[located["district_code"] == CITY_CODE],
            kinds=fac.KINDS,
            lang="en",
        )
    )
    assert len(after) == 4
    assert sorted(unit_names(html)) == sorted(wards["name"])
    (legend,) = legends(html)
    assert "Successor wards (from 1 Jul 2025) (4)" in legend
    assert "ILLUSTRATIVE SAMPLE" in legend
    assert html.count(f'"fillColor": "{maps.builders.SUCCESSOR_COLOUR}"') == 4
