"""Typed queries of the plan area: plan catalogue, focus figures, flags, recognitions, KFLC.

Each returns a DataFrame with fixed columns, even when empty; none caches.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from dashboard.data import queries
from dashboard.data.models import (
    AdminUnit,
    Indicator,
    IndicatorValue,
    KflcArea,
    KflcIndicatorArea,
    PlanTask,
    PlanTaskIndicator,
    Recognition,
    Source,
    UnitDifficultyFlag,
)
from dashboard.domain.analysis import literacy_code
from dashboard.domain.units import CITY_CODE, PROVINCE_CODE, VINTAGE_LEVEL


def _frame(engine: Engine, stmt: object, columns: list[str]) -> pd.DataFrame:
    """queries' reader (typed even when empty), with exactly `columns`."""
    return queries._frame(engine, stmt).reindex(columns=columns)


PLAN_LINK_COLUMNS = [
    "task_code",
    "framework",
    "number",
    "title_vi",
    "title_en",
    "task_source_title",
    "task_source_url",
    "task_note",
    "indicator_code",
    "label_vi",
    "label_en",
    "unit",
    "higher_is_better",
]


def plan_links(*, engine: Engine) -> pd.DataFrame:
    """Every plan task with each of its indicators (catalogue order: framework, number)."""
    stmt = (
        select(
            PlanTask.code.label("task_code"),
            PlanTask.framework,
            PlanTask.number,
            PlanTask.title_vi,
            PlanTask.title_en,
            Source.title.label("task_source_title"),
            Source.url.label("task_source_url"),
            PlanTask.note.label("task_note"),
            Indicator.code.label("indicator_code"),
            Indicator.label_vi,
            Indicator.label_en,
            Indicator.unit,
            Indicator.higher_is_better,
        )
        .join(Source, Source.id == PlanTask.source_id)
        .join(PlanTaskIndicator, PlanTaskIndicator.task_code == PlanTask.code)
        .join(Indicator, Indicator.code == PlanTaskIndicator.indicator_code)
        .order_by(PlanTask.framework, PlanTask.number, PlanTaskIndicator.id)
    )
    return _frame(engine, stmt, PLAN_LINK_COLUMNS)


FIGURE_COLUMNS = [
    "indicator_code",
    "period",
    "period_end",
    "period_detail",
    "value",
    "source_title",
    "source_url",
    "is_sample",
]


def province_figures(*, engine: Engine) -> pd.DataFrame:
    """Every figure of the province itself (not of its districts or communes)."""
    stmt = (
        select(
            IndicatorValue.indicator_code,
            IndicatorValue.period,
            IndicatorValue.period_end,
            *queries.period_fields(),
            IndicatorValue.value,
            Source.title.label("source_title"),
            Source.url.label("source_url"),
            IndicatorValue.is_sample,
        )
        .join(Source, Source.id == IndicatorValue.source_id)
        .join(AdminUnit, AdminUnit.id == IndicatorValue.unit_id)
        .where(AdminUnit.level == "province", AdminUnit.gso_code == PROVINCE_CODE)
        .order_by(IndicatorValue.indicator_code, IndicatorValue.period_end)
    )
    out = _frame(engine, stmt, FIGURE_COLUMNS)
    out["period_end"] = pd.to_datetime(out["period_end"])
    out["is_sample"] = out["is_sample"].astype(bool)
    return out


FLAG_COLUMNS = [
    "gso_code",
    "name",
    "vintage",
    "period",
    "period_end",
    "flagged",
    "source_title",
    "source_url",
    "is_sample",
]


def difficulty_flags(*, engine: Engine, vintage: str) -> pd.DataFrame:
    """The "particularly difficult" flag lists of the units of a vintage, by period."""
    stmt = (
        select(
            AdminUnit.gso_code,
            AdminUnit.name,
            AdminUnit.vintage,
            UnitDifficultyFlag.period,
            UnitDifficultyFlag.period_end,
            UnitDifficultyFlag.flagged,
            Source.title.label("source_title"),
            Source.url.label("source_url"),
            UnitDifficultyFlag.is_sample,
        )
        .join(AdminUnit, AdminUnit.id == UnitDifficultyFlag.unit_id)
        .join(Source, Source.id == UnitDifficultyFlag.source_id)
        .where(AdminUnit.vintage == vintage, AdminUnit.level == VINTAGE_LEVEL[vintage])
        .order_by(AdminUnit.gso_code, UnitDifficultyFlag.period_end)
    )
    out = _frame(engine, stmt, FLAG_COLUMNS)
    out["period_end"] = pd.to_datetime(out["period_end"])
    return out


FOCUS_FIGURE_COLUMNS = [
    "band",
    "gso_code",
    "name",
    "value",
    "numerator",
    "denominator",
    "is_sample",
    "period_detail",
    "source_title",
    "source_url",
]


