"""The few Streamlit helpers pages use: cached data access, widgets, accounts and tables.

Functions that draw are named `*_ui`; they return plain values.
"""
