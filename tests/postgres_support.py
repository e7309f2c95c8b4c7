"""A PostgreSQL cluster of a test's own, to stop and restart under a running app."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bin(tool: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"))
    return found[-1] if found else None


class Cluster:
    """A PostgreSQL cluster of this test's own, on a free port in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root, self.data = root, root / "data"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(root, "postgres", "postgres")
        self._pg(_bin("initdb") or "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def _pg(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        ctl = _bin("pg_ctl") or "pg_ctl"
        log = str(self.root / "log")
        self._pg(ctl, "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._pg(_bin("pg_ctl") or "pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def own_postgres() -> Iterator[Cluster]:
    if _bin("initdb") is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    # In /tmp itself, not the worker's own temporary folder: the postgres user runs initdb and
    # cannot enter root's private pytest folders (and the socket path must stay short).
    root = Path(tempfile.mkdtemp(prefix="lc-pg-", dir="/tmp"))
    cluster = Cluster(root)
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped by the test
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
