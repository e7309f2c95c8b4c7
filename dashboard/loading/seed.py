"""One deterministic seed for first start, local development and tests.

Everything is read and checked first; only then is anything written, in one transaction.
Running it again changes nothing (rows are matched on their natural keys).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from dashboard import settings
from dashboard.data.models import (
    VINTAGE_ALL,
    VINTAGE_POST_2025,
    VINTAGE_PRE_2025,
    AdminUnit,
    AuditLog,
    Base,
    Facility,
    Indicator,
    IndicatorValue,
    KflcArea,
    KflcIndicatorArea,
    LiteracyStandard,
    PlanTask,
    PlanTaskIndicator,
    Source,
    Target,
    UnitCrosswalk,
    period_columns,
)
from dashboard.domain.periods import PeriodError, parse_code, parse_legacy_label
from dashboard.domain.units import LAST_DAY_BEFORE_REFORM, PROVINCE_CODE, REFORM_DATE
from dashboard.loading import sample
from geo import BoundaryError, read_boundaries, read_points, to_wkb

BOUNDARY_SOURCE = {
    "title": "dvhcvn: Vietnamese administrative units (boundaries from gis.chinhphu.vn, "
    "names and codes from GSO)",
    "url": "https://github.com/daohoangson/dvhcvn",
    "publisher": "Đào Hoàng Sơn",
    "published": "2025-03-01",
    "licence": "GPL-3.0",
}
COMMUNE_POINT_SOURCE = {
    "title": "Vietnam Administrative Divisions Dataset",
    "url": "https://github.com/open-admin-data/vietnam-administrative-divisions",
    "publisher": "open-admin-data",
    "published": "2025",
    "licence": "CC-BY-4.0",
}
CROSSWALK_SOURCE = {
    "title": "dvhcvn/20250701 crosswalk, checked against Resolution 1681/NQ-UBTVQH15 (16 Jun 2025)",
    "url": "https://github.com/dvhcvn/20250701",
    "publisher": "dvhcvn",
    "published": "2025-07-12",
    "licence": "MIT",
}
CLC_SOURCE_URL = "https://thongtindoingoai.sonla.gov.vn/en/content-1450-lan-toa-xa-hoi-hoc-tap-so-o-vung-cao.html"
GDTX_SOURCE_URL = "http://ttgdtxsonla.edu.vn/gioi-thieu/lich-su-phat-trien"
DECREE_20_TITLE = "Nghị định 20/2014/NĐ-CP về phổ cập giáo dục, xoá mù chữ (Decree 20/2014)"


class SeedError(ValueError):
    """A seed file that is missing or malformed; the message names the file and row."""


def _nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "")


@dataclass
class SeedFiles:
    """Where the seed reads from (the shipped data folder by default)."""

    root: Path

    @property
    def real(self) -> Path:
        return self.root / "real"

    def path(self, name: str) -> Path:
        return self.real / name

    @property
    def indicators(self) -> Path:
        return self.root / "indicators.csv"


def _read_csv(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers; SeedError when the file or a column is missing."""
    if not path.exists():
        raise SeedError(f"{path}: file not found")
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise SeedError(f"{path}:1: missing column(s) {', '.join(missing)}")
            rows = []
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise SeedError(
                        f"{path}:{reader.line_num}: wrong number of fields "
                        f"(expected {len(reader.fieldnames or [])})"
                    )
                rows.append((reader.line_num, {k: _nfc(v) for k, v in row.items()}))
            return rows
    except UnicodeDecodeError as exc:
        raise SeedError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise SeedError(f"{path}: not a readable CSV file ({exc})") from exc


