"""Typed, keyword-only queries. Each returns a DataFrame or GeoDataFrame; none caches."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
from sqlalchemy import Engine, func, or_, select, text
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from dashboard.data.models import (
    PERIOD_COLUMNS,
    VINTAGE_POST_2025,
    VINTAGE_PRE_2025,
    AdminUnit,
    Facility,
    Indicator,
    IndicatorValue,
    LiteracyStandard,
    Source,
    Target,
    UnitCrosswalk,
    period_of,
)
from dashboard.domain.periods import parse_code
from dashboard.domain.units import PROVINCE_CODE, VINTAGE_LEVEL, Level, Vintage
from geo import from_wkb


def _in_province(province_code: str | None) -> ColumnElement[bool]:
    """Units whose parent or grandparent is the province (all units when None)."""
    if province_code is None:
        return AdminUnit.id.is_not(None)
    parent, grand = aliased(AdminUnit), aliased(AdminUnit)
    inside = (
        select(AdminUnit.id)
        .join(parent, parent.id == AdminUnit.parent_id)
        .outerjoin(grand, grand.id == parent.parent_id)
        .where(or_(parent.gso_code == province_code, grand.gso_code == province_code))
    )
    return AdminUnit.id.in_(inside)


_DTYPES = {float: "float64", int: "int64", bool: "bool"}


def _empty_dtypes(stmt: object) -> dict[str, str]:
    """Column dtypes of a select when it returns no row (read_sql would give `object`)."""
    out = {}
    for column in getattr(stmt, "selected_columns", []):
        try:
            python_type = column.type.python_type
        except NotImplementedError:
            continue
        out[column.key] = _DTYPES.get(python_type, "object")
    return out


_FIELD = "_period_field_"  # the label prefix of period_fields(), collapsed by _frame


def period_fields() -> list[Any]:
    """A figure's period columns, to select beside others: the frame gets one `period_detail`
    column of Period objects (None where a row has no figure) in their place."""
    return [getattr(IndicatorValue, c).label(_FIELD + c) for c in PERIOD_COLUMNS]


def _with_period_detail(df: pd.DataFrame) -> pd.DataFrame:
    labels = [_FIELD + c for c in PERIOD_COLUMNS]
    fields = df[labels].set_axis(list(PERIOD_COLUMNS), axis=1)
    out = df.drop(columns=labels)
    out["period_detail"] = pd.Series(
        [period_of(r) for r in fields.to_dict("records")], index=df.index, dtype=object
    )
    return out


def _frame(engine: Engine, stmt: object) -> pd.DataFrame:
    """The rows of `stmt`; with no row, the same columns with the dtypes rows would have.

    The columns of period_fields() come back as one `period_detail` column."""
    with engine.connect() as conn:
        df: pd.DataFrame = pd.read_sql(stmt, conn)  # type: ignore[call-overload]
    if df.empty:
        df = df.astype(_empty_dtypes(stmt))
    if _FIELD + PERIOD_COLUMNS[0] in df.columns:
        df = _with_period_detail(df)
    return df


def table_counts(*, engine: Engine) -> dict[str, int]:
    """What `info` reports: units by level and vintage, facilities and figures, real vs sample."""

    def one(stmt: object) -> int:
        with engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())  # type: ignore[call-overload]

    def units(level: str, vintage: str | None = None) -> int:
        stmt = select(func.count()).select_from(AdminUnit).where(AdminUnit.level == level)
        if vintage:
            stmt = stmt.where(AdminUnit.vintage == vintage)
        return one(stmt)

    def flagged(model: type[Facility] | type[IndicatorValue], sample: bool) -> int:
        return one(select(func.count()).select_from(model).where(model.is_sample.is_(sample)))

    real_with_source = one(
        select(func.count())
        .select_from(IndicatorValue)
        .join(Source, Source.id == IndicatorValue.source_id)
        .where(IndicatorValue.is_sample.is_(False), Source.url != "")
    )
    counts = {
        "provinces": units("province"),
        "districts": units("district", VINTAGE_PRE_2025),
        "communes pre-2025": units("commune", VINTAGE_PRE_2025),
        "communes 2025": units("commune", VINTAGE_POST_2025),
        "crosswalk rows": one(text("SELECT count(*) FROM unit_crosswalk")),
        "facilities (real)": flagged(Facility, False),
        "facilities (sample)": flagged(Facility, True),
        "indicator values (real)": flagged(IndicatorValue, False),
        "indicator values (real, with source URL)": real_with_source,
        "indicator values (sample)": flagged(IndicatorValue, True),
        "indicators": one(select(func.count()).select_from(Indicator)),
        "targets": one(select(func.count()).select_from(Target)),
        "literacy standards": one(text("SELECT count(*) FROM literacy_standard")),
        "sources": one(select(func.count()).select_from(Source)),
        "audit log entries": one(text("SELECT count(*) FROM audit_log")),
    }
    return counts


def indicators(
    *, engine: Engine, level: str | None = None, vintage: str | None = None
) -> pd.DataFrame:
    """The indicator catalogue; with `level` (and `vintage`), only those with values there."""
    stmt = select(
        Indicator.code,
        Indicator.group.label("group"),
        Indicator.label_vi,
        Indicator.label_en,
        Indicator.unit,
        Indicator.aggregation,
        Indicator.higher_is_better,
        Indicator.description,
    ).order_by(Indicator.group, Indicator.code)
    if level:
        has_values = (
            select(IndicatorValue.indicator_code)
            .join(AdminUnit, AdminUnit.id == IndicatorValue.unit_id)
            .where(AdminUnit.level == level)
        )
        if vintage:
            has_values = has_values.where(AdminUnit.vintage == vintage)
        stmt = stmt.where(Indicator.code.in_(has_values))
    return _frame(engine, stmt)


def periods(
    *, engine: Engine, indicator_code: str, level: str, vintage: str | None = None
) -> list[str]:
    """Periods with values of one indicator at one level (and vintage), newest first."""
    stmt = (
        select(IndicatorValue.period)
        .join(AdminUnit, AdminUnit.id == IndicatorValue.unit_id)
        .where(IndicatorValue.indicator_code == indicator_code, AdminUnit.level == level)
        .group_by(IndicatorValue.period)
        .order_by(func.max(IndicatorValue.period_end).desc())
    )
    if vintage:
        stmt = stmt.where(AdminUnit.vintage == vintage)
    with engine.connect() as conn:
        return [str(p) for p in conn.execute(stmt).scalars()]


def indicator_periods(*, engine: Engine) -> pd.DataFrame:
    """Every indicator's periods with figures at any level: indicator_code, period; newest first."""
    stmt = (
        select(IndicatorValue.indicator_code, IndicatorValue.period)
        .group_by(IndicatorValue.indicator_code, IndicatorValue.period)
        .order_by(IndicatorValue.indicator_code, func.max(IndicatorValue.period_end).desc())
    )
    return _frame(engine, stmt)


