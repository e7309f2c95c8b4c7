"""Page runs take turns: at most `slots` at once, in the order they arrived."""

from __future__ import annotations

import threading
import time

from dashboard.ui.gate import RunGate


def _crowd(gate: RunGate, n: int) -> tuple[list[int], int]:
    order: list[int] = []
    inside = 0
    most = 0
    lock = threading.Lock()
    first = threading.Event()

    def run(i: int) -> None:
        nonlocal inside, most
        with gate.turn():
            with lock:
                inside += 1
                most = max(most, inside)
                order.append(i)
            first.wait(5)  # the first runs hold their slots until everyone is queued
            time.sleep(0.002)
            with lock:
                inside -= 1

    threads = []
    for i in range(n):
        thread = threading.Thread(target=run, args=(i,))
        thread.start()
        threads.append(thread)
        while len(threads) > gate.slots and len(gate._queue) < len(threads) - gate.slots:
            time.sleep(0.001)  # wait until this one queues, so arrival order is known
    first.set()
    for thread in threads:
        thread.join(10)
    return order, most


def test_runs_take_turns_first_come_first_served() -> None:
    order, most = _crowd(RunGate(2), 30)
    assert most == 2
    assert sorted(order) == list(range(30))
    # Queued runs go in arrival order (two run at once, so neighbours may swap on entry).
    assert all(run <= position + 1 for position, run in enumerate(order)), order


def test_a_run_that_fails_or_stops_gives_its_turn_back() -> None:
    gate = RunGate(1)
    for _ in range(3):
        try:
            with gate.turn():
                raise RuntimeError("the page failed")
        except RuntimeError:
            pass
    order, most = _crowd(gate, 5)
    assert most == 1 and order == list(range(5))
