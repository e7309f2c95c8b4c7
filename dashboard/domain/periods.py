"""Reporting periods: a canonical code and an end date from the way sources write them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


class PeriodError(ValueError):
    """Text that does not name a period."""


@dataclass(frozen=True)
class Period:
    """A period: its canonical code ("2025", "2024-2025", "2025-10-31") and last day."""

    code: str
    end: dt.date


def _date(year: str, month: int, day: str | int) -> dt.date:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError as exc:
        raise PeriodError(str(exc)) from exc


def parse_period(text: str) -> Period:
    """Canonical period of a source's wording; raises PeriodError when none can be read.

    School years ("2024-2025") end on 31 May; years on 31 Dec; dates are themselves.
    """
    s = " ".join(str(text).split()).lower()
    if m := re.match(r"^(?:from )?(\d{4})-(\d{2})-(\d{2})\b", s):
        d = _date(m[1], int(m[2]), m[3])
        return Period(d.isoformat(), d)
    if m := re.match(r"^(?:as of )?(\d{1,2}) ([a-z]{3})[a-z]* (\d{4})$", s):
        if m[2] not in _MONTHS:
            raise PeriodError(f"unknown month in '{text}'")
        d = _date(m[3], _MONTHS[m[2]], m[1])
        return Period(d.isoformat(), d)
    if m := re.search(r"\b(\d{4})\s*[-–/]\s*(\d{4})\b", s):
        first, last = int(m[1]), int(m[2])
        if last != first + 1:
            raise PeriodError(f"'{text}' is not a school year")
        return Period(f"{first}-{last}", dt.date(last, 5, 31))
    if m := re.search(r"reported (\d{1,2}) ([a-z]{3})[a-z]*\b.*inferred (\d{4})", s):
        if m[2] not in _MONTHS:
            raise PeriodError(f"unknown month in '{text}'")
        d = _date(m[3], _MONTHS[m[2]], m[1])
        return Period(d.isoformat(), d)
    if m := re.match(r"^(\d{4}) to (?:early |late |mid )?(\d{4})\b", s):
        return Period(f"{m[1]}-{m[2]}", dt.date(int(m[2]), 12, 31))
    if m := re.match(r"^(\d{4})\b", s):
        return Period(m[1], dt.date(int(m[1]), 12, 31))
    raise PeriodError(f"cannot read a period from '{text}'")
