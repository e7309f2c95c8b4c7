"""A unit's profile: every figure with period and source, its gaps to targets, its trends."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import format_period, format_value

LATEST_COLUMNS = [
    "indicator",
    "period_detail",
    "shown_value",
    "value",
    "target_2025",
    "gap_2025",
    "source_title",
    "source_url",
    "is_sample",
    "n_periods",
    "group",
    "unit",
]


def latest_figures(figures: pd.DataFrame, targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per indicator: the newest figure, its source, and the gap to the 2025 target."""
    if figures.empty:
        return pd.DataFrame(columns=[*LATEST_COLUMNS[:1], "period", *LATEST_COLUMNS[2:]])
    ordered = figures.sort_values("period_end")
    latest = ordered.groupby("indicator_code", as_index=False).last()
    latest["n_periods"] = latest["indicator_code"].map(ordered["indicator_code"].value_counts())
    t2025 = targets[targets["year"] == 2025].set_index("indicator_code")["target"]
    latest["target_2025"] = latest["indicator_code"].map(t2025)
    latest["gap_2025"] = (latest["value"] - latest["target_2025"]).round(2)
    latest["indicator"] = latest["label_en" if lang == "en" else "label_vi"]
    latest["period_detail"] = [format_period(p, lang) for p in latest["period_detail"]]
    latest["shown_value"] = [
        format_value(v, u, lang) for v, u in zip(latest["value"], latest["unit"], strict=True)
    ]
    return latest[LATEST_COLUMNS].rename(columns={"period_detail": "period"})


def trend_series(figures: pd.DataFrame, lang: str, *, unit: str = "percent") -> pd.DataFrame:
    """Indicators in one unit of measure with more than one period, ready for a line chart."""
    same_unit = figures[figures["unit"] == unit]
    periods = same_unit.groupby("indicator_code")["period"].transform("nunique")
    series = same_unit[periods > 1].copy()
    series["name"] = series["label_en" if lang == "en" else "label_vi"]
    return series[["name", "period", "period_end", "value", "is_sample"]]
