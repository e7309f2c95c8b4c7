"""The Data page: only editors reach it; upload, preview, confirm, history, undo; sign-in."""

from __future__ import annotations

import glob
import io
import os
import random
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.data import queries
from dashboard.loading import importer
from tests.app_support import GOOD_CSV, app, as_user, assert_no_trace, data_page, figure_cards
from tests.conftest import PASSWORD, REPO, engine_for
from tests.factories import snapshot
from tests.hostile_support import HEADER, ROW, _workbook, _xlsx_with, peak_growth, reset_peak

BAD_CSV = (
    "indicator,unit_code,period,value,source_title\n"
    "literacy_rate_level2_age15_60,116,2024-2025,105,Báo cáo\n"
    "no_such_indicator,118,2024-2025,90,Báo cáo\n"
).encode()


def test_anonymous_readers_have_no_data_page(seeded_url: str) -> None:
    at = app(seeded_url).run()
    with pytest.raises(ValueError, match="pages/data.py"):
        at.switch_page("pages/data.py")


def test_a_viewer_account_has_no_data_page(seeded_url: str) -> None:
    at = as_user(seeded_url, "Người xem", "viewer")
    with pytest.raises(ValueError, match="pages/data.py"):
        at.switch_page("pages/data.py")


def test_the_page_itself_refuses_a_viewer(seeded_url: str) -> None:
    """Reaching the page's script without the role shows a refusal and nothing to write with."""
    at = AppTest.from_file(str(REPO / "pages" / "data.py"), default_timeout=60)
    at.secrets["connections"] = {"learning_city": {"url": seeded_url}}
    at.session_state["user"] = auth.User("Người xem", "viewer")
    at.run()
    assert not at.exception
    assert "editor" in at.error[0].value
    assert not at.file_uploader and not at.button


def test_editor_uploads_previews_confirms_and_sees_history(seeded_then) -> None:
    url = seeded_then()
    at = data_page(as_user(url, "Biên tập viên", "editor"))
    at.file_uploader[0].set_value(("so_lieu.csv", GOOD_CSV, "text/csv")).run()
    assert not at.exception
    assert any("2" in s.value for s in at.success)  # "The file is valid: 2 rows"
    confirm = next(b for b in at.button if "Xác nhận" in b.label)
    assert not confirm.disabled
    confirm.click().run()
    assert any("Đã nhập" in s.value for s in at.success)
    history = at.dataframe[-1].value
    assert len(history) == 1 and history.iloc[0]["user"] == "Biên tập viên"
    engine = engine_for(url)
    values = queries.unit_values(
        engine=engine,
        indicator_code="literacy_rate_level2_age15_60",
        period="2024-2025",
        level="district",
        vintage="pre_2025",
    ).set_index("gso_code")
    engine.dispose()
    assert values.at["116", "value"] == 95.5 and values.at["118", "value"] == 91.2
    assert not values.at["116", "is_sample"]
    assert values.at["116", "source_title"] == "Báo cáo Sở GD&ĐT 2025"


def test_an_import_shows_on_the_overview_at_once(seeded_then) -> None:
    """Queries and what pages derive from them are shared by every session: an import forgets
    them, so the next run of a page already seen shows the new figures."""
    url = seeded_then()
    at = as_user(url, "Biên tập viên", "editor")  # the Overview, its caches filled
    before = set(at.dataframe[0].value["Giá trị"])
    assert not {"95,5 %", "91,2 %"} & before
    data_page(at).file_uploader[0].set_value(("so_lieu.csv", GOOD_CSV, "text/csv")).run()
    next(b for b in at.button if "Xác nhận" in b.label).click().run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert {"95,5 %", "91,2 %"} <= set(at.dataframe[0].value["Giá trị"])


def test_a_bad_file_lists_each_problem_and_cannot_be_confirmed(seeded_then) -> None:
    url = seeded_then()
    at = data_page(as_user(url, "Biên tập viên", "editor"))
    at.file_uploader[0].set_value(("xau.csv", BAD_CSV, "text/csv")).run()
    assert not at.exception
    problems = " ".join(m.value for m in at.markdown)
    assert "row 2, column value: 105 is outside 0-100" in problems
    assert "row 3, column indicator: unknown indicator" in problems
    preview = at.dataframe[0].value  # each problem also stands against its row
    assert preview["problems"].str.contains("unknown indicator").sum() == 1
    confirm = next(b for b in at.button if "Xác nhận" in b.label)
    assert confirm.disabled


