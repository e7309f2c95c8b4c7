"""What keyboard and screen-reader users need on every page: visible focus, readable captions,
the maps' text alternative styled as a table; the Overview's figure cards."""

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
/* The Overview's figures (dashboard.ui.tables.figure_cards_html): a theme's cards in four
   columns, one column on a phone; the gap to the target green ahead, red behind (7:1). */
.lc-themes h4 {{ font-size: 1.5rem; font-weight: 600; margin: 0; padding: 0.75rem 0 1rem; }}
.lc-themes .lc-figures {{
  display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 1rem;
  list-style: none; margin: 0 0 1rem 0 !important; padding: 0 !important;
}}
.lc-themes .lc-figures > .lc-figure {{
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 1rem;
  margin: 0 !important;
}}
.lc-figure-label, .lc-figure-gap, .lc-figure-meta {{ font-size: 0.875rem; }}
.lc-figure-value {{ font-size: 2.25rem; line-height: 1.4; }}
.lc-figure-ahead {{ color: #0d5c2a; }}
.lc-figure-behind {{ color: #a3160d; }}
.lc-figure-meta {{ color: #55534f; margin-top: 0.25rem; }}
.lc-figure-help {{
  display: inline-block; width: 1.1em; height: 1.1em; line-height: 1.05em; text-align: center;
  border: 1px solid currentColor; border-radius: 50%; font-size: 0.75rem; cursor: help;
}}
@media (max-width: 640px) {{ .lc-themes .lc-figures {{ grid-template-columns: minmax(0, 1fr); }} }}
@media print {{ .lc-themes .lc-figures {{ grid-template-columns: repeat(2, minmax(0, 1fr)); }} }}
</style>
"""


def accessible_styles_ui() -> None:
    """The styles above, in the page's event container (they take no room on the page)."""
    st.html(ACCESSIBLE_CSS)
