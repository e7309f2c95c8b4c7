"""The plan area's import kinds: "particularly difficult" flag lists and recognitions.

Good files are written with an import batch and undone exactly; bad files are refused with
PATH:ROW:COLUMN and write nothing. Both backends.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from dashboard.data import db, plan_queries, queries
from dashboard.domain import analysis, focus
from dashboard.loading import importer, templates
from dashboard.loading.seed import seed
from dashboard.ui import cache
from tests.conftest import engine_for
from tests.factories import snapshot, write_csv, write_xlsx

FLAG_HEADER = ["unit_code", "period", "particularly_difficult", "source_title"]
LIST = "Danh sách xã đặc biệt khó khăn (test list)"
RECOGNITION_HEADER = [
    "recipient",
    "recipient_kind",
    "unit_code",
    "kind",
    "level",
    "title",
    "decision_number",
    "decision_date",
    "issuing_body",
    "source_title",
]
DECISION = "Quyết định công nhận (test decision)"
HOSTILE = "<img src=x onerror=alert(1)><b>bold</b>"


@pytest.fixture
def engine(empty_url: str) -> Iterator[Engine]:
    """A fresh database with the full seed (sample included), writable."""
    engine = engine_for(empty_url)
    db.migrate(engine)
    seed(engine)
    yield engine
    engine.dispose()


def _import(engine: Engine, path: Path) -> importer.ImportResult:
    plan = importer.check_file(engine=engine, path=path)
    assert plan.ok, plan.messages()
    return importer.apply_plan(engine=engine, plan=plan, user="planner")


def _refused(engine: Engine, path: Path) -> list[str]:
    before = snapshot(engine)
    plan = importer.check_file(engine=engine, path=path)
    assert not plan.ok
    with pytest.raises(importer.PlanNotValid):
        importer.apply_plan(engine=engine, plan=plan, user="planner")
    assert snapshot(engine) == before
    return plan.messages()


def test_flag_list_narrows_the_literacy_band_and_undo_restores(
    engine: Engine, tmp_path: Path
) -> None:
    original = snapshot(engine)
    standards = queries.literacy_standards(engine=engine)
    figures = plan_queries.literacy_level2_figures(
        engine=engine, period="2024-2025", vintage="pre_2025"
    )
    bands = {b: g for b, g in figures.groupby("band")}
    before = focus.ranking(bands, {}, standards).set_index("gso_code")
    path = write_csv(
        tmp_path / "flags.csv",
        FLAG_HEADER,
        [("127", "2024-2025", "có", LIST), ("118", "2024-2025", "không", LIST)],
    )
    result = _import(engine, path)
    assert (result.inserted, result.import_id is not None) == (2, True)

    flags = plan_queries.difficulty_flags(engine=engine, vintage="pre_2025")
    assert dict(zip(flags["gso_code"], flags["flagged"], strict=True)) == {
        "127": True,
        "118": False,
    }
    applied = focus.flag_for(flags, period_end=dt.date(2025, 5, 31))
    after = focus.ranking(bands, applied, standards).set_index("gso_code")
    narrow = bands["15-35"].set_index("gso_code")
    # Sốp Cộp is judged on ages 15–35 now; its people estimate (15–60) does not change.
    assert (after.loc["127", "band"], after.loc["127", "rate"]) == (
        "15-35",
        narrow.loc["127", "value"],
    )
    assert after.loc["127", "rate"] != before.loc["127", "rate"]
    assert after.loc["127", "people_without"] == before.loc["127", "people_without"]
    assert after.loc["118", "band"] == "15-60"
    # the Indicators page's Decree 20 verdicts use the same flags (activated by the list)
    listed = cache.listed_flags(engine, vintage="pre_2025", period="2024-2025")
    verdicts = analysis.literacy_verdicts(
        level=2,
        rates_by_band=queries.literacy_standard_rates(
            engine=engine, literacy_level=2, period="2024-2025", vintage="pre_2025"
        ),
        disadvantaged={"127": False, "118": None} | listed,
        standards=standards,
    )
    assert (verdicts["127"].band, verdicts["127"].disadvantaged) == ("15-35", True)
    assert verdicts["118"].band == "15-60"

    importer.undo_import(engine=engine, import_id=result.import_id or 0, user="planner")
    assert plan_queries.difficulty_flags(engine=engine, vintage="pre_2025").empty
    changed = {k for k in original if snapshot(engine)[k] != original[k]}
    assert changed <= {"import_batch", "change_log", "audit_log"}


def test_flag_list_for_a_period_the_unit_did_not_exist_in_is_refused(
    engine: Engine, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "flags.csv",
        FLAG_HEADER,
        [
            ("127", "2025-2026", "có", LIST),  # the district was abolished on 1 Jul 2025
            ("03652", "2025-2026", "có", LIST),  # phường Quyết Thắng was merged on 1 Jul 2025
            ("99999", "2024-2025", "có", LIST),
            ("118", "2024-2025", "perhaps", LIST),
        ],
    )
    messages = _refused(engine, path)
    assert any(m.startswith(f"{path}:2:unit_code: ") and "abolished" in m for m in messages)
    assert any(m.startswith(f"{path}:3:unit_code: ") and "abolished" in m for m in messages)
    assert any(m.startswith(f"{path}:4:unit_code: unknown unit code '99999'") for m in messages)
    assert any(m.startswith(f"{path}:5:particularly_difficult: ") for m in messages)


def _recognition(
    recipient: str = "Trường Tiểu học Tô Hiệu",
    *,
    unit: str = "03646",
    date: str = "2025-09-05",
    number: str = "123/QĐ-TEST",
    kind: str = "Đơn vị học tập",
) -> tuple[str, ...]:
    level, title, body = "cấp tỉnh", "Đơn vị học tập", "UBND tỉnh Sơn La"
    return (recipient, "school", unit, kind, level, title, number, date, body, DECISION)


def test_recognitions_are_counted_per_unit_and_undone(engine: Engine, tmp_path: Path) -> None:
    original = snapshot(engine)
    path = write_xlsx(
        tmp_path / "recognitions.xlsx",
        RECOGNITION_HEADER,
        [
            _recognition(),
            _recognition(HOSTILE, number="124/QĐ-TEST", kind="khen thưởng"),
            _recognition("Cộng đồng học tập bản (test)", unit="123", date="14/03/2024"),
        ],
    )
    result = _import(engine, path)
    assert result.inserted == 3

    found = plan_queries.recognitions(engine=engine)
    assert HOSTILE in set(found["recipient"])  # stored as written, shown as text
    assert set(found["kind"]) == {"learning_unit", "honour"}
    after = plan_queries.recognition_counts(engine=engine, vintage="post_2025")
    assert after.set_index("gso_code").loc["03646", "recognitions"] == 2
    assert after["recognitions"].sum() == 2
    before = plan_queries.recognition_counts(engine=engine, vintage="pre_2025")
    assert before.set_index("gso_code").loc["123", "recognitions"] == 1

    importer.undo_import(engine=engine, import_id=result.import_id or 0, user="planner")
    assert plan_queries.recognitions(engine=engine).empty
    changed = {k for k in original if snapshot(engine)[k] != original[k]}
    assert changed <= {"import_batch", "change_log", "audit_log"}


def test_bad_recognitions_are_refused_with_path_row_column(engine: Engine, tmp_path: Path) -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    path = write_csv(
        tmp_path / "bad.csv",
        RECOGNITION_HEADER,
        [
            _recognition(unit="99999"),
            _recognition("Trường (future)", date=future),
            _recognition("Trường A (test)"),
            _recognition("Trường A (test)"),
            _recognition("Trường B (test)", kind="huy chương"),
        ],
    )
    messages = _refused(engine, path)
    assert any(m.startswith(f"{path}:2:unit_code: unknown unit code '99999'") for m in messages)
    assert f"{path}:3:decision_date: decision date {future} is in the future" in messages
    assert f"{path}:5:recipient: same recipient, title and decision as row 4" in messages
    assert any(m.startswith(f"{path}:6:kind: unknown recognition kind") for m in messages)


def test_a_recognition_already_recorded_is_refused(engine: Engine, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", RECOGNITION_HEADER, [_recognition()])
    _import(engine, first)
    again = write_csv(
        tmp_path / "b.csv", RECOGNITION_HEADER, [_recognition("  Trường Tiểu học  Tô Hiệu ")]
    )
    messages = _refused(engine, again)
    assert len(messages) == 1
    assert messages[0].startswith(f"{again}:2:recipient: this recipient already has this title")


def test_sample_recognitions_name_no_person_and_leave_with_the_sample(
    engine: Engine, tmp_path: Path
) -> None:
    header = [*RECOGNITION_HEADER, "is_sample"]
    person = write_csv(
        tmp_path / "person.csv",
        header,
        [("Một người (test)", "person", *_recognition()[2:], "true")],
    )
    messages = _refused(engine, person)
    assert messages == [
        f"{person}:2:recipient_kind: a sample recognition names a unit, school, facility or "
        "collective, never a person"
    ]
    path = write_csv(tmp_path / "sample.csv", header, [(*_recognition(), "true")])
    _import(engine, path)
    with_sample = snapshot(engine)["recognition"]
    removal = importer.remove_sample_data(engine=engine, user="planner")
    assert plan_queries.recognitions(engine=engine).empty
    importer.undo_import(engine=engine, import_id=removal.import_id or 0, user="planner")
    assert snapshot(engine)["recognition"] == with_sample


def _filled(tmp_path: Path, name: str, template: bytes, rows: list[list[object]]) -> Path:
    """The template with rows typed under its Vietnamese headers, as a planner would."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    path = tmp_path / name
    book.save(path)
    return path


