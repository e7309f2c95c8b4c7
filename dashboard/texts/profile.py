"""Labels of the Unit profile page: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "profile_unit": ("Đơn vị", "Unit"),
    "profile_intro": (
        "Mọi chỉ tiêu của đơn vị, kèm kỳ, nguồn và khoảng cách đến mục tiêu. Bấm vào bản đồ "
        "hoặc chọn trong danh sách. In bằng Ctrl+P.",
        "Every figure of the unit with its period, source and distance to target. Click the "
        "map or pick from the list. Print with Ctrl+P.",
    ),
    "facilities_in_unit": ("Cơ sở trên địa bàn", "Facilities in the unit"),
    "no_unit_figures": ("Đơn vị này chưa có số liệu.", "This unit has no figures yet."),
    "open_profile": ("Mở hồ sơ {name}", "Open the profile of {name}"),
}
