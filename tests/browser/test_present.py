"""The Present page in Debian's Chromium: each slide is the live map across the screen (names on
it, the legend beside it), at 1920×1080, 1366×768 and 1280×720; keys move between slides."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from tests import browser_support
from tests.browser_support import (
    ARTIFACTS,
    FOLIUM_IFRAME,
    LOCAL_HOSTS,
    MAP_TIMEOUT_MS,
    save_screenshot,
    screenshot_on_failure,
    serve_app,
)

pytestmark = pytest.mark.browser
chromium = browser_support.chromium

DECK = [
    "deck",
    "new",
    "Hội nghị",
    "--slide",
    "indicators?indicator=learning_families_share&period=2024",
    "--title",
    "Gia đình học tập",
    "--slide",
    "indicators?indicator=learning_citizens_share&period=2024",
    "--title",
    "Công dân học tập",
    "--slide",
    "indicators?indicator=learning_families_share&period=2025&vintage=post_2025",
    "--title",
    "Gia đình học tập theo xã",
    "--slide",
    "facilities",
    "--title",
    "Mạng lưới cơ sở",
    "--slide",
    "profile?unit=118",
    "--title",
    "Hồ sơ Quỳnh Nhai",
]
BOARDS = [  # deck 2: the Plan tracker's status board, then the Focus page's ranking
    "deck",
    "new",
    "Kế hoạch và ưu tiên",
    "--slide",
    "plan",
    "--title",
    "Tiến độ kế hoạch",
    "--slide",
    "focus?by=rate&vintage=post_2025",
    "--title",
    "Nơi cần xoá mù chữ trước",
]
DISTRICTS = {
    "Quỳnh Nhai",
    "Thuận Châu",
    "Mường La",
    "Bắc Yên",
    "Phù Yên",
    "Mai Sơn",
    "Sông Mã",
    "Sốp Cộp",
    "Yên Châu",
    "Mộc Châu",
    "Vân Hồ",
    "Sơn La",
}
SCREENS = [(1920, 1080), (1366, 768), (1280, 720)]

# What the slide's page shows: its map frames, the legend column, and whether the page scrolls.
LAYOUT_JS = """
() => {
    const rect = (el) => { const r = el.getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                width: r.width, height: r.height}; };
    const main = document.querySelector('[data-testid="stMain"]');
    const frames = [...document.querySelectorAll("iframe[title*='streamlit_folium']")];
    const legend = document.querySelector(".lc-legend-box");
    return {
        frames: frames.map(rect),
        legend: legend ? rect(legend) : null,
        scrolls: main.scrollHeight > main.clientHeight + 1 ||
            document.documentElement.scrollHeight > window.innerHeight + 1,
    };
}
"""

# Each map frame, read from the page (same origin): the unit names shown inside the map, whether
# a legend is drawn on the map, the facility markers drawn, and the Leaflet container's size.
FRAMES_JS = """
() => [...document.querySelectorAll("iframe[title*='streamlit_folium']")].map((frame) => {
    const w = frame.contentWindow, d = frame.contentDocument;
    if (!w || !d || typeof w.L === "undefined") return null;
    const m = w.map_div instanceof w.L.Map ? w.map_div : w.map;
    if (!(m instanceof w.L.Map)) return null;
    let markers = 0;
    m.eachLayer((layer) => {
        const p = layer.feature && layer.feature.properties;
        if (p && p.kind && layer._path && layer._path.isConnected) markers += 1;
    });
    const box = m.getContainer().getBoundingClientRect();
    const names = [...d.querySelectorAll(".lc-unit-name")].filter((el) => {
        const r = el.getBoundingClientRect();
        return el.style.visibility !== "hidden" && r.width > 0 && r.left >= box.left &&
            r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
    }).map((el) => el.textContent);
    return {names: names, legendOnMap: !!d.querySelector(".lc-legend"), markers: markers,
            width: box.width, height: box.height};
})
"""


@pytest.fixture(scope="module")
def present_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard with a five-slide deck of maps (id 1) and a deck of two boards (id 2)."""
    with serve_app(tmp_path_factory, name="browser_present", setup=[DECK, BOARDS]) as base:
        yield base