def test_the_templates_import_once_filled(engine: Engine, tmp_path: Path) -> None:
    flags = _filled(
        tmp_path,
        "flags.xlsx",
        templates.flag_template_xlsx(units=["127"], periods=["2024-2025"]),
        [["127", "2024-2025", "có", LIST]],
    )
    assert importer.check_file(engine=engine, path=flags).kind == importer.DIFFICULTY_FLAGS
    assert _import(engine, flags).inserted == 1

    recognitions = _filled(
        tmp_path,
        "recognitions.xlsx",
        templates.recognition_template_xlsx(
            units=["03646"],
            recipient_kinds=["school"],
            recognition_kinds=["learning_unit"],
            levels=["provincial"],
        ),
        [
            [
                "Trường (test)",
                "trường học",
                "03646",
                "đơn vị học tập",
                "cấp tỉnh",
                "Đơn vị học tập",
                "9/QĐ-TEST",
                dt.datetime(2025, 9, 5),
                "UBND tỉnh Sơn La",
                DECISION,
            ]
        ],
    )
    assert _import(engine, recognitions).inserted == 1
    found = plan_queries.recognitions(engine=engine).iloc[0]
    assert (found["recipient_kind"], found["kind"], found["level"]) == (
        "school",
        "learning_unit",
        "provincial",
    )

    missing = ["continuing_education_staff_trained", "continuing_education_inspections"]
    figures = _filled(
        tmp_path,
        "missing.xlsx",
        templates.missing_figures_xlsx(
            indicators=missing,
            unit_code="14",
            all_indicators=missing,
            units=["14"],
            periods=["2025"],
        ),
        [
            [None, None, "2025", 120, None, None, "Báo cáo (test)"],
            [None, None, "2025", 6, None, None, "Báo cáo (test)"],
        ],
    )
    plan = importer.check_file(engine=engine, path=figures)
    assert plan.ok, plan.messages()
    assert [(r["indicator"], r["unit_code"]) for r in plan.rows] == [(c, "14") for c in missing]
