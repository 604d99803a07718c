"""Presenter mode and a teacher's hidden controls: settings of the frame, not of a page.

``present=1`` on any page shows it for a projector: larger type, the sidebar collapsed, a
high-contrast palette (``assets/css/lab.css``, under the class Streamlit gives the container
of the switch that leaves the mode, ``st-key-lab_present``). ``hide=seed,hidden`` hides the
widgets of those settings on every page that has them, by the class Streamlit gives a keyed
widget's container (``st-key-<page>_<name>``). Both are read from the link on a first visit
(with one notice for what had to be ignored) and after the browser's Back or Forward, kept in
the session otherwise, and written back to the URL; page links, share links and glossary
links carry them (:func:`FrameSettings.query`).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache

import streamlit as st

from lstm_viz.i18n import Translator, strings
from ui.params import MAX_RAW_LENGTH, SHOWN_RAW_LENGTH, ChoiceParam, Notice
from ui.url_state import FRAME_QUERY, history_navigation

PRESENT = ChoiceParam("present", "0", ("0", "1"))
HIDE = "hide"
SETTINGS = "_frame_settings"  # this session's FrameSettings
SWITCH = "ui_present"  # the presenter-mode switch
MARK = "lab_present"  # the key of the switch's container in presenter mode: lab.css's presenter class


@dataclass(frozen=True)
class FrameSettings:
    present: bool = False
    hide: tuple[str, ...] = ()  # settings whose widgets are hidden (names as in the URL: "seed")

    def query(self) -> dict[str, str]:
        """What a link carries of them (nothing for the defaults, so ordinary links stay short)."""
        return {**({PRESENT.key: "1"} if self.present else {}), **({HIDE: ",".join(self.hide)} if self.hide else {})}


@cache
def controls(page_id: str) -> tuple[str, ...]:
    """The settings of a page that a link can hide: those with a widget, i.e. a label in
    params.json (``<page>_<name>``), in that file's order."""
    prefix = f"params.{page_id}_"
    return tuple(key.removeprefix(prefix) for key in strings("en") if key.startswith(prefix))


@cache
def hideable() -> frozenset[str]:
    """Every name ``hide=`` may hold: a setting with a widget on some page."""
    return frozenset(key.partition("_")[2] for key in strings("en") if key.startswith("params.") and "_" in key)


def parse_hide(raw: str) -> tuple[tuple[str, ...], Notice | None]:
    """The known names of a comma-separated list, in order and once each; the unknown ones
    named in one notice. Bounded: the raw text is cut, and only known names are kept."""
    names = [name.strip() for name in raw[:MAX_RAW_LENGTH].split(",") if name.strip()]
    known = tuple(dict.fromkeys(name for name in names if name in hideable()))
    unknown = ", ".join(dict.fromkeys(name for name in names if name not in hideable()))
    if not unknown:
        return known, None
    shown = unknown if len(unknown) <= SHOWN_RAW_LENGTH else unknown[:SHOWN_RAW_LENGTH] + "…"
    return known, Notice("common.notice_hide_unknown", {"raw": shown})


def settings() -> tuple[FrameSettings, list[Notice]]:
    """This run's settings: the link's on a first visit and after Back or Forward (an absent
    parameter is the default there), the session's otherwise."""
    known = st.session_state.get(SETTINGS)
    if known is not None and not history_navigation():
        return known, []
    raw_present, raw_hide = st.query_params.get(PRESENT.key), st.query_params.get(HIDE)
    present, present_notice = PRESENT.parse(raw_present) if raw_present is not None else (PRESENT.default, None)
    hide, hide_notice = parse_hide(raw_hide) if raw_hide is not None else ((), None)
    shown = FrameSettings(present == "1", hide)
    st.session_state[SETTINGS] = shown
    return shown, [n for n in (present_notice, hide_notice) if n is not None]


def current() -> FrameSettings:
    """The settings of this run (after :func:`settings` read them)."""
    return st.session_state.get(SETTINGS, FrameSettings())


def publish(shown: FrameSettings) -> None:
    """Keep the URL (and what share links read, ``url_state.FRAME_QUERY``) in step with the settings."""
    query = shown.query()
    st.session_state[FRAME_QUERY] = query
    for name in (PRESENT.key, HIDE):
        if name in query and st.query_params.get(name) != query[name]:
            st.query_params[name] = query[name]
        elif name not in query and name in st.query_params:
            del st.query_params[name]


def hide_controls(page_id: str, hide: tuple[str, ...]) -> None:
    """Hide the widgets of the page's settings named in ``hide`` (the names are checked
    against :func:`hideable`, so no URL text reaches the style)."""
    mine = [name for name in hide if name in controls(page_id)]
    if mine:
        selectors = ", ".join(f".st-key-{page_id}_{name}" for name in mine)
        st.html(f"<style>{selectors} {{ display: none; }}</style>")


def _on_switch() -> None:
    st.session_state[SETTINGS] = FrameSettings(bool(st.session_state[SWITCH]), st.session_state[SETTINGS].hide)


def switch(tr: Translator, shown: FrameSettings) -> None:
    """The presenter-mode switch: in the sidebar while the mode is off, a small one over the
    page's top right corner while it is on (the way out; its container marks the mode)."""
    st.session_state[SWITCH] = shown.present
    with st.container(key=MARK) if shown.present else nullcontext():
        st.toggle(tr("common.present"), key=SWITCH, help=tr("common.present_help"), on_change=_on_switch)
