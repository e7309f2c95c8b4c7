"""Labels of the Overview page: the province's figures and the first map."""

TEXT: dict[str, tuple[str, str]] = {
    "overview_heading": (
        "Xây dựng xã hội học tập tỉnh Sơn La",
        "Building a learning society in Sơn La province",
    ),
    "overview_intro": (
        "Thành phố Sơn La là thành viên Mạng lưới thành phố học tập toàn cầu UNESCO từ "
        "14/02/2024. Số liệu cấp tỉnh dưới đây là số liệu thật, mỗi số kèm kỳ báo cáo và nguồn.",
        "Sơn La city has been a member of the UNESCO Global Network of Learning Cities since "
        "14 Feb 2024. The province figures below are real, each with its period and source.",
    ),
    "province_figures": ("Số liệu toàn tỉnh", "Province figures"),
    "target_2025": ("Mục tiêu 2025", "2025 target"),
    "district_map": ("Bản đồ theo huyện", "Map by district"),
    "commune_map": (
        "Bản đồ theo xã, phường (từ 1/7/2025)",
        "Map by commune and ward (from 1 Jul 2025)",
    ),
    "show_clc": (
        "Hiện trung tâm học tập cộng đồng",
        "Show community learning centres",
    ),
    "sample_notice": (
        "Số liệu theo huyện, xã trên bản đồ là **mẫu minh hoạ**, không phải số liệu thật: chưa "
        "có nguồn công khai nào công bố số liệu này theo huyện, xã. Thay bằng số liệu thật "
        "bằng cách nhập số liệu của Sở.",
        "District and commune figures on this map are an **illustrative sample**, not real "
        "figures: no public source gives them by district or commune. Replace them by "
        "importing the Department's figures.",
    ),
    "no_figures": (
        "Chưa có số liệu nào cho chỉ tiêu này ở cấp huyện.",
        "No figures for this indicator at district level yet.",
    ),
}
