"""The pure domain: units and vintages, periods, indicators, classification, analysis and
re-aggregation. Nothing here touches a database or Streamlit."""