def test_editor_undoes_an_import(seeded_then) -> None:
    url = seeded_then()
    at = data_page(as_user(url, "Biên tập viên", "editor"))
    at.file_uploader[0].set_value(("so_lieu.csv", GOOD_CSV, "text/csv")).run()
    next(b for b in at.button if "Xác nhận" in b.label).click().run()
    next(b for b in at.button if b.label == "Hoàn tác").click().run()
    assert not at.exception
    history = at.dataframe[-1].value
    assert history.iloc[0]["status"] == "undone"


def test_writes_check_the_role_on_the_server(seeded_then) -> None:
    """A session that lost its editor role between preview and confirm writes nothing."""
    url = seeded_then()
    at = data_page(as_user(url, "Biên tập viên", "editor"))
    at.file_uploader[0].set_value(("so_lieu.csv", GOOD_CSV, "text/csv")).run()
    confirm = next(b for b in at.button if "Xác nhận" in b.label)
    at.session_state["user"] = auth.User("Biên tập viên", "viewer")
    confirm.click().run()
    assert not at.exception
    engine = engine_for(url)
    assert queries.table_counts(engine=engine)["indicator values (real)"] == 40
    assert importer.import_history(engine=engine).empty
    engine.dispose()


def test_sign_in_with_a_password(seeded_then) -> None:
    url = seeded_then()
    engine = engine_for(url)
    auth.add_user(engine=engine, name="Trần Thị B", role="editor", password="mật-khẩu-dài-1")
    engine.dispose()
    at = app(url).run()
    at.sidebar.text_input(key="sign_in_name").input("Trần Thị B")
    at.sidebar.text_input(key="sign_in_pw").input("sai-mật-khẩu")
    at.sidebar.button[0].click().run()
    assert any("Sai tên" in e.value for e in at.sidebar.error)
    at.sidebar.text_input(key="sign_in_pw").input("mật-khẩu-dài-1")
    at.sidebar.button[0].click().run()
    assert at.session_state["user"] == auth.User("Trần Thị B", "editor")
    data_page(at)
    assert at.file_uploader


def test_anonymous_access_can_be_switched_off(seeded_url: str, monkeypatch) -> None:
    monkeypatch.setenv("LEARNING_CITY_ANONYMOUS", "0")
    at = app(seeded_url).run()
    assert not at.exception
    assert "đăng nhập" in at.info[0].value
    assert not figure_cards(at)  # no figures before signing in


def test_only_admins_manage_accounts(seeded_then) -> None:
    url = seeded_then()
    editor = data_page(as_user(url, "Biên tập viên", "editor"))
    assert not any(s.value == "Tài khoản" for s in editor.subheader)
    admin = data_page(as_user(url, "Quản trị", "admin"))
    assert any(s.value == "Tài khoản" for s in admin.subheader)
    admin.text_input(key="new_user_name").input("Lò Văn C")
    admin.selectbox(key="new_user_role").set_value("editor")
    admin.text_input(key="new_user_password").input("một-mật-khẩu-dài")
    admin.button(key="FormSubmitter:new_user-Thêm tài khoản").click().run()
    assert not admin.exception
    engine = engine_for(url)
    assert auth.authenticate(engine=engine, name="Lò Văn C", password="một-mật-khẩu-dài") == (
        auth.User("Lò Văn C", "editor")
    )
    engine.dispose()


MEMORY_BOUND_MB = 50  # per upload case, over 5x the upload (AppTest holds 3-4 copies of it)


