"""Maps change in place: a filter change or a click restyles the map the browser already has.

The map's frame is marked once; after a period change and a click the mark is still there
(the same Leaflet document, not a reloaded one) while the fills, legend and outline changed.
On a 1366×768 screen, clicked with the mouse where the map shows, without scrolling.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests import browser_support
from tests.browser.test_indicators import (
    COMPARE,
    EXPECT_MS,
    MAI_SON,
    SON_LA_DISTRICTS,
    _assert_quiet,
    _chips,
    _click_district,
    _select,
    _wait_for_districts,
)
from tests.browser_support import FOLIUM_IFRAME, Traffic, map_frame, screenshot_on_failure
from tests.browser_support import wait_for_map as _wait_for_map

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips (or fails) with the reason
    expect = None  # type: ignore[assignment]
    PlaywrightError = Exception  # type: ignore[assignment,misc]

pytestmark = pytest.mark.browser

app_url = browser_support.app_url
chromium = browser_support.chromium
screen_page = browser_support.screen_page

STYLES_JS = """
() => {
    const out = {};
    map_div.eachLayer((layer) => {
        const p = layer.feature && layer.feature.properties;
        if (p && p.level === "district" && layer._path) {
            out[p.code] = [layer._path.getAttribute("fill"),
                           layer._path.getAttribute("stroke-width")];
        }
    });
    return out;
}
"""


TIPS_JS = """
(period) => {
    let n = 0, ok = 0;
    map_div.eachLayer((layer) => {
        const p = layer.feature && layer.feature.properties;
        if (!p || p.level !== "district") return;
        n += 1;
        const tip = layer.getTooltip();
        if (tip && String(tip.getContent()).includes(period)) ok += 1;
    });
    return n > 0 && ok === n;
}
"""


# Counts what the map reports to the server (streamlit-folium's component value).
COUNT_REPORTS_JS = """
() => {
    window.__reports = [];
    const send = window.Streamlit.setComponentValue;
    window.Streamlit.setComponentValue = (value) => {
        // Inside the click's own dispatch, or later (after a debounce)?
        const during = window.event ? window.event.type : "later";
        window.__reports.push([Object.keys(value).join(), during]);
        return send(value);
    };
}
"""


def _styles(page: Any) -> dict[str, list[str]]:
    return map_frame(page).evaluate(STYLES_JS)


def _mark(page: Any) -> None:
    map_frame(page).evaluate("() => { window.__sameMap = true; }")


def _same_map(page: Any) -> bool:
    return bool(map_frame(page).evaluate("() => window.__sameMap === true"))


def test_period_change_and_click_restyle_the_same_map(
    app_url: str, screen_page: tuple[Any, Traffic]
) -> None:
    page, traffic = screen_page
    received: list[int] = []  # websocket bytes from the server
    base_files: list[str] = []  # the map's base script, fetched as a file

    def frames(ws: Any) -> None:
        ws.on("framereceived", lambda payload: received.append(len(payload)))

    page.on("websocket", frames)
    page.on(
        "requestfinished",
        lambda r: (
            base_files.append(r.url) if "/media/" in r.url and r.url.endswith(".js") else None
        ),
    )
    with screenshot_on_failure(page, "indicators-live"):
        page.goto(f"{app_url}/indicators", wait_until="domcontentloaded")
        _wait_for_map(page)
        _wait_for_districts(page, SON_LA_DISTRICTS)
        before = _styles(page)
        legend = page.frame_locator(FOLIUM_IFRAME).locator(".lc-legend")
        legend_before = legend.inner_text()
        _mark(page)

        period = _select(page, "Kỳ")
        shown = period.input_value()
        period.click()
        options = page.get_by_role("option")
        other = next(o for o in options.all_inner_texts() if o.strip() and o != shown)
        page.wait_for_timeout(300)  # the first visit's last frames
        received.clear()
        options.filter(has_text=other).first.click()
        # Every district's tooltip now names the new period; the legend has the new classes.
        map_frame(page).wait_for_function(TIPS_JS, arg=other, timeout=EXPECT_MS)
        expect(legend).not_to_have_text(legend_before, timeout=EXPECT_MS)
        assert _same_map(page), "the map document was replaced instead of restyled"
        assert set(_styles(page)) == set(before)
        # The change costs the page, not the map's geometry again (~190 kB before it was a file).
        page.wait_for_timeout(500)
        assert 0 < sum(received) < 80_000, f"{sum(received)} bytes for a period change"
        assert len(base_files) == 1, base_files

        code, name = MAI_SON
        map_frame(page).evaluate(COUNT_REPORTS_JS)
        _click_district(page, code)  # the first click on this map
        expect(_chips(page, COMPARE)).to_have_text([name], timeout=EXPECT_MS)
        # The click is reported at once, not after streamlit-folium's 250 ms debounce, and
        # the debounced report does not follow it with a second rerun.
        page.wait_for_timeout(600)
        assert map_frame(page).evaluate("() => window.__reports") == [
            ["last_active_drawing", "click"]
        ], "a click should reach the server once, at once, with the clicked unit"
        map_frame(page).wait_for_function(
            f"(code) => ({STYLES_JS})()[code][1] === '3.5'", arg=code, timeout=EXPECT_MS
        )
        assert _same_map(page), "a click reloaded the map"
        _assert_quiet(traffic)


def test_facilities_map_click_selects_a_district(
    app_url: str, screen_page: tuple[Any, Traffic]
) -> None:
    """A click on a district of the Facilities map puts it in the district filter; the map,
    rendered for that filter, outlines it."""
    page, traffic = screen_page
    with screenshot_on_failure(page, "facilities-live"):
        page.goto(f"{app_url}/facilities", wait_until="domcontentloaded")
        _wait_for_map(page)
        _wait_for_districts(page, SON_LA_DISTRICTS)
        code, name = MAI_SON
        _click_district(page, code)
        expect(_chips(page, "Huyện, thành phố")).to_have_text([name], timeout=EXPECT_MS)
        assert page.evaluate("() => location.search").count(code) == 1
        page.mouse.move(0, 0)  # off the map: no hover highlight on the new map
        outlined = f"(code) => ({STYLES_JS})()[code][1] === '3.5'"
        deadline = time.monotonic() + EXPECT_MS / 1000
        while True:  # the map for the new filter replaces the old frame
            try:
                if map_frame(page).evaluate(outlined, code):
                    break
            except (PlaywrightError, StopIteration):  # no frame, or one being replaced
                pass
            assert time.monotonic() < deadline, f"{name} is not outlined on the new map"
            page.wait_for_timeout(100)
        _assert_quiet(traffic)
