"""Issue 11: no traceback, no leak, no open door.

Hostile uploads, hostile URL values on every page, 30 wrong passwords, a database that goes
away and comes back. Each case: no exception element, a message a reader can act on,
nothing written (row counts and checksums of every table), memory bounded.

Memory: the peak resident size of this process (AppTest runs the app in it) is reset through
/proc/self/clear_refs before a case and read from VmHWM after; the growth must stay below
MEMORY_BOUND_MB (the issue measured +1 GB for one XLSX bomb before the fix).
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import random
import shutil
import socket
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.cli import run
from dashboard.data import db
from dashboard.loading import importer
from dashboard.loading.seed import seed
from tests.conftest import engine_for
from tests.factories import snapshot
from tests.test_data_page import GOOD_CSV, as_user, data_page
from tests.test_pages import app

MEMORY_BOUND_MB = 50  # per upload case, over 5x the upload (AppTest holds 3-4 copies of it)
OUTAGE_BOUND_MB = 100  # the whole stop/restart of PostgreSQL across six pages
PAGES = (
    "pages/overview.py",
    "pages/indicators.py",
    "pages/learning_city.py",
    "pages/profile.py",
    "pages/facilities.py",
    "pages/sources.py",
)
URL_PARAMS = ("k", "breaks", "indicator", "kinds", "palette", "period", "scheme", "scope")
URL_PARAMS += ("unit", "units", "vintage", "districts", "lang")
TRACE_MARKS = ("Traceback", 'File "/', "sqlalchemy.exc", "OperationalError", "lc-upload-")


# --- helpers ----------------------------------------------------------------------------------


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024  # MB
    raise AssertionError(f"{field} not in /proc/self/status")


def reset_peak() -> int:
    """Reset the peak resident size (Linux clear_refs 5) and return the current size in MB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def peak_growth(start: int) -> int:
    return _status("VmHWM") - start


def all_text(at: AppTest) -> str:
    """Every text a reader sees, to look for traces and server paths."""
    parts = [str(e.value) for kind in ("error", "warning", "info", "success") for e in at.get(kind)]
    parts += [str(e.value) for e in at.markdown] + [str(e.value) for e in at.caption]
    return "\n".join(parts)


def assert_no_trace(at: AppTest) -> None:
    assert not at.exception, at.exception[0].message if at.exception else ""
    shown = all_text(at)
    for mark in TRACE_MARKS:
        assert mark not in shown, f"{mark!r} reaches the reader: {shown[:300]}"
    assert tempfile.gettempdir() + "/" not in shown


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