def units(
    *, engine: Engine, level: str, vintage: str, province_code: str | None = PROVINCE_CODE
) -> gpd.GeoDataFrame:
    """Units of one level and vintage in a province (None: everywhere), with geometry."""
    stmt = (
        select(
            AdminUnit.id,
            AdminUnit.gso_code,
            AdminUnit.name,
            AdminUnit.full_name,
            AdminUnit.unit_type,
            AdminUnit.point_lon,
            AdminUnit.point_lat,
            AdminUnit.especially_disadvantaged,
            AdminUnit.geometry_wkb,
        )
        .where(AdminUnit.level == level, AdminUnit.vintage == vintage)
        .order_by(AdminUnit.gso_code)
    )
    if level != Level.PROVINCE:
        stmt = stmt.where(_in_province(province_code))
    df = _frame(engine, stmt)
    geometry = from_wkb(df.pop("geometry_wkb"), index=df.index)
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")


def province_outline(*, engine: Engine) -> gpd.GeoDataFrame:
    """The province polygon (the basemap when no tile layer is shown)."""
    return units(engine=engine, level=Level.PROVINCE, vintage=Vintage.ALL)


def unit_values(
    *,
    engine: Engine,
    indicator_code: str,
    period: str,
    level: str,
    vintage: str,
    province_code: str | None = PROVINCE_CODE,
) -> gpd.GeoDataFrame:
    """Every unit of a level with the indicator's value for the period (NaN = no data)."""
    values = (
        select(
            IndicatorValue.unit_id,
            IndicatorValue.value,
            IndicatorValue.numerator,
            IndicatorValue.denominator,
            *period_fields(),
            IndicatorValue.is_sample,
            Source.title.label("source_title"),
            Source.url.label("source_url"),
        )
        .join(Source, Source.id == IndicatorValue.source_id)
        .where(IndicatorValue.indicator_code == indicator_code, IndicatorValue.period == period)
    )
    figures = _frame(engine, values)
    scoped = units(engine=engine, level=level, vintage=vintage, province_code=province_code)
    out = scoped.merge(figures, how="left", left_on="id", right_on="unit_id")
    out["is_sample"] = out["is_sample"].astype("boolean")
    return gpd.GeoDataFrame(out.drop(columns="unit_id"), geometry="geometry", crs="EPSG:4326")


