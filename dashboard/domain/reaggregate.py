"""Figures across the 1 July 2025 reform: old units -> new units through the crosswalk.

Counts add up (weighted where an old unit was split). Rates are recomputed from numerators
and denominators, never averaged; a rate without a denominator is not comparable, and says
why. A unit carried over unchanged (one predecessor, whole) keeps its figure as it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

WEIGHT_TOLERANCE = 1e-6


class CrosswalkError(ValueError):
    """A crosswalk that cannot be used for re-aggregation; the message names the rows."""


@dataclass(frozen=True)
class CrosswalkProblem:
    """One thing wrong with the crosswalk, with the row it is on (1-based, None if global)."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row is not None else self.message


def check_crosswalk(
    crosswalk: pd.DataFrame, *, old_codes: Iterable[str], new_codes: Iterable[str]
) -> list[CrosswalkProblem]:
    """Unknown codes, weights of an old unit not summing to 1, units left without a match."""
    old, new = set(old_codes), set(new_codes)
    problems = []
    for i, r in enumerate(crosswalk.itertuples(index=False), start=1):
        if r.old_code not in old:
            problems.append(CrosswalkProblem(i, f"unknown old unit code '{r.old_code}'"))
        if r.new_code not in new:
            problems.append(CrosswalkProblem(i, f"unknown new unit code '{r.new_code}'"))
        weight = float(r.weight)
        if not (math.isfinite(weight) and 0 < weight <= 1):
            problems.append(CrosswalkProblem(i, f"weight {r.weight} is not in (0, 1]"))
    sums = crosswalk.groupby("old_code")["weight"].sum()
    for i, code in enumerate(crosswalk["old_code"], start=1):
        total = float(sums[code])
        if abs(total - 1) > WEIGHT_TOLERANCE:
            message = f"weights of old unit {code} sum to {total:g}, not 1"
            problems.append(CrosswalkProblem(i, message))
    for code in sorted(old - set(crosswalk["old_code"])):
        problems.append(CrosswalkProblem(None, f"old unit {code} has no successor"))
    for code in sorted(new - set(crosswalk["new_code"])):
        problems.append(CrosswalkProblem(None, f"new unit {code} has no predecessor"))
    return problems


def reaggregate(
    values: pd.DataFrame,
    crosswalk: pd.DataFrame,
    *,
    aggregation: str,
    scale: float = 100.0,
) -> pd.DataFrame:
    """Figures of old units carried to new units.

    Parameters
    ----------
    values : columns code, value, numerator, denominator (old units; missing rows = no figure)
    crosswalk : columns old_code, new_code, weight (share of the old unit in the new one)
    aggregation : "sum", "rate" or "none" (the indicator catalogue's)
    scale : a rate's value is scale * numerator / denominator (100 for percentages)

    Returns one row per new unit: code, value, numerator, denominator, comparable, reason.
    """
    problems = [
        p
        for p in check_crosswalk(
            crosswalk, old_codes=crosswalk["old_code"], new_codes=crosswalk["new_code"]
        )
        if p.row is not None
    ]
    if problems:
        raise CrosswalkError("; ".join(str(p) for p in problems[:5]))
    known = values.set_index("code")
    rows = []
    for new_code, links in crosswalk.groupby("new_code", sort=True):
        rows.append({"code": new_code, **_combine(links, known, aggregation, scale)})
    return pd.DataFrame(
        rows, columns=["code", "value", "numerator", "denominator", "comparable", "reason"]
    )


def _present(x: object) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def _combine(
    links: pd.DataFrame, known: pd.DataFrame, aggregation: str, scale: float
) -> dict[str, object]:
    empty = {"value": math.nan, "numerator": math.nan, "denominator": math.nan}
    olds = list(links["old_code"])
    missing = [c for c in olds if c not in known.index or not _present(known.at[c, "value"])]
    if missing:
        reason = f"no figure for {len(missing)} of {len(olds)} predecessor(s): {', '.join(missing)}"
        return empty | {"comparable": False, "reason": reason}
    if len(links) == 1 and float(links["weight"].iloc[0]) == 1.0:  # carried over unchanged
        r = known.loc[olds[0]]
        return {
            "value": float(r["value"]),
            "numerator": r.get("numerator", math.nan),
            "denominator": r.get("denominator", math.nan),
            "comparable": True,
            "reason": "",
        }
    if aggregation == "none":
        return empty | {"comparable": False, "reason": "this indicator cannot be combined"}
    weights = links.set_index("old_code")["weight"].astype(float)
    if aggregation == "sum":
        total = sum(weights[c] * float(known.at[c, "value"]) for c in olds)
        return empty | {"value": total, "comparable": True, "reason": ""}
    lacking = [
        c
        for c in olds
        if not (_present(known.at[c, "numerator"]) and _present(known.at[c, "denominator"]))
    ]
    if lacking:
        reason = (
            f"rate without numerator/denominator for {', '.join(lacking)}: "
            "rates are never averaged, so the merged unit's rate is not comparable"
        )
        return empty | {"comparable": False, "reason": reason}
    numerator = sum(weights[c] * float(known.at[c, "numerator"]) for c in olds)
    denominator = sum(weights[c] * float(known.at[c, "denominator"]) for c in olds)
    if denominator <= 0:
        return empty | {"comparable": False, "reason": "denominator is zero"}
    return {
        "value": round(scale * numerator / denominator, 2),
        "numerator": numerator,
        "denominator": denominator,
        "comparable": True,
        "reason": "",
    }
