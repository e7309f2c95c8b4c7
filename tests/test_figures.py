import pytest

from dashboard.domain.indicators import target_gap
from dashboard.i18n import format_number, format_value


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
