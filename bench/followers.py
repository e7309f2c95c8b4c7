"""Followers under load: N phones on /follow?code=… while one presenter moves every 5 s.

The presenter is a websocket session like a browser tab's: it opens the console
(/present?deck=1&console=1), signs in through the sidebar form, presses "Let other screens
follow" and then the console's Next button (what the → key presses) every MOVE_EVERY_S
seconds, back to the first slide after the last. Each follower opens the follow link and then
does what the browser does for an `st.fragment(run_every=…)`: it asks for a run of that
fragment at the interval the server announced (`auto_rerun`). A follower's lag is the time
from the presenter's press to the first run that draws the new slide number
(`data-slide="N"` in the follow bar). Also reported: the presenter's own slide change (press to
`script_finished`), the server's CPU time (utime + stime from /proc) over the workload and its
RSS with every follower connected.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates

from bench import load
from deploy.processes import dashboard_cli

PRESENTER, PASSWORD = "bench-presenter", "bench-password-1"
DECK_SLIDES = 3
MOVE_EVERY_S = 5.0
MOVES = 10
SMOKE_FOLLOWERS, SMOKE_MOVES = 5, 2
LAG_TARGET_S, CHANGE_TARGET_S, TARGET_N = 2.0, 0.5, 50
SLIDE = re.compile(r'data-slide="(\d+)"')
CODE = re.compile(r"/follow\?code=([A-Za-z0-9_-]{8,32})")
CONSOLE = load.App("console", "streamlit_app.py", "present", "deck=1&console=1&lang=en", ())


def follower_app(code: str) -> load.App:
    return load.App("follow", "streamlit_app.py", "follow", f"code={code}", ())


def prepare(db_url: str) -> None:
    """A deck of DECK_SLIDES slides (id 1) and the presenter's account, on the database."""
    deck = ["deck", "new", "Bench"]
    for i in range(DECK_SLIDES):
        indicator = ("learning_families_share", "learning_citizens_share")[i % 2]
        deck += ["--slide", f"indicators?indicator={indicator}&period=2024", "--title", f"S{i}"]
    dashboard_cli(deck, db_url)
    old = os.environ.get("LEARNING_CITY_PASSWORD")
    os.environ["LEARNING_CITY_PASSWORD"] = PASSWORD
    try:
        dashboard_cli(["user", "add", PRESENTER, "--role", "viewer"], db_url)
    finally:
        if old is None:
            os.environ.pop("LEARNING_CITY_PASSWORD", None)
        else:
            os.environ["LEARNING_CITY_PASSWORD"] = old


@dataclass
class Client(load.Viewer):
    """A tab that also knows its buttons and text fields, the HTML it was sent and its
    fragment's auto-rerun."""

    ids: dict[str, str] = field(default_factory=dict)  # widget key -> id
    submit: str = ""  # the sign-in form's submit button
    html: list[str] = field(default_factory=list)  # bodies of st.html in the last run
    fragment: tuple[str, float] = ("", 0.0)
    pending: list[tuple[str, str | bool]] = field(default_factory=list)
    slide: int = 0
    seen: list[tuple[float, int]] = field(default_factory=list)  # (when, slide) on each change

    def add_widget_states(self, states: WidgetStates) -> None:
        for widget_id, value in self.pending:
            state = states.widgets.add()
            state.id = widget_id
            if isinstance(value, bool):
                state.trigger_value = value
            else:
                state.string_value = value
        self.pending = []

    def _take(self, fwd: ForwardMsg) -> bool:
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            self.html = []
        elif kind == "auto_rerun":
            self.fragment = (fwd.auto_rerun.fragment_id, fwd.auto_rerun.interval)
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            which = element.WhichOneof("type")
            if which == "html":
                self.html.append(element.html.body)
                if found := SLIDE.search(element.html.body):
                    slide = int(found.group(1))
                    if slide != self.slide:
                        self.slide = slide
                        self.seen.append((time.perf_counter(), slide))
            elif which in ("button", "text_input"):
                widget = getattr(element, which)
                self.ids[widget.id.rsplit("-", 1)[-1]] = widget.id
                if which == "button" and widget.is_form_submitter and widget.form_id == "sign_in":
                    self.submit = widget.id
        return super()._take(fwd)

    async def press(self, key: str) -> float:
        """Press the button with this key; the run's time."""
        if key not in self.ids:
            raise load.ViewerError(f"no button {key!r} on the page")
        self.pending = [(self.ids[key], True)]
        await self.run()
        return self.latencies[-1]


