"""The floor of the load bench: the least a Streamlit page can do per run."""

import streamlit as st

st.write("hello")
