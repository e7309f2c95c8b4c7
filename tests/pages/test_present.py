"""The Decks and Present pages and 'Add to presentation', through Streamlit's AppTest."""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.data import plan_queries
from dashboard.present import boards, decks
from tests.conftest import REPO, engine_for

APP = str(REPO / "streamlit_app.py")
FAMILIES = {"indicator": "learning_families_share", "period": "2024"}
DECK_NUMBER = itertools.count(1)  # deck names are unique


@pytest.fixture
def engine(own_url: str) -> Iterator[Engine]:
    e = engine_for(own_url)
    yield e
    e.dispose()


def app(url: str, *, role: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["connections"] = {"learning_city": {"url": url}}
    if role:
        at.session_state["user"] = auth.User("Cầm Thị D", role)
    return at


def present(url: str, deck_id: int, **params: str) -> AppTest:
    at = app(url)
    at.run()
    at.switch_page("pages/present.py")
    at.query_params["deck"] = str(deck_id)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def html_text(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def live_maps(at: AppTest) -> list[dict[str, object]]:
    """The live map components on the page: their arguments (base, restyle)."""
    return [
        json.loads(c.proto.json_args)
        for c in at.get("component_instance")
        if "streamlit_folium" in c.proto.component_name
    ]


def slide_count(at: AppTest) -> str:
    found = [h.proto.body for h in at.get("html") if "lc-count" in h.proto.body]
    return found[0] if found else ""


def three_slides(engine: Engine) -> int:
    deck_id = decks.create_deck(engine=engine, name=f"Hội nghị {next(DECK_NUMBER)}", user="t")
    for title, params in (
        ("Một <b>1</b>", FAMILIES),
        ("Hai", {"indicator": "learning_citizens_share", "period": "2024"}),
        ("Ba", {**FAMILIES, "vintage": "post_2025", "period": "2025"}),
    ):
        decks.add_slide(
            engine=engine, deck_id=deck_id, page="indicators", params=params, title=title
        )
    return deck_id


def test_an_editor_adds_views_from_the_indicators_page(own_url: str, engine: Engine) -> None:
    at = app(own_url, role="editor")
    at.run()
    at.switch_page("pages/indicators.py")
    at.query_params.update(FAMILIES)
    at.run()
    assert not at.exception
    at.selectbox(key="deck_add_deck").set_value("new")
    at.run()
    at.text_input(key="deck_add_name").input("Họp giao ban")
    at.text_input(key="deck_add_title").input("Gia đình học tập 2024")
    at.text_area(key="deck_add_note").input("Nói chậm")
    at.button(key="deck_add_submit").click().run()
    assert not at.exception
    assert any("Họp giao ban" in s.value for s in at.success)
    found = decks.decks(engine=engine)
    deck_id = int(found.loc[found["name"] == "Họp giao ban", "id"].iloc[0])
    # The second view joins the same deck, as a split against the other vintage.
    at.selectbox(key="deck_add_deck").set_value(str(deck_id))
    at.text_input(key="deck_add_title").input("Trước/sau")
    at.radio(key="deck_add_split").set_value("reform").run()
    at.button(key="deck_add_submit").click().run()
    shown = decks.slides(engine=engine, deck_id=deck_id)
    assert [s.title for s in shown] == ["Gia đình học tập 2024", "Trước/sau"]
    assert shown[0].params["indicator"] == "learning_families_share"
    assert shown[0].params["period"] == "2024"
    assert shown[0].note == "Nói chậm"
    assert shown[1].kind == "split"
    assert shown[1].split_params["vintage"] == "post_2025"


def test_readers_are_asked_to_sign_in_before_adding(own_url: str, engine: Engine) -> None:
    before = len(decks.decks(engine=engine))
    at = app(own_url)
    at.run()
    at.switch_page("pages/indicators.py").run()
    assert not at.exception
    assert any("Đăng nhập với quyền biên tập" in c.value for c in at.caption)
    assert len(decks.decks(engine=engine)) == before


def test_an_editor_reorders_duplicates_and_deletes_slides(own_url: str, engine: Engine) -> None:
    deck_id = three_slides(engine)
    first = decks.slides(engine=engine, deck_id=deck_id)[0]
    at = app(own_url, role="editor")
    at.run()
    at.switch_page("pages/decks.py")
    at.query_params["deck"] = str(deck_id)
    at.run()
    assert not at.exception
    at.button(key=f"deck_down_{first.id}").click().run()
    assert [s.title for s in decks.slides(engine=engine, deck_id=deck_id)] == [
        "Hai",
        "Một <b>1</b>",
        "Ba",
    ]
    assert any("2. Một \\<b\\>1\\</b\\>" in m.value for m in at.markdown)  # shown as text
    at.button(key=f"deck_duplicate_{first.id}").click().run()
    at.button(key=f"deck_delete_{first.id}").click().run()
    assert [s.title for s in decks.slides(engine=engine, deck_id=deck_id)] == [
        "Hai",
        "Một <b>1</b>",
        "Ba",
    ]


def test_a_viewer_can_present_but_not_edit(own_url: str, engine: Engine) -> None:
    deck_id = three_slides(engine)
    at = app(own_url, role="viewer")
    at.run()
    at.switch_page("pages/decks.py")
    at.query_params["deck"] = str(deck_id)
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.key and b.key.startswith("deck_down_")]
    links = [p for p in at.get("page_link")]
    assert any("present" in p.proto.page for p in links)


def test_present_shows_headline_and_moves_next_and_previous(own_url: str, engine: Engine) -> None:
    deck_id = three_slides(engine)
    at = present(own_url, deck_id)
    assert not at.exception
    body = html_text(at)
    assert "Một &lt;b&gt;1&lt;/b&gt;" in body  # the title, as text
    assert 'class="lc-headline"' in body and "%" in body
    assert "Nguồn:" in body and "Kỳ: 2024" in body  # source and period line
    assert "Trang 1/3" in slide_count(at)
    assert 'data-testid="stSidebar"' in body  # the full-screen CSS hides the sidebar
    at.button(key="present_next").click().run()
    assert "Trang 2/3" in slide_count(at)
    assert at.query_params["slide"] == "2"
    at.button(key="present_last").click().run()
    assert "Trang 3/3" in slide_count(at)
    at.button(key="present_next").click().run()  # past the end: stays on the last
    assert "Trang 3/3" in slide_count(at)
    at.button(key="present_previous").click().run()
    assert "Trang 2/3" in slide_count(at)
    at.button(key="present_first").click().run()
    assert "Trang 1/3" in slide_count(at)


def test_a_deck_url_opens_at_its_slide(own_url: str, engine: Engine) -> None:
    deck_id = three_slides(engine)
    at = present(own_url, deck_id, slide="3")
    assert "Trang 3/3" in slide_count(at)
    assert "Ba" in html_text(at)


def test_autoplay_advances_after_its_interval(own_url: str, engine: Engine) -> None:
    deck_id = three_slides(engine)
    at = present(own_url, deck_id, autoplay="1", every="1")
    assert "Trang 1/3" in slide_count(at)
    time.sleep(1.2)
    at.run()
    assert "Trang 2/3" in slide_count(at)
    at.toggle(key="present_autoplay").set_value(False).run()  # pause
    time.sleep(1.2)
    at.run()
    assert "Trang 2/3" in slide_count(at)


def test_a_split_slide_names_both_sides_in_its_filter_bar(own_url: str, engine: Engine) -> None:
    deck_id = decks.create_deck(engine=engine, name="Split", user="t")
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="indicators",
        params=FAMILIES,
        title="Trước và sau",
        kind="split",
        split_params={**FAMILIES, "vintage": "post_2025", "period": "2025"},
    )
    at = present(own_url, deck_id)
    assert not at.exception
    body = html_text(at)
    assert "so với Từ 1/7/2025: 75 xã, phường · 2025" in body
    drawn = live_maps(at)
    assert len(drawn) == 2  # two live maps side by side, each captioned with its period
    assert "Trước 1/7/2025: 12 huyện, thành phố · 2024" in str(drawn[0]["feature_group"])
    assert "Từ 1/7/2025: 75 xã, phường · 2025" in str(drawn[1]["feature_group"])
    assert body.count('class="lc-legend-box"') == 1  # one legend for both


