"""Decks of saved views, stale views, and the exports read back (PNG, PDF, PPTX, QR, briefs)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine

from dashboard.cli import run
from dashboard.present import boards, decks, statements
from dashboard.present.views import public_url, resolve_view
from dashboard.render import slides
from tests.conftest import engine_for
from tests.factories import ENGLISH_PERIOD_WORDS

FAMILIES = {"indicator": "learning_families_share", "period": "2024"}
BASE = "http://hoctap.example.vn:8501"


@pytest.fixture
def engine(own_url: str) -> Iterator[Engine]:
    e = engine_for(own_url)
    yield e
    e.dispose()


def titles(engine: Engine, deck_id: int) -> list[str]:
    return [s.title for s in decks.slides(engine=engine, deck_id=deck_id)]


def test_slides_are_added_reordered_duplicated_and_deleted(engine: Engine) -> None:
    deck_id = decks.create_deck(engine=engine, name="  Hội nghị   tháng 12 ", user="t")
    assert decks.deck(engine=engine, deck_id=deck_id).name == "Hội nghị tháng 12"  # type: ignore[union-attr]
    ids = [
        decks.add_slide(engine=engine, deck_id=deck_id, page="indicators", params=FAMILIES, title=x)
        for x in ("A", "B", "C")
    ]
    decks.move_slide(engine=engine, slide_id=ids[0], offset=1)
    assert titles(engine, deck_id) == ["B", "A", "C"]
    decks.move_slide(engine=engine, slide_id=ids[1], offset=-1)  # already first: nothing moves
    assert titles(engine, deck_id) == ["B", "A", "C"]
    decks.duplicate_slide(engine=engine, slide_id=ids[0])
    assert titles(engine, deck_id) == ["B", "A", "A", "C"]
    decks.delete_slide(engine=engine, slide_id=ids[1])
    shown = decks.slides(engine=engine, deck_id=deck_id)
    assert [s.title for s in shown] == ["A", "A", "C"]
    assert [s.position for s in shown] == [1, 2, 3]
    assert shown[0].params == FAMILIES
    copy = decks.duplicate_deck(engine=engine, deck_id=deck_id, user="t")
    assert titles(engine, copy) == ["A", "A", "C"]
    decks.rename_deck(engine=engine, deck_id=copy, name="Bản sao")
    decks.delete_deck(engine=engine, deck_id=deck_id)
    assert decks.deck(engine=engine, deck_id=deck_id) is None
    assert decks.slides(engine=engine, deck_id=deck_id) == []
    listed = decks.decks(engine=engine).set_index("id")
    assert listed.loc[copy, "name"] == "Bản sao"
    assert listed.loc[copy, "slides"] == 3


@pytest.mark.parametrize(
    ("page", "title", "expected"),
    [
        ("indicators", "   ", "The title is required."),
        ("data", "Title", "Page 'data' has no map."),
        ("indicators", "x" * 301, "The title is longer than 300 characters."),
    ],
)
def test_bad_slides_are_refused_with_a_bilingual_reason(
    engine: Engine, page: str, title: str, expected: str
) -> None:
    deck_id = decks.create_deck(engine=engine, name=f"Bad input: {page} {title[:9]}", user="t")
    with pytest.raises(decks.DeckError) as refused:
        decks.add_slide(engine=engine, deck_id=deck_id, page=page, params={}, title=title)
    assert refused.value.text("en") == expected
    assert refused.value.text("vi") != expected
    assert decks.slides(engine=engine, deck_id=deck_id) == []


def test_a_stale_view_is_shown_with_notes_saying_what_changed(engine: Engine) -> None:
    view = resolve_view(
        engine=engine,
        page="indicators",
        params={
            "indicator": "literacy_rate_level2_age15_60",
            "period": "2019-2020",  # no figures for that year
            "vintage": "post_2025",
            "units": "118",  # Quỳnh Nhai district: abolished by the 2025 reform
        },
    )
    notes = " ".join(n.text("en") for n in view.notes)
    assert "Period 2019-2020 has no figures" in notes
    assert "Unit 118 no longer exists" in notes
    assert view.units == ()
    assert view.period == "2025-2026"
    removed = resolve_view(engine=engine, page="indicators", params={"indicator": "gone_code"})
    assert "Indicator 'gone_code' is no longer in the catalogue" in removed.notes[0].text("en")


def test_export_map_png_has_print_size_and_dpi(own_url: str, tmp_path: Path) -> None:
    out = tmp_path / "families.png"
    code = run(
        ["export", "map", *_view_args(), "--format", "png", "--out", str(out), "--db", own_url]
    )
    assert code == 0
    image = Image.open(out)
    assert image.size == (3507, 2481)  # A4 landscape at 300 dpi
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def _view_args() -> list[str]:
    return ["--indicator", "learning_families_share", "--period", "2024"]


def test_export_map_pdf_keeps_title_source_and_unit_as_text(own_url: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "families.pdf"
    assert (
        run(["export-map", *_view_args(), "--format", "pdf", "--out", str(out), "--db", own_url])
        == 0
    )
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Tỷ lệ gia đình học tập — 2024" in text  # title, with its diacritics
    assert "Nguồn: Số liệu minh hoạ (mẫu)" in text  # the source line
    assert "Kỳ: 2024" in text
    assert "Tỷ lệ gia đình học tập (%)" in text  # legend in the indicator's unit
    assert "SỐ LIỆU MẪU" in text  # the sample mark


def test_export_map_refuses_a_period_without_figures(own_url: str, tmp_path: Path) -> None:
    out = tmp_path / "none.png"
    args = ["--indicator", "learning_families_share", "--period", "1999"]
    assert run(["export-map", *args, "--out", str(out), "--db", own_url]) == 2
    assert not out.exists()


@pytest.fixture
def conference(engine: Engine) -> Iterator[int]:
    """A deck of three slides: a plain view, a stale view, a before/after-the-reform split."""
    deck_id = decks.create_deck(engine=engine, name="Hội nghị <b>2025</b>", user="t")
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="indicators",
        params={**FAMILIES, "lang": "vi"},
        title="Gia đình học tập <script>alert(1)</script>",
        note="Nhấn mạnh <i>Mộc Châu</i>",
    )
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="indicators",
        params={"indicator": "literacy_rate_level2_age15_60", "period": "1999", "lang": "vi"},
        title="Biết chữ",
        note="",
    )
    decks.add_slide(
        engine=engine,
        deck_id=deck_id,
        page="indicators",
        params={**FAMILIES, "lang": "vi"},
        title="Trước và sau sắp xếp",
        note="So sánh",
        kind="split",
        split_params={**FAMILIES, "period": "2025", "vintage": "post_2025", "lang": "vi"},
    )
    yield deck_id
    decks.delete_deck(engine=engine, deck_id=deck_id)  # its name is free for the next test


def test_deck_pptx_has_one_slide_per_view_with_titles_and_notes(
    engine: Engine, conference: int, tmp_path: Path
) -> None:
    from pptx import Presentation

    out = tmp_path / "deck.pptx"
    assert (
        slides.deck_pptx(engine=engine, deck_id=conference, lang=None, base_url=BASE, out=out) == 3
    )
    deck_file = Presentation(str(out))
    assert [s.shapes.title.text for s in deck_file.slides] == [
        "Gia đình học tập <script>alert(1)</script>",  # HTML stays text
        "Biết chữ",
        "Trước và sau sắp xếp",
    ]
    notes = [s.notes_slide.notes_text_frame.text for s in deck_file.slides]
    assert notes == ["Nhấn mạnh <i>Mộc Châu</i>", "", "So sánh"]
    texts = [
        " ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
        for s in deck_file.slides
    ]
    assert all("Nguồn:" in t for t in texts)
    assert "Kỳ 1999 không có số liệu" in texts[1]  # the stale slide says so


def test_the_qr_code_on_a_slide_decodes_to_its_public_view(
    engine: Engine, conference: int, tmp_path: Path
) -> None:
    import zxingcpp
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    out = tmp_path / "deck.pptx"
    slides.deck_pptx(engine=engine, deck_id=conference, lang=None, base_url=BASE, out=out)
    first = Presentation(str(out)).slides[0]
    pictures = [s for s in first.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    decoded = [
        r.text
        for p in pictures
        for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(p.image.blob)))
    ]
    expected = f"{BASE}/indicators?indicator=learning_families_share&lang=vi&period=2024"
    assert expected == public_url(
        base_url=BASE, page="indicators", params={**FAMILIES, "lang": "vi"}
    )
    assert decoded == [expected]


def test_a_deck_without_qr_codes_has_only_the_map_picture(
    engine: Engine, conference: int, tmp_path: Path
) -> None:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    decks.set_show_qr(engine=engine, deck_id=conference, show_qr=False)
    out = tmp_path / "deck.pptx"
    slides.deck_pptx(engine=engine, deck_id=conference, lang=None, base_url=BASE, out=out)
    first = Presentation(str(out)).slides[0]
    assert sum(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in first.shapes) == 1


def test_deck_pdf_cli_has_a_page_per_slide_and_refuses_empty_or_unknown_decks(
    engine: Engine, own_url: str, conference: int, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "deck.pdf"
    args = ["deck", "export", str(conference), "--format", "pdf", "--db", own_url]
    assert run([*args, "--out", str(out)]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    first = reader.pages[0].extract_text()
    assert "Gia đình học tập <script>alert(1)</script>" in first
    assert "Nguồn:" in first
    assert "Trước 1/7/2025" in reader.pages[2].extract_text()  # the split's two captions
    assert "Từ 1/7/2025" in reader.pages[2].extract_text()
    empty = decks.create_deck(engine=engine, name="Trống", user="t")
    for deck_id in (empty, 987654):
        bad = tmp_path / f"{deck_id}.pdf"
        assert run(["deck", "export", str(deck_id), "--out", str(bad), "--db", own_url]) == 2
        assert not bad.exists()


def test_deck_new_cli_is_all_or_nothing(engine: Engine, own_url: str) -> None:
    before = len(decks.decks(engine=engine))
    bad = ["--slide", "indicators?indicator=x", "--title", "A", "--slide", "data", "--title", "B"]
    assert run(["deck", "new", "Hỏng", *bad, "--db", own_url]) == 2
    assert len(decks.decks(engine=engine)) == before


def test_brief_for_one_district_lists_its_figures_and_sources(own_url: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    assert run(["brief", "118", "--out", str(tmp_path), "--db", own_url]) == 0
    (pdf,) = tmp_path.glob("*.pdf")
    assert pdf.name == "118_quynh-nhai.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == pytest.approx(595.4, abs=1)  # A4 portrait
    text = reader.pages[0].extract_text()
    assert "Tóm tắt: Huyện Quỳnh Nhai" in text
    assert "Chuẩn xoá mù chữ" in text
    assert "Nguồn" in text
    assert "Trung tâm học tập cộng đồng:" in text
    assert run(["brief", "99999", "--out", str(tmp_path / "x"), "--db", own_url]) == 2


def test_brief_all_writes_12_district_briefs(own_url: str, tmp_path: Path) -> None:
    assert run(["brief", "--all", "--out", str(tmp_path), "--db", own_url]) == 0
    assert len(list(tmp_path.glob("*.pdf"))) == 12


def test_brief_all_writes_75_commune_briefs_for_the_2025_vintage(
    own_url: str, backend: str, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("75 PDFs once is enough: the queries are the district test's, on both backends")
    args = ["brief", "--all", "--vintage", "post_2025", "--lang", "en"]
    assert run([*args, "--out", str(tmp_path), "--db", own_url]) == 0
    assert len(list(tmp_path.glob("*.pdf"))) == 75


def test_the_legend_has_a_no_data_class_only_when_a_unit_lacks_a_figure(engine: Engine) -> None:
    import dataclasses

    from pypdf import PdfReader

    from dashboard.present.views import map_figures
    from dashboard.render import maps

    view = resolve_view(engine=engine, page="indicators", params=FAMILIES)
    full = map_figures(engine=engine, view=view)
    gap = full.values.copy()
    gap.loc[gap["gso_code"] == "118", "value"] = float("nan")
    texts = []
    for figures in (full, dataclasses.replace(full, values=gap)):
        out = io.BytesIO()
        geometry = maps.map_geometry(engine=engine, vintage=view.vintage)
        maps.save(maps.map_figure(figures, geometry, lang="vi"), out, fmt="pdf")
        texts.append(PdfReader(out).pages[0].extract_text())
    assert "Không có số liệu" not in texts[0]
    assert "Không có số liệu" in texts[1]


def test_a_deck_name_another_deck_has_is_refused_in_both_languages(engine: Engine) -> None:
    import unicodedata

    first = decks.create_deck(engine=engine, name="Giao ban tháng 3", user="t")
    other = decks.create_deck(engine=engine, name="Giao ban tháng 4", user="t")
    decomposed = unicodedata.normalize("NFD", "  GIAO BAN   THÁNG 3 ")
    for attempt in (
        lambda: decks.create_deck(engine=engine, name=decomposed, user="t"),
        lambda: decks.rename_deck(engine=engine, deck_id=other, name="giao ban tháng 3"),
    ):
        with pytest.raises(decks.DeckError) as refused:
            attempt()
        assert refused.value.text("vi") == (
            'Đã có bài trình chiếu tên "Giao ban tháng 3". Hãy chọn một tên khác.'
        )
        assert refused.value.text("en") == (
            'There is already a deck named "Giao ban tháng 3". Choose another name.'
        )
    decks.rename_deck(engine=engine, deck_id=first, name="GIAO BAN tháng 3")  # its own name
    copies = [decks.duplicate_deck(engine=engine, deck_id=first, user="t") for _ in range(2)]
    assert [decks.deck(engine=engine, deck_id=c).name for c in copies] == [  # type: ignore[union-attr]
        "GIAO BAN tháng 3 (2)",
        "GIAO BAN tháng 3 (3)",
    ]
    names = decks.decks(engine=engine)["name"].map(decks.name_key)
    assert not names.duplicated().any()


@pytest.mark.parametrize("text", ["x" * 100_000, "<b>" * 40_000])
def test_a_100_kb_title_or_note_gets_a_clear_message(
    engine: Engine, own_url: str, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    deck_id = decks.create_deck(engine=engine, name=f"Dài {len(text)}", user="t")
    with pytest.raises(decks.DeckError) as long_title:
        decks.add_slide(engine=engine, deck_id=deck_id, page="overview", params={}, title=text)
    assert long_title.value.text("vi") == "Tiêu đề dài quá 300 ký tự."
    with pytest.raises(decks.DeckError) as long_note:
        decks.add_slide(
            engine=engine, deck_id=deck_id, page="overview", params={}, title="A", note=text
        )
    assert long_note.value.text("en") == "The note is longer than 5000 characters."
    before = len(decks.decks(engine=engine))
    args = ["deck", "new", f"Dài CLI {len(text)}", "--slide", "overview", "--title", text]
    assert run([*args, "--db", own_url]) == 2
    assert "The title is longer than 300 characters." in capsys.readouterr().err
    assert len(decks.decks(engine=engine)) == before


def test_deck_export_and_present_take_a_name_or_an_id(
    engine: Engine,
    own_url: str,
    conference: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pptx import Presentation

    for value in ("Hội nghị <b>2025</b>", "hoi nghi <B>2025</b>", str(conference)):
        out = tmp_path / "by_name.pptx"
        assert run(["deck", "export", value, "--out", str(out), "--db", own_url]) == 0
        assert len(Presentation(str(out)).slides) == 3
    capsys.readouterr()
    assert run(["deck", "present", "HỘI NGHỊ <b>2025</b>", "--db", own_url]) == 0
    assert capsys.readouterr().out.strip().endswith(f"/present?deck={conference}&slide=1")
    missing = tmp_path / "missing.pptx"
    assert run(["deck", "export", "Không có", "--out", str(missing), "--db", own_url]) == 2
    assert "unknown deck 'Không có'" in capsys.readouterr().err
    assert not missing.exists()
    assert run(["deck", "present", "Không có", "--db", own_url]) == 2


def test_pptx_slide_text_is_in_the_chosen_language(
    engine: Engine, conference: int, tmp_path: Path
) -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    deck_id = decks.create_deck(engine=engine, name="Biết chữ theo kỳ", user="t")
    literacy = {"indicator": "literacy_rate_level2_age15_60", "lang": "vi"}
    decks.add_slide(engine=engine, deck_id=deck_id, page="indicators", params=literacy, title="A")
    texts = {}
    for lang in ("vi", "en"):
        out = tmp_path / f"{lang}.pptx"
        slides.deck_pptx(engine=engine, deck_id=deck_id, lang=lang, base_url=BASE, out=out)
        (page,) = Presentation(str(out)).slides
        texts[lang] = " ".join(s.text_frame.text for s in page.shapes if s.has_text_frame)
    pdf = tmp_path / "vi.pdf"
    slides.deck_pdf(engine=engine, deck_id=deck_id, lang="vi", base_url=BASE, out=pdf)
    in_pdf = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    for text in (texts["vi"], in_pdf):
        assert "Kỳ: năm học 2024-2025 (báo cáo ngày 31/10/2025; năm suy ra)" in text
        (period,) = re.findall(r"Kỳ: [^·]*", text)
        assert not ENGLISH_PERIOD_WORDS.search(period), period
    assert "Toàn tỉnh" in texts["vi"]
    assert not [w for w in ("school year", "reported", "inferred", "Source") if w in texts["vi"]]
    assert "Period: 2024-2025 school year (reported 31 Oct 2025; year inferred)" in texts["en"]
    assert "Province" in texts["en"] and "Nguồn" not in texts["en"]


def test_html_and_dollar_signs_in_a_title_stay_text_in_the_pdf(
    engine: Engine, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    title = "<b>Giá</b> $\\frac{1}{2}$ từ $5 đến $10 <script>x</script>"
    deck_id = decks.create_deck(engine=engine, name="Ký hiệu", user="t")
    decks.add_slide(engine=engine, deck_id=deck_id, page="indicators", params=FAMILIES, title=title)
    out = tmp_path / "signs.pdf"
    slides.deck_pdf(engine=engine, deck_id=deck_id, lang="vi", base_url=BASE, out=out)
    assert title in PdfReader(out).pages[0].extract_text()


def slide_of(page: str, params: dict[str, str], title: str = "T") -> decks.SlideInfo:
    return decks.SlideInfo(
        id=0, deck_id=0, position=1, page=page, params=params, title=title, note=""
    )


def figures_of(engine: Engine, page: str, params: dict[str, str]) -> slides.RenderedSlide:
    return slides.slide_figures(
        engine=engine, slide=slide_of(page, params), lang="vi", base_url=BASE
    )


def test_a_commune_slide_headline_names_its_lowest_and_highest_commune(engine: Engine) -> None:
    rendered = figures_of(
        engine, "indicators", {**FAMILIES, "vintage": "post_2025", "period": "2025"}
    )
    values = rendered.figures.values.dropna(subset=["value"]).sort_values("value")
    said = statements.headline(rendered.figures, target=70.0, lang="vi")
    lowest, highest = values.iloc[0], values.iloc[-1]
    assert said.text.startswith(f"Thấp nhất: {lowest['name']} ")
    assert f"cao nhất: {highest['name']} " in said.text
    assert "Toàn tỉnh" not in said.text  # never the province's figure
    assert said.target == "mục tiêu 2025: 70 %"
    english = statements.headline(rendered.figures, target=None, lang="en")
    assert english.text.startswith("Lowest: ") and english.target == ""


def test_a_slide_ranking_lists_the_top_and_bottom_three_of_twelve_districts(
    engine: Engine,
) -> None:
    rows = statements.top_and_bottom(figures_of(engine, "indicators", FAMILIES).figures, lang="vi")
    assert [r.rank for r in rows] == [1, 2, 3, 10, 11, 12]
    assert all(r.value.endswith("%") for r in rows)


def test_a_slide_whose_indicator_or_figures_are_gone_says_so_in_both_languages(
    engine: Engine,
) -> None:
    gone = {"indicator": "no_such_indicator", "period": "2024"}
    view = resolve_view(engine=engine, page="indicators", params=gone)
    note = statements.unavailable(slide_of("indicators", gone), view)
    assert note is not None
    assert "no_such_indicator" in note.vi and "không vẽ bản đồ" in note.vi
    assert "no map is drawn" in note.en
    without = {"indicator": "community_learning_centres_using_it_share"}  # no figures at all
    view = resolve_view(engine=engine, page="indicators", params=without)
    assert statements.unavailable(slide_of("indicators", without), view) is not None
    view = resolve_view(engine=engine, page="indicators", params=FAMILIES)
    assert statements.unavailable(slide_of("indicators", FAMILIES), view) is None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_deck_of_plan_and_focus_slides_exports_their_board_and_ranking(
    engine: Engine, tmp_path: Path, lang: str
) -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    deck_id = decks.create_deck(engine=engine, name=f"Bảng {lang}", user="t")
    decks.add_slide(engine=engine, deck_id=deck_id, page="plan", params={}, title="Tiến độ")
    focus = {"vintage": "post_2025", "by": "rate"}
    decks.add_slide(engine=engine, deck_id=deck_id, page="focus", params=focus, title="Ưu tiên")
    plan_board = boards.board(engine=engine, page="plan", params={}, lang=lang)
    ranking = boards.board(engine=engine, page="focus", params=focus, lang=lang)
    pdf = tmp_path / "boards.pdf"
    assert slides.deck_pdf(engine=engine, deck_id=deck_id, lang=lang, base_url=BASE, out=pdf) == 2
    plan_page, focus_page = (p.extract_text() for p in PdfReader(pdf).pages)
    first_task = plan_board.rows[0].cells[0]
    assert first_task[:30] in plan_page and plan_board.headline in plan_page
    assert ("Chưa có số liệu" if lang == "vi" else "No figures") in plan_page  # a status
    assert ranking.rows[0].cells[1] in focus_page and ranking.headline in focus_page
    assert ("Tỷ lệ biết chữ mức độ 2" if lang == "vi" else "Level-2 literacy") in focus_page
    assert ("Nguồn:" if lang == "vi" else "Source:") in focus_page
    assert ("Source:" if lang == "vi" else "Nguồn:") not in plan_page + focus_page
    pptx = tmp_path / "boards.pptx"
    assert slides.deck_pptx(engine=engine, deck_id=deck_id, lang=lang, base_url=BASE, out=pptx) == 2
    texts = [
        " ".join(s.text_frame.text for s in page.shapes if s.has_text_frame)
        for page in Presentation(str(pptx)).slides
    ]
    assert plan_board.headline in texts[0] and ranking.headline in texts[1]
    assert ranking.source_line in texts[1]
