"""The planner pages in a real browser, offline: map clicks, shared links, the national layer.

Written against behaviour, not folium internals: district polygons are the Leaflet layers whose
`feature.properties.level` is "district" (their `code` is the GSO code), facilities are layers
with `feature.properties.kind`, and "drawn" means a path in the DOM (or a canvas part).
Widgets are read the way a reader sees them: a select's shown value, a multiselect's chips,
and the data table's accessible grid (glide-data-grid renders `table[role=grid]` beside its
canvas).
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.domain.indicators import DEFAULT_INDICATOR
from tests import browser_support
from tests.browser_support import (
    ARTIFACTS,
    FOLIUM_IFRAME,
    MAP_JS,
    NATIONAL_SAMPLE_FACILITIES,
    Traffic,
    click_district,
    map_frame,
    screenshot_on_failure,
    wait_for_map,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips (or fails) with the reason
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

# Fixtures shared with the other browser modules (module-scoped ones start once per module).
app_url = browser_support.app_url
national_app_url = browser_support.national_app_url
chromium = browser_support.chromium
offline_page = browser_support.offline_page

SON_LA_DISTRICTS = 12
NATIONAL_DISTRICTS = 692
MAI_SON, QUYNH_NHAI = ("125", "Mai Sơn"), ("118", "Quỳnh Nhai")
COMPARE = "Đơn vị so sánh"  # the Indicators page's multiselect of units
EXPECT_MS = 30_000

# District polygons on the map: how many, which codes, how many have a path in the DOM, how
# many of those draw something (Leaflet leaves "M0 0" for polygons outside its clip bounds)
# and how many show inside the map's box.
DISTRICTS_JS = f"""
() => {{
    const m = {MAP_JS};
    if (!(m instanceof L.Map)) return null;
    const box = m.getContainer().getBoundingClientRect();
    const out = {{features: 0, codes: [], paths: 0, drawn: 0, inView: 0, zoom: m.getZoom(),
                 bounds: m.getBounds().toBBoxString()}};
    m.eachLayer((layer) => {{
        const p = layer.feature && layer.feature.properties;
        if (!p || p.level !== "district") return;
        out.features += 1;
        out.codes.push(p.code);
        if (layer._parts && layer._parts.length) out.drawn += 1;
        if (!(layer._path && layer._path.isConnected)) return;
        out.paths += 1;
        const r = layer._path.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && r.right > box.left && r.left < box.right &&
            r.bottom > box.top && r.top < box.bottom) out.inView += 1;
    }});
    return out;
}}
"""

# Facility points however they are grouped: markers inside marker-cluster groups (all of
# them, shown or not) and markers on the map itself, each counted once.
FACILITIES_JS = f"""
() => {{
    const m = {MAP_JS};
    if (!(m instanceof L.Map)) return null;
    const points = new Set();
    const out = {{points: 0, inClusterGroups: 0, clusterGroups: 0, districts: 0,
                 clusterIcons: document.querySelectorAll(".marker-cluster").length,
                 pointPaths: 0}};
    m.eachLayer((layer) => {{
        if (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup) {{
            out.clusterGroups += 1;
            for (const child of layer.getLayers()) {{
                points.add(child);
                out.inClusterGroups += 1;
            }}
        }}
        const p = layer.feature && layer.feature.properties;
        if (p && p.level === "district") out.districts += 1;
        else if (p && p.kind) {{
            points.add(layer);
            if (layer._path && layer._path.isConnected) out.pointPaths += 1;
        }}
    }});
    out.points = points.size;
    const icons = Array.from(document.querySelectorAll(".marker-cluster"));
    out.clusterChildren = icons.reduce((n, el) => n + (parseInt(el.textContent, 10) || 0), 0);
    const box = m.getContainer().getBoundingClientRect();
    out.iconsInView = icons.filter((el) => {{
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.right > box.left && r.left < box.right &&
            r.bottom > box.top && r.top < box.bottom;
    }}).length;
    return out;
}}
"""


def _params(page: Any) -> dict[str, str]:
    """The page's URL query, one value per key."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _chips(page: Any, label: str) -> Any:
    """The selected-value chips of the multiselect labelled `label`."""
    widget = page.locator("[data-testid=stMultiSelect]").filter(
        has=page.get_by_role("combobox", name=label, exact=True)
    )
    return widget.locator("[data-testid=stMultiSelectTagsContainer] [data-tag]")


def _select(page: Any, label: str) -> Any:
    """The text input showing a selectbox's current choice."""
    return page.get_by_role("combobox", name=label, exact=True)