def test_a_slide_is_the_live_map_with_its_legend_and_ranking_beside_it(
    own_url: str, engine: Engine
) -> None:
    deck_id = three_slides(engine)
    at = present(own_url, deck_id)
    assert not at.exception
    assert len(at.image) == 0  # no picture of a map
    (drawn,) = live_maps(at)
    assert "Quỳnh Nhai" in str(drawn["feature_group"])  # the districts' tooltips restyled
    assert "lc-legend" not in str(drawn["html"])  # the legend is not on the map
    body = html_text(at)
    assert 'class="lc-legend-box"' in body and "Tỷ lệ gia đình học tập (%)" in body
    assert 'class="lc-rank"' in body and "6 đơn vị ở giữa" in body  # top 3 and bottom 3
    assert body.count("Nguồn:") == 1  # one source and period line
    assert "Thấp nhất: " in body and "mục tiêu 2025: 70 %" in body


def test_a_commune_slide_headline_names_communes(own_url: str, engine: Engine) -> None:
    deck_id = three_slides(engine)
    at = present(own_url, deck_id, slide="3")
    headline = next(h.proto.body for h in at.get("html") if "lc-headline" in h.proto.body)
    (drawn,) = live_maps(at)
    assert "Thấp nhất: " in headline and "Toàn tỉnh" not in headline
    named = headline.split("Thấp nhất: ")[1].split(" ")[0]
    assert named and named in str(drawn["feature_group"])  # a commune of the map


