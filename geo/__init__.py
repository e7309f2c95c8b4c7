"""Geometry: reading and validating boundaries, CRS, WKB/GeoJSON conversion, simplification."""

from geo._io import BoundaryError, read_boundaries, read_points
from geo._locate import locate_points
from geo._simplify import (
    MIN_TOLERANCE_DEG,
    decimals_for,
    drop_empty,
    feature_collection_json,
    prepare_polygons,
    round_coordinates,
    simplify_coverage,
    tolerance_for,
)
from geo._wkb import from_wkb, to_wkb

__all__ = [
    "MIN_TOLERANCE_DEG",
    "BoundaryError",
    "decimals_for",
    "drop_empty",
    "feature_collection_json",
    "from_wkb",
    "locate_points",
    "prepare_polygons",
    "read_boundaries",
    "read_points",
    "round_coordinates",
    "simplify_coverage",
    "to_wkb",
    "tolerance_for",
]
