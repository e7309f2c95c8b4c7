"""Shareable state: URL values are validated; anything unknown or hostile falls back."""

from __future__ import annotations

import pytest

from dashboard.ui.state import MAX_PARAM_LENGTH, StateReader, to_params
from tests.app_support import PAGES, all_text, app, assert_no_trace
from tests.conftest import engine_for
from tests.factories import snapshot

INDICATORS = ["literacy_rate_level2_age15_60", "learning_families_share"]


@pytest.mark.parametrize(
    ("value", "expected", "notices"),
    [
        (None, INDICATORS[0], 0),
        ("learning_families_share", "learning_families_share", 0),
        ("nope", INDICATORS[0], 1),
        ("<script>alert(1)</script>", INDICATORS[0], 1),
        ("' OR 1=1 --", INDICATORS[0], 1),
        ("x" * 10_000, INDICATORS[0], 1),
    ],
)
def test_one_value(value, expected, notices) -> None:
    reader = StateReader({"indicator": value} if value is not None else {})
    assert reader.one("indicator", INDICATORS, INDICATORS[0]) == expected
    assert len(reader.notices) == notices
    for n in reader.notices:
        assert len(n.value) <= MAX_PARAM_LENGTH + 1


@pytest.mark.parametrize(
    ("value", "expected", "notices"),
    [
        ("116,118", ["116", "118"], 0),
        ("116,116,999", ["116"], 1),
        ("", [], 0),
        ("<img src=x>", [], 1),
    ],
)
def test_many_values(value, expected, notices) -> None:
    reader = StateReader({"districts": value})
    assert reader.many("districts", {"116", "118"}) == expected
    assert len(reader.notices) == notices


@pytest.mark.parametrize(
    ("value", "expected"), [("5", 5), ("0", 4), ("-1", 4), ("abc", 4), ("99", 4)]
)
def test_numbers_in_range(value, expected) -> None:
    assert StateReader({"k": value}).number("k", 4, lo=2, hi=5) == expected


def test_choice_checked_by_predicate() -> None:
    reader = StateReader({"period": "2024-2025"})
    assert reader.choice("period", lambda p: p == "2024-2025", "x") == "2024-2025"
    reader = StateReader({"period": "2024-2025<"})
    assert reader.choice("period", lambda p: True, "x") == "x"
    assert reader.notices


def test_notice_text_is_short_and_in_both_languages() -> None:
    reader = StateReader({"indicator": "y" * 500})
    reader.one("indicator", INDICATORS, INDICATORS[0])
    notice = reader.notices[0]
    assert "…" in notice.text("vi") and len(notice.text("en")) < 150


def test_to_params_round_trip() -> None:
    params = to_params(
        {"indicator": "x", "districts": ["116", "118"], "breaks": [0.0, 90.5], "unit": None}
    )
    assert params == {"indicator": "x", "districts": "116,118", "breaks": "0,90.5"}
    reader = StateReader(params)
    assert reader.many("districts", {"116", "118"}) == ["116", "118"]
    assert reader.numbers("breaks") == [0.0, 90.5]


URL_PARAMS = ("k", "breaks", "indicator", "kinds", "palette", "period", "scheme", "scope")


URL_PARAMS += ("unit", "units", "vintage", "districts", "lang")


HOSTILE_VALUES = {
    "superscript two": "²",
    "100 kB": "9" * 100_000,
    "SQL": "1'; DROP TABLE indicator_value; --",
    "SQL or": "116' OR '1'='1",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", list(HOSTILE_VALUES))
def test_hostile_url_values_fall_back_with_a_notice(seeded_url: str, page: str, value: str) -> None:
    engine = engine_for(seeded_url)
    before = snapshot(engine)
    # 100 kB in every parameter would pass Streamlit's own 512 kB query-string limit (it then
    # ignores the whole query): four parameters of 100 kB reach the pages.
    names = ("k", "indicator", "unit", "period") if value == "100 kB" else URL_PARAMS
    at = app(seeded_url).run()
    at.switch_page(page)
    for name in names:
        at.query_params[name] = HOSTILE_VALUES[value]
    at.run()
    assert_no_trace(at)
    if page == "pages/indicators.py":  # k, scheme, ... were given: the reader is told
        assert any("k" in i.value for i in at.info), all_text(at)[:500]
    assert snapshot(engine) == before
    engine.dispose()


@pytest.mark.parametrize("page", PAGES)
def test_repeated_url_parameters_use_one_value(seeded_url: str, page: str) -> None:
    at = app(seeded_url).run()
    at.switch_page(page)
    for name in URL_PARAMS:
        at.query_params[name] = ["2", "²", "3"]
    at.run()
    assert_no_trace(at)
