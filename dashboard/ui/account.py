"""Who is signed in: password accounts in the sidebar, or Streamlit's OIDC `st.login`."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth
from dashboard.data import db
from dashboard.i18n import plural, t
from dashboard.ui.cache import database_ui, open_engine, secrets
from dashboard.ui.tables import md_text

log = logging.getLogger("dashboard")


def current_user() -> auth.User | None:
    """Who is signed in this session (None: nobody)."""
    user = st.session_state.get("user")
    return user if isinstance(user, auth.User) else None


def _oidc_configured() -> bool:
    return "auth" in secrets()


def client_id() -> str:
    """Who is trying, for the per-client limit: the connection's IP address as Streamlit sees it.

    Behind a reverse proxy every reader has the proxy's address (one shared limit); the
    X-Forwarded-For header is not trusted, as any browser can set it. "unknown" when absent.
    """
    try:
        address = st.context.ip_address
    except Exception:  # no browser connection (tests, bare mode)
        address = None
    return address if isinstance(address, str) and address else "unknown"


def _sign_in(lang: str) -> None:
    name, password = (
        str(st.session_state.get("sign_in_name", ""))[:200],
        str(st.session_state.get("sign_in_pw", ""))[:1000],
    )
    st.session_state["sign_in_pw"] = ""
    try:  # a callback runs before the page: no banner or st.stop() here, a message instead
        result = auth.sign_in(
            engine=open_engine(), name=name, password=password, client=client_id()
        )
    except (db.DatabaseError, SQLAlchemyError) as exc:
        log.warning("sign-in without a database: %s", type(exc).__name__)
        st.session_state["sign_in_error"] = t("sec_db_lost", lang)
        return
    user = result.user
    if result.locked:
        st.session_state["sign_in_error"] = t("sec_sign_in_locked", lang)
    elif result.wait_seconds:
        st.session_state["sign_in_error"] = t("sec_sign_in_retry", lang).format(
            wait=plural(result.wait_seconds, "sec_second", "sec_seconds", lang)
        )
    elif user is None:
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
            # e-mail or subject only: a display name is chosen by its owner at the provider
            who = auth.oidc_identity(st.user.to_dict())
            if who is None:
                st.error(t("sign_in_failed", lang))
                return None
            st.session_state["user"] = auth.role_of(engine=database_ui(), name=who)
    user = current_user()
    if user is not None:
        box.caption(t("signed_in_as", lang).format(name=md_text(user.name), role=user.role))
        box.button(
            t("sign_out", lang),
            icon=":material/logout:",
            on_click=st.logout if _oidc_configured() else _sign_out,
        )
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


def locked_accounts_ui(engine: Engine, lang: str) -> None:
    """Admins: accounts locked by failed sign-ins, and a button to unlock one (role checked)."""
    locked = auth.locked_accounts(engine=engine)
    if not locked:
        return
    chosen = st.selectbox(t("sec_locked_accounts", lang), locked, key="data_unlock")

    def unlock() -> None:
        try:
            acting = auth.require(current_user(), "admin")  # checked again on the server
        except auth.PermissionDenied as exc:
            st.session_state["data_error"] = str(exc)
            return
        auth.unlock(engine=engine, name=str(chosen), by=acting.name)
        st.session_state["data_result"] = t("sec_unlocked", lang)

    st.button(t("sec_unlock", lang), on_click=unlock, icon=":material/lock_open:")
