"""What a planner's file holds and what is wrong with it: columns, kind, then that kind's checks.

`check_file` reads the file, names its columns (Vietnamese template labels too), recognises its
kind from them and hands the rows to the kind's module (`figures`, `facilities`, `boundaries`,
`difficulty_flags`, `recognitions`), which checks them against the database's catalogue and
units. It returns an `ImportPlan`: parsed rows and problems. Nothing is written here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

import dashboard.loading.importer.boundaries as boundaries
import dashboard.loading.importer.difficulty_flags as difficulty_flags
import dashboard.loading.importer.facilities as facilities
import dashboard.loading.importer.figures as figures
import dashboard.loading.importer.recognitions as recognitions
from dashboard.loading.importer._read import Problem, RawTable, Refused, key_text, read_table
from dashboard.loading.importer._shared import (
    BOUNDARIES,
    DIFFICULTY_FLAGS,
    FACILITIES,
    INDICATOR_VALUES,
    RECOGNITIONS,
    ImportPlan,
    source_url_problem,
)
from dashboard.loading.importer._shared import COLUMN_ALIASES_VI as SHARED_COLUMN_ALIASES_VI
from dashboard.loading.importer.facilities import COLUMN_ALIASES_EN

# Each kind's column specification, gathered: what check_file and the templates name.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    INDICATOR_VALUES: figures.REQUIRED_COLUMNS,
    FACILITIES: facilities.REQUIRED_COLUMNS,
    BOUNDARIES: boundaries.REQUIRED_COLUMNS,
    DIFFICULTY_FLAGS: difficulty_flags.REQUIRED_COLUMNS,
    RECOGNITIONS: recognitions.REQUIRED_COLUMNS,
}
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    INDICATOR_VALUES: figures.OPTIONAL_COLUMNS,
    FACILITIES: facilities.OPTIONAL_COLUMNS,
    BOUNDARIES: boundaries.OPTIONAL_COLUMNS,
    DIFFICULTY_FLAGS: difficulty_flags.OPTIONAL_COLUMNS,
    RECOGNITIONS: recognitions.OPTIONAL_COLUMNS,
}
PREVIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    INDICATOR_VALUES: figures.PREVIEW_COLUMNS,
    FACILITIES: facilities.PREVIEW_COLUMNS,
    BOUNDARIES: boundaries.PREVIEW_COLUMNS,
    DIFFICULTY_FLAGS: difficulty_flags.PREVIEW_COLUMNS,
    RECOGNITIONS: recognitions.PREVIEW_COLUMNS,
}
_CHECK_ROWS: dict[str, Callable[[Engine, ImportPlan, RawTable, dict[str, int]], None]] = {
    INDICATOR_VALUES: figures.check_rows,
    FACILITIES: facilities.check_rows,
    BOUNDARIES: boundaries.check_rows,
    DIFFICULTY_FLAGS: difficulty_flags.check_rows,
    RECOGNITIONS: recognitions.check_rows,
}
KNOWN_COLUMNS = frozenset(
    c for cols in (*REQUIRED_COLUMNS.values(), *OPTIONAL_COLUMNS.values()) for c in cols
)
# Vietnamese column labels of the downloadable templates -> the importer's column names
# (recognitions last: "kind" is named after its "loại công nhận" in a missing-column message).
COLUMN_ALIASES_VI: dict[str, str] = (
    SHARED_COLUMN_ALIASES_VI
    | figures.COLUMN_ALIASES_VI
    | facilities.COLUMN_ALIASES_VI
    | boundaries.COLUMN_ALIASES_VI
    | difficulty_flags.COLUMN_ALIASES_VI
    | recognitions.COLUMN_ALIASES_VI
)


def _canonical_columns(
    table: RawTable, problems: list[Problem]
) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Column name -> index, column name -> label as written, and labels not recognised."""
    lookup = {c: c for c in KNOWN_COLUMNS} | COLUMN_ALIASES_EN | COLUMN_ALIASES_VI
    lookup = {key_text(k).casefold(): v for k, v in lookup.items()}
    index: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    for i, label in enumerate(table.labels):
        key = key_text(label).casefold()
        name = lookup.get(key)
        if name is None and table.truncated_labels and len(key) == 10:
            matches = {c for c in KNOWN_COLUMNS if c.startswith(key)}
            name = matches.pop() if len(matches) == 1 else None
        if name is None:
            if label:
                ignored.append(label)
            continue
        if name in index:
            message = f"column '{label}' repeats column '{labels[name]}'"
            problems.append(Problem(table.header_row, name, message))
            continue
        index[name], labels[name] = i, label
    return index, labels, ignored


