"""A reader without a mouse, in Debian's Chromium at 1366×768: after the first URL, only keys.

Indicator and period, a unit, its profile, sign-in (adding to a deck is an editor's), the view
added to a new deck, the deck presented and left with Esc. A screenshot per step is saved in
test-artifacts/journeys/keyboard_NN_step.png.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.i18n import t
from tests import browser_support
from tests.browser_support import (
    ARTIFACTS,
    LOCAL_HOSTS,
    MAP_TIMEOUT_MS,
    save_screenshot,
    screenshot_on_failure,
    serve_app,
    wait_for_map,
)

pytestmark = pytest.mark.browser
chromium = browser_support.chromium

EDITOR, EDITOR_PASSWORD = "ban-phim", "mật-khẩu-bàn-phím-1"
LANG = "vi"
INDICATOR = "literacy_rate_level2_age15_35"
UNIT, UNIT_NAME = "120", "Mường La"
TAB_LIMIT = 250  # presses before a target counts as unreachable

# What has the keyboard focus: tag, own text, the label of the widget it belongs to, test id.
FOCUSED_JS = """
() => {
    const a = document.activeElement;
    if (!a || a === document.body) { return {tag: "BODY", text: "", label: "", testid: ""}; }
    const box = a.closest('[data-testid="stSelectbox"], [data-testid="stMultiSelect"], '
        + '[data-testid="stTextInput"], [data-testid="stTextArea"]');
    const label = box && box.querySelector("label") ? box.querySelector("label").innerText : "";
    const owner = a.closest("[data-testid]");
    return {tag: a.tagName, text: (a.innerText || a.value || "").trim().slice(0, 200),
            label: label.trim(), testid: owner ? owner.getAttribute("data-testid") : ""};
}
"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard with one editor account (made with `python -m dashboard user add`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEARNING_CITY_PASSWORD", EDITOR_PASSWORD)
        with serve_app(
            tmp_path_factory,
            name="browser_keyboard",
            setup=[("user", "add", EDITOR, "--role", "editor")],
        ) as base:
            yield base


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    context.route(
        "**/*",
        lambda r: (
            r.fallback()
            if urlsplit(r.request.url).hostname in LOCAL_HOSTS
            else r.abort("internetdisconnected")
        ),
    )
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def focused(page: Any) -> dict[str, str]:
    return dict(page.evaluate(FOCUSED_JS))


