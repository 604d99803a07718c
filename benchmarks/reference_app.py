"""The smallest app that does what /step does on a step change: the yardstick of bench_app.py.

A title, a line of text, and a fragment holding a "Time step" slider and two HTML lines
that follow it (with the markers bench_app.py waits for). Whatever this costs on a
machine, Streamlit itself costs; what a page costs beyond it is the project's own.

``?chart=1`` adds one small Plotly chart (two lines of 100 points on a log axis): the
floor of any page that shows a Plotly chart at first view, since the browser then loads
and runs Plotly's 4.7 MB script before drawing it.

``?frame=1`` makes it a two-language multipage NumPy app, as small as such an app can be:
NumPy imported by the script, and a sidebar with a language switch (English, 한국어) and a
link to each of eight pages. Every page of the app is at least that, so this is the floor
of its first views.
"""

import streamlit as st

st.set_page_config(page_title="Reference", layout="wide")
st.title("Reference")
st.markdown("A title, a line of text and a fragment with a slider and two HTML lines.")

if st.query_params.get("frame") == "1":
    import numpy  # noqa: F401 — every page of the app computes with it

    with st.sidebar:
        st.segmented_control("Language", ("English", "한국어"), default="English")
        for k in range(1, 9):
            st.page_link(f"https://example.invalid/page-{k}", label=f"Page {k}", icon=":material/article:")

if st.query_params.get("chart") == "1":
    import numpy as np
    import plotly.graph_objects as go

    k = np.arange(100)
    lines = [go.Scatter(x=k, y=0.5 ** k, name="× 0.5 per step"), go.Scatter(x=k, y=0.95 ** k, name="× 0.95 per step")]
    st.plotly_chart(go.Figure(lines, layout={"title": "A chart", "yaxis_type": "log", "height": 400}))


@st.fragment
def stepper() -> None:
    t = st.slider("Time step", 1, 5, 1, key="t")
    st.html(f'<div class="lstm-diagram"><p>t = {t} </p></div>')
    st.html(f'<div class="prediction"><p>(t = {t})</p></div>')


stepper()
