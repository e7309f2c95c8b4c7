"""The presenter console and its followers in Debian's Chromium: a signed-in presenter at
1366×768 lets screens follow, a projector and a phone (390×844) open the follow link, and both
move to slide 2 within 2 s of the console's → key."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests import browser_support
from tests.browser_support import (
    ARTIFACTS,
    LOCAL_HOSTS,
    save_screenshot,
    screenshot_on_failure,
    serve_app,
    wait_for_run,
)

pytestmark = pytest.mark.browser
chromium = browser_support.chromium

PRESENTER, PASSWORD = "trinh-bay", "mật-khẩu-dài-2"
DECK = [
    "deck",
    "new",
    "Hội nghị <b>học tập</b>",
    "--slide",
    "indicators?indicator=learning_families_share&period=2024",
    "--title",
    "Gia đình học tập",
    "--slide",
    "indicators?indicator=learning_citizens_share&period=2024",
    "--title",
    "Công dân học tập",
]
NOTE = "Nhắc: <script>alert(1)</script> gia đình học tập vượt chỉ tiêu 70 %."
FOLLOW_LINK = re.compile(r"http://[^\s]+/follow\?code=[A-Za-z0-9_-]{12}")


@pytest.fixture(scope="module")
def follow_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard with a two-slide deck (id 1) and one signed-up presenter (viewer role)."""
    with pytest.MonkeyPatch.context() as patch:  # the CLI reads the new account's password
        patch.setenv("LEARNING_CITY_PASSWORD", PASSWORD)
        with serve_app(
            tmp_path_factory,
            name="browser_follow",
            setup=[DECK, ("user", "add", PRESENTER, "--role", "viewer")],
        ) as base:
            add_note(tmp_path_factory)
            yield base


def add_note(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The first slide's speaker note, written as an editor would (the CLI has no --note)."""
    from sqlalchemy import create_engine

    from dashboard.present import decks

    path = max(
        tmp_path_factory.getbasetemp().glob("browser_follow*/lc.sqlite"),
        key=lambda p: p.stat().st_mtime,
    )
    engine = create_engine(f"sqlite:///{path}")
    first = decks.slides(engine=engine, deck_id=1)[0]
    decks.edit_slide(engine=engine, slide_id=first.id, title=first.title, note=NOTE)
    engine.dispose()


def offline_context(chromium: Any, **options: Any) -> tuple[Any, list[str]]:
    """A browser context that may reach only this machine; outside requests are recorded."""
    from urllib.parse import urlsplit

    outside: list[str] = []
    context = chromium.new_context(locale="vi-VN", **options)

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname in LOCAL_HOSTS:
            r.fallback()
        else:
            outside.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    return context, outside


def open_console(page: Any, base: str) -> None:
    """Sign in, go to Decks, present the deck and open its console, as a presenter does."""
    page.goto(f"{base}/?lang=en")
    wait_for_run(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Sign in").first.click()
    sidebar.get_by_role("textbox", name="User name").fill(PRESENTER)
    sidebar.get_by_role("textbox", name="Password").fill(PASSWORD)
    sidebar.get_by_role("button", name="Sign in").click()
    sidebar.get_by_text("Signed in").first.wait_for(timeout=30_000)
    more = sidebar.get_by_text(re.compile(r"View \d+ more"))
    if more.count():  # long navigation lists are folded
        more.first.click()
    sidebar.get_by_role("link", name="Decks").first.click()
    main = page.locator("[data-testid='stMain']")
    main.get_by_role("link", name="Present").click(timeout=60_000)
    page.locator(".lc-count").first.wait_for(timeout=60_000)
    # The present page's controls show while the pointer moves, as a person moves it.
    page.mouse.move(400, 300)
    page.mouse.move(420, 320)
    page.get_by_role("button", name="Console").click()
    page.get_by_text("Presenter console").first.wait_for(timeout=60_000)


def test_followers_move_with_the_console_within_two_seconds(follow_app: str, chromium: Any) -> None:
    (ARTIFACTS / "present").mkdir(parents=True, exist_ok=True)
    console_ctx, console_outside = offline_context(
        chromium, viewport={"width": 1366, "height": 768}
    )
    projector_ctx, projector_outside = offline_context(
        chromium, viewport={"width": 1366, "height": 768}
    )
    phone_ctx, phone_outside = offline_context(
        chromium, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    console = console_ctx.new_page()
    try:
        with screenshot_on_failure(console, "present/console"):
            open_console(console, follow_app)
            console.get_by_role("button", name="Let other screens follow").click()
            link = console.locator(".lc-follow-link")
            link.wait_for(timeout=30_000)
            found = FOLLOW_LINK.search(console.locator("[data-testid='stMain']").inner_text())
            assert found, "the console shows no follow link in its text"
            url = found.group(0)
            assert link.get_attribute("href") == url
            # the speaker note is the slide's note, shown as text (its HTML is not run)
            note = console.locator(".lc-console-note")
            assert "<script>alert(1)</script>" in note.inner_text()
            assert "Hội nghị <b>học tập</b>" in console.locator("h3").first.inner_text()
            assert console.locator(".st-key-console_next .lc-count").inner_text().endswith("2/2")
            assert re.fullmatch(r"\d\d:\d\d:\d\d", console.locator(".lc-timer").inner_text())

        followers = []
        for ctx, name in ((projector_ctx, "projector"), (phone_ctx, "phone")):
            page = ctx.new_page()
            page.goto(url)
            page.locator(".lc-follow-bar").wait_for(timeout=60_000)
            assert page.locator(".lc-follow-bar").inner_text().endswith("1/2"), name
            followers.append((page, name))
        page_phone = followers[1][0]
        time.sleep(2.5)  # both followers settled and ticking
        save_screenshot(console, "present/console-1")

        console.locator("body").press("ArrowRight")
        pressed = time.monotonic()
        for page, name in followers:
            with screenshot_on_failure(page, f"present/follower-{name}"):
                page.locator(".lc-follow-bar").filter(has_text="2/2").wait_for(
                    timeout=max(1, int((pressed + 2.0 - time.monotonic()) * 1000))
                )
        lag = time.monotonic() - pressed
        assert lag <= 2.0, f"followers showed slide 2 after {lag:.2f} s"
        console.locator(".st-key-console_current .lc-count").filter(has_text="2/2").wait_for()
        assert console.get_by_text("This is the last slide.").is_visible()
        page_phone.wait_for_timeout(1500)
        save_screenshot(console, "present/console")
        save_screenshot(page_phone, "present/follower-phone")
        save_screenshot(followers[0][0], "present/follower-projector")

        # a phone reader pauses to look back; the presenter's slide is untouched
        page_phone.get_by_test_id("stCheckbox").get_by_text("Theo người trình bày").click()
        page_phone.get_by_role("button", name="Đầu").click()
        page_phone.locator(".lc-follow-bar").filter(has_text="1/2").wait_for(timeout=10_000)
        followers[0][0].wait_for_timeout(2000)
        assert followers[0][0].locator(".lc-follow-bar").inner_text().endswith("2/2")
        page_phone.get_by_role("button", name="Quay lại theo dõi").click()
        page_phone.locator(".lc-follow-bar").filter(has_text="2/2").wait_for(timeout=10_000)

        # the presenter ends it: followers are told, on their next tick
        console.get_by_role("button", name="End").click()
        for page, _name in followers:
            page.get_by_text(re.compile("đã kết thúc|has ended")).first.wait_for(timeout=5_000)
    finally:
        for ctx in (console_ctx, projector_ctx, phone_ctx):
            ctx.close()
    assert not (console_outside or projector_outside or phone_outside)
