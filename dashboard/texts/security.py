"""Labels of the security area: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "sec_db_lost": (
        "Không kết nối được cơ sở dữ liệu; đang thử lại. Trang sẽ tự hiển thị lại khi kết nối "
        "được khôi phục.",
        "The database cannot be reached; retrying. The page comes back by itself when the "
        "connection returns.",
    ),
    "sec_db_setting": (
        "Nếu lỗi kéo dài, quản trị viên kiểm tra máy chủ cơ sở dữ liệu và {setting}.",
        "If this lasts, the administrator checks the database server and {setting}.",
    ),
    "sec_db_checked": ("Lần thử gần nhất: {time}", "Last attempt: {time}"),
    "sec_page_error": (
        "Trang gặp lỗi và không hiển thị được. Hãy tải lại trang; nếu lỗi lặp lại, gửi mã lỗi "
        "{error_id} cho quản trị viên.",
        "This page ran into an error and cannot be shown. Reload the page; if it happens again, "
        "give the error id {error_id} to the administrator.",
    ),
    "sec_upload_unreadable": (
        "Không đọc được tệp: {reason}. Không có gì được ghi.",
        "The file cannot be read: {reason}. Nothing was written.",
    ),
    "sec_sign_in_wait": (
        "Quá nhiều lần đăng nhập sai. Hãy thử lại sau {seconds} giây.",
        "Too many failed sign-ins. Try again in {seconds} seconds.",
    ),
    "sec_sign_in_retry": (
        "Quá nhiều lần đăng nhập sai. Hãy thử lại sau {wait}.",
        "Too many failed sign-ins. Try again in {wait}.",
    ),
    "sec_second": ("giây", "second"),
    "sec_seconds": ("giây", "seconds"),
    "sec_sign_in_locked": (
        "Tài khoản bị khóa sau quá nhiều lần đăng nhập sai. Hãy nhờ quản trị viên mở khóa.",
        "The account is locked after too many failed sign-ins. Ask an administrator to unlock it.",
    ),
    "sec_unlock": ("Mở khóa tài khoản", "Unlock account"),
    "sec_unlocked": ("Đã mở khóa tài khoản.", "The account is unlocked."),
    "sec_locked_accounts": ("Tài khoản bị khóa", "Locked accounts"),
    "sec_session_ended": (
        "Phiên đăng nhập đã kết thúc (hết hạn, đã đăng xuất, hoặc tài khoản vừa thay đổi). "
        "Hãy đăng nhập lại.",
        "Your sign-in has ended (it expired, was signed out, or the account changed). "
        "Please sign in again.",
    ),
}
