"""The smallest app that does what /step does on a step change: the yardstick of bench_app.py.

A title, a line of text, and a fragment holding a "Time step" slider and two HTML lines
that follow it (with the markers bench_app.py waits for). Whatever this costs on a
machine, Streamlit itself costs; what /step costs beyond it is the project's own.
"""

import streamlit as st

st.set_page_config(page_title="Reference", layout="wide")
st.title("Reference")
st.markdown("A title, a line of text and a fragment with a slider and two HTML lines.")


@st.fragment
def stepper() -> None:
    t = st.slider("Time step", 1, 5, 1, key="t")
    st.html(f'<div class="lstm-diagram"><p>t = {t} </p></div>')
    st.html(f'<div class="prediction"><p>(t = {t})</p></div>')


stepper()
