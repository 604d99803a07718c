"""Figure, diagram and text builders for LSTM Lab.

Plain data in, Plotly figures / SVG / strings out. Nothing here imports Streamlit, so
every builder is a pure function that the tests can call directly.
"""
