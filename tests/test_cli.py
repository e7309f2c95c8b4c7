"""`python -m dashboard` as an administrator uses it: real exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def dashboard(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_seed_then_info_reports_the_counts(empty_url: str) -> None:
    seeded = dashboard("seed", "--db", empty_url)
    assert seeded.returncode == 0, seeded.stderr
    assert "admin_unit         inserted   288" in seeded.stdout
    info = dashboard("info", "--db", empty_url)
    assert info.returncode == 0, info.stderr
    lines = dict(line.rsplit(None, 1) for line in info.stdout.splitlines()[1:])
    assert lines["provinces"] == "1"
    assert lines["districts"] == "12"
    assert lines["communes pre-2025"] == "200"
    assert lines["communes 2025"] == "75"
    assert lines["facilities (real)"] == "76"
    assert int(lines["facilities (sample)"]) > 0
    assert int(lines["indicator values (real, with source URL)"]) >= 40


def test_info_masks_the_password() -> None:
    result = dashboard("info", "--db", "postgresql://lc:hunter2@127.0.0.1:1/lc")
    assert result.returncode == 1
    assert "hunter2" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1
    assert "fix the --db option" in result.stderr


def test_bad_url_is_one_line_and_non_zero() -> None:
    result = dashboard("init-db", "--db", "nonsense://")
    assert result.returncode == 1
    assert result.stderr.startswith("error: The database URL is not valid")
    assert len(result.stderr.strip().splitlines()) == 1


def test_seed_with_a_missing_file_names_it(tmp_path: Path, empty_url: str) -> None:
    (tmp_path / "real").mkdir()
    result = dashboard("seed", "--db", empty_url, "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "indicators.csv: file not found" in result.stderr
    assert "Traceback" not in result.stderr
