"""Data, for editors: templates, upload with a checked preview, confirm, history and undo."""

import streamlit as st

from dashboard import auth
from dashboard.i18n import t
from dashboard.loading import importer
from dashboard.ui import cache
from dashboard.ui.account import current_user, locked_accounts_ui, require_role_ui
from dashboard.ui.cache import database_ui
from dashboard.ui.plan_ui import template_downloads_ui
from dashboard.ui.tables import md_text
from dashboard.ui.uploads import check_upload_ui
from dashboard.ui.widgets import language

lang = language()
user = require_role_ui("editor", lang)  # checked on the server on every run, not only hidden
engine = database_ui()

st.title(t("data_page", lang))
st.subheader(t("templates", lang))
template_downloads_ui(engine, lang)

st.subheader(t("upload", lang))
upload = st.file_uploader(
    t("upload_help", lang),
    type=["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip"],
    max_upload_size=50,
)
left, right = st.columns(2)
source_title = left.text_input(t("source_title_input", lang), key="data_source_title")
source_url = right.text_input(t("source_url_input", lang), key="data_source_url")

plan = None
if upload is not None:
    # Checked once per file content (SHA-256) and sources: reruns reuse the plan, so a
    # heavy file is never parsed again while it sits in the uploader.
    try:
        plan = check_upload_ui(
            upload=upload,
            source_title=source_title,
            source_url=source_url,
            engine=engine,
        )
    except importer.ImportError_ as exc:
        st.error(t("sec_upload_unreadable", lang).format(reason=md_text(str(exc))))
if plan is not None:
    if plan.ok:
        st.success(t("check_ok", lang).format(n=len(plan.preview), kind=plan.kind))
    else:
        st.error(t("check_failed", lang).format(n=len(plan.problems)), icon=":material/error:")
        for problem in plan.problems[:50]:
            st.markdown(f"- {md_text(str(problem))}")
    st.dataframe(plan.preview, hide_index=True, width="stretch")

    def confirm() -> None:
        try:
            acting = auth.require(current_user(), "editor")  # the write checks the role itself
        except auth.PermissionDenied as exc:
            st.session_state["data_error"] = str(exc)
            return
        if plan is None:
            return
        result = importer.apply_plan(engine=engine, plan=plan, user=acting.name)
        st.session_state["data_result"] = t("import_done", lang).format(
            id=result.import_id,
            inserted=result.inserted,
            updated=result.updated,
            unchanged=result.unchanged,
        )
        cache.clear_caches()

    st.button(t("confirm_import", lang), type="primary", disabled=not plan.ok, on_click=confirm)
if message := st.session_state.pop("data_result", None):
    st.success(message)

st.subheader(t("history", lang))
history = importer.import_history(engine=engine)
st.dataframe(history, hide_index=True, width="stretch")
undoable = history[history["status"] == "applied"]
if not user.can("admin"):
    undoable = undoable[undoable["user"] == user.name]
if len(undoable):
    chosen = st.selectbox(t("undo_which", lang), list(undoable["id"]), key="data_undo")

    def undo() -> None:
        try:
            acting = auth.require(current_user(), "editor")
            if history.set_index("id").loc[chosen, "user"] != acting.name:
                auth.require(acting, "admin")  # only admins undo other people's imports
            importer.undo_import(engine=engine, import_id=int(chosen), user=acting.name)
            st.session_state["data_result"] = t("undo_done", lang).format(id=chosen)
        except (auth.PermissionDenied, importer.ImportError_) as exc:
            st.session_state["data_error"] = str(exc)
        cache.clear_caches()

    st.button(t("undo", lang), on_click=undo, icon=":material/undo:")
if error := st.session_state.pop("data_error", None):
    st.error(error)

st.subheader(t("sample_data", lang))
counts = cache.table_counts(engine=engine)
st.caption(
    t("sample_counts", lang).format(
        values=counts["indicator values (sample)"], facilities=counts["facilities (sample)"]
    )
)


def remove_sample() -> None:
    try:
        acting = auth.require(current_user(), "editor")
    except auth.PermissionDenied as exc:
        st.session_state["data_error"] = str(exc)
        return
    result = importer.remove_sample_data(engine=engine, user=acting.name)
    st.session_state["data_result"] = t("sample_removed", lang).format(id=result.import_id)
    cache.clear_caches()


st.button(
    t("remove_sample", lang),
    on_click=remove_sample,
    icon=":material/delete:",
    disabled=counts["indicator values (sample)"] + counts["facilities (sample)"] == 0,
)

if user.can("admin"):  # accounts: admins only, checked again when the form is sent
    st.subheader(t("accounts", lang))
    st.dataframe(
        cache.accounts(engine=engine),
        hide_index=True,
        width="stretch",
        column_config={"name": t("user_name", lang)},
    )

    def add_account() -> None:
        try:
            auth.require(current_user(), "admin")
            auth.add_user(
                engine=engine,
                name=st.session_state["new_user_name"],
                role=st.session_state["new_user_role"],
                password=st.session_state["new_user_password"],
            )
            st.session_state["data_result"] = t("account_added", lang)
        except (auth.PermissionDenied, auth.AccountError) as exc:
            st.session_state["data_error"] = str(exc)
        st.session_state["new_user_password"] = ""
        cache.clear_caches()

    with st.form("new_user"):
        st.text_input(t("user_name", lang), key="new_user_name")
        st.selectbox(t("role", lang), ["viewer", "editor", "admin"], key="new_user_role")
        st.text_input(t("password", lang), type="password", key="new_user_password")
        st.form_submit_button(t("add_account", lang), on_click=add_account)

    locked_accounts_ui(engine, lang)  # unlock after too many failed sign-ins
