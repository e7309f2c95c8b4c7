"""The few Streamlit helpers (`*_ui`): they draw widgets and return plain values.

Also the thin caching layer over dashboard.queries, so tests can call queries uncached.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from dashboard import auth, db, export, queries
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from dashboard.state import StateReader, to_params

CACHE_SECONDS = 120


def _secrets() -> Mapping[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml, or an unreadable one: fall through to the next setting
        return {}


@st.cache_resource(show_spinner=False)
def _open(url: str, origin: str) -> Engine:
    return db.open_database(db.DatabaseChoice(url, origin))


def database_ui() -> Engine:
    """The engine, or a message naming the setting to fix (and the page stops)."""
    choice = db.resolve_database(secrets=_secrets())
    try:
        return _open(choice.url, choice.origin)
    except db.DatabaseError as exc:
        st.error(f"**{t('db_error', language())}.** {exc}")
        st.stop()
        raise  # unreachable: st.stop() ends the script run


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _cached(_engine: Engine, url: str, name: str, kwargs: dict[str, Any]) -> Any:
    return getattr(queries, name)(engine=_engine, **kwargs)


def query(engine: Engine, name: str, **kwargs: Any) -> Any:
    """Run dashboard.queries.<name> through Streamlit's cache (keyed by database URL)."""
    return _cached(engine, engine.url.render_as_string(hide_password=False), name, kwargs)


def _leave_pages_directory_mode() -> None:
    """Run through streamlit_app.py's navigation even when the first visit is a deep link.

    Streamlit starts a process in its old "pages/ directory" mode until the main script has
    called st.navigation; a shared link such as /indicators?... opened first would run the
    page alone (no language switch, no sign-in, file names as menu). Switch modes and rerun.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def language() -> str:
    """The reader's language: URL ?lang=, then the session, then Vietnamese.

    Every page calls this first, so it also makes sure the page runs inside the navigation.
    """
    _leave_pages_directory_mode()
    lang = st.query_params.get("lang", st.session_state.get("lang", DEFAULT_LANGUAGE))
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language_ui() -> str:
    """Language switch in the sidebar; kept in the URL so a shared link keeps it."""
    current = language()
    lang = st.sidebar.radio(
        "Ngôn ngữ / Language", LANGUAGES, index=LANGUAGES.index(current),
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        horizontal=True, key="lang_radio",
    )  # fmt: skip
    st.session_state["lang"] = lang
    if lang != DEFAULT_LANGUAGE:
        st.query_params["lang"] = lang
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    return lang


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$])")


def md_text(text: str) -> str:
    """Text shown literally inside Streamlit markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_link(title: str, url: str) -> str:
    """A markdown link whose title is shown literally; plain text when there is no http(s) URL."""
    if url.startswith(("http://", "https://")):
        return f"[{md_text(title)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"
    return md_text(title)


def url_reader() -> StateReader:
    """A reader over this page's URL query parameters."""
    return StateReader({k: st.query_params.get(k, "") for k in st.query_params})


def seed_widgets_ui(values: Mapping[str, Any]) -> None:
    """Give widgets their starting values (from the URL) unless the session already has them."""
    for key, value in values.items():
        if key not in st.session_state:
            st.session_state[key] = value


def notices_ui(reader: StateReader, lang: str) -> None:
    """Tell the reader which link values were not used (shown as text)."""
    for notice in reader.notices:
        st.info(md_text(notice.text(lang)), icon=":material/link_off:")


def write_url_ui(params: Mapping[str, object]) -> None:
    """Put the view in the URL so a copied link reproduces it (language kept)."""
    wanted = to_params(params)
    if lang := st.query_params.get("lang"):
        wanted["lang"] = lang
    if wanted != {k: st.query_params.get(k) for k in st.query_params}:
        st.query_params.from_dict(wanted)


def downloads_ui(df: Any, *, name: str, lang: str) -> None:
    """CSV and Excel downloads of a table (formulas neutralised)."""
    left, right = st.columns(2)
    # Files are made only when clicked: a 50,000-row workbook takes seconds to write.
    left.download_button(
        "CSV", lambda: export.to_csv_bytes(df), file_name=f"{name}.csv", mime="text/csv",
        icon=":material/download:", width="stretch",
    )  # fmt: skip
    right.download_button(
        "Excel", lambda: export.to_xlsx_bytes(df, sheet=name), file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:", width="stretch",
    )  # fmt: skip


PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"] {
    display: none !important;
  }
  .main .block-container { padding: 0 !important; max-width: 100% !important; }
  iframe { break-inside: avoid; }
}
</style>
"""


def print_styles_ui() -> None:
    """Hide navigation and buttons when the page is printed from the browser."""
    st.html(PRINT_CSS)


SCOPES = ("province", "national")


def scope_ui(engine: Engine, reader: StateReader, lang: str, *, key: str) -> str | None:
    """Sơn La or the whole country (offered once the national layer is loaded).

    Returns the province code to filter on, or None for the whole country.
    """
    if not query(engine, "has_national_layer"):
        return queries.HOME_PROVINCE
    seed_widgets_ui({key: reader.one("scope", SCOPES, "province")})
    scope = st.sidebar.radio(
        t("scope", lang), SCOPES, key=key, format_func=lambda s: t(f"scope_{s}", lang)
    )
    return None if scope == "national" else queries.HOME_PROVINCE


def selectable_ui(
    container: Any,
    label: str,
    options: list[str],
    *,
    key: str,
    labels: Mapping[str, str] | None = None,
) -> str:
    """A selectbox whose options depend on other widgets: an out-of-date choice falls back."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return str(
        container.selectbox(
            label, options, key=key, format_func=(labels or {}).get if labels else str
        )
    )


def verdict_text(meets: bool | None, lang: str) -> str:
    """'Đạt' / 'Chưa đạt' / 'Chưa đủ số liệu' for a literacy-standard verdict."""
    return t(
        {True: "standard_met", False: "standard_not_met", None: "standard_unknown"}[meets], lang
    )


def district_click_callback(
    map_key: str, selection_key: str, codes: Mapping[str, str], *, replace: bool = False
) -> Callable[[], None]:
    """A st_folium on_change callback: the clicked district joins (or becomes) the selection."""

    def callback() -> None:
        clicked = (st.session_state.get(map_key) or {}).get("last_active_drawing") or {}
        code = (clicked.get("properties") or {}).get("code")
        if code not in codes:
            return
        if replace:
            st.session_state[selection_key] = code
        elif code not in st.session_state.get(selection_key, []):
            st.session_state[selection_key] = [*st.session_state.get(selection_key, []), code]

    return callback


VINTAGES = ("pre_2025", "post_2025")


def vintage_ui(reader: StateReader, lang: str, *, key: str) -> str:
    """Before or from 1 Jul 2025: which administrative units the page shows (kept in the URL)."""
    seed_widgets_ui({key: reader.one("vintage", VINTAGES, "pre_2025")})
    return str(
        st.sidebar.radio(
            t("vintage", lang), VINTAGES, key=key, format_func=lambda v: t(f"vintage_{v}", lang)
        )
    )


def current_user() -> auth.User | None:
    """Who is signed in this session (None: nobody)."""
    user = st.session_state.get("user")
    return user if isinstance(user, auth.User) else None


def _oidc_configured() -> bool:
    return "auth" in _secrets()


def _sign_in(lang: str) -> None:
    name, password = (
        st.session_state.get("sign_in_name", ""),
        st.session_state.get("sign_in_pw", ""),
    )
    user = auth.authenticate(engine=database_ui(), name=name, password=password)
    st.session_state["sign_in_pw"] = ""
    if user is None:
        st.session_state["sign_in_error"] = t("sign_in_failed", lang)
    else:
        st.session_state["user"] = user
        st.session_state.pop("sign_in_error", None)


def _sign_out() -> None:
    st.session_state.pop("user", None)


