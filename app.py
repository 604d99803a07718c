"""LSTM Lab's entry point: ``streamlit run app.py``.

The app itself is ``home.py`` (the home page, URL /) and ``pages/`` (one file per page).
This file only wraps them in an ``st.App`` so that the server can warm itself up: right
after it starts, a background thread imports what the pages use (NumPy, the engine, the
builders) and computes /step's default view while the first visitor's browser is still
loading Streamlit's scripts. Without it, the first visitor after a start waits for those.
"""

import threading
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def _warm_up_in_background(_app):
    from ui.warm_up import warm_up

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    yield


app = st.App("home.py", lifespan=_warm_up_in_background)
