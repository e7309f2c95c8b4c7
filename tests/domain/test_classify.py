import math
import random
import re

import pandas as pd
import pytest

from dashboard.domain.classify import (
    NO_DATA_COLOUR,
    PALETTE,
    PALETTES,
    BreaksError,
    classify,
    manual_classes,
    parse_breaks,
)


@pytest.mark.parametrize("scheme", ["quantiles", "equal_interval", "natural_breaks"])
def test_every_value_falls_in_a_class(scheme: str) -> None:
    values = pd.Series([85.0, 88.2, 90.1, 93.4, 95.0, 96.7, 97.1, 98.9, 99.5, float("nan")])
    classes = classify(values, scheme=scheme, k=5)
    assert classes is not None
    assert classes.bounds[-1] == pytest.approx(99.5)
    assert list(classes.bounds) == sorted(classes.bounds)
    assert classes.colour_of(float("nan")) == NO_DATA_COLOUR
    assert {classes.colour_of(v) for v in values.dropna()} <= set(PALETTE)


@pytest.mark.parametrize(
    ("values", "n_classes"),
    [([5.0, 5.0, 5.0], 1), ([1.0, 2.0], 2), ([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 5)],
)
def test_fewer_classes_when_few_distinct_values(values: list[float], n_classes: int) -> None:
    classes = classify(pd.Series(values))
    assert classes is not None and len(classes.bounds) == n_classes


def test_zero_is_a_value_not_missing() -> None:
    classes = classify(pd.Series([0.0, 10.0, 20.0, math.nan]))
    assert classes is not None
    assert classes.colour_of(0.0) != NO_DATA_COLOUR


def test_no_values_no_classes() -> None:
    assert classify(pd.Series([math.nan, math.nan])) is None


@pytest.mark.parametrize(
    ("text", "edges"),
    [
        ("0, 80, 90.5, 100", [0, 80, 90.5, 100]),
        ("0 80 90 100", [0, 80, 90, 100]),
        ("0; 80; 90,5; 100", [0, 80, 90.5, 100]),
    ],
)
def test_manual_breaks_are_read(text: str, edges: list[float]) -> None:
    assert parse_breaks(text) == edges


@pytest.mark.parametrize("text", ["80, ninety", "1e999, 2", ""])
def test_unreadable_breaks(text: str) -> None:
    if text == "":
        assert parse_breaks(text) == []
        return
    with pytest.raises(BreaksError):
        parse_breaks(text)


VALUES = pd.Series([85.0, 92.0, 99.0, math.nan])


@pytest.mark.parametrize(
    ("edges", "message"),
    [
        ([90.0, 80.0, 100.0], "strictly increasing"),
        ([80.0, 80.0, 100.0], "strictly increasing"),
        ([90.0, 95.0, 100.0], "1 value(s) lie outside 90–100"),
        ([80.0, 90.0, 95.0], "1 value(s) lie outside 80–95"),
        ([0.0, 10, 20, 30, 40, 50, 100], "at most 5 classes"),
        ([80.0], "at least two numbers"),
    ],
)
def test_manual_breaks_that_cannot_be_used_say_why(edges, message) -> None:
    with pytest.raises(BreaksError, match=re.escape(message)):
        manual_classes(VALUES, edges)


def test_manual_breaks_colour_every_value() -> None:
    classes = manual_classes(VALUES, [80.0, 90.0, 95.0, 100.0], palette="viridis")
    assert classes.colour_of(85.0) == PALETTES["viridis"][0]
    assert classes.colour_of(99.0) == PALETTES["viridis"][-1]
    assert classes.colour_of(math.nan) == NO_DATA_COLOUR


def _occupancy(values: pd.Series, bounds: tuple[float, ...]) -> list[int]:
    lower = -math.inf
    counts = []
    for bound in bounds:
        counts.append(int(((values > lower) & (values <= bound)).sum()))
        lower = bound
    return counts


@pytest.mark.parametrize("scheme", ["quantiles", "equal_interval", "natural_breaks"])
@pytest.mark.parametrize(
    "values",
    [
        [69.3, 69.3, 69.3, 69.3, 70.1, 74.0, 80.2, 86.6, 90.0, 91.5, 95.2, 99.1],
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 50.0, 100.0],
        [10.0, 10.5, 11.0, 40.0, 41.0, 95.0, 96.0, 97.0],
    ],
)
def test_no_class_is_empty(scheme: str, values: list[float]) -> None:
    series = pd.Series(values)
    classes = classify(series, scheme=scheme, k=5)
    assert classes is not None
    assert min(_occupancy(series, classes.bounds)) >= 1
    assert classes.bounds[-1] == max(values)


def test_natural_breaks_are_the_same_on_every_run() -> None:
    rng = random.Random(7)
    values = pd.Series([round(rng.uniform(60, 100), 1) for _ in range(75)])
    runs = {classify(values, scheme="natural_breaks", k=5) for _ in range(8)}
    assert len(runs) == 1


def test_natural_breaks_split_clear_groups() -> None:
    classes = classify(
        pd.Series([10.0, 10.5, 11.0, 40.0, 41.0, 95.0, 96.0]), scheme="natural_breaks", k=3
    )
    assert classes is not None and classes.bounds == (11.0, 41.0, 96.0)
