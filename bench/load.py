"""`python -m bench.load`: many viewers at once, over Streamlit's own websocket protocol.

A viewer does what a browser tab does, minus the drawing: it loads the page (one HTTP GET, for
the cookies a proxy sets), opens `/_stcore/stream`, sends a `rerun_script` BackMsg for a page
with its query string, reads ForwardMsgs until `script_finished`, then changes a filter (a
selectbox's widget state, or the query string on apps that read it) and waits again. Each run's
latency is the time from sending the BackMsg to receiving `script_finished`. A viewer fails when
its websocket breaks, a run times out, a page is not found, or a run draws an exception.

Three apps are started on loopback, one after the other (each alone on the machine): ours
(`streamlit_app.py` on a freshly seeded SQLite file, Indicators page), the floor
(`bench/apps/floor.py`, run with the same `.streamlit/config.toml`, which the bench checks) and a
naive peer (`bench/apps/naive.py`, `GeoDataFrame.explore()` + one marker per facility on every
run). Each burst of ours and the floor runs REPEATS times: the quiet run (lowest p95) is reported
beside the spread, since other work on the machine can slow one run many times over. Every
workload also reports the server's CPU seconds (utime + stime from /proc) per page run. With
nginx and PostgreSQL at hand, arrivals and bursts of 100 and 200 viewers also run through two
replicas behind the proxy (`deploy/replicas.py`). `--url` measures an already-running target
instead (the dashboard, e.g. through the proxy). Traffic goes to 127.0.0.1 only; viewers and
total time are capped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookies
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NewSession_pb2 import Config
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from deploy.processes import dashboard_cli, free_port, stop, wait_healthy

REPO = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
MAX_VIEWERS = 200  # hard cap, whatever --n says
RUN_TIMEOUT_S = 60.0  # one run slower than this fails its viewer
START_TIMEOUT_S = 90.0
FULL_LIMIT_S = 2700.0  # the whole full run
SMOKE_LIMIT_S = 300.0
BURST_N = (10, 50, 100)
ARRIVAL_VIEWERS, ARRIVAL_WINDOW_S, ARRIVAL_CHANGES, THINK_S = 50, 10.0, 3, (2.0, 4.0)
REPEATS = 3  # each burst of ours and the floor: the quiet run beside the spread
# Through two replicas behind nginx: bursts, and arrivals as (viewers, seconds they arrive over).
REPLICA_BURSTS = (100, 200)
REPLICA_ARRIVALS = ((ARRIVAL_VIEWERS, ARRIVAL_WINDOW_S), (100, 10.0), (200, 20.0))
SINGLE_CHANGES = 5
SEED = 20260701
PAUSE_S = 5.0  # between workloads on one server
MB = 1_000_000

# Targets, as ratios within one run (the machine cancels out), plus one absolute bound.
SINGLE_RERUN_VS_FLOOR = 2.0  # one viewer: our rerun <= 2x the floor's
BURST_TARGET_N = 50
THROUGHPUT_VS_FLOOR = 0.5  # burst N=50: our runs/s >= 0.5x the floor's
P95_VS_NAIVE = 0.25  # burst N=50: our p95 <= 0.25x the naive peer's
REPLICAS_ARRIVAL_P95_S = 1.5  # arrival of 50 through two replicas behind nginx
BURST_P95_S = 1.5  # burst N=50, one server (the quiet run)
CPU_VS_FLOOR = 10.0  # burst N=50: our CPU per page run <= 10x the floor's (least of repeats)
CROWD = (200, 20.0)  # 200 viewers arriving over 20 s through two replicas: no failed viewer


@dataclass(frozen=True)
class Change:
    """A filter change: the first of `widgets` (selectbox keys) offering another option, else
    `query`."""

    widgets: tuple[str, ...] = ()
    query: str | None = None


@dataclass(frozen=True)
class App:
    """An app under load: its script, the page a viewer opens and the changes it then makes."""

    name: str
    script: str
    page: str  # URL path of the page ("" for the main page)
    query: str  # the first visit's query string
    changes: tuple[Change, ...]  # cycled through
    seeded: bool = False  # needs the dashboard's database
    repeat: bool = True  # run each burst REPEATS times


OURS = App(
    "ours",
    "streamlit_app.py",
    "indicators",
    "indicator=learning_families_share",
    (Change(widgets=("ind_period", "ind_indicator")), Change(widgets=("ind_indicator",))),
    seeded=True,
)
FLOOR = App("floor", "bench/apps/floor.py", "", "", (Change(query="v=1"), Change(query="v=2")))
NAIVE = App(
    "naive",
    "bench/apps/naive.py",
    "",
    "page=districts",
    (Change(query="page=province"), Change(query="page=districts")),
    repeat=False,  # a minute per burst, and far from ours either way
)
APPS = {app.name: app for app in (OURS, FLOOR, NAIVE)}


class ViewerError(Exception):
    """A viewer's session went wrong (broken socket, timeout, exception drawn, no page)."""


