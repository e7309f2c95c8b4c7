"""The SQL <-> geometry boundary: WKB in the database, shapely in Python, EPSG:4326 always."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry


def to_wkb(geom: BaseGeometry) -> bytes:
    """WKB bytes of a geometry (stored as-is in a binary column)."""
    return bytes(shapely.to_wkb(geom))


def from_wkb(
    blobs: Iterable[bytes | memoryview | None], *, index: Sequence[object] | None = None
) -> gpd.GeoSeries:
    """A GeoSeries in EPSG:4326 from WKB blobs; missing blobs become empty (None) geometry."""
    geoms = [None if b is None else shapely.from_wkb(bytes(b)) for b in blobs]
    return gpd.GeoSeries(geoms, index=index, crs="EPSG:4326")
