"""dashboard.domain.indicators: the gap to a target."""

import pytest

from dashboard.domain.indicators import target_gap


@pytest.mark.parametrize(
    ("value", "target", "unit", "lang", "gap"),
    [
        (81.56, 70, "percent", "vi", "+11,56 điểm %"),
        (81.56, 70, "percent", "en", "+11.56 pp"),
        (74, 65, "percent", "vi", "+9 điểm %"),
        (52, 60, "percent", "en", "−8 pp"),
        (900, 1000, "units", "en", "−100"),
    ],
)
def test_gap_to_target(value, target, unit, lang, gap) -> None:
    assert target_gap(value, target, unit, lang) == gap
