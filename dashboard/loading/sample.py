"""The deterministic illustrative sample: figures and facilities where no real ones exist.

Every record made here is flagged ``is_sample`` and cites the sample source, so no page can
show it as real. The same inputs always give the same sample (seeded by unit code and period).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
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
# After the 1 Jul 2025 reform the sample continues on the new communes and wards.
LITERACY_PERIOD_AFTER = "2025-2026"
MODEL_PERIOD_AFTER = "2025"
AGE_BANDS = (("15_25", 2.5, 0.30), ("15_35", 2.0, 0.58), ("15_60", 0.0, 1.0))

# indicator, count indicator, denominator range per commune, base %, spread
MODEL_SPECS = (
    ("learning_citizens_share", "learning_citizens", (1_500, 6_000), 52.0, 12.0),
    ("learning_families_share", "learning_families", (500, 2_500), 81.56, 10.0),
    ("learning_clans_share", "learning_clans", (3, 15), 74.0, 12.0),
    ("learning_communities_share", "learning_communities", (5, 20), 62.0, 15.0),
    ("learning_units_share", "learning_units", (4, 12), 97.9, 3.0),
)


@dataclass(frozen=True)
class SampleUnit:
    """A unit the sample gives figures to; `parent` ties communes to their district."""

    gso_code: str
    name: str
    geometry: BaseGeometry | None = None
    parent: str = ""


SampleDistrict = SampleUnit


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


def _rate(numerator: float, denominator: float) -> float:
    return round(100.0 * numerator / denominator, 2)


def _share(code: str, den: int, pct: float, period: str, gso: str) -> SampleValue:
    pct = min(max(pct, 1.0), 99.9)
    num = round(den * pct / 100.0)
    return SampleValue(code, gso, period, _rate(num, den), float(num), float(den))


def _literacy_base(unit: SampleUnit) -> float:
    """Level-2 literacy (15–60) around the province's 96 %: a district effect, then noise."""
    district = unit.parent or unit.gso_code
    base = 96.0 + _rng("literacy", district).uniform(-9.0, 3.5)
    return base + (_rng("literacy-commune", unit.gso_code).uniform(-4, 3) if unit.parent else 0)


def literacy_values(
    units: Sequence[SampleUnit], *, population: tuple[int, int] = (25_000, 110_000)
) -> Iterator[SampleValue]:
    """Literacy levels 1 and 2 by age band, from numerators and denominators."""
    for u in units:
        pop60 = _rng("population", u.gso_code).randint(*population)
        level2_base = _literacy_base(u)
        for k, period in enumerate(reversed(LITERACY_PERIODS)):
            drift = sum(_rng("drift", u.gso_code, j).uniform(0.3, 1.5) for j in range(k))
            for band, bonus, pop_share in AGE_BANDS:
                den = round(pop60 * pop_share * (1 - 0.01 * k))
                level2 = level2_base + bonus - drift
                level1 = level2 + _rng("l1", u.gso_code, band, period).uniform(0.5, 2.5)
                yield _share(f"literacy_rate_level2_age{band}", den, level2, period, u.gso_code)
                yield _share(f"literacy_rate_level1_age{band}", den, level1, period, u.gso_code)


def learning_model_values(units: Sequence[SampleUnit]) -> Iterator[SampleValue]:
    """Learning citizens, families, clans, communities and units as shares, with counts."""
    for u in units:
        for share_code, count_code, (lo, hi), base, spread in MODEL_SPECS:
            district = u.parent or u.gso_code
            pct = base + _rng(share_code, district).uniform(-spread, min(spread, 99.5 - base))
            pct += _rng(share_code, "commune", u.gso_code).uniform(-3, 3)
            den = _rng(share_code, "den", u.gso_code).randint(lo, hi)
            for k, period in enumerate(reversed(MODEL_PERIODS)):
                v = _share(share_code, den, pct - 3.0 * k, period, u.gso_code)
                yield v
                assert v.numerator is not None
                yield SampleValue(count_code, u.gso_code, period, v.numerator, None, None)


def clc_activity_values(units: Sequence[SampleUnit]) -> Iterator[SampleValue]:
    """Community-learning-centre activity: classes held and attendances."""
    for u in units:
        for period in MODEL_PERIODS:
            r = _rng("clc", u.gso_code, period)
            classes = r.randint(3, 25)
            yield SampleValue("clc_classes_held", u.gso_code, period, classes, None, None)
            attendances = classes * r.randint(20, 45)
            yield SampleValue("clc_participants", u.gso_code, period, attendances, None, None)


def commune_values(communes: Sequence[SampleUnit]) -> list[SampleValue]:
    """Every sample figure of the pre-2025 communes (each with its district as `parent`)."""
    return [
        *literacy_values(communes, population=(1_500, 9_000)),
        *learning_model_values(communes),
        *clc_activity_values(communes),
    ]


def aggregate(values: Sequence[SampleValue], parent_of: Mapping[str, str]) -> list[SampleValue]:
    """Figures of the parents: rates from summed numerators and denominators, counts summed."""
    sums: dict[tuple[str, str, str], list[float]] = {}
    for v in values:
        key = (v.indicator_code, parent_of[v.gso_code], v.period)
        acc = sums.setdefault(key, [0.0, 0.0, 0.0, 1.0 if v.denominator is not None else 0.0])
        acc[0] += v.value
        acc[1] += v.numerator or 0.0
        acc[2] += v.denominator or 0.0
    out = []
    for (code, parent, period), (total, num, den, is_rate) in sorted(sums.items()):
        if is_rate:
            out.append(SampleValue(code, parent, period, _rate(num, den), num, den))
        else:
            out.append(SampleValue(code, parent, period, total, None, None))
    return out


def successor_values(
    old_values: Sequence[SampleValue], successor_of: Mapping[str, str]
) -> list[SampleValue]:
    """The new communes' first figures after the reform, continuing their predecessors'."""
    last = [v for v in old_values if v.period in (LITERACY_PERIODS[-1], MODEL_PERIODS[-1])]
    merged = aggregate(last, successor_of)
    out = []
    for v in merged:
        r = _rng("after", v.indicator_code, v.gso_code)
        if v.period == LITERACY_PERIODS[-1]:
            assert v.denominator is not None
            den = round(v.denominator * 1.01)
            out.append(
                _share(
                    v.indicator_code,
                    den,
                    v.value + r.uniform(0.2, 1.2),
                    LITERACY_PERIOD_AFTER,
                    v.gso_code,
                )
            )
        elif v.denominator is not None:
            out.append(
                _share(
                    v.indicator_code,
                    round(v.denominator),
                    v.value + r.uniform(0.5, 3.0),
                    MODEL_PERIOD_AFTER,
                    v.gso_code,
                )
            )
        else:
            grown = round(v.value * r.uniform(0.95, 1.15))
            out.append(
                SampleValue(v.indicator_code, v.gso_code, MODEL_PERIOD_AFTER, grown, None, None)
            )
    # counts of learning models follow their shares' numerators
    shares = {(v.indicator_code, v.gso_code): v for v in out if v.denominator is not None}
    counts = {share: count for share, count, *_ in MODEL_SPECS}
    return [
        SampleValue(
            v.indicator_code,
            v.gso_code,
            v.period,
            shares[(share, v.gso_code)].numerator or 0.0,
            None,
            None,
        )
        if (share := next((s for s, c in counts.items() if c == v.indicator_code), None))
        and (share, v.gso_code) in shares
        else v
        for v in out
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