def headline_figures(*, engine: Engine, indicator_codes: list[str], unit_code: str) -> pd.DataFrame:
    """The newest real figure of each indicator for a unit, with source and its targets."""
    stmt = (
        select(
            IndicatorValue.indicator_code,
            IndicatorValue.period,
            IndicatorValue.period_end,
            *period_fields(),
            IndicatorValue.value,
            IndicatorValue.is_sample,
            IndicatorValue.note,
            Indicator.label_vi,
            Indicator.label_en,
            Indicator.unit,
            Source.title.label("source_title"),
            Source.url.label("source_url"),
        )
        .join(Indicator, Indicator.code == IndicatorValue.indicator_code)
        .join(Source, Source.id == IndicatorValue.source_id)
        .join(AdminUnit, AdminUnit.id == IndicatorValue.unit_id)
        .where(
            IndicatorValue.indicator_code.in_(indicator_codes),
            AdminUnit.gso_code == unit_code,
            IndicatorValue.is_sample.is_(False),
        )
    )
    df = _frame(engine, stmt)
    df = df.sort_values("period_end").groupby("indicator_code", as_index=False).last()
    t = _frame(
        engine,
        select(
            Target.indicator_code,
            Target.year,
            Target.value.label("target"),
            Target.decision,
            Source.url.label("target_source_url"),
        )
        .join(Source, Source.id == Target.source_id)
        .where(Target.scope == "province", Target.indicator_code.in_(indicator_codes)),
    )
    t2025 = t[t["year"] == 2025].drop(columns="year")
    df = df.merge(t2025, how="left", on="indicator_code")
    order = {code: i for i, code in enumerate(indicator_codes)}
    return df.sort_values("indicator_code", key=lambda s: s.map(order)).reset_index(drop=True)


def facilities(*, engine: Engine, kinds: list[str] | None = None) -> pd.DataFrame:
    """Facilities with their commune, location, precision and source."""
    stmt = (
        select(
            Facility.id,
            Facility.kind,
            Facility.name,
            Facility.lon,
            Facility.lat,
            Facility.location_precision,
            Facility.is_sample,
            AdminUnit.gso_code.label("commune_code"),
            AdminUnit.name.label("commune"),
            Source.title.label("source_title"),
            Source.url.label("source_url"),
        )
        .join(AdminUnit, AdminUnit.id == Facility.unit_id)
        .join(Source, Source.id == Facility.source_id)
        .order_by(Facility.kind, Facility.name)
    )
    if kinds:
        stmt = stmt.where(Facility.kind.in_(kinds))
    return _frame(engine, stmt)