def test_a_facilities_slide_draws_facilities_with_their_legend(
    own_url: str, engine: Engine
) -> None:
    deck_id = decks.create_deck(engine=engine, name=f"Cơ sở {next(DECK_NUMBER)}", user="t")
    decks.add_slide(engine=engine, deck_id=deck_id, page="facilities", params={}, title="Mạng lưới")
    at = present(own_url, deck_id)
    assert not at.exception
    body = html_text(at)
    assert "Trung tâm học tập cộng đồng: <b>75</b>" in body  # kinds and counts, beside the map
    assert "Số cơ sở trên bản đồ" in body
    assert len(live_maps(at)) == 1


def test_a_slide_whose_indicator_is_gone_shows_a_notice_instead_of_a_map(
    own_url: str, engine: Engine
) -> None:
    deck_id = decks.create_deck(engine=engine, name=f"Cũ {next(DECK_NUMBER)}", user="t")
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="indicators",
        params={"indicator": "gone_indicator", "period": "2024"},
        title="<script>alert(1)</script>",
    )
    at = present(own_url, deck_id)
    assert not at.exception
    body = html_text(at)
    assert "không còn khớp với số liệu" in body and "gone_indicator" in body
    assert live_maps(at) == []
    assert "<script>alert" not in body and "&lt;script&gt;" in body
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="indicators",
        params={"indicator": "gone_indicator", "lang": "en"},
        title="Saved in English",
    )
    english = present(own_url, deck_id, slide="2")
    assert "This slide no longer matches the data" in html_text(english)


def test_a_stale_slide_shows_its_note(own_url: str, engine: Engine) -> None:
    deck_id = decks.create_deck(engine=engine, name="Cũ", user="t")
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="indicators",
        params={**FAMILIES, "period": "1999", "units": "118", "vintage": "post_2025"},
        title="Cũ",
    )
    at = present(own_url, deck_id)
    assert not at.exception
    body = html_text(at)
    assert "Kỳ 1999 không có số liệu; hiển thị kỳ mới nhất." in body
    assert "Đơn vị 118 không còn" in body


@pytest.mark.parametrize("deck", ["424242", "abc"])
def test_an_unknown_deck_url_gets_a_note(own_url: str, deck: str) -> None:
    at = app(own_url)
    at.run()
    at.switch_page("pages/present.py")
    at.query_params["deck"] = deck
    at.run()
    assert not at.exception
    notes = " ".join(x.value for x in [*at.warning, *at.info])
    assert "424242" in notes if deck == "424242" else "Chọn một bài trình chiếu" in notes


def test_an_empty_deck_gets_a_note(own_url: str, engine: Engine) -> None:
    deck_id = decks.create_deck(engine=engine, name="Trống", user="t")
    at = present(own_url, deck_id)
    assert not at.exception
    assert any("chưa có trang nào" in i.value for i in at.info)


def test_anyone_downloads_the_views_map_and_a_units_brief(own_url: str) -> None:
    at = app(own_url)
    at.run()
    at.switch_page("pages/profile.py")
    at.query_params.update({"unit": "118"})
    at.run()
    assert not at.exception
    at.toggle(key="export_map_prepare").set_value(True).run()
    at.toggle(key="export_brief_prepare").set_value(True).run()
    assert not at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["Tải bản đồ (PNG/PDF/SVG)", "Tải bản tóm tắt"]


def test_an_editor_renames_then_deletes_a_deck_only_once_confirmed(
    own_url: str, engine: Engine
) -> None:
    deck_id = three_slides(engine)
    at = app(own_url, role="editor")
    at.run()
    at.switch_page("pages/decks.py")
    at.query_params["deck"] = str(deck_id)
    at.run()
    at.text_input(key=f"deck_rename_name_{deck_id}").input("Giao ban quý IV")
    at.button(key="deck_rename").click().run()
    assert decks.deck(engine=engine, deck_id=deck_id).name == "Giao ban quý IV"  # type: ignore[union-attr]
    assert at.button(key="deck_delete_deck").disabled
    at.checkbox(key=f"deck_confirm_delete_{deck_id}").check().run()
    at.button(key="deck_delete_deck").click().run()
    assert not at.exception
    assert decks.deck(engine=engine, deck_id=deck_id) is None


