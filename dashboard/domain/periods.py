"""Reporting periods as data: what a figure's period is, and when the source reported it.

A period is a calendar year ("2025"), a school year ("2024-2025", 1 Sep to 31 May), a date
("2025-10-31"), a date from which a state holds ("from 1 Jul 2025") or a range ("2020 to early
2024"). Beside it: the day the source reported the figure, whether that day's year was inferred
(the source gave day and month only), and whether the source said only that the figure was
reported during the period. The fields are the truth; `dashboard.i18n.format_period` writes
them in the reader's language. `parse_legacy_label` reads the English wordings stored before
the fields existed (and still accepted in an import), refusing what it cannot read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
SCHOOL_YEAR_START = (9, 1)  # 1 Sep of the first year
SCHOOL_YEAR_END = (5, 31)  # 31 May of the second


class PeriodError(ValueError):
    """Text or fields that do not make a period."""


class PeriodKind(StrEnum):
    """What kind of span a period is."""

    YEAR = "year"
    SCHOOL_YEAR = "school_year"
    DATE = "date"
    SINCE = "since"  # a state that holds from a date on (its start and end are that date)
    RANGE = "range"


class EndPart(StrEnum):
    """Where in its last year a range ends, when the source says only that."""

    EARLY = "early"
    MID = "mid"
    LATE = "late"


@dataclass(frozen=True)
class Period:
    """A figure's period: code, kind, first and last day, and what the source said of its report.

    `reported`: the day the source reported the figure; `year_inferred`: that day's year is
    inferred (the source gave day and month); `report_undated`: reported during the period, the
    source gives no day; `end_part`: a range of whole years ends early, mid or late in its last
    year. Construction checks that the fields agree with each other and with the code.
    """

    code: str
    kind: PeriodKind
    start: dt.date
    end: dt.date
    reported: dt.date | None = None
    year_inferred: bool = False
    report_undated: bool = False
    end_part: EndPart | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", PeriodKind(self.kind))
            if self.end_part is not None:
                object.__setattr__(self, "end_part", EndPart(self.end_part))
        except ValueError as exc:
            raise PeriodError(str(exc)) from None
        first, last = _span(self.code, self.kind)
        if self.kind == PeriodKind.RANGE:
            if (self.start.year, self.end.year) != (first.year, last.year):
                raise PeriodError(
                    f"a range '{self.code}' starts in {first.year} and ends in {last.year}"
                )
        elif (self.start, self.end) != (first, last):
            raise PeriodError(
                f"period '{self.code}' of kind {self.kind.value} runs from {first.isoformat()} "
                f"to {last.isoformat()}"
            )
        if self.end_part is not None and (
            self.kind != PeriodKind.RANGE or (self.end.month, self.end.day) != (12, 31)
        ):
            raise PeriodError("only a range of whole years ends early, mid or late in a year")
        if self.reported is not None and self.reported < self.start:
            raise PeriodError(
                f"reported {self.reported.isoformat()}, before the period starts "
                f"({self.start.isoformat()})"
            )
        if self.year_inferred and self.reported is None:
            raise PeriodError("an inferred year needs a report date")
        if self.report_undated and self.reported is not None:
            raise PeriodError("a report date and 'date not given' contradict each other")

    @property
    def reported_on_the_day(self) -> bool:
        """A date the figure was reported on ('as reported 31 Oct'): one day, said once."""
        return self.kind == PeriodKind.DATE and self.reported == self.start

    @property
    def whole_years(self) -> bool:
        """A range from 1 Jan of its first year to 31 Dec of its last."""
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)


def _date(year: int | str, month: int, day: int | str, text: str) -> dt.date:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        raise PeriodError(f"'{text}' holds no valid date") from None


def _month(name: str, text: str) -> int:
    """'Oct' or 'October' -> 10."""
    for number, full in enumerate(_MONTH_NAMES, start=1):
        if name.lower() in (full[:3], full):
            return number
    raise PeriodError(f"unknown month '{name}' in '{text}'")


def _span(code: str, kind: PeriodKind) -> tuple[dt.date, dt.date]:
    """First and last day of the period `code` names when read as `kind` (a range: the whole
    years)."""
    if kind == PeriodKind.YEAR and re.fullmatch(r"\d{4}", code):
        return dt.date(int(code), 1, 1), dt.date(int(code), 12, 31)
    if kind in (PeriodKind.DATE, PeriodKind.SINCE) and (
        m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", code)
    ):
        day = _date(m[1], int(m[2]), m[3], code)
        return day, day
    if m := re.fullmatch(r"(\d{4})-(\d{4})", code):
        first, last = int(m[1]), int(m[2])
        if kind == PeriodKind.SCHOOL_YEAR and last == first + 1:
            return dt.date(first, *SCHOOL_YEAR_START), dt.date(last, *SCHOOL_YEAR_END)
        if kind == PeriodKind.RANGE and first < last:
            return dt.date(first, 1, 1), dt.date(last, 12, 31)
    raise PeriodError(f"'{code}' is not a code of kind {kind.value} (such as {_CODES[kind]})")


_CODES = {
    PeriodKind.YEAR: "2025",
    PeriodKind.SCHOOL_YEAR: "2024-2025",
    PeriodKind.DATE: "2025-10-31",
    PeriodKind.SINCE: "2025-07-01",
    PeriodKind.RANGE: "2020-2024",
}


def parse_code(code: str, kind: PeriodKind | str | None = None) -> Period:
    """The period a bare code names: '2025' (a year), '2024-2025' (a school year), '2020-2024'
    (a range of whole years) or '2025-10-31' (a date); `kind` says how to read a code that
    could be read two ways ('2025-07-01' since that day, '2023-2024' a range)."""
    text = str(code).strip()
    if kind is not None:
        try:
            wanted = PeriodKind(kind)
        except ValueError:
            raise PeriodError(
                f"unknown period kind '{kind}' (one of: {', '.join(k.value for k in PeriodKind)})"
            ) from None
        return Period(text, wanted, *_span(text, wanted))
    for guess in (PeriodKind.YEAR, PeriodKind.DATE, PeriodKind.SCHOOL_YEAR, PeriodKind.RANGE):
        try:
            return Period(text, guess, *_span(text, guess))
        except PeriodError:
            continue
    raise PeriodError(f"cannot read a period from '{text}' (2025, 2024-2025 or 2025-10-31)")


# -- the English wordings stored as labels before the fields existed ------------------------

_DAY_MONTH = r"(\d{1,2}) ([A-Za-z]{3,9})"
_DATE = rf"\d{{4}}-\d{{2}}-\d{{2}}|{_DAY_MONTH} \d{{4}}"
_YEARS = r"(\d{4})\s*[-–/]\s*(\d{4})"


def _read_date(text: str, label: str) -> dt.date:
    """'2025-10-31' or '31 Oct 2025' (also 'October')."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return _date(m[1], int(m[2]), m[3], label)
    if m := re.fullmatch(rf"{_DAY_MONTH} (\d{{4}})", text):
        return _date(m[3], _month(m[2], label), m[1], label)
    raise PeriodError(f"cannot read a date from '{text}' in '{label}'")


