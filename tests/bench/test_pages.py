"""bench.pages: what it counts per page run, and how it reports repeated bursts.

Times are never asserted here: they belong to `make bench`.
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from bench import load, pages


def test_a_run_of_the_floor_sends_one_element(tmp_path: Path) -> None:
    """The floor app draws one `st.write`: one element, a few more messages around it."""

    async def visit(url: str) -> pages.Counting:
        viewer = pages.Counting(url, dataclasses.replace(load.FLOOR, changes=()))
        try:
            await viewer.open()
            await viewer.run()
        finally:
            await viewer.close()
        return viewer

    with load.serve(load.FLOOR, tmp_path) as server:
        viewer = asyncio.run(visit(server.url))
        assert pages.cpu_seconds([server.pid]) is not None
    first, rerun = viewer.runs
    assert (first.elements, rerun.elements) == (1, 1)
    assert first.messages > 1 and rerun.messages > 1  # session status, the run's end besides
    assert first.bytes > 0 and rerun.bytes > 0


def burst(p95_ms: float, cpu_ms: float, failed: int = 0) -> pages.BurstResult:
    return pages.BurstResult("ours", 50, 200, 3.0, 100.0, p95_ms, cpu_ms, failed)


def test_repeated_bursts_report_the_quietest_with_the_spread() -> None:
    quiet = pages.quietest([burst(900.0, 14.0), burst(700.0, 16.0, failed=1), burst(1200, 12)])
    assert (quiet.p95_ms, quiet.cpu_ms) == (700.0, 16.0)
    assert quiet.p95_spread == (700.0, 1200.0) and quiet.cpu_spread == (12.0, 16.0)
    assert quiet.failed == 1  # a failure in any repeat is reported


def test_targets_are_judged_on_the_burst_against_the_floor() -> None:
    results = {
        "bursts": [
            dataclasses.asdict(burst(1400.0, 19.0)),
            dataclasses.asdict(dataclasses.replace(burst(150.0, 2.0), app="floor")),
        ]
    }
    (cpu, p95) = pages.verdicts(results)
    assert cpu[2] and "9.5x" in cpu[1]
    assert p95[2]
    results["bursts"][0]["cpu_ms"] = 21.0
    assert not pages.verdicts(results)[0][2]
