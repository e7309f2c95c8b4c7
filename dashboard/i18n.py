"""Labels looked up in the reader's language, and numbers, dates and periods written the way
each reader expects. The labels themselves live in dashboard.texts, one module per area."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

import pandas as pd

from dashboard.domain.periods import Period, PeriodError, PeriodKind, parse_code
from dashboard.texts import (
    accessibility,
    account,
    cli,
    common,
    facilities,
    follow,
    importing,
    indicators,
    layers,
    learning_city,
    maps,
    overview,
    periods,
    plan,
    presentation,
    profile,
    reading,
    security,
    sources,
    states,
    vintages,
)
from dashboard.texts.measures import EN_SINGULAR, UNIT_LABELS

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

TEXT: dict[str, tuple[str, str]] = {}


def _merge(*areas: dict[str, tuple[str, str]]) -> None:
    for area in areas:
        if clash := TEXT.keys() & area.keys():
            raise KeyError(f"label keys defined twice: {sorted(clash)}")
        TEXT.update(area)


_merge(
    common.TEXT,
    overview.TEXT,
    layers.TEXT,
    vintages.TEXT,
    indicators.TEXT,
    facilities.TEXT,
    profile.TEXT,
    learning_city.TEXT,
    sources.TEXT,
    account.TEXT,
    importing.TEXT,
    states.TEXT,
    security.TEXT,
    presentation.TEXT,
    plan.TEXT,
    reading.TEXT,
    cli.TEXT,
    maps.TEXT,
    accessibility.TEXT,
    follow.TEXT,
    periods.TEXT,
)


def t(key: str, lang: str, default: str | None = None) -> str:
    """The label for `key` in `lang` (Vietnamese when the language is unknown)."""
    if key not in TEXT and default is not None:
        return default
    vi, en = TEXT[key]
    return en if lang == "en" else vi


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_number(value: float | None, lang: str, *, decimals: int | None = None) -> str:
    """1234567.5 -> '1.234.567,5' in Vietnamese, '1,234,567.5' in English; None -> '–'."""
    if _missing(value):
        return "–"
    assert value is not None
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(value: float | None, lang: str, *, decimals: int | None = None) -> str:
    """81.56 -> '81,56 %' in Vietnamese, '81.56 %' in English; None -> '–'."""
    if _missing(value):
        return "–"
    return f"{format_number(value, lang, decimals=decimals)} %"


def plural(n: float, one: str, other: str, lang: str) -> str:
    """A count with its noun: '1 second', '2 seconds'; Vietnamese nouns do not change: '1 giây'.

    `one` and `other` are label keys of the noun's singular and plural forms.
    """
    noun = t(one if lang == "en" and abs(n) == 1 else other, lang)
    return f"{format_number(n, lang)} {noun}"


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: dt.date | str | None, lang: str) -> str:
    """31/12/2025 in Vietnamese, 31 Dec 2025 in English; None -> '–'."""
    if value is None or value == "":
        return "–"
    day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if lang == "en":
        return f"{day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def unit_label(unit: str, lang: str, *, count: float | None = None) -> str:
    """The unit's name in the language ('1 centre', '2 centres' in English)."""
    vi, en = UNIT_LABELS.get(unit, (unit, unit))
    if lang != "en":
        return vi
    if count is not None and abs(count) == 1:
        return EN_SINGULAR.get(unit, en)
    return en


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A value with its unit: '81,56 %' or '244.713 hộ'; a year is written as a year (2024)."""
    if _missing(value):
        return "–"
    assert value is not None
    if unit == "year":
        return str(int(value))
    if unit == "percent":
        return format_percent(value, lang)
    return f"{format_number(value, lang)} {unit_label(unit, lang, count=value)}"


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})\b")


def localise_dates(text: str, lang: str) -> str:
    """ISO dates (2025-12-31) and '31 Dec 2025' inside a text, written the language's way."""

    def iso(m: re.Match[str]) -> str:
        try:
            return format_date(m[0], lang)
        except ValueError:
            return m[0]

    text = _ISO_DATE.sub(iso, text)
    if lang == "en":
        return text
    return _DAY_MONTH_YEAR.sub(
        lambda m: (
            f"{int(m[1]):02d}/{_MONTH_ABBR.index(m[2]) + 1:02d}/{m[3]}"
            if m[2] in _MONTH_ABBR
            else m[0]
        ),
        text,
    )


def _period_itself(period: Period, lang: str) -> str:
    """The span, without what is said of its report: 'năm học 2024-2025', '2020 to early 2024'."""
    if period.kind == PeriodKind.SCHOOL_YEAR:
        return t("period_school_year", lang).format(code=period.code)
    if period.kind == PeriodKind.SINCE:
        return t("period_since", lang).format(date=format_date(period.start, lang))
    if period.kind == PeriodKind.RANGE and not period.whole_years:
        start, end = format_date(period.start, lang), format_date(period.end, lang)
        return t("period_range", lang).format(start=start, end=end)
    if period.kind == PeriodKind.RANGE:
        end = str(period.end.year)
        if period.end_part is not None:
            end = t(f"period_end_{period.end_part.value}", lang).format(year=end)
        return t("period_range", lang).format(start=period.start.year, end=end)
    if period.reported_on_the_day:
        return t("period_reported", lang).format(date=format_date(period.start, lang))
    if period.kind == PeriodKind.DATE:
        return format_date(period.start, lang)
    return period.code


def format_period(period: Period | str | None, lang: str) -> str:
    """A period in the reader's language, written from its fields (a bare code such as
    '2024-2025' as `parse_code` reads it); None -> '–'.

    'năm học 2024-2025 (báo cáo ngày 31/10/2025; năm suy ra)' /
    '2024-2025 school year (reported 31 Oct 2025; year inferred)'.
    """
    if period is None or _missing(period) or period == "":
        return "–"
    if not isinstance(period, Period):
        try:
            period = parse_code(str(period))
        except PeriodError:  # not a code (a link's hostile value): shown as given, never raised
            return str(period)
    said = []
    if period.reported is not None and not period.reported_on_the_day:
        said.append(t("period_reported", lang).format(date=format_date(period.reported, lang)))
    if period.report_undated:
        said.append(t("period_report_undated", lang))
    if period.year_inferred:
        said.append(t("period_year_inferred", lang))
    text = _period_itself(period, lang)
    return f"{text} ({'; '.join(said)})" if said else text


def display_table(
    table: pd.DataFrame, lang: str, *, percent_columns: Iterable[str] = ()
) -> pd.DataFrame:
    """A table as the reader sees it: numbers written in the language, empty cells blank.

    Never shows 'None' or 'nan'; booleans read yes/no; percent columns carry ' %'.
    """
    out = table.copy()
    percents = set(percent_columns)
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_bool_dtype(series):
            out[column] = series.map(lambda v: t("yes" if v else "no", lang))
        elif pd.api.types.is_numeric_dtype(series):
            if column in percents:
                out[column] = series.map(
                    lambda v: "" if _missing(v) else format_percent(float(v), lang)
                )
            else:
                out[column] = series.map(
                    lambda v: "" if _missing(v) else format_number(float(v), lang)
                )
        else:
            out[column] = series.map(lambda v: "" if _missing(v) else _cell(v, lang))
    return out


def _cell(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, float | int):
        return format_number(float(value), lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return str(value)
