"""Shared pieces of the browser tests: a seeded `streamlit run`, Debian's Chromium, no internet.

Import the fixtures into a test module's namespace (`from tests.browser_support import app_url,
chromium, offline_page`); module-scoped ones then start once per module.

* `app_url`: `streamlit run` on a freshly seeded SQLite file (Sơn La only), bound to 127.0.0.1.
* `national_app_url`: the same, after `python -m dashboard national load --sample-facilities
  2000` (Vietnam's 692 districts and a flagged sample of facilities).
* `chromium`: /usr/bin/chromium driven by Playwright's sync API (no bundled browser download).
* `offline_page`: a fresh context whose requests to anything but this machine are aborted and
  recorded, with failed local responses, JavaScript dialogs and page errors recorded too.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from dashboard import assets
from deploy.processes import dashboard_cli, free_port, stop, tail

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
except ImportError:  # reported by the `chromium` fixture (skip, or fail when required)
    sync_playwright = None  # type: ignore[assignment]
    PlaywrightTimeout = TimeoutError  # type: ignore[assignment,misc]

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
FOLIUM_IFRAME = "iframe[title*='streamlit_folium']"
NATIONAL_SAMPLE_FACILITIES = 2000

# Streamlit's frontend, opened at /<page>, first looks for the server under that path
# (/<page>/_stcore/health, /<page>/_stcore/host-config) and falls back to /: those two 404s
# are how it finds its base path, not a broken link of the dashboard.
BASE_PATH_PROBE = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")


def require_browser(reason: str) -> None:
    if os.environ.get("LEARNING_CITY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (LEARNING_CITY_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def http_get(url: str, timeout: float = 5) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (local URL)
        return resp.status, resp.headers.get("Content-Type", ""), resp.read()


@contextlib.contextmanager
def serve_app(
    tmp_path_factory: pytest.TempPathFactory,
    *,
    name: str = "browser_data",
    seed: Sequence[str] = ("seed",),
    setup: Sequence[Sequence[str]] = (),
) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a freshly seeded SQLite file; yields the base URL.

    `setup` lists further `python -m dashboard …` commands run on that database after the seed
    (each gets `--db`).
    """
    if not (REPO / "static" / "vendor" / "leaflet" / "leaflet.js").is_file():
        pytest.fail(
            "static/vendor/leaflet/leaflet.js is missing: run `make install` "
            "(it installs the map JS/CSS from npm into static/vendor/)"
        )
    if unpatched := assets.unpatched_files():
        pytest.fail(
            f"{', '.join(unpatched)} not patched (a click would scroll): run `make install`"
        )
    data_dir = tmp_path_factory.mktemp(name)
    db_url = f"sqlite:///{data_dir / 'lc.sqlite'}"
    for args in [seed, *setup]:
        dashboard_cli(args, db_url)
    with streamlit_server(db_url, data_dir) as (base, _proc):
        yield base


