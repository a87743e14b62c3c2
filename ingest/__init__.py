"""Turning files, folders and zips into stored images and upload jobs (no Streamlit here)."""