def _zip(members: dict[str, bytes], *, padded: tuple[str, int] | None = None) -> bytes:
    """A zip of `members`; `padded` = (name, MB): a member of that many MB of zeros, streamed."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if padded:
            name, megabytes = padded
            chunk = b"\0" * (1 << 20)
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(megabytes):
                    member.write(chunk)
    return buf.getvalue()


def _binary() -> bytes:
    return random.Random(11).randbytes(4096)


UPLOADS: dict[str, tuple[str, Callable[[], bytes], str]] = {
    # case: (file name, content, text the reader is shown)
    "empty": ("so_lieu.csv", lambda: b"", "empty"),
    "binary": ("so_lieu.csv", _binary, "not text in UTF-8"),
    "wrong encoding": ("so_lieu.csv", lambda: "tên,giá trị\n".encode("utf-16-be"), "NUL"),
    "60 MB": ("so_lieu.csv", lambda: b"a,b\n" * (15 * 1024 * 1024), "50 MB or more"),
    "zip bomb": ("ranh_gioi.zip", lambda: _zip({}, padded=("ranh_gioi.shp", 512)), "ratio"),
    "xlsx bomb": ("so_lieu.xlsx", lambda: _xlsx_with({}, sheet_padding_mb=512), "ratio"),
    "zip with ../": (
        "ranh_gioi.zip",
        lambda: _zip({"../../etc/ranh_gioi.shp": b"x", "ranh_gioi.dbf": b"x"}),
        "outside its folder",
    ),
    "macro workbook": (
        "so_lieu.xlsx",
        lambda: _xlsx_with({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really vba"}),
        "macros",
    ),
    "external link formula": (
        "so_lieu.xlsx",
        lambda: _xlsx_with(
            {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"},
        ),
        "links to other workbooks",
    ),
    "formula to another workbook": (
        "so_lieu.xlsx",
        lambda: _workbook(HEADER, [*ROW[:3], "='[khac.xlsx]Sheet1'!A1", ROW[4]]),
        "holds a formula",
    ),
}


@pytest.mark.parametrize("case", list(UPLOADS))
def test_hostile_upload_is_refused_with_a_message_and_nothing_written(
    seeded_url: str, case: str
) -> None:
    name, make, expected = UPLOADS[case]
    content = make()
    engine = engine_for(seeded_url)
    before = snapshot(engine)
    leftovers = set(glob.glob(os.path.join(tempfile.gettempdir(), "lc-upload-*")))
    at = data_page(as_user(seeded_url, "Biên tập viên", "editor"))
    start = reset_peak()
    at.file_uploader[0].set_value((name, content, "application/octet-stream")).run()
    for _ in range(3):  # reruns while the file sits in the uploader: no second parse
        at.run()
    growth = peak_growth(start)
    print(f"[memory] {case}: {len(content) / (1 << 20):.1f} MB uploaded, peak RSS +{growth} MB")
    assert_no_trace(at)
    assert at.error  # a red message, then what to do: the refusal or the problem list
    shown = "\n".join([e.value for e in at.error] + [m.value for m in at.markdown])
    assert expected in shown, shown
    assert not any(
        b.label.startswith(("Xác nhận", "Confirm")) and not b.disabled for b in at.button
    )
    assert snapshot(engine) == before
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "lc-upload-*"))) == leftovers
    assert growth < MEMORY_BOUND_MB + len(content) // (1 << 20) * 5, f"{growth} MB"
    engine.dispose()


def test_an_upload_is_checked_once_while_it_sits_in_the_uploader(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    check = importer.check_file

    def counting(**kwargs: object) -> importer.ImportPlan:
        calls.append(Path(str(kwargs["path"])))
        return check(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "check_file", counting)
    at = data_page(as_user(seeded_url, "Biên tập viên", "editor"))
    at.file_uploader[0].set_value(("so_lieu.csv", GOOD_CSV, "text/csv")).run()
    for _ in range(4):
        at.run()
    assert_no_trace(at)
    assert any("2" in s.value for s in at.success)
    assert len(calls) == 1
    assert not calls[0].parent.exists()  # the temporary folder is gone after the check


def test_javascript_source_url_is_refused_with_row_and_column(
    seeded_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "so_lieu.csv"
    path.write_text(
        "indicator,unit_code,period,value,source_title,source_url\n"
        "literacy_rate_level2_age15_60,116,2024-2025,95,Báo cáo,javascript:alert(1)\n",
        encoding="utf-8",
    )
    engine = engine_for(seeded_url)
    plan = importer.check_file(engine=engine, path=path)
    assert not plan.ok
    assert any(
        p.row == 2 and p.column == "source_url" and "http" in p.message for p in plan.problems
    )
    plan = importer.check_file(
        engine=engine, path=path, source_title="Báo cáo", source_url="data:text/html,x"
    )
    assert any("http" in str(p) for p in plan.problems)
    engine.dispose()


def test_an_admin_unlocks_an_account_on_the_data_page(account_url: str) -> None:
    engine = engine_for(account_url)
    limits = auth.SignInLimits(lock_after=1, window_seconds=600, backoff_seconds=0)
    locked = auth.sign_in(
        engine=engine, name="Trần Thị B", password="sai", client="x", limits=limits
    )
    assert locked.locked
    editor = data_page(as_user(account_url, "Biên tập viên", "editor"))
    assert not any(b.label == "Mở khóa tài khoản" for b in editor.button)  # admins only
    at = data_page(as_user(account_url, "Quản trị", "admin"))
    assert at.selectbox(key="data_unlock").value == "Trần Thị B"
    next(b for b in at.button if b.label == "Mở khóa tài khoản").click().run()
    assert_no_trace(at)
    assert any("Đã mở khóa" in s.value for s in at.success)
    assert auth.locked_accounts(engine=engine) == []
    assert auth.sign_in(engine=engine, name="Trần Thị B", password=PASSWORD, client="x").user
    engine.dispose()
