"""Pieces of the user journeys: a 1366×768 offline context, a screenshot per step, and a
click on a unit of the map at the spot a person would click — the part of the unit that is on
screen, with no scrolling first.

Screenshots go to test-artifacts/journeys/<journey>_<NN>_<step>.png.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from dashboard.i18n import t
from tests.browser_support import ARTIFACTS, FOLIUM_IFRAME, MAP_JS, map_frame, wait_for_run

JOURNEYS = ARTIFACTS / "journeys"
LAPTOP = {"width": 1366, "height": 768}
EXPECT_MS = 45_000

# The map-container point deepest inside unit `key` (its code, or the name its tooltip starts
# with) among those the browser hits on that unit's own shape and that lie above `limit`
# (container px): the part on screen.
VISIBLE_POINT_JS = f"""
([key, limit]) => {{
    const m = {MAP_JS};
    let target = null;
    m.eachLayer((layer) => {{
        const p = layer.feature && layer.feature.properties;
        if (!p || !layer._path) return;
        const tip = layer.getTooltip && layer.getTooltip();
        const text = tip ? String(tip.getContent()).replace(/<[^>]*>/g, " ").trim() : "";
        if (p.code === key || text.startsWith(key + " ") || text === key) target = layer;
    }});
    if (!target) return null;
    const box = m.getContainer().getBoundingClientRect();
    const size = m.getSize();
    const b = target.getBounds ? target.getBounds() : L.latLngBounds([target.getLatLng()]);
    const nw = m.latLngToContainerPoint(b.getNorthWest());
    const se = m.latLngToContainerPoint(b.getSouthEast());
    const step = 2;
    const hit = new Set();
    const hits = (x, y) => hit.has(x + "," + y);
    const x0 = Math.max(step, Math.floor(nw.x) - 12), x1 = Math.min(size.x - step, se.x + 12);
    const y0 = Math.max(step, Math.floor(nw.y) - 12);
    const y1 = Math.min(size.y - step, limit - step, se.y + 12);
    for (let x = x0; x <= x1; x += step) {{
        for (let y = y0; y <= y1; y += step) {{
            const el = document.elementFromPoint(box.left + x, box.top + y);
            if (el && el === target._path) hit.add(x + "," + y);
        }}
    }}
    let best = null;
    for (const key of hit) {{
        const [x, y] = key.split(",").map(Number);
        let depth = 0;
        while (depth < 40 && hits(x + depth + step, y) && hits(x - depth - step, y) &&
               hits(x, y + depth + step) && hits(x, y - depth - step)) depth += step;
        if (!best || depth > best.depth) best = {{x, y, depth}};
    }}
    return best;
}}
"""


def offline_context(chromium: Any, viewport: dict[str, int] = LAPTOP, **kwargs: Any) -> Any:
    """A browser context at `viewport` whose requests beyond this machine are aborted."""
    context = chromium.new_context(viewport=viewport, locale="vi-VN", **kwargs)
    context.route(
        "**/*",
        lambda r: (
            r.fallback()
            if r.request.url.startswith(("http://127.0.0.1", "http://localhost"))
            else r.abort("internetdisconnected")
        ),
    )
    return context


class Steps:
    """Numbered screenshots of one journey; the failing step keeps its picture too."""

    def __init__(self, page: Any, journey: str) -> None:
        self.page, self.journey, self.n = page, journey, 0
        JOURNEYS.mkdir(parents=True, exist_ok=True)
        for old in JOURNEYS.glob(f"{journey}_*.png"):
            old.unlink()

    def shot(self, name: str) -> None:
        self.n += 1
        self.page.screenshot(path=str(JOURNEYS / f"{self.journey}_{self.n:02d}_{name}.png"))

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                self.shot(f"{name}-FAILED")
            raise
        self.shot(name)


def wait_for_leaflet(page: Any, timeout_ms: int = EXPECT_MS) -> Any:
    """Wait, without scrolling, for the Leaflet map in the page's map frame; returns the frame."""
    page.locator(FOLIUM_IFRAME).first.wait_for(timeout=timeout_ms)
    page.frame_locator(FOLIUM_IFRAME).first.locator(".leaflet-container").wait_for(
        timeout=timeout_ms
    )
    frame = map_frame(page)
    frame.wait_for_function(
        f"() => {{ const m = {MAP_JS}; return m && m.getContainer()"
        f".getAttribute('data-lc-fit'); }}",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(800)  # the second fit (after layout) has run
    return frame


def click_unit(page: Any, key: str) -> dict[str, float]:
    """Click unit `key` (code or name) on the map where it shows on screen, as a person does.

    Fails if no part of the unit is on screen (a person would have to scroll) and if the page
    moved under the pointer (the click became a drag). Returns the viewport point clicked.
    """
    frame_box = page.locator(FOLIUM_IFRAME).first.bounding_box()
    viewport = page.viewport_size
    limit = viewport["height"] - frame_box["y"]
    assert limit > 40, f"the map starts at y={frame_box['y']:.0f}, below the fold"
    point = map_frame(page).evaluate(VISIBLE_POINT_JS, [key, limit])
    assert point, f"{key} is not on screen on the map (a person would have to scroll)"
    x, y = frame_box["x"] + point["x"], frame_box["y"] + point["y"]
    assert 0 <= x < viewport["width"] and 0 <= y < viewport["height"], (x, y)
    page.mouse.click(x, y)
    after = page.locator(FOLIUM_IFRAME).first.bounding_box()
    assert abs(after["y"] - frame_box["y"]) < 1, (
        f"the page scrolled {frame_box['y'] - after['y']:.0f} px under the click"
    )
    wait_for_run(page, EXPECT_MS)
    return {"x": x, "y": y}


def open_classes_if_hidden(page: Any, label: str) -> None:
    """The Indicators page folds classification and palette into its "Classes and colours"
    popover: open it, as a person would, when the box labelled `label` is not on screen."""
    box = page.get_by_role("combobox", name=label, exact=True)
    if box.count() and box.first.is_visible():
        return
    for lang in ("vi", "en"):
        button = page.get_by_role("button", name=t("mp_classes", lang))
        if button.count():
            button.first.click()
            box.first.wait_for(state="visible", timeout=EXPECT_MS)
            return
