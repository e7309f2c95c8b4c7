"""Labels of the presenter console and the follow page: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "follow_page": ("Theo dõi trình chiếu", "Follow a presentation"),
    "console_open": ("Bàn điều khiển", "Console"),
    "console_heading": ("Bàn điều khiển của người trình bày", "Presenter console"),
    "console_current": ("Trang đang chiếu", "Current slide"),
    "console_next": ("Trang tiếp theo", "Next slide"),
    "console_last_slide": ("Đây là trang cuối.", "This is the last slide."),
    "console_note": ("Ghi chú cho người trình bày", "Speaker note"),
    "console_no_note": ("Trang này không có ghi chú.", "This slide has no note."),
    "console_timer": ("Thời gian đã trình bày", "Time presenting"),
    "console_start": ("Cho màn hình khác theo dõi", "Let other screens follow"),
    "console_sign_in": (
        "Đăng nhập (ở thanh bên của trang Tổng quan) rồi mở lại bàn điều khiển để màn hình "
        "và điện thoại khác theo dõi bài trình chiếu này.",
        "Sign in (in the sidebar of the Overview page), then open the console again to let "
        "other screens and phones follow this presentation.",
    ),
    "console_follow_link": (
        "Liên kết theo dõi (màn chiếu, điện thoại)",
        "Follow link (projector, phones)",
    ),
    "console_followers_qr": ("Quét để theo dõi trên điện thoại", "Scan to follow on a phone"),
    "console_end": ("Kết thúc", "End"),
    "console_ended": (
        "Đã kết thúc: liên kết theo dõi không còn dùng được.",
        "Ended: the follow link no longer works.",
    ),
    "console_full_screen": ("Toàn màn hình", "Full screen"),
    "console_note_cut": (
        "… (ghi chú dài, chỉ hiện {n} ký tự đầu)",
        "… (a long note: only its first {n} characters are shown)",
    ),
    "follow_bar": (
        "Đang theo người trình bày · trang {n}/{total}",
        "Following · slide {n}/{total}",
    ),
    "follow_paused_bar": (
        "Đã tạm dừng theo dõi · trang {n}/{total} (người trình bày ở trang {at})",
        "Following paused · slide {n}/{total} (the presenter is on slide {at})",
    ),
    "follow_toggle": ("Theo người trình bày", "Follow the presenter"),
    "follow_rejoin": ("Quay lại theo dõi", "Rejoin"),
    "follow_no_code": (
        "Liên kết này thiếu mã theo dõi. Hãy mở liên kết hoặc quét mã QR trên màn hình của "
        "người trình bày.",
        "This link has no follow code. Open the link or scan the QR code shown by the presenter.",
    ),
    "follow_unknown": (
        "Không tìm thấy buổi trình chiếu với mã này. Hãy kiểm tra lại liên kết hoặc quét lại "
        "mã QR.",
        "No presentation has this code. Check the link or scan the QR code again.",
    ),
    "follow_ended": (
        "Buổi trình chiếu này đã kết thúc. Cảm ơn bạn đã theo dõi.",
        "This presentation has ended. Thank you for following.",
    ),
    "follow_expired": (
        "Liên kết theo dõi đã hết hạn: người trình bày không chuyển trang trong {hours} giờ.",
        "This follow link has expired: the presenter has not moved for {hours} hours.",
    ),
    "follow_deck_gone": (
        "Bài trình chiếu này vừa bị xoá hoặc không còn trang nào.",
        "This deck has just been deleted or has no slides left.",
    ),
    "follow_denied": (
        "Chỉ người bắt đầu buổi trình chiếu mới chuyển được trang.",
        "Only the presenter who started it can move this presentation.",
    ),
}
