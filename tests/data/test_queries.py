"""dashboard.data.queries: figures before the 2025 reform re-aggregated for the new units."""

from __future__ import annotations

from sqlalchemy import Engine

from dashboard.data import queries


def test_reaggregated_rate_equals_the_predecessors_numerators(seeded_engine: Engine) -> None:
    new = queries.vintage_values(
        engine=seeded_engine,
        indicator_code="literacy_rate_level2_age15_60",
        period="2024-2025",
        vintage="post_2025",
    ).set_index("gso_code")
    old = queries.unit_values(
        engine=seeded_engine,
        indicator_code="literacy_rate_level2_age15_60",
        period="2024-2025",
        level="commune",
        vintage="pre_2025",
    ).set_index("gso_code")
    xw = queries.crosswalk(engine=seeded_engine)
    olds = xw.loc[xw["new_code"] == "03646", "old_code"]  # phường Tô Hiệu: 4 former wards
    assert len(olds) == 4
    expected = round(100 * old.loc[olds, "numerator"].sum() / old.loc[olds, "denominator"].sum(), 2)
    assert new.at["03646", "value"] == expected
    assert bool(new.at["03646", "reaggregated"])
