import csv
import datetime as dt

import pytest

from dashboard.domain.periods import (
    EndPart,
    Period,
    PeriodError,
    PeriodKind,
    parse_code,
    parse_legacy_label,
)
from dashboard.loading import sample
from tests.conftest import REPO

D = dt.date
YEAR, SCHOOL, DATE, SINCE, RANGE = (
    PeriodKind.YEAR,
    PeriodKind.SCHOOL_YEAR,
    PeriodKind.DATE,
    PeriodKind.SINCE,
    PeriodKind.RANGE,
)

# Every distinct period label the seeded database held before the fields (18), and what it says.
LEGACY_LABELS = {
    "2018-09-25": Period("2018-09-25", DATE, D(2018, 9, 25), D(2018, 9, 25)),
    "2019-04-01": Period("2019-04-01", DATE, D(2019, 4, 1), D(2019, 4, 1)),
    "2020 to early 2024": Period(
        "2020-2024", RANGE, D(2020, 1, 1), D(2024, 12, 31), end_part=EndPart.EARLY
    ),
    "2022-2023": Period("2022-2023", SCHOOL, D(2022, 9, 1), D(2023, 5, 31)),
    "2023": Period("2023", YEAR, D(2023, 1, 1), D(2023, 12, 31)),
    "2023-2024": Period("2023-2024", SCHOOL, D(2023, 9, 1), D(2024, 5, 31)),
    "2024": Period("2024", YEAR, D(2024, 1, 1), D(2024, 12, 31)),
    "2024-02-14": Period("2024-02-14", DATE, D(2024, 2, 14), D(2024, 2, 14)),
    "2024-2025": Period("2024-2025", SCHOOL, D(2024, 9, 1), D(2025, 5, 31)),
    "2024-2025 school year": Period("2024-2025", SCHOOL, D(2024, 9, 1), D(2025, 5, 31)),
    "2024-2025 school year (reported 31 Oct; year inferred 2025)": Period(
        "2024-2025",
        SCHOOL,
        D(2024, 9, 1),
        D(2025, 5, 31),
        reported=D(2025, 10, 31),
        year_inferred=True,
    ),
    "as reported during the 2024-2025 school year (article date not shown)": Period(
        "2024-2025", SCHOOL, D(2024, 9, 1), D(2025, 5, 31), report_undated=True
    ),
    "2025": Period("2025", YEAR, D(2025, 1, 1), D(2025, 12, 31)),
    "2025 (meeting of 9 Jan; year inferred 2026)": Period(
        "2025", YEAR, D(2025, 1, 1), D(2025, 12, 31), reported=D(2026, 1, 9), year_inferred=True
    ),
    "from 2025-07-01": Period("2025-07-01", SINCE, D(2025, 7, 1), D(2025, 7, 1)),
    "as reported 31 Oct (year inferred 2025)": Period(
        "2025-10-31",
        DATE,
        D(2025, 10, 31),
        D(2025, 10, 31),
        reported=D(2025, 10, 31),
        year_inferred=True,
    ),
    "as of 31 Dec 2025": Period("2025-12-31", DATE, D(2025, 12, 31), D(2025, 12, 31)),
    "2025-2026": Period("2025-2026", SCHOOL, D(2025, 9, 1), D(2026, 5, 31)),
}


@pytest.mark.parametrize("label", LEGACY_LABELS)
def test_every_label_the_database_held_becomes_its_fields(label: str) -> None:
    assert parse_legacy_label(label) == LEGACY_LABELS[label]


