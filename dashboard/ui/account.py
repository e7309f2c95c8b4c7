"""Who is signed in: password accounts in the sidebar, or Streamlit's OIDC `st.login`.

A password sign-in lasts beyond the page (dashboard.sessions): the page keeps its session's id,
the browser an HttpOnly cookie; every run checks the session again.
"""

from __future__ import annotations

import json
import logging

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, sessions, web
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
    """Who is trying, for the per-client limit: the reader's IP address.

    Behind the proxy named by LEARNING_CITY_TRUSTED_PROXY (or one on this machine) it is the
    address the proxy saw (dashboard.web.ForwardedClient); X-Forwarded-For from anyone else
    is ignored, as any browser can set it. "unknown" when absent (and on this machine).
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
        try:
            opened = sessions.open_session(engine=open_engine(), name=user.name)
        except (db.DatabaseError, SQLAlchemyError) as exc:
            log.warning("sign-in session without a database: %s", type(exc).__name__)
            st.session_state["sign_in_error"] = t("sec_db_lost", lang)
            return
        st.session_state.update(user=user, session_id=opened.session_id)
        st.session_state["session_claim"] = opened.claim_code  # traded for the cookie below
        for key in ("sign_in_error", "session_ended"):
            st.session_state.pop(key, None)


def _sign_out() -> None:
    session_id = st.session_state.pop("session_id", None)
    st.session_state.pop("user", None)
    # the browser's cookie, which this run's connection still sent, ends too (dashboard.web)
    st.session_state.update(clear_cookie=True, refused_token=_cookie_token())
    if session_id is not None:
        try:
            sessions.end(engine=open_engine(), session_id=int(session_id))
        except (db.DatabaseError, SQLAlchemyError) as exc:
            log.warning("sign-out without a database: %s", type(exc).__name__)


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(sessions.COOKIE_NAME)
    except Exception:  # no browser connection (tests, bare mode)
        return None
    return token if isinstance(token, str) and token else None


def _follow_session() -> None:
    """Bring the signed-in user in line with the sign-in session: this page's or the cookie's.

    Every run checks it, so an expiry, a sign-out in another tab, a lock, a role or a password
    change take effect at the reader's next click; the role is always the account's current one.
    """
    session_id, token = st.session_state.get("session_id"), _cookie_token()
    if session_id is None and (token is None or token == st.session_state.get("refused_token")):
        return
    try:
        engine = open_engine()
        if session_id is not None:
            current = sessions.by_id(engine=engine, session_id=int(session_id))
        else:
            current = sessions.by_token(engine=engine, token=str(token))
    except (db.DatabaseError, SQLAlchemyError) as exc:  # the page shows the database banner
        log.warning("sign-in session not checked, no database: %s", type(exc).__name__)
        return
    if current is None:
        for key in ("user", "session_id"):
            st.session_state.pop(key, None)
        st.session_state.update(refused_token=token, session_ended=True, clear_cookie=True)
    else:
        st.session_state.update(user=current.user, session_id=current.session_id)


def _post_from_browser(path: str, body: str = "") -> None:
    """The browser POSTs to a dashboard.web route, which sets or clears the HttpOnly cookie."""
    url = web.url_path(str(st.get_option("server.baseUrlPath") or ""), path)
    call = f"fetch({json.dumps(url)}, {{method: 'POST', body: {json.dumps(body)}}});"
    safe = call.replace("<", "\\u003c")  # no "</script>" can end the element early
    st.html(f"<script>{safe}</script>", unsafe_allow_javascript=True)


def _cookie_ui() -> None:
    """Hand the browser its session cookie after a sign-in, or have it cleared."""
    if code := st.session_state.pop("session_claim", None):
        _post_from_browser(web.SESSION_PATH, str(code))
    elif st.session_state.pop("clear_cookie", False):
        _post_from_browser(web.SIGN_OUT_PATH)


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
    else:
        _follow_session()
        with st.sidebar:
            _cookie_ui()
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
    if st.session_state.get("session_ended"):
        box.info(t("sec_session_ended", lang), icon=":material/timer_off:")
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
