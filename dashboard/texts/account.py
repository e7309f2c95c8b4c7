"""Labels of signing in and of accounts: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "user_name": ("Tên người dùng", "User name"),
    "password": ("Mật khẩu", "Password"),
    "sign_in_failed": ("Sai tên hoặc mật khẩu.", "Wrong name or password."),
    "signed_in_as": ("Đăng nhập: **{name}** ({role})", "Signed in: **{name}** ({role})"),
    "permission_denied": (
        "Trang này cần quyền **{role}**. Hãy đăng nhập bằng tài khoản có quyền đó.",
        "This page needs the **{role}** role. Sign in with an account that has it.",
    ),
    "sign_in_required": (
        "Bảng điều khiển này yêu cầu đăng nhập.",
        "This dashboard requires signing in.",
    ),
    "accounts": ("Tài khoản", "Accounts"),
    "role": ("Quyền", "Role"),
    "add_account": ("Thêm tài khoản", "Add account"),
    "account_added": ("Đã thêm tài khoản.", "Account added."),
}
