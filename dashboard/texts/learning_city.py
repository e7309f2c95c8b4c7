"""Labels of the Learning city page: Sơn La city in the UNESCO network, its successors."""

TEXT: dict[str, tuple[str, str]] = {
    "learning_city_heading": (
        "Thành phố Sơn La – Thành phố học tập toàn cầu UNESCO",
        "Sơn La city – UNESCO Global Learning City",
    ),
    "gnlc_member": (
        "Thành viên Mạng lưới thành phố học tập toàn cầu UNESCO (GNLC) từ {date}",
        "Member of the UNESCO Global Network of Learning Cities (GNLC) since {date}",
    ),
    "successors_heading": (
        "{n} xã, phường kế thừa từ 1/7/2025",
        "{n} successor communes and wards from 1 Jul 2025",
    ),
    "successors_caption": (
        "Lấy từ bảng chuyển đổi đơn vị hành chính (Nghị quyết 1681/NQ-UBTVQH15): mọi đơn vị "
        "mới nhận ít nhất một xã, phường cũ của thành phố.",
        "Read from the crosswalk (Resolution 1681/NQ-UBTVQH15): every new unit that took at "
        "least one former commune or ward of the city.",
    ),
    "predecessors": ("Gồm các xã, phường cũ", "Formed from"),
    "city_figures": ("Số liệu thật của thành phố", "Real figures of the city"),
    "city_facilities": (
        "{n} cơ sở trên địa bàn thành phố (trước 1/7/2025) được vẽ trên bản đồ.",
        "{n} facilities within the city (before 1 Jul 2025) are on the map.",
    ),
}
