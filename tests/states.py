"""The databases a province really has, built the way a deployment reaches them.

* `full`: the shipped seed with the illustrative sample;
* `no_sample`: the seed with `--no-sample` (what "remove sample" leaves);
* `communes_2025`: no sample, no figure but those a planner imported for the 75 communes and
  wards of 1 Jul 2025 (period 2025-2026), through the importer;
* `no_figures`: the seed with an empty figures table;
* `national`: the full seed plus the national layer (692 districts, a flagged facility sample).
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine, select, text

from dashboard.data.models import AdminUnit
from dashboard.domain.units import Level, Vintage
from dashboard.loading import importer
from dashboard.loading.national import load_national
from dashboard.loading.seed import seed

STATES = ("full", "no_sample", "communes_2025", "no_figures", "national")
COMMUNE_PERIOD = "2025-2026"
COMMUNE_INDICATORS = ("literacy_rate_level2_age15_60", "learning_families_share")
NATIONAL_SAMPLE_FACILITIES = 200


def commune_figures_csv(engine: Engine, folder: Path) -> Path:
    """A planner's CSV: two indicators for each of the 75 new communes, with numerators."""
    with engine.connect() as conn:
        codes = list(
            conn.execute(
                select(AdminUnit.gso_code)
                .where(AdminUnit.level == Level.COMMUNE, AdminUnit.vintage == Vintage.POST_2025)
                .order_by(AdminUnit.gso_code)
            ).scalars()
        )
    path = folder / "xa_2025.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["indicator", "unit_code", "period", "value", "numerator", "denominator"])
        for i, code in enumerate(codes):
            denominator = 2000 + 37 * i
            numerator = denominator - (40 + 11 * (i % 17))
            out.writerow(
                [
                    COMMUNE_INDICATORS[0],
                    code,
                    COMMUNE_PERIOD,
                    round(100 * numerator / denominator, 2),
                    numerator,
                    denominator,
                ]
            )
            out.writerow([COMMUNE_INDICATORS[1], code, COMMUNE_PERIOD, 60 + i % 30, "", ""])
    return path


def build(engine: Engine, state: str, folder: Path) -> None:
    """Seed a migrated, empty database into `state`."""
    seed(engine, include_sample=state in ("full", "no_figures", "national"))
    if state in ("no_figures", "communes_2025"):
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM indicator_value"))
    if state == "communes_2025":
        plan = importer.check_file(
            engine=engine,
            path=commune_figures_csv(engine, folder),
            source_title="Báo cáo của các xã, phường 2025-2026 (kiểm thử)",
            source_url="https://example.org/bao-cao-xa-2025",
        )
        assert plan.ok, plan.problems
        importer.apply_plan(engine=engine, plan=plan, user="test")
    if state == "national":
        load_national(engine, sample_facilities=NATIONAL_SAMPLE_FACILITIES)
