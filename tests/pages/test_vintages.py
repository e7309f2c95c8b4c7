"""Before and after 1 July 2025: vintages on the pages, the learning city, crosswalk check."""

from __future__ import annotations

import csv

import pytest

from tests.app_support import open_page, table
from tests.conftest import REPO

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
