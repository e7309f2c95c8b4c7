"""The seed: real Sơn La data with sources, the flagged sample, idempotence, bad files."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from dashboard.data import queries
from dashboard.data.models import AdminUnit, Facility, IndicatorValue, Source, UnitCrosswalk
from dashboard.loading.seed import SeedError, seed


def test_counts_match_the_real_data(seeded_engine: Engine) -> None:
    counts = queries.table_counts(engine=seeded_engine)
    assert counts["provinces"] == 1
    assert counts["districts"] == 12
    assert counts["communes pre-2025"] == 200
    assert counts["communes 2025"] == 75
    assert counts["crosswalk rows"] == 200
    assert counts["facilities (real)"] == 76  # 75 community learning centres + the GDTX centre
    assert counts["facilities (sample)"] > 0
    assert counts["indicator values (real, with source URL)"] >= 40
    assert counts["indicator values (sample)"] > 0
    assert counts["targets"] == 22
    assert counts["literacy standards"] == 7


def test_every_sample_row_cites_the_sample_source(seeded_engine: Engine) -> None:
    with seeded_engine.connect() as conn:
        for model in (IndicatorValue, Facility):
            sample_sources = conn.execute(
                select(Source.is_sample, func.count())
                .join(model, model.source_id == Source.id)
                .where(model.is_sample.is_(True))
                .group_by(Source.is_sample)
            ).all()
            assert sample_sources and all(flag for flag, _ in sample_sources)
        real_without_url = conn.execute(
            select(func.count())
            .select_from(IndicatorValue)
            .join(Source, Source.id == IndicatorValue.source_id)
            .where(IndicatorValue.is_sample.is_(False), Source.url == "")
        ).scalar_one()
    assert real_without_url == 0


def test_learning_families_figure_and_target(seeded_engine: Engine) -> None:
    figures = queries.headline_figures(
        engine=seeded_engine, indicator_codes=["learning_families_share"], unit_code="14"
    )
    row = figures.iloc[0]
    assert (row["value"], row["target"]) == (81.56, 70.0)
    assert row["source_url"].startswith("https://en.baosonla.org.vn/")


def test_names_keep_their_diacritics_in_nfc(seeded_engine: Engine) -> None:
    with seeded_engine.connect() as conn:
        names = conn.execute(select(AdminUnit.name)).scalars().all()
    assert "Mộc Châu" in names and "Vân Hồ" in names
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_look_alike_communes_are_distinct_units(seeded_engine: Engine) -> None:
    with seeded_engine.connect() as conn:
        rows = {
            (code, vintage): name
            for code, vintage, name in conn.execute(
                select(AdminUnit.gso_code, AdminUnit.vintage, AdminUnit.name).where(
                    AdminUnit.gso_code.in_(["04111", "03943", "04012", "04078"])
                )
            )
        }
        # Mường Bằng (04111) went whole into Chiềng Mung (04123), not into Mường Bang.
        successors = (
            conn.execute(
                text(
                    "SELECT n.gso_code FROM unit_crosswalk x "
                    "JOIN admin_unit o ON o.id = x.old_unit_id "
                    "JOIN admin_unit n ON n.id = x.new_unit_id WHERE o.gso_code = '04111'"
                )
            )
            .scalars()
            .all()
        )
    assert rows[("04111", "pre_2025")] == "Mường Bằng"
    assert rows[("03943", "post_2025")] == "Mường Bang"
    assert rows[("04012", "pre_2025")] == "Chiềng Hắc"
    assert rows[("04078", "post_2025")] == "Chiềng Hặc"
    assert successors == ["04123"]


def test_quirky_source_spellings_are_kept(seeded_engine: Engine) -> None:
    with seeded_engine.connect() as conn:
        names = conn.execute(select(AdminUnit.name)).scalars().all()
    assert "Cò  Nòi" in names  # the GSO list's double space, kept on purpose


def test_seeding_twice_changes_nothing(seeded_url: str) -> None:
    from tests.conftest import engine_for

    engine = engine_for(seeded_url)
    counts = seed(engine)
    engine.dispose()
    for table, c in counts.items():
        assert c["inserted"] == 0 and c["updated"] == 0, table


def test_seed_without_sample(migrated_engine: Engine) -> None:
    seed(migrated_engine, include_sample=False)
    counts = queries.table_counts(engine=migrated_engine)
    assert counts["facilities (sample)"] == 0
    assert counts["indicator values (sample)"] == 0
    assert counts["facilities (real)"] == 76


def test_sample_is_deterministic(databases, backend) -> None:
    from tests.conftest import engine_for

    def sample_values() -> list[tuple[str, str, str, float]]:
        engine = engine_for(databases.empty(backend))
        from dashboard.data import db

        db.migrate(engine)
        seed(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    IndicatorValue.indicator_code,
                    AdminUnit.gso_code,
                    IndicatorValue.period,
                    IndicatorValue.value,
                )
                .join(AdminUnit, AdminUnit.id == IndicatorValue.unit_id)
                .where(IndicatorValue.is_sample.is_(True))
                .order_by(IndicatorValue.indicator_code, AdminUnit.gso_code, IndicatorValue.period)
            ).all()
        engine.dispose()
        return [tuple(r) for r in rows]

    assert sample_values() == sample_values()


def _rewrite(path: Path, edit: Callable[[list[list[str]]], None]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def _set(column: str, row: int, value: str) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        rows[row][rows[0].index(column)] = value

    return edit


def _drop_column(column: str) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        i = rows[0].index(column)
        for r in rows:
            del r[i]

    return edit


BAD_FILES = [
    ("son_la_education_stats.csv", _set("value", 3, "ninety-six"), r":4: value 'ninety-six'"),
    ("son_la_education_stats.csv", _set("indicator", 2, "made_up"), r":3: unknown indicator"),
    ("son_la_education_stats.csv", _set("reference_period", 5, "soon"), r":6: cannot read"),
    ("son_la_education_stats.csv", _drop_column("source_url"), r":1: missing column"),
    ("son_la_communes_pre2025.csv", _set("district_code", 7, "999"), r":8: unknown district_code"),
    ("son_la_commune_crosswalk_2025.csv", _set("new_gso_code", 10, "99999"), r":11: unknown 2025"),
    ("national_targets_2021_2030.csv", _set("target_year", 2, "20x5"), r":3: target_year"),
]


@pytest.mark.parametrize(("name", "edit", "message"), BAD_FILES)
def test_malformed_seed_file_is_named_and_nothing_is_written(
    migrated_engine: Engine, seed_copy: Callable[[], Path], name: str, edit, message: str
) -> None:
    folder = seed_copy()
    _rewrite(folder / "real" / name, edit)
    with pytest.raises(SeedError, match=rf"{name}{message}"):
        seed(migrated_engine, seed_dir=folder)
    with migrated_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AdminUnit)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(UnitCrosswalk)).scalar_one() == 0


def test_missing_seed_file_is_named(migrated_engine: Engine, seed_copy) -> None:
    folder = seed_copy()
    (folder / "real" / "son_la_districts.geojson").unlink()
    with pytest.raises(SeedError, match="son_la_districts.geojson: file not found"):
        seed(migrated_engine, seed_dir=folder)


def test_broken_boundary_file_is_named(migrated_engine: Engine, seed_copy) -> None:
    folder = seed_copy()
    (folder / "real" / "son_la_province.geojson").write_text('{"type": "Feature', "utf-8")
    with pytest.raises(SeedError, match="son_la_province.geojson: cannot be read"):
        seed(migrated_engine, seed_dir=folder)


def test_district_sample_is_the_sum_of_its_communes(seeded_engine: Engine) -> None:
    """The sample is coherent across levels: district rates from commune numerators."""
    district = queries.unit_values(
        engine=seeded_engine,
        indicator_code="literacy_rate_level2_age15_60",
        period="2024-2025",
        level="district",
        vintage="pre_2025",
    ).set_index("gso_code")
    communes = queries.unit_values(
        engine=seeded_engine,
        indicator_code="literacy_rate_level2_age15_60",
        period="2024-2025",
        level="commune",
        vintage="pre_2025",
    )
    assert len(communes) == 200 and communes["value"].notna().all()
    with seeded_engine.connect() as conn:
        parent = dict(
            conn.execute(
                text(
                    "SELECT c.gso_code, d.gso_code FROM admin_unit c "
                    "JOIN admin_unit d ON d.id = c.parent_id "
                    "WHERE c.level = 'commune' AND c.vintage = 'pre_2025'"
                )
            ).all()
        )
    communes["district"] = communes["gso_code"].map(parent)
    sums = communes.groupby("district")[["numerator", "denominator"]].sum()
    assert (sums["denominator"] == district.loc[sums.index, "denominator"]).all()
    rates = (100 * sums["numerator"] / sums["denominator"]).round(2)
    assert (rates == district.loc[sums.index, "value"]).all()


def test_new_communes_have_figures_after_the_reform(seeded_engine: Engine) -> None:
    after = queries.unit_values(
        engine=seeded_engine,
        indicator_code="literacy_rate_level2_age15_60",
        period="2025-2026",
        level="commune",
        vintage="post_2025",
    )
    assert len(after) == 75 and after["value"].notna().all() and after["is_sample"].all()
