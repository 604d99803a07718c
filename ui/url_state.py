"""Page state that lives in the URL, so a teacher's link reproduces the view.

Each widget that a link should carry has a session-state key ``<page>_<param>``. When a
page opens (its widget keys are not in the session yet), :func:`restore` fills them from
the query string (validated, with notices) or from what this session last saw on that
page. After the widgets ran, :func:`publish` writes the values back to the query string,
which Streamlit clears whenever the user switches pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from ui.params import Notice, Param


def widget_key(page_id: str, param: Param) -> str:
    return f"{page_id}_{param.key}"


def _memory(page_id: str) -> dict[str, Any]:
    """What this session last showed on a page (survives visits to other pages)."""
    return st.session_state.setdefault(f"_memory_{page_id}", {})


def restore(page_id: str, params: Sequence[Param]) -> list[Notice]:
    """Give every parameter's widget its value for this run; return what had to be fixed."""
    notices: list[Notice] = []
    memory = _memory(page_id)
    for param in params:
        key = widget_key(page_id, param)
        if key in st.session_state:
            continue  # the widget already owns its value
        raw = st.query_params.get(param.key)
        if raw is None:
            st.session_state[key] = memory.get(param.key, param.default)
            continue
        value, notice = param.parse(raw)
        if notice is not None:
            notices.append(notice)
        st.session_state[key] = value
    return notices


def value(page_id: str, param: Param) -> Any:
    return st.session_state[widget_key(page_id, param)]


def publish(page_id: str, params: Sequence[Param]) -> None:
    """Write the current values to the URL (and remember them for this session).

    Only what changed is sent, in one message: every URL change costs the browser a
    history entry update, and a step change should change ``t`` alone.
    """
    memory = _memory(page_id)
    changed = {}
    for param in params:
        current = st.session_state.get(widget_key(page_id, param), param.default)
        memory[param.key] = current
        if st.query_params.get(param.key) != (text := param.format(current)):
            changed[param.key] = text
    if changed:
        st.query_params.update(changed)


def share_url(params: Sequence[Param], page_id: str) -> str:
    """The link that reproduces the current view (the page's URL plus its parameters)."""
    base = (st.context.url or "").split("?", 1)[0]
    pairs = {"lang": st.session_state.get("lang", "")}
    pairs.update({p.key: p.format(value(page_id, p)) for p in params})
    return f"{base}?{urlencode(pairs)}"