def account_ui(lang: str) -> auth.User | None:
    """Sidebar: who is signed in and a way out, or a way in (password or OIDC via st.login)."""
    box = st.sidebar.container(border=True)
    if _oidc_configured():
        if not st.user.is_logged_in:
            box.button(t("sign_in", lang), on_click=st.login, icon=":material/login:")
            return None
        if current_user() is None:
            who = str(st.user.get("email") or st.user.get("name") or "")
            st.session_state["user"] = auth.role_of(engine=database_ui(), name=who)
    user = current_user()
    if user is not None:
        box.caption(t("signed_in_as", lang).format(name=md_text(user.name), role=user.role))
        box.button(
            t("sign_out", lang), icon=":material/logout:",
            on_click=st.logout if _oidc_configured() else _sign_out,
        )  # fmt: skip
        return user
    with box.expander(t("sign_in", lang), icon=":material/login:"):
        with st.form("sign_in", border=False):
            st.text_input(t("user_name", lang), key="sign_in_name")
            st.text_input(t("password", lang), type="password", key="sign_in_pw")
            st.form_submit_button(t("sign_in", lang), on_click=_sign_in, args=(lang,))
        if error := st.session_state.get("sign_in_error"):
            st.error(error)
    return None


def require_role_ui(role: str, lang: str) -> auth.User:
    """The signed-in user if their role allows `role`; otherwise a message and the page stops."""
    try:
        return auth.require(current_user(), role)
    except auth.PermissionDenied:
        st.error(t("permission_denied", lang).format(role=role), icon=":material/lock:")
        st.stop()
        raise


def template_downloads_ui(engine: Engine, lang: str) -> None:
    """The two XLSX templates, their drop-downs filled from the database."""
    from dashboard.facilities import KINDS
    from dashboard.templates import template_xlsx

    catalogue = query(engine, "indicators")
    units = sorted(
        query(engine, "unit_codes", level="district", vintage="pre_2025")
        | query(engine, "unit_codes", level="commune", vintage="post_2025")
        | query(engine, "unit_codes", level="commune", vintage="pre_2025")
    )
    lists = {
        "indicators": list(catalogue["code"]), "units": units,
        "periods": ["2023", "2024", "2025", "2026", "2023-2024", "2024-2025", "2025-2026"],
        "kinds": list(KINDS),
    }  # fmt: skip
    left, right = st.columns(2)
    for column, kind, label in ((left, "indicator", "template_values"),
                                (right, "facility", "template_facilities")):  # fmt: skip
        column.download_button(
            t(label, lang), functools.partial(template_xlsx, kind=kind, **lists),
            file_name=f"mau_{kind}.xlsx", icon=":material/download:",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )  # fmt: skip


def literacy_standard_ui(
    engine: Engine,
    *,
    indicator: str,
    period: str,
    units: Any,
    lang: str,
    vintage: str,
    province_code: str | None,
) -> tuple[dict[str, Any], str]:
    """Decree 20/2014 verdicts per unit for a literacy indicator, and the legend's label.

    Empty for other indicators.
    """
    from dashboard import analysis

    level = analysis.literacy_level(indicator)
    if level is None:
        return {}, ""
    rates = query(
        engine, "literacy_standard_rates", literacy_level=level, period=period,
        vintage=vintage, province_code=province_code,
    )  # fmt: skip
    flags = dict(zip(units["gso_code"], units["especially_disadvantaged"], strict=True))
    verdicts = analysis.literacy_verdicts(
        level=level, rates_by_band=rates, disadvantaged=flags,
        standards=query(engine, "literacy_standards"),
    )  # fmt: skip
    rule = next(iter(verdicts.values()))
    label = t("standard_label", lang).format(level=level, threshold=rule.threshold, band=rule.band)
    return verdicts, label


def figures_table(
    values: Any, *, lang: str, selected: list[str], verdicts: Mapping[str, Any], verdict_label: str
) -> Any:
    """The Indicators page's table: unit, value, period, source (with URL), sample, note."""
    columns = ["gso_code", "name", "value", "period_label", "source_title", "source_url",
               "is_sample", "note"]  # fmt: skip
    table = values[columns].copy()
    table["period_label"] = table["period_label"].fillna(t("no_data", lang))
    if selected:
        table = table[table["gso_code"].isin(selected)]
    if verdicts:
        table[verdict_label] = table["gso_code"].map(
            lambda c: verdict_text(verdicts[c].meets, lang)
        )
    return table.drop(columns="gso_code").rename(
        columns={"name": t("unit_col", lang), "value": t("value", lang), "note": t("note", lang),
                 "period_label": t("period", lang), "source_title": t("source", lang),
                 "is_sample": t("sample_column", lang)}
    )  # fmt: skip