def test_the_shipped_data_words_no_period_the_table_above_misses() -> None:
    with (REPO / "data" / "real" / "son_la_education_stats.csv").open(encoding="utf-8") as f:
        shipped = {r["reference_period"] for r in csv.DictReader(f)}
    sample_codes = {*sample.LITERACY_PERIODS, *sample.MODEL_PERIODS}
    assert shipped - LEGACY_LABELS.keys() == set()
    assert sample_codes - LEGACY_LABELS.keys() == set()


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024–2025", parse_code("2024-2025")),
        ("2024 / 2025", parse_code("2024-2025")),
        ("as of 2025-12-31", parse_code("2025-12-31")),
        ("31 December 2025", parse_code("2025-12-31")),
        ("from 1 Jul 2025", parse_code("2025-07-01", "since")),
        ("2020 to 2024", parse_code("2020-2024")),
        (
            "2019 to late 2021",
            Period("2019-2021", RANGE, D(2019, 1, 1), D(2021, 12, 31), end_part=EndPart.LATE),
        ),
        ("1 Jan 2020 to 14 Feb 2024", Period("2020-2024", RANGE, D(2020, 1, 1), D(2024, 2, 14))),
        (
            "2025 (meeting of 9 Jan 2026)",
            Period("2025", YEAR, D(2025, 1, 1), D(2025, 12, 31), reported=D(2026, 1, 9)),
        ),
    ],
)
def test_other_wordings_of_the_same_grammar(text: str, period: Period) -> None:
    assert parse_legacy_label(text) == period


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("soon", "cannot read a period from 'soon'"),
        ("Q5 2024", "cannot read a period from 'Q5 2024'"),
        ("2026-2024", "cannot read a period"),
        ("2023-2025 school year", "is not a school year"),
        ("31 Foo 2025", "unknown month 'Foo'"),
        ("2025-02-30", "no valid date"),
        ("as of 32 Dec 2025", "no valid date"),
        ("2025 (estimate)", "cannot read 'estimate'"),
        ("2024-2025 school year (reported 31 Oct)", "has no year"),
        ("2025 (year inferred 2025)", "gives no report date"),
        ("as reported 31 Oct 2024 (year inferred 2025)", "two different years"),
        ("2025 (reported 9 Jan 2024)", "before the period starts"),
        ("2025 (reported 9 Jan 2026; article date not shown)", "contradict"),
    ],
)
def test_unreadable_or_contradictory_labels_are_refused(text: str, reason: str) -> None:
    with pytest.raises(PeriodError, match=reason):
        parse_legacy_label(text)


def test_codes_read_as_their_kind_and_a_kind_can_be_asked_for() -> None:
    assert parse_code("2025").kind == YEAR
    assert parse_code("2024-2025").end == D(2025, 5, 31)
    assert parse_code("2023-2024", "range").end == D(2024, 12, 31)
    assert parse_code("2025-07-01", "since").kind == SINCE
    with pytest.raises(PeriodError, match="not a code of kind school_year"):
        parse_code("2025", "school_year")
    with pytest.raises(PeriodError, match="unknown period kind 'decade'"):
        parse_code("2025", "decade")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            ("2025", YEAR, D(2025, 1, 1), D(2025, 6, 30)),
            "of kind year runs from 2025-01-01 to 2025-12-31",
        ),
        (("2020-2024", RANGE, D(2021, 1, 1), D(2024, 12, 31)), "starts in 2020"),
        (("2025-07-01", DATE, D(2025, 7, 2), D(2025, 7, 2)), "runs from 2025-07-01"),
    ],
)
def test_fields_that_disagree_with_the_code_are_refused(
    fields: tuple[str, PeriodKind, dt.date, dt.date], reason: str
) -> None:
    with pytest.raises(PeriodError, match=reason):
        Period(*fields)


def test_only_a_range_of_whole_years_ends_early_in_a_year() -> None:
    with pytest.raises(PeriodError, match="whole years"):
        Period("2025", YEAR, D(2025, 1, 1), D(2025, 12, 31), end_part=EndPart.EARLY)
    with pytest.raises(PeriodError, match="whole years"):
        Period("2020-2024", RANGE, D(2020, 1, 1), D(2024, 2, 14), end_part=EndPart.EARLY)
