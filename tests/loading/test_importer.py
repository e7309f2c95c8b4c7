"""The importer as a planner meets it: every check, every format, audit, undo, concurrency.

Each refused file is imported through `python -m dashboard import` (in process) and must
exit 2 with `PATH:ROW:COLUMN: message` and leave every table exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, create_engine, select, text

from dashboard import auth
from dashboard.cli import run
from dashboard.data import db
from dashboard.data.models import PERIOD_COLUMNS, AdminUnit, IndicatorValue, period_of
from dashboard.i18n import format_period
from dashboard.loading import importer
from dashboard.loading.seed import seed
from tests.conftest import Databases, engine_for
from tests.factories import (
    FACILITY_HEADER,
    HANOI,
    INSIDE,
    SOURCE,
    VALUE_HEADER,
    snapshot,
    write_csv,
    write_geo,
    write_large,
    write_xlsx,
    write_zip_slip,
    write_zipped_shapefile,
)
from tests.hostile_support import _xlsx_with, peak_growth, reset_peak

DATA_TABLES = ("indicator_value", "facility", "source", "admin_unit")


SQUARE = box(103.90, 21.30, 103.95, 21.35)  # inside Sơn La city


BOWTIE = Polygon([(103.90, 21.30), (103.95, 21.35), (103.95, 21.30), (103.90, 21.35)])


def _seeded(url: str) -> Engine:
    engine = engine_for(url)
    db.migrate(engine)
    seed(engine, include_sample=False)
    return engine


@pytest.fixture(scope="module")
def ref_engine(databases: Databases, backend: str) -> Iterator[Engine]:
    """A reference-seeded database for checks that must not write (shared by this module)."""
    engine = _seeded(databases.empty(backend))
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_engine(empty_url: str) -> Iterator[Engine]:
    """A reference-seeded database of its own, for tests that write."""
    engine = _seeded(empty_url)
    yield engine
    engine.dispose()


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def values_csv(*rows: list[object], header: list[str] = VALUE_HEADER) -> Callable[[Path], Path]:
    return lambda folder: write_csv(folder / "f.csv", header, rows)


def facilities_csv(*rows: list[object]) -> Callable[[Path], Path]:
    return lambda folder: write_csv(folder / "f.csv", FACILITY_HEADER, rows)


def boundaries(*features: tuple[str, BaseGeometry]) -> Callable[[Path], Path]:
    records = [{"gso_code": code, "source_title": SOURCE} for code, _ in features]
    return lambda folder: write_geo(folder / "f.geojson", records, [g for _, g in features])


def fam(unit: str = "14", period: str = "2026", value: object = 5) -> list[object]:
    return ["learning_families", unit, period, value, SOURCE]


def share(value: object) -> list[object]:
    return ["learning_families_share", "14", "2026", value, SOURCE]


def clc(lon: object, lat: object, kind: str = "community_learning_centre") -> list[object]:
    return ["Trung tâm học tập cộng đồng bản Mới", kind, "03646", lat, lon, SOURCE]


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], Path]
    expected: str  # what follows PATH in the report
    args: tuple[str, ...] = ()


NUM_HEADER = [*VALUE_HEADER, "numerator", "denominator"]
LABEL_HEADER = [*VALUE_HEADER, "period_label"]


CHECKS: dict[str, Case] = {
    "unknown indicator": Case(
        values_csv(["learning_familys", "14", "2025", 5, SOURCE]),
        ":2:indicator: unknown indicator 'learning_familys' (did you mean 'learning_families'?)",
    ),
    "commune abolished, period after the reform": Case(
        values_csv(fam("03649", "2026")),
        ":2:unit_code: unit '03649' was abolished by the 1 Jul 2025 reform, but period '2026' "
        "ends on 2026-12-31, after it; use the code of its successor commune or ward",
    ),
    "district code for a school year ending after the reform": Case(
        values_csv(fam("116", "2025-2026")),
        ":2:unit_code: unit '116' was abolished by the 1 Jul 2025 reform, but period "
        "'2025-2026' ends on 2026-05-31",
    ),
    "unknown unit code": Case(values_csv(fam("99999")), ":2:unit_code: unknown unit code '99999'"),
    "same key twice": Case(
        values_csv(fam(), fam(value=6)),
        ":3:indicator: same indicator, unit and period as row 2",
    ),
    "same key twice, once without leading zeros": Case(
        values_csv(fam("03646", "2026"), fam("3646", "2026", 7)),
        ":3:indicator: same indicator, unit and period as row 2",
    ),
    "percentage above 100": Case(
        values_csv(share(104)), ":2:value: 104 is outside 0-100 for a percentage"
    ),
    "percentage below 0": Case(
        values_csv(share("-0,5")), ":2:value: -0.5 is outside 0-100 for a percentage"
    ),
    "negative count": Case(
        values_csv(fam(value=-3)), ":2:value: -3 is negative; a count (households) cannot be"
    ),
    "fractional count": Case(
        values_csv(fam(value="12,5")),
        ":2:value: 12.5 is not a whole number; a count (households) must be",
    ),
    "numerator greater than denominator": Case(
        values_csv([*share(50), 200, 100], header=NUM_HEADER),
        ":2:numerator: numerator 200 is greater than denominator 100",
    ),
    "missing required column": Case(
        values_csv(
            ["learning_families", "14", 5, SOURCE],
            header=["indicator", "unit_code", "value", "source_title"],
        ),
        ":1:period: missing required column 'period' (template label 'kỳ')",
    ),
    "number that cannot be read": Case(
        values_csv(fam(value="81,5,6")), ":2:value: '81,5,6' is not a number"
    ),
    "number written as words": Case(
        values_csv(fam(value="n/a")), ":2:value: 'n/a' is not a number"
    ),
    "period that cannot be parsed": Case(
        values_csv(fam(period="Q5 2024")), ":2:period: cannot read a period from 'Q5 2024'"
    ),
    "legacy period_label that cannot be read": Case(
        values_csv(
            ["learning_families", "14", "2025 (estimate)", 5, SOURCE],
            header=["indicator", "unit_code", "period_label", "value", "source_title"],
        ),
        ":2:period_label: cannot read 'estimate' in '2025 (estimate)'",
    ),
    "period_label naming another period than period": Case(
        values_csv([*fam(), "2025 (meeting of 9 Jan; year inferred 2026)"], header=LABEL_HEADER),
        ":2:period_label: period_label says period '2025', but period is '2026'",
    ),
    "unknown period kind": Case(
        values_csv([*fam(), "decade"], header=[*VALUE_HEADER, "period_kind"]),
        ":2:period_kind: unknown period kind 'decade' (one of: year, school_year, date, since, "
        "range, năm, năm học, ngày, từ ngày, khoảng)",
    ),
    "report date before the period": Case(
        values_csv([*fam(), "2025-12-31"], header=[*VALUE_HEADER, "period_reported"]),
        ":2:period_reported: reported 2025-12-31, before the period starts (2026-01-01)",
    ),
    "range ending outside its last year": Case(
        values_csv(
            [*fam("116", "2020-2024"), "khoảng", "2025-02-14"],
            header=[*VALUE_HEADER, "period_kind", "period_end"],
        ),
        ":2:period: a range '2020-2024' starts in 2020 and ends in 2024",
    ),
    "period date that is no date": Case(
        values_csv([*fam(), "31/02/2026"], header=[*VALUE_HEADER, "period_reported"]),
        ":2:period_reported: '31/02/2026' is not a date (write 2025-03-14 or 14/03/2025)",
    ),
    "no source column and none given": Case(
        values_csv(fam()[:4], fam("116", "2023")[:4], header=VALUE_HEADER[:4]),
        ":1:source_title: no source for rows 2-3: add a source_title column or name a source "
        "for the whole file (--source-title)",
    ),
    "a row without a source": Case(
        values_csv(fam(), [*fam("116", "2023")[:4], ""]),
        ":3:source_title: no source: fill source_title or name a source for the whole file",
    ),
    "facility outside the province": Case(
        facilities_csv(clc(*HANOI)),
        ":2:lat: lat 21.03, lon 105.85 is outside Sơn La province (more than 0.05° from its "
        "boundary)",
    ),
    "facility with latitude and longitude swapped": Case(
        facilities_csv(clc(INSIDE[1], INSIDE[0])),
        ":2:lat: latitude and longitude look swapped: lat 103.909, lon 21.344 is not a valid "
        "position, but swapped it is inside Sơn La; swap the two columns",
    ),
    "facility of an unknown kind": Case(
        facilities_csv(clc(*INSIDE, kind="museum")), ":2:kind: unknown facility kind 'museum'"
    ),
    "facility without a location": Case(
        facilities_csv(clc(INSIDE[0], "")), ":2:lat: no location: fill lat and lon"
    ),
    "self-intersecting boundary": Case(
        boundaries(("116", BOWTIE)), ":1:geometry: invalid polygon (Self-intersection"
    ),
    "boundary that is not a polygon": Case(
        boundaries(("116", SQUARE), ("118", LineString([(103.9, 21.3), (104.0, 21.4)]))),
        ":2:geometry: LineString is not a polygon",
    ),
    "same boundary twice": Case(
        boundaries(("116", SQUARE), ("116", SQUARE)), ":2:gso_code: same unit as feature 1"
    ),
    "boundary code of two vintages": Case(
        boundaries(("03646", SQUARE)),
        ":1:gso_code: unit code '03646' names units of post_2025/pre_2025; add a vintage column",
    ),
    "undeclared projected coordinates (GeoJSON)": Case(
        lambda folder: write_geo(
            folder / "f.geojson",
            [{"gso_code": "116"}],
            [box(385000, 2355000, 386000, 2356000)],
            crs=None,
        ),
        ": refused: coordinates such as (385500, 2355500) are not longitude/latitude and the "
        "file declares no coordinate reference system for them",
    ),
    "undeclared projected coordinates (Shapefile)": Case(
        lambda folder: write_zipped_shapefile(
            folder / "f.zip",
            [{"name": "A", "kind": "school", "unit_code": "03646"}],
            [Point(385707.8, 2355855.9)],
            crs=None,
        ),
        ": refused: coordinates such as (385708, 2355856) are not longitude/latitude",
    ),
    "formula in a cell": Case(
        lambda folder: write_xlsx(folder / "f.xlsx", VALUE_HEADER, [fam()], formula_at=(2, 4)),
        ":2:value: cell D2 holds a formula (=40+1); save the sheet with values only",
    ),
    "macro-enabled workbook": Case(
        lambda folder: write_xlsx(folder / "f.xlsm", VALUE_HEADER, [fam()]),
        ": refused: a macro-enabled workbook (.xlsm); save it as .xlsx without macros",
    ),
    "workbook with a macro project": Case(
        lambda folder: write_xlsx(folder / "f.xlsx", VALUE_HEADER, [fam()], macros=True),
        ": refused: the workbook contains macros (xl/vbaProject.bin)",
    ),
    "zip with paths outside its folder": Case(
        lambda folder: write_zip_slip(folder / "f.zip"),
        ": refused: the archive has paths outside its folder (../evil.shp)",
    ),
    "file of 50 MB": Case(
        lambda folder: write_large(folder / "f.csv"),
        ": refused: the file is 50.0 MB; files of 50 MB or more are not imported",
    ),
    "source URL without a title": Case(
        values_csv(fam()),
        ": a source URL was given without a source title",
        ("--source-url", "https://example.org"),
    ),
    "columns of no known kind": Case(
        values_csv(["a", "b"], header=["foo", "bar"]), ":1: cannot tell what the file holds"
    ),
}


@pytest.mark.parametrize("case", CHECKS.values(), ids=CHECKS.keys())
def test_a_refused_file_exits_2_names_row_and_column_and_writes_nothing(
    case: Case, ref_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = case.make(tmp_path)
    before = snapshot(ref_engine)
    code, out, err = cli(capsys, "import", str(path), "--db", url_of(ref_engine), *case.args)
    assert code == 2, out + err
    assert f"{path}{case.expected}" in out
    assert out.rstrip().endswith("nothing was written")
    assert snapshot(ref_engine) == before


def test_dry_run_and_a_valid_file_report_counts(
    fresh_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "f.csv", VALUE_HEADER, [fam(), fam("116", "2023")])
    before = snapshot(fresh_engine)
    code, out, _ = cli(capsys, "import", str(path), "--db", url_of(fresh_engine), "--dry-run")
    assert code == 0
    assert "dry run, nothing written" in out and "inserted 2, updated 0, unchanged 0" in out
    assert snapshot(fresh_engine) == before


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ";"), ("utf-8-sig", ","), ("utf-16", "\t"), ("cp1258", ",")],
    ids=["utf-8 semicolons", "utf-8 with BOM", "utf-16 Excel unicode text", "windows-1258"],
)
def test_csv_in_every_encoding_reads_vietnamese_and_decimal_commas(
    encoding: str, delimiter: str, ref_engine: Engine, tmp_path: Path
) -> None:
    header = ["Chỉ tiêu", "Mã đơn vị", "Kỳ", "Giá trị", "Nguồn", "Ghi chú"]
    rows = [["learning_families_share", "14", "2025", "81,56", SOURCE, "Số liệu ước tính"]]
    path = write_csv(tmp_path / "f.csv", header, rows, encoding=encoding, delimiter=delimiter)
    plan = importer.check_file(engine=ref_engine, path=path)
    assert plan.ok, plan.messages()
    assert plan.kind == importer.INDICATOR_VALUES
    row = plan.rows[0]
    assert row["value"] == 81.56
    assert row["source_title"] == SOURCE  # NFC, whatever the bytes were
    assert row["note"] == "Số liệu ước tính"
    assert plan.labels["value"] == "Giá trị"


def test_xlsx_with_numbers_in_cells_and_dropped_leading_zeros(
    ref_engine: Engine, tmp_path: Path
) -> None:
    header = ["Chỉ tiêu", "Mã đơn vị", "Kỳ", "Giá trị", "Nguồn"]
    path = write_xlsx(tmp_path / "f.xlsx", header, [["learning_families", 3646, 2026, 12, SOURCE]])
    plan = importer.check_file(engine=ref_engine, path=path)
    assert plan.ok, plan.messages()
    assert (plan.rows[0]["unit_code"], plan.rows[0]["period"]) == ("03646", "2026")


@pytest.mark.parametrize("kind", ["indicator", "facility"])
def test_the_data_page_templates_import_once_filled(
    kind: str, ref_engine: Engine, tmp_path: Path
) -> None:
    from dashboard.domain.facilities import KINDS
    from dashboard.loading.templates import template_xlsx

    data = template_xlsx(
        kind=kind,
        indicators=["learning_families"],
        units=["03646"],
        periods=["2026"],
        kinds=list(KINDS),
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    row = (
        ["learning_families", "03646", "2026", 7, None, None, SOURCE]
        if kind == "indicator"
        else ["Nhà tri thức bản A", "reading_point", "03646", "21,344", "103,909", SOURCE]
    )
    book.worksheets[0].append(row)
    book.save(tmp_path / "filled.xlsx")
    plan = importer.check_file(engine=ref_engine, path=tmp_path / "filled.xlsx")
    assert plan.ok, plan.messages()
    assert plan.ignored_columns == []
    assert plan.kind == (importer.INDICATOR_VALUES if kind == "indicator" else importer.FACILITIES)


def test_excel_separator_hint_line_is_honoured(ref_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("sep=;\n" + ";".join(VALUE_HEADER) + "\nlearning_families;14;2026;5;Báo cáo\n")
    plan = importer.check_file(engine=ref_engine, path=path)
    assert plan.ok, plan.messages()
    assert plan.rows[0]["row"] == 3


def test_units_may_be_named_instead_of_coded(ref_engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", VALUE_HEADER, [fam(" Phường  Tô Hiệu ", "2026")])
    plan = importer.check_file(engine=ref_engine, path=path)
    assert plan.ok, plan.messages()
    assert plan.rows[0]["unit_code"] == "03646"


def _period_written(engine: Engine, indicator: str, unit: str, period: str) -> dict[str, object]:
    stmt = (
        select(*(getattr(IndicatorValue, c) for c in PERIOD_COLUMNS))
        .join(AdminUnit, AdminUnit.id == IndicatorValue.unit_id)
        .where(
            IndicatorValue.indicator_code == indicator,
            AdminUnit.gso_code == unit,
            IndicatorValue.period == period,
        )
    )
    with engine.connect() as conn:
        return dict(conn.execute(stmt).mappings().one())


def test_period_fields_as_template_columns_and_a_legacy_label_are_written(
    fresh_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = [
        *VALUE_HEADER,
        "period_label",
        "Loại kỳ",
        "Ngày bắt đầu kỳ",
        "Ngày kết thúc kỳ",
        "Ngày báo cáo",
        "Năm báo cáo suy ra",
        "Báo cáo không rõ ngày",
        "Kết thúc trong năm",
    ]
    rows = [
        # the fields as columns: a state from a date on, reported two weeks later
        ["commune_level_units_after_merger", "14", "2026-01-01", 75, SOURCE, "", "từ ngày"]
        + ["", "", "15/01/2026", "", "", ""],
        # a legacy label alone, read once by the same parser as the migration's
        ["learning_families", "116", "", 24000, SOURCE]
        + ["2024 (meeting of 9 Jan; year inferred 2025)", "", "", "", "", "", "", ""],
        # a range whose source said only that it was reported in it, ending early in a year
        ["education_investment_since_2020", "116", "2019-2023", "1,2", SOURCE, ""]
        + ["range", "", "", "", "", "có", "đầu năm"],
    ]
    path = write_csv(tmp_path / "f.csv", header, rows)
    code, out, err = cli(capsys, "import", str(path), "--db", url_of(fresh_engine))
    assert code == 0, out + err
    since = _period_written(fresh_engine, "commune_level_units_after_merger", "14", "2026-01-01")
    assert since == {
        "period": "2026-01-01",
        "period_kind": "since",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 1, 1),
        "period_reported": dt.date(2026, 1, 15),
        "period_year_inferred": False,
        "period_report_undated": False,
        "period_end_part": None,
    }
    legacy = _period_written(fresh_engine, "learning_families", "116", "2024")
    assert (legacy["period_kind"], legacy["period_reported"], legacy["period_year_inferred"]) == (
        "year",
        dt.date(2025, 1, 9),
        True,
    )
    ranged = _period_written(fresh_engine, "education_investment_since_2020", "116", "2019-2023")
    assert (ranged["period_kind"], ranged["period_end_part"], ranged["period_report_undated"]) == (
        "range",
        "early",
        True,
    )
    assert [format_period(period_of(p), "vi") for p in (since, legacy, ranged)] == [
        "từ 01/01/2026 (báo cáo ngày 15/01/2026)",
        "2024 (báo cáo ngày 09/01/2025; năm suy ra)",
        "2019 đến đầu năm 2023 (báo cáo trong kỳ, không rõ ngày)",
    ]


FACILITY = {
    "name": "Nhà tri thức bản Mới",
    "kind": "reading_point",
    "unit_code": "03646",
    "source_title": SOURCE,
}


@pytest.mark.parametrize(
    ("suffix", "crs"),
    [
        (".geojson", None),
        (".gpkg", None),
        (".zip", None),
        (".geojson", "EPSG:3405"),
        (".gpkg", "EPSG:9210"),
    ],
    ids=[
        "geojson",
        "geopackage",
        "zipped shapefile",
        "geojson in VN-2000 UTM 48N",
        "geopackage in VN-2000 TM-3",
    ],
)
def test_geographic_facilities_in_any_format_and_declared_crs(
    suffix: str, crs: str | None, ref_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / f"f{suffix}"
    writer = write_zipped_shapefile if suffix == ".zip" else write_geo
    writer(path, [FACILITY], [Point(*INSIDE)], to_crs=crs)
    plan = importer.check_file(engine=ref_engine, path=path)
    assert plan.ok, plan.messages()
    assert plan.kind == importer.FACILITIES
    assert plan.rows[0]["source_title"] == SOURCE  # 'source_tit' in the Shapefile
    assert plan.rows[0]["lon"] == pytest.approx(INSIDE[0], abs=1e-6)
    assert plan.rows[0]["lat"] == pytest.approx(INSIDE[1], abs=1e-6)
    assert (plan.reprojected_from is not None) == (crs is not None)


def test_problems_are_shown_against_rows_in_the_preview(ref_engine: Engine, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "f.csv", VALUE_HEADER, [fam(), fam("116", "2023", "abc"), share(150)]
    )
    plan = importer.check_file(engine=ref_engine, path=path)
    assert not plan.ok
    preview = plan.preview
    assert list(preview["row"]) == [2, 3, 4]
    assert list(preview["problems"]) == [
        "",
        "value: 'abc' is not a number",
        "value: 150 is outside 0-100 for a percentage",
    ]
    assert str(plan.problems[0]) == "row 3, column value: 'abc' is not a number"


def test_only_the_first_50_problems_are_listed(
    ref_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "f.csv", VALUE_HEADER, [fam(str(90000 + i)) for i in range(60)])
    code, out, _ = cli(capsys, "import", str(path), "--db", url_of(ref_engine))
    assert code == 2
    lines = out.splitlines()
    assert len(lines) == 52
    assert lines[50] == "... and 10 problems not shown"
    assert lines[51] == f"60 problems in {path}; nothing was written"


def test_unreadable_files_exit_1_with_one_line(
    ref_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\x81\x00\x8d binary")
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    before = snapshot(ref_engine)
    for path, reason in (
        (garbage, "not text in UTF-8, UTF-16 or Windows-1258"),
        (broken, "not an Excel workbook"),
        (tmp_path / "missing.csv", "file not found"),
        (tmp_path / "report.pdf", "unsupported file type '.pdf'"),
    ):
        if path.suffix == ".pdf":
            path.write_bytes(b"%PDF")
        code, out, err = cli(capsys, "import", str(path), "--db", url_of(ref_engine))
        assert code == 1, out + err
        assert err.startswith(f"error: {path}: {reason}")
        assert len(err.strip().splitlines()) == 1
    assert snapshot(ref_engine) == before


def test_unreachable_database_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "f.csv", VALUE_HEADER, [fam()])
    code, _, err = cli(capsys, "import", str(path), "--db", "postgresql://lc@127.0.0.1:1/lc")
    assert code == 1
    assert err.startswith("error: Cannot connect to the database")


def _data(engine: Engine) -> dict[str, tuple[int, str]]:
    return {t: v for t, v in snapshot(engine).items() if t in DATA_TABLES}


def test_second_import_changes_nothing_and_undo_restores_exactly(
    fresh_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = url_of(fresh_engine)
    original = _data(fresh_engine)
    first = write_csv(tmp_path / "a.csv", VALUE_HEADER, [fam(), fam("116", "2023"), share(80)])
    for name in ("ann", "bob"):
        auth.add_user(engine=fresh_engine, name=name, role="editor", password=None)
    code, out, _ = cli(capsys, "import", str(first), "--db", url, "--user", "ann")
    assert (code, "import 1:" in out, "inserted 3, updated 0, unchanged 0" in out) == (
        0,
        True,
        True,
    )
    after_first = snapshot(fresh_engine)

    code, out, _ = cli(capsys, "import", str(first), "--db", url)
    assert code == 0
    assert "inserted 0, updated 0, unchanged 3; nothing changed, no import recorded" in out
    assert snapshot(fresh_engine) == after_first  # no batch, no change log, no audit row

    second = write_csv(
        tmp_path / "b.csv", VALUE_HEADER, [fam(value=6), share(80), fam("118", "2023")]
    )
    code, out, _ = cli(capsys, "import", str(second), "--db", url, "--user", "bob")
    assert "import 2:" in out and "inserted 1, updated 1, unchanged 1" in out

    code, out, _ = cli(capsys, "history", "--db", url)
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["2", lines[0].split()[1]] and "bob" in lines[0]
    assert "b.csv" in lines[0] and "applied" in lines[0]
    assert "ann" in lines[1] and "inserted 3, updated 0, unchanged 0" in lines[1]

    assert cli(capsys, "undo", "2", "--db", url, "--user", "ann")[0] == 0
    assert _data(fresh_engine) == {t: after_first[t] for t in DATA_TABLES}
    assert cli(capsys, "undo", "1", "--db", url)[0] == 0
    assert _data(fresh_engine) == original
    history = importer.import_history(engine=fresh_engine)
    assert list(history["status"]) == ["undone", "undone"]
    assert "undone by ann" in history["summary"][0]


def test_undo_is_refused_while_a_later_import_changed_the_same_rows(
    fresh_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = url_of(fresh_engine)
    original = _data(fresh_engine)
    cli(capsys, "import", str(write_csv(tmp_path / "a.csv", VALUE_HEADER, [fam()])), "--db", url)
    cli(
        capsys,
        "import",
        str(write_csv(tmp_path / "b.csv", VALUE_HEADER, [fam(value=9)])),
        "--db",
        url,
    )
    before = snapshot(fresh_engine)
    code, _, err = cli(capsys, "undo", "1", "--db", url)
    assert code == 2
    assert err.strip() == (
        "error: import 1 cannot be undone: later import 2 (1 row(s)) changed the same rows; "
        "undo the later import(s) first, newest first (import 2)"
    )
    assert snapshot(fresh_engine) == before
    assert cli(capsys, "undo", "2", "--db", url)[0] == 0
    assert cli(capsys, "undo", "1", "--db", url)[0] == 0
    assert _data(fresh_engine) == original
    code, _, err = cli(capsys, "undo", "1", "--db", url)
    assert (code, err.strip()) == (2, "error: import 1 is already undone")


def test_undo_is_refused_when_a_row_changed_outside_imports(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", VALUE_HEADER, [fam()])
    plan = importer.check_file(engine=fresh_engine, path=path)
    result = importer.apply_plan(engine=fresh_engine, plan=plan, user="ann")
    with fresh_engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE indicator_value SET value = 99 WHERE period = '2026' "
                "AND indicator_code = 'learning_families'"
            )
        )
    with pytest.raises(importer.UndoRefused, match="1 of its rows were changed since outside"):
        importer.undo_import(engine=fresh_engine, import_id=result.import_id or 0, user="ann")
    assert issubclass(importer.UndoRefused, importer.ImportError_)


def test_a_source_named_at_import_time_is_recorded_and_undone(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    original = _data(fresh_engine)
    path = write_csv(tmp_path / "a.csv", VALUE_HEADER[:4], [fam()[:4]])
    plan = importer.check_file(
        engine=fresh_engine,
        path=path,
        source_title="Báo cáo 2025",
        source_url="https://sonla.gov.vn/bc",
    )
    result = importer.apply_plan(engine=fresh_engine, plan=plan, user="ann")
    with fresh_engine.connect() as conn:
        source = conn.execute(
            text(
                "SELECT s.title, s.url FROM indicator_value v JOIN source s ON s.id = v.source_id "
                "JOIN import_batch b ON b.source_id = s.id WHERE v.period = '2026' "
                "AND v.indicator_code = 'learning_families'"
            )
        ).one()
    assert tuple(source) == ("Báo cáo 2025", "https://sonla.gov.vn/bc")
    importer.undo_import(engine=fresh_engine, import_id=result.import_id or 0, user="ann")
    assert _data(fresh_engine) == original  # the new source is gone too


def test_facility_names_match_after_nfc_and_whitespace_and_keep_their_spelling(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    stored = "Trung tâm học tập cộng đồng phường Tô Hiệu"
    written = "Trung  tâm học tập cộng đồng phường Tô Hiệu".replace("ô", "o\u0302")  # NFD-ish
    row = [written, "community_learning_centre", "03646", 21.345, 103.909, SOURCE]
    path = write_csv(tmp_path / "f.csv", FACILITY_HEADER, [row])
    plan = importer.check_file(engine=fresh_engine, path=path)
    result = importer.apply_plan(engine=fresh_engine, plan=plan, user="ann")
    assert (result.inserted, result.updated) == (0, 1)
    with fresh_engine.connect() as conn:
        names = conn.execute(
            text("SELECT name, lat FROM facility WHERE name LIKE '%Tô Hiệu'")
        ).all()
    assert [tuple(n) for n in names] == [(stored, 21.345)]


def test_boundaries_replace_geometry_and_undo_puts_it_back(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    original = _data(fresh_engine)
    path = write_geo(tmp_path / "b.gpkg", [{"gso_code": "116", "source_title": SOURCE}], [SQUARE])
    plan = importer.check_file(engine=fresh_engine, path=path)
    assert plan.ok and plan.kind == importer.BOUNDARIES, plan.messages()
    result = importer.apply_plan(engine=fresh_engine, plan=plan, user="ann")
    assert (result.updated, result.inserted) == (1, 0)
    with fresh_engine.connect() as conn:
        wkb = conn.execute(
            text("SELECT geometry_wkb FROM admin_unit WHERE gso_code = '116'")
        ).scalar()
    assert wkb is not None and shapely.from_wkb(bytes(wkb)).equals(SQUARE)
    again = importer.apply_plan(engine=fresh_engine, plan=plan, user="ann")
    assert (again.import_id, again.unchanged) == (None, 1)
    importer.undo_import(engine=fresh_engine, import_id=result.import_id or 0, user="ann")
    assert _data(fresh_engine) == original


def test_sample_removal_is_recorded_and_can_be_undone(fresh_engine: Engine, tmp_path: Path) -> None:
    header = [*VALUE_HEADER, "is_sample"]
    path = write_csv(
        tmp_path / "s.csv", header, [[*fam(), "true"], [*share(50), "1"], [*fam("116", "2023"), ""]]
    )
    plan = importer.check_file(engine=fresh_engine, path=path)
    importer.apply_plan(engine=fresh_engine, plan=plan, user="ann")
    with_sample = _data(fresh_engine)
    result = importer.remove_sample_data(engine=fresh_engine, user="ann")
    assert result.deleted == 2 and result.import_id is not None
    with fresh_engine.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM indicator_value WHERE is_sample")).scalar() == 0
        )
    assert importer.remove_sample_data(engine=fresh_engine, user="ann").import_id is None
    history = importer.import_history(engine=fresh_engine)
    assert history["kind"][0] == importer.SAMPLE_REMOVAL and history["summary"][0] == "deleted 2"
    importer.undo_import(engine=fresh_engine, import_id=result.import_id, user="bob")
    assert _data(fresh_engine) == with_sample


def test_two_imports_at_the_same_time_both_land(fresh_engine: Engine, tmp_path: Path) -> None:
    with fresh_engine.connect() as conn:
        sql = "SELECT gso_code FROM admin_unit WHERE vintage = 'post_2025' ORDER BY 1"
        communes = list(conn.execute(text(sql)).scalars())
    plans = []
    for name, indicator in (("a.csv", "learning_families"), ("b.csv", "learning_clans")):
        rows = [[indicator, code, "2026", i, "Báo cáo chung"] for i, code in enumerate(communes)]
        path = write_csv(tmp_path / name, VALUE_HEADER, rows)
        plans.append(importer.check_file(engine=fresh_engine, path=path))
    start = threading.Barrier(2)
    results: list[importer.ImportResult] = []
    errors: list[BaseException] = []

    def work(plan: importer.ImportPlan) -> None:
        try:
            start.wait()
            results.append(importer.apply_plan(engine=fresh_engine, plan=plan, user="ann"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(p,)) for p in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(r.import_id for r in results if r.import_id) == [1, 2]
    assert all(r.inserted == len(communes) for r in results)
    with fresh_engine.connect() as conn:
        counts = conn.execute(
            text(
                "SELECT indicator_code, count(*) FROM indicator_value WHERE period = '2026' "
                "GROUP BY indicator_code ORDER BY 1"
            )
        ).all()
        logs = conn.execute(
            text(
                "SELECT import_id, count(*) FROM change_log "
                "WHERE table_name = 'indicator_value' GROUP BY 1"
            )
        ).all()
        sources = conn.execute(text("SELECT count(*) FROM source WHERE title = 'Báo cáo chung'"))
        assert sources.scalar() == 1
    assert [tuple(c) for c in counts] == [
        ("learning_clans", len(communes)),
        ("learning_families", len(communes)),
    ]
    assert sorted(n for _, n in logs) == [len(communes)] * 2


@pytest.mark.parametrize(
    ("text_", "number"),
    [
        ("81,56", 81.56),
        ("81.56", 81.56),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("1 234", 1234),
        ("\u22123", -3),
        (" 7 ", 7),
        (12, 12),
        (0.5, 0.5),
    ],
)
def test_numbers_as_vietnamese_and_english_files_write_them(text_: object, number: float) -> None:
    assert importer.parse_number(text_) == number


@pytest.mark.parametrize("bad", ["81,5,6", "1.23.4", "abc", "nan", "inf", "", "1,2.3,4"])
def test_numbers_that_cannot_be_read(bad: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        importer.parse_number(bad)


def test_bombs_are_refused_from_the_directory_before_a_byte_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "so_lieu.xlsx"
    bomb.write_bytes(_xlsx_with({}, sheet_padding_mb=300))
    assert bomb.stat().st_size < 2 * 1024 * 1024  # small on disk
    start = reset_peak()
    plan = importer.check_file(engine=create_engine("sqlite://"), path=bomb)
    assert peak_growth(start) < 20  # MB: only the central directory was read
    assert not plan.ok and not plan.rows
    assert "ratio" in str(plan.problems[0]) and "sheet1.xml" in str(plan.problems[0])
