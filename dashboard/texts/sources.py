"""Labels of the Data sources page: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "sources_intro": (
        "Mọi số liệu, ranh giới và cơ sở trong bảng điều khiển đều dẫn về một nguồn dưới đây.",
        "Every figure, boundary and facility in the dashboard cites one of the sources below.",
    ),
    "licence": ("Giấy phép", "Licence"),
    "used_by": ("Dùng cho", "Used by"),
}
