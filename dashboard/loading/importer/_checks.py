"""What a planner's file holds and what is wrong with it: column names, kinds, every check.

`check_file` reads the file, recognises its kind from the columns, checks every row against
the database's catalogue and units, and returns an `ImportPlan`: parsed rows and problems.
Nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, select

from dashboard.data.models import (
    FACILITY_KINDS,
    RECIPIENT_KINDS,
    RECOGNITION_KINDS,
    RECOGNITION_LEVELS,
    VINTAGE_ALL,
    VINTAGE_POST_2025,
    VINTAGE_PRE_2025,
    VINTAGES,
    AdminUnit,
    Indicator,
    Recognition,
)
from dashboard.domain.periods import PeriodError, parse_period
from dashboard.domain.units import PROVINCE_CODE, REFORM_DATE
from dashboard.loading.importer._read import Problem, RawTable, Refused, key_text, read_table
from geo import from_wkb, to_wkb

INDICATOR_VALUES, FACILITIES, BOUNDARIES = "indicator_values", "facilities", "boundaries"
KINDS: tuple[str, ...] = (INDICATOR_VALUES, FACILITIES, BOUNDARIES)

# Vietnamese column labels of the downloadable templates -> the importer's column names.
COLUMN_ALIASES_VI: dict[str, str] = {
    "chỉ tiêu": "indicator",
    "mã đơn vị": "unit_code",
    "kỳ": "period",
    "giá trị": "value",
    "tử số": "numerator",
    "mẫu số": "denominator",
    "nguồn": "source_title",
    "đường dẫn nguồn": "source_url",
    "ghi chú": "note",
    "tên": "name",
    "loại": "kind",
    "vĩ độ": "lat",
    "kinh độ": "lon",
    "mã gso": "gso_code",
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

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    INDICATOR_VALUES: ("indicator", "unit_code", "period", "value"),
    FACILITIES: ("name", "kind", "unit_code"),  # and lat + lon, or a point geometry
    BOUNDARIES: ("gso_code",),  # and a polygon geometry
}
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    INDICATOR_VALUES: (
        "numerator",
        "denominator",
        "source_title",
        "source_url",
        "note",
        "is_sample",
    ),
    FACILITIES: (
        "lat",
        "lon",
        "vintage",
        "location_precision",
        "source_title",
        "source_url",
        "note",
        "is_sample",
    ),
    BOUNDARIES: ("vintage", "source_title", "source_url"),
}
KNOWN_COLUMNS = frozenset(
    c for cols in (*REQUIRED_COLUMNS.values(), *OPTIONAL_COLUMNS.values()) for c in cols
)
PREVIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    INDICATOR_VALUES: (
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
    ),
    FACILITIES: (
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
    ),
    BOUNDARIES: (
        "row",
        "gso_code",
        "vintage",
        "unit_name",
        "geometry",
        "source_title",
        "source_url",
    ),
}

# -- kinds of the plan area (issue 14): "particularly difficult" flags and recognitions --------
DIFFICULTY_FLAGS, RECOGNITIONS = "difficulty_flags", "recognitions"
PLAN_KINDS = (DIFFICULTY_FLAGS, RECOGNITIONS)
KINDS = (*KINDS, *PLAN_KINDS)
REQUIRED_COLUMNS |= {
    DIFFICULTY_FLAGS: ("unit_code", "period", "particularly_difficult"),
    RECOGNITIONS: (
        "recipient",
        "recipient_kind",
        "unit_code",
        "kind",
        "level",
        "title",
        "decision_number",
        "decision_date",
        "issuing_body",
    ),
}
OPTIONAL_COLUMNS |= {
    DIFFICULTY_FLAGS: ("source_title", "source_url", "note", "is_sample"),
    RECOGNITIONS: ("source_title", "source_url", "note", "is_sample"),
}
KNOWN_COLUMNS = KNOWN_COLUMNS | frozenset(
    c for k in PLAN_KINDS for c in (*REQUIRED_COLUMNS[k], *OPTIONAL_COLUMNS[k])
)
PREVIEW_COLUMNS |= {
    DIFFICULTY_FLAGS: (
        "row",
        "unit_code",
        "unit_name",
        "period",
        "particularly_difficult",
        "source_title",
        "source_url",
        "note",
    ),
    RECOGNITIONS: (
        "row",
        "recipient",
        "recipient_kind",
        "unit_code",
        "unit_name",
        "kind",
        "level",
        "title",
        "decision_number",
        "decision_date",
        "issuing_body",
        "source_title",
        "source_url",
    ),
}
COLUMN_ALIASES_VI |= {
    "đặc biệt khó khăn": "particularly_difficult",
    "người, đơn vị được công nhận": "recipient",
    "loại người nhận": "recipient_kind",
    "loại công nhận": "kind",
    "cấp": "level",
    "danh hiệu": "title",
    "số quyết định": "decision_number",
    "ngày quyết định": "decision_date",
    "cơ quan ban hành": "issuing_body",
}
RECIPIENT_KIND_ALIASES_VI: dict[str, str] = {
    "đơn vị": "unit",
    "trường học": "school",
    "trường": "school",
    "cơ sở": "facility",
    "tập thể": "collective",
    "cá nhân": "person",
}
RECOGNITION_KIND_ALIASES_VI: dict[str, str] = {
    "đơn vị học tập": "learning_unit",
    "cộng đồng học tập": "learning_community",
    "gia đình học tập": "learning_family",
    "dòng họ học tập": "learning_clan",
    "công dân học tập": "learning_citizen",
    "khen thưởng": "honour",
}
RECOGNITION_LEVEL_ALIASES_VI: dict[str, str] = {
    "xã": "commune",
    "cấp xã": "commune",
    "huyện": "district",
    "cấp huyện": "district",
    "tỉnh": "provincial",
    "cấp tỉnh": "provincial",
    "trung ương": "national",
    "quốc gia": "national",
}

PROVINCE_TOLERANCE_DEG = 0.05  # points this close to the province outline still count
DEFAULT_LOCATION_PRECISION = "reported"
REFORM = f"{REFORM_DATE.day} {REFORM_DATE:%b %Y}"


@dataclass
class ImportPlan:
    """A checked file: its kind, parsed rows and problems; `ok` when it can be written."""

    path: Path
    kind: str = "unknown"
    problems: list[Problem] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    file_sha256: str = ""
    source_title: str | None = None
    source_url: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # column -> label in the file
    ignored_columns: list[str] = field(default_factory=list)
    reprojected_from: str | None = None

    @property
    def ok(self) -> bool:
        return self.kind in KINDS and not self.problems and bool(self.rows)

    def messages(self, limit: int | None = None) -> list[str]:
        """Every problem as `PATH:ROW:COLUMN: message` (the first `limit`, then a count)."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [p.format(str(self.path), self.labels.get(p.column or "")) for p in shown]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problem(s)")
        return lines

    @property
    def preview(self) -> pd.DataFrame:
        """The parsed rows with a `problems` column naming each problem's column."""
        columns = list(PREVIEW_COLUMNS.get(self.kind, ("row",)))
        by_row: dict[int, list[str]] = {}
        for p in self.problems:
            if p.row is not None:
                text = f"{self.labels.get(p.column or '', p.column)}: {p.message}"
                by_row.setdefault(p.row, []).append(text if p.column else p.message)
        frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in self.rows], columns=columns)
        frame["problems"] = (
            ["; ".join(by_row.get(int(n), [])) for n in frame["row"]]
            if len(frame)
            else pd.Series(dtype=str)
        )
        return frame


