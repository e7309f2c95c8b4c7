"""An editor's day in Chromium (1366x768): a sign-in that lasts, an import, a sign-out that holds.

1. sign in through the sidebar form; 2. reload, and open a second tab of the same browser:
still signed in (the Data page is in the navigation); 3. download the figures template on the
Data page, fill in one row, upload it and confirm; 4. sign out; 5. reload: signed out, and the
old session cookie, put back into the browser, is refused. A screenshot per step goes to
test-artifacts/journeys/editor_NN_step.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from dashboard import sessions
from tests.browser_support import ARTIFACTS, LOCAL_HOSTS, chromium, serve_app, wait_for_run

__all__ = ["chromium"]

EDITOR, PASSWORD = "bien-tap", "mật-khẩu-dài-1"
SHOTS = ARTIFACTS / "journeys"
DATA_LINK = "Dữ liệu (nhập, lịch sử)"
ROW = [
    "literacy_rate_level2_age15_60",
    "116",
    "2024-2025",
    95.5,
    955,
    1000,
    "Báo cáo Sở GD&ĐT 2025",
    "https://example.org/bao-cao",
]


@pytest.fixture(scope="module")
def editor_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on SQLite (real data, no sample) with one editor account."""
    with pytest.MonkeyPatch.context() as patch:  # the CLI reads the new account's password
        patch.setenv("LEARNING_CITY_PASSWORD", PASSWORD)
        with serve_app(
            tmp_path_factory,
            name="journey_editor",
            seed=("seed", "--no-sample"),
            setup=[("user", "add", EDITOR, "--role", "editor")],
        ) as base:
            yield base


@pytest.fixture
def browser(chromium: Any) -> Iterator[tuple[Any, list[str]]]:
    """One browser profile (tabs share its cookies), offline; page errors are collected."""
    context = chromium.new_context(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
    )
    errors: list[str] = []

    def offline(route: Any) -> None:
        local = urlsplit(route.request.url).hostname in LOCAL_HOSTS
        route.fallback() if local else route.abort("internetdisconnected")

    context.route("**/*", offline)
    context.on("weberror", lambda e: errors.append(str(e.error)))
    yield context, errors
    context.close()


def shot(page: Any, number: int, step: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"editor_{number:02d}_{step}.png"))


def sidebar(page: Any) -> Any:
    return page.locator("[data-testid='stSidebar']")


def signed_in(page: Any) -> bool:
    """Once the sidebar's account box is drawn: True when it offers a way out, False when a
    way in."""
    out = sidebar(page).get_by_role("button", name="Đăng xuất")
    way_in = sidebar(page).get_by_text("Đăng nhập", exact=True)
    out.or_(way_in).first.wait_for(timeout=30_000)
    return out.count() > 0


def data_link(page: Any) -> Any:
    more = sidebar(page).get_by_text(re.compile(r"View \d+ more"))
    if more.count():  # long navigation lists are folded
        more.first.click()
    return sidebar(page).get_by_role("link", name=DATA_LINK)


def session_cookie(context: Any, timeout_s: float = 15) -> dict[str, Any]:
    """The sign-in cookie, once the page has traded its claim for it."""
    page = context.pages[0]
    for _ in range(int(timeout_s * 4)):
        found = [c for c in context.cookies() if c["name"] == sessions.COOKIE_NAME]
        if found:
            return dict(found[0])
        page.wait_for_timeout(250)
    raise AssertionError("the browser never got the session cookie")


def fill_template(path: Path) -> None:
    """What the editor does in a spreadsheet program: one row of figures under the headers."""
    book = load_workbook(path)
    sheet = book["Số liệu"]
    for column, value in enumerate(ROW, start=1):
        sheet.cell(row=2, column=column, value=value)
    book.save(path)


def test_an_editor_stays_signed_in_imports_and_signs_out_for_good(
    editor_app: str, browser: tuple[Any, list[str]], tmp_path: Path
) -> None:
    context, errors = browser
    page = context.new_page()
    try:
        # 1. sign in through the sidebar form
        page.goto(editor_app)
        wait_for_run(page)
        sidebar(page).get_by_text("Đăng nhập").first.click()
        sidebar(page).get_by_role("textbox", name="Tên người dùng").fill(EDITOR)
        sidebar(page).get_by_role("textbox", name="Mật khẩu").fill(PASSWORD)
        sidebar(page).get_by_role("button", name="Đăng nhập").click()
        sidebar(page).get_by_role("button", name="Đăng xuất").wait_for(timeout=30_000)
        cookie = session_cookie(context)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        shot(page, 1, "signed_in")

        # 2. a reload and a second tab of the same browser are still signed in
        page.reload()
        wait_for_run(page)
        assert signed_in(page), "a reload signed the editor out"
        assert data_link(page).count() == 1
        shot(page, 2, "reloaded")
        second = context.new_page()
        second.goto(f"{editor_app}/indicators")  # a link the editor was sent
        wait_for_run(second)
        assert signed_in(second), "a new tab is not signed in"
        data_link(second).first.click()
        second.get_by_role("heading", name=DATA_LINK).wait_for(timeout=30_000)
        shot(second, 3, "second_tab_data_page")

        # 3. import the figures template, filled in, through the Data page
        with second.expect_download() as download:
            second.get_by_role("button", name="Mẫu số liệu chỉ tiêu (XLSX)").click()
        template = tmp_path / download.value.suggested_filename
        download.value.save_as(template)
        fill_template(template)
        with second.expect_file_chooser() as chooser:
            second.locator("[data-testid='stFileUploaderDropzone'] button").first.click()
        chooser.value.set_files(str(template))
        second.get_by_text("Tệp hợp lệ: 1 dòng").wait_for(timeout=60_000)
        second.get_by_role("button", name="Xác nhận ghi vào cơ sở dữ liệu").click()
        done = second.get_by_text(re.compile(r"Đã nhập \(lần nhập số \d+\): thêm 1"))
        done.wait_for(timeout=60_000)
        shot(second, 4, "imported")
        second.close()

        # 4. sign out
        sidebar(page).get_by_role("button", name="Đăng xuất").click()
        sidebar(page).get_by_text("Đăng nhập").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)  # the browser's call that clears the cookie
        assert not signed_in(page)
        shot(page, 5, "signed_out")

        # 5. a reload stays signed out; the old cookie, put back, is refused
        page.reload()
        wait_for_run(page)
        assert not signed_in(page) and data_link(page).count() == 0
        assert not [c for c in context.cookies() if c["name"] == sessions.COOKIE_NAME]
        shot(page, 6, "reloaded_signed_out")
        context.add_cookies([cookie])
        page.reload()
        wait_for_run(page)
        refused = sidebar(page).get_by_text("Phiên đăng nhập đã kết thúc")
        refused.wait_for(timeout=30_000)
        assert not signed_in(page) and data_link(page).count() == 0
        refused.scroll_into_view_if_needed()  # the reader scrolls the sidebar to read it
        shot(page, 7, "old_cookie_refused")
    except BaseException:
        shot(page, 99, "failure")
        raise
    assert not errors, errors
