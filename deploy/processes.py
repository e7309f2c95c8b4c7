"""Child processes on loopback, shared by the replicas script, the benches and the browser tests:
a free port, `python -m dashboard …`, waiting until a server is healthy, stopping it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 90.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tail(path: Path | None, lines: int = 30) -> str:
    """The last lines of a log, for an error message."""
    if path is None:
        return ""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "<no log>"


def wait_healthy(
    url: str,
    proc: subprocess.Popen[bytes] | None,
    log: Path | None,
    timeout_s: float = START_TIMEOUT_S,
) -> None:
    """Poll `url` until it answers 200 "ok"; fail with the log's tail if the process exits."""
    deadline = time.monotonic() + timeout_s
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 (loopback)
                if resp.status == 200 and resp.read().strip() == b"ok":
                    return
        except (OSError, urllib.error.URLError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} not healthy within {timeout_s:.0f} s:\n{tail(log)}")
        time.sleep(0.25)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group we started, SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def dashboard_cli(args: Sequence[str], db_url: str) -> None:
    """`python -m dashboard ARGS --db URL`, failing with its output."""
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", *args, "--db", db_url],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode:
        raise RuntimeError(f"dashboard {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
