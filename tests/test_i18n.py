"""Counts read right: '1 second', '2 seconds'; Vietnamese nouns have no plural ('1 giây')."""

import re
import unicodedata

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from dashboard import i18n
from dashboard.data.models import PERIOD_COLUMNS, IndicatorValue, period_of
from dashboard.domain.periods import parse_legacy_label
from dashboard.i18n import (
    TEXT,
    display_table,
    format_date,
    format_number,
    format_percent,
    format_period,
    format_value,
    plural,
)
from dashboard.loading.seed import load_seed_data


@pytest.mark.parametrize(
    ("n", "lang", "shown"),
    [
        (1, "en", "1 second"),
        (2, "en", "2 seconds"),
        (0, "en", "0 seconds"),
        (1, "vi", "1 giây"),
        (2, "vi", "2 giây"),
        (1234, "en", "1,234 seconds"),
        (1234, "vi", "1.234 giây"),
    ],
)
def test_plural_follows_the_count_and_the_language(n: int, lang: str, shown: str) -> None:
    assert plural(n, "sec_second", "sec_seconds", lang) == shown


@pytest.mark.parametrize(
    ("n", "lang", "shown"),
    [(1, "en", "1 slide"), (2, "en", "2 slides"), (1, "vi", "1 trang"), (2, "vi", "2 trang")],
)
def test_plural_of_slides(n: int, lang: str, shown: str) -> None:
    assert plural(n, "cli_slide", "cli_slides", lang) == shown


_PLACEHOLDER = re.compile(r"\{(\w+)")


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_label_exists_in_both_languages(key: str) -> None:
    vi, en = TEXT[key]
    assert vi.strip(), f"{key}: no Vietnamese label"
    assert en.strip(), f"{key}: no English label"
    assert unicodedata.is_normalized("NFC", vi), f"{key}: Vietnamese label not NFC"
    # both languages fill the same blanks, or a format() call fails in one of them
    assert set(_PLACEHOLDER.findall(vi)) == set(_PLACEHOLDER.findall(en)), key


def test_unit_labels_cover_every_unit_of_the_catalogue() -> None:
    units = {row["unit"] for row in load_seed_data().indicators}
    assert units <= set(i18n.UNIT_LABELS), units - set(i18n.UNIT_LABELS)


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (1234567, "vi", "1.234.567"),
        (1234567, "en", "1,234,567"),
        (81.56, "vi", "81,56"),
        (81.56, "en", "81.56"),
    ],
)
def test_numbers_follow_the_language(value: float, lang: str, shown: str) -> None:
    assert format_number(value, lang) == shown


def test_percent_and_dates_follow_the_language() -> None:
    assert format_percent(81.56, "vi") == "81,56 %"
    assert format_percent(81.56, "en") == "81.56 %"
    assert format_date("2025-12-31", "vi") == "31/12/2025"
    assert format_date("2025-12-31", "en") == "31 Dec 2025"


def test_counts_read_as_english_and_years_as_years() -> None:
    assert format_value(1, "centres", "en") == "1 centre"
    assert format_value(12, "centres", "en") == "12 centres"
    assert format_value(12, "centres", "vi") == "12 trung tâm"
    assert format_value(2024, "year", "en") == "2024"
    assert format_value(1.5, "trillion VND", "vi") == "1,5 nghìn tỷ đồng"


