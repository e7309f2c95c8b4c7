"""Boundaries: their columns, the checks of each feature (unit, polygon) and the write.

A feature of a geographic file names a unit by gso_code (and vintage where the code is
ambiguous) and carries its valid polygon; the write replaces the unit's stored outline.
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.data.models import VINTAGES, AdminUnit, Base
from dashboard.loading.importer._read import RawTable
from dashboard.loading.importer._shared import (
    BOUNDARIES,
    Checker,
    ImportPlan,
    load_reference,
    rows_with_geometry,
)
from dashboard.loading.importer._writes import Changes, Sources, upsert
from geo import to_wkb

KIND = BOUNDARIES
REQUIRED_COLUMNS = ("gso_code",)  # and a polygon geometry
OPTIONAL_COLUMNS = ("vintage", "source_title", "source_url")
PREVIEW_COLUMNS = (
    "row",
    "gso_code",
    "vintage",
    "unit_name",
    "geometry",
    "source_title",
    "source_url",
)
COLUMN_ALIASES_VI: dict[str, str] = {"mã gso": "gso_code"}


class BoundaryChecker(Checker):
    """Checks boundaries: a known unit and a valid polygon."""

    def boundary(
        self, row: int, cells: list[object], geometry: BaseGeometry | None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"row": row}
        code = self.required_text(row, cells, "gso_code")
        out["gso_code"] = code
        vintages = self.vintages(row, cells, VINTAGES)
        if code and vintages:
            context = "boundaries are matched on gso_code and vintage"
            unit = self.guard(row, "gso_code", lambda: self.ref.find_unit(code, vintages, context))
            if unit is not None:
                out["gso_code"], out["vintage"], out["unit_name"] = (
                    unit.gso_code,
                    unit.vintage,
                    unit.full_name,
                )
                out["_unit_id"] = unit.id
        if geometry is None:
            self.problem(row, "geometry", "no geometry")
        elif geometry.geom_type not in ("Polygon", "MultiPolygon"):
            self.problem(row, "geometry", f"{geometry.geom_type} is not a polygon")
        elif not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            self.problem(row, "geometry", f"invalid polygon ({reason})")
        else:
            out["geometry"] = geometry.geom_type
            out["_geometry_wkb"] = to_wkb(shapely.force_2d(geometry))
        self.source(row, cells, out)
        return out


def check_rows(engine: Engine, plan: ImportPlan, table: RawTable, index: dict[str, int]) -> None:
    """Check every feature of a boundary file into `plan`."""
    checker = BoundaryChecker(plan, table, load_reference(engine), index)
    for (row, cells), geometry in rows_with_geometry(table):
        plan.rows.append(checker.boundary(row, cells, geometry))
    checker.report_missing_sources()
    keyed = [(r["row"], r) for r in plan.rows if r.get("_unit_id") is not None]
    checker.duplicates([(n, r["_unit_id"]) for n, r in keyed], "gso_code", "unit")


def apply_rows(session: Session, plan: ImportPlan, changes: Changes) -> None:
    """Replace each unit's outline and the source it cites."""
    sources = Sources(session, changes)
    ids = [r["_unit_id"] for r in plan.rows]
    existing: dict[Any, Base] = {
        u.id: u for u in session.scalars(select(AdminUnit).where(AdminUnit.id.in_(ids)))
    }
    for r in plan.rows:
        values = {
            "geometry_wkb": r["_geometry_wkb"],
            "geometry_source_id": sources.id_for(r["source_title"], r["source_url"]),
        }
        upsert(session, changes, "admin_unit", existing, r["_unit_id"], values)
