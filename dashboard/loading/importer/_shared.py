"""What every import kind shares: the plan and the checks of numbers, sources, periods, units.

The kind modules (`figures`, `facilities`, `boundaries`, `difficulty_flags`, `recognitions`)
subclass `Checker`; a cell's problem is raised as `Bad` and recorded with its row and column.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, select

from dashboard.data.models import (
    VINTAGE_POST_2025,
    VINTAGE_PRE_2025,
    VINTAGES,
    AdminUnit,
    Indicator,
)
from dashboard.domain.periods import (
    EndPart,
    Period,
    PeriodError,
    PeriodKind,
    parse_code,
    parse_legacy_label,
)
from dashboard.domain.units import PROVINCE_CODE, REFORM_DATE
from dashboard.loading.importer._read import Problem, RawTable, key_text
from geo import from_wkb

INDICATOR_VALUES, FACILITIES, BOUNDARIES = "indicator_values", "facilities", "boundaries"
# -- kinds of the plan area (issue 14): "particularly difficult" flags and recognitions --------
DIFFICULTY_FLAGS, RECOGNITIONS = "difficulty_flags", "recognitions"
PLAN_KINDS = (DIFFICULTY_FLAGS, RECOGNITIONS)
KINDS: tuple[str, ...] = (INDICATOR_VALUES, FACILITIES, BOUNDARIES, *PLAN_KINDS)

# Vietnamese template labels of the columns several kinds share -> the importer's column names.
COLUMN_ALIASES_VI: dict[str, str] = {
    "mã đơn vị": "unit_code",
    "kỳ": "period",
    "nguồn": "source_title",
    "đường dẫn nguồn": "source_url",
    "ghi chú": "note",
}

PROVINCE_TOLERANCE_DEG = 0.05  # points this close to the province outline still count
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
    preview_columns: tuple[str, ...] = field(default=("row",), repr=False)  # the kind's

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
        columns = list(self.preview_columns)
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


# -- units --------------------------------------------------------------------------------


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
        """The unit a code (or unique name) names among `vintages`; Bad explains a miss."""
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
                raise Bad(f"unit name '{text}' is ambiguous ({codes}); use its GSO code")
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            found_vintages = "/".join(sorted({u.vintage for u in found}))
            raise Bad(f"unit code '{text}' names units of {found_vintages}; add a vintage column")
        elsewhere = {u.vintage for u in self.by_code.get(text, [])}
        if VINTAGE_PRE_2025 in vintages and VINTAGE_POST_2025 in elsewhere:
            raise Bad(
                f"unit '{text}' is a unit created by the {REFORM} reform, but {context}; "
                "use the unit's code from before the reform"
            )
        if VINTAGE_POST_2025 in vintages and VINTAGE_PRE_2025 in elsewhere:
            raise Bad(
                f"unit '{text}' was abolished by the {REFORM} reform, but {context}; "
                "use the code of its successor commune or ward"
            )
        raise Bad(f"unknown unit code '{text}'")


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


# -- cells: numbers, text, flags ----------------------------------------------------------


class Bad(ValueError):
    """One cell's problem."""


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = {
    ",": re.compile(r"^[+-]?\d{1,3}(,\d{3})+$"),
    ".": re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$"),
}


def parse_number(value: object, *, allow_percent_sign: bool = False) -> float:
    """A number as written in Vietnamese or English files: "81,56", "1.234,5", "1,234.5"."""
    if isinstance(value, bool):
        raise Bad(f"'{value}' is not a number")
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
                raise Bad(f"'{raw}' is not a number")
            s = f"{whole.replace(thousands, '')}.{fraction}"
        elif s.count(",") == 1:
            s = s.replace(",", ".")  # a decimal comma
        elif s.count(",") > 1 or s.count(".") > 1:
            separator = "," if "," in s else "."
            if not _GROUPED[separator].match(s):
                raise Bad(f"'{raw}' is not a number")
            s = s.replace(separator, "")
        if not _PLAIN_NUMBER.match(s):
            raise Bad(f"'{raw}' is not a number")
        number = float(s)
    if not math.isfinite(number):
        raise Bad(f"'{value}' is not a finite number")
    return number


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_TRUE = {"true", "1", "yes", "y", "có", "x"}
_FALSE = {"false", "0", "no", "n", "không", ""}


def parse_flag(value: object) -> bool:
    text = cell_text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Bad(f"'{value}' is not true or false")


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: object) -> dt.date:
    """A date as files write it: 2025-03-14, 14/03/2025 or 14.3.2025."""
    text = cell_text(value)
    try:
        if m := _DAY_MONTH_YEAR.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise Bad(f"'{text}' is not a date (write 2025-03-14 or 14/03/2025)") from None


# The Vietnamese words of the template's drop-downs for a period's kind and a range's end.
PERIOD_KINDS_VI = {
    "năm": "year",
    "năm học": "school_year",
    "ngày": "date",
    "từ ngày": "since",
    "khoảng": "range",
}
END_PARTS_VI = {"đầu năm": "early", "giữa năm": "mid", "cuối năm": "late"}


def _choice_of(
    allowed: Iterable[str], aliases: dict[str, str], what: str
) -> Callable[[object], str]:
    values = tuple(allowed)

    def read(value: object) -> str:
        text = key_text(cell_text(value)).casefold()
        code = text if text in values else aliases.get(text)
        if code is None:
            shown = ", ".join((*values, *aliases))
            raise Bad(f"unknown {what} '{cell_text(value)}' (one of: {shown})")
        return code

    return read