def sources(*, engine: Engine) -> pd.DataFrame:
    """Every source with what cites it (figures, facilities, boundaries, targets)."""
    df = _frame(
        engine,
        select(
            Source.id, Source.title, Source.url, Source.publisher, Source.licence, Source.is_sample
        ).order_by(Source.is_sample, Source.title),
    )
    cites = _frame(
        engine,
        text(
            "SELECT source_id, 'figures' AS used_by FROM indicator_value "
            "UNION SELECT source_id, 'facilities' FROM facility "
            "UNION SELECT geometry_source_id, 'boundaries and units' FROM admin_unit "
            "UNION SELECT source_id, 'targets' FROM target "
            "UNION SELECT source_id, 'crosswalk' FROM unit_crosswalk "
            "UNION SELECT source_id, 'literacy standards' FROM literacy_standard"
        ),
    )
    used = cites.groupby("source_id")["used_by"].apply(lambda s: ", ".join(sorted(s)))
    df["used_by"] = df["id"].map(used).fillna("")
    return df.drop(columns="id")


def targets(*, engine: Engine, indicator_code: str, scope: str = "province") -> pd.DataFrame:
    """Targets of one indicator (year, value, decision, source)."""
    stmt = (
        select(
            Target.year,
            Target.value.label("target"),
            Target.decision,
            Target.note,
            Source.title.label("source_title"),
            Source.url.label("source_url"),
        )
        .join(Source, Source.id == Target.source_id)
        .where(Target.indicator_code == indicator_code, Target.scope == scope)
        .order_by(Target.year)
    )
    return _frame(engine, stmt)


def literacy_standards(*, engine: Engine) -> pd.DataFrame:
    """The Decree 20/2014 literacy standards with their sources."""
    stmt = select(
        LiteracyStandard.standard,
        LiteracyStandard.level,
        LiteracyStandard.unit_of_assessment,
        LiteracyStandard.age_band_normal,
        LiteracyStandard.age_band_disadvantaged,
        LiteracyStandard.threshold_percent,
        LiteracyStandard.rule,
        Source.url.label("source_url"),
    ).join(Source, Source.id == LiteracyStandard.source_id)
    return _frame(engine, stmt)


def unit_figures(*, engine: Engine, gso_code: str, vintage: str) -> pd.DataFrame:
    """Every figure of one unit: indicator, period, value, source, sample flag."""
    stmt = (
        select(
            Indicator.code.label("indicator_code"),
            Indicator.group.label("group"),
            Indicator.label_vi,
            Indicator.label_en,
            Indicator.unit,
            IndicatorValue.period,
            IndicatorValue.period_end,
            *period_fields(),
            IndicatorValue.value,
            IndicatorValue.numerator,
            IndicatorValue.denominator,
            IndicatorValue.is_sample,
            Source.title.label("source_title"),
            Source.url.label("source_url"),
        )
        .join(Indicator, Indicator.code == IndicatorValue.indicator_code)
        .join(Source, Source.id == IndicatorValue.source_id)
        .join(AdminUnit, AdminUnit.id == IndicatorValue.unit_id)
        .where(AdminUnit.gso_code == gso_code, AdminUnit.vintage == vintage)
        .order_by(Indicator.group, Indicator.code, IndicatorValue.period_end)
    )
    return _frame(engine, stmt)


def province_targets(*, engine: Engine) -> pd.DataFrame:
    """All province-scope targets (indicator, year, value)."""
    stmt = select(Target.indicator_code, Target.year, Target.value.label("target")).where(
        Target.scope == "province"
    )
    return _frame(engine, stmt)


def located_facilities(
    *, engine: Engine, vintage: str = Vintage.PRE_2025, province_code: str | None = PROVINCE_CODE
) -> pd.DataFrame:
    """Facilities with the district their location falls in, within the scope (cached once)."""
    from dashboard.domain.facilities import with_districts

    districts = units(
        engine=engine, level=Level.DISTRICT, vintage=vintage, province_code=province_code
    )
    located = with_districts(facilities(engine=engine), districts)
    return located[located["district_code"].notna()].reset_index(drop=True)


