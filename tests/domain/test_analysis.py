"""Target gaps and the Decree 20/2014 literacy standard, as parametrized tables."""

import math

import pandas as pd
import pytest

from dashboard.domain.analysis import (
    literacy_code,
    literacy_level,
    literacy_verdict,
    ranked,
    target_gaps,
)
from tests.conftest import REPO

STANDARDS = pd.read_csv(
    REPO / "data/real/literacy_standards_decree_20_2014.csv",
    dtype={"age_band_normal": str, "age_band_disadvantaged": str},
)


@pytest.mark.parametrize(
    ("level", "rates", "disadvantaged", "meets", "band"),
    [
        (2, {"15-60": 90.0}, False, True, "15-60"),  # exactly the threshold meets it
        (2, {"15-60": 89.99}, False, False, "15-60"),
        (2, {"15-60": 85.0, "15-35": 93.0}, True, True, "15-35"),  # disadvantaged band
        (2, {"15-60": 95.0, "15-35": 88.0}, True, False, "15-35"),
        (1, {"15-35": 91.0}, None, True, "15-35"),  # unknown flag: the normal band
        (1, {"15-35": 99.0, "15-25": 70.0}, True, False, "15-25"),
        (2, {"15-35": 99.0}, False, None, "15-60"),  # no figure for the band: unknown
        (2, {"15-60": math.nan}, False, None, "15-60"),
    ],
)
def test_literacy_standard(level, rates, disadvantaged, meets, band) -> None:
    verdict = literacy_verdict(
        level=level, rates=rates, disadvantaged=disadvantaged, standards=STANDARDS
    )
    assert (verdict.meets, verdict.band, verdict.threshold) == (meets, band, 90.0)


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("literacy_rate_level2_age15_60", 2),
        ("literacy_rate_level1_age15_25", 1),
        ("learning_families_share", None),
    ],
)
def test_literacy_level(code: str, level: int | None) -> None:
    assert literacy_level(code) == level


def test_literacy_code() -> None:
    assert literacy_code(2, "15-35") == "literacy_rate_level2_age15_35"


@pytest.mark.parametrize(
    ("value", "targets", "gaps"),
    [
        (81.56, {2025: 70.0}, {"gap_2025": 11.56}),
        (52.0, {2025: 40.0, 2030: 60.0}, {"gap_2025": 12.0, "gap_2030": -8.0}),
        (math.nan, {2025: 70.0}, {"gap_2025": math.nan}),
        (70.0, {2025: 70.0}, {"gap_2025": 0.0}),
    ],
)
def test_target_gaps(value, targets, gaps) -> None:
    values = pd.DataFrame({"gso_code": ["116"], "name": ["Sơn La"], "value": [value]})
    t = pd.DataFrame({"year": list(targets), "target": list(targets.values())})
    row = target_gaps(values, t).iloc[0]
    for column, gap in gaps.items():
        assert (math.isnan(gap) and math.isnan(row[column])) or row[column] == gap


def test_ranking_puts_the_best_first_and_drops_no_data() -> None:
    values = pd.DataFrame(
        {"gso_code": list("1234"), "name": list("abcd"), "value": [3.0, math.nan, 9.0, 1.0]}
    )
    assert list(ranked(values, higher_is_better=True)["name"]) == ["c", "a", "d"]
    assert list(ranked(values, higher_is_better=False)["name"]) == ["d", "a", "c"]
