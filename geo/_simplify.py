"""Lighter geometry for the browser: coverage simplification and coordinate rounding."""

from __future__ import annotations

import geopandas as gpd
import shapely


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
    simplified = shapely.coverage_simplify(gdf.geometry.values, tolerance_deg)
    # coverage_simplify may leave stray lines next to slivers; keep only polygonal parts.
    polygonal = [
        shapely.MultiPolygon(
            [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
        )
        for g in simplified
    ]
    out = gdf.copy()
    out["geometry"] = gpd.GeoSeries(polygonal, index=gdf.index, crs=gdf.crs)
    return out


def round_coordinates(gdf: gpd.GeoDataFrame, *, decimals: int = 5) -> gpd.GeoDataFrame:
    """Round coordinates to a grid (5 decimals is about 1 m), keeping geometries valid."""
    out = gdf.copy()
    out["geometry"] = shapely.set_precision(gdf.geometry.values, 10.0**-decimals)
    return out