def _table_names(page: Any) -> Any:
    """First-column cells of the page's last data table (its accessible grid)."""
    grid = page.locator("[data-testid=stDataFrame]").last.locator("table[role=grid]")
    return grid.locator("tbody td[aria-colindex='1']")


def _link_notices(page: Any) -> Any:
    """The st.info notices about link values that were not used (their icon is link_off)."""
    icon = page.locator("[data-testid=stAlertDynamicIcon]", has_text="link_off")
    return page.locator("[data-testid=stAlertContentInfo]").filter(has=icon)


def _assert_quiet(traffic: Traffic) -> None:
    assert traffic.external == [], f"requests to the internet: {traffic.external}"
    assert traffic.failed == [], f"failed local requests: {traffic.failed}"
    assert traffic.dialogs == [], f"dialogs: {traffic.dialogs}"
    assert traffic.errors == [], f"uncaught page errors: {traffic.errors}"


def _wait_for_districts(page: Any, n: int, timeout_ms: int = EXPECT_MS) -> dict[str, Any]:
    frame = map_frame(page)
    frame.wait_for_function(
        f"() => {{ const c = ({DISTRICTS_JS})(); return c && c.features >= {n}; }}",
        timeout=timeout_ms,
    )
    return frame.evaluate(DISTRICTS_JS)


def _click_district(page: Any, code: str) -> dict[str, Any]:
    """Click a point well inside district `code` where the map shows on the screen, with the
    mouse and no scrolling, as a person does; returns where (viewport px)."""
    return click_district(page, code)


def _wait_for_units(page: Any, units: str) -> None:
    """Wait until Streamlit's rerun has written `units=<units>` into the URL."""
    page.wait_for_function(
        "(units) => new URLSearchParams(location.search).get('units') === units",
        arg=units,
        timeout=EXPECT_MS,
    )


# --- 1. A click on the map selects the district ---------------------------------------------


def test_clicking_a_district_on_the_map_selects_it(
    app_url: str, offline_page: tuple[Any, Traffic]
) -> None:
    page, traffic = offline_page
    with screenshot_on_failure(page, "indicators-click"):
        # A link opened as the server's very first visit still runs inside the app's
        # navigation: titled menu, language switch (not Streamlit's file-name menu).
        page.goto(f"{app_url}/indicators", wait_until="domcontentloaded")
        wait_for_map(page)
        expect(page.get_by_text("Ngôn ngữ / Language")).to_be_visible()
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav).to_contain_text("Thành phố học tập")
        expect(nav).not_to_contain_text("learning city")
        assert _wait_for_districts(page, SON_LA_DISTRICTS)["features"] == SON_LA_DISTRICTS
        expect(_table_names(page)).to_have_count(SON_LA_DISTRICTS, timeout=EXPECT_MS)
        expect(_chips(page, COMPARE)).to_have_count(0)
        assert "units" not in _params(page)

        code, name = MAI_SON
        print(f"click {code} at {_click_district(page, code)}")
        _wait_for_units(page, code)
        expect(_chips(page, COMPARE)).to_have_text([name], timeout=EXPECT_MS)
        expect(_table_names(page)).to_have_text([name], timeout=EXPECT_MS)

        # A second click adds to the selection (the map's click joins it, not replaces it).
        code2, name2 = QUYNH_NHAI
        print(f"click {code2} at {_click_district(page, code2)}")
        _wait_for_units(page, f"{code},{code2}")
        expect(_chips(page, COMPARE)).to_have_text([name, name2], timeout=EXPECT_MS)
        expect(_table_names(page)).to_have_count(2, timeout=EXPECT_MS)
        assert set(_table_names(page).all_inner_texts()) == {name, name2}
        _assert_quiet(traffic)


# --- 2. A shared link reproduces the view; a hostile one is shown, not run -----------------


def test_shared_link_reproduces_the_view(app_url: str, offline_page: tuple[Any, Traffic]) -> None:
    page, traffic = offline_page
    wanted = {
        "indicator": "learning_families_share",
        "period": "2023",
        "units": "118,125",
        "palette": "viridis",
        "scheme": "equal_interval",
    }
    with screenshot_on_failure(page, "indicators-link"):
        query = "&".join(f"{k}={v}" for k, v in wanted.items())
        page.goto(f"{app_url}/indicators?{query}", wait_until="domcontentloaded")
        wait_for_map(page)
        expect(_select(page, "Chỉ tiêu")).to_have_value("Tỷ lệ gia đình học tập")
        expect(_select(page, "Kỳ")).to_have_value("2023")
        page.get_by_role("button", name="Phân lớp và màu").click()  # the classes' popover
        expect(_select(page, "Phân lớp")).to_have_value("Khoảng đều")
        expect(_select(page, "Bảng màu")).to_have_value("viridis")
        expect(_chips(page, COMPARE)).to_have_text([QUYNH_NHAI[1], MAI_SON[1]])
        expect(_table_names(page)).to_have_count(2, timeout=EXPECT_MS)
        assert set(_table_names(page).all_inner_texts()) == {QUYNH_NHAI[1], MAI_SON[1]}
        # The page rewrites the URL from its widgets: the link's values survive it.
        params = _params(page)
        assert {k: params.get(k) for k in wanted} == wanted, page.url
        expect(_link_notices(page)).to_have_count(0)
        _assert_quiet(traffic)


