"""The plan area's rules without a database: plan status, focus ranking, KFLC annex."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.domain import focus, plan
from dashboard.domain.periods import parse_code
from dashboard.domain.plan import Figure, Status
from dashboard.loading import kflc_report
from dashboard.loading.seed import SeedError, load_seed_data
from tests.conftest import REPO

D = dt.date


@pytest.mark.parametrize(
    ("figures", "targets", "higher_is_better", "expected"),
    [
        # no figure at all, with or without a target
        ([], {2025: 70.0}, True, Status.NO_FIGURES),
        ([], {}, True, Status.NO_FIGURES),
        # figures but no target
        ([Figure(D(2024, 12, 31), 50.0)], {}, True, Status.NO_TARGET),
        # reached: at or above the target, even before the target year
        ([Figure(D(2024, 12, 31), 70.0)], {2025: 70.0}, True, Status.MET),
        (
            [Figure(D(2023, 12, 31), 40.0), Figure(D(2024, 12, 31), 81.56)],
            {2025: 70},
            True,
            Status.MET,
        ),
        # path 2021 (40) -> 31 Dec 2025 (80): at 31 Dec 2023 the path is at 60
        (
            [Figure(D(2021, 12, 31), 40.0), Figure(D(2023, 12, 31), 61.0)],
            {2025: 80.0},
            True,
            Status.ON_TRACK,
        ),
        (
            [Figure(D(2021, 12, 31), 40.0), Figure(D(2023, 12, 31), 60.0)],
            {2025: 80.0},
            True,
            Status.ON_TRACK,
        ),
        (
            [Figure(D(2021, 12, 31), 40.0), Figure(D(2023, 12, 31), 59.0)],
            {2025: 80.0},
            True,
            Status.BEHIND,
        ),
        # a single figure lies on its own path until the target year has passed
        ([Figure(D(2023, 12, 31), 10.0)], {2025: 80.0}, True, Status.ON_TRACK),
        ([Figure(D(2026, 5, 31), 79.0)], {2025: 80.0}, True, Status.BEHIND),
        # the next target year is used: a 2026 figure past the 2025 target (45) is judged
        # against 2030 (60): the path 40 -> 60 stands at 51.1 on 31 Dec 2026
        (
            [Figure(D(2021, 12, 31), 40.0), Figure(D(2026, 12, 31), 52.0)],
            {2025: 45.0, 2030: 60.0},
            True,
            Status.ON_TRACK,
        ),
        (
            [Figure(D(2021, 12, 31), 40.0), Figure(D(2026, 12, 31), 50.0)],
            {2025: 45.0, 2030: 60.0},
            True,
            Status.BEHIND,
        ),
        (
            [Figure(D(2021, 12, 31), 40.0), Figure(D(2026, 12, 31), 50.0)],
            {2025: 45.0, 2030: 70.0},
            True,
            Status.BEHIND,
        ),
        # lower is better: below the target is met, above the path is behind
        ([Figure(D(2024, 12, 31), 4.0)], {2025: 5.0}, False, Status.MET),
        (
            [Figure(D(2021, 12, 31), 20.0), Figure(D(2023, 12, 31), 16.0)],
            {2025: 10.0},
            False,
            Status.BEHIND,
        ),
        (
            [Figure(D(2021, 12, 31), 20.0), Figure(D(2023, 12, 31), 14.0)],
            {2025: 10.0},
            False,
            Status.ON_TRACK,
        ),
        # NaN is not a figure
        ([Figure(D(2024, 12, 31), float("nan"))], {2025: 70.0}, True, Status.NO_FIGURES),
    ],
)
def test_status_rule(
    figures: list[Figure], targets: dict[int, float], higher_is_better: bool, expected: Status
) -> None:
    verdict = plan.indicator_status(figures, targets, higher_is_better=higher_is_better)
    assert verdict.status == expected


def test_on_track_reports_where_the_path_stands() -> None:
    figures = [Figure(D(2021, 12, 31), 40.0), Figure(D(2023, 12, 31), 61.0)]
    verdict = plan.indicator_status(figures, {2025: 80.0}, higher_is_better=True)
    assert (verdict.target_year, verdict.target) == (2025, 80.0)
    assert verdict.expected == pytest.approx(60.0, abs=0.05)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([Status.MET, Status.BEHIND, Status.NO_FIGURES], Status.BEHIND),
        ([Status.MET, Status.ON_TRACK], Status.ON_TRACK),
        ([Status.MET, Status.NO_FIGURES], Status.MET),
        ([Status.NO_TARGET, Status.NO_FIGURES], Status.NO_TARGET),
        ([Status.NO_FIGURES, Status.NO_FIGURES], Status.NO_FIGURES),
        ([], Status.NO_FIGURES),
    ],
)
def test_task_status(statuses: list[Status], expected: Status) -> None:
    assert plan.task_status(statuses) == expected


STANDARDS = pd.DataFrame(
    [
        {
            "standard": "literacy_commune",
            "level": 2,
            "age_band_normal": "15-60",
            "age_band_disadvantaged": "15-35",
            "threshold_percent": 90.0,
        }
    ]
)


def _band(rows: list[tuple[str, float | None, float | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "gso_code": code,
                "name": f"Unit {code}",
                "value": value,
                "numerator": num,
                "denominator": den,
                "is_sample": True,
                "period_detail": parse_code("2024-2025"),
                "source_title": "sample",
                "source_url": "",
            }
            for code, value, num, den in rows
        ]
    )


BANDS = {
    # A: large and fairly literate; B: small and least literate; C: no figure; D: flagged
    "15-60": _band(
        [
            ("A", 92.0, 92_000.0, 100_000.0),
            ("B", 80.0, 4_000.0, 5_000.0),
            ("C", None, None, None),
            ("D", 85.0, 17_000.0, 20_000.0),
        ]
    ),
    "15-35": _band(
        [
            ("A", 95.0, 47_500.0, 50_000.0),
            ("B", 84.0, 2_100.0, 2_500.0),
            ("C", None, None, None),
            ("D", 91.0, 9_100.0, 10_000.0),
        ]
    ),
}


def test_focus_ranks_by_people_and_by_rate_differently() -> None:
    ranked = focus.ranking(BANDS, {}, STANDARDS)
    by_people = focus.ordered(ranked, by="people")
    by_rate = focus.ordered(ranked, by="rate")
    assert list(by_people["gso_code"]) == ["A", "D", "B", "C"]  # 8,000 > 3,000 > 1,000
    assert list(by_rate["gso_code"]) == ["B", "D", "A", "C"]  # 80 < 85 < 92
    assert by_people.iloc[0]["people_without"] == 8_000
    assert pd.isna(by_people.iloc[-1]["rank_people"])  # no figure: ranked last, no rank
    assert by_rate.set_index("gso_code").loc["B", "gap"] == -10.0


def test_focus_uses_the_narrow_band_where_flagged() -> None:
    plain = focus.ranking(BANDS, {}, STANDARDS).set_index("gso_code")
    flagged = focus.ranking(BANDS, {"D": True, "A": False}, STANDARDS).set_index("gso_code")
    assert (plain.loc["D", "band"], plain.loc["D", "gap"]) == ("15-60", -5.0)
    assert (flagged.loc["D", "band"], flagged.loc["D", "gap"]) == ("15-35", 1.0)
    assert bool(flagged.loc["D", "flagged"])
    # the people estimate stays on ages 15-60
    assert flagged.loc["D", "people_without"] == plain.loc["D", "people_without"] == 3_000
    assert focus.ordered(focus.ranking(BANDS, {"D": True}, STANDARDS), by="rate")[
        "gso_code"
    ].tolist() == ["B", "D", "A", "C"]


def test_flag_for_takes_each_units_nearest_list() -> None:
    flags = pd.DataFrame(
        {
            "gso_code": ["A", "A", "B"],
            "period_end": pd.to_datetime(["2021-05-31", "2024-05-31", "2019-05-31"]),
            "flagged": [True, False, True],
        }
    )
    assert focus.flag_for(flags, period_end=D(2025, 5, 31)) == {"A": False, "B": True}
    assert focus.flag_for(flags, period_end=D(2021, 5, 31)) == {"A": True, "B": True}
    assert focus.flag_for(flags.iloc[0:0], period_end=D(2025, 5, 31)) == {}


KFLC = pd.DataFrame(
    [
        (
            "benefit",
            1,
            "b1",
            "Lợi ích một",
            "Benefit one",
            "x",
            "Chỉ tiêu x",
            "X",
            "percent",
            81.56,
            parse_code("2025"),
            "Báo Sơn La",
            "https://example.org/x",
            False,
        ),
        (
            "benefit",
            1,
            "b1",
            "Lợi ích một",
            "Benefit one",
            "y",
            "Chỉ tiêu y",
            "Y",
            "persons",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "building_block",
            1,
            "k1",
            "Trụ cột một",
            "Block one",
            "z",
            "Chỉ tiêu z",
            "Z",
            "persons",
            12.0,
            parse_code("2024"),
            "mẫu",
            "",
            True,
        ),
        (
            "building_block",
            2,
            "k2",
            "Trụ cột hai",
            "Block two",
            "y",
            "Chỉ tiêu y",
            "Y",
            "persons",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "fundamental_condition",
            1,
            "c1",
            "Điều kiện một",
            "Condition one",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ),
    ],
    columns=[
        "part",
        "number",
        "area_code",
        "area_vi",
        "area_en",
        "indicator_code",
        "label_vi",
        "label_en",
        "unit",
        "value",
        "period_detail",
        "source_title",
        "source_url",
        "is_sample",
    ],
)


def test_kflc_area_states() -> None:
    states = kflc_report.area_states(KFLC).set_index("area_code")
    assert states["state"].to_dict() == {
        "b1": "figures",
        "k1": "sample",
        "k2": "indicators",
        "c1": "none",
    }
    assert states.loc["b1", ["indicators", "real", "sample_only"]].tolist() == [2, 1, 0]


def test_kflc_evidence_xlsx_groups_figures_by_area() -> None:
    book = openpyxl.load_workbook(io.BytesIO(kflc_report.evidence_xlsx(KFLC, "vi")))
    rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][:4] == ("Nhóm", "Lĩnh vực", "Chỉ tiêu", "Giá trị")
    assert rows[1][1:4] == ("Lợi ích một", "Chỉ tiêu x", "81,56 %")
    assert rows[1][6] == "https://example.org/x"
    assert rows[3][-1] == "MẪU MINH HOẠ"  # the sample figure is marked
    assert rows[5][1:3] == ("Điều kiện một", None)  # an area with no indicator still listed


def test_kflc_evidence_pdf_embeds_a_vietnamese_font() -> None:
    pdf = kflc_report.evidence_pdf(KFLC, "vi", title="Thành phố Sơn La — phụ lục")
    assert pdf.startswith(b"%PDF")
    assert b"DejaVuSans" in pdf
    assert b"/FontFile2" in pdf  # TrueType embedded: every Vietnamese letter prints


def test_a_broken_plan_catalogue_names_its_file_and_line(seed_copy: Callable[[], Path]) -> None:
    root = seed_copy()
    links = root / "plan" / "plan_task_indicators.csv"
    with links.open("a", encoding="utf-8") as f:
        f.write("dispatch_4,no_such_indicator\n")
    lines = links.read_text(encoding="utf-8").count("\n")
    with pytest.raises(SeedError, match=rf"plan_task_indicators.csv:{lines}: unknown indicator"):
        load_seed_data(root)


def test_the_catalogue_ties_every_task_and_area_as_shipped() -> None:
    data = load_seed_data(REPO / "data", include_sample=False)
    assert [t["code"] for t in data.plan.tasks if t["framework"] == "dispatch_2024"] == [
        f"dispatch_{n}" for n in range(1, 9)
    ]
    tied = {task for task, _ in data.plan.task_indicators}
    assert tied == {t["code"] for t in data.plan.tasks}  # every task has an indicator
    parts = [a["part"] for a in data.plan.areas]
    assert (len(parts), parts.count("building_block")) == (12, 6)
