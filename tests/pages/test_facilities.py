"""The facilities page: filters, links and hostile link values."""

from __future__ import annotations

from tests.app_support import open_page, table


def test_facilities_filters_change_table_counts_and_url(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/facilities.py")
    everything = table(at, "Loại")
    assert len(everything) == 160  # 76 real + 84 sample
    at.multiselect(key="fac_districts").set_value(["116"]).run()
    city = table(at, "Loại")
    assert 0 < len(city) < len(everything)
    assert set(city["Huyện, thành phố"]) == {"Sơn La"}
    at.multiselect(key="fac_kinds").set_value(["community_learning_centre"]).run()
    clc = table(at, "Loại")
    assert set(clc["Loại"]) == {"Trung tâm học tập cộng đồng"}
    assert not clc["Mẫu?"].any()
    assert at.query_params["districts"] == "116"
    assert at.query_params["kinds"] == "community_learning_centre"
    counts = table(at, "Σ")
    assert counts["Σ"].sum() == len(clc)


def test_facilities_link_reproduces_the_view(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/facilities.py", districts="123,124", kinds="school")
    shown = table(at, "Loại")
    assert set(shown["Huyện, thành phố"]) == {"Mộc Châu", "Yên Châu"}
    assert set(shown["Loại"]) == {"Trường học"}


def test_facilities_hostile_url_falls_back_with_a_notice(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/facilities.py", districts="<script>", kinds="x' OR 1=1")
    assert len(table(at, "Loại")) == 160
    assert len(at.info) == 2
