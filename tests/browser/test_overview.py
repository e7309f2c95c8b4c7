"""The dashboard in a real browser: `streamlit run` driven by Debian's Chromium, with no internet.

Every request to a host other than 127.0.0.1/localhost is aborted and recorded, so a map that
still needs a CDN (Leaflet, jQuery, Bootstrap, Font Awesome) fails here instead of in the field.
Playwright's sync API drives /usr/bin/chromium directly (no bundled browser download).
"""

from __future__ import annotations

import contextlib
import time
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests import browser_support
from tests.browser_support import (
    ARTIFACTS,
    FOLIUM_IFRAME,
    LOCAL_HOSTS,
    MAP_TIMEOUT_MS,
    PlaywrightTimeout,
    Traffic,
    http_get,
    map_frame,
    screenshot_on_failure,
    wait_for_map,
)

pytestmark = pytest.mark.browser

# Fixtures shared with the other browser modules (module-scoped ones start once per module).
app_url = browser_support.app_url
chromium = browser_support.chromium
offline_page = browser_support.offline_page

TITLE_VI = "Xây dựng xã hội học tập tỉnh Sơn La"
EXPECTED_DISTRICTS = 12  # Sơn La's 12 district-level units (pre-2025 vintage)
EXPECTED_CLCS = 75  # community learning centres with coordinates in the seed


def _open_overview(page: Any, app_url: str) -> Any:
    """Load the Overview and wait for the Leaflet map inside the streamlit-folium iframe."""
    page.goto(app_url + "/", wait_until="domcontentloaded")
    page.get_by_role("heading", name=TITLE_VI).wait_for(timeout=MAP_TIMEOUT_MS)
    wait_for_map(page)
    return page.locator(FOLIUM_IFRAME)


# Walks the Leaflet map streamlit-folium builds (global `map_div`, also `window.map`) and counts
# the GeoJSON layers whose SVG path is actually in the document.
COUNT_LAYERS_JS = """
() => {
    const m = window.map_div instanceof L.Map ? window.map_div : window.map;
    const out = {districts: 0, districtsDrawn: 0, clcs: 0, clcsDrawn: 0, fills: {},
                 wrongFill: []};
    if (!(m instanceof L.Map)) return null;
    m.eachLayer((layer) => {
        const p = layer.feature && layer.feature.properties;
        if (!p) return;
        const drawn = !!(layer._path && layer._path.isConnected);
        if (p.level === "district") {
            out.districts += 1;
            if (drawn) {
                out.districtsDrawn += 1;
                const fill = layer._path.getAttribute("fill");
                out.fills[fill] = (out.fills[fill] || 0) + 1;
                if (fill !== p.fill) out.wrongFill.push([p.code, p.fill, fill]);
            }
        } else if (p.kind === "community_learning_centre") {
            out.clcs += 1;
            if (drawn) out.clcsDrawn += 1;
        }
    });
    return out;
}
"""

ASSET_URLS_JS = """
() => [
    ...Array.from(document.querySelectorAll("script[src]"), (s) => s.src),
    ...Array.from(document.querySelectorAll("link[rel=stylesheet][href]"), (l) => l.href),
]
"""


def test_health_and_static_leaflet(app_url: str) -> None:
    status, _, body = http_get(f"{app_url}/_stcore/health")
    assert (status, body.strip()) == (200, b"ok")
    status, ctype, body = http_get(f"{app_url}/app/static/vendor/leaflet/leaflet.js")
    assert status == 200
    assert "javascript" in ctype.lower(), f"leaflet.js served as {ctype!r}"
    assert b"Leaflet" in body[:2000] and len(body) > 100_000


def test_overview_map_draws_offline(app_url: str, offline_page: tuple[Any, Traffic]) -> None:
    page, traffic = offline_page
    with screenshot_on_failure(page, "overview"):
        iframe = _open_overview(page, app_url)
        frame = map_frame(page)

        # Layers are added by the map script right after the container; wait until all are drawn.
        # On timeout, fall through to the assertions, which say what was drawn.
        with contextlib.suppress(PlaywrightTimeout):
            frame.wait_for_function(
                f"() => {{ const c = ({COUNT_LAYERS_JS})(); return c && "
                f"c.districtsDrawn >= {EXPECTED_DISTRICTS} && c.clcsDrawn >= {EXPECTED_CLCS}; }}",
                timeout=20_000,
            )
        counts = frame.evaluate(COUNT_LAYERS_JS)
        assert counts is not None, "no Leaflet map (map_div / window.map) in the component frame"
        assert counts["districts"] == EXPECTED_DISTRICTS, counts
        assert counts["districtsDrawn"] == EXPECTED_DISTRICTS, counts
        assert counts["clcs"] == EXPECTED_CLCS, counts
        assert counts["clcsDrawn"] == EXPECTED_CLCS, counts
        # Each district is painted with the class colour the builder chose, and not all alike.
        assert counts["wrongFill"] == [], counts["wrongFill"]
        assert len(counts["fills"]) > 1, counts["fills"]

        legend = page.frame_locator(FOLIUM_IFRAME).locator(".lc-legend")
        assert legend.count() == 1 and legend.is_visible()

        # The map's scripts and stylesheets come from this server, not a CDN.
        assets = frame.evaluate(ASSET_URLS_JS)
        assert any(u.endswith("/app/static/vendor/leaflet/leaflet.js") for u in assets), assets
        not_local = [u for u in assets if urlsplit(u).hostname not in LOCAL_HOSTS]
        assert not_local == [], not_local

        # No internet was needed: nothing external was even attempted, and nothing local 404'd.
        cdn = [
            u
            for u in traffic.external
            if any(
                k in u.lower()
                for k in ("leaflet", "jquery", "bootstrap", "fontawesome", "font-awesome", "cdn")
            )
        ]
        assert cdn == [], f"the map asked a CDN for: {cdn}"
        assert traffic.external == [], f"requests to the internet: {traffic.external}"
        assert traffic.failed == [], f"failed local requests: {traffic.failed}"
        assert traffic.probes == [], f"the Overview lives at /, nothing to probe: {traffic.probes}"

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "overview.png"))
        iframe.screenshot(path=str(ARTIFACTS / "overview-map.png"))


def test_offline_guard_sees_map_requests(app_url: str, offline_page: tuple[Any, Traffic]) -> None:
    """The guard is not vacuous: opting in to OSM tiles makes the map iframe ask the internet."""
    page, traffic = offline_page
    with screenshot_on_failure(page, "offline-guard"):
        _open_overview(page, app_url)
        assert traffic.external == [], traffic.external
        page.get_by_role("checkbox", name="OpenStreetMap").check(force=True)
        deadline = time.monotonic() + 20
        while not traffic.external and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        hosts = {urlsplit(u).hostname for u in traffic.external}
        assert hosts == {"tile.openstreetmap.org"}, traffic.external