@contextlib.contextmanager
def streamlit_server(db_url: str, data_dir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`streamlit run streamlit_app.py` on `db_url`, its log in `data_dir`; yields (base URL,
    process) once /_stcore/health answers."""
    # A developer's .streamlit/secrets.toml would take precedence over LEARNING_CITY_DB_URL.
    secrets = data_dir / "secrets.toml"
    secrets.write_text("# empty: the app must use LEARNING_CITY_DB_URL\n")
    port = free_port()
    env = dict(os.environ, LEARNING_CITY_DB_URL=db_url, LEARNING_CITY_DATA_DIR=str(data_dir))
    log_path = data_dir / "streamlit.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--secrets.files",
                str(secrets),
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{tail(log_path)}")
            try:
                if http_get(f"{base}/_stcore/health", timeout=2)[2].strip() == b"ok":
                    break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer {base}/_stcore/health within "
                    f"{START_TIMEOUT_S} s:\n{tail(log_path)}"
                )
            time.sleep(0.25)
        yield base, proc
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on the shipped seed (Sơn La's 12 districts)."""
    with serve_app(tmp_path_factory) as base:
        yield base


@pytest.fixture(scope="module")
def no_sample_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a database seeded with `--no-sample` (what a real deployment keeps)."""
    with serve_app(
        tmp_path_factory, name="browser_no_sample", seed=("seed", "--no-sample")
    ) as base:
        yield base


@pytest.fixture(scope="module")
def national_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard after `national load --sample-facilities 2000` (692 districts)."""
    load = ["national", "load", "--sample-facilities", str(NATIONAL_SAMPLE_FACILITIES)]
    with serve_app(tmp_path_factory, name="browser_national", setup=[load]) as base:
        yield base


@dataclass
class Traffic:
    """What the page did besides drawing: requests, failures, dialogs, uncaught errors."""

    external: list[str] = field(default_factory=list)  # aborted requests to the internet
    failed: list[str] = field(default_factory=list)  # local responses >= 400 (probes aside)
    probes: list[str] = field(default_factory=list)  # Streamlit's base-path probes (404)
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt, dismissed
    errors: list[str] = field(default_factory=list)  # uncaught exceptions in the page


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        require_browser(f"{CHROMIUM} is not installed (`make browser` installs Debian's Chromium)")
    if sync_playwright is None:
        require_browser("the playwright Python package is not installed (`make install-dev`)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


SCREEN = {"width": 1366, "height": 768}  # the laptop screen the maps are checked on


@pytest.fixture
def offline_page(chromium: Any) -> Iterator[tuple[Any, Traffic]]:
    """A page whose requests to anything but this machine are aborted and recorded.

    Tall viewport: the whole page shows at once (layout and content checks). Tests of what a
    person sees and clicks on the first screen use `screen_page`.
    """
    with offline_context(chromium, {"width": 1400, "height": 2600}) as opened:
        yield opened


@pytest.fixture
def screen_page(chromium: Any) -> Iterator[tuple[Any, Traffic]]:
    """`offline_page` on a 1366×768 screen."""
    with offline_context(chromium, SCREEN) as opened:
        yield opened


@contextlib.contextmanager
def offline_context(chromium: Any, viewport: dict[str, int]) -> Iterator[tuple[Any, Traffic]]:
    """A fresh context and page, offline (see `offline_page`)."""
    traffic = Traffic()
    context = chromium.new_context(viewport=viewport, locale="vi-VN")

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname in LOCAL_HOSTS:
            r.fallback()
        else:
            traffic.external.append(r.request.url)
            r.abort("internetdisconnected")

    def response(resp: Any) -> None:
        if resp.status >= 400:
            probe = resp.status == 404 and BASE_PATH_PROBE.match(urlsplit(resp.url).path)
            (traffic.probes if probe else traffic.failed).append(f"{resp.status} {resp.url}")

    def dialog(d: Any) -> None:
        traffic.dialogs.append(f"{d.type}: {d.message}")
        with contextlib.suppress(Exception):
            d.dismiss()

    context.route("**/*", route)
    context.on("response", response)
    page = context.new_page()
    page.on("dialog", dialog)
    page.on("pageerror", lambda exc: traffic.errors.append(str(exc)))
    try:
        yield page, traffic
    finally:
        context.close()


def wait_for_run(page: Any, timeout_ms: int = MAP_TIMEOUT_MS) -> None:
    """Wait until the app has drawn something and its script run has finished."""
    page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=timeout_ms)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        timeout=timeout_ms
    )


def wait_for_map(page: Any, timeout_ms: int = MAP_TIMEOUT_MS) -> Any:
    """Wait for the Leaflet container inside the streamlit-folium iframe; returns its frame."""
    page.locator(FOLIUM_IFRAME).first.wait_for(timeout=timeout_ms)  # no scrolling to it
    page.frame_locator(FOLIUM_IFRAME).locator(".leaflet-container").wait_for(timeout=timeout_ms)
    return map_frame(page)


def map_frame(page: Any) -> Any:
    """The streamlit-folium component's frame (where the Leaflet map lives)."""
    return next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())


def save_screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    except Exception as exc:  # the original failure matters more than the screenshot
        print(f"could not save screenshot: {exc}", file=sys.stderr)


@contextlib.contextmanager
def screenshot_on_failure(page: Any, name: str) -> Iterator[None]:
    """Save test-artifacts/<name>-failure.png if the block fails, then re-raise."""
    try:
        yield
    except BaseException:
        save_screenshot(page, f"{name}-failure")
        raise