def literacy_level2_figures(*, engine: Engine, period: str, vintage: str) -> pd.DataFrame:
    """Level-2 literacy per unit of the vintage for the bands 15–60 and 15–35, long format."""
    frames = []
    for band in ("15-60", "15-35"):
        values = queries.vintage_values(
            engine=engine, indicator_code=literacy_code(2, band), period=period, vintage=vintage
        )
        frame = pd.DataFrame(values.drop(columns="geometry"))
        frame["band"] = band
        frames.append(frame.reindex(columns=FOCUS_FIGURE_COLUMNS))
    return pd.concat(frames, ignore_index=True)


RECOGNITION_COLUMNS = [
    "id",
    "recipient",
    "recipient_kind",
    "unit_code",
    "unit_name",
    "vintage",
    "district_code",
    "kind",
    "level",
    "title",
    "decision_number",
    "decision_date",
    "issuing_body",
    "source_title",
    "source_url",
    "is_sample",
    "note",
]


def recognitions(*, engine: Engine) -> pd.DataFrame:
    """Every recognition with its unit (and, for pre-2025 communes, their district)."""
    parent = aliased(AdminUnit)
    stmt = (
        select(
            Recognition.id,
            Recognition.recipient,
            Recognition.recipient_kind,
            AdminUnit.gso_code.label("unit_code"),
            AdminUnit.full_name.label("unit_name"),
            AdminUnit.vintage,
            parent.gso_code.label("parent_code"),
            AdminUnit.level.label("unit_level"),
            Recognition.kind,
            Recognition.level,
            Recognition.title,
            Recognition.decision_number,
            Recognition.decision_date,
            Recognition.issuing_body,
            Source.title.label("source_title"),
            Source.url.label("source_url"),
            Recognition.is_sample,
            Recognition.note,
        )
        .join(AdminUnit, AdminUnit.id == Recognition.unit_id)
        .outerjoin(parent, parent.id == AdminUnit.parent_id)
        .join(Source, Source.id == Recognition.source_id)
        .order_by(Recognition.decision_date.desc(), Recognition.id)
    )
    with engine.connect() as conn:
        df = pd.read_sql(stmt, conn)  # type: ignore[call-overload]
    df["district_code"] = df["unit_code"].where(df["unit_level"] == "district", df["parent_code"])
    return pd.DataFrame(df, columns=RECOGNITION_COLUMNS)


COUNT_COLUMNS = ["gso_code", "name", "recognitions"]


def recognition_counts(*, engine: Engine, vintage: str) -> pd.DataFrame:
    """Recognitions per unit of a vintage's map level (pre-2025 communes count for their
    district); units with none count 0."""
    units = queries.units(engine=engine, level=VINTAGE_LEVEL[vintage], vintage=vintage)
    found = recognitions(engine=engine)
    found = found[found["vintage"] == vintage]
    key = "district_code" if VINTAGE_LEVEL[vintage] == "district" else "unit_code"
    counts = found.groupby(key).size()
    out = pd.DataFrame({"gso_code": units["gso_code"], "name": units["name"]})
    out["recognitions"] = out["gso_code"].map(counts).fillna(0).astype(int)
    return out[COUNT_COLUMNS]


KFLC_COLUMNS = [
    "part",
    "number",
    "area_code",
    "area_vi",
    "area_en",
    "indicator_code",
    "label_vi",
    "label_en",
    "unit",
    "value",
    "period_detail",
    "source_title",
    "source_url",
    "is_sample",
]


def kflc_city_figures(*, engine: Engine, gso_code: str = CITY_CODE) -> pd.DataFrame:
    """The 12 KFLC areas, each tagged indicator and the city's latest figure for it.

    The latest real figure is preferred to a newer sample one; an area with no indicator
    keeps one row with no indicator, an indicator with no figure one row with no value.
    """
    tags = (
        select(
            KflcArea.part,
            KflcArea.number,
            KflcArea.code.label("area_code"),
            KflcArea.label_vi.label("area_vi"),
            KflcArea.label_en.label("area_en"),
            Indicator.code.label("indicator_code"),
            Indicator.label_vi,
            Indicator.label_en,
            Indicator.unit,
        )
        .outerjoin(KflcIndicatorArea, KflcIndicatorArea.area_code == KflcArea.code)
        .outerjoin(Indicator, Indicator.code == KflcIndicatorArea.indicator_code)
    )
    areas = _frame(engine, tags, KFLC_COLUMNS[:9])
    figures = queries.unit_figures(engine=engine, gso_code=gso_code, vintage="pre_2025")
    figures = figures.assign(_real=~figures["is_sample"].astype(bool))
    best = (
        figures.sort_values(["indicator_code", "_real", "period_end"])
        .groupby("indicator_code")
        .tail(1)
        .set_index("indicator_code")
    )
    out = areas.copy()
    for column in ("value", "period_detail", "source_title", "source_url", "is_sample"):
        out[column] = out["indicator_code"].map(best[column]) if len(best) else None
    order = {"benefit": 0, "building_block": 1, "fundamental_condition": 2}
    out["_order"] = out["part"].map(order)
    out = out.sort_values(["_order", "number", "indicator_code"], na_position="last")
    return out[KFLC_COLUMNS].reset_index(drop=True)