def _number(path: Path, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SeedError(f"{path}:{line}: {column} '{text}' is not a number") from None
    if not math.isfinite(value):
        raise SeedError(f"{path}:{line}: {column} '{text}' is not a finite number")
    return value


@dataclass
class SeedData:
    """Everything the seed writes, parsed and checked."""

    sources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)  # parents before children
    crosswalk: list[dict[str, Any]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    standards: list[dict[str, Any]] = field(default_factory=list)
    facilities: list[dict[str, Any]] = field(default_factory=list)
    district_polygons: gpd.GeoDataFrame = field(default_factory=gpd.GeoDataFrame)
    plan: PlanCatalogue = field(default_factory=lambda: PlanCatalogue())

    def source(self, **fields: Any) -> tuple[str, str]:
        key = (fields["title"], fields.get("url", ""))
        self.sources.setdefault(key, {"url": "", **fields})
        return key


def _load_indicators(files: SeedFiles, data: SeedData) -> dict[str, dict[str, Any]]:
    cols = ("code", "group", "label_vi", "label_en", "unit", "aggregation", "higher_is_better")
    catalogue = {}
    for line, r in _read_csv(files.indicators, (*cols, "description")):
        if r["aggregation"] not in ("sum", "rate", "none"):
            raise SeedError(f"{files.indicators}:{line}: aggregation '{r['aggregation']}'")
        if r["code"] in catalogue:
            raise SeedError(f"{files.indicators}:{line}: indicator {r['code']} listed twice")
        row: dict[str, Any] = {c: r[c] for c in cols} | {"description": r["description"] or None}
        row["higher_is_better"] = {"true": True, "false": False}.get(r["higher_is_better"])
        catalogue[r["code"]] = row
    data.indicators = list(catalogue.values())
    return catalogue


def _unit_key(code: str, vintage: str) -> tuple[str, str]:
    return (code, vintage)


def _load_units(files: SeedFiles, data: SeedData) -> None:
    boundary = data.source(**BOUNDARY_SOURCE)
    points = data.source(**COMMUNE_POINT_SOURCE)
    try:
        province = read_boundaries(files.path("son_la_province.geojson"))
        districts = read_boundaries(files.path("son_la_districts.geojson"))
        communes_2025 = read_points(files.path("son_la_communes_2025_points.geojson"))
    except BoundaryError as exc:
        raise SeedError(str(exc)) from exc

    for _, p in province.iterrows():
        rep = p.geometry.representative_point()
        data.units.append(
            {
                "gso_code": p["gso_code"],
                "level": "province",
                "vintage": VINTAGE_ALL,
                "name": _nfc(p["name"]),
                "name_ascii": p["name_ascii"],
                "full_name": _nfc(p["full_name"]),
                "unit_type": _nfc(p["unit_type"]),
                "unit_type_en": p["unit_type_en"],
                "parent": None,
                "valid_from": None,
                "valid_to": None,
                "geometry_wkb": to_wkb(p.geometry),
                "point_lon": round(rep.x, 6),
                "point_lat": round(rep.y, 6),
                "geometry_source": boundary,
            }
        )
    district_path = files.path("son_la_districts.geojson")
    for i, d in districts.iterrows():
        if d["parent_code"] != PROVINCE_CODE:
            raise SeedError(f"{district_path}:feature {i + 1}: parent_code is not {PROVINCE_CODE}")
        rep = d.geometry.representative_point()
        data.units.append(
            {
                "gso_code": d["gso_code"],
                "level": "district",
                "vintage": VINTAGE_PRE_2025,
                "name": _nfc(d["name"]),
                "name_ascii": d["name_ascii"],
                "full_name": _nfc(d["full_name"]),
                "unit_type": _nfc(d["unit_type"]),
                "unit_type_en": d["unit_type_en"],
                "parent": _unit_key(PROVINCE_CODE, VINTAGE_ALL),
                "valid_from": None,
                "valid_to": LAST_DAY_BEFORE_REFORM,
                "geometry_wkb": to_wkb(d.geometry),
                "point_lon": round(rep.x, 6),
                "point_lat": round(rep.y, 6),
                "geometry_source": boundary,
            }
        )
    district_codes = set(districts["gso_code"])

    old_path = files.path("son_la_communes_pre2025.csv")
    cols = ("gso_code", "name", "name_ascii", "full_name", "unit_type", "unit_type_en")
    for line, r in _read_csv(old_path, (*cols, "district_code")):
        if r["district_code"] not in district_codes:
            raise SeedError(f"{old_path}:{line}: unknown district_code '{r['district_code']}'")
        data.units.append(
            {c: r[c] for c in cols}
            | {
                "level": "commune",
                "vintage": VINTAGE_PRE_2025,
                "parent": _unit_key(r["district_code"], VINTAGE_PRE_2025),
                "valid_from": None,
                "valid_to": LAST_DAY_BEFORE_REFORM,
                "geometry_wkb": None,
                "point_lon": None,
                "point_lat": None,
                "geometry_source": boundary,
            }
        )

    for _, c in communes_2025.iterrows():
        data.units.append(
            {
                "gso_code": c["gso_code"],
                "level": "commune",
                "vintage": VINTAGE_POST_2025,
                "name": _nfc(c["name"]),
                "name_ascii": c["name_ascii"],
                "full_name": _nfc(c["full_name"]),
                "unit_type": _nfc(c["unit_type"]),
                "unit_type_en": c["unit_type_en"],
                "parent": _unit_key(PROVINCE_CODE, VINTAGE_ALL),
                "valid_from": REFORM_DATE,
                "valid_to": None,
                "geometry_wkb": None,
                "point_lon": float(c.geometry.x),
                "point_lat": float(c.geometry.y),
                "geometry_source": points,
            }
        )
    data.district_polygons = districts


def _load_crosswalk(files: SeedFiles, data: SeedData) -> None:
    path = files.path("son_la_commune_crosswalk_2025.csv")
    source = data.source(**CROSSWALK_SOURCE)
    old = {u["gso_code"] for u in data.units if u["vintage"] == VINTAGE_PRE_2025}
    new = {u["gso_code"] for u in data.units if u["vintage"] == VINTAGE_POST_2025}
    seen = set()
    for line, r in _read_csv(path, ("old_gso_code", "new_gso_code", "merge_type", "note")):
        if r["old_gso_code"] not in old:
            raise SeedError(f"{path}:{line}: unknown pre-2025 commune '{r['old_gso_code']}'")
        if r["new_gso_code"] not in new:
            raise SeedError(f"{path}:{line}: unknown 2025 commune '{r['new_gso_code']}'")
        pair = (r["old_gso_code"], r["new_gso_code"])
        if pair in seen:
            raise SeedError(f"{path}:{line}: pair {pair[0]} -> {pair[1]} listed twice")
        seen.add(pair)
        data.crosswalk.append(
            {
                "old": _unit_key(pair[0], VINTAGE_PRE_2025),
                "new": _unit_key(pair[1], VINTAGE_POST_2025),
                "weight": 1.0,
                "merge_type": r["merge_type"],
                "effective_from": REFORM_DATE,
                "source": source,
                "note": r["note"] or None,
            }
        )


def _check_unit(path: Path, line: int, catalogue_unit: str, raw: str) -> str | None:
    """The catalogue unit must start the file's unit; a qualifier like '(over)' is kept."""
    if not raw.startswith(catalogue_unit):
        raise SeedError(
            f"{path}:{line}: unit '{raw}' does not match the catalogue's '{catalogue_unit}'"
        )
    rest = raw[len(catalogue_unit) :].strip()
    return f"unit as reported: {raw}" if rest else None


def _load_figures(files: SeedFiles, data: SeedData, catalogue: Mapping[str, Any]) -> None:
    path = files.path("son_la_education_stats.csv")
    cols = (
        "indicator",
        "value",
        "unit",
        "geography_level",
        "gso_code",
        "reference_period",
        "source_title",
        "source_url",
        "note",
    )
    level_vintage = {"province": VINTAGE_ALL, "district": VINTAGE_PRE_2025}
    units = {(u["gso_code"], u["vintage"]) for u in data.units}
    seen: dict[tuple[str, tuple[str, str], str], int] = {}
    for line, r in _read_csv(path, cols):
        if r["indicator"] not in catalogue:
            raise SeedError(f"{path}:{line}: unknown indicator '{r['indicator']}'")
        level = r["geography_level"].split(" ")[0]
        unit = (r["gso_code"], level_vintage.get(level, ""))
        if unit not in units:
            raise SeedError(f"{path}:{line}: unknown {r['geography_level']} '{r['gso_code']}'")
        try:
            period = parse_legacy_label(r["reference_period"])
        except PeriodError as exc:
            raise SeedError(f"{path}:{line}: {exc}") from None
        key = (r["indicator"], unit, period.code)
        if key in seen:
            raise SeedError(f"{path}:{line}: same indicator, unit and period as line {seen[key]}")
        seen[key] = line
        qualifier = _check_unit(path, line, catalogue[r["indicator"]]["unit"], r["unit"])
        note = "; ".join(n for n in (r["note"], qualifier) if n) or None
        data.values.append(
            {
                "indicator_code": r["indicator"],
                "unit": unit,
                **period_columns(period),
                "value": _number(path, line, "value", r["value"]),
                "numerator": None,
                "denominator": None,
                "source": data.source(title=r["source_title"], url=r["source_url"]),
                "is_sample": False,
                "note": note,
            }
        )

    path = files.path("national_targets_2021_2030.csv")
    cols = (
        "indicator",
        "target_value",
        "unit",
        "target_year",
        "applies_to",
        "decision",
        "source_title",
        "source_url",
        "note",
    )
    seen_targets: set[tuple[str, str, int]] = set()
    for line, r in _read_csv(path, cols):
        if r["indicator"] not in catalogue:
            raise SeedError(f"{path}:{line}: unknown indicator '{r['indicator']}'")
        if r["applies_to"] not in ("nation", "province"):
            raise SeedError(f"{path}:{line}: applies_to '{r['applies_to']}'")
        year = int(_number(path, line, "target_year", r["target_year"]))
        if (r["indicator"], r["applies_to"], year) in seen_targets:
            raise SeedError(f"{path}:{line}: target listed twice")
        seen_targets.add((r["indicator"], r["applies_to"], year))
        _check_unit(path, line, catalogue[r["indicator"]]["unit"], r["unit"])
        data.targets.append(
            {
                "indicator_code": r["indicator"],
                "scope": r["applies_to"],
                "year": year,
                "value": _number(path, line, "target_value", r["target_value"]),
                "decision": r["decision"],
                "source": data.source(title=r["source_title"], url=r["source_url"]),
                "note": r["note"] or None,
            }
        )

    path = files.path("literacy_standards_decree_20_2014.csv")
    cols = (
        "standard",
        "level",
        "unit_of_assessment",
        "age_band_normal",
        "age_band_disadvantaged",
        "threshold_percent",
        "rule",
        "source_url",
        "note",
    )
    for line, r in _read_csv(path, cols):
        threshold = r["threshold_percent"]
        data.standards.append(
            {
                "standard": r["standard"],
                "level": int(_number(path, line, "level", r["level"])),
                "unit_of_assessment": r["unit_of_assessment"],
                "age_band_normal": r["age_band_normal"] or None,
                "age_band_disadvantaged": r["age_band_disadvantaged"] or None,
                "threshold_percent": _number(path, line, "threshold_percent", threshold)
                if threshold
                else None,
                "rule": r["rule"],
                "source": data.source(title=DECREE_20_TITLE, url=r["source_url"]),
                "note": r["note"] or None,
            }
        )


def _source_by_url(data: SeedData, url: str) -> tuple[str, str]:
    for key in data.sources:
        if key[1] == url:
            return key
    raise SeedError(f"no figure cites {url}; the facility seed needs it as its source")


def _load_real_facilities(data: SeedData) -> None:
    communes = [u for u in data.units if u["vintage"] == VINTAGE_POST_2025]
    clc_source = _source_by_url(data, CLC_SOURCE_URL)
    for c in communes:
        data.facilities.append(
            {
                "kind": "community_learning_centre",
                "name": f"Trung tâm học tập cộng đồng {c['full_name'][0].lower()}"
                f"{c['full_name'][1:]}",
                "unit": _unit_key(c["gso_code"], VINTAGE_POST_2025),
                "lon": c["point_lon"],
                "lat": c["point_lat"],
                "location_precision": "approximate",
                "source": clc_source,
                "is_sample": False,
                "note": "Every commune and ward keeps a community learning centre (source); "
                "placed at the commune's point, not the centre's address.",
            }
        )
    city_centre = next(c for c in communes if c["gso_code"] == "03646")  # phường Tô Hiệu
    data.facilities.append(
        {
            "kind": "continuing_education_centre",
            "name": "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên tỉnh Sơn La",
            "unit": _unit_key(city_centre["gso_code"], VINTAGE_POST_2025),
            "lon": city_centre["point_lon"],
            "lat": city_centre["point_lat"],
            "location_precision": "approximate",
            "source": _source_by_url(data, GDTX_SOURCE_URL),
            "is_sample": False,
            "note": "The provincial centre is in Sơn La city (source); placed at the central "
            "ward's point, not at its address.",
        }
    )


def _load_sample(data: SeedData) -> None:
    source = data.source(
        title=sample.SAMPLE_SOURCE_TITLE,
        url="",
        publisher="learning-city dashboard",
        is_sample=True,
        note=sample.SAMPLE_SOURCE_NOTE,
    )
    districts = [
        sample.SampleUnit(d["gso_code"], _nfc(d["name"]), d.geometry)
        for _, d in data.district_polygons.iterrows()
    ]
    district_of_old = {
        u["gso_code"]: u["parent"][0]
        for u in data.units
        if u["vintage"] == VINTAGE_PRE_2025 and u["level"] == "commune"
    }
    successor_of = {x["old"][0]: x["new"][0] for x in data.crosswalk}
    communes = [
        sample.SampleUnit(code, code, parent=district)
        for code, district in sorted(district_of_old.items())
    ]
    old_values = sample.commune_values(communes)
    figures = [
        *((v, VINTAGE_PRE_2025) for v in old_values),
        *((v, VINTAGE_PRE_2025) for v in sample.aggregate(old_values, district_of_old)),
        *((v, VINTAGE_POST_2025) for v in sample.successor_values(old_values, successor_of)),
    ]
    for v, vintage in figures:
        data.values.append(
            {
                "indicator_code": v.indicator_code,
                "unit": (v.gso_code, vintage),
                **period_columns(parse_code(v.period)),
                "value": v.value,
                "numerator": v.numerator,
                "denominator": v.denominator,
                "source": source,
                "is_sample": True,
                "note": None,
            }
        )
    # Each sample facility belongs to the nearest 2025 commune that succeeded its district.
    successors: dict[str, set[str]] = {}
    for x in data.crosswalk:
        successors.setdefault(district_of_old[x["old"][0]], set()).add(x["new"][0])
    points = {
        u["gso_code"]: (u["point_lon"], u["point_lat"])
        for u in data.units
        if u["vintage"] == VINTAGE_POST_2025
    }
    for f in sample.facilities(districts):
        nearest = min(
            sorted(successors[f.district_code]),
            key=lambda code: (points[code][0] - f.lon) ** 2 + (points[code][1] - f.lat) ** 2,
        )
        data.facilities.append(
            {
                "kind": f.kind,
                "name": f.name,
                "unit": _unit_key(nearest, VINTAGE_POST_2025),
                "lon": f.lon,
                "lat": f.lat,
                "location_precision": "sample",
                "source": source,
                "is_sample": True,
                "note": None,
            }
        )


def load_seed_data(seed_dir: Path | None = None, *, include_sample: bool = True) -> SeedData:
    """Read and check every seed file; SeedError names the first bad file and row."""
    files = SeedFiles(seed_dir or Path(settings.read(settings.SEED_DIR)))
    data = SeedData()
    catalogue = _load_indicators(files, data)
    _load_units(files, data)
    _load_crosswalk(files, data)
    _load_figures(files, data, catalogue)
    _load_real_facilities(data)
    _load_plan_catalogue(files, data, catalogue)
    if include_sample:
        _load_sample(data)
    return data


class _Upserter:
    """Insert-or-update rows of one model matched on their natural key; counts what changed."""

    def __init__(self, session: Session, model: type[Base], key: tuple[str, ...]) -> None:
        self.session, self.model, self.key = session, model, key
        self.rows = {tuple(getattr(o, k) for k in key): o for o in session.scalars(select(model))}
        self.counts = {"inserted": 0, "updated": 0, "unchanged": 0}

    def put(self, values: dict[str, Any]) -> Any:
        k = tuple(values[f] for f in self.key)
        obj = self.rows.get(k)
        if obj is None:
            obj = self.model(**values)
            self.session.add(obj)
            self.rows[k] = obj
            self.counts["inserted"] += 1
            return obj
        changed = False
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        self.counts["updated" if changed else "unchanged"] += 1
        return obj


def write_seed_data(session: Session, data: SeedData) -> dict[str, dict[str, int]]:
    """Write checked seed data in the caller's transaction; returns counts per table."""
    sources = _Upserter(session, Source, ("title", "url"))
    source_id = {}
    for key, fields in data.sources.items():
        source_id[key] = sources.put({"is_sample": False} | fields)
    session.flush()
    source_id = {k: o.id for k, o in source_id.items()}

    indicators = _Upserter(session, Indicator, ("code",))
    for row in data.indicators:
        indicators.put(row)

    units = _Upserter(session, AdminUnit, ("gso_code", "vintage"))
    unit_id: dict[tuple[str, str], int] = {}
    for u in data.units:
        values = {k: v for k, v in u.items() if k not in ("parent", "geometry_source")}
        values["parent_id"] = unit_id[u["parent"]] if u["parent"] else None
        values["geometry_source_id"] = source_id[u["geometry_source"]]
        obj = units.put(values)
        session.flush()
        unit_id[(u["gso_code"], u["vintage"])] = obj.id

    crosswalk = _Upserter(session, UnitCrosswalk, ("old_unit_id", "new_unit_id"))
    for x in data.crosswalk:
        crosswalk.put(
            {k: v for k, v in x.items() if k not in ("old", "new", "source")}
            | {
                "old_unit_id": unit_id[x["old"]],
                "new_unit_id": unit_id[x["new"]],
                "source_id": source_id[x["source"]],
            }
        )

    figures = _Upserter(session, IndicatorValue, ("indicator_code", "unit_id", "period"))
    for v in data.values:
        figures.put(
            {k: x for k, x in v.items() if k not in ("unit", "source")}
            | {"unit_id": unit_id[v["unit"]], "source_id": source_id[v["source"]]}
        )
    targets = _Upserter(session, Target, ("indicator_code", "scope", "year"))
    for t in data.targets:
        targets.put(
            {k: x for k, x in t.items() if k != "source"} | {"source_id": source_id[t["source"]]}
        )
    standards = _Upserter(session, LiteracyStandard, ("standard", "level"))
    for s in data.standards:
        standards.put(
            {k: x for k, x in s.items() if k != "source"} | {"source_id": source_id[s["source"]]}
        )
    facilities = _Upserter(session, Facility, ("kind", "name", "unit_id"))
    for f in data.facilities:
        facilities.put(
            {k: x for k, x in f.items() if k not in ("unit", "source")}
            | {"unit_id": unit_id[f["unit"]], "source_id": source_id[f["source"]]}
        )
    counts = {
        "source": sources.counts,
        "indicator": indicators.counts,
        "admin_unit": units.counts,
        "unit_crosswalk": crosswalk.counts,
        "indicator_value": figures.counts,
        "target": targets.counts,
        "literacy_standard": standards.counts,
        "facility": facilities.counts,
    }
    counts |= _write_plan_catalogue(session, data, source_id)
    return counts


def seed(
    engine: Engine,
    *,
    include_sample: bool = True,
    seed_dir: Path | None = None,
    user: str = "seed",
) -> dict[str, dict[str, int]]:
    """Seed the database in one transaction (checked first, nothing written on error)."""
    data = load_seed_data(seed_dir, include_sample=include_sample)
    with Session(engine) as session, session.begin():
        counts = write_seed_data(session, data)
        changed = any(c["inserted"] or c["updated"] for c in counts.values())
        if changed:
            session.add(
                AuditLog(
                    at=dt.datetime.now(dt.UTC),
                    user_name=user,
                    action="seed",
                    detail=json.dumps({"include_sample": include_sample, "counts": counts}),
                )
            )
    return counts


# --- the plan catalogue (issue 14): tasks, their indicators, UNESCO KFLC areas and tags ---------


@dataclass
class PlanCatalogue:
    """The plan's tasks and objectives, the KFLC areas, and what links indicators to both."""

    tasks: list[dict[str, Any]] = field(default_factory=list)
    task_indicators: list[tuple[str, str]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    area_indicators: list[tuple[str, str]] = field(default_factory=list)


PLAN_FOLDER = "plan"


def _links(
    path: Path, columns: tuple[str, str], left: set[str], catalogue: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(left code, indicator code) pairs; SeedError names an unknown code or a repeated pair."""
    pairs: list[tuple[str, str]] = []
    for line, r in _read_csv(path, columns):
        first, indicator = r[columns[0]], r[columns[1]]
        if first not in left:
            raise SeedError(f"{path}:{line}: unknown {columns[0]} '{first}'")
        if indicator not in catalogue:
            raise SeedError(f"{path}:{line}: unknown indicator '{indicator}'")
        if (first, indicator) in pairs:
            raise SeedError(f"{path}:{line}: {first} -> {indicator} listed twice")
        pairs.append((first, indicator))
    return pairs


def _load_plan_catalogue(files: SeedFiles, data: SeedData, catalogue: Mapping[str, Any]) -> None:
    folder = files.root / PLAN_FOLDER
    path = folder / "plan_tasks.csv"
    cols = ("code", "framework", "number", "title_vi", "title_en", "source_title", "source_url")
    for line, r in _read_csv(path, (*cols, "note")):
        if any(t["code"] == r["code"] for t in data.plan.tasks):
            raise SeedError(f"{path}:{line}: task {r['code']} listed twice")
        source = data.source(title=r["source_title"], url=r["source_url"])
        data.plan.tasks.append(
            {c: r[c] for c in cols[:5]}
            | {
                "number": int(_number(path, line, "number", r["number"])),
                "source": source,
                "note": r["note"] or None,
            }
        )
    tasks = {t["code"] for t in data.plan.tasks}
    data.plan.task_indicators = _links(
        folder / "plan_task_indicators.csv", ("task_code", "indicator_code"), tasks, catalogue
    )
    path = folder / "kflc_areas.csv"
    cols = ("code", "part", "number", "label_vi", "label_en", "source_title", "source_url")
    for line, r in _read_csv(path, cols):
        if r["part"] not in ("benefit", "building_block", "fundamental_condition"):
            raise SeedError(f"{path}:{line}: part '{r['part']}'")
        source = data.source(title=r["source_title"], url=r["source_url"])
        data.plan.areas.append(
            {c: r[c] for c in cols[:5]}
            | {"number": int(_number(path, line, "number", r["number"])), "source": source}
        )
    data.plan.area_indicators = _links(  # read by column name: the file lists indicators first
        folder / "kflc_indicator_areas.csv",
        ("area_code", "indicator_code"),
        {a["code"] for a in data.plan.areas},
        catalogue,
    )


def _write_plan_catalogue(
    session: Session, data: SeedData, source_id: Mapping[tuple[str, str], int]
) -> dict[str, dict[str, int]]:
    if not inspect(session.connection()).has_table(PlanTask.__tablename__):
        return {}  # a schema older than migration 0005: the seed after its upgrade loads it
    session.flush()  # indicators first: the links point at them
    tasks = _Upserter(session, PlanTask, ("code",))
    for t in data.plan.tasks:
        tasks.put(
            {k: v for k, v in t.items() if k != "source"} | {"source_id": source_id[t["source"]]}
        )
    areas = _Upserter(session, KflcArea, ("code",))
    for a in data.plan.areas:
        areas.put(
            {k: v for k, v in a.items() if k != "source"} | {"source_id": source_id[a["source"]]}
        )
    session.flush()
    task_links = _Upserter(session, PlanTaskIndicator, ("task_code", "indicator_code"))
    for task, indicator in data.plan.task_indicators:
        task_links.put({"task_code": task, "indicator_code": indicator})
    area_links = _Upserter(session, KflcIndicatorArea, ("indicator_code", "area_code"))
    for area, indicator in data.plan.area_indicators:
        area_links.put({"indicator_code": indicator, "area_code": area})
    return {
        "plan_task": tasks.counts,
        "plan_task_indicator": task_links.counts,
        "kflc_area": areas.counts,
        "kflc_indicator_area": area_links.counts,
    }
