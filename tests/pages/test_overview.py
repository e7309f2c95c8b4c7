"""The overview page through Streamlit's AppTest, on each backend, as a reader would use it."""

from __future__ import annotations

import pytest

from tests.app_support import app, figure_cards, figure_themes


def test_overview_shows_real_figures_with_period_source_and_target(seeded_url: str) -> None:
    at = app(seeded_url).run()
    assert not at.exception
    assert at.title[0].value == "Xây dựng xã hội học tập tỉnh Sơn La"
    cards = figure_cards(at)
    families = cards["Tỷ lệ gia đình học tập"]
    assert families["value"] == "81,56 %"
    assert families["gap"] == "↑ +11,56 điểm %"  # ahead of the target: up, green
    lines = " ".join(c["meta"] for c in cards.values())
    assert any(c["href"].startswith("https://en.baosonla.org.vn/") for c in cards.values())
    assert "Kỳ: báo cáo ngày 31/10/2025 (năm suy ra)" in lines  # never English on vi
    assert "Mục tiêu 2025: 70 %" in families["meta"]


def test_overview_ranks_the_12_districts_and_names_the_lowest(seeded_url: str) -> None:
    at = app(seeded_url).run()
    table = at.dataframe[0].value
    assert len(table) == 12
    assert list(table["Hạng"]) == list(range(1, 13))
    assert "Mộc Châu" in set(table["Đơn vị"])
    values = [float(v.removesuffix(" %").replace(",", ".")) for v in table.iloc[:, 2]]
    assert values == sorted(values, reverse=True)  # best first, all 12 rows
    lowest = table["Đơn vị"].iloc[-1]
    sentence = next(md.value for md in at.markdown if md.value.startswith("Thấp nhất"))
    assert f"Thấp nhất: **{lowest}**, {table.iloc[-1, 2]}" in sentence
    assert "MẪU MINH HOẠ" in sentence  # the sample is marked beside the sentence
    assert any("mẫu minh hoạ" in w.value for w in at.warning)


def test_changing_the_indicator_changes_the_ranking(seeded_url: str) -> None:
    at = app(seeded_url).run()
    before = at.dataframe[0].value.iloc[:, 2].tolist()
    at.selectbox(key="overview_indicator").set_value("learning_families_share").run()
    assert not at.exception
    after = at.dataframe[0].value
    assert after.iloc[:, 2].tolist() != before
    assert at.selectbox(key="overview_period").value == "2024"
    assert all(v.endswith(" %") for v in after.iloc[:, 2])


def test_province_figures_are_grouped_by_the_plan_themes(seeded_url: str) -> None:
    at = app(seeded_url).run()
    assert figure_themes(at)[:2] == ["Xoá mù chữ", "Mô hình học tập"]
    lines = [c["meta"] for c in figure_cards(at).values()]
    assert lines and all(line.startswith("Mục tiêu 2025") for line in lines)
    assert all("baosonla.org.vn" in c or "sonla.gov.vn" in c for c in lines)
    assert any("Mục tiêu 2025: 70 %" in c for c in lines)


def test_english_switch(seeded_url: str) -> None:
    at = app(seeded_url, lang="en").run()
    assert not at.exception
    assert at.title[0].value == "Building a learning society in Sơn La province"
    assert "Learning families (share of households)" in figure_cards(at)


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/sources.py"])
def test_unreachable_database_gives_a_message_not_a_traceback(page: str) -> None:
    at = app("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception
    (banner,) = [w.value for w in at.warning]  # issue 11: the retrying banner, no URL shown
    assert "Không kết nối được cơ sở dữ liệu" in banner
    assert "[connections.learning_city] url" in banner and "127.0.0.1" not in banner


def test_unreachable_database_banner_follows_the_reader_language() -> None:
    """The data layer reads the language from the URL itself (it sits below the widgets)."""
    at = app("postgresql+psycopg://postgres@127.0.0.1:1/nowhere", lang="en").run()
    assert not at.exception
    (banner,) = [w.value for w in at.warning]
    assert banner.startswith("The database cannot be reached; retrying."), banner


@pytest.fixture
def hostile_url(seeded_then) -> str:
    """A seeded database where a district and a source carry HTML in their names."""
    return seeded_then(
        (
            "UPDATE admin_unit SET name = :n WHERE gso_code = '116'",
            {"n": "<img src=x onerror=alert(1)>"},
        ),
        (
            "UPDATE source SET title = :t WHERE url LIKE '%steering-committee%'",
            {"t": "<script>alert('x')</script> [link](javascript:alert(1))"},
        ),
    )


def test_html_in_names_stays_text_in_tables_and_captions(hostile_url: str) -> None:
    at = app(hostile_url).run()
    assert not at.exception
    assert "<img src=x onerror=alert(1)>" in set(at.dataframe[0].value["Đơn vị"])
    # the compact source line names the site; the full title is its help text, escaped
    titles = [c["source_title"] for c in figure_cards(at).values()]
    assert "<script>alert('x')</script> [link](javascript:alert(1))" in titles
    bodies = " ".join(e.proto.body for e in at.get("html"))
    assert "<script>" not in bodies and "&lt;script&gt;alert" in bodies


def test_overview_link_reproduces_indicator_and_period(seeded_url: str) -> None:
    """A copied Overview link (or a slide saved from it) opens on the same indicator and period."""
    at = app(seeded_url)
    at.query_params["indicator"] = "learning_families_share"
    at.query_params["period"] = "2023"
    at.run()
    assert not at.exception
    assert at.selectbox(key="overview_indicator").value == "learning_families_share"
    assert at.selectbox(key="overview_period").value == "2023"
    assert at.query_params["period"] == "2023"


def test_overview_link_with_unknown_values_falls_back_with_a_notice(seeded_url: str) -> None:
    at = app(seeded_url)
    at.query_params["indicator"] = "no_such_indicator"
    at.run()
    assert not at.exception
    assert at.selectbox(key="overview_indicator").value == "literacy_rate_level2_age15_60"
    notices = [i.value for i in at.info if "indicator" in i.value]
    assert notices and "liên kết không hợp lệ" in notices[0]
