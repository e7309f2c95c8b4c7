"""`python -m bench.browser`: what a visitor waits for, in Debian's Chromium, offline.

Median of 10 each, on the Indicators page:

(a) filter change -> map redrawn: pick another indicator in the "Chỉ tiêu" selectbox (the first
    two of the group, in turn); done when the streamlit-folium frame holds a Leaflet map whose 12
    district paths are all drawn and whose district styles (fill colour, tooltip) differ from
    before (how many changes also changed a fill colour is reported);
(b) map click -> selection shown: click inside a district polygon in the map's frame; done when
    its name shows as a chip of the "Đơn vị so sánh" multiselect;
(c) first visit: bytes over the wire (HTTP bodies as transferred, plus websocket frames, from
    Chrome's network events) and the time from navigation to the map drawn, in a fresh browser
    context (empty cache) each time;
(d) slide change: on /present of a deck of district slides (two indicators in turn), at
    1920×1080, press → on a slide whose next slide has been prepared; done when the slide
    counter reads the next number and the live map's 12 districts are drawn in the new slide's
    styles (measured on the directly started server, where the bench makes the deck).

It runs against the dashboard started directly (`streamlit run`, seeded SQLite) and, where nginx
and PostgreSQL are at hand, through two replicas behind nginx (deploy/replicas.py); (c)'s
targets are judged through the proxy. Every request not to this machine is aborted. Waits are
polled from Python every ~10 ms, so times carry that much granularity.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import load
from deploy.processes import dashboard_cli

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
REPEAT = 10
TIMEOUT_S = 45.0
POLL_S = 0.01
SETTLE_S = 0.5  # after a map is drawn, before the next timed action
PAGE = "indicators?indicator=learning_families_share"
COMPARE = "Đơn vị so sánh"  # the Indicators page's multiselect of units
INDICATOR = "Chỉ tiêu"
FOLIUM_IFRAME = "iframe[title*='streamlit_folium']"
MB = 1_000_000

MAX_FILTER_S, MAX_CLICK_S, MAX_FIRST_MB, MAX_FIRST_S = 0.3, 0.4, 1.5, 2.0
MAX_SLIDE_S = 0.5
SLIDE_INDICATORS = ("learning_families_share", "learning_citizens_share")

# The Leaflet map streamlit-folium builds is the global `map_div` (also `window.map`).
MAP_JS = "(window.map_div instanceof L.Map ? window.map_div : window.map)"

# The district layers' styles once every one has its path drawn, else null.
DISTRICTS_JS = f"""
() => {{
    if (typeof L === "undefined") return null;
    const m = {MAP_JS};
    if (!(m instanceof L.Map)) return null;
    const out = [];
    let missing = 0;
    m.eachLayer((layer) => {{
        const p = layer.feature && layer.feature.properties;
        if (!p || p.level !== "district") return;
        if (!(layer._path && layer._path.isConnected && layer._path.getAttribute("d"))) {{
            missing += 1;
            return;
        }}
        out.push([p.code, layer._path.getAttribute("fill"), p.tip || ""].join("|"));
    }});
    return missing || !out.length ? null : {{n: out.length, styles: out.sort().join("\\n")}};
}}
"""

# The present page's slide counter and its live map's district styles, read from the page (the
# map's frame is of the same origin); null while the map is not drawn.
SLIDE_JS = f"""
() => {{
    const frame = document.querySelector("{FOLIUM_IFRAME}");
    const count = document.querySelector(".lc-count");
    const w = frame && frame.contentWindow;
    if (!w || !count || !w.L || !w.eval) return null;
    const drawn = w.eval("(" + {json.dumps(DISTRICTS_JS)} + ")()");
    return drawn && {{count: count.textContent, n: drawn.n, styles: drawn.styles}};
}}
"""

# Codes and names of the districts on the map.
NAMES_JS = f"""
() => {{
    const out = {{}};
    {MAP_JS}.eachLayer((layer) => {{
        const p = layer.feature && layer.feature.properties;
        // The live map binds tooltips in the browser (no `tip` property on the feature).
        const tip = layer.getTooltip && layer.getTooltip();
        const text = tip ? String(tip.getContent()) : "";
        if (p && p.level === "district") out[p.code] = p.tip || text;
    }});
    return out;
}}
"""

# A point (map container pixels) surely inside one district: the grid point over its bounds that
# hits the district's own path, farthest from a miss in the four directions (as in
# tests/test_browser_planner.py).
INTERIOR_POINT_JS = f"""
(code) => {{
    const m = {MAP_JS};
    let target = null;
    m.eachLayer((layer) => {{
        const p = layer.feature && layer.feature.properties;
        if (p && p.level === "district" && p.code === code) target = layer;
    }});
    if (!target || !target._path) return null;
    const box = m.getContainer().getBoundingClientRect();
    const size = m.getSize();
    const b = target.getBounds();
    const nw = m.latLngToContainerPoint(b.getNorthWest());
    const se = m.latLngToContainerPoint(b.getSouthEast());
    const step = 3;
    const hit = new Set();
    const hits = (x, y) => hit.has(x + "," + y);
    const x0 = Math.max(step, Math.ceil(nw.x)), x1 = Math.min(size.x - step, Math.floor(se.x));
    const y0 = Math.max(step, Math.ceil(nw.y)), y1 = Math.min(size.y - step, Math.floor(se.y));
    for (let x = x0; x <= x1; x += step) {{
        for (let y = y0; y <= y1; y += step) {{
            if (document.elementFromPoint(box.left + x, box.top + y) === target._path) {{
                hit.add(x + "," + y);
            }}
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
    return best;
}}
"""

# Whether the multiselect labelled `label` shows a chip reading `name`.
CHIP_JS = """
([label, name]) => {
    const tags = "[data-testid=stMultiSelectTagsContainer] [data-tag]";
    return Array.from(document.querySelectorAll("[data-testid=stMultiSelect]"))
        .filter((w) => (w.textContent || "").includes(label))
        .some((w) => Array.from(w.querySelectorAll(tags))
            .some((chip) => chip.textContent.trim() === name));
}
"""


class BenchError(Exception):
    """The page did not reach the awaited state in time."""


@dataclass
class Visit:
    """A first visit: bytes over the wire and time to the map drawn."""

    seconds: float
    http_bytes: int
    ws_bytes: int
    requests: int
    sizes: dict[str, int] = field(default_factory=dict)  # bytes per URL path

    @property
    def total(self) -> int:
        return self.http_bytes + self.ws_bytes


@dataclass
class Row:
    """One target (direct or through the proxy): the three measurements."""

    label: str
    filter_s: list[float] = field(default_factory=list)
    filter_recoloured: int = 0  # of the filter changes, those that changed a fill colour
    click_s: list[float] = field(default_factory=list)
    slide_s: list[float] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def map_frames(page: Any) -> list[Any]:
    return [f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached()]


def districts(page: Any) -> dict[str, Any] | None:
    """The drawn district styles in the (current) map frame, or None while it is not drawn."""
    for frame in map_frames(page):
        with contextlib.suppress(Exception):  # a frame may detach or be loading mid-call
            found = frame.evaluate(DISTRICTS_JS)
            if found:
                return dict(found)
    return None


def poll(page: Any, check: Callable[[], Any], what: str, timeout: float = TIMEOUT_S) -> Any:
    """Call `check` every POLL_S until it returns something truthy.

    Waits with Playwright's own timer, not time.sleep: the sync API handles the browser's events
    (our request routing among them) only while Python is inside a Playwright call.
    """
    deadline = time.perf_counter() + timeout
    while True:
        if result := check():
            return result
        if time.perf_counter() > deadline:
            raise BenchError(f"timed out waiting for {what}")
        page.wait_for_timeout(POLL_S * 1000)


def wait_drawn(page: Any, n: int | None = None) -> dict[str, Any]:
    """Wait for the map's districts to be drawn (all `n`, if given)."""
    return dict(
        poll(
            page,
            lambda: (d := districts(page)) and (n is None or d["n"] >= n) and d,
            "the map's districts",
        )
    )


@contextlib.contextmanager
def offline_page(browser: Any, row: Row) -> Iterator[Any]:
    """A fresh context (empty cache) whose requests off this machine are aborted."""
    context = browser.new_context(viewport={"width": 1400, "height": 2600}, locale="vi-VN")

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname in LOCAL_HOSTS:
            r.fallback()
        else:
            row.external.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    try:
        yield context.new_page()
    finally:
        context.close()


def first_visit(
    browser: Any,
    base: str,
    row: Row,
    path: str = PAGE,
    ready: Callable[[Any], Any] | None = None,
) -> Visit:
    """(c): one cold visit; bytes from Chrome's network events, time to the map drawn (or to
    what `ready` waits for)."""
    with offline_page(browser, row) as page:
        cdp = page.context.new_cdp_session(page)
        counts = {"http": 0, "ws": 0, "requests": 0}
        urls: dict[str, str] = {}
        sizes: dict[str, int] = {}

        def sent(event: dict[str, Any]) -> None:
            urls[event["requestId"]] = event["request"]["url"]

        def finished(event: dict[str, Any]) -> None:
            size = int(event.get("encodedDataLength", 0))
            counts["http"] += size
            counts["requests"] += 1
            path = urlsplit(urls.get(event["requestId"], "?")).path
            sizes[path] = sizes.get(path, 0) + size

        def frame(event: dict[str, Any]) -> None:
            response = event.get("response", {})
            data = response.get("payloadData", "")
            binary = response.get("opcode") == 2
            counts["ws"] += len(base64.b64decode(data)) if binary else len(data.encode())

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.webSocketFrameReceived", frame)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        start = time.perf_counter()
        page.goto(f"{base}/{path}", wait_until="commit")
        if ready is None:
            wait_drawn(page, 12)
        else:
            ready(page)
        seconds = time.perf_counter() - start
        page.wait_for_timeout(1500)  # late requests (fonts, icons) still count as bytes
        return Visit(seconds, counts["http"], counts["ws"], counts["requests"], sizes)


def fills(drawn: dict[str, Any]) -> dict[str, str]:
    """District code -> fill colour, from `districts()`."""
    return {ln.split("|")[0]: ln.split("|")[1] for ln in drawn["styles"].splitlines()}


def redrawn(page: Any, old: str) -> dict[str, Any] | None:
    """The map's districts once all are drawn in styles other than `old`."""
    drawn = districts(page)
    return drawn if drawn and drawn["n"] >= 12 and drawn["styles"] != old else None


def chip_shown(page: Any, name: str) -> bool:
    return bool(page.evaluate(CHIP_JS, [COMPARE, name]))


def filter_changes(page: Any, row: Row, repeat: int) -> None:
    """(a): switch the indicator between the first two of its group; time until the map is
    redrawn in the new styles (fill colours, and tooltips naming the indicator)."""
    for _ in range(repeat):
        before = wait_drawn(page, 12)
        page.wait_for_timeout(SETTLE_S * 1000)
        box = page.get_by_role("combobox", name=INDICATOR, exact=True)
        now = str(box.input_value())
        box.click()
        options = [o.strip() for o in page.get_by_role("option").all_inner_texts()]
        other = next((o for o in options[:2] if o and o != now), None)
        if other is None:
            raise BenchError(f"the indicator selectbox offers nothing but {now!r}: {options}")
        option = page.get_by_role("option", name=other, exact=True)
        option.wait_for()
        start = time.perf_counter()
        option.click()
        after = poll(page, partial(redrawn, page, before["styles"]), "the map redrawn")
        row.filter_s.append(time.perf_counter() - start)
        row.filter_recoloured += fills(before) != fills(after)


def map_clicks(page: Any, row: Row, repeat: int) -> None:
    """(b): click districts one after another; time until each one's chip is shown."""
    wait_drawn(page, 12)
    names = {
        code: (m[1] if (m := re.search(r"<b>(.*?)</b>", tip)) else code)
        for code, tip in map_frames(page)[0].evaluate(NAMES_JS).items()
    }
    for code in sorted(names)[:repeat]:
        wait_drawn(page, 12)
        page.wait_for_timeout(SETTLE_S * 1000)
        frame = map_frames(page)[0]
        point = frame.evaluate(INTERIOR_POINT_JS, code)
        if not point:
            raise BenchError(f"district {code} cannot be hit on the map")
        target = page.frame_locator(FOLIUM_IFRAME).locator(".leaflet-container")
        target.scroll_into_view_if_needed()
        start = time.perf_counter()
        target.click(position={"x": point["x"], "y": point["y"]})
        poll(
            page,
            partial(chip_shown, page, names[code]),
            f"the chip of {names[code]}",
        )
        row.click_s.append(time.perf_counter() - start)


def slide_deck(db_url: str, slides: int) -> None:
    """A deck (id 1) of `slides` district slides, two indicators in turn."""
    args = ["deck", "new", "Bench"]
    for i in range(slides):
        indicator = SLIDE_INDICATORS[i % 2]
        args += ["--slide", f"indicators?indicator={indicator}&period=2024", "--title", str(i)]
    dashboard_cli(args, db_url)


def slide_state(page: Any) -> dict[str, Any] | None:
    with contextlib.suppress(Exception):  # the frame may be loading mid-call
        state = page.evaluate(SLIDE_JS)
        return dict(state) if state else None
    return None


def slide_drawn(page: Any, n: int, old: str = "") -> dict[str, Any] | None:
    """The present page's state once slide `n`'s map has its 12 districts drawn (in styles
    other than `old`)."""
    state = slide_state(page)
    if state and f" {n}/" in state["count"] and state["n"] >= 12 and state["styles"] != old:
        return state
    return None


def slide_changes(browser: Any, base: str, row: Row, repeat: int) -> None:
    """(d): press → on the present page; time until the next slide's map is restyled."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname in LOCAL_HOSTS:
            r.fallback()
        else:
            row.external.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    try:
        page = context.new_page()
        page.goto(f"{base}/present?deck=1&slide=1", wait_until="domcontentloaded")
        for n in range(1, repeat + 1):
            before = poll(page, partial(slide_drawn, page, n), f"slide {n} drawn")
            page.wait_for_timeout(SETTLE_S * 2000)  # the next slide is prepared meanwhile
            start = time.perf_counter()
            page.keyboard.press("ArrowRight")
            poll(
                page,
                partial(slide_drawn, page, n + 1, before["styles"]),
                f"slide {n + 1} drawn",
            )
            row.slide_s.append(time.perf_counter() - start)
    finally:
        context.close()


def measure(
    browser: Any, label: str, base: str, repeat: int, replicas: int = 1, *, slides: bool = False
) -> Row:
    """(c), (a), (b) and, with `slides` (a deck 1 of repeat + 1 slides), (d) on a warm server
    (every replica has run the page once, untimed)."""
    row = Row(label)
    print(f"{label}: {base}", file=sys.stderr, flush=True)
    # Playwright's sync API keeps an event loop in this thread: the websocket client gets its own.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(load.warm, base, load.OURS, replicas).result()
    for _ in range(repeat):
        row.visits.append(first_visit(browser, base, row))
    with offline_page(browser, row) as page:
        page.goto(f"{base}/{PAGE}", wait_until="domcontentloaded")
        filter_changes(page, row, repeat)
    with offline_page(browser, row) as page:
        page.goto(f"{base}/{PAGE}", wait_until="domcontentloaded")
        map_clicks(page, row, repeat)
    if slides:
        slide_changes(browser, base, row, repeat)
    return row


def floor_visits(browser: Any, base: str, repeat: int) -> Row:
    """(c) for Streamlit's one-line floor app behind the same proxy: what any Streamlit page
    costs a first visitor (its bundle and fonts), for comparison."""
    row = Row("floor app (proxy)")
    print(f"{row.label}: {base}", file=sys.stderr, flush=True)
    for _ in range(repeat):
        row.visits.append(
            first_visit(browser, base, row, "", lambda page: page.get_by_text("hello").wait_for())
        )
    return row


def report(rows: Sequence[Row]) -> tuple[str, list[tuple[str, str, bool | None]]]:
    lines = [
        "| target | (a) filter -> map s | recoloured | (b) click -> chip s "
        "| (c) first visit MB (http + ws) | requests | (c) to map drawn s | (d) slide change s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        http = median([v.http_bytes for v in r.visits]) / MB
        ws = median([v.ws_bytes for v in r.visits]) / MB
        total = median([v.total for v in r.visits]) / MB
        filter_s = f"{median(r.filter_s):.3f}" if r.filter_s else "–"
        recoloured = f"{r.filter_recoloured}/{len(r.filter_s)}" if r.filter_s else "–"
        click_s = f"{median(r.click_s):.3f}" if r.click_s else "–"
        slide_s = f"{median(r.slide_s):.3f}" if r.slide_s else "–"
        lines.append(
            f"| {r.label} | {filter_s} | {recoloured} "
            f"| {click_s} | {total:.2f} ({http:.2f} + {ws:.2f}) "
            f"| {median([v.requests for v in r.visits]):.0f} "
            f"| {median([v.seconds for v in r.visits]):.2f} | {slide_s} |"
        )
    judged = next((r for r in rows if r.label == "proxy"), rows[-1])
    first_mb = median([v.total for v in judged.visits]) / MB
    first_s = median([v.seconds for v in judged.visits])
    checks: list[tuple[str, str, bool | None]] = [
        (f"(a) filter change -> map redrawn <= {MAX_FILTER_S} s ({judged.label})",
         f"{median(judged.filter_s):.3f} s", median(judged.filter_s) <= MAX_FILTER_S),
        (f"(b) map click -> selection shown <= {MAX_CLICK_S} s ({judged.label})",
         f"{median(judged.click_s):.3f} s", median(judged.click_s) <= MAX_CLICK_S),
        (f"(c) first visit <= {MAX_FIRST_MB} MB ({judged.label})", f"{first_mb:.2f} MB",
         first_mb <= MAX_FIRST_MB if judged.label == "proxy" else None),
        (f"(c) first visit to map drawn <= {MAX_FIRST_S} s ({judged.label})", f"{first_s:.2f} s",
         first_s <= MAX_FIRST_S if judged.label == "proxy" else None),
    ]  # fmt: skip
    if timed := next((r for r in rows if r.slide_s), None):
        slide_median = median(timed.slide_s)
        checks.append((f"(d) slide change -> map drawn <= {MAX_SLIDE_S} s ({timed.label})",
                       f"{slide_median:.3f} s", slide_median <= MAX_SLIDE_S))  # fmt: skip
    return "\n".join(lines), checks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__)
    parser.add_argument("--repeat", type=int, default=REPEAT, help="measurements of each kind")
    parser.add_argument("--url", action="append", default=[],
                        help="an already-running dashboard on loopback (repeatable)")  # fmt: skip
    parser.add_argument("--no-proxy", action="store_true", help="skip the two-replica run")
    parser.add_argument("--report-only", action="store_true", help="exit 0 on missed targets")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is not installed (`make browser`)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    repeat = max(1, min(args.repeat, 50))
    rows: list[Row] = []
    skipped = None
    with (
        tempfile.TemporaryDirectory(prefix="lc-browser-") as tmp_name,
        sync_playwright() as p,
    ):
        tmp = Path(tmp_name)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            if args.url:
                for url in map(load.check_local, args.url):
                    rows.append(measure(browser, url, url, repeat))
            else:
                with load.serve(load.OURS, tmp) as server:
                    slide_deck(f"sqlite:///{tmp / load.OURS.name / 'lc.sqlite'}", repeat + 1)
                    rows.append(measure(browser, "direct", server.url, repeat, slides=True))
                if not args.no_proxy:
                    from deploy import replicas

                    if skipped := replicas.missing():
                        pass
                    else:
                        with replicas.running(tmp / "replicas") as deployment:
                            n = len(deployment.replicas)
                            rows.append(measure(browser, "proxy", deployment.url, repeat, n))
                        floor = load.FLOOR.script
                        with replicas.running(
                            tmp / "floor", db_url="sqlite://", script=floor
                        ) as deployment:
                            rows.append(floor_visits(browser, deployment.url, repeat))
        finally:
            browser.close()
    table, checks = report(rows)
    print(f"\n## Browser: what a visitor waits for (median of {repeat})\n")
    print(table)
    if skipped:
        print(f"\nThrough the proxy not measured: {skipped}")
    for r in rows:
        if r.visits:
            by_size = sorted(r.visits[-1].sizes.items(), key=lambda kv: -kv[1])[:8]
            print(f"\nLargest transfers of a first visit ({r.label}): " + ", ".join(
                f"{path} {size / 1000:.0f} kB" for path, size in by_size
            ))  # fmt: skip
    external = sorted({u for r in rows for u in r.external})
    if external:
        print(f"\nrequests to the internet (aborted): {external[:5]}")
    print("\n| target | measured | verdict |\n|---|---|---|")
    for text, measured, met in checks:
        print(f"| {text} | {measured} | {load.verdict(met)} |")
    missed = any(met is False for _, _, met in checks)
    return 1 if missed and not args.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
