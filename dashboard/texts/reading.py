"""Labels of the reading area: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "rd_export_about": ("Thông tin", "About"),
    "rd_export_indicator": ("Chỉ tiêu", "Indicator"),
    "rd_export_unit": ("Đơn vị tính", "Unit of measure"),
    "rd_export_period": ("Kỳ", "Period"),
    "rd_export_vintage": ("Địa giới hành chính", "Administrative units"),
    "rd_export_filters": ("Bộ lọc", "Filters"),
    "rd_export_no_filter": ("không lọc", "none"),
    "rd_export_rows": ("Số dòng", "Rows"),
    "rd_export_filtered": (
        "ĐÃ LỌC: {shown} trong {total} dòng",
        "FILTERED: {shown} of {total} rows",
    ),
    "rd_export_all_rows": ("Tất cả {total} dòng", "All {total} rows"),
    "rd_export_source": ("Nguồn", "Source"),
    "rd_export_sample": ("Có số liệu mẫu minh hoạ", "Contains illustrative sample data"),
    "rd_export_sample_yes": (
        "có – số liệu mẫu, không phải số liệu thật",
        "yes – sample figures, not real figures",
    ),
    "rd_export_time": ("Thời điểm xuất", "Exported at"),
}
