"""Downloadable XLSX templates with Vietnamese headers, drop-down lists and instructions.

The data sheet comes first (the importer reads the first sheet); the lists live on a hidden
sheet so the drop-downs can hold hundreds of codes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard.loading.importer import END_PARTS_VI, PERIOD_KINDS_VI

# Template column: (Vietnamese header, importer column, drop-down list name or None)
INDICATOR_COLUMNS = [
    ("Chỉ tiêu", "indicator", "indicators"),
    ("Mã đơn vị", "unit_code", "units"),
    ("Kỳ", "period", "periods"),
    ("Giá trị", "value", None),
    ("Tử số", "numerator", None),
    ("Mẫu số", "denominator", None),
    ("Nguồn", "source_title", None),
    ("Đường dẫn nguồn", "source_url", None),
    ("Ghi chú", "note", None),
    # what the period code cannot say (optional): see INSTRUCTIONS["indicator"]
    ("Loại kỳ", "period_kind", "period_kinds"),
    ("Ngày bắt đầu kỳ", "period_start", None),
    ("Ngày kết thúc kỳ", "period_end", None),
    ("Ngày báo cáo", "period_reported", None),
    ("Năm báo cáo suy ra", "period_year_inferred", "flags"),
    ("Báo cáo không rõ ngày", "period_report_undated", "flags"),
    ("Kết thúc trong năm", "period_end_part", "end_parts"),
]
# The drop-downs of the period columns, in the words the importer reads.
PERIOD_LISTS: dict[str, Sequence[str]] = {
    "period_kinds": list(PERIOD_KINDS_VI),
    "flags": ["có", "không"],
    "end_parts": list(END_PARTS_VI),
}
FACILITY_COLUMNS = [
    ("Tên", "name", None),
    ("Loại", "kind", "kinds"),
    ("Mã đơn vị", "unit_code", "units"),
    ("Vĩ độ", "lat", None),
    ("Kinh độ", "lon", None),
    ("Nguồn", "source_title", None),
    ("Đường dẫn nguồn", "source_url", None),
    ("Ghi chú", "note", None),
]
HEADER_FILL = PatternFill("solid", fgColor="253494")

INSTRUCTIONS = {
    "indicator": [
        "Mỗi dòng là một số liệu: một chỉ tiêu, của một đơn vị, trong một kỳ.",
        "Chỉ tiêu, Mã đơn vị, Kỳ: chọn trong danh sách thả xuống (hoặc gõ đúng mã).",
        "Mã đơn vị: mã GSO — 3 chữ số cho huyện (trước 1/7/2025), 5 chữ số cho xã, phường.",
        "Kỳ: năm (2025), năm học (2024-2025) hoặc ngày (2025-10-31). Kỳ kết thúc trước "
        "1/7/2025 dùng mã đơn vị cũ; từ 1/7/2025 dùng mã xã, phường mới.",
        "Các cột sau Ghi chú nói điều mã kỳ không nói được; để trống nếu không cần. Loại kỳ: "
        "năm, năm học (1/9 đến 31/5), ngày, từ ngày (tình trạng từ ngày đó) hoặc khoảng (nhiều "
        "năm, ví dụ Kỳ 2020-2024). Ngày bắt đầu kỳ, Ngày kết thúc kỳ: chỉ cho khoảng, nếu "
        "không trọn năm (2020-01-01, 14/02/2024). Kết thúc trong năm: đầu, giữa hoặc cuối năm "
        "cuối của khoảng, khi nguồn chỉ nói vậy.",
        "Ngày báo cáo: ngày nguồn công bố số liệu (ngày họp, ngày báo cáo). Năm báo cáo suy ra: "
        "có, khi nguồn chỉ ghi ngày và tháng. Báo cáo không rõ ngày: có, khi nguồn chỉ nói số "
        "liệu được báo cáo trong kỳ.",
        "Giá trị: số; tỷ lệ % từ 0 đến 100; số đếm là số nguyên không âm. Dấu phẩy thập phân "
        "(81,56) được chấp nhận.",
        "Tử số, Mẫu số: với tỷ lệ, nên ghi để số liệu gộp được khi đơn vị thay đổi.",
        "Nguồn: tên văn bản, báo cáo; Đường dẫn nguồn: địa chỉ web nếu có. Nếu bỏ trống, "
        "phải chọn một nguồn khi nhập.",
        "Không dùng công thức trong tệp: tệp có công thức sẽ bị từ chối.",
    ],
    "facility": [
        "Mỗi dòng là một cơ sở: tên, loại, đơn vị hành chính và toạ độ.",
        "Loại: chọn trong danh sách thả xuống.",
        "Vĩ độ (khoảng 20,5–22,1) và Kinh độ (khoảng 103,2–105,1) theo WGS 84, độ thập phân.",
        "Nguồn: nơi lấy danh sách; Đường dẫn nguồn nếu có.",
        "Không dùng công thức trong tệp: tệp có công thức sẽ bị từ chối.",
    ],
}


def _fill_lists(book: Workbook, lists: dict[str, Sequence[str]]) -> dict[str, str]:
    """A hidden sheet with one column per list; returns list name -> cell range."""
    sheet = book.create_sheet("Danh mục")
    ranges = {}
    for col, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        sheet.cell(row=1, column=col, value=name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=col, value=value)
        ranges[name] = f"'Danh mục'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    sheet.sheet_state = "hidden"
    return ranges


def template_xlsx(
    *,
    kind: str,
    indicators: Sequence[str],
    units: Sequence[str],
    periods: Sequence[str],
    kinds: Sequence[str],
) -> bytes:
    """An XLSX template ('indicator' or 'facility') with drop-downs from the given lists."""
    columns = INDICATOR_COLUMNS if kind == "indicator" else FACILITY_COLUMNS
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Số liệu" if kind == "indicator" else "Cơ sở"
    for col, (header, _, _) in enumerate(columns, start=1):
        cell = data.cell(row=1, column=col, value=header)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEADER_FILL
        data.column_dimensions[get_column_letter(col)].width = max(14, len(header) + 4)
    data.freeze_panes = "A2"
    guide = book.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 110
    for row, line in enumerate(INSTRUCTIONS[kind], start=1):
        guide.cell(row=row, column=1, value=line)
    ranges = _fill_lists(
        book,
        {"indicators": indicators, "units": units, "periods": periods, "kinds": kinds}
        | PERIOD_LISTS,
    )
    for col, (_, _, list_name) in enumerate(columns, start=1):
        if list_name is None:
            continue
        letter = get_column_letter(col)
        validation = DataValidation(type="list", formula1=f"={ranges[list_name]}", allow_blank=True)
        validation.error = "Chọn một giá trị trong danh sách / pick a value from the list"
        validation.showErrorMessage = True
        data.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- the plan area's templates (issue 14): flag lists, recognitions, missing plan figures ------

FLAG_COLUMNS = [
    ("Mã đơn vị", "unit_code", "units"),
    ("Kỳ", "period", "periods"),
    ("Đặc biệt khó khăn", "particularly_difficult", "flags"),
    ("Nguồn", "source_title", None),
    ("Đường dẫn nguồn", "source_url", None),
    ("Ghi chú", "note", None),
]
RECOGNITION_COLUMNS = [
    ("Người, đơn vị được công nhận", "recipient", None),
    ("Loại người nhận", "recipient_kind", "recipient_kinds"),
    ("Mã đơn vị", "unit_code", "units"),
    ("Loại công nhận", "kind", "recognition_kinds"),
    ("Cấp", "level", "levels"),
    ("Danh hiệu", "title", None),
    ("Số quyết định", "decision_number", None),
    ("Ngày quyết định", "decision_date", None),
    ("Cơ quan ban hành", "issuing_body", None),
    ("Nguồn", "source_title", None),
    ("Đường dẫn nguồn", "source_url", None),
    ("Ghi chú", "note", None),
]
PLAN_INSTRUCTIONS = {
    "flags": [
        "Mỗi dòng là một đơn vị trong danh sách chính thức xã, huyện đặc biệt khó khăn của một kỳ.",
        "Mã đơn vị: mã GSO của đơn vị tồn tại trong kỳ đó (kỳ kết thúc trước 1/7/2025: mã cũ; "
        "từ 1/7/2025: mã xã, phường mới). Đơn vị không tồn tại trong kỳ sẽ bị từ chối.",
        "Đặc biệt khó khăn: có / không. Đơn vị có cờ dùng độ tuổi hẹp hơn của chuẩn xoá mù chữ "
        "(Nghị định 20/2014).",
        "Nguồn: tên văn bản (quyết định phê duyệt danh sách); Đường dẫn nguồn nếu có.",
        "Không dùng công thức trong tệp: tệp có công thức sẽ bị từ chối.",
    ],
    "recognitions": [
        "Mỗi dòng là một quyết định công nhận hoặc khen thưởng cho một người nhận.",
        "Người, đơn vị được công nhận: tên như trong quyết định (đơn vị, trường, cơ sở, tập thể "
        "hoặc cá nhân). Loại người nhận: chọn trong danh sách.",
        "Mã đơn vị: mã GSO của xã, phường (hoặc huyện trước 1/7/2025) nơi người nhận thuộc về, "
        "theo ngày quyết định.",
        "Loại công nhận, Cấp: chọn trong danh sách. Ngày quyết định: 2025-03-14 hoặc 14/03/2025; "
        "ngày trong tương lai bị từ chối.",
        "Cùng người nhận, danh hiệu và số quyết định chỉ được ghi một lần.",
        "Không dùng công thức trong tệp: tệp có công thức sẽ bị từ chối.",
    ],
}


def _plan_template(
    *,
    title: str,
    columns: Sequence[tuple[str, str, str | None]],
    instructions: Sequence[str],
    lists: dict[str, Sequence[str]],
    rows: Sequence[Sequence[object]] = (),
) -> bytes:
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = title
    for col, (header, _, _) in enumerate(columns, start=1):
        cell = data.cell(row=1, column=col, value=header)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEADER_FILL
        data.column_dimensions[get_column_letter(col)].width = max(14, len(header) + 4)
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            data.cell(row=r, column=col, value=value)
    data.freeze_panes = "A2"
    guide = book.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 110
    for row, line in enumerate(instructions, start=1):
        guide.cell(row=row, column=1, value=line)
    ranges = _fill_lists(book, dict(lists))
    for col, (_, _, list_name) in enumerate(columns, start=1):
        if list_name is None:
            continue
        letter = get_column_letter(col)
        validation = DataValidation(type="list", formula1=f"={ranges[list_name]}", allow_blank=True)
        validation.error = "Chọn một giá trị trong danh sách / pick a value from the list"
        validation.showErrorMessage = True
        data.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def flag_template_xlsx(*, units: Sequence[str], periods: Sequence[str]) -> bytes:
    """The XLSX template of a "particularly difficult" flag list."""
    return _plan_template(
        title="Đặc biệt khó khăn",
        columns=FLAG_COLUMNS,
        instructions=PLAN_INSTRUCTIONS["flags"],
        lists={"units": units, "periods": periods, "flags": ["có", "không"]},
    )


def recognition_template_xlsx(
    *,
    units: Sequence[str],
    recipient_kinds: Sequence[str],
    recognition_kinds: Sequence[str],
    levels: Sequence[str],
) -> bytes:
    """The XLSX template of recognitions and honours."""
    return _plan_template(
        title="Công nhận, khen thưởng",
        columns=RECOGNITION_COLUMNS,
        instructions=PLAN_INSTRUCTIONS["recognitions"],
        lists={
            "units": units,
            "recipient_kinds": recipient_kinds,
            "recognition_kinds": recognition_kinds,
            "levels": levels,
        },
    )


def missing_figures_xlsx(
    *,
    indicators: Sequence[str],
    unit_code: str,
    all_indicators: Sequence[str],
    units: Sequence[str],
    periods: Sequence[str],
) -> bytes:
    """The figures template with one row per indicator still without a figure."""
    return _plan_template(
        title="Số liệu",
        columns=INDICATOR_COLUMNS,
        instructions=INSTRUCTIONS["indicator"],
        lists={"indicators": all_indicators, "units": units, "periods": periods} | PERIOD_LISTS,
        rows=[(code, unit_code) for code in indicators],
    )
