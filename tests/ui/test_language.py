"""The language switch keeps every selection: every labelled widget has a key."""

from __future__ import annotations

import ast

from tests.browser_support import REPO

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips (or fails) with the reason
    expect = None  # type: ignore[assignment]


# Widgets whose identity Streamlit derives from their label unless they have a key: without
# one, a switch makes a new widget and its value falls back to the default.
LABELLED_WIDGETS = {
    "selectbox",
    "radio",
    "multiselect",
    "segmented_control",
    "pills",
    "checkbox",
    "toggle",
    "select_slider",
    "text_input",
    "number_input",
    "text_area",
    "slider",
    "date_input",
}


def _widget_calls_without_key() -> list[str]:
    files = [
        *sorted((REPO / "pages").glob("*.py")),
        *sorted((REPO / "dashboard" / "ui").glob("*.py")),
        REPO / "streamlit_app.py",
    ]
    missing = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in LABELLED_WIDGETS
                and not any(k.arg == "key" for k in node.keywords)
            ):
                missing.append(f"{path.relative_to(REPO)}:{node.lineno} {node.func.attr}")
    return missing


def test_every_labelled_widget_has_a_key_so_a_switch_keeps_its_value() -> None:
    assert _widget_calls_without_key() == []
