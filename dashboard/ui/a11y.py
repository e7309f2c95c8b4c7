"""What keyboard and screen-reader users need on every page: visible focus, readable captions,
the maps' text alternative styled as a table."""

from __future__ import annotations

import streamlit as st

FOCUS_COLOUR = "#0b57d0"  # 7:1 on white, 6:1 on the sidebar's grey

ACCESSIBLE_CSS = f"""
<style>
/* WCAG 2.4.7: a keyboard focus ring on every widget, link, button, expander and map frame. A
   text field's own outline is clipped by its bordered box, so the box carries the ring. */
a:focus-visible, button:focus-visible, summary:focus-visible, [role="button"]:focus-visible,
[role="tab"]:focus-visible, [role="checkbox"]:focus-visible, [role="switch"]:focus-visible,
[tabindex]:focus-visible, iframe:focus, textarea:focus-visible,
div:has(> input:focus-visible), div:has(> textarea:focus-visible),
label:has(input:focus-visible) {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
}}
/* WCAG 1.4.3: Streamlit draws captions at 60 % opacity (3.9:1 on white); these read 7:1. */
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; color: #55534f !important; }}
/* The maps' text alternative (dashboard.ui.tables.map_table_html). */
.lc-map-table {{ border-collapse: collapse; width: 100%; font-size: 0.9rem; }}
.lc-map-table caption {{ caption-side: top; text-align: left; font-weight: 600; }}
.lc-map-table th, .lc-map-table td {{
  border-bottom: 1px solid #d0d0d0; padding: 2px 8px; text-align: left; font-weight: normal;
}}
.lc-map-table thead th {{ font-weight: 600; }}
</style>
"""


def accessible_styles_ui() -> None:
    """The styles above, in the page's event container (they take no room on the page)."""
    st.html(ACCESSIBLE_CSS)