async def presenter_session(base: str) -> tuple[Client, str]:
    """The console, signed in, following switched on; returns it and the follow code."""
    console = Client(base, CONSOLE)
    await console.open()
    if not console.submit or "sign_in_name" not in console.ids:
        raise load.ViewerError("no sign-in form on the console's page")
    console.pending = [
        (console.ids["sign_in_name"], PRESENTER),
        (console.ids["sign_in_pw"], PASSWORD),
        (console.submit, True),
    ]
    await console.run()
    await console.press("console_start")
    code = next((m.group(1) for h in console.html if (m := CODE.search(h))), None)
    if code is None:
        raise load.ViewerError("the console shows no follow link after signing in")
    return console, code


async def _follow(client: Client, stop: asyncio.Event) -> str | None:
    """Open the follow page, then tick its fragment until told to stop."""
    try:
        await client.open()
        fragment_id, interval = client.fragment
        if not fragment_id:
            raise load.ViewerError("the follow page announced no auto-rerun fragment")
        while not stop.is_set():
            started = time.perf_counter()
            await client.run(fragment_id=client.fragment[0])
            with contextlib.suppress(TimeoutError):
                left = interval - (time.perf_counter() - started)
                await asyncio.wait_for(stop.wait(), timeout=max(0.0, left))
    except Exception as exc:  # a failed follower, whatever broke
        return f"{type(exc).__name__}: {exc}"
    finally:
        with contextlib.suppress(Exception):
            await client.close()
    return None


@dataclass
class FollowResult:
    """One presenter and its followers."""

    label: str
    n: int
    lags: list[float]
    missed: int  # a follower that did not show a move before the next one
    changes: list[float]  # the presenter's slide-change runs
    errors: list[str]
    cpu_s: float | None
    seconds: float
    rss: int | None
    client_cpu_s: float = 0.0  # this bench's own process, on the same cores


async def _workload(base: str, label: str, n: int, moves: int, pids: Sequence[int]) -> FollowResult:
    console, code = await presenter_session(base)
    followers = [Client(base, follower_app(code)) for _ in range(min(n, load.MAX_VIEWERS))]
    stop = asyncio.Event()
    cpu_before, client_before = load.cpu_seconds(pids), time.process_time()
    started = time.perf_counter()
    tasks = [asyncio.create_task(_follow(f, stop)) for f in followers]
    deadline = time.perf_counter() + load.RUN_TIMEOUT_S
    while time.perf_counter() < deadline and not all(
        f.slide or t.done() for f, t in zip(followers, tasks, strict=True)
    ):
        await asyncio.sleep(0.1)
    await asyncio.sleep(2 * MOVE_EVERY_S / 5)  # every follower ticking
    rss = load.server_rss(list(pids))
    presses: list[tuple[float, int]] = []
    changes: list[float] = []
    errors: list[str] = []
    try:
        for _ in range(moves):
            step = "next" if shown(console) < DECK_SLIDES else "first"
            at = time.perf_counter()
            changes.append(await console.press(f"present_{step}"))
            presses.append((at, shown(console)))
            await asyncio.sleep(max(0.0, MOVE_EVERY_S - (time.perf_counter() - at)))
    except Exception as exc:
        errors.append(f"presenter: {type(exc).__name__}: {exc}")
    stop.set()
    errors += [e for e in await asyncio.gather(*tasks) if e]
    cpu_after, seconds = load.cpu_seconds(pids), time.perf_counter() - started
    client_cpu = time.process_time() - client_before
    with contextlib.suppress(Exception):
        await console.close()
    lags, missed = [], 0
    for i, (at, slide) in enumerate(presses):
        until = presses[i + 1][0] if i + 1 < len(presses) else float("inf")
        for f in followers:
            when = next((w for w, s in f.seen if s == slide and at <= w < until), None)
            if when is None:
                missed += 1
            else:
                lags.append(when - at)
    cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    return FollowResult(
        label, len(followers), lags, missed, changes, errors, cpu, seconds, rss, client_cpu
    )


def run(base: str, *, label: str, n: int, moves: int, pids: Sequence[int]) -> FollowResult:
    """N followers of one presenter who moves `moves` times, MOVE_EVERY_S apart."""
    return asyncio.run(_workload(base, label, n, moves, pids))


