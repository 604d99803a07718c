"""Glossary (/glossary): one fixed term per concept, Korean, English and symbol side by side,
with a one-line meaning and the other names learners meet; a search box, and
``?term=<concept>`` to open at one entry.

Layout only, as every page (see the README's "How to add a page"): the settings are in
``ui.glossary_data``, the entries and their HTML in ``lstm_viz.glossary``.
"""

import streamlit as st

from lstm_viz import escape
from lstm_viz import glossary as viz
from ui import glossary_data as data
from ui import widgets
from ui.frame import frame, show_notices

tr = frame("glossary")
state = data.STATE
notices = state.restore()
st.title(tr("glossary_page.title"))
st.markdown(tr("glossary_page.intro"))

linked = viz.entry(state["term"]) if state["term"] else None
if linked is not None:
    st.markdown(f"**{tr('glossary_page.linked_heading')}**")
    st.html(viz.linked_html(linked, tr))

st.text_input(tr("glossary_page.search_label"), key=state.key("q"), max_chars=viz.MAX_QUERY,
              placeholder=tr("glossary_page.search_placeholder"), help=tr("glossary_page.search_help"),
              icon=":material/search:")
state.publish()
view = data.view(state, notices)
show_notices(tr, notices, state.page_id)

shown = data.found(view.query)
if shown:
    st.caption(tr("glossary_page.count", shown=len(shown), total=len(viz.entries())))
    st.html(viz.table_html(shown, tr, linked=view.term))
else:
    st.info(tr("glossary_page.no_match", query=escape.markdown(view.query)), icon=":material/search_off:")

with st.sidebar:
    widgets.share_link(tr("common.share_link"), tr("common.share_help"), state)
