"""Labels of the map pages' first screen: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "mp_note_sample": ("Số liệu mẫu minh hoạ", "Illustrative sample figures"),
    "mp_note_link": ("Giá trị trong liên kết không dùng được", "A link value was not used"),
    "mp_note_no_data": ("Đơn vị không có số liệu", "Units without figures"),
    "mp_note_no_shape": ("Đơn vị không có trên bản đồ", "Units not on the map"),
    "mp_note_reaggregated": ("Số liệu cộng từ đơn vị cũ", "Figures added up from former units"),
    "mp_note_no_period_data": ("Kỳ này chưa có số liệu", "No figures for this period"),
    "mp_note_sample_facilities": ("Cơ sở mẫu minh hoạ", "Illustrative sample facilities"),
    "mp_classes": ("Phân lớp và màu", "Classes and colours"),
}