@dataclass
class _Report:
    """What the parenthesis of a legacy label says about the report."""

    day_month: tuple[int, int] | None = None
    year: int | None = None
    inferred_year: int | None = None
    inferred: bool = False
    undated: bool = False


def _read_report(report: _Report, text: str, label: str) -> None:
    """One report clause: 'reported 31 Oct', 'meeting of 9 Jan 2026', 'year inferred 2025'."""
    if m := re.fullmatch(rf"(?:as )?(?:reported|meeting of) {_DAY_MONTH}(?: (\d{{4}}))?", text):
        if report.day_month is not None:
            raise PeriodError(f"two report dates in '{label}'")
        report.day_month = (int(m[1]), _month(m[2], label))
        report.year = int(m[3]) if m[3] else None
    elif m := re.fullmatch(r"year inferred(?: (\d{4}))?", text):
        report.inferred = True
        report.inferred_year = int(m[1]) if m[1] else None
    elif text in ("article date not shown", "reported during the period, date not given"):
        report.undated = True
    else:
        raise PeriodError(f"cannot read '{text}' in '{label}'")


def _reported(report: _Report, label: str) -> dt.date | None:
    if report.day_month is None:
        if report.inferred:
            raise PeriodError(f"'{label}' infers a year but gives no report date")
        return None
    year = report.year or report.inferred_year
    if year is None:
        raise PeriodError(f"the report date in '{label}' has no year")
    if report.year and report.inferred_year and report.year != report.inferred_year:
        raise PeriodError(f"two different years of the report in '{label}'")
    day, month = report.day_month
    return _date(year, month, day, label)


