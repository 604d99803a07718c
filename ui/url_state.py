"""Page state that lives in the URL, so a teacher's link reproduces the view.

A page declares its settings once, as a :class:`PageState` over :mod:`ui.params`
parameters, and reads every setting through it: ``state["hidden"]`` is the value,
``state.key("hidden")`` the key of the widget that shows it (``<page>_<param>``). At the
top of a run :meth:`PageState.restore` gives every widget its value: from the link on a
first visit (validated, with notices), from what this session last saw on the page when
it comes back to it, and from the URL again when the browser's Back or Forward button
brought back an earlier URL or a link from another page opened it. After the widgets ran,
:meth:`PageState.publish` writes the values back to the URL. The URL carries canonical values only (``trained``, never a
translated label).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.params import Notice, Param

URL_KEYS = "_url_widget_keys"  # every widget key a page state owns (see ui.frame's language switch)
PAGE_ON_VIEW, PAGE_ENTERED = "_page_on_view", "_page_entered"  # see enter_page
FRAME_QUERY = "_frame_query"  # what links keep of the frame's settings besides the language (ui.presenter)


def history_navigation() -> bool:
    """Whether this run comes from the browser's Back or Forward button: then the URL is an
    earlier view to restore. (Streamlit 1.67 says so only in its script-run context; a URL
    that differs from what the page last wrote is no sign, since a fast second click can
    send its rerun before the first run's URL update has reached the browser.)"""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.is_history_navigation)


def enter_page(page_id: str) -> None:
    """Note whether this run opens the page (from another page, or a first visit) rather than
    reruns it: then a link's settings win over what the session last showed there, also for
    settings without a widget (a widget's own value is dropped when its page is left, theirs
    is not), so that a link from a lesson to "t = 3, the update" shows the update."""
    st.session_state[PAGE_ENTERED] = st.session_state.get(PAGE_ON_VIEW) != page_id
    st.session_state[PAGE_ON_VIEW] = page_id


class PageState:
    """The settings of one page that a link carries, and the widgets that show them."""

    def __init__(self, page_id: str, params: Sequence[Param]) -> None:
        self.page_id = page_id
        self.params = {param.key: param for param in params}

    def key(self, name: str) -> str:
        """The session-state key of the widget that shows setting ``name``."""
        return f"{self.page_id}_{name}"

    def __getitem__(self, name: str) -> Any:
        return st.session_state[self.key(name)]

    def __setitem__(self, name: str, value: Any) -> None:
        """Only before the setting's widget is drawn in this run (or in a callback)."""
        st.session_state[self.key(name)] = value

    @property
    def _memory(self) -> dict[str, Any]:
        """What this session last showed on the page (survives visits to other pages)."""
        return st.session_state.setdefault(f"_memory_{self.page_id}", {})

    @property
    def _from_url(self) -> set[str]:
        """The settings this run took from the URL (a clamp of those is worth a notice)."""
        return st.session_state.setdefault(f"_from_url_{self.page_id}", set())

    def restore(self) -> list[Notice]:
        """Give every setting's widget its value for this run; return what had to be fixed."""
        notices: list[Notice] = []
        from_url = self._from_url
        url_wins = history_navigation() or st.session_state.get(PAGE_ENTERED, False)
        from_url.clear()
        st.session_state.setdefault(URL_KEYS, set()).update(self.key(name) for name in self.params)
        for name, param in self.params.items():
            raw = st.query_params.get(name)
            if self.key(name) in st.session_state and not (url_wins and raw is not None):
                continue  # the widget owns its value
            if raw is None:  # back on the page after a visit elsewhere (or a first visit)
                self[name] = self._memory.get(name, param.default)
                continue
            value, notice = param.parse(raw)
            if notice is not None:
                notices.append(notice)
            self[name] = value
            from_url.add(name)
        return notices

    def clamp(self, name: str, hi: int, notices: list[Notice]) -> int:
        """Keep an integer setting at most ``hi`` (e.g. the step at the sequence's length); if
        the value came from the link, say so in one notice (it replaces any earlier one about
        the same setting)."""
        value = self[name]
        if value > hi and name in self._from_url:
            raw = next((n.values["raw"] for n in notices if n.values.get("name") == name), str(value))
            notices[:] = [n for n in notices if n.values.get("name") != name]
            param = self.params[name]
            notices.append(Notice("common.notice_clamped", {"name": name, "raw": raw, "lo": param.lo, "hi": hi,
                                                            "used": hi}))
        if value > hi:
            self[name] = value = hi
        return value

    def publish(self) -> None:
        """Write the current values to the URL (and remember them for this session).

        Only what changed is sent, in one message: every URL change costs the browser a
        history entry update, and a step change should change ``t`` alone.
        """
        memory, changed = self._memory, {}
        for name, param in self.params.items():
            current = st.session_state.get(self.key(name), param.default)
            memory[name] = current
            text = param.format(current)
            if st.query_params.get(name) != text:
                changed[name] = text
        if changed:
            st.query_params.update(changed)

    def share_url(self, carried: Mapping[str, str] | None = None) -> str:
        """The link that reproduces the current view: the page's URL, the language, the
        frame's settings (``carried``, by default this session's: presenter mode, hidden
        controls) and the page's settings."""
        base = (st.context.url or "").split("?", 1)[0]
        pairs = {"lang": st.session_state.get("lang", "")}
        pairs.update(st.session_state.get(FRAME_QUERY, {}) if carried is None else carried)
        pairs.update({name: param.format(self[name]) for name, param in self.params.items()})
        return f"{base}?{urlencode(pairs)}"
