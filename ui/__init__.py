"""Streamlit helpers shared by pages (the only package besides pages/ and app.py that imports streamlit)."""