def _plan_kind(columns: set[str]) -> str | None:
    """A flag list has a particularly_difficult column; a recognition file a decision."""
    if "particularly_difficult" in columns:
        return DIFFICULTY_FLAGS
    if columns & {"recipient", "decision_number", "decision_date", "issuing_body"}:
        return RECOGNITIONS
    return None


def _detect_kind(columns: set[str], table: RawTable) -> str | None:
    if plan_kind := _plan_kind(columns):
        return plan_kind
    geometries = [g for g in (table.geometries or []) if g is not None]
    if any(g.geom_type in ("Polygon", "MultiPolygon") for g in geometries):
        return BOUNDARIES
    values = len(columns & {"indicator", "period", "value", "numerator", "denominator"})
    places = len(columns & {"name", "kind", "lat", "lon"}) + (1 if geometries else 0)
    if values == places == 0:
        return BOUNDARIES if table.geometries is not None and "gso_code" in columns else None
    return INDICATOR_VALUES if values >= places else FACILITIES


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(
    *,
    engine: Engine,
    path: Path,
    source_title: str | None = None,
    source_url: str | None = None,
) -> ImportPlan:
    """Read and check a file against the database; nothing is written.

    Raises UnreadableFile when the file cannot be read at all; every other problem,
    including a refused file (size, macros, formulas, zip paths, CRS), is in `plan.problems`.
    """
    path = Path(path)
    plan = ImportPlan(
        path=path,
        source_title=key_text(source_title or "") or None,
        source_url=(source_url or "").strip() or None,
    )
    if plan.source_url and not plan.source_title:
        plan.problems.append(Problem(None, None, "a source URL was given without a source title"))
        return plan
    if plan.source_url and (why := source_url_problem(plan.source_url)):
        plan.problems.append(Problem(None, None, why))
        return plan
    try:
        table = read_table(path)
    except Refused as exc:
        plan.problems.append(Problem(None, None, str(exc)))
        return plan
    plan.file_sha256 = _sha256(path)
    plan.reprojected_from = table.reprojected_from
    index, plan.labels, plan.ignored_columns = _canonical_columns(table, plan.problems)
    for p in table.problems:  # formulas, ragged rows: name the column as the checks do
        column = next((c for c, label in plan.labels.items() if label == p.column), p.column)
        plan.problems.append(Problem(p.row, column, p.message))
    kind = _detect_kind(set(index), table)
    if kind is None:
        plan.problems.append(
            Problem(
                table.header_row,
                None,
                "cannot tell what the file holds: expected indicator values (indicator, unit_code, "
                "period, value), facilities (name, kind, unit_code, lat, lon) or boundaries "
                "(gso_code and a polygon geometry)",
            )
        )
        return plan
    plan.kind = kind
    plan.preview_columns = PREVIEW_COLUMNS[kind]
    required = list(REQUIRED_COLUMNS[kind])
    if kind == FACILITIES and table.geometries is None:
        required += ["lat", "lon"]
    if kind == INDICATOR_VALUES and "period_label" in index:  # a legacy file: the label says it
        required.remove("period")
    if missing := [c for c in required if c not in index]:
        vi = {v: k for k, v in COLUMN_ALIASES_VI.items()}
        for column in missing:
            alias = f" (template label '{vi[column]}')" if column in vi else ""
            plan.problems.append(
                Problem(table.header_row, column, f"missing required column '{column}'{alias}")
            )
        return plan
    if not table.rows:
        plan.problems.append(Problem(table.header_row, None, "the file has no data rows"))
        return plan
    _CHECK_ROWS[kind](engine, plan, table, index)
    plan.problems.sort(key=lambda p: (p.row or 0) if p.row is not None else -1)
    return plan
