"""`python -m bench.briefs`: time `brief --all` on a freshly seeded SQLite database.

12 district briefs (before 1 Jul 2025) and 75 commune briefs (from 1 Jul 2025), each a one-page
A4 PDF with its fonts embedded. Prints seconds in total and per brief; exits non-zero when a
vintage does not give the expected number of files or a brief takes longer than TARGET_S.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from dashboard.data import db
from dashboard.domain.units import Vintage
from dashboard.loading.seed import seed
from dashboard.render.briefs import write_briefs

EXPECTED = {Vintage.PRE_2025: 12, Vintage.POST_2025: 75}
TARGET_S = 3.0  # per brief, on the 2-core reference machine


def time_briefs(*, directory: Path) -> dict[Vintage, tuple[int, float]]:
    """Seed a database in `directory`, write every brief of each vintage: (files, seconds)."""
    engine = db.make_engine(db.DatabaseChoice(f"sqlite:///{directory / 'bench.sqlite'}", "bench"))
    db.migrate(engine)
    seed(engine)
    timings: dict[Vintage, tuple[int, float]] = {}
    for vintage in EXPECTED:
        start = time.perf_counter()
        paths = write_briefs(
            engine=engine, vintage=vintage, lang="vi", directory=directory / vintage.value
        )
        timings[vintage] = (len(paths), time.perf_counter() - start)
    engine.dispose()
    return timings


def main() -> int:
    """Print the timings; 1 when a count or the per-brief target is missed."""
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for vintage, (count, seconds) in time_briefs(directory=Path(folder)).items():
            per = seconds / max(count, 1)
            ok = count == EXPECTED[vintage] and per <= TARGET_S
            failed |= not ok
            print(
                f"brief --all {vintage.value:10} {count:3} PDFs  {seconds:6.1f} s  "
                f"{per:5.2f} s/brief  {'ok' if ok else 'MISSED'} (target ≤ {TARGET_S} s/brief)"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
