"""The planner's journey at 1366×768, in Chromium, offline, with a person's clicks only.

Open Indicators; choose the 2025 vintage (75 communes and wards), a literacy indicator and
natural breaks; click two units on the map (each selected by its first click, no scrolling);
switch the language; download the XLSX; reload and find the same view.
Screenshots: test-artifacts/journeys/planner_NN_<step>.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from openpyxl import load_workbook

from dashboard.i18n import t
from tests import browser_support
from tests.browser.test_indicators import _chips
from tests.browser_support import map_frame, wait_for_run
from tests.journey_support import EXPECT_MS, Steps, click_unit, offline_context, wait_for_leaflet
from tests.journey_support import open_classes_if_hidden as _open_classes_if_hidden

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips (or fails) with the reason
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

app_url = browser_support.app_url
chromium = browser_support.chromium

# Commune points whose whole marker is on screen (above `limit`, container px), with their
# codes, leftmost first: the ones a planner can click without scrolling.
VISIBLE_COMMUNES_JS = """
(limit) => {
    const out = [];
    map_div.eachLayer((layer) => {
        const p = layer.feature && layer.feature.properties;
        if (!p || p.level !== "commune" || !layer.getLatLng) return;
        const c = map_div.latLngToContainerPoint(layer.getLatLng());
        const size = map_div.getSize();
        if (c.x > 20 && c.x < size.x - 20 && c.y > 60 && c.y < limit - 20) out.push([c.x, p.code]);
    });
    return out.sort((a, b) => a[0] - b[0]).map((pair) => pair[1]);
}
"""


def _choose(page: Any, label: str, option: str) -> None:
    _open_classes_if_hidden(page, label)
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_run(page, EXPECT_MS)


def _view(page: Any, lang: str) -> dict[str, Any]:
    """What the planner sees chosen: boxes, radio, and the compared units."""
    _open_classes_if_hidden(page, t("classification", lang))
    scheme = page.get_by_role("combobox", name=t("classification", lang), exact=True)
    shown_scheme = scheme.input_value()
    page.keyboard.press("Escape")  # the classes' popover closes, as a person closes it
    expect(scheme).to_be_hidden(timeout=EXPECT_MS)
    return {
        "scheme": shown_scheme,
        "vintage": page.get_by_role("radio", name=t("vintage_post_2025", lang)).is_checked(),
        "group": page.get_by_role("combobox", name=t("group", lang)).input_value(),
        "indicator": page.get_by_role("combobox", name=t("indicator", lang)).input_value(),
        "period": page.get_by_role("combobox", name=t("period", lang)).input_value(),
        "units": _chips(page, t("compare_units", lang)).all_inner_texts(),
    }


def test_planner_compares_two_2025_units_switches_language_exports_and_reloads(
    app_url: str, chromium: Any
) -> None:
    context = offline_context(chromium, accept_downloads=True)
    page = context.new_page()
    steps = Steps(page, "planner")
    try:
        with steps.step("indicators"):
            page.goto(f"{app_url}/indicators", wait_until="domcontentloaded")
            wait_for_run(page, EXPECT_MS)
            wait_for_leaflet(page)

        with steps.step("vintage_2025_natural_breaks"):
            page.get_by_text(t("vintage_post_2025", "vi"), exact=True).click()
            wait_for_run(page, EXPECT_MS)
            expect(page.locator("h1").first).to_contain_text("xã", timeout=EXPECT_MS)
            _choose(page, t("classification", "vi"), t("scheme_natural_breaks", "vi"))
            page.keyboard.press("Escape")  # close the classes' popover
            expect(
                page.get_by_role("combobox", name=t("classification", "vi"), exact=True)
            ).to_be_hidden(timeout=EXPECT_MS)
            group = page.get_by_role("combobox", name=t("group", "vi")).input_value()
            assert group == t("group_literacy", "vi")
            indicator = page.get_by_role("combobox", name=t("indicator", "vi")).input_value()
            assert "biết chữ" in indicator.lower()
            wait_for_leaflet(page)

        with steps.step("click_two_units"):
            box = page.locator(browser_support.FOLIUM_IFRAME).first.bounding_box()
            limit = page.viewport_size["height"] - box["y"]
            visible = map_frame(page).evaluate(VISIBLE_COMMUNES_JS, limit)
            assert len(visible) >= 2, f"fewer than two communes on screen: {visible}"
            first, second = visible[0], visible[len(visible) // 2]
            chips = _chips(page, t("compare_units", "vi"))
            click_unit(page, first)
            expect(chips).to_have_count(1, timeout=EXPECT_MS)
            click_unit(page, second)
            expect(chips).to_have_count(2, timeout=EXPECT_MS)
            page.wait_for_function(
                "(want) => new URLSearchParams(location.search).get('units') === want",
                arg=f"{first},{second}",
                timeout=EXPECT_MS,
            )
            before = _view(page, "vi")

        with steps.step("switch_to_english"):
            page.get_by_text("English", exact=True).click()
            wait_for_run(page, EXPECT_MS)
            expect(page.get_by_role("combobox", name=t("group", "en"))).to_have_value(
                t("group_literacy", "en"), timeout=EXPECT_MS
            )
            after = _view(page, "en")
            assert after["vintage"] and after["units"] == before["units"]
            assert after["period"] == before["period"]
            assert after["scheme"] == t("scheme_natural_breaks", "en")
            assert "literacy" in after["indicator"].lower(), after
            wait_for_leaflet(page)

        with steps.step("download_xlsx"):
            with page.expect_download(timeout=EXPECT_MS) as download:
                page.get_by_role("button", name="Excel").click()
            assert download.value.suggested_filename.endswith(".xlsx")
            with open(download.value.path(), "rb") as saved:
                workbook = load_workbook(saved)
            about, data = workbook.worksheets  # what the table is, then the table
            names = {str(r[0]) for r in data.iter_rows(min_row=2, values_only=True)}
            assert names == set(before["units"]), (before["units"], names)
            said = " ".join(str(c) for r in about.iter_rows(values_only=True) for c in r if c)
            assert "Literacy" in said and "FILTERED: 2 of 75" in said, said[:600]

        with steps.step("reload_same_view"):
            page.reload(wait_until="domcontentloaded")
            wait_for_run(page, EXPECT_MS)
            wait_for_leaflet(page)
            expect(_chips(page, t("compare_units", "en"))).to_have_count(2, timeout=EXPECT_MS)
            assert _view(page, "en") == after
    finally:
        context.close()
