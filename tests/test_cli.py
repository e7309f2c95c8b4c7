"""`python -m dashboard` as an administrator uses it: real exit codes, one-line errors."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from dashboard import cli
from dashboard.cli import run
from dashboard.present import decks
from tests.app_support import GOOD_CSV
from tests.conftest import REPO, engine_for
from tests.factories import snapshot
from tests.postgres_support import Cluster, own_postgres

__all__ = ["own_postgres"]  # a fixture, used as an argument


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


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_near_miss_indicator_names_the_code_and_how_to_list_codes(
    seeded_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "map.png"
    args = ["export", "map", "--indicator", "literacy_level2_15_60", "--period", "2024-2025"]
    code, _, err = _cli(capsys, *args, "--out", str(out), "--db", seeded_url)
    assert code == 2
    assert not out.exists()
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: unknown indicator 'literacy_level2_15_60'; did you mean ")
    nearest = err.split("did you mean ", 1)[1].split("?")[0]
    assert nearest.startswith("literacy_rate_level2_age15_60")  # the closest comes first
    assert "`python -m dashboard indicators`" in err


def test_the_answer_follows_lang_vi(
    seeded_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export-map", "--indicator", "ty le gia dinh hoc", "--period", "2024", "--lang", "vi"]
    code, _, err = _cli(capsys, *args, "--out", str(tmp_path / "m.png"), "--db", seeded_url)
    assert code == 2
    assert err.startswith("lỗi: không có chỉ tiêu 'ty le gia dinh hoc'; có phải là ")
    assert "learning_families_share" in err  # the name, typed without accents, finds its code
    assert "Xem danh sách: `python -m dashboard indicators`" in err


def test_an_unknown_period_names_the_periods_with_figures(
    seeded_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export-map", "--indicator", "learning_families_share", "--period", "2024-25"]
    code, _, err = _cli(capsys, *args, "--out", str(tmp_path / "m.png"), "--db", seeded_url)
    assert code == 2
    assert (
        "unknown period '2024-25' of learning_families_share in pre_2025; did you mean 2024" in err
    )
    listing = "`python -m dashboard indicators --vintage pre_2025 --search learning_families_share`"
    assert listing in err


def test_an_unknown_unit_names_the_nearest_and_the_units_listing(
    seeded_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _cli(capsys, "brief", "Quynh Nha", "--out", str(tmp_path), "--db", seeded_url)
    assert code == 2
    assert "unknown unit 'Quynh Nha' in pre_2025; did you mean 118 (Quỳnh Nhai)" in err
    assert "`python -m dashboard units --vintage pre_2025`" in err
    assert not list(tmp_path.iterdir())
    # a 2025 commune asked for among the districts: the vintage it is in
    code, _, err = _cli(capsys, "brief", "Chiềng An", "--out", str(tmp_path), "--db", seeded_url)
    assert code == 2
    assert "'Chiềng An' is in post_2025: add --vintage post_2025" in err


def test_units_are_found_by_code_or_by_name_without_accents(seeded_engine: Engine) -> None:
    assert cli.unit_code(engine=seeded_engine, value="118", vintage="pre_2025", lang="en") == "118"
    found = cli.unit_code(engine=seeded_engine, value="quynh nhai", vintage="pre_2025", lang="en")
    assert found == "118"
    assert cli.unit_code(
        engine=seeded_engine, value="Phường Tô Hiệu", vintage="post_2025", lang="en"
    )


def test_unknown_decks_and_slide_views_write_nothing(
    seeded_then: Callable[..., str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = seeded_then()
    engine = engine_for(url)
    for name in ("Hội nghị", "Hội nghì"):  # names are unique; these two differ by one accent
        decks.create_deck(engine=engine, name=name, user="t")
    out = tmp_path / "deck.pptx"
    code, _, err = _cli(capsys, "deck", "export", "hoi ngh", "--out", str(out), "--db", url)
    assert code == 2
    assert "unknown deck 'hoi ngh'; did you mean 2 (Hội nghì) or 1 (Hội nghị)?" in err
    assert "`python -m dashboard deck list`" in err
    code, _, err = _cli(capsys, "deck", "export", "Hoi nghi", "--out", str(out), "--db", url)
    assert code == 2
    assert "several decks are named 'Hoi nghi'; give one of their ids: 2, 1" in err
    assert not out.exists()
    view = "indicators?indicator=learning_familes_share&period=2024"
    code, _, err = _cli(capsys, "deck", "new", "Mới", "--slide", view, "--title", "A", "--db", url)
    assert code == 2
    assert "did you mean learning_families_share" in err
    assert len(decks.decks(engine=engine)) == 2  # no deck made
    view = "indicators?indicator=learning_families_share&units=Quynh Nhai,119"
    code, out_text, _ = _cli(
        capsys, "deck", "new", "Mới", "--slide", view, "--title", "A", "--db", url
    )
    assert code == 0
    (slide,) = decks.slides(engine=engine, deck_id=int(out_text))
    assert slide.params["units"] == "118,119"  # the name is stored as its code
    engine.dispose()


def _rows(out: str) -> dict[str, str]:
    return {line.split()[0]: line for line in out.splitlines()[1:-1]}


def test_indicators_lists_codes_names_units_and_periods_with_figures(
    seeded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _cli(capsys, "indicators", "--db", seeded_url)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["mã", "tên", "đơn", "vị", "tính", "các", "kỳ", "có", "số", "liệu"]
    assert lines[-1] == "61 chỉ tiêu"
    rows = _rows(out)
    assert len(rows) == 61
    literacy = rows["literacy_rate_level2_age15_60"]
    assert "Tỷ lệ biết chữ mức độ 2, độ tuổi 15–60" in literacy
    assert literacy.endswith("2025-2026, 2024-2025, 2023-2024, 2022-2023")  # newest first
    assert rows["learning_families"].endswith("  2025, 2024, 2023")
    # aligned: every row's periods start under the header's
    column = lines[0].index("các kỳ")
    assert all(line[column - 2 : column] == "  " for line in lines[1:-1])
    assert rows["provinces_meeting_literacy_level2_share"].endswith("–")  # no figures


@pytest.mark.parametrize("words", ["biet chu", "biết chữ", "BIET CHU"])
def test_indicators_search_ignores_accents_and_case(
    seeded_url: str, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    code, out, _ = _cli(capsys, "indicators", "--search", words, "--db", seeded_url)
    assert code == 0
    assert sorted(_rows(out)) == [
        f"literacy_rate_level{level}_age15_{band}" for level in (1, 2) for band in (25, 35, 60)
    ]
    assert out.splitlines()[-1] == "6 trong 61 chỉ tiêu"


def test_indicators_of_a_vintage_show_the_periods_its_map_can_show(
    seeded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["indicators", "--search", "learning_families_share", "--lang", "en", "--db", seeded_url]
    _, before, _ = _cli(capsys, *args, "--vintage", "pre_2025")
    _, after, _ = _cli(capsys, *args, "--vintage", "post_2025")
    assert _rows(before)["learning_families_share"].endswith("  2024, 2023")
    assert _rows(after)["learning_families_share"].endswith("  2025, 2024, 2023")  # re-aggregated
    _, none, _ = _cli(capsys, "indicators", "--search", "zzz", "--db", seeded_url)
    assert none.strip() == "no indicator matches 'zzz'"


def test_units_lists_the_communes_of_2025(
    seeded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["units", "--vintage", "post_2025", "--search", "to hieu", "--lang", "en"]
    code, out, _ = _cli(capsys, *args, "--db", seeded_url)
    assert code == 0
    assert out.splitlines() == ["code   name", "03646  Phường Tô Hiệu", "1 of 75 units"]


def test_deck_list_counts_slides_in_the_language(
    seeded_then: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = seeded_then()
    engine = engine_for(url)
    one = decks.create_deck(engine=engine, name="Một", user="t")
    two = decks.create_deck(engine=engine, name="Hai", user="t")
    for deck_id, n in ((one, 1), (two, 2)):
        for i in range(n):
            decks.add_slide(
                engine=engine, deck_id=deck_id, page="overview", params={}, title=f"{i}"
            )
    engine.dispose()
    _, english, _ = _cli(capsys, "deck", "list", "--db", url)
    assert [" ".join(line.split()[1:]) for line in english.splitlines()] == [
        "2 slides Hai",
        "1 slide Một",
    ]
    _, vietnamese, _ = _cli(capsys, "deck", "list", "--lang", "vi", "--db", url)
    assert [" ".join(line.split()[1:]) for line in vietnamese.splitlines()] == [
        "2 trang Hai",
        "1 trang Một",
    ]


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("biet chu", True),
        ("BIẾT chữ", True),
        ("chu biet", True),  # words in any order
        ("mức độ 2", True),
        ("muc do 25", False),  # a number is the whole number
        ("level2 age15", True),  # the code's words
        ("doc", False),
    ],
)
def test_search_words_begin_words_of_the_code_or_name(search: str, found: bool) -> None:
    assert cli.matches(search, "literacy_rate_level2_age15_60", "Tỷ lệ biết chữ mức độ 2") is found


CROSSWALK_CSV = REPO / "data" / "real" / "son_la_commune_crosswalk_2025.csv"


def crosswalk_check(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "crosswalk", "check", "--db", url, *extra],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_crosswalk_check_passes_on_the_real_crosswalk(seeded_url: str) -> None:
    result = crosswalk_check(seeded_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "200 rows, 200 old units, 75 new units" in result.stdout


def test_crosswalk_check_names_bad_rows(seeded_url: str, tmp_path) -> None:
    with CROSSWALK_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[3]["new_gso_code"] = "99999"  # CSV line 5
    for r in rows:
        r["weight"] = "1"
    rows[5]["weight"] = "0.6"  # CSV line 7: this old unit's weights sum to 0.6
    bad = tmp_path / "crosswalk.csv"
    with bad.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = crosswalk_check(seeded_url, "--file", str(bad))
    assert result.returncode == 2
    assert f"{bad}:5: unknown new unit code '99999'" in result.stdout
    assert f"{bad}:7: weights of old unit" in result.stdout and "sum to 0.6" in result.stdout
    assert "new unit 03646 has no predecessor" not in result.stdout


def test_cli_user_must_be_an_account_and_the_os_user_is_recorded(
    account_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "so_lieu.csv"
    path.write_bytes(GOOD_CSV)
    engine = engine_for(account_url)
    before = snapshot(engine)
    assert run(["import", str(path), "--db", account_url, "--user", "Giám đốc Sở"]) == 1
    assert "no such account" in capsys.readouterr().err
    assert snapshot(engine) == before
    assert run(["import", str(path), "--db", account_url, "--user", "Trần Thị B"]) == 0
    with engine.connect() as conn:
        who = conn.execute(text("SELECT user_name FROM import_batch")).scalar_one()
        detail = conn.execute(
            text("SELECT detail FROM audit_log WHERE action = 'cli_import'")
        ).scalar_one()
    engine.dispose()
    assert who == "Trần Thị B"
    import getpass

    assert f"OS user {getpass.getuser()}" in detail


def test_check_tells_the_truth_for_readiness(
    own_postgres: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m dashboard check`: 0 only when the database answers with a current schema."""
    url = own_postgres.url()
    assert run(["check", "--db", url]) == 1  # answers, but no schema
    assert "init-db" in capsys.readouterr().err
    assert run(["init-db", "--db", url]) == 0
    capsys.readouterr()
    assert run(["check", "--db", url]) == 0
    assert capsys.readouterr().out.startswith("ready:")
    engine = engine_for(url)
    with engine.begin() as conn:  # an older schema, as after deploying new code
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert run(["check", "--db", url]) == 1
    assert "older schema" in capsys.readouterr().err
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    engine.dispose()
    assert run(["check", "--db", url]) == 0
    own_postgres.stop()
    assert run(["check", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("not ready:") and "Traceback" not in err
