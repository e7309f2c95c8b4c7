"""The plan tracker: where each task and objective stands against its targets.

Status rule (per indicator, on the province's own figures):

- **no figures**: the province has no figure for the indicator.
- **no target**: figures, but no province target for the indicator.
- **met**: the latest figure has reached the target (≥, or ≤ where lower is better). The
  target compared is the first target year not before the latest figure's year (the last
  target once every target year has passed).
- **on track**: not met, but the latest figure is at least where a straight line from the
  earliest figure (at its period's end) to the target (on 31 Dec of the target year) would be
  on the latest figure's period end. With a single figure the line starts at that figure, so
  the figure is on its own path: on track until the target year has passed.
- **behind**: not met, and below that line, or the target year has passed.

A task is **behind** if any of its indicators is, else **on track** if any is, else **met** if
any is, else **no target** if any indicator has figures, else **no figures**.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd


class Status(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_TARGET = "no_target"
    NO_FIGURES = "no_figures"


TASK_PRECEDENCE = (Status.BEHIND, Status.ON_TRACK, Status.MET, Status.NO_TARGET)


@dataclass(frozen=True)
class Figure:
    """One figure of an indicator: the last day of its period and its value."""

    end: dt.date
    value: float


@dataclass(frozen=True)
class Verdict:
    status: Status
    target_year: int | None = None
    target: float | None = None
    expected: float | None = None  # where the straight path stands at the latest figure


def _target_for(latest: dt.date, targets: dict[int, float]) -> tuple[int, float]:
    ahead = [y for y in sorted(targets) if y >= latest.year]
    year = ahead[0] if ahead else max(targets)
    return year, targets[year]


def indicator_status(
    figures: Iterable[Figure], targets: dict[int, float], *, higher_is_better: bool | None
) -> Verdict:
    """The status of one indicator under the documented rule (see the module docstring)."""
    ordered = sorted(
        (f for f in figures if not math.isnan(f.value)), key=lambda f: (f.end, f.value)
    )
    if not ordered:
        return Verdict(Status.NO_FIGURES)
    if not targets:
        return Verdict(Status.NO_TARGET)
    first, latest = ordered[0], ordered[-1]
    year, target = _target_for(latest.end, targets)
    sign = -1.0 if higher_is_better is False else 1.0
    if sign * (latest.value - target) >= 0:
        return Verdict(Status.MET, year, target)
    deadline = dt.date(year, 12, 31)
    if latest.end > deadline:
        return Verdict(Status.BEHIND, year, target)
    span = (deadline - first.end).days
    share = (latest.end - first.end).days / span if span > 0 else 1.0
    expected = first.value + (target - first.value) * share
    status = Status.ON_TRACK if sign * (latest.value - expected) >= -1e-9 else Status.BEHIND
    return Verdict(status, year, target, round(expected, 2))


def task_status(statuses: Iterable[Status]) -> Status:
    """A task's status from its indicators' (see the module docstring)."""
    present = set(statuses)
    return next((s for s in TASK_PRECEDENCE if s in present), Status.NO_FIGURES)


PLAN_COLUMNS = [
    "task_code",
    "indicator_code",
    "label",
    "unit",
    "value",
    "period_detail",
    "source_title",
    "source_url",
    "is_sample",
    "figures",
    "target_2025",
    "target_2030",
    "target_year",
    "expected",
    "status",
]


def plan_rows(
    links: pd.DataFrame, figures: pd.DataFrame, targets: pd.DataFrame, *, lang: str
) -> pd.DataFrame:
    """One row per task and indicator: latest figure, targets and status.

    `links`: task_code, indicator_code, label_vi, label_en, unit, higher_is_better;
    `figures`: indicator_code, period_end, period_detail, value, source_title, source_url,
    is_sample (the province's); `targets`: indicator_code, year, target (province scope).
    """
    label = "label_en" if lang == "en" else "label_vi"
    rows = []
    for link in links.itertuples(index=False):
        own = figures[figures["indicator_code"] == link.indicator_code].sort_values("period_end")
        goals = {
            int(y): float(v)
            for y, v in targets.loc[
                targets["indicator_code"] == link.indicator_code, ["year", "target"]
            ].itertuples(index=False)
        }
        hib = link.higher_is_better
        verdict = indicator_status(
            [
                Figure(pd.Timestamp(e).date(), float(v))
                for e, v in zip(own["period_end"], own["value"], strict=True)
            ],
            goals,
            higher_is_better=None if hib is None or pd.isna(hib) else bool(hib),
        )
        latest = own.iloc[-1] if len(own) else None
        rows.append(
            {
                "task_code": link.task_code,
                "indicator_code": link.indicator_code,
                "label": getattr(link, label),
                "unit": link.unit,
                "value": None if latest is None else float(latest["value"]),
                "period_detail": None if latest is None else latest["period_detail"],
                "source_title": None if latest is None else latest["source_title"],
                "source_url": None if latest is None else latest["source_url"],
                "is_sample": False if latest is None else bool(latest["is_sample"]),
                "figures": len(own),
                "target_2025": goals.get(2025),
                "target_2030": goals.get(2030),
                "target_year": verdict.target_year,
                "expected": verdict.expected,
                "status": verdict.status.value,
            }
        )
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def task_summary(rows: pd.DataFrame) -> dict[str, Status]:
    """Task code -> the task's status."""
    return {
        str(code): task_status(Status(s) for s in group["status"])
        for code, group in rows.groupby("task_code", sort=False)
    }


def missing_indicators(rows: pd.DataFrame) -> list[str]:
    """Indicators of the plan with no province figure yet, each once, in plan order."""
    return list(dict.fromkeys(rows.loc[rows["figures"] == 0, "indicator_code"]))
