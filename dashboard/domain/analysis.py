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