def test_a_slide_saved_in_english_is_presented_in_english(own_url: str, engine: Engine) -> None:
    deck_id = decks.create_deck(engine=engine, name="Conference", user="t")
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="indicators",
        params={**FAMILIES, "lang": "en"},
        title="Learning families",
    )
    at = present(own_url, deck_id)
    body = html_text(at)
    assert "Slide 1/1" in slide_count(at)
    assert "Source:" in body and "Period: 2024" in body


def test_an_empty_decks_page_says_how_to_make_a_deck_with_links_to_map_pages(
    own_url: str, engine: Engine
) -> None:
    for deck_id in decks.decks(engine=engine)["id"]:
        decks.delete_deck(engine=engine, deck_id=int(deck_id))
    at = app(own_url, role="viewer")
    at.run()
    at.switch_page("pages/decks.py").run()
    assert not at.exception
    (info,) = at.info
    assert info.value == (
        "Chưa có bài trình chiếu nào: mở một trang bản đồ (Tổng quan hoặc Chỉ tiêu), chọn góc "
        'nhìn rồi bấm "Thêm vào bài trình chiếu" ở cuối trang (cần quyền biên tập).'
    )
    links = [(p.proto.page, p.proto.label) for p in at.get("page_link")]
    assert links == [("", "Tổng quan"), ("indicators", "Chỉ tiêu")]  # "" is the default page


def test_add_to_presentation_proposes_the_deck_last_used_in_the_session(
    own_url: str, engine: Engine
) -> None:
    decks.create_deck(engine=engine, name=f"Khác {next(DECK_NUMBER)}", user="t")
    at = app(own_url, role="editor")
    at.run()
    at.switch_page("pages/indicators.py")
    at.query_params.update(FAMILIES)
    at.run()
    assert at.selectbox(key="deck_add_deck").value == "new"  # nothing used yet
    name = f"Giao ban {next(DECK_NUMBER)}"
    at.text_input(key="deck_add_name").input(name)
    at.text_input(key="deck_add_title").input("Gia đình học tập")
    at.button(key="deck_add_submit").click().run()
    found = decks.decks(engine=engine)
    deck_id = str(int(found.loc[found["name"] == name, "id"].iloc[0]))
    assert at.selectbox(key="deck_add_deck").value == deck_id  # the next view joins it
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert at.selectbox(key="deck_add_deck").value == deck_id  # on another map page too
    at.text_input(key="deck_add_title").input("Tổng quan")
    at.button(key="deck_add_submit").click().run()
    assert [s.title for s in decks.slides(engine=engine, deck_id=int(deck_id))] == [
        "Gia đình học tập",
        "Tổng quan",
    ]
    assert len(decks.decks(engine=engine)) == len(found)  # no new deck per view


def test_an_editor_is_told_a_deck_name_is_taken(own_url: str, engine: Engine) -> None:
    name = f"Trùng {next(DECK_NUMBER)}"
    decks.create_deck(engine=engine, name=name, user="t")
    at = app(own_url, role="editor")
    at.run()
    at.switch_page("pages/decks.py").run()
    at.text_input(key="deck_new_name").input(name.upper())
    at.button(key="deck_create").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        f'Đã có bài trình chiếu tên "{name}". Hãy chọn một tên khác.'
    ]


def test_a_profile_slide_shows_the_units_card_beside_its_map(own_url: str, engine: Engine) -> None:
    deck_id = decks.create_deck(engine=engine, name=f"Hồ sơ {next(DECK_NUMBER)}", user="t")
    decks.add_slide(
        engine=engine, deck_id=deck_id, page="profile", params={"unit": "118"}, title="Hồ sơ"
    )
    at = present(own_url, deck_id)
    assert not at.exception
    body = html_text(at)
    assert '<div class="lc-headline">Quỳnh Nhai</div>' in body
    assert 'class="lc-card"' in body and "Mục tiêu 2025: 70 %" in body  # figures vs targets
    assert "điểm %, đạt)" in body or "điểm %, chưa đạt)" in body  # the verdict
    (drawn,) = live_maps(at)
    assert "118" in str(drawn["feature_group"])  # the unit outlined on its locator map


