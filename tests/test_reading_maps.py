"""Maps that read well: symbols match the legend, names on the map, a fit that clears controls."""

from __future__ import annotations

import json
import re
from html import unescape

import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard import maps
from dashboard.data import queries
from dashboard.domain import classify
from dashboard.domain import facilities as fac
from dashboard.domain.learning_city import successors
from dashboard.domain.units import CITY_CODE
from dashboard.maps import IndicatorLabel, layers


def point_payloads(html: str) -> list[dict]:
    return [json.loads(p) for p in re.findall(r"var data = (\{.*?\});\n", html, re.S)]


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


def test_a_kind_style_knows_its_shape() -> None:
    assert layers.KindStyle("x", "#000000", "★").shape == "star"
    assert layers.KindStyle("x", "#000000", "?").shape == "circle"
