""" "Particularly difficult" flag lists: their columns, the checks of each row and the write.

A row says whether a unit, as it was at the end of the period, is flagged particularly
difficult for that period; a corrected list replaces the earlier flag.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.data.models import Base, UnitDifficultyFlag
from dashboard.loading.importer._read import RawTable
from dashboard.loading.importer._shared import (
    DIFFICULTY_FLAGS,
    Checker,
    ImportPlan,
    cell_text,
    load_reference,
    parse_flag,
)
from dashboard.loading.importer._writes import Changes, Sources, upsert

KIND = DIFFICULTY_FLAGS
REQUIRED_COLUMNS = ("unit_code", "period", "particularly_difficult")
OPTIONAL_COLUMNS = ("source_title", "source_url", "note", "is_sample")
PREVIEW_COLUMNS = (
    "row",
    "unit_code",
    "unit_name",
    "period",
    "particularly_difficult",
    "source_title",
    "source_url",
    "note",
)
COLUMN_ALIASES_VI: dict[str, str] = {"đặc biệt khó khăn": "particularly_difficult"}


class FlagChecker(Checker):
    """Checks flag lists: a period, the unit as it was then, and a true or false flag."""

    def flag(self, row: int, cells: list[object]) -> dict[str, Any]:
        out: dict[str, Any] = {"row": row}
        period_text, period = self.period(row, cells, out)
        if period is not None:
            out |= self.unit_at(row, cells, period.end, f"period '{period_text}' ends on")
        else:
            out["unit_code"] = cell_text(self.cell(cells, "unit_code"))
        raw = self.cell(cells, "particularly_difficult")
        if cell_text(raw) == "":
            self.problem(row, "particularly_difficult", "particularly_difficult is missing")
        else:
            out["particularly_difficult"] = self.guard(
                row, "particularly_difficult", lambda: parse_flag(raw)
            )
        self.common(row, cells, out)
        return out


def check_rows(engine: Engine, plan: ImportPlan, table: RawTable, index: dict[str, int]) -> None:
    """Check every row of a flag list into `plan` (kind already recognised)."""
    checker = FlagChecker(plan, table, load_reference(engine), index)
    for row, cells in table.rows:
        plan.rows.append(checker.flag(row, cells))
    checker.report_missing_sources()
    checker.duplicates(
        [
            (r["row"], (r["_unit_id"], r["_period"]))
            for r in plan.rows
            if r.get("_unit_id") is not None and r.get("_period")
        ],
        "unit_code",
        "unit and period",
    )


def apply_rows(session: Session, plan: ImportPlan, changes: Changes) -> None:
    """Insert or update each unit's flag for the period (a corrected list replaces it)."""
    sources = Sources(session, changes)
    existing: dict[Any, Base] = {
        (f.unit_id, f.period): f for f in session.scalars(select(UnitDifficultyFlag))
    }
    for r in plan.rows:
        values = {
            "unit_id": r["_unit_id"],
            "period": r["_period"],
            "period_end": r["_period_end"],
            "flagged": bool(r["particularly_difficult"]),
            "source_id": sources.id_for(r["source_title"], r["source_url"]),
            "is_sample": r["is_sample"],
            "note": r["note"],
        }
        key = (values["unit_id"], values["period"])
        upsert(session, changes, "unit_difficulty_flag", existing, key, values)
