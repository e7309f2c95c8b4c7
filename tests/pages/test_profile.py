"""The profile page: every figure with its source, following the list."""

from __future__ import annotations

from tests.app_support import open_page, table


def test_profile_lists_every_figure_with_source(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/profile.py", unit="116")
    assert at.title[0].value == "Thành phố Sơn La"
    figures = table(at, "Chỉ tiêu")
    assert "Số trường học" in set(figures["Chỉ tiêu"])  # a real city figure
    assert figures["Nguồn"].notna().all()
    facilities = table(at, "Loại")
    assert "Trung tâm học tập cộng đồng phường Tô Hiệu" in set(facilities["Tên"])


def test_profile_follows_the_list(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/profile.py")
    at.selectbox(key="prof_unit").set_value("128").run()
    assert at.title[0].value == "Huyện Vân Hồ"
    assert at.query_params["unit"] == "128"
