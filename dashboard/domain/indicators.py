"""Headline figures: the province's real numbers, each beside its 2025 target."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import UNIT_LABELS, format_number, format_period, format_value

DEFAULT_INDICATOR = "literacy_rate_level2_age15_60"  # where literacy lags is the first question

GROUP_ORDER = [
    "literacy",
    "learning_models",
    "clc_activity",
    "facilities",
    "education",
    "learning_city",
    "context",
    "national_targets",
]


def default_indicator(codes: Iterable[str]) -> str | None:
    """Literacy where it has figures, else the first indicator that has any (None: none)."""
    listed = list(codes)
    if DEFAULT_INDICATOR in listed:
        return DEFAULT_INDICATOR
    return listed[0] if listed else None


# A new commune's profile follows these across the 2025 reform.
PROFILE_TREND_INDICATORS = ["literacy_rate_level2_age15_60", "learning_families_share"]

HEADLINE_INDICATORS = [
    "learning_citizens",
    "learning_citizens_share",
    "learning_families",
    "learning_families_share",
    "learning_clans",
    "learning_clans_share",
    "learning_communities",
    "learning_units",
    "learning_units_share",
    "literacy_rate_level2_age15_25",
    "literacy_rate_level2_age15_35",
    "literacy_rate_level2_age15_60",
]


@dataclass(frozen=True)
class Card:
    """One figure as a leader reads it: value, target, gap, period and source."""

    indicator_code: str
    label: str
    value: str
    target: str | None
    gap: str | None  # "+11,56 điểm %" / "+11.56 pp"
    period: str
    source_title: str
    source_url: str
    note: str | None


def _present(x: object) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def target_gap(value: float, target: float, unit: str, lang: str) -> str:
    """Distance to the target: percentage points for shares, plain difference otherwise."""
    diff = value - target
    sign = "+" if diff >= 0 else "−"
    amount = format_number(abs(round(diff, 2)), lang)
    if unit == "percent":
        return f"{sign}{amount} {'điểm %' if lang == 'vi' else 'pp'}"
    return f"{sign}{amount}"


def headline_cards(figures: pd.DataFrame, lang: str) -> list[Card]:
    """Cards for the rows of queries.headline_figures, in that order."""
    cards = []
    for _, r in figures.iterrows():
        has_target = _present(r.get("target"))
        label = r["label_en"] if lang == "en" else r["label_vi"]
        if r["unit"] != "percent":  # counts: the unit goes in the label so the number fits
            unit = UNIT_LABELS.get(r["unit"], (r["unit"], r["unit"]))[lang == "en"]
            label, value = f"{label} ({unit})", format_number(float(r["value"]), lang)
        else:
            value = format_value(float(r["value"]), r["unit"], lang)
        cards.append(
            Card(
                indicator_code=r["indicator_code"],
                label=label,
                value=value,
                target=format_value(float(r["target"]), r["unit"], lang) if has_target else None,
                gap=target_gap(float(r["value"]), float(r["target"]), r["unit"], lang)
                if has_target
                else None,
                period=format_period(r["period_label"], lang),
                source_title=str(r["source_title"]),
                source_url=str(r["source_url"]),
                note=r["note"] if _present(r.get("note")) else None,
            )
        )
    return cards


def ordered_groups(groups: Iterable[str]) -> list[str]:
    """Indicator groups in the order planners look at them (unknown groups last)."""
    present = set(groups)
    known = [g for g in GROUP_ORDER if g in present]
    return known + sorted(present - set(known))
