"""Before and after 1 July 2025: vintages on the pages, the learning city, crosswalk check."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from dashboard.data import queries
from tests.conftest import REPO
from tests.test_pages_planner import open_page, table

CROSSWALK_CSV = REPO / "data" / "real" / "son_la_commune_crosswalk_2025.csv"


def city_successors_from_the_file() -> set[str]:
    with CROSSWALK_CSV.open(encoding="utf-8") as f:
        return {r["new_full_name"] for r in csv.DictReader(f) if r["old_district_code"] == "116"}


@pytest.mark.parametrize(
    ("page", "key", "rows"),
    [
        ("pages/indicators.py", "ind_vintage", "Giá trị"),
        ("pages/facilities.py", "fac_vintage", "Σ"),
    ],
)
def test_switching_the_vintage_switches_the_units(seeded_url, page, key, rows) -> None:
    at = open_page(seeded_url, page)
    assert len(table(at, rows)) == 12
    at.sidebar.radio(key=key).set_value("post_2025").run()
    assert not at.exception
    assert len(table(at, rows)) == 75
    assert at.query_params["vintage"] == "post_2025"
    at.sidebar.radio(key=key).set_value("pre_2025").run()
    assert len(table(at, rows)) == 12


def test_the_url_carries_the_vintage(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/indicators.py", vintage="post_2025", period="2025-2026")
    units = table(at, "Giá trị")
    assert len(units) == 75 and "Tô Hiệu" in set(units["Đơn vị"])
    assert units["Giá trị"].notna().all()


def test_figures_before_the_reform_are_reaggregated_for_new_units(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/indicators.py", vintage="post_2025", period="2023-2024")
    units = table(at, "Giá trị")
    assert len(units) == 75 and units["Giá trị"].notna().all()
    assert any("gộp lại từ các xã cũ" in i.value for i in at.info)


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


def test_learning_city_lists_exactly_the_successors_in_the_crosswalk(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/learning_city.py")
    listed = set(table(at, "Gồm các xã, phường cũ")["Đơn vị"])
    assert listed == city_successors_from_the_file()
    assert len(listed) == 4
    assert any("14" in s.value and "GNLC" in s.value for s in at.success)


def test_profile_of_a_new_ward(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/profile.py", vintage="post_2025", unit="03646")
    assert at.title[0].value == "Phường Tô Hiệu"
    assert "Trung tâm học tập cộng đồng phường Tô Hiệu" in set(table(at, "Loại")["Tên"])


def crosswalk_check(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "crosswalk", "check", "--db", url, *extra],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_crosswalk_check_passes_on_the_real_crosswalk(seeded_url: str) -> None:
    result = crosswalk_check(seeded_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "200 rows, 200 old units, 75 new units" in result.stdout


def test_crosswalk_check_names_bad_rows(seeded_url: str, tmp_path) -> None:
    with CROSSWALK_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[3]["new_gso_code"] = "99999"  # CSV line 5
    for r in rows:
        r["weight"] = "1"
    rows[5]["weight"] = "0.6"  # CSV line 7: this old unit's weights sum to 0.6
    bad = tmp_path / "crosswalk.csv"
    with bad.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = crosswalk_check(seeded_url, "--file", str(bad))
    assert result.returncode == 2
    assert f"{bad}:5: unknown new unit code '99999'" in result.stdout
    assert f"{bad}:7: weights of old unit" in result.stdout and "sum to 0.6" in result.stdout
    assert "new unit 03646 has no predecessor" not in result.stdout