@dataclass
class Viewer:
    """One browser tab's session: the widget values it holds and what its runs cost."""

    base: str
    app: App
    latencies: list[float] = field(default_factory=list)
    cookie: str = ""  # the browser's cookies (a proxy's sticky-session key among them)
    served_by: str = ""  # X-Served-By of the websocket handshake (behind the proxy)
    page_served_by: str = ""  # ... and of the page load before it
    query: str = ""
    page_hash: str = ""
    widgets: dict[str, tuple[str, list[str], str]] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    toolbar_mode: int = 0  # as the server's config sent it (client.toolbarMode)
    _ws: ClientConnection | None = None

    @property
    def replica(self) -> str:
        """The replica that took the websocket: the last one nginx tried (X-Served-By lists
        every one, "A, B" when A refused and B answered)."""
        return self.served_by.rsplit(",", 1)[-1].strip()

    async def open(self) -> None:
        """Load the page over HTTP (cookies), open the websocket and run the page once."""
        page_url = f"{self.base}/{self.app.page}"
        self.cookie, self.page_served_by = await asyncio.to_thread(load_page, page_url, self.cookie)
        ws_url = "ws" + self.base.removeprefix("http") + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._ws = await connect(
            ws_url,
            subprotocols=[Subprotocol("streamlit")],
            additional_headers=headers,
            max_size=None,
            open_timeout=RUN_TIMEOUT_S,
            ping_interval=None,
            compression=None,
        )
        if self._ws.response is not None:
            self.served_by = self._ws.response.headers.get("X-Served-By", "")
        self.query = self.app.query
        await self.run()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def change(self, number: int) -> None:
        """Make the app's `number`-th filter change (cycling) and wait for the rerun."""
        change = self.app.changes[number % len(self.app.changes)]
        for key in change.widgets:
            if key in self.widgets:
                widget_id, options, current = self.widgets[key]
                others = [o for o in options if o != current]
                if others:
                    value = others[number % len(others)]
                    self.widgets[key] = (widget_id, options, value)
                    await self.run(widget=(widget_id, value))
                    return
        if change.query is None:
            raise ViewerError(f"none of the widgets {change.widgets} is on the page to change")
        self.query = change.query
        await self.run()

    async def run(self, widget: tuple[str, str] | None = None, fragment_id: str = "") -> None:
        """Send one rerun (of a fragment, when given: a `run_every` tick) and read ForwardMsgs
        until the script has finished."""
        assert self._ws is not None
        msg = BackMsg()
        state = msg.rerun_script
        if fragment_id:
            state.fragment_id, state.is_auto_rerun = fragment_id, True
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.page_name = "" if self.page_hash else self.app.page
        state.context_info.timezone = "Asia/Ho_Chi_Minh"
        state.context_info.locale = "vi-VN"
        state.context_info.url = f"{self.base}/{self.app.page}"
        if widget is not None:
            ws_state = state.widget_states.widgets.add()
            ws_state.id, ws_state.string_value = widget
        self.add_widget_states(state.widget_states)
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        deadline = start + RUN_TIMEOUT_S
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ViewerError(f"no script_finished within {RUN_TIMEOUT_S:.0f} s")
            try:
                data = await asyncio.wait_for(self._ws.recv(), timeout=left)
            except TimeoutError as exc:
                raise ViewerError(f"no script_finished within {RUN_TIMEOUT_S:.0f} s") from exc
            if not isinstance(data, bytes):
                raise ViewerError("a text frame on Streamlit's binary protocol")
            if self._read(data):
                break
        self.latencies.append(time.perf_counter() - start)
        if self.exceptions:
            raise ViewerError(f"the run drew an exception: {self.exceptions[0]}")

    def add_widget_states(self, states: WidgetStates) -> None:
        """More widget states for the next run (a form's fields, a button's press)."""

    def _read(self, data: bytes) -> bool:
        """Take in one ForwardMsg; True when it ends the run."""
        fwd = ForwardMsg()
        fwd.ParseFromString(data)
        return self._take(fwd)

    def _take(self, fwd: ForwardMsg) -> bool:
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            element_type = element.WhichOneof("type")
            if element_type == "exception":
                self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif element_type == "selectbox":
                box = element.selectbox
                key = box.id.rsplit("-", 1)[-1]
                options = list(box.options)
                known = self.widgets.get(key)
                if known is not None and known[2] in options:
                    current = known[2]
                elif box.set_value and box.HasField("raw_value"):
                    current = box.raw_value
                else:
                    current = options[box.default] if options and box.HasField("default") else ""
                self.widgets[key] = (box.id, options, current)
        elif kind == "new_session":
            self.page_hash = fwd.new_session.page_script_hash or self.page_hash
            self.toolbar_mode = fwd.new_session.config.toolbar_mode
        elif kind == "navigation":
            self.page_hash = fwd.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query = fwd.page_info_changed.query_string
        elif kind == "page_not_found":
            raise ViewerError(f"page not found: {fwd.page_not_found.page_name!r}")
        elif kind == "session_event" and fwd.session_event.HasField("script_compilation_exception"):
            raise ViewerError("the script does not compile")
        elif kind == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise ViewerError("the script does not compile")
            return bool(status != ForwardMsg.FINISHED_EARLY_FOR_RERUN)
        return False


