"""Where literacy work should go first: units ranked by people and by rate.

- **People without level-2 literacy** are estimated as denominator − numerator of the level-2
  rate for ages 15–60 (the whole age range of the literacy programme). Units with no
  numerator and denominator have no estimate and rank last.
- **Rate and gap** follow Decree 20/2014 Art. 21: the level-2 rate in the standard's age band
  (15–60, or the narrower 15–35 where the unit is flagged "particularly difficult" for the
  period) minus the threshold (90 %), in percentage points; negative means below standard.
- A unit's flag for a period is its flag list whose period ends closest to the figures'
  period end (a list for 2024-2025 applies to 2024-2025's figures); no list: not flagged.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import pandas as pd

PEOPLE_BAND = "15-60"
LEVEL = 2

FOCUS_COLUMNS = [
    "gso_code",
    "name",
    "flagged",
    "band",
    "rate",
    "threshold",
    "gap",
    "people_without",
    "rank_people",
    "rank_rate",
    "is_sample",
    "period_detail",
    "source_title",
    "source_url",
]


def commune_rule(standards: pd.DataFrame) -> tuple[str, str, float]:
    """(normal band, disadvantaged band, threshold %) of the level-2 commune standard."""
    rule = standards[(standards["standard"] == "literacy_commune") & (standards["level"] == LEVEL)]
    if rule.empty:
        raise LookupError("no commune literacy standard for level 2")
    r = rule.iloc[0]
    return (
        str(r["age_band_normal"]),
        str(r["age_band_disadvantaged"]),
        float(r["threshold_percent"]),
    )


def flag_for(flags: pd.DataFrame, *, period_end: dt.date) -> dict[str, bool]:
    """Unit code -> flag, from each unit's list whose period ends closest to `period_end`.

    `flags`: gso_code, period_end, flagged.
    """
    out: dict[str, bool] = {}
    for code, group in flags.groupby("gso_code"):
        distance = [abs((pd.Timestamp(e).date() - period_end).days) for e in group["period_end"]]
        nearest = group.iloc[distance.index(min(distance))]
        out[str(code)] = bool(nearest["flagged"])
    return out


def _number(x: object) -> float | None:
    if x is None:
        return None
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def ranking(
    bands: Mapping[str, pd.DataFrame], flags: Mapping[str, bool], standards: pd.DataFrame
) -> pd.DataFrame:
    """Every unit with its estimate, rate, gap and two ranks (1 = where to go first).

    `bands` maps an age band ('15-60') to that band's level-2 figures per unit (columns
    gso_code, name, value, numerator, denominator, is_sample, period_detail, source_title,
    source_url), every unit of the vintage present in each.
    """
    normal, narrow, threshold = commune_rule(standards)
    people = bands.get(PEOPLE_BAND)
    base = people if people is not None else next(iter(bands.values()))
    rows = []
    for unit in base.itertuples(index=False):
        code = str(unit.gso_code)
        flagged = bool(flags.get(code, False))
        band = narrow if flagged else normal
        rated = bands.get(band)
        rate = None
        source = unit
        if rated is not None:
            match = rated[rated["gso_code"] == code]
            if len(match):
                source = next(match.itertuples(index=False))
                rate = _number(source.value)
        without = None
        if people is not None:
            num, den = _number(unit.numerator), _number(unit.denominator)
            if num is not None and den is not None:
                without = den - num
        has_figure = rate is not None
        rows.append(
            {
                "gso_code": code,
                "name": unit.name,
                "flagged": flagged,
                "band": band,
                "rate": rate,
                "threshold": threshold,
                "gap": None if rate is None else round(rate - threshold, 2),
                "people_without": without,
                "is_sample": bool(source.is_sample) if has_figure else False,
                "period_detail": source.period_detail if has_figure else None,
                "source_title": source.source_title if has_figure else None,
                "source_url": source.source_url if has_figure else None,
            }
        )
    out = pd.DataFrame(rows, columns=[c for c in FOCUS_COLUMNS if not c.startswith("rank")])
    out["rank_people"] = (
        out["people_without"].astype("Float64").rank(ascending=False, method="min").astype("Int64")
    )
    out["rank_rate"] = (
        out["rate"].astype("Float64").rank(ascending=True, method="min").astype("Int64")
    )
    return out[FOCUS_COLUMNS]


def ordered(frame: pd.DataFrame, *, by: str) -> pd.DataFrame:
    """Ranked by 'people' or 'rate', units without a figure last, ties by name."""
    column = "rank_people" if by == "people" else "rank_rate"
    return frame.sort_values([column, "name"], na_position="last").reset_index(drop=True)