@pytest.mark.parametrize(
    ("label", "vi", "en"),
    [
        (
            "2025 (meeting of 9 Jan; year inferred 2026)",
            "2025 (báo cáo ngày 09/01/2026; năm suy ra)",
            "2025 (reported 9 Jan 2026; year inferred)",
        ),
        (
            "2024-2025 school year (reported 31 Oct; year inferred 2025)",
            "năm học 2024-2025 (báo cáo ngày 31/10/2025; năm suy ra)",
            "2024-2025 school year (reported 31 Oct 2025; year inferred)",
        ),
        (
            "as reported 31 Oct (year inferred 2025)",
            "báo cáo ngày 31/10/2025 (năm suy ra)",
            "reported 31 Oct 2025 (year inferred)",
        ),
        (
            "as reported during the 2024-2025 school year (article date not shown)",
            "năm học 2024-2025 (báo cáo trong kỳ, không rõ ngày)",
            "2024-2025 school year (reported during the period, date not given)",
        ),
        ("as of 31 Dec 2025", "31/12/2025", "31 Dec 2025"),
        ("from 2025-07-01", "từ 01/07/2025", "from 1 Jul 2025"),
        ("2020 to early 2024", "2020 đến đầu năm 2024", "2020 to early 2024"),
        ("1 Jan 2020 to 14 Feb 2024", "01/01/2020 đến 14/02/2024", "1 Jan 2020 to 14 Feb 2024"),
        ("2025", "2025", "2025"),
    ],
)
def test_periods_read_in_the_language(label: str, vi: str, en: str) -> None:
    period = parse_legacy_label(label)
    assert format_period(period, "vi") == vi
    assert format_period(period, "en") == en
    assert parse_legacy_label(en) == period  # the English reads back as the same fields


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2024-2025", "năm học 2024-2025", "2024-2025 school year"),
        ("2025-10-31", "31/10/2025", "31 Oct 2025"),
        ("2020-2024", "2020 đến 2024", "2020 to 2024"),
        (None, "–", "–"),
        (float("nan"), "–", "–"),
        ("<b>x</b>", "<b>x</b>", "<b>x</b>"),  # no code: as given (callers escape), not raised
    ],
)
def test_a_bare_period_code_reads_as_its_kind(code: str | None, vi: str, en: str) -> None:
    assert (format_period(code, "vi"), format_period(code, "en")) == (vi, en)


ENGLISH_WORDS = re.compile(
    r"\b(school year|reported|inferred|meeting|as of|from|to|early|date)\b", re.IGNORECASE
)


def test_every_period_of_the_seeded_database_reads_without_english_words(
    seeded_engine: Engine,
) -> None:
    columns = [getattr(IndicatorValue, c) for c in PERIOD_COLUMNS]
    with seeded_engine.connect() as conn:
        periods = {period_of(r) for r in conn.execute(select(*columns).distinct()).mappings()}
    assert len(periods) == 17  # the 18 labels of the shipped data and sample, as fields
    for period in periods:
        vi, en = format_period(period, "vi"), format_period(period, "en")
        assert not ENGLISH_WORDS.search(vi), vi
        assert unicodedata.is_normalized("NFC", vi)
        assert parse_legacy_label(en) == period, en
    said = {format_period(p, "en") for p in periods}
    assert "2024-2025 school year (reported 31 Oct 2025; year inferred)" in said


def test_tables_show_no_none_and_write_numbers_in_the_language() -> None:
    table = pd.DataFrame(
        {
            "name": ["Mường La", None],
            "value": [86.6, float("nan")],
            "count": [1234567, 3],
            "is_sample": [True, False],
        }
    )
    vi = display_table(table, "vi", percent_columns=["value"])
    en = display_table(table, "en", percent_columns=["value"])
    assert list(vi["value"]) == ["86,6 %", ""]
    assert list(en["count"]) == ["1,234,567", "3"]
    assert list(vi["is_sample"]) == ["có", "không"]
    for frame in (vi, en):
        text = frame.to_string()
        assert "None" not in text and "nan" not in text.lower()


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (742335, "vi", "742.335"),
        (742335, "en", "742,335"),
        (81.56, "vi", "81,56"),
        (99.1, "en", "99.1"),
        (1.44, "vi", "1,44"),
        (None, "vi", "–"),
        (float("nan"), "en", "–"),
    ],
)
def test_numbers_read_the_way_each_language_writes_them(value, lang, text) -> None:
    assert format_number(value, lang) == text


def test_value_with_unit() -> None:
    assert format_value(244713, "households", "vi") == "244.713 hộ"
    assert format_value(81.56, "percent", "en") == "81.56 %"
