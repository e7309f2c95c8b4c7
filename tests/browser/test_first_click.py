"""The first click on a map selects, wherever the map sits on the page (1366×768, Chromium).

A person opens a map page (the first URL only), sees the top of the map on the first screen
and clicks a district where it shows, without scrolling. Leaflet focuses the map on
mouse-down; a plain focus scrolled Streamlit's container by up to ~280 px under the pointer,
so Leaflet saw a drag and nothing was selected. Each page here: the map's top on the first
screen with at least MIN_SHOWN_PX of it above the fold, no scroll on mouse-down or after,
and the click selects the district where the page has a selection (otherwise the map keeps
the keyboard: the arrow keys pan it). Screenshots: test-artifacts/first_click/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from dashboard.domain.units import CITY_CODE
from tests import browser_support
from tests.browser.test_indicators import COMPARE, QUYNH_NHAI, _assert_quiet, _chips, _select
from tests.browser_support import (
    ARTIFACTS,
    FOLIUM_IFRAME,
    MAP_JS,
    SCREEN,
    Traffic,
    district_point,
    map_frame,
    screenshot_on_failure,
    scroll_positions,
    wait_for_map,
    wait_for_run,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips (or fails) with the reason
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

app_url = browser_support.app_url
chromium = browser_support.chromium
screen_page = browser_support.screen_page

EXPECT_MS = 30_000
MIN_SHOWN_PX = 300  # of the map above the fold: enough to find and click a district
SHOTS = ARTIFACTS / "first_click"
ONE_LINE_PX = 60  # a folded line of notices (one line of text in its box)


@dataclass(frozen=True)
class MapPage:
    name: str
    path: str
    district: tuple[str, str]  # code, name of the district clicked
    chips: str | None = None  # the multiselect the click adds the district to
    select: str | None = None  # the selectbox the click sets to the district
    note: str | None = None  # what the folded line of notices above the map names


PAGES = [
    MapPage("overview", "/", QUYNH_NHAI),
    MapPage("indicators", "/indicators", QUYNH_NHAI, chips=COMPARE, note="mẫu minh hoạ"),
    # a shared link with values this version no longer knows: two more notices, same line
    MapPage(
        "indicators_old_link",
        "/indicators?indicator=gone&units=999",
        QUYNH_NHAI,
        chips=COMPARE,
        note="liên kết",
    ),
    MapPage("facilities", "/facilities", QUYNH_NHAI, chips="Huyện, thành phố", note="mẫu minh hoạ"),
    MapPage("learning_city", "/learning_city", (CITY_CODE, "Sơn La")),
    MapPage("profile", "/profile", QUYNH_NHAI, select="Đơn vị"),
    MapPage("recognitions", "/recognitions", QUYNH_NHAI),
]

# The map is drawn and fitted (the fit runs again once the frame is laid out).
READY_JS = f"""
() => {{
    const m = {MAP_JS};
    if (!(m instanceof L.Map) || !m.getContainer().getAttribute("data-lc-fit")) return false;
    let n = 0;
    m.eachLayer((l) => {{ if (l.feature && l.feature.properties.level === "district") n++; }});
    return n > 0;
}}
"""
CENTRE_JS = f"() => {{ const c = ({MAP_JS}).getCenter(); return [c.lat, c.lng]; }}"
FOCUSED_JS = f"() => document.activeElement === ({MAP_JS}).getContainer()"
OPEN_LAYER_LISTS_JS = "() => document.querySelectorAll('.leaflet-control-layers-expanded').length"


def _open(page: Any, url: str) -> None:
    """Open the page and wait until its map is drawn and fitted (no scrolling)."""
    page.goto(url, wait_until="domcontentloaded")
    wait_for_run(page, EXPECT_MS)
    wait_for_map(page, EXPECT_MS)
    map_frame(page).wait_for_function(READY_JS, timeout=EXPECT_MS)
    page.wait_for_timeout(800)  # the second fit (after layout) has run


@pytest.mark.parametrize("where", PAGES, ids=[p.name for p in PAGES])
def test_first_click_on_the_first_screen_selects_without_scrolling(
    app_url: str, screen_page: tuple[Any, Traffic], where: MapPage
) -> None:
    page, traffic = screen_page
    with screenshot_on_failure(page, f"first_click-{where.name}"):
        _open(page, app_url + where.path)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{where.name}-1366x768.png"))
        opened = scroll_positions(page)
        assert opened == {"window": [0, 0]}, f"the page opened scrolled: {opened}"

        frame_box = page.locator(FOLIUM_IFRAME).first.bounding_box()
        assert frame_box is not None
        top = frame_box["y"]
        assert 0 <= top <= SCREEN["height"] - MIN_SHOWN_PX, (
            f"the map starts at y = {top:.0f} px: under {MIN_SHOWN_PX} px of it on the first "
            f"screen ({SCREEN['height']} px)"
        )
        if where.note:  # the notices take one line (their text opens on demand)
            line = page.locator("[data-testid=stExpander] summary", has_text=where.note)
            expect(line).to_be_visible()
            box = line.bounding_box()
            assert box is not None and box["height"] <= ONE_LINE_PX, box
            assert box["y"] < top, "the notices' line is under the map"
        # No layer list lies open over the map.
        assert map_frame(page).evaluate(OPEN_LAYER_LISTS_JS) == 0

        code, name = where.district
        point = district_point(page, code)  # asserts the point is on the screen
        print(f"{where.name}: map top {top:.0f} px, click {name} at {point}")
        page.mouse.move(point["x"], point["y"])
        page.mouse.down()
        assert scroll_positions(page) == opened, "the page scrolled on mouse-down"
        page.mouse.up()
        if where.chips:
            expect(_chips(page, where.chips)).to_have_text([name], timeout=EXPECT_MS)
        elif where.select:
            expect(_select(page, where.select)).to_have_value(name, timeout=EXPECT_MS)
        else:  # no selection here: the click gave the map the keyboard, and it pans
            assert map_frame(page).evaluate(FOCUSED_JS), "the clicked map has no focus"
            before = map_frame(page).evaluate(CENTRE_JS)
            page.keyboard.press("ArrowRight")
            map_frame(page).wait_for_function(
                f"(lng) => ({CENTRE_JS})()[1] > lng + 1e-6", arg=before[1], timeout=EXPECT_MS
            )
        page.wait_for_timeout(300)
        assert scroll_positions(page) == opened, "the page scrolled after the click"
        _assert_quiet(traffic)
