"""Charts on pages: each Vega-Lite spec built once per data and options (dashboard.ui.derived
keeps it with the rest of a view), then only sent.

Building and validating an Altair chart took about 40 % of the Indicators page's server time
under load (py-spy); the spec only changes when the data or the options do.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ParamSpec

import altair as alt
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

P = ParamSpec("P")
Chart = alt.Chart | alt.LayerChart


def spec(build: Callable[P, Chart], *args: P.args, **kwargs: P.kwargs) -> dict[str, Any]:
    """The Vega-Lite spec of `build(*args, **kwargs)` (an Altair chart), as Streamlit sends it."""
    return dict(_convert_altair_to_vega_lite_spec(build(*args, **kwargs)))


def chart_ui(container: Any, chart: dict[str, Any]) -> None:
    """Draw a chart from its spec (see `spec`), as wide as its container.

    Streamlit patches some nested parts of a spec in place (a legend's null title), and the
    spec is shared by every session: it gets a copy (its data are Arrow bytes, not copied).
    """
    container.vega_lite_chart(spec=copy.deepcopy(chart), width="stretch")
