"""Map builders (folium) and the light layers they draw with. Builders never render."""

from dashboard.maps.builders import (
    IndicatorLabel,
    add_facilities,
    base_map,
    choropleth_base,
    choropleth_legend,
    choropleth_styles,
    district_outlines,
    facility_map,
    join_geometry,
    learning_city_map,
    localised,
    to_html,
    unit_choropleth,
    unit_styles,
)
from dashboard.maps.live import (
    RenderedMap,
    UnitStyle,
    render_base,
    restyle_script,
    select_now_script,
    show_map,
)

__all__ = [
    "IndicatorLabel",
    "add_facilities",
    "base_map",
    "choropleth_base",
    "choropleth_legend",
    "choropleth_styles",
    "district_outlines",
    "facility_map",
    "join_geometry",
    "learning_city_map",
    "localised",
    "to_html",
    "unit_choropleth",
    "unit_styles",
    "RenderedMap",
    "UnitStyle",
    "render_base",
    "restyle_script",
    "select_now_script",
    "show_map",
]
