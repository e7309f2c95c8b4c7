"""Indicator values (figures): their columns, the checks of each row and the write.

A row names an indicator of the catalogue, a unit as it was in the period, the period and a
value in the indicator's unit (with numerator and denominator where known).
"""

from __future__ import annotations

import difflib
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.data.models import (
    VINTAGE_ALL,
    VINTAGE_POST_2025,
    VINTAGE_PRE_2025,
    VINTAGES,
    Base,
    IndicatorValue,
    period_columns,
)
from dashboard.domain.units import REFORM_DATE
from dashboard.loading.importer._read import RawTable, key_text
from dashboard.loading.importer._shared import (
    INDICATOR_VALUES,
    PERIOD_FIELD_COLUMNS,
    Bad,
    Checker,
    ImportPlan,
    cell_text,
    fmt_number,
    load_reference,
    parse_number,
    rows_with_geometry,
)
from dashboard.loading.importer._writes import Changes, Sources, upsert

KIND = INDICATOR_VALUES
REQUIRED_COLUMNS = ("indicator", "unit_code", "period", "value")
OPTIONAL_COLUMNS = (
    "numerator",
    "denominator",
    "source_title",
    "source_url",
    "note",
    "is_sample",
    *PERIOD_FIELD_COLUMNS,
    "period_label",  # the wording stored before the period fields; read once, like `period`
)
PREVIEW_COLUMNS = (
    "row",
    "indicator",
    "unit_code",
    "unit_name",
    "period",
    "value",
    "numerator",
    "denominator",
    "source_title",
    "source_url",
    "note",
)
COLUMN_ALIASES_VI: dict[str, str] = {
    "chỉ tiêu": "indicator",
    "giá trị": "value",
    "tử số": "numerator",
    "mẫu số": "denominator",
    "loại kỳ": "period_kind",
    "ngày bắt đầu kỳ": "period_start",
    "ngày kết thúc kỳ": "period_end",
    "ngày báo cáo": "period_reported",
    "năm báo cáo suy ra": "period_year_inferred",
    "báo cáo không rõ ngày": "period_report_undated",
    "kết thúc trong năm": "period_end_part",
}


class FigureChecker(Checker):
    """Checks indicator values against the catalogue, units and periods."""

    def indicator_value(self, row: int, cells: list[object]) -> dict[str, Any]:
        out: dict[str, Any] = {"row": row}
        code = self.required_text(row, cells, "indicator")
        out["indicator"] = code
        catalogue = self.ref.indicators.get(code or "")
        if code and catalogue is None:
            close = difflib.get_close_matches(code, self.ref.indicators, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem(row, "indicator", f"unknown indicator '{code}'{hint}")
        period_text, period = self.period(row, cells, out)
        unit_text = self.required_text(row, cells, "unit_code")
        out["unit_code"] = unit_text
        if unit_text and period is None:  # no vintage to look in: the code must exist somewhere
            for vintage in VINTAGES:
                try:
                    self.ref.find_unit(unit_text, (vintage,), "")
                    break
                except Bad:
                    continue
            else:
                self.problem(row, "unit_code", f"unknown unit code '{key_text(unit_text)}'")
        elif unit_text and period is not None:
            before = period.end < REFORM_DATE
            vintages = (VINTAGE_PRE_2025 if before else VINTAGE_POST_2025, VINTAGE_ALL)
            context = (
                f"period '{period_text}' ends on {period.end.isoformat()}, "
                f"{'before' if before else 'after'} it"
            )
            unit = self.guard(
                row, "unit_code", lambda: self.ref.find_unit(unit_text, vintages, context)
            )
            if unit is not None:
                out["unit_code"], out["unit_name"] = unit.gso_code, unit.full_name
                out["_unit_id"] = unit.id
        percent = bool(catalogue and catalogue[0].startswith("percent"))
        value = self.cell(cells, "value")
        if value is None or cell_text(value) == "":
            self.problem(row, "value", "value is missing")
        else:
            out["value"] = self.guard(
                row, "value", lambda: parse_number(value, allow_percent_sign=percent)
            )
        numerator = self.number(row, cells, "numerator")
        denominator = self.number(row, cells, "denominator")
        out["numerator"], out["denominator"] = numerator, denominator
        if catalogue is not None and out.get("value") is not None:
            self.check_range(row, out["value"], catalogue)
        for column, number in (("numerator", numerator), ("denominator", denominator)):
            if number is not None and number < 0:
                self.problem(row, column, f"{column} {fmt_number(number)} is negative")
        if numerator is not None and denominator is not None:
            if denominator == 0:
                self.problem(row, "denominator", "denominator is zero")
            elif numerator > denominator:
                self.problem(
                    row,
                    "numerator",
                    f"numerator {fmt_number(numerator)} is greater than denominator "
                    f"{fmt_number(denominator)}",
                )
        self.common(row, cells, out)
        return out

    def check_range(self, row: int, value: float, catalogue: tuple[str, str]) -> None:
        unit, aggregation = catalogue
        shown = fmt_number(value)
        if unit.startswith("percent") and not 0 <= value <= 100:
            self.problem(row, "value", f"{shown} is outside 0-100 for a percentage")
        elif aggregation == "sum" and value < 0:
            self.problem(row, "value", f"{shown} is negative; a count ({unit}) cannot be")
        elif aggregation == "sum" and "VND" not in unit and not float(value).is_integer():
            self.problem(row, "value", f"{shown} is not a whole number; a count ({unit}) must be")


def check_rows(engine: Engine, plan: ImportPlan, table: RawTable, index: dict[str, int]) -> None:
    """Check every row of an indicator value file into `plan` (kind already recognised)."""
    checker = FigureChecker(plan, table, load_reference(engine), index)
    for (row, cells), _geometry in rows_with_geometry(table):
        plan.rows.append(checker.indicator_value(row, cells))
    checker.report_missing_sources()
    keyed = [(r["row"], r) for r in plan.rows if r.get("_unit_id") is not None]
    checker.duplicates(
        [
            (n, (r["indicator"], r["_unit_id"], r.get("_period")))
            for n, r in keyed
            if r.get("_period")
        ],
        "indicator",
        "indicator, unit and period",
    )


def apply_rows(session: Session, plan: ImportPlan, changes: Changes) -> None:
    """Insert or update each figure, keyed by indicator, unit and period."""
    sources = Sources(session, changes)
    codes = sorted({r["indicator"] for r in plan.rows})
    periods = sorted({r["_period"] for r in plan.rows})
    existing: dict[Any, Base] = {
        (v.indicator_code, v.unit_id, v.period): v
        for v in session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_code.in_(codes), IndicatorValue.period.in_(periods)
            )
        )
    }
    for r in plan.rows:
        values = {
            "indicator_code": r["indicator"],
            "unit_id": r["_unit_id"],
            **period_columns(r["_period_fields"]),
            "value": r["value"],
            "numerator": r["numerator"],
            "denominator": r["denominator"],
            "source_id": sources.id_for(r["source_title"], r["source_url"]),
            "is_sample": r["is_sample"],
            "note": r["note"],
        }
        key = (values["indicator_code"], values["unit_id"], values["period"])
        upsert(session, changes, "indicator_value", existing, key, values)
