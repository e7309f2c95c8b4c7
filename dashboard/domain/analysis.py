"""What planners ask of the figures: gaps to targets and the Decree 20/2014 literacy standard."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

_LITERACY = re.compile(r"^literacy_rate_level(?P<level>[12])_age(?P<band>\d{2}_\d{2})$")


def literacy_code(level: int, band: str) -> str:
    """'literacy_rate_level2_age15_60' for level 2 and band '15-60'."""
    return f"literacy_rate_level{level}_age{band.replace('-', '_')}"


def literacy_level(indicator_code: str) -> int | None:
    """The literacy level an indicator measures, or None for other indicators."""
    m = _LITERACY.match(indicator_code)
    return int(m["level"]) if m else None


@dataclass(frozen=True)
class StandardVerdict:
    """Whether a unit meets the commune literacy standard of a level, and on what figure."""

    meets: bool | None  # None: no figure for the band the rule needs
    level: int
    band: str
    threshold: float
    rate: float | None
    disadvantaged: bool


def literacy_verdict(
    *,
    level: int,
    rates: Mapping[str, float | None],
    disadvantaged: bool | None,
    standards: pd.DataFrame,
) -> StandardVerdict:
    """Decree 20/2014 Art. 20–21: ≥ 90 % literate in the age band (narrower if disadvantaged).

    `rates` maps age bands ('15-35') to the unit's literacy rate at `level`.
    """
    rule = standards[(standards["standard"] == "literacy_commune") & (standards["level"] == level)]
    if rule.empty:
        raise LookupError(f"no commune literacy standard for level {level}")
    r = rule.iloc[0]
    flagged = bool(disadvantaged)
    band = str(r["age_band_disadvantaged"] if flagged else r["age_band_normal"])
    threshold = float(r["threshold_percent"])
    rate = rates.get(band)
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return StandardVerdict(None, level, band, threshold, None, flagged)
    return StandardVerdict(rate >= threshold, level, band, threshold, float(rate), flagged)


def target_gaps(values: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Value minus each target year's value, per unit (NaN where there is no figure).

    `values` has columns gso_code, name, value; `targets` has year, target.
    Positive gaps are ahead of target when higher is better.
    """
    out = values[["gso_code", "name", "value"]].copy()
    for _, t in targets.sort_values("year").iterrows():
        out[f"target_{int(t['year'])}"] = float(t["target"])
        out[f"gap_{int(t['year'])}"] = (out["value"] - float(t["target"])).round(2)
    return out


def ranked(values: pd.DataFrame, *, higher_is_better: bool | None) -> pd.DataFrame:
    """Units with a figure, best first (largest first when direction is unknown)."""
    present = values[["gso_code", "name", "value"]].dropna(subset=["value"])
    ascending = higher_is_better is False
    return present.sort_values(["value", "name"], ascending=[ascending, True]).reset_index(
        drop=True
    )


def literacy_verdicts(
    *,
    level: int,
    rates_by_band: Mapping[str, Mapping[str, float | None]],
    disadvantaged: Mapping[str, bool | None],
    standards: pd.DataFrame,
) -> dict[str, StandardVerdict]:
    """The standard's verdict for every unit; `rates_by_band` is band -> unit code -> rate."""
    return {
        code: literacy_verdict(
            level=level,
            rates={band: rates.get(code) for band, rates in rates_by_band.items()},
            disadvantaged=flag,
            standards=standards,
        )
        for code, flag in disadvantaged.items()
    }


def standard_bands(level: int, standards: pd.DataFrame) -> list[str]:
    """The age bands the commune standard of a level looks at (normal and disadvantaged)."""
    rule = standards[(standards["standard"] == "literacy_commune") & (standards["level"] == level)]
    if rule.empty:
        return []
    r = rule.iloc[0]
    return list(dict.fromkeys([str(r["age_band_normal"]), str(r["age_band_disadvantaged"])]))


def ranked_extremes(
    ranked_units: pd.DataFrame, *, selected: list[str], n: int = 10
) -> pd.DataFrame:
    """The top and bottom `n` of a ranking and any selected unit between them, in rank order.

    `ranked_units` is `ranked(...)`'s frame (best first). Adds `rank` (1 = best) and `part`
    ("top", "bottom", "selected"; "all" when every unit fits). A short ranking comes back
    whole, so the 12 districts are all shown and only the 75 communes are cut.
    """
    out = ranked_units.reset_index(drop=True).copy()
    out["rank"] = range(1, len(out) + 1)
    if len(out) <= 2 * n + 2:
        return out.assign(part="all")
    part = pd.Series("", index=out.index)
    part[out.index < n] = "top"
    part[out.index >= len(out) - n] = "bottom"
    part[(part == "") & out["gso_code"].isin(selected)] = "selected"
    return out.assign(part=part)[part != ""].reset_index(drop=True)


def trend_units(
    series: pd.DataFrame,
    *,
    selected: list[str],
    province: pd.DataFrame,
    province_name: str,
    higher_is_better: bool | None = True,
    default_count: int = 5,
) -> pd.DataFrame:
    """The lines a trend chart draws: the selected units, or else the `default_count` lagging
    ones at the latest period (all units when there are 12 or fewer), plus the province.

    `series` has gso_code, name, period, period_end, value; `province` has period,
    period_end, value (the province's own figures). Adds `is_province`.
    """
    columns = ["gso_code", "name", "period", "period_end", "value", "is_province"]
    if selected:
        units = series[series["gso_code"].isin(selected)]
    elif series["gso_code"].nunique() <= 12:
        units = series
    else:
        latest = series.sort_values("period_end").groupby("gso_code").last()
        lagging = latest.sort_values(
            ["value", "name"], ascending=[higher_is_better is not False, True]
        ).head(default_count)
        units = series[series["gso_code"].isin(lagging.index)]
    whole = province.dropna(subset=["value"]).assign(gso_code="province", name=province_name)
    frames = [
        units.assign(is_province=False),
        whole.assign(is_province=True),
    ]
    present = [f[columns] for f in frames if len(f)]
    if not present:
        return pd.DataFrame(columns=columns)
    return pd.concat(present, ignore_index=True)[columns]