def has_national_layer(*, engine: Engine) -> bool:
    """True once districts outside the home province have been loaded."""
    stmt = select(func.count()).select_from(AdminUnit).where(AdminUnit.level == Level.DISTRICT)
    with engine.connect() as conn:
        total = int(conn.execute(stmt).scalar_one())
        home = int(conn.execute(stmt.where(_in_province(PROVINCE_CODE))).scalar_one())
    return total > home


def literacy_standard_rates(
    *,
    engine: Engine,
    literacy_level: int,
    period: str,
    vintage: str,
    province_code: str | None = PROVINCE_CODE,
) -> dict[str, dict[str, float]]:
    """Rates at a literacy level for the age bands the Decree 20 standard looks at."""
    from dashboard.domain.analysis import literacy_code, standard_bands

    rates = {}
    for band in standard_bands(literacy_level, literacy_standards(engine=engine)):
        values = vintage_values(
            engine=engine,
            indicator_code=literacy_code(literacy_level, band),
            period=period,
            vintage=vintage,
            province_code=province_code,
        )
        rates[band] = values.dropna(subset=["value"]).set_index("gso_code")["value"].to_dict()
    return rates


def crosswalk(*, engine: Engine) -> pd.DataFrame:
    """Old unit -> new unit rows with weights, names and the old unit's district."""
    old, new, district = aliased(AdminUnit), aliased(AdminUnit), aliased(AdminUnit)
    stmt = (
        select(
            old.gso_code.label("old_code"),
            old.name.label("old_name"),
            district.gso_code.label("old_district_code"),
            new.gso_code.label("new_code"),
            new.name.label("new_name"),
            new.full_name.label("new_full_name"),
            UnitCrosswalk.weight,
        )
        .join(old, old.id == UnitCrosswalk.old_unit_id)
        .join(new, new.id == UnitCrosswalk.new_unit_id)
        .outerjoin(district, district.id == old.parent_id)
        .order_by(UnitCrosswalk.id)
    )
    return _frame(engine, stmt)


def unit_codes(*, engine: Engine, level: str, vintage: str) -> set[str]:
    """GSO codes of the units of a level and vintage (all provinces)."""
    stmt = select(AdminUnit.gso_code).where(AdminUnit.level == level, AdminUnit.vintage == vintage)
    with engine.connect() as conn:
        return set(conn.execute(stmt).scalars())


def display_geometry(
    *, engine: Engine, level: str, vintage: str, province_code: str | None = PROVINCE_CODE
) -> gpd.GeoDataFrame:
    """Unit shapes prepared for the browser once: simplified as a coverage, rounded."""
    from geo import decimals_for, prepare_polygons, tolerance_for

    found = units(engine=engine, level=level, vintage=vintage, province_code=province_code)
    shapes = found.loc[found.geometry.notna(), ["gso_code", "name", "geometry"]]
    if not shapes.empty:
        tolerance = tolerance_for(shapes.total_bounds)
        shapes = prepare_polygons(shapes, tolerance_deg=tolerance, decimals=decimals_for(tolerance))
    # Units with no boundary are drawn at their representative point.
    pointed = found[found.geometry.isna() & found["point_lon"].notna()]
    points = gpd.GeoDataFrame(
        {"gso_code": pointed["gso_code"], "name": pointed["name"]},
        geometry=gpd.points_from_xy(pointed["point_lon"], pointed["point_lat"]),
        crs="EPSG:4326",
    )
    both = pd.concat([shapes, points], ignore_index=True)
    return gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326")


# --- the two administrative vintages ----------------------------------------------------------


def vintage_indicators(*, engine: Engine, vintage: str) -> pd.DataFrame:
    """The catalogue of indicators a vintage's map can show (for 2025, also re-aggregated ones)."""
    own = indicators(engine=engine, level=VINTAGE_LEVEL[vintage], vintage=vintage)
    if vintage != Vintage.POST_2025:
        return own
    before = indicators(engine=engine, level=Level.COMMUNE, vintage=Vintage.PRE_2025)
    both = pd.concat([own, before[~before["code"].isin(own["code"])]], ignore_index=True)
    return both.sort_values(["group", "code"], ignore_index=True)