def offline(chromium: Any, width: int, height: int) -> tuple[Any, Any, list[str]]:
    """A page of `width`×`height` that may reach only this machine; outside requests recorded."""
    from urllib.parse import urlsplit

    outside: list[str] = []
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="vi-VN")

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname in LOCAL_HOSTS:
            r.fallback()
        else:
            outside.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    return context, context.new_page(), outside


@pytest.fixture
def screen(chromium: Any) -> Iterator[tuple[Any, list[str]]]:
    """A 1920×1080 page that may reach only this machine; outside requests are recorded."""
    context, page, outside = offline(chromium, 1920, 1080)
    try:
        yield page, outside
    finally:
        context.close()


def count(page: Any) -> str:
    return str(page.locator(".lc-count").inner_text())


def drawn(page: Any, n_maps: int = 1, *, want: str = "names") -> list[dict[str, Any]]:
    """Each map frame's state once every frame has its names (or markers) drawn and laid out."""
    deadline = time.monotonic() + MAP_TIMEOUT_MS / 1000
    states: list[Any] = []
    while time.monotonic() < deadline:
        states = page.evaluate(FRAMES_JS)
        if len(states) == n_maps and all(s and s[want] for s in states):
            time.sleep(0.6)  # the opening fit and the names' placement settle
            return list(page.evaluate(FRAMES_JS))
        time.sleep(0.1)
    raise AssertionError(f"{n_maps} map(s) with {want} not drawn: {states}")


def open_slide(page: Any, base: str, n: int, *, want: str = "names") -> list[dict[str, Any]]:
    page.goto(f"{base}/present?deck=1&slide={n}")
    page.locator(".lc-headline").wait_for(timeout=MAP_TIMEOUT_MS)
    page.locator(FOLIUM_IFRAME).first.wait_for(timeout=MAP_TIMEOUT_MS)
    return drawn(page, want=want)


CARD_ROWS_CUT_JS = """() => {
  const side = document.querySelector('.lc-side').getBoundingClientRect();
  const card = document.querySelector('.lc-card').getBoundingClientRect();
  const bottom = Math.min(side.bottom, card.bottom, window.innerHeight);
  return [...document.querySelectorAll('.lc-card-row')]
    .filter(r => r.getBoundingClientRect().bottom > bottom + 1)
    .map(r => r.innerText.split('\\n')[0]);
}"""


