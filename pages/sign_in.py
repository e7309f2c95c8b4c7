"""Shown instead of the dashboard when anonymous access is switched off."""

import streamlit as st

from dashboard.i18n import t
from dashboard.ui.widgets import language

st.info(t("sign_in_required", language()), icon=":material/lock:")
