"""Labels for screen readers and keyboard readers: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "a11y_map_table": (
        "Bản đồ dạng bảng: {indicator}, {period}",
        "The map as a table: {indicator}, {period}",
    ),
    "a11y_map_frame": (
        "Bản đồ tương tác (số liệu của bản đồ có trong bảng ngay dưới bản đồ)",
        "Interactive map (its figures are in the table just below the map)",
    ),
    "a11y_slide_map": ("Bản đồ {title}: {headline}.", "Map of {title}: {headline}."),
    "a11y_profile_link": ("Hồ sơ {name}", "Profile of {name}"),
}