def test_hostile_link_is_shown_as_a_notice_and_runs_nothing(
    app_url: str, offline_page: tuple[Any, Traffic]
) -> None:
    page, traffic = offline_page
    payload = "<script>alert(1)</script>"
    with screenshot_on_failure(page, "indicators-hostile-link"):
        page.goto(
            f"{app_url}/indicators?indicator={payload}&units=999", wait_until="domcontentloaded"
        )
        frame = wait_for_map(page)
        # One folded line names the notices; a person opens it to read them.
        page.locator("[data-testid=stExpander] summary", has_text="liên kết").click()
        notices = _link_notices(page)
        expect(notices.filter(has_text="'indicator'")).to_have_count(1, timeout=EXPECT_MS)
        expect(notices.filter(has_text="'units'")).to_have_count(1)
        text = " ".join(notices.all_inner_texts())
        assert payload in text and "'indicator'" in text, text  # shown as text
        assert "'999'" in text and "'units'" in text, text
        # The view falls back to the defaults, and the URL no longer carries the bad values.
        expect(_chips(page, COMPARE)).to_have_count(0)
        expect(_table_names(page)).to_have_count(SON_LA_DISTRICTS, timeout=EXPECT_MS)
        page.wait_for_function(
            "(code) => new URLSearchParams(location.search).get('indicator') === code",
            arg=DEFAULT_INDICATOR,
            timeout=EXPECT_MS,
        )
        assert "units" not in _params(page) and "script" not in page.url.lower(), page.url
        injected = "() => Array.from(document.scripts).some((s) => s.text.includes('alert(1)'))"
        assert not page.evaluate(injected)
        assert not frame.evaluate(injected)
        page.wait_for_timeout(1000)  # an injected handler would fire by now
        assert traffic.dialogs == [], f"a dialog fired: {traffic.dialogs}"
        _assert_quiet(traffic)
        # The dialog guard is not vacuous: an alert in the map's frame is seen.
        frame.evaluate("() => alert('guard check')")
        assert traffic.dialogs == ["alert: guard check"], traffic.dialogs


# --- 3. The national layer at full size -----------------------------------------------------


def test_national_indicators_map_holds_692_districts(
    national_app_url: str, offline_page: tuple[Any, Traffic]
) -> None:
    page, traffic = offline_page
    with screenshot_on_failure(page, "national-indicators"):
        start = time.monotonic()
        page.goto(f"{national_app_url}/indicators?scope=national", wait_until="domcontentloaded")
        wait_for_map(page, timeout_ms=60_000)
        counts = _wait_for_districts(page, NATIONAL_DISTRICTS, timeout_ms=60_000)
        elapsed = time.monotonic() - start
        codes = counts.pop("codes")
        print(f"national Indicators map: {counts} after {elapsed:.1f} s")

        assert counts["features"] == NATIONAL_DISTRICTS, counts
        assert len(set(codes)) == NATIONAL_DISTRICTS, "a district is on the map twice"
        # At the opening zoom Leaflet clips polygons outside the view to an empty path, so
        # what must hold is that (nearly) every one has its path in the DOM.
        assert counts["paths"] >= 600, counts
        assert counts["inView"] > 0, counts
        expect(page.get_by_role("radio", name="Toàn quốc (692 huyện)")).to_be_checked()
        assert _params(page).get("scope") == "national", page.url

        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(FOLIUM_IFRAME).screenshot(path=str(ARTIFACTS / "national-indicators-map.png"))
        _assert_quiet(traffic)


# How many districts the opening view holds (by the centre of each one's bounds).
CENTRES_IN_VIEW_JS = f"""
() => {{
    const m = {MAP_JS};
    const view = m.getBounds();
    const out = {{view: view.toBBoxString(), districts: 0, centresInView: 0}};
    m.eachLayer((layer) => {{
        const p = layer.feature && layer.feature.properties;
        if (!p || p.level !== "district") return;
        out.districts += 1;
        if (view.contains(layer.getBounds().getCenter())) out.centresInView += 1;
    }});
    return out;
}}
"""


