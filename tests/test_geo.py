"""Lighter geometry: coverage simplification keeps shared edges, rounding, compact GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import drop_empty, feature_collection_json, round_coordinates, simplify_coverage

REPO = Path(__file__).resolve().parent.parent
SON_LA = REPO / "data" / "real" / "son_la_districts.geojson"


@pytest.fixture(scope="module")
def son_la() -> gpd.GeoDataFrame:
    return gpd.read_file(SON_LA, engine="pyogrio")


def coordinates(gdf: gpd.GeoDataFrame) -> int:
    return int(shapely.get_num_coordinates(gdf.geometry.values).sum())


@pytest.mark.parametrize(("tolerance", "at_most"), [(0.0005, 0.8), (0.001, 0.55), (0.005, 0.2)])
def test_coverage_simplification_keeps_shared_edges(son_la, tolerance, at_most) -> None:
    assert shapely.coverage_is_valid(son_la.geometry.values)
    out = simplify_coverage(son_la, tolerance_deg=tolerance)
    assert len(out) == len(son_la) == 12
    assert coordinates(out) <= at_most * coordinates(son_la)
    # Neither gaps nor overlaps between neighbours: each shared edge is still one edge.
    assert shapely.coverage_is_valid(out.geometry.values)
    assert shapely.is_valid(out.geometry.values).all()
    assert list(out["gso_code"]) == list(son_la["gso_code"])


def test_rounding_after_simplification_keeps_the_coverage(son_la) -> None:
    out = round_coordinates(simplify_coverage(son_la, tolerance_deg=0.001), decimals=4)
    assert shapely.coverage_is_valid(out.geometry.values)
    xy = shapely.get_coordinates(out.geometry.values)
    assert np.allclose(xy, np.round(xy, 4), atol=1e-9)


def test_zero_tolerance_changes_nothing(son_la) -> None:
    assert simplify_coverage(son_la, tolerance_deg=0) is son_la


def test_drop_empty_removes_missing_and_empty_geometries() -> None:
    gdf = gpd.GeoDataFrame(
        {"code": ["a", "b", "c"]},
        geometry=[shapely.box(0, 0, 1, 1), None, shapely.Polygon()],
        crs="EPSG:4326",
    )
    assert list(drop_empty(gdf)["code"]) == ["a"]
    full = gdf.iloc[:1]
    assert drop_empty(full) is full


def test_feature_collection_json_is_compact_and_keeps_only_given_properties() -> None:
    geoms = gpd.GeoSeries([shapely.box(105.1, 21.2, 105.3, 21.4)], crs="EPSG:4326")
    text = feature_collection_json(geoms, [{"code": "116", "tip": "<b>Sơn La</b>"}])
    assert " " not in text.replace("Sơn La", "")  # no padding anywhere
    assert "Sơn La" in text  # UTF-8 kept, not \\u escapes
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["properties"] == {"code": "116", "tip": "<b>Sơn La</b>"}
    assert feature["geometry"]["type"] == "Polygon"
    assert "105.1," in text and "105.10000" not in text  # no trailing digits


def test_feature_collection_json_refuses_mismatched_properties() -> None:
    geoms = gpd.GeoSeries([shapely.Point(0, 0)] * 2)
    with pytest.raises(ValueError, match="2 geometries but 1"):
        feature_collection_json(geoms, [{}])
