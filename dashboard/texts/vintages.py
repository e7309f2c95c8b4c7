"""Labels of the administrative vintages (before and from 1 Jul 2025) and the crosswalk."""

TEXT: dict[str, tuple[str, str]] = {
    "scope": ("Phạm vi", "Scope"),
    "scope_province": ("Tỉnh Sơn La", "Sơn La province"),
    "scope_national": ("Toàn quốc (692 huyện)", "Whole country (692 districts)"),
    "vintage": ("Địa giới hành chính", "Administrative units"),
    "vintage_pre_2025": ("Trước 1/7/2025: 12 huyện, thành phố", "Before 1 Jul 2025: 12 districts"),
    "vintage_post_2025": (
        "Từ 1/7/2025: 75 xã, phường",
        "From 1 Jul 2025: 75 communes and wards",
    ),
    "reaggregated_notice": (
        "Kỳ {period} có trước ngày 1/7/2025: số liệu của {n} xã, phường mới được **gộp lại từ "
        "các xã cũ** theo bảng chuyển đổi (số đếm cộng lại; tỷ lệ tính lại từ tử số và mẫu số).",
        "Period {period} predates 1 Jul 2025: the figures of the {n} new communes and wards are "
        "**re-aggregated from the former communes** through the crosswalk (counts added; rates "
        "recomputed from numerators and denominators).",
    ),
    "crosswalk_refused": (
        "Không gộp số liệu qua bảng chuyển đổi: {reason}",
        "Figures are not re-aggregated through the crosswalk: {reason}",
    ),
    "reform_marker": ("Sắp xếp đơn vị hành chính 1/7/2025", "Administrative reform, 1 Jul 2025"),
}
