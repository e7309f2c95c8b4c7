"""Map builders (folium) and the light layers they draw with. Builders never render."""

from dashboard.maps.builders import (
    IndicatorLabel,
    add_facilities,
    base_map,
    district_outlines,
    facility_map,
    join_geometry,
    learning_city_map,
    localised,
    to_html,
    unit_choropleth,
)

__all__ = [
    "IndicatorLabel",
    "add_facilities",
    "base_map",
    "district_outlines",
    "facility_map",
    "join_geometry",
    "learning_city_map",
    "localised",
    "to_html",
    "unit_choropleth",
]
