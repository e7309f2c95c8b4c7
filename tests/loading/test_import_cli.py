"""`python -m dashboard import/undo/history/export` as an administrator runs them.

Real processes for exit codes and concurrency; the round trip exports one database and
imports the export into another that has only the reference seed.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from dashboard import auth
from dashboard.cli import run
from dashboard.data import db
from dashboard.loading.export import safe_for_spreadsheets
from dashboard.loading.seed import seed
from tests.conftest import REPO, Databases, engine_for
from tests.factories import FACILITY_HEADER, INSIDE, SOURCE, VALUE_HEADER, snapshot, write_csv


def dashboard(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard", *args],
        cwd=REPO,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


@pytest.fixture
def seeded_pair(databases: Databases, backend: str) -> Iterator[tuple[str, str]]:
    """Two databases with the same reference seed (no sample)."""
    urls = (databases.empty(backend), databases.empty(backend))
    for url in urls:
        engine = engine_for(url)
        db.migrate(engine)
        seed(engine, include_sample=False)
        engine.dispose()
    yield urls


def test_exit_codes_of_real_processes(seeded_pair: tuple[str, str], tmp_path: Path) -> None:
    url = seeded_pair[0]
    good = write_csv(
        tmp_path / "good.csv", VALUE_HEADER, [["learning_families", "14", "2026", 5, SOURCE]]
    )
    bad = write_csv(
        tmp_path / "bad.csv", VALUE_HEADER, [["learning_families", "14", "2026", "1,2,3", SOURCE]]
    )
    unreadable = tmp_path / "unreadable.xlsx"
    unreadable.write_text("not a workbook")
    runs = [dashboard("import", str(p), "--db", url) for p in (bad, unreadable)]
    (code_bad, out_bad, _), (code_unreadable, _, err) = (finish(p) for p in runs)
    assert code_bad == 2 and f"{bad}:2:value: '1,2,3' is not a number" in out_bad
    assert code_unreadable == 1 and err.startswith(f"error: {unreadable}: not an Excel workbook")
    assert "Traceback" not in err
    auth.add_user(engine=engine_for(url), name="ann", role="editor", password=None)
    code, out, err = finish(dashboard("import", str(good), "--db", url, "--user", "ann"))
    assert code == 0, err
    assert "import 1: indicator_values" in out and "inserted 1, updated 0, unchanged 0" in out


def test_two_processes_importing_at_once_both_land(
    seeded_pair: tuple[str, str], tmp_path: Path
) -> None:
    url = seeded_pair[0]
    engine = engine_for(url)
    with engine.connect() as conn:
        sql = "SELECT gso_code FROM admin_unit WHERE vintage = 'pre_2025' AND level = 'commune'"
        communes = list(conn.execute(text(sql)).scalars())
    files = []
    for name, indicator in (("a.csv", "learning_families"), ("b.csv", "learning_clans")):
        rows = [[indicator, code, "2024", i, "Báo cáo chung"] for i, code in enumerate(communes)]
        files.append(write_csv(tmp_path / name, VALUE_HEADER, rows))
    results = [finish(p) for p in [dashboard("import", str(f), "--db", url) for f in files]]
    assert [r[0] for r in results] == [0, 0], results
    with engine.connect() as conn:
        batches = conn.execute(text("SELECT count(*) FROM import_batch")).scalar()
        figures = conn.execute(
            text(
                "SELECT count(*) FROM indicator_value WHERE period = '2024' "
                "AND indicator_code IN ('learning_families', "
                "'learning_clans')"
            )
        ).scalar()
    engine.dispose()
    assert (batches, figures) == (2, 2 * len(communes))


def _figures(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT v.indicator_code, u.gso_code, u.vintage, v.period, v.period_kind, "
                    "v.period_start, v.period_end, v.period_reported, v.period_year_inferred, "
                    "v.period_report_undated, v.period_end_part, v.value, v.numerator, "
                    "v.denominator, s.title, s.url, v.is_sample, "
                    "v.note FROM indicator_value v JOIN admin_unit u ON u.id = v.unit_id "
                    "JOIN source s ON s.id = v.source_id ORDER BY 1, 2, 3, 4"
                )
            )
        ]


def _facilities(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT f.kind, f.name, u.gso_code, u.vintage, f.lon, f.lat, "
                    "f.location_precision, "
                    "s.title, s.url, f.is_sample, f.note FROM facility f "
                    "JOIN admin_unit u ON u.id = f.unit_id JOIN source s ON s.id = f.source_id "
                    "ORDER BY 1, 2, 3"
                )
            )
        ]


def test_export_then_import_into_a_fresh_database_gives_the_same_tables(
    seeded_pair: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url_a, url_b = seeded_pair
    header = [*VALUE_HEADER, "numerator", "denominator", "note", "is_sample"]
    values = write_csv(
        tmp_path / "values.csv",
        header,
        [
            [
                "learning_families_share",
                "14",
                "2024-2025 school year",
                "81,56",
                SOURCE,
                8156,
                10000,
                '=HYPERLINK("http://x")',
                "",
            ],
            ["learning_families", "116", "2023", 1200, SOURCE, None, None, "-5 so với 2022", ""],
            ["learning_families", "03646", "as of 31 Dec 2025", 300, "", None, None, "", "true"],
            [
                "education_investment_since_2020",
                "116",
                "2020 to early 2024",
                "1,44",
                SOURCE,
                None,
                None,
                "+ vốn ODA",
                "",
            ],
        ],
    )
    facilities = write_csv(
        tmp_path / "facilities.csv",
        [*FACILITY_HEADER, "note"],
        [
            [
                "Nhà tri thức bản Mới",
                "reading_point",
                "03646",
                INSIDE[1],
                INSIDE[0],
                SOURCE,
                "@home",
            ],
            [
                "Trung tâm học tập cộng đồng phường Tô Hiệu",
                "community_learning_centre",
                "03646",
                21.3441,
                103.9091,
                SOURCE,
                "",
            ],
        ],
    )
    for path in (values, facilities):
        code = run(["import", str(path), "--db", url_a, "--source-title", "Sổ theo dõi 2025"])
        assert code == 0, capsys.readouterr().out
    assert run(["export", str(tmp_path / "out"), "--db", url_a]) == 0
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} >= {
        "indicator_values.csv",
        "facilities.csv",
        "units.csv",
        "units.geojson",
        "sources.csv",
        "indicators.csv",
        "targets.csv",
        "literacy_standards.csv",
        "crosswalk.csv",
        "import_batches.csv",
        "change_log.csv",
        "audit_log.csv",
        "users.csv",
    }
    exported = list(
        csv.DictReader(io.StringIO((out / "indicator_values.csv").read_text(encoding="utf-8-sig")))
    )
    notes = {r["note"] for r in exported}
    assert {'\'=HYPERLINK("http://x")', "'-5 so với 2022", "'+ vốn ODA"} <= notes
    assert all(not r["value"].startswith("'") for r in exported)

    auth.add_user(engine=engine_for(url_b), name="restore", role="editor", password=None)
    for name in ("indicator_values.csv", "facilities.csv"):
        assert run(["import", str(out / name), "--db", url_b, "--user", "restore"]) == 0
    engine_a, engine_b = engine_for(url_a), engine_for(url_b)
    assert _figures(engine_b) == _figures(engine_a)
    assert _facilities(engine_b) == _facilities(engine_a)
    assert ("learning_families", "03646", "post_2025") in {f[:3] for f in _figures(engine_b)}
    before = snapshot(engine_b)
    for name in ("indicator_values.csv", "facilities.csv"):  # a second import changes nothing
        assert run(["import", str(out / name), "--db", url_b]) == 0
    assert snapshot(engine_b) == before
    engine_a.dispose()
    engine_b.dispose()


def test_history_lists_imports_newest_first(
    seeded_pair: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = seeded_pair[0]
    assert run(["history", "--db", url]) == 0
    assert capsys.readouterr().out.strip() == "no imports yet"
    path = write_csv(
        tmp_path / "f.csv", VALUE_HEADER, [["learning_families", "14", "2026", 5, SOURCE]]
    )
    for name in ("ann", "bob"):
        auth.add_user(engine=engine_for(url), name=name, role="editor", password=None)
    run(["import", str(path), "--db", url, "--user", "ann"])
    run(["undo", "1", "--db", url, "--user", "bob"])
    capsys.readouterr()
    assert run(["history", "--db", url]) == 0
    line = capsys.readouterr().out.strip()
    assert line.split()[0] == "1" and "UTC" in line
    for part in (
        "ann",
        "f.csv",
        "indicator_values",
        "undone",
        "inserted 1, updated 0, unchanged 0; undone by bob",
    ):
        assert part in line


def test_spreadsheet_safety_neutralises_text_and_keeps_negative_numbers() -> None:
    frame = pd.DataFrame(
        {
            "value": [-1.5, 2.0],
            "count": [-3, 4],
            "note": ["-5 so với 2024", "=1+1"],
            "code": ["@x", "+84"],
        }
    )
    safe = safe_for_spreadsheets(frame)
    assert list(safe["value"]) == [-1.5, 2.0] and list(safe["count"]) == [-3, 4]
    assert list(safe["note"]) == ["'-5 so với 2024", "'=1+1"]
    assert list(safe["code"]) == ["'@x", "'+84"]
