"""Geometry: reading and validating boundaries, CRS, WKB/GeoJSON conversion, simplification."""

from geo._io import BoundaryError, read_boundaries, read_points
from geo._locate import locate_points
from geo._simplify import (
    drop_empty,
    feature_collection_json,
    round_coordinates,
    simplify_coverage,
)
from geo._wkb import from_wkb, to_wkb

__all__ = [
    "BoundaryError",
    "drop_empty",
    "feature_collection_json",
    "from_wkb",
    "locate_points",
    "read_boundaries",
    "read_points",
    "round_coordinates",
    "simplify_coverage",
    "to_wkb",
]
