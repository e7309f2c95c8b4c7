"""WCAG 2.1 A/AA on every page, in Vietnamese and English: axe-core in Debian's Chromium.

axe-core (the npm package, a devDependency: tests only, never served) is injected into the page
and into every frame (the maps' and components' iframes), each checked on its own. A violation
fails the test with its rule, its target and what is wrong.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from dashboard.i18n import t
from tests import browser_support
from tests.browser_support import (
    ARTIFACTS,
    LOCAL_HOSTS,
    MAP_TIMEOUT_MS,
    REPO,
    require_browser,
    save_screenshot,
    serve_app,
)

pytestmark = pytest.mark.browser
chromium = browser_support.chromium

AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The public pages (streamlit_app.py) by URL path; the Overview is the default page.
PAGES = [
    "",
    "indicators",
    "learning_city",
    "profile",
    "facilities",
    "plan",
    "focus",
    "recognitions",
    "framework",
    "sources",
    "decks",
    "present?deck=1",
]
LANGS = ["vi", "en"]
# 1366 px wide, as the browser tests; tall, so that all of a page is laid out on screen and axe
# judges the contrast of what lies below the fold too (Streamlit scrolls inside its own box).
AXE_VIEWPORT = {"width": 1366, "height": 3000}

# Rules and selectors that only Streamlit's own frontend can fix, each with why (none yet).
EXCLUDED: list[tuple[str, str]] = []

RUN_AXE_JS = """
async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        iframes: false,
        resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
    }));
}
"""


# One deck, so that the Decks page lists it and Present shows a slide.
DECK = [
    "deck",
    "new",
    "Hội nghị",
    "--slide",
    "indicators?indicator=learning_families_share",
    "--title",
    "Gia đình học tập",
]


EDITOR, EDITOR_PASSWORD = "bien-tap-a11y", "mật-khẩu-dài-a11y-1"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard with a deck and an editor account."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEARNING_CITY_PASSWORD", EDITOR_PASSWORD)
        editor = ("user", "add", EDITOR, "--role", "editor")
        with serve_app(tmp_path_factory, name="browser_a11y", setup=[DECK, editor]) as base:
            yield base


def axe_source() -> str:
    if not AXE_JS.is_file():
        require_browser(f"{AXE_JS} is missing: `npm ci` installs axe-core (a devDependency)")
    return AXE_JS.read_text(encoding="utf-8")


def settle(page: Any) -> None:
    """Wait for the script run, every component frame and the maps inside them."""
    # the first element may be an invisible one (a style or a script, as on Present)
    page.locator("[data-testid='stMain'] [data-testid='stElementContainer']").first.wait_for(
        state="attached", timeout=MAP_TIMEOUT_MS
    )
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        timeout=MAP_TIMEOUT_MS
    )
    deadline = time.monotonic() + MAP_TIMEOUT_MS / 1000
    page.wait_for_load_state("load")
    for frame in page.frames[1:]:
        if frame.is_detached():
            continue
        frame.wait_for_load_state("load", timeout=MAP_TIMEOUT_MS)
        if "streamlit_folium" in frame.url:
            frame.locator(".leaflet-container").wait_for(timeout=MAP_TIMEOUT_MS)
    # Charts (Vega) draw after the run; give them and late styles a moment.
    while time.monotonic() < deadline:
        if page.locator("[data-testid='stSkeleton'], .stSpinner").count() == 0:
            break
        time.sleep(0.2)
    time.sleep(1.0)


def violations(page: Any, source: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations in the page and in each of its frames."""
    found: list[dict[str, Any]] = []
    for frame in page.frames:
        if frame.is_detached():
            continue
        where = "page" if frame == page.main_frame else f"frame {frame.name or frame.url[:80]}"
        frame.evaluate(source)  # defines window.axe in that frame
        for v in frame.evaluate(RUN_AXE_JS, WCAG_TAGS):
            for node in v["nodes"]:
                if (v["id"], node["target"]) in EXCLUDED:
                    continue
                found.append({"where": where, "id": v["id"], "help": v["help"], **node})
    return found


def describe(found: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"- {v['id']} at {v['where']}: {v['target']} — {v['help']}. "
        f"{v['summary'].splitlines()[1] if v['summary'].count(chr(10)) else v['summary']}"
        for v in found
    )


@pytest.fixture(scope="module")
def a11y_page(chromium: Any) -> Any:
    context = chromium.new_context(viewport=AXE_VIEWPORT, locale="vi-VN")
    context.route(  # this machine only: nothing may come from the internet
        "**/*",
        lambda r: (
            r.fallback()
            if urlsplit(r.request.url).hostname in LOCAL_HOSTS
            else r.abort("internetdisconnected")
        ),
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.split("?")[0] or "overview")
def test_page_has_no_wcag_violations(app_url: str, a11y_page: Any, path: str, lang: str) -> None:
    source = axe_source()
    page = a11y_page
    query = ("&" if "?" in path else "?") + "lang=en" if lang == "en" else ""
    page.goto(f"{app_url}/{path}{query}", wait_until="domcontentloaded")
    settle(page)
    found = violations(page, source)
    name = f"axe_{path.split('?')[0] or 'overview'}_{lang}"
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    Path(out / f"{name}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1))
    if found:
        save_screenshot(page, f"axe/{name}")
    assert not found, f"{len(found)} WCAG 2.1 A/AA violations on /{path}{query}:\n" + describe(
        found
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_editors_data_page_has_no_wcag_violations(
    app_url: str, a11y_page: Any, lang: str
) -> None:
    """The Data page (editors only): signed in through the sidebar form, reached by its link."""
    source = axe_source()
    page = a11y_page
    page.goto(f"{app_url}/{'?lang=en' if lang == 'en' else ''}", wait_until="domcontentloaded")
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    if not sidebar.get_by_text(EDITOR).count():  # a sign-in lasts: the other language's holds
        sidebar.get_by_text(t("sign_in", lang)).first.click()
        sidebar.get_by_role("textbox", name=t("user_name", lang)).fill(EDITOR)
        sidebar.get_by_role("textbox", name=t("password", lang)).fill(EDITOR_PASSWORD)
        sidebar.get_by_role("button", name=t("sign_in", lang)).click()
    sidebar.get_by_text(EDITOR).wait_for(timeout=MAP_TIMEOUT_MS)
    settle(page)  # the navigation gains the Data page once the run ends
    more = sidebar.get_by_text(re.compile(r"View \d+ more"))
    if more.count():  # long navigation lists are folded
        more.first.click()
    sidebar.get_by_role("link", name=t("data_page", lang)).click()
    page.wait_for_url(re.compile(r"/data"), timeout=MAP_TIMEOUT_MS)
    settle(page)
    found = violations(page, source)
    if found:
        save_screenshot(page, f"axe/axe_data_{lang}")
    assert not found, f"{len(found)} WCAG 2.1 A/AA violations on the Data page ({lang}):\n" + (
        describe(found)
    )
