"""Streamlit glue shared by every page: the frame, URL state and small widget helpers."""
