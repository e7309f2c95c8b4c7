"""The leader's journey at 1366×768, in Chromium, offline, with a person's clicks only.

Open the Overview; read the lowest and highest units; switch to English (every label changes,
every selection stays); click the lowest unit on the map (its first click selects it, with no
scrolling); reach its profile. Screenshots: test-artifacts/journeys/leader_NN_<step>.png.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from dashboard.i18n import t
from tests import browser_support
from tests.browser_support import wait_for_run
from tests.journey_support import EXPECT_MS, Steps, click_unit, offline_context, wait_for_leaflet

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips (or fails) with the reason
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

app_url = browser_support.app_url
chromium = browser_support.chromium

VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")


def _extremes(page: Any, lang: str) -> tuple[str, str]:
    """The (lowest, highest) unit names in the Overview's headline."""
    low_word, high_word = ("Thấp nhất", "cao nhất") if lang == "vi" else ("Lowest", "highest")
    line = page.locator("[data-testid=stMarkdownContainer]", has_text=f"{low_word}:").first
    text = line.inner_text(timeout=EXPECT_MS)
    found = re.search(rf"{low_word}: (.+?), .+ · {high_word}: (.+?), ", text)
    assert found, f"no lowest/highest line: {text!r}"
    return found.group(1), found.group(2)


def _ranking(page: Any) -> list[str]:
    """Unit names of the ranked list beside the map, top to bottom."""
    grid = page.locator("[data-testid=stDataFrame]").first.locator("table[role=grid]")
    return grid.locator("tbody td[aria-colindex='2']").all_inner_texts()


def test_leader_reads_the_overview_switches_language_and_reaches_the_lowest_profile(
    app_url: str, chromium: Any
) -> None:
    context = offline_context(chromium)
    page = context.new_page()
    steps = Steps(page, "leader")
    try:
        with steps.step("overview_vi"):
            page.goto(f"{app_url}/", wait_until="domcontentloaded")
            wait_for_run(page, EXPECT_MS)
            wait_for_leaflet(page)
            expect(page.locator("h1").first).to_contain_text(t("overview_heading", "vi"))

        with steps.step("lowest_and_highest"):
            low, high = _extremes(page, "vi")
            ranking = _ranking(page)
            assert len(ranking) == 12, ranking  # every district without scrolling the list
            assert (ranking[0], ranking[-1]) == (high, low)
            indicator_vi = page.get_by_role("combobox", name=t("indicator", "vi")).input_value()
            period = page.get_by_role("combobox", name=t("period", "vi")).input_value()
            centres = page.get_by_role("checkbox", name=t("show_clc", "vi"))
            expect(centres).to_be_checked()
            page.get_by_text(t("show_clc", "vi"), exact=True).click()  # a leader hides them
            wait_for_run(page, EXPECT_MS)
            expect(centres).not_to_be_checked()

        with steps.step("switch_to_english"):
            page.get_by_text("English", exact=True).click()
            wait_for_run(page, EXPECT_MS)
            expect(page.locator("h1").first).to_contain_text(t("overview_heading", "en"))
            indicator_en = page.get_by_role("combobox", name=t("indicator", "en"))
            expect(indicator_en).not_to_have_value(indicator_vi, timeout=EXPECT_MS)
            assert not VIETNAMESE_LETTERS.search(indicator_en.input_value())
            expect(page.get_by_role("combobox", name=t("period", "en"))).to_have_value(period)
            expect(page.get_by_role("checkbox", name=t("show_clc", "en"))).not_to_be_checked()
            expect(page.get_by_role("checkbox", name=t("osm_tiles", "en"))).not_to_be_checked()
            expect(page.get_by_role("radio", name=t("vintage_pre_2025", "en"))).to_be_checked()
            assert _extremes(page, "en") == (low, high)
            wait_for_leaflet(page)

        with steps.step("click_lowest_on_map"):
            click_unit(page, low)
            link = page.get_by_role("link", name=t("open_profile", "en").format(name=low))
            expect(link).to_be_visible(timeout=EXPECT_MS)
            assert "unit=" in page.url

        with steps.step("profile"):
            link.click()
            wait_for_run(page, EXPECT_MS)
            expect(page.locator("h1").first).to_contain_text(low, timeout=EXPECT_MS)
            assert "lang=en" in page.url
    finally:
        context.close()
