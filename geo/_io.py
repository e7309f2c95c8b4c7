"""Read boundary and point layers, refusing what a map cannot draw truthfully."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely

WGS84 = "EPSG:4326"


class BoundaryError(ValueError):
    """A boundary or point file that cannot be used, with the file and feature named."""


def _read(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise BoundaryError(f"{path}: file not found")
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BoundaryError(f"{path}: cannot be read as a geographic file ({exc})") from exc
    if gdf.crs is None:
        raise BoundaryError(f"{path}: no coordinate reference system declared")
    if not gdf.crs.equals(WGS84):
        # Never guess: a declared CRS is reprojected, an undeclared one was refused above.
        gdf = gdf.to_crs(WGS84)
    else:
        # CRS84 and EPSG:4326 are the same datum and, in GeoJSON, the same axis order.
        gdf = gdf.set_crs(WGS84, allow_override=True)
    return gdf


def _row_name(gdf: gpd.GeoDataFrame, i: int, key: str) -> str:
    value = gdf.iloc[i][key] if key in gdf.columns else None
    return f"feature {i + 1}" + (f" ({key}={value})" if value is not None else "")


def read_boundaries(path: Path, *, key: str = "gso_code") -> gpd.GeoDataFrame:
    """Polygons in EPSG:4326; raises BoundaryError naming the first bad feature."""
    gdf = _read(path)
    if key not in gdf.columns:
        raise BoundaryError(f"{path}: missing column '{key}'")
    for i, geom in enumerate(gdf.geometry):
        where = f"{path}:{_row_name(gdf, i, key)}"
        if geom is None or geom.is_empty:
            raise BoundaryError(f"{where}: empty geometry")
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise BoundaryError(f"{where}: {geom.geom_type} is not a polygon")
        if not geom.is_valid:
            raise BoundaryError(f"{where}: invalid polygon ({shapely.is_valid_reason(geom)})")
    return gdf


def read_points(path: Path, *, key: str = "gso_code") -> gpd.GeoDataFrame:
    """Points in EPSG:4326; raises BoundaryError naming the first bad feature."""
    gdf = _read(path)
    if key not in gdf.columns:
        raise BoundaryError(f"{path}: missing column '{key}'")
    for i, geom in enumerate(gdf.geometry):
        if geom is None or geom.is_empty or geom.geom_type != "Point":
            raise BoundaryError(f"{path}:{_row_name(gdf, i, key)}: not a point")
        if not (-180 <= geom.x <= 180 and -90 <= geom.y <= 90):
            raise BoundaryError(f"{path}:{_row_name(gdf, i, key)}: not longitude/latitude")
    return gdf