def load_page(url: str, cookie: str = "") -> tuple[str, str]:
    """GET the page like a browser would, sending `cookie`.

    Returns the cookies the browser then holds (as a Cookie header) and the X-Served-By header
    (the replica, when the proxy names it).
    """
    jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
    if cookie:
        jar.load(cookie)
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=RUN_TIMEOUT_S) as resp:  # noqa: S310 (loopback)
        resp.read()
        for header in resp.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        served_by = resp.headers.get("X-Served-By", "")
    return "; ".join(f"{k}={m.value}" for k, m in jar.items()), served_by


# --- workloads ---------------------------------------------------------------------------------


@dataclass
class Result:
    """One app under one workload."""

    app: str
    workload: str
    n: int
    latencies: list[float]
    first_runs: list[float]
    failed: int
    errors: list[str]
    seconds: float
    rss_sessions: int | None = None  # server RSS with the n sessions open, bytes
    rss_before: int | None = None  # ... just before the workload started
    served_by: dict[str, int] = field(default_factory=dict)
    cpu_s: float | None = None  # the server's CPU seconds over the workload (all replicas)
    rss_each: list[int | None] = field(default_factory=list)  # per replica, sessions open

    @property
    def runs(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.runs / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_run(self) -> float:
        """Server CPU seconds per page run (NaN when not measured)."""
        return self.cpu_s / self.runs if self.cpu_s is not None and self.runs else float("nan")

    def quantile(self, q: float) -> float:
        """Nearest-rank quantile of the run latencies (NaN without runs)."""
        if not self.latencies:
            return float("nan")
        ranked = sorted(self.latencies)
        return ranked[min(len(ranked) - 1, max(0, round(q * len(ranked) + 0.5) - 1))]


@dataclass
class Gate:
    """Holds finished viewers' sessions open until all are done (to weigh n open sessions)."""

    finished: int = 0
    release: asyncio.Event = field(default_factory=asyncio.Event)


async def _viewer(
    base: str,
    app: App,
    *,
    changes: int,
    think: tuple[float, float] | None,
    rng: random.Random,
    delay: float = 0.0,
    gate: Gate | None = None,
) -> tuple[Viewer, str | None]:
    """One viewer's visit; keeps its session open until the gate opens (if given)."""
    viewer = Viewer(base, app)
    pauses = [rng.uniform(*think) if think else 0.0 for _ in range(changes)]
    error = None
    try:
        if delay:
            await asyncio.sleep(delay)
        await viewer.open()
        for number, pause in enumerate(pauses):
            if pause:
                await asyncio.sleep(pause)
            await viewer.change(number)
    except Exception as exc:  # ours, OSError, websockets' own: each is a failed viewer
        error = f"{type(exc).__name__}: {exc}"
    try:
        if gate is not None:
            gate.finished += 1
            if error is None:
                await gate.release.wait()
    finally:
        with contextlib.suppress(Exception):
            await viewer.close()
    return viewer, error


async def _workload(
    base: str,
    app: App,
    *,
    label: str,
    n: int,
    changes: int,
    think: tuple[float, float] | None,
    window: float,
    pid: Pids,
) -> Result:
    n = min(n, MAX_VIEWERS)
    rng = random.Random(SEED)
    delays = sorted(rng.uniform(0, window) for _ in range(n)) if window else [0.0] * n
    gate = Gate()
    rss_before = server_rss(pid)
    cpu_before = cpu_seconds(pids(pid))
    start = time.perf_counter()
    tasks = [
        asyncio.create_task(
            _viewer(
                base,
                app,
                changes=changes,
                think=think,
                rng=random.Random(SEED + i),
                delay=delays[i],
                gate=gate,
            )
        )
        for i in range(n)
    ]
    # Every viewer has finished its runs (or failed) when the gate has counted them all: measure
    # then, with all n sessions still open, and only then let them go.
    while gate.finished < n:
        await asyncio.sleep(0.02)
    finished_at = time.perf_counter()
    cpu_after = cpu_seconds(pids(pid))
    rss = server_rss(pid)
    rss_each = [rss_bytes(p) for p in pids(pid)]
    gate.release.set()
    outcomes = await asyncio.gather(*tasks)
    viewers = [v for v, _ in outcomes]
    errors = [e for _, e in outcomes if e]
    served: dict[str, int] = {}
    for v in viewers:
        if v.replica:
            served[v.replica] = served.get(v.replica, 0) + 1
    return Result(
        app=app.name,
        workload=label,
        n=n,
        latencies=[x for v in viewers for x in v.latencies],
        first_runs=[v.latencies[0] for v in viewers if v.latencies],
        failed=len(errors),
        errors=errors,
        seconds=finished_at - start,
        rss_sessions=rss,
        rss_before=rss_before,
        served_by=served,
        cpu_s=None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
        rss_each=rss_each,
    )


def warm(base: str, app: App, replicas: int = 1) -> None:
    """Untimed visits until `replicas` different servers have each run the page and its changes
    (first runs pay imports and empty caches, which a visitor of a running site does not)."""

    async def visits() -> None:
        seen: set[str] = set()
        for _ in range(6 * replicas):
            viewer = Viewer(base, app)
            try:
                await viewer.open()
                for number in range(len(app.changes)):
                    await viewer.change(number)
            finally:
                await viewer.close()
            seen.add(viewer.replica)
            if len(seen) >= replicas:
                return

    asyncio.run(visits())


def burst(base: str, app: App, n: int, pid: Pids = None, label: str = "") -> Result:
    """N viewers at once, each opening the page and changing a filter twice, back to back."""
    label = label or f"burst {n}"
    return asyncio.run(
        _workload(base, app, label=label, n=n, changes=2, think=None, window=0, pid=pid)
    )


def arrival(
    base: str,
    app: App,
    pid: Pids = None,
    label: str = "arrival",
    n: int = ARRIVAL_VIEWERS,
    window: float = ARRIVAL_WINDOW_S,
) -> Result:
    """`n` viewers arriving over `window` seconds (50 over 10 s), each making 3 changes with
    2-4 s think time."""
    return asyncio.run(
        _workload(
            base,
            app,
            label=label,
            n=n,
            changes=ARRIVAL_CHANGES,
            think=THINK_S,
            window=window,
            pid=pid,
        )
    )


def single(base: str, app: App, pid: Pids = None) -> Result:
    """One viewer alone: opens the page, then changes a filter SINGLE_CHANGES times."""
    result = asyncio.run(
        _workload(
            base,
            app,
            label="single",
            n=1,
            changes=SINGLE_CHANGES,
            think=None,
            window=0,
            pid=pid,
        )
    )
    return result


# --- servers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """A `streamlit run` on loopback."""

    url: str
    pid: int
    log: Path


Pids = int | Sequence[int] | None  # the server's process, or a replica's each


def pids(pid: Pids) -> list[int]:
    """The server's processes (0 and None: not known)."""
    return [p for p in ([pid] if isinstance(pid, int) else list(pid or [])) if p]


def server_rss(pid: Pids) -> int | None:
    """RSS of the server (summed over replicas), bytes; None when not known."""
    sizes = [rss_bytes(p) for p in pids(pid)]
    return sum(x for x in sizes if x is not None) if sizes and None not in sizes else None


def cpu_seconds(pid: Pids) -> float | None:
    """utime + stime of the server processes, seconds (from /proc; None when unknown)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    if not pids(pid):
        return None
    for p in pids(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        total += (int(fields[11]) + int(fields[12])) / ticks  # fields 14 and 15 of stat(5)
    return total


def rss_bytes(pid: int) -> int | None:
    """Resident set size of a process, from /proc (None if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def streamlit_cmd(script: str, port: int, secrets: Path) -> list[str]:
    """`streamlit run` bound to loopback, with an empty secrets file (env vars rule)."""
    return [
        str(Path(sys.executable).with_name("streamlit")),
        "run",
        script,
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
    ]


@contextlib.contextmanager
def serve(app: App, tmp: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    """Start `app` on a free loopback port (ours on a freshly seeded SQLite file)."""
    folder = tmp / app.name
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, **(env or {}))
    if app.seeded and "LEARNING_CITY_DB_URL" not in (env or {}):
        db_url = f"sqlite:///{folder / 'lc.sqlite'}"
        dashboard_cli(["seed"], db_url)
        env.update(LEARNING_CITY_DB_URL=db_url, LEARNING_CITY_DATA_DIR=str(folder))
    secrets = folder / "secrets.toml"
    secrets.write_text("# empty: the app reads LEARNING_CITY_DB_URL\n")
    port = free_port()
    log = folder / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            streamlit_cmd(app.script, port, secrets),
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", proc, log)
        yield Server(url, proc.pid, log)
    finally:
        stop(proc)


def check_local(url: str) -> str:
    """Refuse anything but this machine: the bench sends traffic to loopback only."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname not in LOCAL_HOSTS:
        raise SystemExit(f"--url must be http://127.0.0.1:PORT or http://localhost:PORT: {url}")
    return url.rstrip("/")


# --- report ------------------------------------------------------------------------------------

REPLICAS = "2 replicas"  # ends the label of a workload run through the proxy


@dataclass
class Target:
    text: str
    met: bool | None  # None: not measured
    detail: str


def ms(seconds: float) -> str:
    return "–" if seconds != seconds else f"{seconds * 1000:.0f}"  # NaN check


def mb(value: int | None) -> str:
    return "–" if value is None else f"{value / MB:.0f}"


def cpu_ms(r: Result) -> str:
    return "–" if r.cpu_per_run != r.cpu_per_run else f"{r.cpu_per_run * 1000:.1f}"


def production_config(server: Server, app: App) -> str | None:
    """None when `server` runs with `.streamlit/config.toml`'s settings, else what differs.

    The file's `client.toolbarMode = "viewer"` (Streamlit's default is "auto") reaching a session
    shows that the server read it, and with it no post-script GC; no inotify descriptor in the
    process shows that no file watcher runs.
    """

    async def session() -> Viewer:
        viewer = Viewer(server.url, app)
        try:
            await viewer.open()
        finally:
            await viewer.close()
        return viewer

    if asyncio.run(session()).toolbar_mode != Config.ToolbarMode.VIEWER:
        return "toolbarMode is not the file's: .streamlit/config.toml was not read"
    for fd in Path(f"/proc/{server.pid}/fd").glob("*") if server.pid else ():
        with contextlib.suppress(OSError):
            if "inotify" in os.readlink(fd):
                return "a file watcher runs"
    return None


def repeats(results: Sequence[Result]) -> list[list[Result]]:
    """The runs of each (app, workload), in the order of their first run."""
    out: dict[tuple[str, str], list[Result]] = {}
    for r in results:
        out.setdefault((r.app, r.workload), []).append(r)
    return list(out.values())


def quiet(runs: Sequence[Result]) -> Result:
    """The quiet run of repeats: fewest failed viewers, then the lowest p95."""
    return min(runs, key=lambda r: (r.failed, -r.runs, r.quantile(0.95) if r.runs else math.inf))


def spread(values: Sequence[float], show: Callable[[float], str]) -> str:
    """min–max of the repeats' values ("" for a single run)."""
    values = [v for v in values if v == v]
    return f"{show(min(values))}–{show(max(values))}" if len(values) > 1 else ""


def table(results: Sequence[Result], rest: dict[str, int | None]) -> str:
    """The markdown table: per app and workload, the quiet run and the spread of the repeats."""
    head = (
        "| app | workload | viewers | runs | failed | p50 ms | p95 ms | p95 spread ms | runs/s "
        "| CPU ms/run | CPU spread | first-run p50 ms | RSS at rest MB | RSS open MB "
        "| per session MB |"
    )
    lines = [head, "|" + "---|" * 15]
    for runs in repeats(results):
        r = quiet(runs)
        at_rest = rest.get(REPLICAS if r.workload.endswith(REPLICAS) else r.app)
        per = (
            f"{(r.rss_sessions - r.rss_before) / r.n / MB:.1f}"
            if r.rss_sessions is not None and r.rss_before is not None and r.n
            else "–"
        )
        rss_open = " + ".join(map(mb, r.rss_each)) if len(r.rss_each) > 1 else mb(r.rss_sessions)
        first = statistics.median(r.first_runs) if r.first_runs else float("nan")
        p95s = spread([x.quantile(0.95) for x in runs], ms)
        cpus = spread([x.cpu_per_run * 1000 for x in runs], lambda v: f"{v:.1f}")
        failed = f"{r.failed}" if len(runs) == 1 else f"{r.failed} ({sum(x.failed for x in runs)})"
        lines.append(
            f"| {r.app} | {r.workload}{f' (x{len(runs)})' if len(runs) > 1 else ''} | {r.n} "
            f"| {r.runs} | {failed} | {ms(r.quantile(0.5))} | {ms(r.quantile(0.95))} | {p95s} "
            f"| {r.throughput:.1f} | {cpu_ms(r)} | {cpus} | {ms(first)} | {mb(at_rest)} "
            f"| {rss_open} | {per} |"
        )
    return "\n".join(lines)


def growth(results: Sequence[Result]) -> str:
    """How p95 and throughput change from the smallest to the largest burst on one server."""
    lines = []
    quiets = [quiet(runs) for runs in repeats(results)]
    for app in dict.fromkeys(r.app for r in quiets):
        bursts = sorted(
            (
                r
                for r in quiets
                if r.app == app and r.workload.startswith("burst") and REPLICAS not in r.workload
            ),
            key=lambda r: r.n,
        )
        if len(bursts) < 2:
            continue
        a, b = bursts[0], bursts[-1]
        lines.append(
            f"- {app}: N {a.n} -> {b.n} ({b.n / a.n:.0f}x viewers): p95 x"
            f"{b.quantile(0.95) / a.quantile(0.95):.1f}, runs/s x{b.throughput / a.throughput:.2f}"
        )
    return "\n".join(lines)


def rerun_median(r: Result) -> float:
    """Median of a single viewer's filter changes (its first run, the page load, left out)."""
    return statistics.median(r.latencies[1:]) if len(r.latencies) > 1 else float("nan")


def targets(results: Sequence[Result], config: dict[str, str | None] | None = None) -> list[Target]:
    """The targets, from the quiet run of each workload; `config`: app -> production_config()."""
    find = {(runs[0].app, runs[0].workload): quiet(runs) for runs in repeats(results)}
    least_cpu = {
        (runs[0].app, runs[0].workload): min(
            (r.cpu_per_run for r in runs if r.cpu_per_run == r.cpu_per_run), default=float("nan")
        )
        for runs in repeats(results)
    }
    out = []

    ours, floor = find.get(("ours", "single")), find.get(("floor", "single"))
    if ours and floor:
        a, b = rerun_median(ours), rerun_median(floor)
        out.append(
            Target(
                f"one viewer: our rerun <= {SINGLE_RERUN_VS_FLOOR:g}x floor's",
                a <= SINGLE_RERUN_VS_FLOOR * b,
                f"{ms(a)} ms vs {ms(b)} ms",
            )
        )
    else:
        out.append(Target("one viewer: our rerun <= 2x floor's", None, "ours or floor not run"))
    label = f"burst {BURST_TARGET_N}"
    ours, floor, naive = (find.get((a, label)) for a in ("ours", "floor", "naive"))
    text = f"burst N={BURST_TARGET_N}, one server: our p95 <= {BURST_P95_S:g} s (quiet run)"
    if ours:
        p95 = ours.quantile(0.95)
        out.append(Target(text, p95 <= BURST_P95_S and not ours.failed, f"{ms(p95)} ms"))
    else:
        out.append(Target(text, None, "not run"))
    text = f"burst N={BURST_TARGET_N}: our CPU per page run <= {CPU_VS_FLOOR:g}x floor's (least)"
    a, b = (
        least_cpu.get(("ours", label), float("nan")),
        least_cpu.get(("floor", label), float("nan")),
    )
    if a == a and b == b:
        detail = f"{a * 1000:.1f} ms vs {b * 1000:.1f} ms ({a / b:.0f}x)"
        out.append(Target(text, a <= CPU_VS_FLOOR * b, detail))
    else:
        out.append(Target(text, None, "not run"))
    text = "the floor runs with our .streamlit/config.toml"
    if config is not None and "floor" in config:
        out.append(Target(text, config["floor"] is None, config["floor"] or "checked"))
    else:
        out.append(Target(text, None, "floor not run"))
    if ours and floor:
        out.append(
            Target(
                f"burst N={BURST_TARGET_N}: our runs/s >= {THROUGHPUT_VS_FLOOR:g}x floor's",
                ours.throughput >= THROUGHPUT_VS_FLOOR * floor.throughput,
                f"{ours.throughput:.1f} vs {floor.throughput:.1f} runs/s",
            )
        )
    else:
        out.append(Target(f"burst N={BURST_TARGET_N}: throughput", None, "not run"))
    if ours and naive:
        a, b = ours.quantile(0.95), naive.quantile(0.95)
        out.append(
            Target(
                f"burst N={BURST_TARGET_N}: our p95 <= {P95_VS_NAIVE:g}x naive's",
                a <= P95_VS_NAIVE * b,
                f"{ms(a)} ms vs {ms(b)} ms",
            )
        )
    else:
        out.append(Target(f"burst N={BURST_TARGET_N}: p95 vs naive", None, "not run"))
    n, window = REPLICA_ARRIVALS[0]
    proxy = find.get(("ours", arrival_label(n, window, REPLICAS)))
    text = f"{n} arriving over {window:g} s, {REPLICAS}: p95 <= {REPLICAS_ARRIVAL_P95_S:g} s"
    if proxy:
        p95 = proxy.quantile(0.95)
        ok = p95 <= REPLICAS_ARRIVAL_P95_S and proxy.failed == 0
        out.append(Target(text, ok, f"{ms(p95)} ms, {proxy.failed} failed viewers"))
    else:
        out.append(Target(text, None, "not run (needs nginx and PostgreSQL)"))
    n, window = CROWD
    crowd = find.get(("ours", arrival_label(n, window, REPLICAS)))
    text = f"{n} arriving over {window:g} s, {REPLICAS}: no failed viewer (p95 reported)"
    if crowd:
        detail = f"{crowd.failed} failed viewers, p95 {ms(crowd.quantile(0.95))} ms"
        out.append(Target(text, crowd.failed == 0 and crowd.runs > 0, detail))
    else:
        out.append(Target(text, None, "not run (needs nginx and PostgreSQL)"))
    return out


def verdict(met: bool | None) -> str:
    return {True: "met", False: "NOT MET", None: "not measured"}[met]


# --- main --------------------------------------------------------------------------------------


class Budget:
    """The total time limit: a workload starts only while time is left."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self) -> bool:
        return time.monotonic() < self.deadline


def arrival_label(n: int, window: float, where: str = "") -> str:
    return f"arrival {n} over {window:g} s" + (f", {where}" if where else "")


def noted(result: Result) -> Result:
    """`result`, after a progress line on stderr."""
    served = f", served by {result.served_by}" if len(result.served_by) > 1 else ""
    print(
        f"  {result.app} {result.workload}: {result.runs} runs, {result.failed} failed, "
        f"p95 {ms(result.quantile(0.95))} ms, CPU {cpu_ms(result)} ms/run{served}",
        file=sys.stderr,
        flush=True,
    )
    return result


def run_app(
    server: Server,
    app: App,
    ns: Sequence[int],
    *,
    with_single: bool,
    with_arrival: bool,
    repeat: int,
    budget: Budget,
    results: list[Result],
    rest: dict[str, int | None],
) -> None:
    """Every workload on one running app, appending to `results`."""
    warm(server.url, app)  # every app measured warm (imports, caches)
    time.sleep(1.0)
    rest[app.name] = rss_bytes(server.pid)
    plan: list[tuple[str, int]] = [("single", 1)] if with_single else []
    plan += [("burst", n) for n in ns for _ in range(repeat if app.repeat else 1)]
    plan += [("arrival", ARRIVAL_VIEWERS)] if with_arrival else []
    for kind, n in plan:
        if not budget.left():
            print(f"time limit reached: {app.name} {kind} {n} skipped", file=sys.stderr)
            continue
        if kind == "single":
            result = single(server.url, app, server.pid)
        elif kind == "burst":
            result = burst(server.url, app, n, server.pid)
        else:
            label = arrival_label(ARRIVAL_VIEWERS, ARRIVAL_WINDOW_S)
            result = arrival(server.url, app, server.pid, label=label)
        results.append(noted(result))
        time.sleep(PAUSE_S)  # let the last workload's sessions close before the next one


def replicas_runs(
    tmp: Path, budget: Budget, results: list[Result], rest: dict[str, int | None], repeat: int
) -> str | None:
    """Arrivals and bursts through two replicas behind nginx; the reason when they cannot
    run."""
    try:
        from deploy import replicas
    except ImportError as exc:
        return f"deploy/replicas.py not importable: {exc}"
    if reason := replicas.missing():
        return reason
    if not budget.left():
        return "time limit reached"
    with replicas.running(tmp / "replicas") as deployment:
        warm(deployment.url, OURS, replicas=len(deployment.replicas))
        replica_pids = [r.proc.pid for r in deployment.replicas]
        time.sleep(1.0)
        rest[REPLICAS] = server_rss(replica_pids)
        plan = [(n, 0.0) for n in REPLICA_BURSTS for _ in range(repeat)]
        plan = [REPLICA_ARRIVALS[0], *plan, *REPLICA_ARRIVALS[1:]]
        for n, window in plan:
            if not budget.left():
                print(f"time limit reached: {n} viewers, {REPLICAS} skipped", file=sys.stderr)
                continue
            if window:
                label = arrival_label(n, window, REPLICAS)
                result = arrival(deployment.url, OURS, replica_pids, label, n, window)
            else:
                result = burst(deployment.url, OURS, n, replica_pids, f"burst {n}, {REPLICAS}")
            results.append(noted(result))
            time.sleep(PAUSE_S)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    from bench import followers  # builds on this module's Viewer, App and serve

    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--n",
        default=",".join(map(str, BURST_N)),
        help=f"burst sizes, comma-separated (capped at {MAX_VIEWERS})",
    )
    parser.add_argument("--apps", default="ours,floor,naive", help="of: ours, floor, naive")
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        help="an already-running dashboard on loopback (e.g. the nginx proxy); "
        "repeatable; replaces --apps",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="N=10 burst on ours and floor; fails only on failed viewers",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=REPEATS,
        help=f"runs of each burst of ours and the floor (default {REPEATS}; the quiet one counts)",
    )
    parser.add_argument(
        "--no-replicas",
        action="store_true",
        help="skip the arrival run through two replicas behind nginx",
    )
    parser.add_argument(
        "--no-followers",
        action="store_true",
        help="skip the followers of a presenter (bench/followers.py)",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="exit 0 even when a target is missed (failed viewers still fail)",
    )
    args = parser.parse_args(argv)

    ns = [min(int(x), MAX_VIEWERS) for x in args.n.split(",") if x.strip()]
    apps = [APPS[a.strip()] for a in args.apps.split(",") if a.strip()]
    repeat = max(1, min(args.repeat, 10))
    if args.smoke:
        ns, repeat = [10], 1
        apps = [a for a in apps if a.name in ("ours", "floor")] or [OURS]
    budget = Budget(SMOKE_LIMIT_S if args.smoke else FULL_LIMIT_S)
    results: list[Result] = []
    rest: dict[str, int | None] = {}
    config: dict[str, str | None] = {}
    skipped = None
    print(f"load bench: {os.cpu_count()} cores, bursts {ns}, seed {SEED}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="lc-load-") as tmp_name:
        tmp = Path(tmp_name)
        if args.url:
            for url in map(check_local, args.url):
                wait_healthy(f"{url}/_stcore/health", None, None)
                app = App(url, OURS.script, OURS.page, OURS.query, OURS.changes)
                server = Server(url, 0, Path())
                run_app(
                    server,
                    app,
                    ns,
                    with_single=True,
                    with_arrival=not args.smoke,
                    repeat=repeat,
                    budget=budget,
                    results=results,
                    rest=rest,
                )
        else:
            for app in apps:
                with serve(app, tmp) as server:
                    config[app.name] = production_config(server, app)
                    print(
                        f"{app.name}: {server.url} (pid {server.pid}); .streamlit/config.toml: "
                        f"{config[app.name] or 'in force'}",
                        file=sys.stderr,
                    )
                    run_app(
                        server,
                        app,
                        ns,
                        with_single=True,
                        with_arrival=not args.smoke,
                        repeat=repeat,
                        budget=budget,
                        results=results,
                        rest=rest,
                    )
            if not args.smoke and not args.no_replicas:
                skipped = replicas_runs(tmp, budget, results, rest, repeat)
        follow_results: list[followers.FollowResult] = (
            []
            if args.no_followers or args.url
            else followers.bench(
                tmp, smoke=args.smoke, replicas=not args.no_replicas, budget=budget
            )
        )

    print("\n## Load: runs over Streamlit's websocket\n")
    print(
        f"Each app alone on the machine; bursts of ours and the floor run {repeat} time(s): the "
        "quiet run (lowest p95) with the spread of p95 and CPU per page run; failed: the quiet "
        "run's (all runs'). CPU: the server processes' utime + stime over the workload / runs.\n"
    )
    print(table(results, rest))
    if grown := growth(results):
        print("\nGrowth with N:\n" + grown)
    if skipped:
        print(f"\nWorkloads through two replicas not run: {skipped}")
    if follow_results:
        print("\n## Followers of one presenter who moves every 5 s\n")
        print(followers.table(follow_results))
    failures = [(r.app, r.workload, e) for r in results for e in r.errors]
    failures += [("followers", r.label, e) for r in follow_results for e in r.errors]
    failures += [
        ("followers", r.label, f"{r.missed} moves not shown before the next one")
        for r in follow_results
        if args.smoke and r.missed
    ]
    for who, workload, e in failures[:10]:
        print(f"\nfailed viewer ({who}, {workload}): {e}")
    if args.smoke:
        print(f"\nsmoke: {len(failures)} failed viewers (times not judged)")
        return 1 if failures else 0
    print("\n| target | measured | verdict |\n|---|---|---|")
    checks = targets(results, config) + (
        followers.targets(follow_results) if follow_results else []
    )
    for t in checks:
        print(f"| {t.text} | {t.detail} | {verdict(t.met)} |")
    missed = any(t.met is False for t in checks)
    return 1 if failures or (missed and not args.report_only) else 0


if __name__ == "__main__":
    sys.exit(main())