def keep(page: Any, name: str) -> None:
    (ARTIFACTS / "present").mkdir(parents=True, exist_ok=True)
    save_screenshot(page, f"present/{name}")


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_district_slide_is_the_named_live_map_filling_the_screen(
    present_url: str, chromium: Any, width: int, height: int
) -> None:
    context, page, outside = offline(chromium, width, height)
    try:
        with screenshot_on_failure(page, f"present-{width}x{height}"):
            (state,) = open_slide(page, present_url, 1)
            assert set(state["names"]) >= DISTRICTS  # the 12 names, as text, inside the map
            assert not state["legendOnMap"]
            layout = page.evaluate(LAYOUT_JS)
            (frame,) = layout["frames"]
            assert frame["width"] * frame["height"] >= 0.75 * width * height
            assert not layout["scrolls"]
            legend = layout["legend"]  # beside the map, not over it
            assert legend["left"] >= frame["right"] or legend["right"] <= frame["left"]
            assert legend["bottom"] <= height
            assert "Thấp nhất: " in page.locator(".lc-headline").inner_text()
            assert "Nguồn:" in page.locator(".lc-source").inner_text()
            if width != 1280:
                keep(page, f"district-{width}x{height}")
            # The controls show when the pointer moves, wholly on screen, and hide 3 s later.
            controls = page.locator(".st-key-present_controls")
            page.mouse.move(width / 2, height / 2)
            page.mouse.move(width / 2 + 40, height / 2 + 20)
            page.wait_for_function(
                "getComputedStyle(document.querySelector('.st-key-present_controls'))"
                ".opacity === '1'"
            )
            box = controls.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= height
            for name in ("first", "previous", "next", "last", "exit"):
                button = page.locator(f".st-key-present_{name} button").bounding_box()
                assert button["y"] + button["height"] <= height
            page.wait_for_function(
                "getComputedStyle(document.querySelector('.st-key-present_controls'))"
                ".opacity === '0'",
                timeout=6000,
            )
            assert outside == []
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), SCREENS[:2])
def test_a_commune_slide_names_communes_in_its_headline_and_on_its_map(
    present_url: str, chromium: Any, width: int, height: int
) -> None:
    context, page, _ = offline(chromium, width, height)
    try:
        with screenshot_on_failure(page, f"present-communes-{width}x{height}"):
            (state,) = open_slide(page, present_url, 3)
            headline = page.locator(".lc-headline").inner_text()
            lowest = headline.split("Thấp nhất: ")[1].split(" · ")[0].rsplit(" ", 2)[0]
            highest = headline.split("cao nhất: ")[1].split(" · ")[0].rsplit(" ", 2)[0]
            assert lowest in state["names"] and highest in state["names"]
            assert 20 <= len(state["names"]) < 75  # the names that fit, never all 75 piled up
            layout = page.evaluate(LAYOUT_JS)
            (frame,) = layout["frames"]
            assert frame["width"] * frame["height"] >= 0.75 * width * height
            assert not layout["scrolls"]
            keep(page, f"commune-{width}x{height}")
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), SCREENS[1:])
def test_a_profile_slide_shows_the_units_card_without_scrolling(
    present_url: str, chromium: Any, width: int, height: int
) -> None:
    context, page, _ = offline(chromium, width, height)
    try:
        with screenshot_on_failure(page, f"present-profile-{width}x{height}"):
            (state,) = open_slide(page, present_url, 5)
            assert "Quỳnh Nhai" in state["names"]
            assert "Mục tiêu 2025" in page.locator(".lc-card").inner_text()
            layout = page.evaluate(LAYOUT_JS)
            assert not layout["scrolls"]
            # every figure of the card is whole on screen: none cut by the card or the side
            cut = page.evaluate(CARD_ROWS_CUT_JS)
            assert cut == [], f"card rows cut off at {width}x{height}: {cut}"
            keep(page, f"profile-{width}x{height}")
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), SCREENS[:2])
def test_a_facilities_slide_draws_its_facility_markers(
    present_url: str, chromium: Any, width: int, height: int
) -> None:
    context, page, _ = offline(chromium, width, height)
    try:
        with screenshot_on_failure(page, f"present-facilities-{width}x{height}"):
            (state,) = open_slide(page, present_url, 4, want="markers")
            assert state["markers"] >= 100
            assert not state["legendOnMap"]
            assert "Trung tâm học tập cộng đồng" in page.locator(".lc-legend-box").inner_text()
            assert "Số cơ sở trên bản đồ" in page.locator(".lc-headline").inner_text()
            keep(page, f"facilities-{width}x{height}")
    finally:
        context.close()


def test_keys_move_between_slides_and_the_qr_code_opens_the_view(
    present_url: str, screen: tuple[Any, list[str]]
) -> None:
    page, outside = screen
    with screenshot_on_failure(page, "present"):
        open_slide(page, present_url, 1)
        headline = page.locator(".lc-headline")
        size = float(headline.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert size >= 48
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        assert not page.locator("[data-testid='stHeader']").is_visible()
        assert "Trang 1/5" in count(page)
        qr = page.locator(".lc-qr img")
        assert qr.is_visible()
        decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))]
        assert len(decoded) == 1
        assert decoded[0].endswith("/indicators?indicator=learning_families_share&period=2024")
        assert decoded[0].startswith("http://")

        page.locator(".st-key-present_next button").wait_for(timeout=MAP_TIMEOUT_MS)
        for key, expected in (
            ("ArrowRight", "Trang 2/5"),
            ("ArrowLeft", "Trang 1/5"),
            ("PageDown", "Trang 2/5"),
            ("PageUp", "Trang 1/5"),
            ("End", "Trang 5/5"),
            ("Home", "Trang 1/5"),
        ):
            page.keyboard.press(key)
            page.locator(".lc-count", has_text=expected).wait_for(timeout=MAP_TIMEOUT_MS)
            assert page.url.endswith(f"slide={expected[-3]}")  # the deck URL follows
        # A click on the map gives it the keyboard; → still moves to the next slide.
        frame = page.locator(FOLIUM_IFRAME).first.bounding_box()
        page.mouse.click(frame["x"] + 30, frame["y"] + frame["height"] - 60)
        page.keyboard.press("ArrowRight")
        page.locator(".lc-title", has_text="Công dân học tập").wait_for(timeout=MAP_TIMEOUT_MS)
        page.locator(".lc-count", has_text="Trang 2/5").wait_for(timeout=MAP_TIMEOUT_MS)
        page.keyboard.press("Escape")
        page.wait_for_url("**/decks**", timeout=MAP_TIMEOUT_MS)
        assert outside == []


