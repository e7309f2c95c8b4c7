"""Labels of the Indicators page: groups, classes, comparison, targets, literacy standard."""

TEXT: dict[str, tuple[str, str]] = {
    "standard_met": ("Đạt", "Meets"),
    "standard_not_met": ("Chưa đạt", "Does not meet"),
    "standard_unknown": ("Chưa đủ số liệu", "Not enough figures"),
    "indicators_heading": ("Chỉ tiêu theo huyện", "Indicators by district"),
    "indicators_heading_commune": (
        "Chỉ tiêu theo xã, phường",
        "Indicators by commune and ward",
    ),
    "indicators_intro": (
        "Chọn nhóm, chỉ tiêu và kỳ. Bấm vào huyện trên bản đồ để thêm vào so sánh.",
        "Pick a group, an indicator and a period. Click a district on the map to compare it.",
    ),
    "group_literacy": ("Xoá mù chữ", "Literacy"),
    "group_learning_models": ("Mô hình học tập", "Learning models"),
    "group_clc_activity": ("Hoạt động trung tâm học tập cộng đồng", "Community learning centres"),
    "group_facilities": ("Cơ sở", "Facilities"),
    "group_education": ("Giáo dục", "Education"),
    "group_learning_city": ("Thành phố học tập", "Learning city"),
    "group_context": ("Bối cảnh", "Context"),
    "group_national_targets": ("Mục tiêu quốc gia", "National targets"),
    "classification": ("Phân lớp", "Classification"),
    "scheme_quantiles": ("Phân vị", "Quantiles"),
    "scheme_equal_interval": ("Khoảng đều", "Equal interval"),
    "scheme_natural_breaks": ("Ngắt tự nhiên", "Natural breaks"),
    "scheme_manual": ("Tự nhập", "Manual breaks"),
    "n_classes": ("Số lớp", "Number of classes"),
    "palette": ("Bảng màu", "Palette"),
    "manual_breaks": ("Các mốc (thấp nhất, …, cao nhất)", "Edges (lowest, …, highest)"),
    "manual_breaks_help": (
        "Ví dụ: 80, 90, 95, 100 — hoặc 80; 90,5; 100 khi dùng dấu phẩy thập phân.",
        "For example 80, 90, 95, 100 — or 80; 90,5; 100 with decimal commas.",
    ),
    "breaks_error": ("Không dùng được các mốc này", "These edges cannot be used"),
    "compare_units": ("Đơn vị so sánh", "Units to compare"),
    "ranking": ("Xếp hạng", "Ranking"),
    "trend": ("Diễn biến theo kỳ", "Trend over periods"),
    "targets_heading": ("Khoảng cách đến mục tiêu", "Distance to target"),
    "no_target": (
        "Chưa có mục tiêu 2025/2030 cho chỉ tiêu này ở cấp tỉnh.",
        "No 2025/2030 target is set for this indicator at province level.",
    ),
    "standard_heading": (
        "Chuẩn xoá mù chữ (Nghị định 20/2014)",
        "Literacy standard (Decree 20/2014)",
    ),
    "standard_label": (
        "Chuẩn XMC mức {level}: ≥ {threshold:g} % độ tuổi {band}",
        "Literacy level {level} standard: ≥ {threshold:g} % aged {band}",
    ),
    "standard_caption": (
        "Áp dụng tiêu chí cấp xã (Điều 20–21) cho số liệu của huyện: ít nhất 90 % người trong "
        "độ tuổi biết chữ; độ tuổi hẹp hơn với đơn vị được đánh dấu đặc biệt khó khăn.",
        "The commune criterion (Art. 20–21) applied to the district's figures: at least 90 % "
        "of people in the age band literate; a narrower band where a unit is flagged as "
        "especially disadvantaged.",
    ),
    "no_period_data": (
        "Không có số liệu cho kỳ này: {reason}",
        "No data for this period: {reason}",
    ),
    "band": ("Độ tuổi", "Age band"),
    "rate": ("Tỷ lệ", "Rate"),
    "disadvantaged": ("Đặc biệt khó khăn", "Especially disadvantaged"),
    "periods_count": ("Số kỳ", "Periods"),
    "units_without_data": (
        "Không có số liệu kỳ này cho: {names} (để trống, không tính là 0).",
        "No figure for this period for: {names} (left blank, not counted as 0).",
    ),
    "units_without_geometry": (
        "Không có ranh giới để vẽ cho: {names}; số liệu vẫn có trong bảng.",
        "No boundary to draw for: {names}; their figures are still in the table.",
    ),
}