def vintage_periods(*, engine: Engine, indicator_code: str, vintage: str) -> list[str]:
    """Periods a vintage can show: its own, and for the new units those re-aggregated."""
    own = periods(
        engine=engine,
        indicator_code=indicator_code,
        level=VINTAGE_LEVEL[vintage],
        vintage=vintage,
    )
    if vintage != Vintage.POST_2025:
        return own
    before = periods(
        engine=engine, indicator_code=indicator_code, level=Level.COMMUNE, vintage=Vintage.PRE_2025
    )
    return own + [p for p in before if p not in own]


def vintage_values(
    *,
    engine: Engine,
    indicator_code: str,
    period: str,
    vintage: str,
    province_code: str | None = PROVINCE_CODE,
) -> gpd.GeoDataFrame:
    """Every unit of the vintage with the period's figure (re-aggregated across the reform).

    Columns as unit_values, plus `reaggregated` and `note` (why a unit has no comparable
    figure). Raises CrosswalkError when the crosswalk cannot be used.
    """
    from dashboard.domain.reaggregate import reaggregate

    level = VINTAGE_LEVEL[vintage]
    where: dict[str, Any] = {
        "indicator_code": indicator_code,
        "period": period,
        "province_code": province_code,
    }
    own = unit_values(engine=engine, level=level, vintage=vintage, **where)
    own["reaggregated"], own["note"] = False, ""
    if vintage != Vintage.POST_2025 or own["value"].notna().any():
        return own
    old = unit_values(engine=engine, level=Level.COMMUNE, vintage=Vintage.PRE_2025, **where)
    if old["value"].isna().all():
        return own
    catalogue = indicators(engine=engine).set_index("code")
    merged = reaggregate(
        old.rename(columns={"gso_code": "code"})[["code", "value", "numerator", "denominator"]],
        crosswalk(engine=engine)[["old_code", "new_code", "weight"]],
        aggregation=str(catalogue.loc[indicator_code, "aggregation"]),
    ).set_index("code")
    first = old.dropna(subset=["value"]).iloc[0]
    out = own.drop(columns=["value", "numerator", "denominator"]).copy()
    for column in ("value", "numerator", "denominator"):
        out[column] = out["gso_code"].map(merged[column])
    out["note"] = out["gso_code"].map(merged["reason"]).fillna("")
    out["reaggregated"] = True
    has_value = out["value"].notna()
    out["period_detail"] = out["period_detail"].astype(object)
    out.loc[has_value, "period_detail"] = first["period_detail"]
    out.loc[has_value, "source_title"] = first["source_title"]
    out.loc[has_value, "source_url"] = first["source_url"]
    out.loc[has_value, "is_sample"] = bool(old["is_sample"].fillna(False).any())
    return out


def vintage_series(
    *, engine: Engine, indicator_code: str, vintage: str, province_code: str | None = PROVINCE_CODE
) -> pd.DataFrame:
    """Every period of the vintage for its units, earlier periods re-aggregated (trends)."""
    frames = []
    for period in vintage_periods(engine=engine, indicator_code=indicator_code, vintage=vintage):
        values = vintage_values(
            engine=engine,
            indicator_code=indicator_code,
            period=period,
            vintage=vintage,
            province_code=province_code,
        )
        values = values.dropna(subset=["value"])
        frames.append(
            pd.DataFrame(
                {
                    "gso_code": values["gso_code"],
                    "name": values["name"],
                    "period": period,
                    "period_end": parse_code(period).end,
                    "value": values["value"],
                    "is_sample": values["is_sample"],
                    "reaggregated": values["reaggregated"],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["gso_code", "name", "period", "period_end", "value"])
    return pd.concat(frames, ignore_index=True).sort_values(["gso_code", "period_end"])


def accounts(*, engine: Engine) -> pd.DataFrame:
    """Accounts: name, role, active (never the password hash)."""
    from dashboard.auth import users

    return pd.DataFrame(users(engine=engine), columns=["name", "role", "active"])
