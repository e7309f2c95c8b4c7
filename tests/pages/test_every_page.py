"""Across every page: one language on screen, and selections kept from page to page."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import app, figure_cards, figure_themes, open_in
from tests.factories import ENGLISH_PERIOD_WORDS

PAGES = [
    "pages/overview.py",
    "pages/indicators.py",
    "pages/learning_city.py",
    "pages/profile.py",
    "pages/facilities.py",
    "pages/plan.py",
    "pages/focus.py",
    "pages/recognitions.py",
    "pages/framework.py",
    "pages/sources.py",
]


# Interface words only one language uses. Data (unit and facility names, source titles and
# notes) is left out of the scan: it is shown as published.
VIETNAMESE_ONLY = [
    "Chỉ tiêu",
    "Nguồn",
    "Kỳ",
    "Mục tiêu",
    "Giá trị",
    "Đơn vị",
    "không",
    "năm học",
    "báo cáo",
    "gần đúng",
    "mẫu minh hoạ",
    "MẪU MINH HOẠ",
    "Chọn",
    "Số liệu",
    "Hạng",
    "Thấp nhất",
    "điểm %",
    "Xếp hạng",
    "Phân lớp",
    "Địa giới",
    "Giấy phép",
    "nghìn tỷ",
    "học sinh",
]


ENGLISH_ONLY = [
    "Choose",
    "approximate",
    "sample",
    "trillion",
    "students",
    "year",
    "publisher",
    "school year",
    "meeting of",
    "inferred",
    "Indicator",
    "Period",
    "Source",
    "Value",
    "Target",
    "None",
    "Rank",
    "Lowest",
]


RAW_HEADERS = {
    "name",
    "value",
    "target_2025",
    "gap_2025",
    "period_label",
    "period_detail",
    "source_title",
}


LINK = re.compile(r"\[(?:[^\]\\]|\\.)*\]\(<?[^)]*>?\)")


def interface_text(at: AppTest) -> list[str]:
    """Every string of the interface: titles, text, notices, labels, options, headers."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption"):
        texts += [LINK.sub("", e.value) for e in at.get(kind)]
    for kind in ("info", "warning", "success", "error"):
        texts += [LINK.sub("", e.value) for e in at.get(kind)]
    texts += [m.label for m in at.metric] + figure_themes(at)
    texts += [text for card in figure_cards(at).items() for text in (card[0], *card[1].values())]
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in at.get(kind):
            if widget.label == "Ngôn ngữ / Language":
                continue
            texts.append(widget.label)
            texts += [str(o) for o in widget.options]
            empty = widget.value in (None, []) if kind != "radio" else False
            if empty:
                # an empty box shows its placeholder; none given, Streamlit's English one
                texts.append(widget.proto.placeholder or "Choose options")
    texts += [c.label for c in at.checkbox] + [t.label for t in at.text_input]
    for frame in at.dataframe:
        texts += shown_headers(frame)
    return texts


def shown_headers(frame: object) -> list[str]:
    """Column headers as the reader sees them (a column_config label replaces the name)."""
    config = json.loads(frame.proto.columns or "{}")  # type: ignore[attr-defined]
    return [
        str(config.get(str(c), {}).get("label") or c)
        for c in frame.value.columns  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_show_no_vietnamese_interface_words(seeded_url: str, page: str) -> None:
    at = open_in(seeded_url, page, "en")
    found = {
        word
        for text in interface_text(at)
        for word in VIETNAMESE_ONLY
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    }
    assert not found, f"{page}: {sorted(found)}"


@pytest.mark.parametrize("page", PAGES)
def test_vietnamese_pages_show_no_english_interface_words(seeded_url: str, page: str) -> None:
    at = open_in(seeded_url, page, "vi")
    texts = interface_text(at)
    found = {
        word
        for text in texts
        for word in ENGLISH_ONLY
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    }
    assert not found, f"{page}: {sorted(found)}"
    assert at.title and at.title[0].value in " ".join(texts)  # the scan reads the page
    headers = {c for frame in at.dataframe for c in shown_headers(frame)}
    assert not headers & RAW_HEADERS, f"{page}: raw headers {sorted(headers & RAW_HEADERS)}"
    periods = [
        str(cell)
        for frame in at.dataframe
        for column, header in zip(frame.value.columns, shown_headers(frame), strict=True)
        if header == "Kỳ"
        for cell in frame.value[column]
    ]
    assert not [p for p in periods if ENGLISH_PERIOD_WORDS.search(p)], f"{page}: {periods}"


def test_vintage_is_kept_from_page_to_page(seeded_url: str) -> None:
    at = app(seeded_url).run()
    at.radio(key="overview_vintage").set_value("post_2025").run()
    for page, key in (
        ("pages/indicators.py", "ind_vintage"),
        ("pages/facilities.py", "fac_vintage"),
        ("pages/profile.py", "prof_vintage"),
    ):
        at.switch_page(page).run()
        assert not at.exception
        assert at.radio(key=key).value == "post_2025", page


def test_switching_language_keeps_every_selection(seeded_url: str) -> None:
    at = app(seeded_url).run()
    at.radio(key="overview_vintage").set_value("post_2025").run()
    at.selectbox(key="overview_indicator").set_value("learning_families_share").run()
    period = at.selectbox(key="overview_period").value
    at.radio(key="lang_radio").set_value("en").run()
    assert not at.exception
    assert at.radio(key="overview_vintage").value == "post_2025"
    assert at.radio(key="overview_vintage").options[1] == "From 1 Jul 2025: 75 communes and wards"
    indicator = at.selectbox(key="overview_indicator")
    assert indicator.value == "learning_families_share"
    assert indicator.label == "Indicator"
    assert "Learning families (share of households)" in indicator.options
    assert at.selectbox(key="overview_period").value == period
