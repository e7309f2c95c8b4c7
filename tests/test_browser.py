"""The dashboard in a real browser: `streamlit run` driven by Debian's Chromium, with no internet.

Every request to a host other than 127.0.0.1/localhost is aborted and recorded, so a map that
still needs a CDN (Leaflet, jQuery, Bootstrap, Font Awesome) fails here instead of in the field.
Playwright's sync API drives /usr/bin/chromium directly (no bundled browser download).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
except ImportError:  # reported by the `chromium` fixture (skip, or fail when required)
    sync_playwright = None  # type: ignore[assignment]
    PlaywrightTimeout = TimeoutError  # type: ignore[assignment,misc]

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
START_TIMEOUT_S = 60
MAP_TIMEOUT_MS = 45_000
TITLE_VI = "Xây dựng xã hội học tập tỉnh Sơn La"
FOLIUM_IFRAME = "iframe[title*='streamlit_folium']"
EXPECTED_DISTRICTS = 12  # Sơn La's 12 district-level units (pre-2025 vintage)
EXPECTED_CLCS = 75  # community learning centres with coordinates in the seed


def _require_browser(reason: str) -> None:
    if os.environ.get("LEARNING_CITY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (LEARNING_CITY_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 5) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (local URL)
        return resp.status, resp.headers.get("Content-Type", ""), resp.read()


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "<no log>"


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a freshly seeded SQLite file; yields the base URL."""
    if not (REPO / "static" / "vendor" / "leaflet" / "leaflet.js").is_file():
        pytest.fail(
            "static/vendor/leaflet/leaflet.js is missing: run `make install` "
            "(it installs the map JS/CSS from npm into static/vendor/)"
        )
    data_dir = tmp_path_factory.mktemp("browser_data")
    db_url = f"sqlite:///{data_dir / 'lc.sqlite'}"
    seeded = subprocess.run(
        [sys.executable, "-m", "dashboard", "seed", "--db", db_url],
        cwd=REPO, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert seeded.returncode == 0, f"seeding failed:\n{seeded.stdout}\n{seeded.stderr}"

    # A developer's .streamlit/secrets.toml would take precedence over LEARNING_CITY_DB_URL.
    secrets = data_dir / "secrets.toml"
    secrets.write_text("# empty: the app must use LEARNING_CITY_DB_URL\n")
    port = _free_port()
    env = dict(os.environ, LEARNING_CITY_DB_URL=db_url, LEARNING_CITY_DATA_DIR=str(data_dir))
    log_path = data_dir / "streamlit.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--secrets.files", str(secrets),
            ],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{_tail(log_path)}")
            try:
                if _get(f"{base}/_stcore/health", timeout=2)[2].strip() == b"ok":
                    break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer {base}/_stcore/health within "
                    f"{START_TIMEOUT_S} s:\n{_tail(log_path)}"
                )
            time.sleep(0.25)
        yield base
    finally:
        _stop(proc)


@dataclass
class Traffic:
    """What the page asked for: aborted external URLs and failed local responses."""

    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _require_browser(f"{CHROMIUM} is not installed (`make browser` installs Debian's Chromium)")
    if sync_playwright is None:
        _require_browser("the playwright Python package is not installed (`make install-dev`)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(chromium: Any) -> Iterator[tuple[Any, Traffic]]:
    """A page whose requests to anything but this machine are aborted and recorded."""
    traffic = Traffic()
    # Tall viewport: Streamlit scrolls inside its own container, so this keeps the map on screen.
    context = chromium.new_context(viewport={"width": 1400, "height": 2600}, locale="vi-VN")

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname in LOCAL_HOSTS:
            r.fallback()
        else:
            traffic.external.append(r.request.url)
            r.abort("internetdisconnected")

    def response(resp: Any) -> None:
        if resp.status >= 400:
            traffic.failed.append(f"{resp.status} {resp.url}")

    context.route("**/*", route)
    context.on("response", response)
    page = context.new_page()
    try:
        yield page, traffic
    finally:
        context.close()


def _open_overview(page: Any, app_url: str) -> Any:
    """Load the Overview and wait for the Leaflet map inside the streamlit-folium iframe."""
    page.goto(app_url + "/", wait_until="domcontentloaded")
    page.get_by_role("heading", name=TITLE_VI).wait_for(timeout=MAP_TIMEOUT_MS)
    iframe = page.locator(FOLIUM_IFRAME)
    iframe.wait_for(timeout=MAP_TIMEOUT_MS)
    iframe.scroll_into_view_if_needed()
    page.frame_locator(FOLIUM_IFRAME).locator(".leaflet-container").wait_for(timeout=MAP_TIMEOUT_MS)
    return iframe


def _screenshot_on_failure(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    except Exception as exc:  # the original failure matters more than the screenshot
        print(f"could not save screenshot: {exc}", file=sys.stderr)


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
    status, _, body = _get(f"{app_url}/_stcore/health")
    assert (status, body.strip()) == (200, b"ok")
    status, ctype, body = _get(f"{app_url}/app/static/vendor/leaflet/leaflet.js")
    assert status == 200
    assert "javascript" in ctype.lower(), f"leaflet.js served as {ctype!r}"
    assert b"Leaflet" in body[:2000] and len(body) > 100_000


def test_overview_map_draws_offline(app_url: str, offline_page: tuple[Any, Traffic]) -> None:
    page, traffic = offline_page
    try:
        iframe = _open_overview(page, app_url)
        map_frame = page.frame_locator(FOLIUM_IFRAME)
        frame = next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())

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

        legend = map_frame.locator(".lc-legend")
        assert legend.count() == 1 and legend.is_visible()

        # The map's scripts and stylesheets come from this server, not a CDN.
        assets = frame.evaluate(ASSET_URLS_JS)
        assert any(u.endswith("/app/static/vendor/leaflet/leaflet.js") for u in assets), assets
        not_local = [u for u in assets if urlsplit(u).hostname not in LOCAL_HOSTS]
        assert not_local == [], not_local

        # No internet was needed: nothing external was even attempted, and nothing local 404'd.
        cdn = [
            u for u in traffic.external
            if any(k in u.lower() for k in ("leaflet", "jquery", "bootstrap", "fontawesome",
                                             "font-awesome", "cdn"))
        ]  # fmt: skip
        assert cdn == [], f"the map asked a CDN for: {cdn}"
        assert traffic.external == [], f"requests to the internet: {traffic.external}"
        assert traffic.failed == [], f"failed local requests: {traffic.failed}"

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "overview.png"))
        iframe.screenshot(path=str(ARTIFACTS / "overview-map.png"))
    except BaseException:
        _screenshot_on_failure(page, "overview-failure")
        raise


def test_offline_guard_sees_map_requests(app_url: str, offline_page: tuple[Any, Traffic]) -> None:
    """The guard is not vacuous: opting in to OSM tiles makes the map iframe ask the internet."""
    page, traffic = offline_page
    try:
        _open_overview(page, app_url)
        assert traffic.external == [], traffic.external
        page.get_by_role("checkbox", name="OpenStreetMap").check(force=True)
        deadline = time.monotonic() + 20
        while not traffic.external and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        hosts = {urlsplit(u).hostname for u in traffic.external}
        assert hosts == {"tile.openstreetmap.org"}, traffic.external
    except BaseException:
        _screenshot_on_failure(page, "offline-guard-failure")
        raise
