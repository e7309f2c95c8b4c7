import datetime as dt

import pytest

from dashboard.domain.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "code", "end"),
    [
        ("2025", "2025", dt.date(2025, 12, 31)),
        ("2024-2025 school year", "2024-2025", dt.date(2025, 5, 31)),
        ("2024–2025", "2024-2025", dt.date(2025, 5, 31)),
        (
            "2024-2025 school year (reported 31 Oct; year inferred 2025)",
            "2024-2025",
            dt.date(2025, 5, 31),
        ),
        ("as reported 31 Oct (year inferred 2025)", "2025-10-31", dt.date(2025, 10, 31)),
        ("2025 (meeting of 9 Jan; year inferred 2026)", "2025", dt.date(2025, 12, 31)),
        ("as of 31 Dec 2025", "2025-12-31", dt.date(2025, 12, 31)),
        ("from 2025-07-01", "2025-07-01", dt.date(2025, 7, 1)),
        ("2019-04-01", "2019-04-01", dt.date(2019, 4, 1)),
        ("2020 to early 2024", "2020-2024", dt.date(2024, 12, 31)),
    ],
)
def test_source_wordings_become_canonical_periods(text: str, code: str, end: dt.date) -> None:
    period = parse_period(text)
    assert (period.code, period.end) == (code, end)


@pytest.mark.parametrize(
    "text", ["", "soon", "2024-2026", "31 Foo 2025", "2025-02-30", "as of 32 Dec 2025"]
)
def test_unreadable_periods_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)
