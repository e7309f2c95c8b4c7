"""Benchmark data and builders: our map layers against geopandas' explore() on the same data.

`python -m bench` (or `make bench`) prints the comparison; tests use the same data.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

import geo
from dashboard import assets
from dashboard.maps import layers

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "real"
SHARED_DATA = REPO.parent / "shared" / "data" / "real"
SON_LA_DISTRICTS = DATA / "son_la_districts.geojson"
SON_LA_POINTS = DATA / "son_la_communes_2025_points.geojson"
POINT_COUNT = 50_000
SAMPLE_BADGE = "MẪU MINH HOẠ"

KINDS: dict[str, layers.KindStyle] = {
    "community_learning_centre": layers.KindStyle("Trung tâm học tập cộng đồng", "#CC79A7", "●"),
    "continuing_education_centre": layers.KindStyle("Trung tâm GDNN-GDTX", "#D55E00", "★"),
    "school": layers.KindStyle("Trường học", "#0072B2", "■"),
    "library": layers.KindStyle("Thư viện", "#009E73", "▲"),
    "reading_point": layers.KindStyle("Điểm đọc", "#E69F00", "◆"),
}
FIELDS: list[tuple[str, str]] = [
    ("commune", "Xã"),
    ("district", "Huyện"),
    ("location_precision", "Vị trí"),
    ("source_title", "Nguồn"),
]
PALETTE = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]


def national_path() -> Path:
    """The 692-district layer: data/real if the project ships it, else the shared copy."""
    local = DATA / "vietnam_districts.geojson"
    return local if local.exists() else SHARED_DATA / "vietnam_districts.geojson"


def read(path: Path) -> gpd.GeoDataFrame:
    """A GeoJSON layer in EPSG:4326."""
    return gpd.read_file(path, engine="pyogrio").set_crs("EPSG:4326", allow_override=True)


def son_la_points(points: gpd.GeoDataFrame) -> pd.DataFrame:
    """The 75 community learning centres placed at their 2025 commune points."""
    return pd.DataFrame(
        {
            "id": range(len(points)),
            "lon": points.geometry.x,
            "lat": points.geometry.y,
            "kind": "community_learning_centre",
            "name": "Trung tâm học tập cộng đồng " + points["full_name"].astype(str),
            "commune": points["name"].astype(str),
            "district": points["parent_name"].astype(str),
            "location_precision": "gần đúng (điểm của xã, phường)",
            "source_title": "Danh mục đơn vị hành chính 2025",
            "is_sample": False,
        }
    )


def synthetic_points(
    districts: gpd.GeoDataFrame, n: int = POINT_COUNT, seed: int = 42
) -> pd.DataFrame:
    """`n` deterministic named points, each inside the bounding box of a random district."""
    rng = random.Random(seed)
    bounds = districts.geometry.bounds.to_numpy().tolist()
    names = districts["name"].astype(str).tolist()
    provinces = districts["parent_name"].astype(str).tolist()
    kinds = list(KINDS)
    rows = []
    for i in range(1, n + 1):
        j = rng.randrange(len(names))
        minx, miny, maxx, maxy = bounds[j]
        rows.append(
            (
                i,
                round(rng.uniform(minx, maxx), 6),
                round(rng.uniform(miny, maxy), 6),
                kinds[rng.randrange(len(kinds))],
                f"Điểm học tập số {i} – {names[j]}",
                f"Xã số {rng.randrange(1, 30)}",
                names[j],
                provinces[j],
                "ngẫu nhiên (mẫu minh hoạ)",
                "Số liệu minh hoạ (mẫu)",
                rng.random() < 0.5,
            )
        )
    columns = [
        "id",
        "lon",
        "lat",
        "kind",
        "name",
        "commune",
        "district",
        "province",
        "location_precision",
        "source_title",
        "is_sample",
    ]
    return pd.DataFrame(rows, columns=columns)


def district_properties(districts: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """What the choropleth shows per district: code, level, class colour and a tooltip."""
    from html import escape

    return [
        {
            "code": str(code),
            "level": "district",
            "fill": PALETTE[i % len(PALETTE)],
            "tip": f"<b>{escape(str(name))}</b><br>{escape(str(parent))}",
        }
        for i, (code, name, parent) in enumerate(
            zip(districts["gso_code"], districts["name"], districts["parent_name"], strict=True)
        )
    ]


def prepared(districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Districts simplified for the extent they cover (what the app caches once)."""
    tolerance = geo.tolerance_for(districts.total_bounds)
    return geo.prepare_polygons(
        districts, tolerance_deg=tolerance, decimals=geo.decimals_for(tolerance)
    )


def our_map(
    *,
    districts: gpd.GeoDataFrame | None,
    points: pd.DataFrame | None,
    cluster: bool = True,
    kinds: Mapping[str, layers.KindStyle] = KINDS,
    fields: Sequence[tuple[str, str]] = FIELDS,
) -> folium.Map:
    """Our builder: already prepared districts as one polygon layer, points as one payload."""
    m = folium.Map(tiles=None, prefer_canvas=False)
    if districts is not None:
        layers.polygon_layer(
            districts, properties=district_properties(districts), name="Huyện"
        ).add_to(m)
        layers.fit_to(m, districts)
    if points is not None:
        layers.point_layer(
            points,
            kinds=kinds,
            name="",
            cluster=cluster,
            fields=fields,
            sample_badge=SAMPLE_BADGE,
        ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return assets.localise(m)


def as_points_gdf(points: pd.DataFrame, columns: Sequence[str]) -> gpd.GeoDataFrame:
    """The same points as a GeoDataFrame with the columns the map shows (for explore())."""
    return gpd.GeoDataFrame(
        points[list(columns)],
        geometry=gpd.points_from_xy(points["lon"], points["lat"]),
        crs="EPSG:4326",
    )


def explore_map(*, districts: gpd.GeoDataFrame | None, points: pd.DataFrame | None) -> folium.Map:
    """geopandas' explore() on the same data, showing the same columns in tooltips."""
    m = None
    if districts is not None:
        shown = districts[["gso_code", "name", "parent_name", "geometry"]].assign(
            colour_class=[i % len(PALETTE) for i in range(len(districts))]
        )
        m = shown.explore(
            column="colour_class",
            categorical=True,
            cmap=PALETTE,
            legend=False,
            tooltip=["name", "parent_name"],
            name="Huyện",
            tiles=None,
        )
    if points is not None:
        columns = ["name", "kind", *(column for column, _ in FIELDS), "is_sample"]
        m = as_points_gdf(points, columns).explore(
            m=m,
            column="kind",
            categorical=True,
            cmap=[k.colour for k in KINDS.values()],
            legend=False,
            tooltip=columns,
            name="Cơ sở",
            tiles=None,
        )
    assert m is not None
    return m


def html_of(m: folium.Map) -> str:
    """The whole page as a browser receives it."""
    return str(m.get_root().render())
