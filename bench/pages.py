"""`python -m bench.pages`: what one run of each page costs, over Streamlit's websocket.

For every page an anonymous reader sees, VIEWERS viewers at once each run the page RUNS times
(the first visit, then reruns with the same widget state, as a browser's reconnect or a
fragment-less rerun). Per run: the elements sent (delta ForwardMsgs that carry a new element
or block), all ForwardMsgs, their bytes, and the server's CPU seconds (utime + stime of the
server process from /proc, over the page's runs, divided by them). Then the burst of the load
issue: BURST viewers at once, each ROUNDS rounds of Overview + Facilities (p50, p95, runs/s,
CPU per run). The floor app (`bench/apps/floor.py`, run from the repository so it reads the
same `.streamlit/config.toml`) gives the reference CPU per run, measured the same way.

Each burst runs REPEATS times; the table gives the quietest (lowest p95) with the spread of
all, since a shared machine makes single runs noisy. `--json out.json` writes the figures;
`--compare before.json` prints them beside these. Exits 1 on a failed viewer, or when a target
(burst 50: p95 <= 1.5 s; CPU per page run <= 10x the floor's) is missed (`--report-only`: not).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.followers import one_server, quantile
from bench.load import FLOOR, OURS, App, Server, Viewer, cpu_seconds, serve, warm

VIEWERS, RUNS = 10, 3
BURST, ROUNDS, REPEATS = 50, 2, 3
CPU_VS_FLOOR = 10.0  # target: our CPU per page run <= 10x the floor's
BURST_P95_S = 1.5  # target: burst 50 p95

# (URL path, query string) of every page in the menu an anonymous reader sees.
PAGES: tuple[tuple[str, str], ...] = (
    ("", ""),  # the Overview (default page)
    ("indicators", ""),
    ("learning_city", ""),
    ("profile", ""),
    ("facilities", ""),
    ("plan", ""),
    ("focus", ""),
    ("recognitions", ""),
    ("framework", ""),
    ("sources", ""),
    ("decks", ""),
    ("present", "deck=1&slide=1"),
)
ELEMENT_DELTAS = ("new_element", "add_block")


def page_app(path: str, query: str) -> App:
    return dataclasses.replace(OURS, name=path or "overview", page=path, query=query, changes=())


@dataclass
class Tally:
    """What one run sent."""

    elements: int = 0
    messages: int = 0
    bytes: int = 0


@dataclass
class Counting(Viewer):
    """A viewer that counts the ForwardMsgs of each run (and can move to another page)."""

    tally: Tally = field(default_factory=Tally)
    runs: list[Tally] = field(default_factory=list)

    def _read(self, data: bytes) -> bool:
        fwd = ForwardMsg()
        fwd.ParseFromString(data)
        self.tally.messages += 1
        self.tally.bytes += len(data)
        if fwd.WhichOneof("type") == "delta" and fwd.delta.WhichOneof("type") in ELEMENT_DELTAS:
            self.tally.elements += 1
        return self._take(fwd)

    async def run(self, widget: tuple[str, str] | None = None, fragment_id: str = "") -> None:
        self.tally = Tally()
        await super().run(widget, fragment_id)
        self.runs.append(self.tally)

    async def go(self, app: App) -> None:
        """Follow a menu link to another page (a rerun naming it, as the browser sends)."""
        self.app, self.page_hash, self.query = app, "", app.query
        await self.run()


@dataclass
class PageResult:
    page: str
    runs: int
    elements: float
    messages: float
    bytes: float
    cpu_ms: float
    p50_ms: float
    p95_ms: float
    failed: int


async def _page_visits(base: str, app: App, viewers: int, runs: int) -> list[Counting | str]:
    async def visit() -> Counting | str:
        viewer = Counting(base, app)
        try:
            await viewer.open()
            for _ in range(runs - 1):
                await viewer.run()
        except Exception as exc:  # ours, OSError, websockets' own: a failed viewer
            return f"{type(exc).__name__}: {exc}"
        finally:
            await viewer.close()
        return viewer

    return await asyncio.gather(*(visit() for _ in range(viewers)))


def measure_page(server: Server, app: App, viewers: int, runs: int) -> PageResult:
    """`viewers` at once on one page, `runs` runs each; per-run means and CPU per run."""
    warm(server.url, app)
    time.sleep(0.5)  # the warm-up's session closes
    cpu_before = cpu_seconds([server.pid])
    outcomes = asyncio.run(_page_visits(server.url, app, viewers, runs))
    cpu_after = cpu_seconds([server.pid])
    done = [v for v in outcomes if isinstance(v, Counting)]
    failures = [e for e in outcomes if isinstance(e, str)]
    for error in failures[:3]:
        print(f"  {app.name}: failed viewer: {error}", file=sys.stderr)
    tallies = [t for v in done for t in v.runs]
    latencies = [x for v in done for x in v.latencies]
    n = max(1, len(tallies))
    cpu = (
        (cpu_after - cpu_before) / n * 1000
        if cpu_before is not None and cpu_after is not None
        else float("nan")
    )
    return PageResult(
        page=app.name,
        runs=len(tallies),
        elements=sum(t.elements for t in tallies) / n,
        messages=sum(t.messages for t in tallies) / n,
        bytes=sum(t.bytes for t in tallies) / n,
        cpu_ms=cpu,
        p50_ms=quantile(latencies, 0.5) * 1000,
        p95_ms=quantile(latencies, 0.95) * 1000,
        failed=len(failures),
    )


@dataclass
class BurstResult:
    app: str
    viewers: int
    runs: int
    seconds: float
    p50_ms: float
    p95_ms: float
    cpu_ms: float
    failed: int
    p95_spread: tuple[float, float] = (float("nan"), float("nan"))  # over the repeats, ms
    cpu_spread: tuple[float, float] = (float("nan"), float("nan"))


def quietest(repeats: Sequence[BurstResult]) -> BurstResult:
    """The repeat with the lowest p95, with the spread of p95 and CPU per run over all."""
    best = min(repeats, key=lambda r: r.p95_ms)
    p95s, cpus = [r.p95_ms for r in repeats], [r.cpu_ms for r in repeats]
    return dataclasses.replace(
        best,
        failed=sum(r.failed for r in repeats),
        p95_spread=(min(p95s), max(p95s)),
        cpu_spread=(min(cpus), max(cpus)),
    )


def measure_burst(
    server: Server, apps: Sequence[App], viewers: int, rounds: int, profile: Path | None = None
) -> BurstResult:
    """`viewers` at once, each `rounds` rounds through `apps` (pages of one server); py-spy
    records the burst (not the warm-up) to `profile` when given."""

    async def visit() -> Counting | str:
        viewer = Counting(server.url, apps[0])
        try:
            await viewer.open()
            for i in range(1, rounds * len(apps)):
                await viewer.go(apps[i % len(apps)])
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"
        finally:
            await viewer.close()
        return viewer

    async def everyone() -> list[Counting | str]:
        return await asyncio.gather(*(visit() for _ in range(viewers)))

    for app in apps:
        warm(server.url, app)
    time.sleep(0.5)
    with profiled(server.pid, profile):
        cpu_before, start = cpu_seconds([server.pid]), time.perf_counter()
        outcomes = asyncio.run(everyone())
        seconds, cpu_after = time.perf_counter() - start, cpu_seconds([server.pid])
    latencies = [x for v in outcomes if isinstance(v, Counting) for x in v.latencies]
    failures = [e for e in outcomes if isinstance(e, str)]
    for error in failures[:3]:
        print(f"  burst: failed viewer: {error}", file=sys.stderr)
    cpu = (
        (cpu_after - cpu_before) / max(1, len(latencies)) * 1000
        if cpu_before is not None and cpu_after is not None
        else float("nan")
    )
    return BurstResult(
        app="+".join(a.name for a in apps),
        viewers=viewers,
        runs=len(latencies),
        seconds=seconds,
        p50_ms=quantile(latencies, 0.5) * 1000,
        p95_ms=quantile(latencies, 0.95) * 1000,
        cpu_ms=cpu,
        failed=len(failures),
    )


@contextlib.contextmanager
def profiled(pid: int, out: Path | None) -> Iterator[None]:
    """py-spy (on PATH) sampling the server while the block runs; nothing when `out` is None."""
    if out is None:
        yield
        return
    spy = shutil.which("py-spy")
    if spy is None:
        raise SystemExit("--profile needs py-spy on PATH (pip install py-spy)")
    cmd = [spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "200", "-o", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attached
    try:
        yield
    finally:
        proc.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        proc.wait(timeout=30)


# --- report ------------------------------------------------------------------------------------


def _f(value: float | None, digits: int = 0) -> str:
    return "–" if value is None or value != value else f"{value:,.{digits}f}"


COLUMNS = (("elements", 1), ("messages", 1), ("bytes", 0), ("cpu_ms", 1))


def page_table(results: dict, before: dict | None) -> str:
    """Per page: elements, messages, bytes and CPU ms per run (before → after with --compare),
    and the CPU per run as a multiple of the floor's."""
    then = {p["page"]: p for p in (before or {}).get("pages", [])}
    floor = results.get("floor_cpu_ms")
    head = ["page", "runs", *(c for c, _ in COLUMNS), "x floor", "p50 ms", "p95 ms", "failed"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for page in results["pages"]:
        old = then.get(page["page"])
        cells = [page["page"], str(page["runs"])]
        for column, digits in COLUMNS:
            now = _f(page[column], digits)
            cells.append(f"{_f(old[column], digits)} → {now}" if old else now)
        cells.append(_f(page["cpu_ms"] / floor, 0) if floor else "–")
        cells += [_f(page["p50_ms"]), _f(page["p95_ms"]), str(page["failed"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def burst_table(results: dict, before: dict | None) -> str:
    then = {b["app"]: b for b in (before or {}).get("bursts", [])}
    head = ["app", "viewers", "runs", "wall s", "runs/s", "p50 ms", "p95 ms", "CPU ms/run"]
    head.append("spread: p95 ms / CPU ms")
    lines = ["| " + " | ".join(head) + " | failed |", "|" + "---|" * (len(head) + 1)]
    for b in results["bursts"]:
        old = then.get(b["app"])
        runs_per_s = b["runs"] / b["seconds"] if b["seconds"] else 0.0
        cells = [b["app"], str(b["viewers"]), str(b["runs"])]
        for value, key, digits in (
            (b["seconds"], "seconds", 1),
            (runs_per_s, None, 1),
            (b["p50_ms"], "p50_ms", 0),
            (b["p95_ms"], "p95_ms", 0),
            (b["cpu_ms"], "cpu_ms", 1),
        ):
            was = (
                (old[key] if key else old["runs"] / old["seconds"] if old["seconds"] else None)
                if old
                else None
            )
            cells.append(f"{_f(was, digits)} → {_f(value, digits)}" if old else _f(value, digits))
        spread = b.get("p95_spread"), b.get("cpu_spread")
        cells.append(
            f"{_f(spread[0][0])}–{_f(spread[0][1])} / {_f(spread[1][0], 1)}–{_f(spread[1][1], 1)}"
            if all(spread)
            else "–"
        )
        lines.append("| " + " | ".join(cells) + f" | {b['failed']} |")
    return "\n".join(lines)


def verdicts(results: dict) -> list[tuple[str, str, bool]]:
    """The issue's targets, on the burst: CPU per run against the floor's burst, and p95.
    Each as (target, measured, met)."""
    found = []
    bursts = {b["app"] == "floor": b for b in results["bursts"]}
    ours, floor = bursts.get(False), bursts.get(True)
    if ours and floor:
        ratio = ours["cpu_ms"] / floor["cpu_ms"] if floor["cpu_ms"] else float("inf")
        found.append(
            (
                f"burst: CPU per page run <= {CPU_VS_FLOOR:g}x floor's",
                f"{ours['cpu_ms']:.1f} ms vs {floor['cpu_ms']:.1f} ms ({ratio:.1f}x)",
                ratio <= CPU_VS_FLOOR,
            )
        )
    if ours:
        found.append(
            (
                f"burst {ours['viewers']}: p95 <= {BURST_P95_S:g} s",
                f"{ours['p95_ms']:.0f} ms",
                ours["p95_ms"] <= BURST_P95_S * 1000 and not ours["failed"],
            )
        )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pages", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--viewers", type=int, default=VIEWERS, help="viewers at once per page")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per viewer and page")
    parser.add_argument("--burst", type=int, default=BURST, help="viewers of the burst (0: none)")
    parser.add_argument(
        "--repeats", type=int, default=REPEATS, help="runs of each burst (the quietest shown)"
    )
    parser.add_argument("--pages", default="", help="comma-separated URL paths (default: all)")
    parser.add_argument(
        "--profile",
        type=Path,
        help="record the server during our burst with py-spy (collapsed stacks, to this file)",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="exit 0 even when a target is missed (failed viewers still fail)",
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--compare", type=Path, help="an earlier --json file to print beside")
    args = parser.parse_args(argv)
    wanted = {p.strip() for p in args.pages.split(",") if p.strip()}
    pages = [(p, q) for p, q in PAGES if not wanted or (p or "overview") in wanted or p in wanted]
    results: dict = {"viewers": args.viewers, "runs": args.runs, "pages": [], "bursts": []}
    with tempfile.TemporaryDirectory(prefix="lc-pages-") as tmp_name:
        tmp = Path(tmp_name)
        with one_server(tmp) as server:
            print(f"ours: {server.url} (pid {server.pid})", file=sys.stderr)
            for path, query in pages:
                result = measure_page(server, page_app(path, query), args.viewers, args.runs)
                print(f"  {result.page}: {result.cpu_ms:.1f} ms CPU/run", file=sys.stderr)
                results["pages"].append(dataclasses.asdict(result))
            if args.burst:
                apps = [page_app("", ""), page_app("facilities", "")]
                repeats = [
                    measure_burst(server, apps, args.burst, ROUNDS, args.profile if not i else None)
                    for i in range(args.repeats)
                ]
                results["bursts"].append(dataclasses.asdict(quietest(repeats)))
        with serve(FLOOR, tmp) as server:
            # Ten times the runs: the floor's few ms per run are a few clock ticks otherwise.
            floor = measure_page(
                server, dataclasses.replace(FLOOR, changes=()), args.viewers, args.runs * 10
            )
            results["floor_cpu_ms"] = floor.cpu_ms
            floor_row = dataclasses.asdict(floor)
            if args.burst:
                repeats = [
                    measure_burst(server, [FLOOR], args.burst, ROUNDS * 2)
                    for _ in range(args.repeats)
                ]
                floor_burst = dataclasses.replace(quietest(repeats), app="floor")
                results["bursts"].append(dataclasses.asdict(floor_burst))
    results["pages"].append(floor_row)
    before = json.loads(args.compare.read_text()) if args.compare else None
    print(f"\n## One run of each page ({args.viewers} viewers x {args.runs} runs at once)\n")
    print(page_table(results, before))
    if results["bursts"]:
        print(
            f"\n## Burst: {args.burst} viewers at once, {ROUNDS} rounds of Overview + Facilities\n"
        )
        print(burst_table(results, before))
    checks = verdicts(results)
    print("\n| target | measured | verdict |\n|---|---|---|")
    for target, measured, met in checks:
        print(f"| {target} | {measured} | {'met' if met else 'NOT MET'} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    failed = sum(p["failed"] for p in results["pages"]) + sum(
        b["failed"] for b in results["bursts"]
    )
    missed = not all(met for _, _, met in checks)
    return 1 if failed or (missed and not args.report_only) else 0


if __name__ == "__main__":
    sys.exit(main())
