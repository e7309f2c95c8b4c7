"""Which polygon each point falls in (facilities -> districts), by geometry, never by name."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

# Points within this distance of a polygon (about 1 km) count as in it: coordinates
# rounded to a commune's point can land just across a generalised boundary.
NEAREST_TOLERANCE_DEG = 0.01


def locate_points(
    lon: pd.Series, lat: pd.Series, polygons: gpd.GeoDataFrame, *, key: str
) -> pd.Series:
    """The `key` of the polygon containing each point (nearest within ~1 km); NA otherwise."""
    points = gpd.GeoDataFrame(
        index=lon.index, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326"
    )
    located = points[lon.notna() & lat.notna()]
    areas = polygons[[key, "geometry"]][polygons.geometry.notna()]
    inside = gpd.sjoin(located, areas, how="left", predicate="within")
    inside = inside[~inside.index.duplicated(keep="first")][key]
    missing = inside[inside.isna()].index
    if len(missing):
        near = gpd.sjoin_nearest(
            located.loc[missing], areas, how="left", max_distance=NEAREST_TOLERANCE_DEG
        )
        near = near[~near.index.duplicated(keep="first")][key]
        inside.loc[near.index] = near
    return inside.reindex(lon.index).astype("string")