# The Leaflet map streamlit-folium builds is the global `map_div` (also `window.map`).
MAP_JS = "(window.map_div instanceof L.Map ? window.map_div : window.map)"


# Every scrolled box of the page (Streamlit scrolls its own container, not the window).
SCROLLS_JS = """
() => {
    const out = {window: [window.scrollX, window.scrollY]};
    document.querySelectorAll("*").forEach((el, i) => {
        if (el.scrollTop || el.scrollLeft) {
            out[(el.getAttribute("data-testid") || el.tagName) + "#" + i] =
                [el.scrollLeft, el.scrollTop];
        }
    });
    return out;
}
"""


def scroll_positions(page: Any) -> dict[str, list[float]]:
    """Where every scrolled box of the page (and the window) is scrolled to."""
    return dict(page.evaluate(SCROLLS_JS))


# A point surely inside one district, above `bottom` (frame px: the fold): the grid point over
# its bounds that the browser hits on that district's own path (or, on a canvas, that the
# polygon holds), preferring the one deepest inside (farthest from a miss in the four
# directions). Returned in container px (x, y) and frame px (frameX, frameY).
INTERIOR_POINT_JS = f"""
([code, bottom]) => {{
    const m = {MAP_JS};
    let target = null;
    m.eachLayer((layer) => {{
        const p = layer.feature && layer.feature.properties;
        if (p && p.level === "district" && p.code === code) target = layer;
    }});
    if (!target) return null;
    const box = m.getContainer().getBoundingClientRect();
    const size = m.getSize();
    const b = target.getBounds();
    const nw = m.latLngToContainerPoint(b.getNorthWest());
    const se = m.latLngToContainerPoint(b.getSouthEast());
    const step = 3;
    const hit = new Set();
    const hits = (x, y) => hit.has(x + "," + y);
    const x0 = Math.max(step, Math.ceil(nw.x)), x1 = Math.min(size.x - step, Math.floor(se.x));
    const y0 = Math.max(step, Math.ceil(nw.y));
    const y1 = Math.min(size.y - step, Math.floor(se.y), Math.floor(bottom - box.top) - step);
    for (let x = x0; x <= x1; x += step) {{
        for (let y = y0; y <= y1; y += step) {{
            const el = document.elementFromPoint(box.left + x, box.top + y);
            const on = target._path
                ? el === target._path
                : el === (target._renderer && target._renderer._container) &&
                  target._containsPoint(L.point(x, y));
            if (on) hit.add(x + "," + y);
        }}
    }}
    let best = null;
    for (const key of hit) {{
        const [x, y] = key.split(",").map(Number);
        let depth = 0;
        while (depth < 60 && hits(x + depth + step, y) && hits(x - depth - step, y) &&
               hits(x, y + depth + step) && hits(x, y - depth - step)) depth += step;
        if (!best || depth > best.depth) best = {{x, y, depth}};
    }}
    return best && Object.assign(best, {{hits: hit.size, frameX: box.left + best.x,
                                         frameY: box.top + best.y}});
}}
"""


def district_point(page: Any, code: str) -> dict[str, float]:
    """Where on the screen (viewport px) a person clicks district `code` on the page's map:
    inside its visible part, without scrolling. Fails if no such point is on the screen."""
    frame_box = page.locator(FOLIUM_IFRAME).first.bounding_box()
    viewport = page.viewport_size
    assert frame_box is not None and viewport is not None
    bottom = viewport["height"] - frame_box["y"]  # the fold, in the map frame's px
    point = map_frame(page).evaluate(INTERIOR_POINT_JS, [code, bottom])
    assert point, f"district {code} is not on the visible part of the map"
    x, y = frame_box["x"] + point["frameX"], frame_box["y"] + point["frameY"]
    assert 0 <= x < viewport["width"] and 0 <= y < viewport["height"], (x, y, viewport)
    return {"x": x, "y": y}


def click_district(page: Any, code: str) -> dict[str, float]:
    """Click district `code` on the map the way a person does (the mouse, at a point on the
    screen, no scrolling); returns the point (viewport px)."""
    point = district_point(page, code)
    page.mouse.click(point["x"], point["y"])
    return point
