"""Entry point: page config, language switch and navigation. Pages hold layout only."""

import streamlit as st

from dashboard import settings
from dashboard.i18n import t
from dashboard.settings import REPO_ROOT
from dashboard.ui.account import account_ui
from dashboard.ui.widgets import language_ui

# A local file: a material-icon page icon would be fetched from Google Fonts.
FAVICON = REPO_ROOT / "static" / "favicon.png"


def main() -> None:
    st.set_page_config(
        page_title="Xã hội học tập Sơn La · Learning society",
        page_icon=str(FAVICON),
        layout="wide",
    )
    lang = language_ui()
    st.sidebar.caption(t("app_title", lang))
    user = account_ui(lang)
    if user is None and settings.read(settings.ANONYMOUS_ACCESS) == "0":
        st.navigation([st.Page("pages/sign_in.py", title=t("sign_in", lang))]).run()
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
    ]
    if user is not None and user.can("editor"):  # the page checks the role again itself
        pages.append(st.Page("pages/data.py", title=t("data_page", lang), icon=":material/upload:"))
    st.navigation(pages).run()


main()
