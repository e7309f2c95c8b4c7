"""Entry point: page config, language switch and navigation. Pages hold layout only.

`streamlit run streamlit_app.py` finds `app` below and serves it (Streamlit's st.App): the
dashboard plus the sign-in session routes and the proxy-aware client address (dashboard.web).
Each page run executes this file as __main__ and draws the dashboard.
"""

import logging
import uuid

import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import FragmentHandledException
from streamlit.navigation.page import StreamlitPage

from dashboard import settings, web
from dashboard.i18n import t
from dashboard.settings import REPO_ROOT
from dashboard.ui.gate import GATE

# A local file: a material-icon page icon would be fetched from Google Fonts.
FAVICON = REPO_ROOT / "static" / "favicon.png"


def main() -> None:
    # Imported at the first page run, not when `streamlit run` imports this file to find `app`:
    # the UI modules' caches belong to Streamlit's runtime, which starts after that import.
    from dashboard.ui.account import account_ui
    from dashboard.ui.widgets import language_ui

    st.set_page_config(
        page_title="Xã hội học tập Sơn La · Learning society",
        page_icon=str(FAVICON),
        layout="wide",
    )
    lang = language_ui()
    st.sidebar.caption(t("app_title", lang))
    user = account_ui(lang)
    if user is None and settings.read(settings.ANONYMOUS_ACCESS) == "0":
        run_page(st.navigation([st.Page("pages/sign_in.py", title=t("sign_in", lang))]), lang)
        return
    pages = [
        st.Page(
            "pages/overview.py", title=t("overview", lang), icon=":material/map:", default=True
        ),
        st.Page(
            "pages/indicators.py", title=t("indicators_page", lang), icon=":material/insights:"
        ),
        st.Page(
            "pages/learning_city.py", title=t("learning_city_page", lang), icon=":material/public:"
        ),
        st.Page("pages/profile.py", title=t("profile_page", lang), icon=":material/location_city:"),
        st.Page("pages/facilities.py", title=t("facilities_page", lang), icon=":material/school:"),
        st.Page("pages/plan.py", title=t("plan_page", lang), icon=":material/checklist:"),
        st.Page("pages/focus.py", title=t("focus_page", lang), icon=":material/target:"),
        st.Page(
            "pages/recognitions.py",
            title=t("recog_page", lang),
            icon=":material/workspace_premium:",
        ),
        st.Page("pages/framework.py", title=t("kflc_page", lang), icon=":material/hub:"),
        st.Page("pages/sources.py", title=t("sources_page", lang), icon=":material/menu_book:"),
        st.Page("pages/decks.py", title=t("deck_page", lang), icon=":material/slideshow:"),
        st.Page("pages/present.py", title=t("present_page", lang), icon=":material/tv:"),
        st.Page("pages/follow.py", title=t("follow_page", lang), visibility="hidden"),
    ]
    if user is not None and user.can("editor"):  # the page checks the role again itself
        pages.append(st.Page("pages/data.py", title=t("data_page", lang), icon=":material/upload:"))
    run_page(st.navigation(pages), lang)


def run_page(page: StreamlitPage, lang: str) -> None:
    """Run the chosen page; no traceback reaches the reader, the server log gets it all.

    st.stop()/st.rerun() raise ScriptControlException (a BaseException), which passes through,
    as does Streamlit's own FragmentHandledException.
    """
    from dashboard.ui.cache import database_lost_ui, is_connection_lost

    try:
        page.run()
    except FragmentHandledException:
        raise
    except Exception as exc:
        if is_connection_lost(exc):
            database_lost_ui(lang, exc)
        error_id = uuid.uuid4().hex[:12]
        logging.getLogger("dashboard").exception("page error %s", error_id)
        st.error(t("sec_page_error", lang).format(error_id=error_id), icon=":material/error:")


if __name__ == "__main__":  # a page run
    with GATE.turn():
        main()
else:  # imported by `streamlit run` to serve the app

    def open_engine() -> Engine:
        """The pages' engine, for the session routes (opened at their first request)."""
        from dashboard.ui.cache import open_engine

        return open_engine()

    app = st.App(
        __file__,
        routes=web.routes(open_engine=open_engine, base=st.get_option("server.baseUrlPath")),
        middleware=web.middleware(),
    )
