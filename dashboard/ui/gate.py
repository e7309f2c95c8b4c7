"""Script runs take turns: at most a few run at once in one server process, first come first served.

Streamlit starts one thread per session run. Under a crowd (fifty people opening the QR code
link at once) fifty threads share one interpreter lock and two cores; each run then takes as
long as all of them together, some much longer, and the event loop that writes to the browsers
waits behind them. A run that waits here for its turn costs nothing, and finishes sooner.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Iterator

from dashboard import settings


class RunGate:
    """A first-come, first-served semaphore (threading.Semaphore lets late arrivals barge in)."""

    def __init__(self, slots: int) -> None:
        self.slots = max(1, slots)
        self._lock = threading.Lock()
        self._busy = 0
        self._queue: deque[threading.Event] = deque()

    def acquire(self) -> None:
        with self._lock:
            if self._busy < self.slots and not self._queue:
                self._busy += 1
                return
            turn = threading.Event()
            self._queue.append(turn)
        turn.wait()  # the releasing run hands its slot over: _busy is unchanged

    def release(self) -> None:
        with self._lock:
            if self._queue:
                self._queue.popleft().set()
            else:
                self._busy -= 1

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()


GATE = RunGate(int(settings.read_number(settings.CONCURRENT_RUNS)))