def board_rows(body: str) -> list[list[str]]:
    """The cells of a board slide's table, row by row (as the HTML has them, escaped)."""
    rows = re.findall(r'<tr class="lc-board-[a-z_]*">(.*?)</tr>', body)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plan_and_focus_slides_draw_the_status_board_and_the_ranking(
    own_url: str, engine: Engine, lang: str
) -> None:
    deck_id = decks.create_deck(engine=engine, name=f"Kế hoạch {next(DECK_NUMBER)}", user="t")
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="plan",
        params={"lang": lang},  # saved from the page in that language
        title="Tiến độ <b>kế hoạch</b>",
    )
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="focus",
        params={"vintage": "post_2025", "by": "rate", "lang": lang},
        title="Ưu tiên",
    )
    tasks = plan_queries.plan_links(engine=engine)["task_code"].nunique()
    at = present(own_url, deck_id)
    assert not at.exception
    assert live_maps(at) == []  # a board, no map
    body = html_text(at)
    headline = next(h.proto.body for h in at.get("html") if "lc-headline" in h.proto.body)
    rows = board_rows(body)
    assert len(rows) == tasks
    met = sum(1 for r in rows if r[-1] == ("Đạt" if lang == "vi" else "Met"))
    said = f"{tasks} nhiệm vụ, mục tiêu: {met} đạt" if lang == "vi" else f"{tasks} tasks and"
    assert said in headline
    if lang == "en":
        assert f"objectives: {met} met" in headline
    assert "Tiến độ &lt;b&gt;kế hoạch&lt;/b&gt;" in body  # the title stays text
    assert body.count("Nguồn:" if lang == "vi" else "Source:") == 1
    at.button(key="present_next").click().run()
    assert not at.exception
    body = html_text(at)
    headline = next(h.proto.body for h in at.get("html") if "lc-headline" in h.proto.body)
    rows = board_rows(body)
    assert len(rows) == boards.FOCUS_SHOWN  # the top ten of 75 communes
    assert [r[0] for r in rows] == [str(i) for i in range(1, 11)]
    rates = [float(r[3].replace(",", ".") if lang == "vi" else r[3]) for r in rows]
    assert rates == sorted(rates)  # lowest rate first
    first = "Tỷ lệ biết chữ mức độ 2 thấp nhất: " if lang == "vi" else "Lowest level-2 literacy: "
    assert f"{first}{rows[0][1]} {rows[0][3]}" in headline  # the lowest unit and its rate
    assert ("Từ 1/7/2025: 75 xã, phường" if lang == "vi" else "75 communes and wards") in body


def test_an_editor_adds_the_plan_board_and_the_focus_ranking(own_url: str, engine: Engine) -> None:
    name = f"Giao ban {next(DECK_NUMBER)}"
    at = app(own_url, role="editor")
    at.run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception
    assert "Thêm vào bài trình chiếu" in [e.label for e in at.expander]
    assert not at.get("selectbox") or all(s.key != "export_map_format" for s in at.selectbox)
    at.selectbox(key="deck_add_deck").set_value("new").run()
    at.text_input(key="deck_add_name").input(name)
    at.text_input(key="deck_add_title").input("Tiến độ")
    at.button(key="deck_add_submit").click().run()
    assert not at.exception
    at.switch_page("pages/focus.py").run()
    assert not at.exception
    at.radio(key="focus_by").set_value("rate").run()
    assert "Thêm vào bài trình chiếu" in [e.label for e in at.expander]
    at.text_input(key="deck_add_title").input("Ưu tiên")
    at.button(key="deck_add_submit").click().run()
    assert not at.exception
    found = decks.decks(engine=engine)
    deck_id = int(found.loc[found["name"] == name, "id"].iloc[0])
    shown = decks.slides(engine=engine, deck_id=deck_id)
    assert [(s.page, s.title) for s in shown] == [("plan", "Tiến độ"), ("focus", "Ưu tiên")]
    assert shown[1].params["by"] == "rate"  # the ranking the page showed


def test_a_focus_slides_link_opens_the_page_with_its_period_and_ranking(own_url: str) -> None:
    at = app(own_url)
    at.run()
    at.query_params.clear()  # a link opened afresh: only its own parameters
    at.query_params.update({"vintage": "post_2025", "period": "2024-2025", "by": "rate"})
    at.switch_page("pages/focus.py").run()
    assert not at.exception
    assert at.selectbox(key="focus_period").value == "2024-2025"  # not the newest, as linked
    assert at.radio(key="focus_by").value == "rate"
    assert dict(at.query_params) == {"vintage": "post_2025", "period": "2024-2025", "by": "rate"}