@dataclass(frozen=True)
class UnitRef:
    id: int
    gso_code: str
    vintage: str
    level: str
    name: str
    full_name: str


@dataclass
class Reference:
    """What the checks compare against: the catalogue, units and the province outline."""

    indicators: dict[str, tuple[str, str]]  # code -> (unit, aggregation)
    units: list[UnitRef]
    province_name: str = "the province"
    province: BaseGeometry | None = None  # buffered by PROVINCE_TOLERANCE_DEG, prepared
    by_code: dict[str, list[UnitRef]] = field(default_factory=dict)
    by_name: dict[str, list[UnitRef]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for u in self.units:
            self.by_code.setdefault(u.gso_code, []).append(u)
            for name in {key_text(u.name), key_text(u.full_name)}:
                self.by_name.setdefault(name, []).append(u)

    def find_unit(self, raw: str, vintages: tuple[str, ...], context: str) -> UnitRef:
        """The unit a code (or unique name) names among `vintages`; _Bad explains a miss."""
        text = key_text(raw)
        found = [u for u in self.by_code.get(text, []) if u.vintage in vintages]
        if not found and text.isdigit():  # a spreadsheet dropped the leading zeros
            for width in (2, 3, 5):
                padded = text.zfill(width)
                if padded != text:
                    found += [u for u in self.by_code.get(padded, []) if u.vintage in vintages]
        if not found and re.search(r"[^\W\d_]", text):
            found = [u for u in self.by_name.get(text, []) if u.vintage in vintages]
            if len(found) > 1:
                codes = ", ".join(sorted({u.gso_code for u in found}))
                raise _Bad(f"unit name '{text}' is ambiguous ({codes}); use its GSO code")
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            found_vintages = "/".join(sorted({u.vintage for u in found}))
            raise _Bad(f"unit code '{text}' names units of {found_vintages}; add a vintage column")
        elsewhere = {u.vintage for u in self.by_code.get(text, [])}
        if VINTAGE_PRE_2025 in vintages and VINTAGE_POST_2025 in elsewhere:
            raise _Bad(
                f"unit '{text}' is a unit created by the {REFORM} reform, but {context}; "
                "use the unit's code from before the reform"
            )
        if VINTAGE_POST_2025 in vintages and VINTAGE_PRE_2025 in elsewhere:
            raise _Bad(
                f"unit '{text}' was abolished by the {REFORM} reform, but {context}; "
                "use the code of its successor commune or ward"
            )
        raise _Bad(f"unknown unit code '{text}'")


def load_reference(engine: Engine) -> Reference:
    """The catalogue, every unit and the buffered province outline, read once per file."""
    with engine.connect() as conn:
        indicators = {
            r.code: (r.unit, r.aggregation)
            for r in conn.execute(select(Indicator.code, Indicator.unit, Indicator.aggregation))
        }
        rows = conn.execute(
            select(
                AdminUnit.id,
                AdminUnit.gso_code,
                AdminUnit.vintage,
                AdminUnit.level,
                AdminUnit.name,
                AdminUnit.full_name,
            )
        ).all()
        province = conn.execute(
            select(AdminUnit.name, AdminUnit.geometry_wkb).where(
                AdminUnit.level == "province", AdminUnit.gso_code == PROVINCE_CODE
            )
        ).first()
    ref = Reference(indicators, [UnitRef(*r) for r in rows])
    if province is not None:
        ref.province_name = province.name
        if province.geometry_wkb is not None:
            outline = from_wkb([province.geometry_wkb]).iloc[0]
            ref.province = outline.buffer(PROVINCE_TOLERANCE_DEG)
            shapely.prepare(ref.province)
    return ref


class _Bad(ValueError):
    """One cell's problem."""


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = {
    ",": re.compile(r"^[+-]?\d{1,3}(,\d{3})+$"),
    ".": re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$"),
}


def parse_number(value: object, *, allow_percent_sign: bool = False) -> float:
    """A number as written in Vietnamese or English files: "81,56", "1.234,5", "1,234.5"."""
    if isinstance(value, bool):
        raise _Bad(f"'{value}' is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        raw = str(value)
        s = re.sub(r"[\s\u00a0\u202f]", "", raw).replace("\u2212", "-")
        if allow_percent_sign and s.endswith("%"):
            s = s[:-1]
        if "," in s and "." in s:
            thousands, decimal = (".", ",") if s.rfind(",") > s.rfind(".") else (",", ".")
            whole, _, fraction = s.rpartition(decimal)
            if not _GROUPED[thousands].match(whole) or not fraction.isdigit():
                raise _Bad(f"'{raw}' is not a number")
            s = f"{whole.replace(thousands, '')}.{fraction}"
        elif s.count(",") == 1:
            s = s.replace(",", ".")  # a decimal comma
        elif s.count(",") > 1 or s.count(".") > 1:
            separator = "," if "," in s else "."
            if not _GROUPED[separator].match(s):
                raise _Bad(f"'{raw}' is not a number")
            s = s.replace(separator, "")
        if not _PLAIN_NUMBER.match(s):
            raise _Bad(f"'{raw}' is not a number")
        number = float(s)
    if not math.isfinite(number):
        raise _Bad(f"'{value}' is not a finite number")
    return number


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_TRUE = {"true", "1", "yes", "y", "có", "x"}
_FALSE = {"false", "0", "no", "n", "không", ""}


def _flag(value: object) -> bool:
    text = _text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Bad(f"'{value}' is not true or false")


def _fmt(number: float) -> str:
    return f"{number:g}"


def _ranges(numbers: Iterable[int]) -> str:
    """2, 3, 4, 7 -> '2-4, 7'."""
    spans: list[list[int]] = []
    for n in sorted(set(numbers)):
        if spans and spans[-1][1] == n - 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


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


class _Checker:
    """Checks the rows of one kind; records problems by row and column."""

    def __init__(
        self, plan: ImportPlan, table: RawTable, ref: Reference, index: dict[str, int]
    ) -> None:
        self.plan, self.table, self.ref, self.index = plan, table, ref, index
        self.no_source: list[int] = []

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        self.plan.problems.append(Problem(row, column, message))

    def cell(self, cells: list[object], column: str) -> object:
        i = self.index.get(column)
        return None if i is None else cells[i]

    def guard(self, row: int, column: str, fn: Callable[[], Any]) -> Any:
        """Run one parse; a _Bad becomes this cell's problem and the result None."""
        try:
            return fn()
        except _Bad as exc:
            self.problem(row, column, str(exc))
            return None

    def required_text(self, row: int, cells: list[object], column: str) -> str | None:
        text = _text(self.cell(cells, column))
        if not text:
            self.problem(row, column, f"{column} is missing")
            return None
        return text

    def number(self, row: int, cells: list[object], column: str, **kw: bool) -> float | None:
        value = self.cell(cells, column)
        if value is None or _text(value) == "":
            return None
        return self.guard(row, column, lambda: parse_number(value, **kw))

    def source(self, row: int, cells: list[object], out: dict[str, Any]) -> None:
        title, url = _text(self.cell(cells, "source_title")), _text(self.cell(cells, "source_url"))
        if not title and url:
            self.problem(row, "source_title", "source_url is given without source_title")
            return
        if url and (why := source_url_problem(url)):
            self.problem(row, "source_url", why)
            return
        if not title and self.plan.source_title:
            title, url = self.plan.source_title, self.plan.source_url or ""
        if not title:
            self.no_source.append(row)
        out["source_title"], out["source_url"] = title or None, url

    def common(self, row: int, cells: list[object], out: dict[str, Any]) -> None:
        self.source(row, cells, out)
        out["note"] = _text(self.cell(cells, "note")) or None
        out["is_sample"] = bool(
            self.guard(row, "is_sample", lambda: _flag(self.cell(cells, "is_sample")))
        )

    def report_missing_sources(self) -> None:
        if not self.no_source:
            return
        fix = "name a source for the whole file (--source-title)"
        if "source_title" in self.index:
            for row in self.no_source:
                self.problem(row, "source_title", f"no source: fill source_title or {fix}")
        else:
            where = "features" if self.table.header_row is None else "rows"
            self.problem(
                self.table.header_row,
                "source_title",
                f"no source for {where} {_ranges(self.no_source)}: add a source_title "
                f"column or {fix}",
            )

    def duplicates(self, keyed: list[tuple[int, Any]], column: str, what: str) -> None:
        seen: dict[Any, int] = {}
        for row, key in keyed:
            if key in seen:
                where = "feature" if self.table.header_row is None else "row"
                self.problem(row, column, f"same {what} as {where} {seen[key]}")
            else:
                seen[key] = row

    # -- indicator values -------------------------------------------------------------

    def indicator_value(self, row: int, cells: list[object]) -> dict[str, Any]:
        out: dict[str, Any] = {"row": row}
        code = self.required_text(row, cells, "indicator")
        out["indicator"] = code
        catalogue = self.ref.indicators.get(code or "")
        if code and catalogue is None:
            close = difflib.get_close_matches(code, self.ref.indicators, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem(row, "indicator", f"unknown indicator '{code}'{hint}")
        period_text = self.required_text(row, cells, "period")
        out["period"] = period_text
        period = None
        if period_text:
            try:
                period = parse_period(period_text)
            except PeriodError as exc:
                self.problem(row, "period", str(exc))
        if period is not None:
            out["_period"], out["_period_end"] = period.code, period.end
        unit_text = self.required_text(row, cells, "unit_code")
        out["unit_code"] = unit_text
        if unit_text and period is None:  # no vintage to look in: the code must exist somewhere
            for vintage in VINTAGES:
                try:
                    self.ref.find_unit(unit_text, (vintage,), "")
                    break
                except _Bad:
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
        if value is None or _text(value) == "":
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
                self.problem(row, column, f"{column} {_fmt(number)} is negative")
        if numerator is not None and denominator is not None:
            if denominator == 0:
                self.problem(row, "denominator", "denominator is zero")
            elif numerator > denominator:
                self.problem(
                    row,
                    "numerator",
                    f"numerator {_fmt(numerator)} is greater than denominator {_fmt(denominator)}",
                )
        self.common(row, cells, out)
        return out

    def check_range(self, row: int, value: float, catalogue: tuple[str, str]) -> None:
        unit, aggregation = catalogue
        if unit.startswith("percent") and not 0 <= value <= 100:
            self.problem(row, "value", f"{_fmt(value)} is outside 0-100 for a percentage")
        elif aggregation == "sum" and value < 0:
            self.problem(row, "value", f"{_fmt(value)} is negative; a count ({unit}) cannot be")
        elif aggregation == "sum" and "VND" not in unit and not float(value).is_integer():
            self.problem(
                row, "value", f"{_fmt(value)} is not a whole number; a count ({unit}) must be"
            )

    # -- facilities -------------------------------------------------------------------

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
        precision = _text(self.cell(cells, "location_precision"))
        out["location_precision"] = precision or DEFAULT_LOCATION_PRECISION
        self.common(row, cells, out)
        return out

    def vintages(self, row: int, cells: list[object], default: tuple[str, ...]) -> tuple[str, ...]:
        text = _text(self.cell(cells, "vintage"))
        if not text:
            return default
        if text not in VINTAGES:
            self.problem(row, "vintage", f"vintage '{text}' is not one of {', '.join(VINTAGES)}")
            return ()
        return (text,)

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
        where = f"lat {_fmt(lat)}, lon {_fmt(lon)}"
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

    # -- boundaries -------------------------------------------------------------------

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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


SOURCE_URL_SCHEMES = ("http", "https")


def source_url_problem(url: str) -> str | None:
    """Why a source URL is refused (only http/https with a host are stored); None when fine."""
    from urllib.parse import urlsplit

    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the source URL cannot be read; give an http:// or https:// address"
    if parts.scheme.lower() not in SOURCE_URL_SCHEMES or not parts.netloc:
        shown = url if len(url) <= 40 else url[:40] + "…"
        return f"the source URL '{shown}' is not an http:// or https:// address"
    return None


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
    required = list(REQUIRED_COLUMNS[kind])
    if kind == FACILITIES and table.geometries is None:
        required += ["lat", "lon"]
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
    if kind in PLAN_KINDS:
        return _check_plan_rows(engine, plan, table, index)
    checker = _Checker(plan, table, load_reference(engine), index)
    geometries = table.geometries or [None] * len(table.rows)
    for (row, cells), geometry in zip(table.rows, geometries, strict=True):
        if kind == INDICATOR_VALUES:
            plan.rows.append(checker.indicator_value(row, cells))
        elif kind == FACILITIES:
            plan.rows.append(checker.facility(row, cells, geometry))
        else:
            plan.rows.append(checker.boundary(row, cells, geometry))
    checker.report_missing_sources()
    keyed = [(r["row"], r) for r in plan.rows if r.get("_unit_id") is not None]
    if kind == INDICATOR_VALUES:
        checker.duplicates(
            [
                (n, (r["indicator"], r["_unit_id"], r.get("_period")))
                for n, r in keyed
                if r.get("_period")
            ],
            "indicator",
            "indicator, unit and period",
        )
    elif kind == FACILITIES:
        checker.duplicates(
            [(n, (r["kind"], key_text(r["name"] or ""), r["_unit_id"])) for n, r in keyed],
            "name",
            "kind, name and unit",
        )
    else:
        checker.duplicates([(n, r["_unit_id"]) for n, r in keyed], "gso_code", "unit")
    plan.problems.sort(key=lambda p: (p.row or 0) if p.row is not None else -1)
    return plan


# -- the plan area's kinds (issue 14): "particularly difficult" flags and recognitions --------


def _plan_kind(columns: set[str]) -> str | None:
    """A flag list has a particularly_difficult column; a recognition file a decision."""
    if "particularly_difficult" in columns:
        return DIFFICULTY_FLAGS
    if columns & {"recipient", "decision_number", "decision_date", "issuing_body"}:
        return RECOGNITIONS
    return None


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_decision_date(value: object) -> dt.date:
    """A decision date as files write it: 2025-03-14, 14/03/2025 or 14.3.2025."""
    text = _text(value)
    try:
        if m := _DAY_MONTH_YEAR.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise _Bad(f"'{text}' is not a date (write 2025-03-14 or 14/03/2025)") from None


def _choice(text: str, allowed: tuple[str, ...], aliases: dict[str, str], what: str) -> str:
    code = text if text in allowed else aliases.get(key_text(text).casefold())
    if code is None:
        raise _Bad(f"unknown {what} '{text}' (one of: {', '.join(allowed)})")
    return code


def _recognition_key(recipient: str, title: str, decision: str) -> tuple[str, str, str]:
    return tuple(key_text(x).casefold() for x in (recipient, title, decision))  # type: ignore[return-value]


class _PlanChecker(_Checker):
    """Checks flag lists and recognitions."""

    def unit_at(self, row: int, cells: list[object], end: dt.date, why: str) -> dict[str, Any]:
        """The unit named in unit_code as it existed on `end` (district or commune)."""
        out: dict[str, Any] = {}
        unit_text = self.required_text(row, cells, "unit_code")
        out["unit_code"] = unit_text
        if not unit_text:
            return out
        before = end < REFORM_DATE
        vintages = (VINTAGE_PRE_2025 if before else VINTAGE_POST_2025,)
        context = f"{why} {end.isoformat()}, {'before' if before else 'after'} it"
        unit = self.guard(
            row, "unit_code", lambda: self.ref.find_unit(unit_text, vintages, context)
        )
        if unit is not None:
            out["unit_code"], out["unit_name"], out["_unit_id"] = (
                unit.gso_code,
                unit.full_name,
                unit.id,
            )
        return out

    def flag(self, row: int, cells: list[object]) -> dict[str, Any]:
        out: dict[str, Any] = {"row": row}
        period_text = self.required_text(row, cells, "period")
        out["period"] = period_text
        period = None
        if period_text:
            try:
                period = parse_period(period_text)
            except PeriodError as exc:
                self.problem(row, "period", str(exc))
        if period is not None:
            out["_period"], out["_period_end"] = period.code, period.end
            out |= self.unit_at(row, cells, period.end, f"period '{period_text}' ends on")
        else:
            out["unit_code"] = _text(self.cell(cells, "unit_code"))
        raw = self.cell(cells, "particularly_difficult")
        if _text(raw) == "":
            self.problem(row, "particularly_difficult", "particularly_difficult is missing")
        else:
            out["particularly_difficult"] = self.guard(
                row, "particularly_difficult", lambda: _flag(raw)
            )
        self.common(row, cells, out)
        return out

    def recognition(self, row: int, cells: list[object]) -> dict[str, Any]:
        out: dict[str, Any] = {"row": row}
        for column in ("recipient", "title", "decision_number", "issuing_body"):
            text = self.required_text(row, cells, column)
            out[column] = key_text(text) if text else None
        for column, allowed, aliases, what in (
            ("recipient_kind", RECIPIENT_KINDS, RECIPIENT_KIND_ALIASES_VI, "recipient kind"),
            ("kind", RECOGNITION_KINDS, RECOGNITION_KIND_ALIASES_VI, "recognition kind"),
            ("level", RECOGNITION_LEVELS, RECOGNITION_LEVEL_ALIASES_VI, "level"),
        ):
            text = self.required_text(row, cells, column)
            out[column] = text
            if text:
                out[column] = self.guard(
                    row, column, functools.partial(_choice, text, allowed, aliases, what)
                )
        date_text = self.required_text(row, cells, "decision_date")
        decided = None
        if date_text:
            decided = self.guard(row, "decision_date", lambda: parse_decision_date(date_text))
        if decided is not None and decided > dt.date.today():
            self.problem(
                row, "decision_date", f"decision date {decided.isoformat()} is in the future"
            )
            decided = None
        out["decision_date"] = decided.isoformat() if decided else date_text
        out["_decision_date"] = decided
        if decided is not None:
            out |= self.unit_at(row, cells, decided, "the decision is dated")
        else:
            out["unit_code"] = _text(self.cell(cells, "unit_code"))
        self.common(row, cells, out)
        if out["is_sample"] and out.get("recipient_kind") == "person":
            self.problem(
                row,
                "recipient_kind",
                "a sample recognition names a unit, school, facility or collective, never a person",
            )
        return out


def _existing_recognitions(engine: Engine) -> dict[tuple[str, str, str], int]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Recognition.id,
                Recognition.recipient,
                Recognition.title,
                Recognition.decision_number,
            )
        ).all()
    return {_recognition_key(r.recipient, r.title, r.decision_number): r.id for r in rows}


def _check_plan_rows(
    engine: Engine, plan: ImportPlan, table: RawTable, index: dict[str, int]
) -> ImportPlan:
    """Check every row of a flag list or a recognition file (kind already recognised)."""
    checker = _PlanChecker(plan, table, load_reference(engine), index)
    for row, cells in table.rows:
        if plan.kind == DIFFICULTY_FLAGS:
            plan.rows.append(checker.flag(row, cells))
        else:
            plan.rows.append(checker.recognition(row, cells))
    checker.report_missing_sources()
    if plan.kind == DIFFICULTY_FLAGS:
        checker.duplicates(
            [
                (r["row"], (r["_unit_id"], r["_period"]))
                for r in plan.rows
                if r.get("_unit_id") is not None and r.get("_period")
            ],
            "unit_code",
            "unit and period",
        )
    else:
        keyed = [
            (r["row"], _recognition_key(r["recipient"], r["title"], r["decision_number"]))
            for r in plan.rows
            if r.get("recipient") and r.get("title") and r.get("decision_number")
        ]
        checker.duplicates(keyed, "recipient", "recipient, title and decision")
        recorded = _existing_recognitions(engine)
        for row, key in keyed:
            if key in recorded:
                checker.problem(
                    row,
                    "recipient",
                    "this recipient already has this title by this decision "
                    f"(recognition {recorded[key]}); duplicates are refused",
                )
    plan.problems.sort(key=lambda p: (p.row or 0) if p.row is not None else -1)
    return plan
