"""The Data page: only editors reach it; upload, preview, confirm, history, undo; sign-in."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.data import queries
from dashboard.loading import importer
from tests.conftest import REPO, engine_for
from tests.test_pages import app

GOOD_CSV = (
    "indicator,unit_code,period,value,numerator,denominator,source_title,source_url\n"
    "literacy_rate_level2_age15_60,116,2024-2025,95.5,955,1000,Báo cáo Sở GD&ĐT 2025,"
    "https://example.org/bao-cao\n"
    'literacy_rate_level2_age15_60,118,2024-2025,"91,2",912,1000,Báo cáo Sở GD&ĐT 2025,'
    "https://example.org/bao-cao\n"
).encode()
BAD_CSV = (
    "indicator,unit_code,period,value,source_title\n"
    "literacy_rate_level2_age15_60,116,2024-2025,105,Báo cáo\n"
    "no_such_indicator,118,2024-2025,90,Báo cáo\n"
).encode()


def as_user(url: str, name: str, role: str) -> AppTest:
    at = app(url)
    at.session_state["user"] = auth.User(name, role)
    return at.run()


def data_page(at: AppTest) -> AppTest:
    at.switch_page("pages/data.py").run()
    assert not at.exception
    return at


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
    assert not at.metric  # no figures before signing in


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
