"""Charts on pages: each Vega-Lite spec built once per data and options, then reused.

Building and validating an Altair chart took about 40 % of the Indicators page's server time
under load (py-spy); the spec only changes when the data or the options do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec

import altair as alt
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from dashboard.ui.cache import CACHE_SECONDS

P = ParamSpec("P")
Chart = alt.Chart | alt.LayerChart


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=512)
def _spec(_build: Callable[..., Chart], qualname: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # `_build` is not hashed (functions are not); its qualified name keys the cache.
    return dict(_convert_altair_to_vega_lite_spec(_build(*args, **kwargs)))


def chart_ui(container: Any, build: Callable[P, Chart], *args: P.args, **kwargs: P.kwargs) -> None:
    """Draw `build(*args, **kwargs)` (an Altair chart) from its cached spec."""
    container.vega_lite_chart(
        spec=_spec(build, f"{build.__module__}.{build.__qualname__}", *args, **kwargs),
        width="stretch",
    )
