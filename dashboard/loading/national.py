"""The national district layer (692 units) and a large sample, for working at national scale.

`python -m dashboard national load` adds every district of Vietnam (2019 geometry, GSO names
of 2025-03-01) with its province, and optionally a deterministic sample of facilities and
literacy figures spread over them, all flagged as sample. Sơn La's own units are left as seeded.
"""

from __future__ import annotations

import random
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from dashboard import settings
from dashboard.data.models import (
    VINTAGE_PRE_2025,
    AdminUnit,
    Facility,
    IndicatorValue,
    Source,
    period_columns,
)
from dashboard.domain.periods import parse_code
from dashboard.domain.units import LAST_DAY_BEFORE_REFORM, PROVINCE_CODE
from dashboard.loading import sample
from dashboard.loading.seed import BOUNDARY_SOURCE, SeedError, _nfc
from geo import BoundaryError, read_boundaries, to_wkb

NATIONAL_FILE = "vietnam_districts.geojson"
KINDS_CYCLE = ("school", "school", "reading_point", "library")


def _text(value: object) -> str:
    """A property as NFC text; missing values (None, NaN) become ''."""
    return _nfc(value) if isinstance(value, str) else ""


def _strip_type(full_name: str) -> tuple[str, str]:
    """'Huyện  Yên Dũng' -> ('Huyện', 'Yên Dũng') (source spacing tolerated)."""
    words = full_name.split()
    for n in (2, 1):  # "Thị xã", "Thành phố", "Quận", "Huyện"
        prefix = " ".join(words[:n])
        if prefix in ("Thị xã", "Thành phố", "Quận", "Huyện"):
            return prefix, " ".join(words[n:])
    return "", full_name


def _points_in(geom: shapely.Geometry, n: int, rng: random.Random) -> list[tuple[float, float]]:
    minx, miny, maxx, maxy = geom.bounds
    shapely.prepare(geom)
    out: list[tuple[float, float]] = []
    while len(out) < n:
        xs = np.array([rng.uniform(minx, maxx) for _ in range(3 * n)])
        ys = np.array([rng.uniform(miny, maxy) for _ in range(3 * n)])
        inside = shapely.contains_xy(geom, xs, ys)
        out.extend(zip(xs[inside].round(5).tolist(), ys[inside].round(5).tolist(), strict=True))
    return out[:n]


def load_national(
    engine: Engine,
    *,
    seed_dir: Path | None = None,
    sample_facilities: int = 0,
    sample_values: bool = True,
) -> dict[str, int]:
    """Add the national districts (and an optional sample); idempotent, one transaction."""
    path = Path(seed_dir or settings.read(settings.SEED_DIR)) / "real" / NATIONAL_FILE
    try:
        districts = read_boundaries(path)
    except BoundaryError as exc:
        raise SeedError(str(exc)) from exc
    counts = {"provinces": 0, "districts": 0, "facilities": 0, "indicator values": 0}
    with Session(engine) as session, session.begin():
        source_id = session.scalars(
            select(Source.id).where(Source.url == BOUNDARY_SOURCE["url"])
        ).one_or_none()
        sample_source = session.scalars(
            select(Source.id).where(Source.title == sample.SAMPLE_SOURCE_TITLE)
        ).one_or_none()
        if source_id is None or sample_source is None:
            raise SeedError("run `python -m dashboard seed` before loading the national layer")
        existing = {(u.gso_code, u.vintage): u for u in session.scalars(select(AdminUnit))}
        provinces: dict[str, AdminUnit] = {}
        parents = set(zip(districts["parent_code"], districts["parent_name"], strict=True))
        for code, name in sorted(parents):
            key = (code, "all" if code == PROVINCE_CODE else VINTAGE_PRE_2025)
            unit = existing.get(key)
            if unit is None:
                unit = AdminUnit(
                    gso_code=code,
                    level="province",
                    vintage=VINTAGE_PRE_2025,
                    name=_nfc(name),
                    name_ascii=_nfc(name),
                    full_name=_nfc(name),
                    unit_type="Tỉnh/Thành phố",
                    unit_type_en="province",
                    valid_to=LAST_DAY_BEFORE_REFORM,
                    geometry_source_id=source_id,
                )
                session.add(unit)
                counts["provinces"] += 1
            provinces[code] = unit
        session.flush()
        new_districts: list[sample.SampleDistrict] = []
        units_by_code: dict[str, AdminUnit] = {}
        for _, d in districts.iterrows():
            key = (d["gso_code"], VINTAGE_PRE_2025)
            unit = existing.get(key)
            if unit is None:
                full_name = _text(d["full_name"]) or _text(d["name_in_gis_source"])
                unit_type, short = _strip_type(full_name)
                rep = d.geometry.representative_point()
                unit = AdminUnit(
                    gso_code=d["gso_code"],
                    level="district",
                    vintage=VINTAGE_PRE_2025,
                    name=_text(d["name"]) or short,
                    name_ascii=_text(d["name_ascii"]) or short,
                    full_name=full_name,
                    unit_type=_text(d["unit_type"]) or unit_type,
                    unit_type_en=_text(d["unit_type_en"]) or None,
                    parent_id=provinces[d["parent_code"]].id,
                    valid_to=LAST_DAY_BEFORE_REFORM,
                    geometry_wkb=to_wkb(d.geometry),
                    point_lon=round(rep.x, 6),
                    point_lat=round(rep.y, 6),
                    geometry_source_id=source_id,
                )
                session.add(unit)
                counts["districts"] += 1
                new_districts.append(sample.SampleDistrict(d["gso_code"], unit.name, d.geometry))
            units_by_code[d["gso_code"]] = unit
        session.flush()
        if sample_values and new_districts:
            rows = [
                {
                    "indicator_code": v.indicator_code,
                    "unit_id": units_by_code[v.gso_code].id,
                    **period_columns(parse_code(v.period)),
                    "value": v.value,
                    "numerator": v.numerator,
                    "denominator": v.denominator,
                    "source_id": sample_source,
                    "is_sample": True,
                }
                for v in sample.literacy_values(new_districts)
            ]
            session.execute(insert(IndicatorValue), rows)
            counts["indicator values"] = len(rows)
        if sample_facilities:
            counts["facilities"] = _add_sample_facilities(
                session, districts, units_by_code, sample_facilities, sample_source
            )
    return counts


def _add_sample_facilities(
    session: Session,
    districts: gpd.GeoDataFrame,
    units_by_code: dict[str, AdminUnit],
    total: int,
    source_id: int,
) -> int:
    """`total` named sample facilities spread evenly over the districts, at random places."""
    rng = random.Random(f"national-facilities:{total}")
    base, extra = divmod(total, len(districts))
    existing = set(
        session.execute(
            select(Facility.kind, Facility.name, Facility.unit_id).where(Facility.is_sample)
        ).all()
    )
    rows = []
    number = 0
    for i, (_, d) in enumerate(districts.iterrows()):
        unit = units_by_code[d["gso_code"]]
        for lon, lat in _points_in(d.geometry, base + (i < extra), rng):
            number += 1
            kind = KINDS_CYCLE[number % len(KINDS_CYCLE)]
            name = f"[Mẫu] Điểm học tập số {number} – {unit.name}"
            if (kind, name, unit.id) in existing:
                continue
            rows.append(
                {
                    "kind": kind,
                    "name": name,
                    "unit_id": unit.id,
                    "lon": lon,
                    "lat": lat,
                    "location_precision": "sample",
                    "source_id": source_id,
                    "is_sample": True,
                }
            )
    if rows:
        session.execute(insert(Facility), rows)
    return len(rows)