# Template columns that say what the period column cannot: its kind, its first and last day
# (a range), when the source reported the figure, and how.
_PERIOD_FIELD: dict[str, Callable[[object], Any]] = {
    "period_kind": _choice_of((k.value for k in PeriodKind), PERIOD_KINDS_VI, "period kind"),
    "period_start": parse_date,
    "period_end": parse_date,
    "period_reported": parse_date,
    "period_year_inferred": parse_flag,
    "period_report_undated": parse_flag,
    "period_end_part": _choice_of((p.value for p in EndPart), END_PARTS_VI, "end of a range"),
}
PERIOD_FIELD_COLUMNS = tuple(_PERIOD_FIELD)


def fmt_number(number: float) -> str:
    return f"{number:g}"


def row_ranges(numbers: Iterable[int]) -> str:
    """2, 3, 4, 7 -> '2-4, 7'."""
    spans: list[list[int]] = []
    for n in sorted(set(numbers)):
        if spans and spans[-1][1] == n - 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def rows_with_geometry(
    table: RawTable,
) -> Iterator[tuple[tuple[int, list[object]], BaseGeometry | None]]:
    """Each (row, cells) with its feature's geometry (None in a file without geometries)."""
    geometries = table.geometries or [None] * len(table.rows)
    return zip(table.rows, geometries, strict=True)


# -- sources and URLs ---------------------------------------------------------------------

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


# -- the checker every kind extends -------------------------------------------------------


class Checker:
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
        """Run one parse; a Bad becomes this cell's problem and the result None."""
        try:
            return fn()
        except Bad as exc:
            self.problem(row, column, str(exc))
            return None

    def required_text(self, row: int, cells: list[object], column: str) -> str | None:
        text = cell_text(self.cell(cells, column))
        if not text:
            self.problem(row, column, f"{column} is missing")
            return None
        return text

    def number(self, row: int, cells: list[object], column: str, **kw: bool) -> float | None:
        value = self.cell(cells, column)
        if value is None or cell_text(value) == "":
            return None
        return self.guard(row, column, lambda: parse_number(value, **kw))

    def period(
        self, row: int, cells: list[object], out: dict[str, Any]
    ) -> tuple[str | None, Period | None]:
        """The row's period as written and as read (None when missing or unreadable).

        `period` holds a code (2025, 2024-2025, 2025-10-31) or a wording parse_legacy_label
        reads; a legacy `period_label` column is read the same way (and must name the same
        code); the PERIOD_FIELD_COLUMNS, where filled, say the rest (kind, start, end, report).
        """
        has_label = "period_label" in self.index
        period_text = cell_text(self.cell(cells, "period"))
        out["period"] = period_text or None
        period = None
        for column in ("period", "period_label") if has_label else ("period",):
            text = cell_text(self.cell(cells, column))
            if not text:
                continue
            try:
                read = parse_legacy_label(text)
            except PeriodError as exc:
                self.problem(row, column, str(exc))
                return period_text, None
            if period is not None and read.code != period.code:
                message = f"period_label says period '{read.code}', but period is '{period.code}'"
                self.problem(row, column, message)
                return period_text, None
            period, period_text = read, period_text or text
        if period is None:
            missing = "period_label" if has_label and "period" not in self.index else "period"
            self.problem(row, missing, f"{missing} is missing")
            return None, None
        out["period"] = period_text
        period = self.period_fields(row, cells, period)
        if period is not None:
            out["_period"], out["_period_end"] = period.code, period.end
            out["_period_fields"] = period
        return period_text, period

    def period_fields(self, row: int, cells: list[object], base: Period) -> Period | None:
        """`base` with what the filled PERIOD_FIELD_COLUMNS say (None and a problem if wrong)."""
        given = {c: text for c in PERIOD_FIELD_COLUMNS if (text := cell_text(self.cell(cells, c)))}
        if not given:
            return base
        read = {
            c: self.guard(row, c, functools.partial(_PERIOD_FIELD[c], t)) for c, t in given.items()
        }
        if any(v is None for v in read.values()):
            return None
        try:
            kind = read.get("period_kind", base.kind)
            span = base if kind == base.kind else parse_code(base.code, kind)
            return Period(
                base.code,
                kind,
                read.get("period_start", span.start),
                read.get("period_end", span.end),
                reported=read.get("period_reported", base.reported),
                year_inferred=read.get("period_year_inferred", base.year_inferred),
                report_undated=read.get("period_report_undated", base.report_undated),
                end_part=read.get("period_end_part", span.end_part),
            )
        except PeriodError as exc:
            self.problem(row, next(iter(given)) if len(given) == 1 else "period", str(exc))
            return None

    def vintages(self, row: int, cells: list[object], default: tuple[str, ...]) -> tuple[str, ...]:
        text = cell_text(self.cell(cells, "vintage"))
        if not text:
            return default
        if text not in VINTAGES:
            self.problem(row, "vintage", f"vintage '{text}' is not one of {', '.join(VINTAGES)}")
            return ()
        return (text,)

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

    def source(self, row: int, cells: list[object], out: dict[str, Any]) -> None:
        title = cell_text(self.cell(cells, "source_title"))
        url = cell_text(self.cell(cells, "source_url"))
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
        out["note"] = cell_text(self.cell(cells, "note")) or None
        out["is_sample"] = bool(
            self.guard(row, "is_sample", lambda: parse_flag(self.cell(cells, "is_sample")))
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
                f"no source for {where} {row_ranges(self.no_source)}: add a source_title "
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
