"""The naive peer of the load bench: the map a first Streamlit + folium app would build.

Every run reads the shipped boundaries with geopandas, builds `GeoDataFrame.explore()` and adds
one `folium.Marker` per facility point (the 75 community learning centres, at their commune's
point), then renders it with streamlit-folium. Two "pages", chosen by `?page=`: the districts
coloured by their number of communes, or the province outline.
"""

from pathlib import Path

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

REAL = Path(__file__).resolve().parents[2] / "data" / "real"

page = st.query_params.get("page", "districts")
st.title("Sơn La")
if page == "province":
    areas = gpd.read_file(REAL / "son_la_province.geojson")
    m = areas.explore(tooltip=True)
else:
    areas = gpd.read_file(REAL / "son_la_districts.geojson")
    m = areas.explore(column="n_communes_gso", tooltip=["name", "n_communes_gso"], legend=True)
points = gpd.read_file(REAL / "son_la_communes_2025_points.geojson")
for row in points.itertuples():
    folium.Marker([row.geometry.y, row.geometry.x], tooltip=row.name).add_to(m)
st_folium(m, width=900, height=600)
st.dataframe(areas.drop(columns="geometry"))
