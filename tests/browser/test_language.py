"""The language switch relabels every widget in the browser and keeps every selection.

Streamlit identifies a keyed widget by its key alone and the browser holds a choice as its
label, so a switch used to leave "Xoá mù chữ" in the boxes of an English page and the vintage
radio with nothing selected (seen in Chromium, not in AppTest). The fix lives in one place,
`dashboard.ui.widgets.language_ui`; these tests click as a person does at 1366×768.
"""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.i18n import t
from tests import browser_support
from tests.browser_support import save_screenshot, screenshot_on_failure, wait_for_run
from tests.journey_support import open_classes_if_hidden as _open_classes_if_hidden

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips (or fails) with the reason
    expect = None  # type: ignore[assignment]


app_url = browser_support.app_url


chromium = browser_support.chromium


EXPECT_MS = 45_000


def _combobox_shows(page: Any, label: str, text: str) -> None:
    """The selectbox labelled `label` displays `text` as its current choice."""
    _open_classes_if_hidden(page, label)
    expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(
        text, timeout=EXPECT_MS
    )


def _radio_checked(page: Any, name: str) -> None:
    expect(page.get_by_role("radio", name=name, exact=True)).to_be_checked(timeout=EXPECT_MS)


def _choose(page: Any, label: str, option: str) -> None:
    """Open the selectbox labelled `label` with a click and click `option` in its list."""
    _open_classes_if_hidden(page, label)
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_run(page, EXPECT_MS)


@pytest.mark.browser
def test_switch_on_indicators_relabels_boxes_and_keeps_the_2025_vintage(
    app_url: str, chromium: Any
) -> None:
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    context.route(
        "**/*",
        lambda r: (
            r.fallback()
            if r.request.url.startswith(("http://127.0.0.1", "http://localhost"))
            else r.abort("internetdisconnected")
        ),
    )
    page = context.new_page()
    try:
        with screenshot_on_failure(page, "language-switch"):
            page.goto(f"{app_url}/indicators", wait_until="domcontentloaded")
            wait_for_run(page, EXPECT_MS)
            page.get_by_text(t("vintage_post_2025", "vi"), exact=True).click()
            wait_for_run(page, EXPECT_MS)
            _radio_checked(page, t("vintage_post_2025", "vi"))
            _choose(page, t("classification", "vi"), t("scheme_natural_breaks", "vi"))
            _combobox_shows(page, t("group", "vi"), t("group_literacy", "vi"))
            indicator_vi = page.get_by_role(
                "combobox", name=t("indicator", "vi"), exact=True
            ).input_value()
            assert "biết chữ" in indicator_vi.lower()

            page.get_by_text("English", exact=True).click()
            wait_for_run(page, EXPECT_MS)
            expect(page.locator("h1").first).to_contain_text("commune", timeout=EXPECT_MS)
            save_screenshot(page, "language-switch-en")
            _radio_checked(page, t("vintage_post_2025", "en"))
            _combobox_shows(page, t("group", "en"), t("group_literacy", "en"))
            _combobox_shows(page, t("classification", "en"), t("scheme_natural_breaks", "en"))
            indicator_en = page.get_by_role(
                "combobox", name=t("indicator", "en"), exact=True
            ).input_value()
            assert "literacy" in indicator_en.lower(), indicator_en
            assert "biết chữ" not in indicator_en.lower(), indicator_en
            url = page.url
            assert "vintage=post_2025" in url and "lang=en" in url and "natural_breaks" in url

            page.get_by_text("Tiếng Việt", exact=True).click()
            wait_for_run(page, EXPECT_MS)
            _radio_checked(page, t("vintage_post_2025", "vi"))
            _combobox_shows(page, t("group", "vi"), t("group_literacy", "vi"))
            _combobox_shows(page, t("classification", "vi"), t("scheme_natural_breaks", "vi"))
            assert (
                page.get_by_role("combobox", name=t("indicator", "vi"), exact=True).input_value()
                == indicator_vi
            )
    finally:
        context.close()
