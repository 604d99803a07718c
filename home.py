"""LSTM Lab's home page (URL /): what the app teaches and a card per page."""

import streamlit as st

from lstm_viz.notation import LSTM_EQUATIONS
from ui.frame import PAGE_PATHS, PAGES, frame
from ui.home import CARD_DIR, CARDS_PER_ROW

tr = frame("home")

st.title(tr("home.title"))
st.markdown(tr.linked("home.intro"), unsafe_allow_html=True)

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(tr("home.equations_title"))
    st.latex(LSTM_EQUATIONS)
    st.caption(tr.linked("home.equations_caption"), unsafe_allow_html=True)
with right:
    st.subheader(tr("home.memory_title"))
    st.markdown(tr.linked("home.memory_text"), unsafe_allow_html=True)
    if st.button(tr("home.start_hello"), type="primary", icon=":material/play_arrow:", key="home_start"):
        st.switch_page(PAGE_PATHS["step"], query_params={"seq": "hello", "t": "1", "lang": tr.lang})

st.subheader(tr("home.pages_title"))
cards = [page for page in PAGES if page.id != "home"]
for row in range(0, len(cards), CARDS_PER_ROW):  # rows of three: wide enough for each page's name
    shown = cards[row:row + CARDS_PER_ROW]
    for column, page in zip(st.columns(CARDS_PER_ROW, gap="medium")[:len(shown)], shown, strict=True):
        with column.container(border=True):
            st.image(str(CARD_DIR / f"{page.id}-{tr.lang}.png"))  # the page's figure in the reader's language
            st.page_link(page.path, label=tr(f"nav.{page.id}"), icon=page.icon, query_params={"lang": tr.lang})
            st.markdown(tr(f"home.card_{page.id}"))
