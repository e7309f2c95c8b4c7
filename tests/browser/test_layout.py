"""The leader's first screen, the phone layout and printing, in Chromium, offline.

Screenshots kept in test-artifacts/: overview-1920x1080.png, overview-1366x768.png,
overview-390x844.png, overview-print.png and profile-print.png (print media at A4 width),
overview-a4.pdf and profile-a4.pdf.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests import browser_support
from tests.browser_support import (
    ARTIFACTS,
    FOLIUM_IFRAME,
    MAP_JS,
    map_frame,
    screenshot_on_failure,
    wait_for_map,
    wait_for_run,
)

pytestmark = pytest.mark.browser

app_url = browser_support.app_url
chromium = browser_support.chromium

A4_CONTENT_PX = round(186 / 25.4 * 96)  # 186 mm of A4 between 12 mm margins, at 96 px/inch
EXPECT_MS = 45_000

# Where each unit's shape and each map control lies (container px): to check the fit.
LAYOUT_JS = f"""
() => {{
    const m = {MAP_JS};
    if (!(m instanceof L.Map)) return null;
    const box = m.getContainer().getBoundingClientRect();
    const rect = (r) => ({{left: r.left - box.left, top: r.top - box.top,
                           right: r.right - box.left, bottom: r.bottom - box.top}});
    const units = [];
    m.eachLayer((layer) => {{
        const p = layer.feature && layer.feature.properties;
        if (p && p.level === "district" && layer._path && layer._path.isConnected) {{
            units.push({{code: p.code, ...rect(layer._path.getBoundingClientRect())}});
        }}
    }});
    const legend = document.querySelector(".lc-legend");
    return {{width: box.width, height: box.height, units: units,
             legend: legend ? rect(legend.getBoundingClientRect()) : null,
             fit: m.getContainer().getAttribute("data-lc-fit")}};
}}
"""


def _page(chromium: Any, width: int, height: int) -> tuple[Any, Any]:
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.route(
        "**/*",
        lambda r: (
            r.fallback()
            if r.request.url.startswith(("http://127.0.0.1", "http://localhost"))
            else r.abort("internetdisconnected")
        ),
    )
    return context, context.new_page()


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_run(page, EXPECT_MS)
    wait_for_map(page, EXPECT_MS)
    frame = map_frame(page)
    frame.wait_for_function(
        f"() => {{ const m = {MAP_JS}; return m && m.getContainer()"
        f".getAttribute('data-lc-fit'); }}",
        timeout=EXPECT_MS,
    )
    page.wait_for_timeout(800)  # the second fit (after layout) has run


def _to_top(page: Any) -> None:
    """Scroll every scrolled container back to the top (Streamlit scrolls its own, not the
    window), so boxes are measured as the first screen shows them."""
    page.evaluate(
        "() => { document.querySelectorAll('*').forEach((e) => { if (e.scrollTop) "
        "e.scrollTop = 0; }); window.scrollTo(0, 0); }"
    )
    page.wait_for_timeout(300)


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_map_and_ranking_are_on_the_first_screen(
    app_url: str, chromium: Any, width: int, height: int
) -> None:
    context, page = _page(chromium, width, height)
    with screenshot_on_failure(page, f"overview-{width}x{height}"):
        _open(page, app_url + "/")
        _to_top(page)
        map_box = _box(page, FOLIUM_IFRAME)
        ranking = _box(page, "[data-testid=stDataFrame]")
        assert map_box["y"] + map_box["height"] <= height, map_box
        assert ranking["y"] + ranking["height"] <= height, ranking
        assert ranking["x"] >= map_box["x"] + map_box["width"] - 1  # beside the map
        sentence = page.get_by_text("Thấp nhất:").first
        assert sentence.is_visible()
        # unit names are written on the map, and no unit lies under the legend
        layout = map_frame(page).evaluate(LAYOUT_JS)
        assert len(layout["units"]) == 12
        names = page.frame_locator(FOLIUM_IFRAME).locator(".lc-unit-name")
        assert names.count() == 12 and "Sốp Cộp" in names.all_inner_texts()
        legend = layout["legend"]
        assert legend is not None
        under = [
            u["code"]
            for u in layout["units"]
            if u["left"] < legend["right"]
            and u["right"] > legend["left"]
            and u["top"] < legend["bottom"]
            and u["bottom"] > legend["top"]
        ]
        assert under == [], f"units under the legend: {under}"
        # fitted: the province fills the frame in one direction (not a quarter of it)
        span_x = max(u["right"] for u in layout["units"]) - min(u["left"] for u in layout["units"])
        span_y = max(u["bottom"] for u in layout["units"]) - min(u["top"] for u in layout["units"])
        assert span_x >= 0.5 * layout["width"] or span_y >= 0.75 * layout["height"], layout
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"overview-{width}x{height}.png"))
    context.close()


def test_on_a_phone_the_map_comes_first(app_url: str, chromium: Any) -> None:
    context, page = _page(chromium, 390, 844)
    with screenshot_on_failure(page, "overview-390x844"):
        _open(page, app_url + "/")
        _to_top(page)
        map_box = _box(page, FOLIUM_IFRAME)
        ranking = _box(page, "[data-testid=stDataFrame]")
        figures = _box(page, ".lc-figure")
        assert map_box["y"] < ranking["y"] < figures["y"]  # map, ranking, then the figures
        assert map_box["y"] < 844, "the map starts on the first screen"
        assert map_box["width"] <= 390
        layout = map_frame(page).evaluate(LAYOUT_JS)
        legend = layout["legend"]
        under = [
            u["code"]
            for u in layout["units"]
            if u["left"] < legend["right"]
            and u["right"] > legend["left"]
            and u["top"] < legend["bottom"]
            and u["bottom"] > legend["top"]
        ]
        assert under == [], f"units under the legend: {under}"
        layers = page.frame_locator(FOLIUM_IFRAME).locator(".leaflet-control-layers-expanded")
        assert layers.count() == 0  # the layer list is folded into its button
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "overview-390x844.png"))
    context.close()


PRINT_CHECK_JS = """
(limit) => {
    const visible = (el) => {
        const s = getComputedStyle(el);
        return s.display !== "none" && s.visibility !== "hidden" && el.offsetParent !== null;
    };
    const sidebar = document.querySelector("[data-testid=stSidebar]");
    const wide = [];
    document.querySelectorAll("[data-testid=stMain] *").forEach((el) => {
        if (!visible(el)) return;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > limit + 1) wide.push(el.tagName + "." + el.className);
    });
    const footer = document.querySelector(".lc-print-source");
    return {
        sidebar: sidebar ? getComputedStyle(sidebar).display : "absent",
        wide: wide.slice(0, 10),
        footer: footer && getComputedStyle(footer).position === "fixed" ? footer.innerText : null,
        scrollWidth: document.documentElement.scrollWidth,
        printedRows: Array.from(document.querySelectorAll(".lc-print-only table tbody tr"))
            .filter(visible).length,
    };
}
"""


@pytest.mark.parametrize(("path", "name"), [("/", "overview"), ("/profile?unit=118", "profile")])
def test_printed_pages_fit_a4_width_without_the_sidebar(
    app_url: str, chromium: Any, path: str, name: str
) -> None:
    context, page = _page(chromium, A4_CONTENT_PX, 1100)
    with screenshot_on_failure(page, f"{name}-print"):
        _open(page, app_url + path)
        page.emulate_media(media="print")
        page.wait_for_timeout(800)  # the map refits to the printed width
        found = page.evaluate(PRINT_CHECK_JS, A4_CONTENT_PX)
        assert found["sidebar"] == "none", found
        assert found["wide"] == [], found
        assert found["scrollWidth"] <= A4_CONTENT_PX + 1, found
        assert found["footer"] and found["footer"].startswith("Nguồn: "), found
        # the scrolling grids are replaced on paper by static tables, every row printed
        assert found["printedRows"] >= (12 if name == "overview" else 1), found
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-print.png"), full_page=True)
        page.pdf(path=str(ARTIFACTS / f"{name}-a4.pdf"), format="A4", print_background=True)
    context.close()
