"""Streamlit pages and widgets only; everything they show comes from the package's core."""