def tab_to(page: Any, wanted: Any, what: str, *, key: str = "Tab") -> dict[str, str]:
    """Press Tab (or `key`: Shift+Tab) until `wanted(focused element)` holds; folded navigation
    lists are opened."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        now = focused(page)
        if wanted(now):
            return now
        if now["testid"] == "stSidebarNavViewButton" and re.search(r"\d", now["text"]):
            page.keyboard.press("Enter")  # "View 4 more": the rest of the page list
    raise AssertionError(f"{what} not reached with {TAB_LIMIT} presses of {key}")


def idle(page: Any) -> None:
    """Let the rerun a key started begin, then wait for it to finish."""
    time.sleep(0.6)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        timeout=MAP_TIMEOUT_MS
    )
    time.sleep(0.3)


def query(page: Any) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def shot(page: Any, n: int, step: str) -> None:
    (ARTIFACTS / "journeys").mkdir(parents=True, exist_ok=True)
    save_screenshot(page, f"journeys/keyboard_{n:02d}_{step}")


def widget(label: str) -> Any:
    return lambda f: f["label"] == label and f["tag"] in ("INPUT", "TEXTAREA")


def test_a_keyboard_reader_goes_from_an_indicator_to_presenting_it(app_url: str, page: Any) -> None:
    with screenshot_on_failure(page, "journeys/keyboard"):
        page.goto(f"{app_url}/indicators", wait_until="domcontentloaded")
        wait_for_map(page)
        idle(page)

        # 1. The indicator (typed into its box) and the period (arrow keys).
        tab_to(page, widget(t("indicator", LANG)), "the indicator box")
        page.keyboard.type("mức độ 2, độ tuổi 15–35")
        page.keyboard.press("Enter")
        idle(page)
        assert query(page)["indicator"] == INDICATOR
        before = query(page)["period"]
        tab_to(page, widget(t("period", LANG)), "the period box")
        page.keyboard.press("ArrowDown")  # opens the list on the current period
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        idle(page)
        assert query(page)["period"] != before, "the period did not change"
        shot(page, 1, "indicator_period")

        # 2. A unit, typed into the comparison box.
        tab_to(page, widget(t("compare_units", LANG)), "the units box")
        page.keyboard.type(UNIT_NAME)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        idle(page)
        assert query(page).get("units") == UNIT
        link = t("open_profile", LANG).format(name=UNIT_NAME)
        shot(page, 2, "unit")

        # 3. Its profile, through the link under the box.
        tab_to(page, lambda f: f["tag"] == "A" and link in f["text"], "the profile link")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/profile\?"), timeout=MAP_TIMEOUT_MS)
        idle(page)
        assert query(page)["unit"] == UNIT
        heading = page.locator("[data-testid='stMain'] h1").first
        assert UNIT_NAME in heading.inner_text()
        shot(page, 3, "profile")

        # 4. Sign in through the sidebar form (back up with Shift+Tab: the sidebar comes first),
        # then add the view to a new deck.
        tab_to(
            page,
            lambda f: f["tag"] == "SUMMARY" and f["text"].endswith(t("sign_in", LANG)),
            "the sign-in expander",
            key="Shift+Tab",
        )
        page.keyboard.press("Enter")
        tab_to(page, widget(t("user_name", LANG)), "the user name")
        page.keyboard.type(EDITOR)
        page.keyboard.press("Tab")
        page.keyboard.type(EDITOR_PASSWORD)
        page.keyboard.press("Enter")
        page.locator("[data-testid='stSidebar']").get_by_text(EDITOR).wait_for(
            timeout=MAP_TIMEOUT_MS
        )
        idle(page)
        tab_to(
            page,
            lambda f: f["tag"] == "SUMMARY" and t("deck_add", LANG) in f["text"],
            "Add to presentation",
        )
        page.keyboard.press("Enter")
        idle(page)
        tab_to(page, widget(t("deck_name", LANG)), "the deck name")
        page.keyboard.type("Hồ sơ Mường La")
        tab_to(page, widget(t("deck_slide_title", LANG)), "the slide title")
        page.keyboard.type("Mường La")
        tab_to(
            page,
            lambda f: f["tag"] == "BUTTON" and t("deck_add_button", LANG) in f["text"],
            "the Add slide button",
        )
        page.keyboard.press("Enter")
        added = t("deck_added", LANG).format(deck="Hồ sơ Mường La", n=1)
        page.get_by_text(added).wait_for(timeout=MAP_TIMEOUT_MS)
        shot(page, 4, "added_to_deck")

        # 5. Present it from the Decks page, then leave with Esc.
        tab_to(
            page,
            lambda f: (
                f["testid"] == "stSidebarNavLink" and f["text"].endswith(t("deck_page", LANG))
            ),
            "the Decks page in the navigation",
        )
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/decks"), timeout=MAP_TIMEOUT_MS)
        idle(page)
        tab_to(
            page,
            lambda f: (
                f["tag"] == "A"
                and f["testid"] != "stSidebarNavLink"
                and f["text"].endswith(t("deck_present", LANG))
            ),
            "the Present link",
        )
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/present\?"), timeout=MAP_TIMEOUT_MS)
        headline = page.locator(".lc-headline")
        headline.wait_for(timeout=MAP_TIMEOUT_MS)
        idle(page)
        assert query(page)["deck"] == "1"
        shot(page, 5, "present")
        page.keyboard.press("Escape")
        page.wait_for_url(re.compile(r"/decks"), timeout=MAP_TIMEOUT_MS)
        idle(page)
        assert headline.count() == 0
        shot(page, 6, "left_presentation")
    assert os.path.isfile(ARTIFACTS / "journeys" / "keyboard_06_left_presentation.png")
