"""Lighter geometry for the browser: coverage simplification, coordinate rounding, compact GeoJSON.

Pure geometry, and the tolerance that keeps a map of a given extent under a pixel.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

_COLLECTION = shapely.GeometryType.GEOMETRYCOLLECTION.value


def simplify_coverage(gdf: gpd.GeoDataFrame, *, tolerance_deg: float) -> gpd.GeoDataFrame:
    """Simplify polygons as a coverage, so neighbours still share their edges.

    Parameters
    ----------
    gdf : GeoDataFrame in EPSG:4326
    tolerance_deg : float
        Tolerance in degrees (0.001 deg is about 100 m at Sơn La's latitude).
    """
    if tolerance_deg <= 0:
        return gdf
    simplified = shapely.coverage_simplify(np.asarray(gdf.geometry.values), tolerance_deg)
    # coverage_simplify may leave stray lines next to slivers; keep only polygonal parts.
    for i in np.flatnonzero(shapely.get_type_id(simplified) == _COLLECTION):
        parts = shapely.get_parts(simplified[i])
        simplified[i] = shapely.MultiPolygon(
            [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]
        )
    out = gdf.copy()
    out["geometry"] = gpd.GeoSeries(simplified, index=gdf.index, crs=gdf.crs)
    return out


def round_coordinates(gdf: gpd.GeoDataFrame, *, decimals: int = 5) -> gpd.GeoDataFrame:
    """Round coordinates to a grid (5 decimals is about 1 m), keeping geometries valid."""
    out = gdf.copy()
    out["geometry"] = shapely.set_precision(gdf.geometry.values, 10.0**-decimals)
    return out


def drop_empty(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rows whose geometry is missing or empty (e.g. collapsed by rounding) removed."""
    geoms = gdf.geometry.values
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    return gdf if bool(keep.all()) else gdf[keep]


def feature_collection_json(
    geometries: gpd.GeoSeries | np.ndarray, properties: Sequence[Mapping[str, Any]]
) -> str:
    """A GeoJSON FeatureCollection as compact text (no spaces, UTF-8 names unescaped).

    GEOS writes the coordinates, so a geometry rounded with `round_coordinates` is written
    with no more digits than its grid needs. Geometries and properties pair up in order.
    """
    geoms = np.asarray(getattr(geometries, "values", geometries))
    if len(geoms) != len(properties):
        raise ValueError(f"{len(geoms)} geometries but {len(properties)} property sets")
    texts = shapely.to_geojson(geoms)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    features = ",".join(
        f'{{"type":"Feature","geometry":{g if g is not None else "null"},"properties":{dumps(p)}}}'
        for g, p in zip(texts, properties, strict=True)
    )
    return f'{{"type":"FeatureCollection","features":[{features}]}}'


# A map shows its extent across roughly 1,000-1,500 px, so 1/1500 of the larger side is
# under a pixel: national ~0.01 deg, a province ~0.001 deg.
TOLERANCE_FRACTION = 1 / 1500
MIN_TOLERANCE_DEG = 1e-5


def tolerance_for(bounds: Sequence[float]) -> float:
    """Simplification tolerance (degrees) for a map of `bounds` (minx, miny, maxx, maxy)."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    side = max(maxx - minx, maxy - miny) * TOLERANCE_FRACTION
    if not side > 0:
        return MIN_TOLERANCE_DEG
    # One significant digit, so the same extent always gives the same (cacheable) tolerance.
    return max(float(f"{side:.1g}"), MIN_TOLERANCE_DEG)


def decimals_for(tolerance: float) -> int:
    """Decimals that keep rounding under half the tolerance (0.01 deg -> 3, 0.001 -> 4)."""
    if tolerance <= 0:
        return 7
    return min(7, max(0, math.ceil(-math.log10(tolerance / 2))))


def prepare_polygons(
    gdf: gpd.GeoDataFrame, *, tolerance_deg: float, decimals: int
) -> gpd.GeoDataFrame:
    """Coverage-simplified (shared edges kept), rounded polygons; empty ones dropped."""
    simplified = simplify_coverage(gdf, tolerance_deg=tolerance_deg)
    return drop_empty(round_coordinates(simplified, decimals=decimals))
