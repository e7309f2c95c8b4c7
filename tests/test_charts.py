"""Charts for 75 communes: the top and bottom ten plus the selection; trends of a few lines."""

import datetime as dt

import pandas as pd

from dashboard import charts
from dashboard.domain.analysis import ranked, ranked_extremes, trend_units


def communes(n: int = 75) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "gso_code": [f"{i:05d}" for i in range(n)],
            "name": [f"Xã {i}" for i in range(n)],
            "value": [60.0 + i * 0.5 for i in range(n)],
        }
    )


def test_a_long_ranking_keeps_top_bottom_and_the_selected_unit() -> None:
    order = ranked(communes(), higher_is_better=True)
    middle = order["gso_code"].iloc[40]
    shown = ranked_extremes(order, selected=[middle], n=10)
    assert len(shown) == 21
    assert list(shown["rank"][:10]) == list(range(1, 11))
    assert list(shown["rank"][-10:]) == list(range(66, 76))
    assert shown.loc[shown["part"] == "selected", "gso_code"].tolist() == [middle]


def test_twelve_districts_are_all_ranked() -> None:
    shown = ranked_extremes(ranked(communes(12), higher_is_better=True), selected=[], n=10)
    assert len(shown) == 12 and set(shown["part"]) == {"all"}


def test_the_ranking_chart_stays_short_and_says_what_it_left_out() -> None:
    order = ranked(communes(), higher_is_better=True)
    spec = charts.ranked_bars(
        ranked_extremes(order, selected=[], n=10), value_title="%", selected=[], lang="en"
    ).to_dict()
    assert spec["height"] <= 22 * charts.BAR_PX  # not 1,300 px
    labels = [row["label"] for row in spec["datasets"][next(iter(spec["datasets"]))]]
    assert "… 55 units in between …" in labels
    assert labels[0] == "1. Xã 74"


def test_charts_write_numbers_and_dates_in_the_language() -> None:
    order = ranked(communes(12), higher_is_better=True)
    vi = charts.ranked_bars(order, value_title="%", selected=[], lang="vi").to_dict()
    en = charts.ranked_bars(order, value_title="%", selected=[], lang="en").to_dict()
    assert vi["config"]["locale"]["number"]["decimal"] == ","
    assert en["config"]["locale"]["number"]["decimal"] == "."
    assert "January" not in str(vi) and "tháng 1" in str(vi["config"]["locale"]["time"])
    shown = next(iter(vi["datasets"].values()))[0]["shown"]
    assert shown == "65,5"


def series_of(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for year in (2023, 2024, 2025):
        for _, r in frame.iterrows():
            rows.append(
                {
                    "gso_code": r["gso_code"],
                    "name": r["name"],
                    "period": str(year),
                    "period_end": dt.date(year, 12, 31),
                    "value": r["value"] + year - 2023,
                }
            )
    return pd.DataFrame(rows)


PROVINCE = pd.DataFrame(
    {"period": ["2025"], "period_end": [dt.date(2025, 12, 31)], "value": [96.0]}
)


def test_trend_draws_the_selected_units_and_the_province() -> None:
    lines = trend_units(
        series_of(communes()),
        selected=["00003", "00070"],
        province=PROVINCE,
        province_name="Toàn tỉnh",
    )
    assert set(lines["name"]) == {"Xã 3", "Xã 70", "Toàn tỉnh"}
    assert lines.loc[lines["is_province"], "value"].tolist() == [96.0]


def test_trend_without_a_selection_draws_the_lagging_communes_not_75_lines() -> None:
    lines = trend_units(
        series_of(communes()), selected=[], province=PROVINCE, province_name="Toàn tỉnh"
    )
    assert set(lines["name"]) == {"Xã 0", "Xã 1", "Xã 2", "Xã 3", "Xã 4", "Toàn tỉnh"}
    spec = charts.trend_lines(lines, value_title="%", lang="vi").to_dict()
    assert spec["encoding"]["x"]["axis"]["format"] == "%m/%Y"
    assert spec["encoding"]["color"]["legend"]["labelLimit"] == 0  # names never cut
    province_colour = spec["encoding"]["color"]["scale"]["range"][
        spec["encoding"]["color"]["scale"]["domain"].index("Toàn tỉnh")
    ]
    assert province_colour == charts.PROVINCE_COLOUR
