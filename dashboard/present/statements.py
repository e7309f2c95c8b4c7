"""What a slide says beside its live map: the headline (lowest and highest unit, the target),
the top and bottom of the ranking, and why a slide can no longer draw its map."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from dashboard.data import queries
from dashboard.domain.analysis import ranked, ranked_extremes
from dashboard.domain.indicators import extremes, target_gap
from dashboard.domain.profile import latest_figures
from dashboard.i18n import format_value, t
from dashboard.present import decks
from dashboard.present.views import MapFigures, MapView, Note

RANKED_EACH_END = 3  # units listed at the top and at the bottom of a slide's ranking
TARGET_YEAR = 2025


@dataclass(frozen=True)
class Headline:
    """The slide's statement and, in smaller type after it, the target it is measured against."""

    text: str
    target: str = ""


@dataclass(frozen=True)
class RankRow:
    """One line of a slide's ranking: rank, unit, value; `part` is top, bottom or all."""

    rank: int
    name: str
    value: str
    part: str


@dataclass(frozen=True)
class CardRow:
    """One figure of a unit's card: indicator, value, the 2025 target, the gap and whether the
    target is met (None without a target)."""

    indicator: str
    value: str
    target: str
    gap: str
    met: bool | None


def unit_card(
    *, engine: Engine, code: str, vintage: str, lang: str, limit: int = 6
) -> tuple[CardRow, ...]:
    """A unit's latest figures for a slide, those with a 2025 target first."""
    latest = latest_figures(
        queries.unit_figures(engine=engine, gso_code=code, vintage=vintage),
        queries.province_targets(engine=engine),
        lang,
    )
    latest = latest.assign(has_target=latest["target_2025"].notna()).sort_values(
        "has_target", ascending=False, kind="stable"
    )
    rows = []
    for _, r in latest.head(limit).iterrows():
        target = r["target_2025"]
        if pd.isna(target) or pd.isna(r["value"]):
            rows.append(CardRow(str(r["indicator"]), str(r["shown_value"]), "", "", None))
            continue
        rows.append(
            CardRow(
                str(r["indicator"]),
                str(r["shown_value"]),
                format_value(float(target), str(r["unit"]), lang),
                target_gap(float(r["value"]), float(target), str(r["unit"]), lang),
                bool(float(r["value"]) >= float(target)),
            )
        )
    return tuple(rows)


def target_value(*, engine: Engine, indicator: str, year: int = TARGET_YEAR) -> float | None:
    """The province's target for `indicator` in `year`, if one is set."""
    found = queries.targets(engine=engine, indicator_code=indicator)
    found = found[found["year"] == year]
    return float(found["target"].iloc[0]) if len(found) else None


def headline(figures: MapFigures, *, target: float | None, lang: str) -> Headline:
    """'Thấp nhất: Mường La 86,61 % · cao nhất: Quỳnh Nhai 98,2 %' and 'mục tiêu 2025: 90 %';
    the units' own lowest and highest (never the province's figure) when two or more have one."""
    ends = extremes(figures.values, unit=figures.unit, lang=lang)
    if ends is None:
        text = f"{figures.headline} ({figures.headline_label})"
    else:
        text = t("present_extremes", lang).format(
            low=ends.lowest,
            low_value=ends.lowest_value,
            high=ends.highest,
            high_value=ends.highest_value,
        )
    shown_target = ""
    if target is not None:
        shown_target = t("present_target", lang).format(
            year=TARGET_YEAR, value=format_value(target, figures.unit, lang)
        )
    return Headline(text, shown_target)


def extreme_codes(figures: MapFigures) -> tuple[str, ...]:
    """The lowest and highest unit's codes (named on the map before any other)."""
    present = figures.values.dropna(subset=["value"]).sort_values(["value", "name"])
    if present.empty:
        return ()
    return tuple(
        dict.fromkeys([str(present.iloc[0]["gso_code"]), str(present.iloc[-1]["gso_code"])])
    )


def top_and_bottom(
    figures: MapFigures, *, lang: str, n: int = RANKED_EACH_END
) -> tuple[RankRow, ...]:
    """The best and worst `n` units with their figures (every unit when few have one)."""
    values = figures.values
    if values.empty or values["value"].isna().all():
        return ()
    cut = ranked_extremes(
        ranked(pd.DataFrame(values[["gso_code", "name", "value"]]), higher_is_better=True),
        selected=[],
        n=n,
    )
    return tuple(
        RankRow(
            int(r["rank"]),
            str(r["name"]),
            format_value(float(r["value"]), figures.unit, lang),
            str(r["part"]),
        )
        for _, r in cut.iterrows()
    )


def unavailable(slide: decks.SlideInfo, view: MapView) -> Note | None:
    """Why the slide cannot draw the map it was saved with (its indicator left the catalogue,
    or the indicator has no figures for these units), else None. A Facilities slide draws
    facilities, which have no indicator."""
    if slide.page == "facilities":
        return None
    wanted = slide.params.get("indicator")
    if wanted and wanted != view.indicator:
        return Note(
            f"Trang này không còn khớp với số liệu: chỉ tiêu '{wanted}' không còn trong danh mục, "
            "nên không vẽ bản đồ.",
            f"This slide no longer matches the data: indicator '{wanted}' has left the "
            "catalogue, so no map is drawn.",
        )
    if not view.period:
        return Note(
            "Trang này không còn khớp với số liệu: chỉ tiêu không có số liệu nào cho các đơn vị "
            "này, nên không vẽ bản đồ.",
            "This slide no longer matches the data: the indicator has no figures for these "
            "units, so no map is drawn.",
        )
    return None