def test_national_indicators_map_opens_on_the_whole_country(
    national_app_url: str, offline_page: tuple[Any, Traffic]
) -> None:
    page, traffic = offline_page
    with screenshot_on_failure(page, "national-view"):
        page.goto(f"{national_app_url}/indicators?scope=national", wait_until="domcontentloaded")
        wait_for_map(page, timeout_ms=60_000)
        counts = _wait_for_districts(page, NATIONAL_DISTRICTS, timeout_ms=60_000)
        _assert_quiet(traffic)
        view = map_frame(page).evaluate(CENTRES_IN_VIEW_JS)
        print(f"national view: {view}; district paths in view {counts['inView']}")
        # Mainland and coastal districts all in view; the far-offshore island districts
        # (Hoàng Sa, Trường Sa) may be left out of the fit.
        assert view["centresInView"] >= NATIONAL_DISTRICTS - 4, view


def test_national_facilities_map_holds_every_facility_in_clusters(
    national_app_url: str, offline_page: tuple[Any, Traffic]
) -> None:
    page, traffic = offline_page
    with screenshot_on_failure(page, "national-facilities"):
        start = time.monotonic()
        page.goto(f"{national_app_url}/facilities?scope=national", wait_until="domcontentloaded")
        wait_for_map(page, timeout_ms=60_000)
        # The page says how many facilities it shows ("Đang hiện N / M cơ sở").
        caption = page.get_by_text(re.compile(r"Đang hiện [\d.,]+ / [\d.,]+ cơ sở"))
        expect(caption).to_have_count(1, timeout=EXPECT_MS)
        shown = int(re.sub(r"\D", "", caption.inner_text().split("/")[0]))
        assert shown >= NATIONAL_SAMPLE_FACILITIES, caption.inner_text()

        frame = map_frame(page)
        # Marker-cluster groups take their markers in chunks: wait until all are in.
        frame.wait_for_function(
            f"() => {{ const c = ({FACILITIES_JS})(); return c && c.points >= {shown}; }}",
            timeout=EXPECT_MS,
        )
        counts = frame.evaluate(FACILITIES_JS)
        print(
            f"national Facilities map: {counts}, caption {shown}, {time.monotonic() - start:.1f} s"
        )
        assert counts["points"] == shown, counts
        assert counts["districts"] == NATIONAL_DISTRICTS, counts
        # Clustered: numbered cluster icons are drawn, and they stand for many points each.
        assert counts["clusterGroups"] >= 1 and counts["iconsInView"] > 0, counts
        assert counts["clusterChildren"] > counts["clusterIcons"], counts
        _assert_quiet(traffic)


# Commune circles (units of the 2025 vintage, drawn at their points): how many, how many
# are drawn in the DOM inside the map's box.
COMMUNES_JS = f"""
() => {{
    const m = {MAP_JS};
    if (!(m instanceof L.Map)) return null;
    const box = m.getContainer().getBoundingClientRect();
    const out = {{features: 0, circles: 0, drawn: 0, boundaries: 0}};
    m.eachLayer((layer) => {{
        const p = layer.feature && layer.feature.properties;
        if (p && p.level === "boundary") out.boundaries += 1;
        if (!p || p.level !== "commune") return;
        out.features += 1;
        if (layer instanceof L.CircleMarker) out.circles += 1;
        if (!(layer._path && layer._path.isConnected)) return;
        const r = layer._path.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && r.right > box.left && r.left < box.right &&
            r.bottom > box.top && r.top < box.bottom) out.drawn += 1;
    }});
    return out;
}}
"""


def test_2025_vintage_map_draws_75_commune_points(
    app_url: str, offline_page: tuple[Any, Traffic]
) -> None:
    page, traffic = offline_page
    with screenshot_on_failure(page, "communes-2025"):
        page.goto(f"{app_url}/indicators?vintage=post_2025", wait_until="domcontentloaded")
        wait_for_map(page)
        frame = map_frame(page)
        frame.wait_for_function(
            f"() => {{ const c = ({COMMUNES_JS})(); return c && c.drawn >= 75; }}",
            timeout=EXPECT_MS,
        )
        counts = frame.evaluate(COMMUNES_JS)
        assert counts["features"] == counts["circles"] == counts["drawn"] == 75, counts
        assert counts["boundaries"] == SON_LA_DISTRICTS  # the former districts under them
        _assert_quiet(traffic)
