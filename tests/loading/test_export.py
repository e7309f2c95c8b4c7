"""Downloads say what they hold: indicator, unit, period, vintage, filters, sources, sample."""

import datetime as dt
import io

import openpyxl
import pandas as pd

from dashboard.loading.export import (
    ExportContext,
    read_csv_export,
    sources_of,
    to_csv_bytes,
    to_xlsx_bytes,
)

TABLE = pd.DataFrame(
    {
        "Đơn vị": ["Mường La", "Sốp Cộp"],
        "Giá trị": [86.6, 91.2],
        "Nguồn": ['=HYPERLINK("x")', "Số liệu minh hoạ"],
    }
)


def _context(lang: str, *, shown: int, total: int, filters: tuple[str, ...] = ()) -> ExportContext:
    return ExportContext(
        lang=lang,
        indicator="Tỷ lệ biết chữ mức 2, 15–60 tuổi",
        unit="%",
        period="năm học 2024-2025",
        vintage="Trước 1/7/2025: 12 huyện, thành phố",
        sources=["Số liệu minh hoạ (mẫu) — ", "Báo Sơn La — https://baosonla.vn/x"],
        is_sample=True,
        rows_shown=shown,
        rows_total=total,
        filters=filters,
        exported_at=dt.datetime(2026, 11, 30, 18, 5, tzinfo=dt.UTC),
    )


def test_csv_header_block_reads_back_in_vietnamese() -> None:
    header, table = read_csv_export(to_csv_bytes(TABLE, context=_context("vi", shown=2, total=2)))
    assert header["Chỉ tiêu"] == ["Tỷ lệ biết chữ mức 2, 15–60 tuổi"]
    assert header["Đơn vị tính"] == ["%"]
    assert header["Kỳ"] == ["năm học 2024-2025"]
    assert header["Địa giới hành chính"] == ["Trước 1/7/2025: 12 huyện, thành phố"]
    assert header["Nguồn"][1] == "Báo Sơn La — https://baosonla.vn/x"
    assert header["Có số liệu mẫu minh hoạ"][0].startswith("có")
    assert header["Thời điểm xuất"] == ["30/11/2026 18:05 UTC"]
    assert header["Số dòng"] == ["Tất cả 2 dòng"]
    assert list(table["Đơn vị"]) == ["Mường La", "Sốp Cộp"]
    assert list(table["Giá trị"]) == [86.6, 91.2]
    assert table["Nguồn"][0].startswith("'=")  # a formula stays text


def test_a_filtered_export_says_so() -> None:
    context = _context("en", shown=1, total=12, filters=("Districts: Mường La",))
    header, table = read_csv_export(to_csv_bytes(TABLE.head(1), context=context))
    assert header["Rows"] == ["FILTERED: 1 of 12 rows"]
    assert header["Filters"] == ["Districts: Mường La"]
    assert len(table) == 1


def test_xlsx_has_an_about_sheet_before_the_data() -> None:
    data = to_xlsx_bytes(TABLE, sheet="literacy", context=_context("en", shown=2, total=2))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["About", "literacy"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Indicator"] == "Tỷ lệ biết chữ mức 2, 15–60 tuổi"
    assert about["Period"] == "năm học 2024-2025"
    assert about["Rows"] == "All 2 rows"
    assert about["Contains illustrative sample data"].startswith("yes")
    data_sheet = pd.read_excel(io.BytesIO(data), sheet_name="literacy")
    assert list(data_sheet["Đơn vị"]) == ["Mường La", "Sốp Cộp"]


def test_without_a_context_the_table_is_alone() -> None:
    assert to_csv_bytes(TABLE).decode("utf-8-sig").splitlines()[0] == "Đơn vị,Giá trị,Nguồn"


def test_sources_are_listed_once_each() -> None:
    rows = pd.DataFrame({"t": ["A", "A", "B", None], "u": ["https://a", "https://a", "", None]})
    assert sources_of(rows, title="t", url="u") == ["A — https://a", "B"]