def _workbook(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


HEADER = ["indicator", "unit_code", "period", "value", "source_title"]
ROW: list[object] = ["literacy_rate_level2_age15_60", "116", "2024-2025", 95.5, "Báo cáo"]


def _xlsx_with(extra: dict[str, bytes], *, sheet_padding_mb: int = 0) -> bytes:
    """A real workbook with extra parts, or with its sheet XML padded by trailing spaces."""
    source = zipfile.ZipFile(io.BytesIO(_workbook(HEADER, ROW)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml" and sheet_padding_mb:
                spaces = b" " * (1 << 20)
                with out.open(info.filename, "w", force_zip64=True) as member:
                    member.write(data)
                    for _ in range(sheet_padding_mb):
                        member.write(spaces)  # valid XML: whitespace after the root element
                continue
            out.writestr(info, data)
        for name, data in extra.items():
            out.writestr(name, data)
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


# --- uploads ----------------------------------------------------------------------------------


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


def test_bombs_are_refused_from_the_directory_before_a_byte_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "so_lieu.xlsx"
    bomb.write_bytes(_xlsx_with({}, sheet_padding_mb=300))
    assert bomb.stat().st_size < 2 * 1024 * 1024  # small on disk
    start = reset_peak()
    plan = importer.check_file(engine=create_engine("sqlite://"), path=bomb)
    assert peak_growth(start) < 20  # MB: only the central directory was read
    assert not plan.ok and not plan.rows
    assert "ratio" in str(plan.problems[0]) and "sheet1.xml" in str(plan.problems[0])


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


def test_server_refuses_uploads_over_50_mb_and_shows_no_error_details() -> None:
    import tomllib

    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit/config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 50
    assert config["client"]["showErrorDetails"] == "none"


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


# --- URL values -------------------------------------------------------------------------------

HOSTILE_VALUES = {
    "superscript two": "²",
    "100 kB": "9" * 100_000,
    "SQL": "1'; DROP TABLE indicator_value; --",
    "SQL or": "116' OR '1'='1",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", list(HOSTILE_VALUES))
def test_hostile_url_values_fall_back_with_a_notice(seeded_url: str, page: str, value: str) -> None:
    engine = engine_for(seeded_url)
    before = snapshot(engine)
    # 100 kB in every parameter would pass Streamlit's own 512 kB query-string limit (it then
    # ignores the whole query): four parameters of 100 kB reach the pages.
    names = ("k", "indicator", "unit", "period") if value == "100 kB" else URL_PARAMS
    at = app(seeded_url).run()
    at.switch_page(page)
    for name in names:
        at.query_params[name] = HOSTILE_VALUES[value]
    at.run()
    assert_no_trace(at)
    if page == "pages/indicators.py":  # k, scheme, ... were given: the reader is told
        assert any("k" in i.value for i in at.info), all_text(at)[:500]
    assert snapshot(engine) == before
    engine.dispose()


@pytest.mark.parametrize("page", PAGES)
def test_repeated_url_parameters_use_one_value(seeded_url: str, page: str) -> None:
    at = app(seeded_url).run()
    at.switch_page(page)
    for name in URL_PARAMS:
        at.query_params[name] = ["2", "²", "3"]
    at.run()
    assert_no_trace(at)


# --- sign-in ----------------------------------------------------------------------------------

PASSWORD = "mật-khẩu-dài-1"


def _try(at: AppTest, name: str, password: str) -> str:
    at.sidebar.text_input(key="sign_in_name").input(name)
    at.sidebar.text_input(key="sign_in_pw").input(password)
    at.sidebar.button[0].click().run()
    assert_no_trace(at)
    return "\n".join(e.value for e in at.sidebar.error)


def _failures(url: str) -> int:
    engine = engine_for(url)
    with engine.connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'")
        ).scalar_one()
    engine.dispose()
    return int(n)


@pytest.fixture
def account_url(seeded_then: Callable[..., str]) -> str:
    url = seeded_then()
    engine = engine_for(url)
    auth.add_user(engine=engine, name="Trần Thị B", role="editor", password=PASSWORD)
    engine.dispose()
    return url


def test_thirty_wrong_passwords_make_the_reader_wait(
    account_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNING_CITY_SIGN_IN_BACKOFF", "30")
    at = app(account_url).run()
    messages = [_try(at, "Trần Thị B", f"sai-{i}") for i in range(30)]
    assert all("Sai tên" in m for m in messages[:3])
    assert all("giây" in m for m in messages[3:])  # "thử lại sau N giây"
    assert _failures(account_url) == 3  # while waiting, passwords are not even checked
    fresh = app(account_url).run()  # a fresh session, the right password: still waiting
    assert "giây" in _try(fresh, "Trần Thị B", PASSWORD)
    assert "user" not in fresh.session_state
    other = app(account_url).run()  # the same client trying another account waits too
    assert "giây" in _try(other, "admin", "sai-mật-khẩu")


def test_repeated_failures_lock_the_account_until_an_admin_unlocks(
    account_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEARNING_CITY_SIGN_IN_BACKOFF", "0")
    monkeypatch.setenv("LEARNING_CITY_SIGN_IN_LOCK_AFTER", "5")
    at = app(account_url).run()
    messages = [_try(at, "Trần Thị B", f"sai-{i}") for i in range(30)]
    assert all("Sai tên" in m for m in messages[:4])
    assert all("khóa" in m for m in messages[4:])
    assert _failures(account_url) == 5
    for _ in range(2):  # fresh sessions with the right password stay out
        fresh = app(account_url).run()
        assert "khóa" in _try(fresh, "Trần Thị B", PASSWORD)
        assert "user" not in fresh.session_state
    assert run(["user", "list", "--db", account_url]) == 0
    assert "locked" in capsys.readouterr().out
    assert run(["user", "unlock", "Trần Thị B", "--db", account_url]) == 0
    fresh = app(account_url).run()
    assert _try(fresh, "Trần Thị B", PASSWORD) == ""
    assert fresh.session_state["user"] == auth.User("Trần Thị B", "editor")
    engine = engine_for(account_url)
    with engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log ORDER BY id"))]
    engine.dispose()
    assert actions.count("sign_in_locked") == 1 and actions[-1] == "account_unlocked"


def test_backoff_doubles_per_failure_and_failures_age_out_of_the_window(
    account_url: str,
) -> None:
    import datetime as dt

    limits = auth.SignInLimits(lock_after=100, window_seconds=600, backoff_seconds=2)
    engine = engine_for(account_url)
    t0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)

    def attempt(seconds: float, password: str = "sai") -> auth.SignInResult:
        return auth.sign_in(
            engine=engine,
            name="Trần Thị B",
            password=password,
            client="10.0.0.7",
            limits=limits,
            now=t0 + dt.timedelta(seconds=seconds),
        )

    assert [attempt(s).wait_seconds for s in (0, 1, 2)] == [0, 0, 0]  # three free failures
    assert attempt(3).wait_seconds == 1  # 3 failures: 2 s after the last (at 2 s)
    assert attempt(4).wait_seconds == 0  # checked: the 4th failure, then 4 s to wait
    assert attempt(5).wait_seconds == 3
    assert attempt(8).wait_seconds == 0  # checked: the 5th failure, then 8 s
    assert attempt(9).wait_seconds == 7
    assert attempt(9, PASSWORD).user is None  # the right password waits too
    late = attempt(8 + 600 + 1, PASSWORD)  # the failures have left the window
    assert late.user == auth.User("Trần Thị B", "editor")
    engine.dispose()


def test_oidc_maps_email_or_subject_never_the_display_name() -> None:
    assert auth.oidc_identity({"name": "admin", "email": "b@sonla.gov.vn"}) == "b@sonla.gov.vn"
    assert auth.oidc_identity({"name": "admin", "sub": "1234"}) == "1234"
    assert auth.oidc_identity({"name": "admin"}) is None


# --- the command line -------------------------------------------------------------------------


def test_cli_user_must_be_an_account_and_the_os_user_is_recorded(
    account_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "so_lieu.csv"
    path.write_bytes(GOOD_CSV)
    engine = engine_for(account_url)
    before = snapshot(engine)
    assert run(["import", str(path), "--db", account_url, "--user", "Giám đốc Sở"]) == 1
    assert "no such account" in capsys.readouterr().err
    assert snapshot(engine) == before
    assert run(["import", str(path), "--db", account_url, "--user", "Trần Thị B"]) == 0
    with engine.connect() as conn:
        who = conn.execute(text("SELECT user_name FROM import_batch")).scalar_one()
        detail = conn.execute(
            text("SELECT detail FROM audit_log WHERE action = 'cli_import'")
        ).scalar_one()
    engine.dispose()
    assert who == "Trần Thị B"
    import getpass

    assert f"OS user {getpass.getuser()}" in detail


# --- a database that goes away ----------------------------------------------------------------


def _bin(tool: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"))
    return found[-1] if found else None


class Cluster:
    """A PostgreSQL cluster of this test's own, on a free port in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root, self.data = root, root / "data"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(root, "postgres", "postgres")
        self._pg(_bin("initdb") or "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def _pg(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        ctl = _bin("pg_ctl") or "pg_ctl"
        log = str(self.root / "log")
        self._pg(ctl, "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._pg(_bin("pg_ctl") or "pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def own_postgres() -> Iterator[Cluster]:
    if _bin("initdb") is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    root = Path(tempfile.mkdtemp(prefix="lc-pg-"))
    cluster = Cluster(root)
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped by the test
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


BANNER = "Không kết nối được cơ sở dữ liệu"


def test_postgres_stopped_and_restarted_mid_session(own_postgres: Cluster) -> None:
    admin = create_engine(own_postgres.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE learning_city"))
    admin.dispose()
    url = own_postgres.url("learning_city")
    engine = engine_for(url)
    db.migrate(engine)
    seed(engine, include_sample=False)
    engine.dispose()

    at = app(url).run()
    assert_no_trace(at)
    assert at.metric and not any(BANNER in w.value for w in at.warning)
    start = reset_peak()

    own_postgres.stop()
    for page in PAGES:
        at.switch_page(page).run()
        assert_no_trace(at)
        assert any(BANNER in w.value for w in at.warning), (page, all_text(at)[:300])
        assert not at.error  # no other message competes with the banner
    at.run()  # the retry itself does not break anything
    assert_no_trace(at)
    # signing in while the server is down: a message in the sidebar, not an error page
    assert BANNER in _try(at, "Trần Thị B", PASSWORD)
    assert "user" not in at.session_state

    own_postgres.start()
    at.switch_page("pages/overview.py").run()
    assert_no_trace(at)
    assert not any(BANNER in w.value for w in at.warning)
    assert at.metric  # the figures are back, from the same cached engine
    growth = peak_growth(start)
    print(f"[memory] PostgreSQL stopped and restarted: peak RSS +{growth} MB")
    assert growth < OUTAGE_BOUND_MB


def test_check_tells_the_truth_for_readiness(
    own_postgres: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m dashboard check`: 0 only when the database answers with a current schema."""
    url = own_postgres.url()
    assert run(["check", "--db", url]) == 1  # answers, but no schema
    assert "init-db" in capsys.readouterr().err
    assert run(["init-db", "--db", url]) == 0
    capsys.readouterr()
    assert run(["check", "--db", url]) == 0
    assert capsys.readouterr().out.startswith("ready:")
    engine = engine_for(url)
    with engine.begin() as conn:  # an older schema, as after deploying new code
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert run(["check", "--db", url]) == 1
    assert "older schema" in capsys.readouterr().err
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    engine.dispose()
    assert run(["check", "--db", url]) == 0
    own_postgres.stop()
    assert run(["check", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("not ready:") and "Traceback" not in err


# --- any other error --------------------------------------------------------------------------


def test_an_unexpected_error_shows_an_error_id_and_logs_the_trace(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from dashboard.ui import cache

    def broken(**_: object) -> object:
        raise RuntimeError("secret detail /srv/learning_city/app.py")

    monkeypatch.setattr(cache, "sources", broken)
    at = app(seeded_url, lang="en").run()
    at.switch_page("pages/sources.py").run()
    assert_no_trace(at)
    (message,) = [e.value for e in at.error]
    assert "Reload the page" in message and "secret" not in message
    error_id = message.split("error id ")[1].split()[0]
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info and "secret detail" in str(logged[0].exc_info[1])


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