def shown(console: Client) -> int:
    """The console's slide, from the query string it keeps up to date (`slide=N`)."""
    found = re.search(r"(?:^|&)slide=(\d+)", console.query)
    return int(found.group(1)) if found else 1


@contextlib.contextmanager
def one_server(tmp: Path) -> Iterator[load.Server]:
    """The dashboard on a seeded SQLite file with the bench's deck and presenter."""
    folder = tmp / "follow"
    folder.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{folder / 'lc.sqlite'}"
    dashboard_cli(["seed"], db_url)
    prepare(db_url)
    env = {"LEARNING_CITY_DB_URL": db_url, "LEARNING_CITY_DATA_DIR": str(folder)}
    app = dataclasses.replace(load.OURS, name="follow")
    with load.serve(app, tmp, env=env) as server:
        yield server


def quantile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, round(q * len(ranked) + 0.5) - 1))]


def table(results: Sequence[FollowResult]) -> str:
    """The follower table (markdown)."""
    lines = [
        "| workload | followers | moves seen | missed | lag p50 ms | lag p95 ms | lag max ms "
        "| presenter change p50 ms | p95 ms | server CPU s (% of one core) | RSS MB "
        "| bench client CPU s | failed |",
        "|" + "---|" * 13,
    ]
    for r in results:
        cpu = "–" if r.cpu_s is None else f"{r.cpu_s:.1f} ({100 * r.cpu_s / r.seconds:.0f} %)"
        lines.append(
            f"| {r.label} | {r.n} | {len(r.lags)} | {r.missed} | {load.ms(quantile(r.lags, 0.5))} "
            f"| {load.ms(quantile(r.lags, 0.95))} | {load.ms(max(r.lags, default=float('nan')))} "
            f"| {load.ms(quantile(r.changes, 0.5))} "
            f"| {load.ms(quantile(r.changes, 0.95))} | {cpu} | {load.mb(r.rss)} "
            f"| {r.client_cpu_s:.1f} | {len(r.errors)} |"
        )
    return "\n".join(lines)


def targets(results: Sequence[FollowResult]) -> list[load.Target]:
    """50 followers on one server: p95 lag ≤ 2 s, presenter's change ≤ 0.5 s; 200: reported."""
    one = next((r for r in results if r.label == f"{TARGET_N} followers, 1 server"), None)
    if one is None:
        return [load.Target(f"{TARGET_N} followers: lag and change", None, "not run")]
    lag, change = quantile(one.lags, 0.95), quantile(one.changes, 0.95)
    return [
        load.Target(
            f"{TARGET_N} followers, one server: p95 lag <= {LAG_TARGET_S:g} s, none missed",
            lag <= LAG_TARGET_S and one.missed == 0 and not one.errors,
            f"{load.ms(lag)} ms, {one.missed} missed",
        ),
        load.Target(
            f"{TARGET_N} followers: presenter's change p95 <= {CHANGE_TARGET_S:g} s",
            change <= CHANGE_TARGET_S,
            f"{load.ms(change)} ms",
        ),
    ]


def bench(tmp: Path, *, smoke: bool, replicas: bool, budget: load.Budget) -> list[FollowResult]:
    """The follower workloads: smoke (5 followers), or 50 on one server and 200 via replicas."""
    results: list[FollowResult] = []
    with one_server(tmp) as server:
        load.warm(server.url, dataclasses.replace(CONSOLE, changes=()))
        plan = [(SMOKE_FOLLOWERS, SMOKE_MOVES)] if smoke else [(TARGET_N, MOVES)]
        for n, moves in plan:
            result = run(
                server.url, label=f"{n} followers, 1 server", n=n, moves=moves, pids=[server.pid]
            )
            results.append(result)
    if smoke or not replicas or not budget.left():
        return results
    from deploy import replicas as deploy_replicas

    if deploy_replicas.missing():
        return results
    with deploy_replicas.running(tmp / "follow-replicas") as deployment:
        prepare(deployment.db_url)
        pids = [r.proc.pid for r in deployment.replicas]
        results.append(
            run(
                deployment.url,
                label=f"{load.MAX_VIEWERS} followers, 2 replicas",
                n=load.MAX_VIEWERS,
                moves=MOVES,
                pids=pids,
            )
        )
    return results