def _main(text: str, label: str) -> Period:
    """The period itself, without what is said of its report."""
    if re.fullmatch(r"\d{4}", text):
        return parse_code(text)
    if m := re.fullmatch(rf"{_YEARS}( school year)?", text):
        if m[3] and int(m[2]) != int(m[1]) + 1:
            raise PeriodError(f"'{label}' is not a school year")
        return parse_code(f"{m[1]}-{m[2]}")
    if m := re.fullmatch(rf"(as of |from )?({_DATE})", text):
        day = _read_date(m[2], label)
        kind = PeriodKind.SINCE if m[1] == "from " else PeriodKind.DATE
        return Period(day.isoformat(), kind, day, day)
    if m := re.fullmatch(r"(\d{4}) to (?:(early|mid|late) )?(\d{4})", text):
        first, last = int(m[1]), int(m[3])
        return Period(
            f"{first}-{last}",
            PeriodKind.RANGE,
            dt.date(first, 1, 1),
            dt.date(last, 12, 31),
            end_part=EndPart(m[2]) if m[2] else None,
        )
    if m := re.fullmatch(rf"({_DATE}) to ({_DATE})", text):
        start, end = _read_date(m[1], label), _read_date(m[4], label)
        return Period(f"{start.year}-{end.year}", PeriodKind.RANGE, start, end)
    raise PeriodError(f"cannot read a period from '{label}'")


def parse_legacy_label(label: str) -> Period:
    """The period an English label says: '2024-2025 school year (reported 31 Oct; year inferred
    2025)', 'as reported 31 Oct (year inferred 2025)', '2025 (meeting of 9 Jan; year inferred
    2026)', 'as of 31 Dec 2025', 'from 2025-07-01', '2020 to early 2024', a bare code, and the
    English that `format_period` writes. Raises PeriodError, naming the label, for anything else.

    A meeting's day is the day the figures were reported; 'as reported during the 2024-2025
    school year (article date not shown)' is that school year, reported in it on a day not given.
    """
    text = " ".join(str(label).split())
    if not text:
        raise PeriodError("the period is empty")
    report = _Report()
    if m := re.fullmatch(r"(.*?) \((.*)\)", text):
        main = m[1]
        for clause in m[2].split("; "):
            _read_report(report, clause, text)
    else:
        main = text
    reported_day = None
    if m := re.fullmatch(r"as reported during the (.*)", main):
        main, report.undated = m[1], True
    elif re.fullmatch(rf"(?:as )?reported {_DAY_MONTH}(?: \d{{4}})?", main):
        _read_report(report, main, text)
        reported_day = True
        main = ""
    reported = _reported(report, text)
    if reported_day:
        assert reported is not None
        period = Period(reported.isoformat(), PeriodKind.DATE, reported, reported)
    else:
        period = _main(main, text)
    return Period(
        period.code,
        period.kind,
        period.start,
        period.end,
        reported=reported,
        year_inferred=report.inferred,
        report_undated=report.undated,
        end_part=period.end_part,
    )
