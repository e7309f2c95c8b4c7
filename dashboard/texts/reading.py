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
    "rd_unit_names": ("Tên đơn vị", "Unit names"),
    "rd_successor_wards": ("Xã, phường kế thừa (từ 1/7/2025)", "Successor wards (from 1 Jul 2025)"),
    "rd_city_boundary": (
        "Ranh giới thành phố Sơn La (trước 1/7/2025)",
        "Sơn La city boundary (before 1 Jul 2025)",
    ),
    "rd_sample_on_map": (
        "Trường, thư viện, điểm đọc: MẪU MINH HOẠ",
        "Schools, libraries, reading points: ILLUSTRATIVE SAMPLE",
    ),
    "rd_ranking_gap": ("… {n} đơn vị ở giữa …", "… {n} units in between …"),
    "rd_province_line": ("Toàn tỉnh", "Whole province"),
    "rd_licence_not_stated": ("nhà xuất bản không ghi", "not stated by the publisher"),
    "rd_licence_sample": (
        "số liệu mẫu do bảng điều khiển tạo, không có giấy phép riêng",
        "sample made by this dashboard, no licence of its own",
    ),
    "rd_used_figures": ("số liệu", "figures"),
    "rd_used_facilities": ("cơ sở", "facilities"),
    "rd_used_boundaries": ("ranh giới và đơn vị", "boundaries and units"),
    "rd_used_targets": ("mục tiêu", "targets"),
    "rd_used_crosswalk": ("bảng chuyển đổi", "crosswalk"),
    "rd_used_standards": ("chuẩn xoá mù chữ", "literacy standards"),
    "rd_publisher": ("Đơn vị công bố", "Publisher"),
}
