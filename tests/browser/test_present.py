"""The Present page in Debian's Chromium at 1920×1080: full screen, large headline, keys."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from tests import browser_support
from tests.browser_support import (
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
]


@pytest.fixture(scope="module")
def present_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard with one two-slide deck (id 1)."""
    with serve_app(tmp_path_factory, name="browser_present", setup=[DECK]) as base:
        yield base


@pytest.fixture
def screen(chromium: Any) -> Iterator[tuple[Any, list[str]]]:
    """A 1920×1080 page that may reach only this machine; outside requests are recorded."""
    from urllib.parse import urlsplit

    outside: list[str] = []
    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname in LOCAL_HOSTS:
            r.fallback()
        else:
            outside.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    page = context.new_page()
    try:
        yield page, outside
    finally:
        context.close()


def count(page: Any) -> str:
    return str(page.locator(".lc-count").inner_text())


def test_present_fills_the_screen_and_keys_move_between_slides(
    present_url: str, screen: tuple[Any, list[str]]
) -> None:
    page, outside = screen
    with screenshot_on_failure(page, "present"):
        page.goto(f"{present_url}/present?deck=1&slide=1")
        headline = page.locator(".lc-headline")
        headline.wait_for(timeout=MAP_TIMEOUT_MS)
        picture = page.locator("[data-testid='stImage'] img").first
        picture.wait_for(timeout=MAP_TIMEOUT_MS)
        page.wait_for_function(
            "document.querySelector(\"[data-testid='stImage'] img\").naturalWidth > 0"
        )
        size = float(headline.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert size >= 48
        assert "%" in headline.inner_text()
        box = picture.bounding_box()
        assert box["width"] >= 1500  # the map fills the width of a 1920-pixel screen
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        assert not page.locator("[data-testid='stHeader']").is_visible()
        assert "Trang 1/2" in count(page)
        assert "Nguồn:" in page.locator(".lc-source").inner_text()
        save_screenshot(page, "present-first-slide")
        qr = page.locator(".lc-qr img")
        assert qr.is_visible()
        decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))]
        assert len(decoded) == 1
        assert decoded[0].endswith("/indicators?indicator=learning_families_share&period=2024")
        assert decoded[0].startswith("http://")

        page.locator(".st-key-present_next button").wait_for(timeout=MAP_TIMEOUT_MS)
        for key, expected in (
            ("ArrowRight", "Trang 2/2"),
            ("ArrowLeft", "Trang 1/2"),
            ("PageDown", "Trang 2/2"),
            ("PageUp", "Trang 1/2"),
            ("End", "Trang 2/2"),
            ("Home", "Trang 1/2"),
        ):
            page.keyboard.press(key)
            page.locator(".lc-count", has_text=expected).wait_for(timeout=MAP_TIMEOUT_MS)
            assert page.url.endswith(f"slide={expected[-3]}")  # the deck URL follows
        page.keyboard.press("ArrowRight")
        page.locator(".lc-title", has_text="Công dân học tập").wait_for(timeout=MAP_TIMEOUT_MS)
        page.keyboard.press("Escape")
        page.wait_for_url("**/decks**", timeout=MAP_TIMEOUT_MS)
        assert outside == []
