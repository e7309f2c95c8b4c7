"""Every page in Chromium on a database seeded with `--no-sample`: no exception on screen."""

from __future__ import annotations

from typing import Any

import pytest

from tests import browser_support
from tests.browser_support import Traffic, screenshot_on_failure, wait_for_run

pytestmark = pytest.mark.browser

chromium = browser_support.chromium
offline_page = browser_support.offline_page
no_sample_app_url = browser_support.no_sample_app_url

PAGES = (
    "",
    "indicators",
    "learning_city",
    "profile",
    "facilities",
    "sources",
    "plan",
    "focus",
    "recognitions",
    "framework",
)


@pytest.mark.parametrize("vintage", ["pre_2025", "post_2025"])
def test_every_page_without_the_sample(
    no_sample_app_url: str, offline_page: tuple[Any, Traffic], vintage: str
) -> None:
    page, traffic = offline_page
    for path in PAGES:
        with screenshot_on_failure(page, f"no-sample-{path or 'overview'}-{vintage}"):
            page.goto(
                f"{no_sample_app_url}/{path}?vintage={vintage}", wait_until="domcontentloaded"
            )
            wait_for_run(page)
            exceptions = page.locator("[data-testid='stException']")
            assert exceptions.count() == 0, f"/{path}: {exceptions.first.inner_text()}"
            errors = page.locator("[data-testid='stAlertContentError']")
            assert errors.count() == 0, f"/{path}: {errors.first.inner_text()}"
            body = page.locator("[data-testid='stMain']").inner_text()
            assert "Traceback" not in body
            assert "mẫu minh hoạ" not in body, f"/{path} marks a sample that is not there"
    assert traffic.external == [], traffic.external
