"""Headline figures: the province's real numbers, each beside its 2025 target."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
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
                period=format_period(r["period_detail"], lang),
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


# The plan's themes for the province's figures on the Overview, in the order a leader reads.
THEMES: dict[str, tuple[str, ...]] = {
    "literacy": ("literacy",),
    "learning_models": ("learning_models",),
    "network": ("clc_activity", "facilities"),
}
THEME_INDICATORS = [
    *HEADLINE_INDICATORS,
    "new_literacy_classes_opened",
    "literacy_class_learners",
    "communes_with_community_learning_centre_share",
    "community_learning_centres_using_it_share",
    "clc_classes_held",
    "clc_participants",
    "provincial_continuing_education_centres",
    "houses_of_wisdom_and_libraries_of_compassion",
    "schools",
]


def cards_by_theme(cards: Iterable[Card], groups: Mapping[str, str]) -> dict[str, list[Card]]:
    """Cards under the plan's themes (literacy, learning models, network); others left out.

    `groups` maps indicator code to its catalogue group. Within a theme, cards with a target
    come first, so the distance to the plan is read before the plain counts.
    """
    out: dict[str, list[Card]] = {theme: [] for theme in THEMES}
    for card in cards:
        group = groups.get(card.indicator_code, "")
        for theme, members in THEMES.items():
            if group in members:
                out[theme].append(card)
    for theme in out:
        out[theme].sort(key=lambda c: c.target is None)
    return {theme: found for theme, found in out.items() if found}


@dataclass(frozen=True)
class Extremes:
    """The lowest and highest unit of a map, as a leader reads them."""

    lowest: str
    lowest_value: str
    highest: str
    highest_value: str


def extremes(values: pd.DataFrame, *, unit: str, lang: str) -> Extremes | None:
    """Lowest and highest unit with a figure (None with fewer than two units with figures)."""
    present = values.dropna(subset=["value"]).sort_values(["value", "name"])
    if len(present) < 2:
        return None
    low, high = present.iloc[0], present.iloc[-1]
    return Extremes(
        lowest=str(low["name"]),
        lowest_value=format_value(float(low["value"]), unit, lang),
        highest=str(high["name"]),
        highest_value=format_value(float(high["value"]), unit, lang),
    )
