"""The deterministic illustrative sample: figures and facilities where no real ones exist.

Every record made here is flagged ``is_sample`` and cites the sample source, so no page can
show it as real. The same inputs always give the same sample (seeded by unit code and period).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

SAMPLE_SOURCE_TITLE = (
    "Số liệu minh hoạ (mẫu), không phải số liệu thật / Illustrative sample, not real figures"
)
SAMPLE_SOURCE_NOTE = (
    "Generated deterministically by the dashboard where no real district-level figures or "
    "facility lists exist. Replace by importing the Department's figures."
)

LITERACY_PERIODS = ("2022-2023", "2023-2024", "2024-2025")
MODEL_PERIODS = ("2023", "2024")
AGE_BANDS = (("15_25", 2.5, 0.30), ("15_35", 2.0, 0.58), ("15_60", 0.0, 1.0))


@dataclass(frozen=True)
class SampleDistrict:
    gso_code: str
    name: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class SampleValue:
    indicator_code: str
    gso_code: str
    period: str
    value: float
    numerator: float | None
    denominator: float | None


@dataclass(frozen=True)
class SampleFacility:
    kind: str
    name: str
    district_code: str
    lon: float
    lat: float


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _rate(numerator: int, denominator: int) -> float:
    return round(100.0 * numerator / denominator, 2)


def _share(code: str, den: int, pct: float, period: str, gso: str) -> SampleValue:
    pct = min(max(pct, 1.0), 99.9)
    num = round(den * pct / 100.0)
    return SampleValue(code, gso, period, _rate(num, den), float(num), float(den))


def literacy_values(districts: Sequence[SampleDistrict]) -> Iterator[SampleValue]:
    """Literacy levels 1 and 2 by age band, from numerators and denominators."""
    for d in districts:
        r = _rng("literacy", d.gso_code)
        pop60 = r.randint(25_000, 110_000)
        level2_base = 96.0 + r.uniform(-9.0, 3.5)  # province figure 96 % (15–60, 2024–2025)
        for k, period in enumerate(reversed(LITERACY_PERIODS)):
            drift = sum(_rng("drift", d.gso_code, j).uniform(0.3, 1.5) for j in range(k))
            for band, bonus, pop_share in AGE_BANDS:
                den = round(pop60 * pop_share * (1 - 0.01 * k))
                level2 = level2_base + bonus - drift
                level1 = level2 + _rng("l1", d.gso_code, band, period).uniform(0.5, 2.5)
                yield _share(f"literacy_rate_level2_age{band}", den, level2, period, d.gso_code)
                yield _share(f"literacy_rate_level1_age{band}", den, level1, period, d.gso_code)


def learning_model_values(districts: Sequence[SampleDistrict]) -> Iterator[SampleValue]:
    """Learning citizens, families, clans, communities and units as shares, with counts."""
    specs = (  # indicator, count indicator, denominator range, base %, spread
        ("learning_citizens_share", "learning_citizens", (20_000, 90_000), 52.0, 12.0),
        ("learning_families_share", "learning_families", (8_000, 35_000), 81.56, 10.0),
        ("learning_clans_share", "learning_clans", (30, 160), 74.0, 12.0),
        ("learning_communities_share", "learning_communities", (60, 250), 62.0, 15.0),
        ("learning_units_share", "learning_units", (40, 150), 97.9, 3.0),
    )
    for d in districts:
        for share_code, count_code, (lo, hi), base, spread in specs:
            r = _rng(share_code, d.gso_code)
            den = r.randint(lo, hi)
            pct = base + r.uniform(-spread, min(spread, 99.5 - base))
            for k, period in enumerate(reversed(MODEL_PERIODS)):
                v = _share(share_code, den, pct - 3.0 * k, period, d.gso_code)
                yield v
                assert v.numerator is not None
                yield SampleValue(count_code, d.gso_code, period, v.numerator, None, None)


def clc_activity_values(districts: Sequence[SampleDistrict]) -> Iterator[SampleValue]:
    """Community-learning-centre activity: classes held and attendances."""
    for d in districts:
        for period in MODEL_PERIODS:
            r = _rng("clc", d.gso_code, period)
            classes = r.randint(40, 300)
            yield SampleValue("clc_classes_held", d.gso_code, period, classes, None, None)
            attendances = classes * r.randint(20, 45)
            yield SampleValue("clc_participants", d.gso_code, period, attendances, None, None)


def all_values(districts: Sequence[SampleDistrict]) -> list[SampleValue]:
    """Every sample figure for the given districts."""
    return [
        *literacy_values(districts),
        *learning_model_values(districts),
        *clc_activity_values(districts),
    ]


def _random_point_in(geom: BaseGeometry, r: random.Random) -> tuple[float, float]:
    minx, miny, maxx, maxy = geom.bounds
    shapely.prepare(geom)
    for _ in range(10_000):
        x, y = r.uniform(minx, maxx), r.uniform(miny, maxy)
        if geom.contains(shapely.Point(x, y)):
            return round(x, 5), round(y, 5)
    p = geom.representative_point()
    return round(p.x, 5), round(p.y, 5)


FACILITY_PLAN = (  # kind, how many per district, name stem
    ("school", 4, "Trường học"),
    ("library", 1, "Thư viện"),
    ("reading_point", 1, "Nhà tri thức"),
    ("reading_point", 1, "Thư viện yêu thương"),
)


def facilities(districts: Sequence[SampleDistrict]) -> list[SampleFacility]:
    """Schools, libraries and reading points at random places inside each district."""
    out = []
    for d in districts:
        r = _rng("facilities", d.gso_code)
        for kind, count, stem in FACILITY_PLAN:
            for i in range(1, count + 1):
                lon, lat = _random_point_in(d.geometry, r)
                number = f" {i}" if count > 1 else ""
                out.append(
                    SampleFacility(kind, f"[Mẫu] {stem}{number} – {d.name}", d.gso_code, lon, lat)
                )
    return out
