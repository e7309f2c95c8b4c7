"""Entry point: page config, language switch and navigation. Pages hold layout only."""

import streamlit as st

from dashboard.i18n import t
from dashboard.ui import language_ui


def main() -> None:
    st.set_page_config(
        page_title="Xã hội học tập Sơn La · Learning society",
        page_icon=":material/school:",
        layout="wide",
    )
    lang = language_ui()
    st.sidebar.caption(t("app_title", lang))
    pages = [
        st.Page(
            "pages/overview.py", title=t("overview", lang), icon=":material/map:", default=True
        ),
        st.Page("pages/sources.py", title=t("sources_page", lang), icon=":material/menu_book:"),
    ]
    st.navigation(pages).run()


main()