# A board slide as shown: its box, its last row (every row is on screen, none cut off), the
# type size of its cells, and whether the page scrolls.
BOARD_JS = """
() => {
    const rect = (el) => { const r = el.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, width: r.width, height: r.height}; };
    const main = document.querySelector('[data-testid="stMain"]');
    const board = document.querySelector(".lc-board");
    const rows = board.querySelectorAll("tbody tr");
    return {
        board: rect(board),
        rows: rows.length,
        last: rect(rows[rows.length - 1]),
        font: parseFloat(getComputedStyle(board.querySelector("td")).fontSize),
        cut: [...board.querySelectorAll("td"), document.querySelector(".lc-headline")]
            .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
        frames: document.querySelectorAll("iframe[title*='streamlit_folium']").length,
        scrolls: main.scrollHeight > main.clientHeight + 1 ||
            document.documentElement.scrollHeight > window.innerHeight + 1,
    };
}
"""


@pytest.mark.parametrize(("width", "height"), SCREENS[:2])
def test_plan_and_focus_slides_fill_the_screen_with_their_board_and_ranking(
    present_url: str, chromium: Any, width: int, height: int
) -> None:
    context, page, outside = offline(chromium, width, height)
    try:
        with screenshot_on_failure(page, f"present-boards-{width}x{height}"):
            page.goto(f"{present_url}/present?deck=2&slide=1")
            page.locator(".lc-board").wait_for(timeout=MAP_TIMEOUT_MS)
            page.locator(".lc-title", has_text="Tiến độ kế hoạch").wait_for()
            assert "14 nhiệm vụ, mục tiêu: " in page.locator(".lc-headline").inner_text()
            for name, rows in (("plan", 14), ("focus", 10)):
                time.sleep(0.5)  # the board takes the height below the headline
                state = page.evaluate(BOARD_JS)
                assert state["rows"] == rows and state["frames"] == 0  # a board, no map
                assert state["last"]["bottom"] <= state["board"]["bottom"] + 1  # none cut off
                assert state["board"]["bottom"] <= height
                assert state["board"]["height"] >= 0.75 * height  # it fills the screen
                assert state["font"] >= 18  # large type
                assert state["cut"] == []  # no name, title or headline cut short
                assert not state["scrolls"]
                assert "Nguồn:" in page.locator(".lc-source").inner_text()
                keep(page, f"{name}-{width}x{height}")
                if name == "plan":
                    page.locator(".st-key-present_next button").wait_for(timeout=MAP_TIMEOUT_MS)
                    page.keyboard.press("ArrowRight")
                    page.locator(".lc-title", has_text="Nơi cần xoá mù chữ trước").wait_for(
                        timeout=MAP_TIMEOUT_MS
                    )
                    page.locator(".lc-board").wait_for(timeout=MAP_TIMEOUT_MS)
            headline = page.locator(".lc-headline").inner_text()
            assert "Tỷ lệ biết chữ mức độ 2 thấp nhất: " in headline
            assert "75 xã, phường" in page.locator(".lc-bar").inner_text()
            assert outside == []
    finally:
        context.close()
