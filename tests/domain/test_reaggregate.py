"""Re-aggregation across the 2025 reform, as tables of cases."""

import math

import pandas as pd
import pytest

from dashboard.domain.reaggregate import CrosswalkError, check_crosswalk, reaggregate
from tests.conftest import REPO


def xw(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["old_code", "new_code", "weight"])


def figures(**rows: tuple[float, float | None, float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [(code, v, n, d) for code, (v, n, d) in rows.items()],
        columns=["code", "value", "numerator", "denominator"],
    )


MERGE = xw(("a", "X", 1.0), ("b", "X", 1.0), ("c", "Y", 1.0))
SPLIT = xw(("a", "X", 0.25), ("a", "Y", 0.75), ("b", "Y", 1.0))

CASES = [
    # counts add up
    (
        "sum",
        MERGE,
        figures(a=(10, None, None), b=(5, None, None), c=(7, None, None)),
        {"X": 15.0, "Y": 7.0},
    ),
    # rates are recomputed from numerators and denominators, not averaged
    (
        "rate",
        MERGE,
        figures(a=(90, 90, 100), b=(50, 450, 900), c=(80, 8, 10)),
        {"X": 54.0, "Y": 80.0},
    ),
    # a split old unit contributes by its weights
    ("sum", SPLIT, figures(a=(100, None, None), b=(10, None, None)), {"X": 25.0, "Y": 85.0}),
    (
        "rate",
        SPLIT,
        figures(a=(50, 50, 100), b=(100, 20, 20)),
        {"X": 50.0, "Y": round(100 * (37.5 + 20) / (75 + 20), 2)},
    ),
    # one predecessor taken whole: the figure is carried as it is, even without a denominator
    ("rate", xw(("a", "X", 1.0)), figures(a=(97.5, None, None)), {"X": 97.5}),
]


@pytest.mark.parametrize(("aggregation", "crosswalk", "values", "expected"), CASES)
def test_reaggregation(aggregation, crosswalk, values, expected) -> None:
    out = reaggregate(values, crosswalk, aggregation=aggregation).set_index("code")
    for code, value in expected.items():
        assert out.at[code, "value"] == pytest.approx(value)
        assert out.at[code, "comparable"]


@pytest.mark.parametrize(
    ("aggregation", "values", "reason"),
    [
        (
            "rate",
            figures(a=(90, None, None), b=(50, 450, 900), c=(80, 8, 10)),
            "rates are never averaged",
        ),
        ("sum", figures(a=(10, None, None), c=(7, None, None)), "no figure for 1 of 2"),
        (
            "none",
            figures(a=(1, None, None), b=(2, None, None), c=(3, None, None)),
            "cannot be combined",
        ),
    ],
)
def test_refusals_say_why_and_leave_no_number(aggregation, values, reason) -> None:
    out = reaggregate(values, MERGE, aggregation=aggregation).set_index("code")
    assert math.isnan(out.at["X", "value"])
    assert not out.at["X", "comparable"]
    assert reason in out.at["X", "reason"]


def test_weights_that_do_not_sum_to_one_are_refused() -> None:
    bad = xw(("a", "X", 0.5), ("a", "Y", 0.4), ("b", "Y", 1.0))
    with pytest.raises(CrosswalkError, match=r"row 1: weights of old unit a sum to 0.9"):
        reaggregate(figures(a=(1, None, None), b=(1, None, None)), bad, aggregation="sum")


@pytest.mark.parametrize(
    ("crosswalk", "message"),
    [
        (
            xw(("a", "X", 1.0), ("zz", "X", 1.0), ("b", "Y", 1.0)),
            "row 2: unknown old unit code 'zz'",
        ),
        (xw(("a", "X", 1.0), ("b", "Q", 1.0)), "row 2: unknown new unit code 'Q'"),
        (xw(("a", "X", 1.0)), "old unit b has no successor"),
        (xw(("a", "X", 1.0), ("b", "X", 1.0)), "new unit Y has no predecessor"),
        (xw(("a", "X", 1.0), ("b", "Y", 1.5)), "row 2: weight 1.5 is not in (0, 1]"),
    ],
)
def test_crosswalk_check_names_the_row(crosswalk, message) -> None:
    problems = check_crosswalk(crosswalk, old_codes={"a", "b"}, new_codes={"X", "Y"})
    assert message in [str(p) for p in problems]


def test_the_real_crosswalk_is_clean() -> None:

    root = REPO / "data" / "real"
    real = pd.read_csv(root / "son_la_commune_crosswalk_2025.csv", dtype=str)
    crosswalk = real.rename(columns={"old_gso_code": "old_code", "new_gso_code": "new_code"})
    crosswalk["weight"] = 1.0
    old = pd.read_csv(root / "son_la_communes_pre2025.csv", dtype=str)["gso_code"]
    assert check_crosswalk(crosswalk, old_codes=old, new_codes=set(crosswalk["new_code"])) == []
    assert crosswalk["new_code"].nunique() == 75 and len(crosswalk) == 200
