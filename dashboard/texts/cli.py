"""Labels of the command line (`python -m dashboard`): key -> (Vietnamese, English).

The command line answers in English unless a command is given `--lang vi`.
"""

TEXT: dict[str, tuple[str, str]] = {
    "cli_error": ("lỗi", "error"),
    "cli_unknown_indicator": ("không có chỉ tiêu '{value}'", "unknown indicator '{value}'"),
    "cli_unknown_unit": (
        "không có đơn vị '{value}' trong {vintage}",
        "unknown unit '{value}' in {vintage}",
    ),
    "cli_unknown_deck": ("không có bài trình chiếu '{value}'", "unknown deck '{value}'"),
    "cli_unknown_period": (
        "không có kỳ '{value}' của {indicator} trong {vintage}",
        "unknown period '{value}' of {indicator} in {vintage}",
    ),
    "cli_did_you_mean": ("có phải là {choices}?", "did you mean {choices}?"),
    "cli_or": ("hoặc", "or"),
    "cli_list_with": ("Xem danh sách: {command}", "List them with {command}"),
    "cli_unit_in_other_vintage": (
        "'{value}' có trong {vintage}: thêm --vintage {vintage}",
        "'{value}' is in {vintage}: add --vintage {vintage}",
    ),
    "cli_deck_name_ambiguous": (
        "nhiều bài trình chiếu tên '{value}'; hãy ghi mã số: {ids}",
        "several decks are named '{value}'; give one of their ids: {ids}",
    ),
    "cli_no_match": ("không có {what} nào khớp với '{search}'", "no {what} matches '{search}'"),
    "cli_what_indicator": ("chỉ tiêu", "indicator"),
    "cli_what_unit": ("đơn vị", "unit"),
    "cli_col_code": ("mã", "code"),
    "cli_col_name": ("tên", "name"),
    "cli_col_unit": ("đơn vị tính", "unit"),
    "cli_col_periods": ("các kỳ có số liệu", "periods with figures"),
    "cli_col_type": ("loại", "type"),
    "cli_listed": ("{count} trong {total}", "{count} of {total}"),
    "cli_indicator": ("chỉ tiêu", "indicator"),
    "cli_indicators": ("chỉ tiêu", "indicators"),
    "cli_unit": ("đơn vị", "unit"),
    "cli_units": ("đơn vị", "units"),
    "cli_row": ("dòng", "row"),
    "cli_rows": ("dòng", "rows"),
    "cli_slide": ("trang", "slide"),
    "cli_slides": ("trang", "slides"),
    "cli_problem": ("lỗi", "problem"),
    "cli_problems": ("lỗi", "problems"),
    "cli_crosswalk_row": ("dòng bảng chuyển đổi", "crosswalk row"),
    "cli_crosswalk_rows": ("dòng bảng chuyển đổi", "crosswalk rows"),
    "cli_old_unit": ("đơn vị cũ", "old unit"),
    "cli_old_units": ("đơn vị cũ", "old units"),
    "cli_new_unit": ("đơn vị mới", "new unit"),
    "cli_new_units": ("đơn vị mới", "new units"),
}
