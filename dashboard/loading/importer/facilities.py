"""Facilities: their columns, the checks of each row (kind, unit, location) and the write.

A row names a facility, its kind and the current unit it belongs to, placed by lat and lon
(decimal degrees, WGS 84) or by a point geometry, inside the province.
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.data.models import FACILITY_KINDS, VINTAGE_ALL, VINTAGE_POST_2025, Facility
from dashboard.loading.importer._read import RawTable, key_text
from dashboard.loading.importer._shared import (
    FACILITIES,
    PROVINCE_TOLERANCE_DEG,
    Checker,
    ImportPlan,
    cell_text,
    fmt_number,
    load_reference,
    rows_with_geometry,
)
from dashboard.loading.importer._writes import Changes, Sources, upsert

KIND = FACILITIES
REQUIRED_COLUMNS = ("name", "kind", "unit_code")  # and lat + lon, or a point geometry
OPTIONAL_COLUMNS = (
    "lat",
    "lon",
    "vintage",
    "location_precision",
    "source_title",
    "source_url",
    "note",
    "is_sample",
)
PREVIEW_COLUMNS = (
    "row",
    "name",
    "kind",
    "unit_code",
    "unit_name",
    "lat",
    "lon",
    "location_precision",
    "source_title",
    "source_url",
    "note",
)
COLUMN_ALIASES_VI: dict[str, str] = {
    "tên": "name",
    "loại": "kind",
    "vĩ độ": "lat",
    "kinh độ": "lon",
}
COLUMN_ALIASES_EN: dict[str, str] = {"latitude": "lat", "longitude": "lon", "lng": "lon"}

# Facility kinds as Vietnamese files name them -> FACILITY_KINDS codes.
FACILITY_KIND_ALIASES_VI: dict[str, str] = {
    "trung tâm gdnn-gdtx": "continuing_education_centre",
    "trung tâm giáo dục nghề nghiệp - giáo dục thường xuyên": "continuing_education_centre",
    "trung tâm học tập cộng đồng": "community_learning_centre",
    "tthtcđ": "community_learning_centre",
    "trường học": "school",
    "trường": "school",
    "thư viện": "library",
    "điểm đọc sách": "reading_point",
    "nhà tri thức": "reading_point",
}
DEFAULT_LOCATION_PRECISION = "reported"


class FacilityChecker(Checker):
    """Checks facilities: kind, current unit and a location inside the province."""

    def facility(
        self, row: int, cells: list[object], geometry: BaseGeometry | None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"row": row}
        out["name"] = self.required_text(row, cells, "name")
        kind = self.required_text(row, cells, "kind")
        out["kind"] = kind
        if kind:
            code = kind if kind in FACILITY_KINDS else None
            code = code or FACILITY_KIND_ALIASES_VI.get(key_text(kind).casefold())
            if code is None:
                self.problem(
                    row,
                    "kind",
                    f"unknown facility kind '{kind}' (one of: {', '.join(FACILITY_KINDS)})",
                )
            out["kind"] = code or kind
        vintages = self.vintages(row, cells, (VINTAGE_POST_2025, VINTAGE_ALL))
        unit_text = self.required_text(row, cells, "unit_code")
        out["unit_code"] = unit_text
        if unit_text and vintages:
            context = "a facility belongs to a current unit (or give a vintage column)"
            unit = self.guard(
                row, "unit_code", lambda: self.ref.find_unit(unit_text, vintages, context)
            )
            if unit is not None:
                out["unit_code"], out["unit_name"], out["_unit_id"] = (
                    unit.gso_code,
                    unit.full_name,
                    unit.id,
                )
                out["vintage"] = unit.vintage
        self.location(row, cells, geometry, out)
        precision = cell_text(self.cell(cells, "location_precision"))
        out["location_precision"] = precision or DEFAULT_LOCATION_PRECISION
        self.common(row, cells, out)
        return out

    def location(
        self, row: int, cells: list[object], geometry: BaseGeometry | None, out: dict[str, Any]
    ) -> None:
        if geometry is not None:
            column = "geometry"
            if not isinstance(geometry, shapely.Point):
                self.problem(row, column, f"{geometry.geom_type} is not a point")
                return
            lon, lat = float(geometry.x), float(geometry.y)
        else:
            column = "lat"
            lat_, lon_ = self.number(row, cells, "lat"), self.number(row, cells, "lon")
            if lat_ is None or lon_ is None:
                if not any(p.row == row and p.column in ("lat", "lon") for p in self.plan.problems):
                    self.problem(
                        row,
                        "lat" if lat_ is None else "lon",
                        "no location: fill lat and lon (decimal degrees, WGS 84)",
                    )
                return
            lat, lon = lat_, lon_
        out["lat"], out["lon"] = lat, lon
        self.check_point(row, column, lon, lat)

    def check_point(self, row: int, column: str, lon: float, lat: float) -> None:
        province, name = self.ref.province, self.ref.province_name
        where = f"lat {fmt_number(lat)}, lon {fmt_number(lon)}"
        valid = -90 <= lat <= 90 and -180 <= lon <= 180
        if valid and (province is None or shapely.contains_xy(province, lon, lat)):
            return
        swapped_valid = -90 <= lon <= 90 and -180 <= lat <= 180
        if swapped_valid and province is not None and shapely.contains_xy(province, lat, lon):
            state = "outside " + name if valid else "not a valid position"
            self.problem(
                row,
                column,
                f"latitude and longitude look swapped: {where} is {state}, "
                f"but swapped it is inside {name}; swap the two columns",
            )
        elif not valid:
            self.problem(row, column, f"{where} is not a latitude/longitude in degrees")
        else:
            self.problem(
                row,
                column,
                f"{where} is outside {name} province (more than "
                f"{PROVINCE_TOLERANCE_DEG}° from its boundary)",
            )


def check_rows(engine: Engine, plan: ImportPlan, table: RawTable, index: dict[str, int]) -> None:
    """Check every row (or point feature) of a facility file into `plan`."""
    checker = FacilityChecker(plan, table, load_reference(engine), index)
    for (row, cells), geometry in rows_with_geometry(table):
        plan.rows.append(checker.facility(row, cells, geometry))
    checker.report_missing_sources()
    keyed = [(r["row"], r) for r in plan.rows if r.get("_unit_id") is not None]
    checker.duplicates(
        [(n, (r["kind"], key_text(r["name"] or ""), r["_unit_id"])) for n, r in keyed],
        "name",
        "kind, name and unit",
    )


def apply_rows(session: Session, plan: ImportPlan, changes: Changes) -> None:
    """Insert or update each facility, keyed by kind, name (as matched) and unit."""
    sources = Sources(session, changes)
    existing: dict[Any, Any] = {
        (f.kind, key_text(f.name), f.unit_id): f for f in session.scalars(select(Facility))
    }
    for r in plan.rows:
        key = (r["kind"], key_text(r["name"]), r["_unit_id"])
        current = existing.get(key)
        values = {
            "kind": r["kind"],
            "name": current.name if current else r["name"],
            "unit_id": r["_unit_id"],
            "lon": r["lon"],
            "lat": r["lat"],
            "location_precision": r["location_precision"],
            "source_id": sources.id_for(r["source_title"], r["source_url"]),
            "is_sample": r["is_sample"],
            "note": r["note"],
        }
        upsert(session, changes, "facility", existing, key, values)
