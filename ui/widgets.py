"""Small widget helpers the pages share: example chips, a time-step navigator, the
share-link box (with the link for a class), and sections drawn only while open.

Each works on a session-state key that the page owns (usually a setting of its
:class:`ui.url_state.PageState`), and changes it only in callbacks, which run before the
next script run, so no widget is ever set after it was drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from lstm_viz.i18n import Translator
from ui import presenter
from ui.url_state import PageState


def example_chips(label: str, examples: Sequence[tuple[str, str]], *, key: str,
                  on_pick: Callable[[str], None]) -> None:
    """A row of small buttons, one per example (shown text, value); picking one calls
    ``on_pick(value)`` before the rerun."""
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key=f"{key}_chips"):
        st.caption(label)
        for k, (shown, value) in enumerate(examples):
            st.button(shown, key=f"{key}_chip_{k}", on_click=on_pick, args=(value,), icon=":material/bolt:")


def _current_step(key: str, n_steps: int, delta: int = 0) -> int:
    """The step in ``st.session_state[key]`` (moved by ``delta``), clamped to 1 … n_steps
    (e.g. after the sequence got shorter)."""
    st.session_state[key] = min(max(int(st.session_state.get(key, 1)) + delta, 1), n_steps)
    return st.session_state[key]


STEP_KEYS = ("Left", "Right")  # the navigator's keys (ignored while a text box or the slider has the focus)


def step_navigator(*, key: str, n_steps: int, label: str, previous: str, next_: str,
                   previous_help: str | None = None, next_help: str | None = None) -> int:
    """◀ previous · a slider over steps 1 … n_steps · next ▶ in one row; returns the current step.

    The step lives in ``st.session_state[key]``. With a single step there is nothing to
    slide: the slider is left out and both buttons are disabled. The buttons answer the
    arrow keys ← and → (a teacher projecting the page steps without the mouse); the
    ``*_help`` texts should say so.
    """
    t = _current_step(key, n_steps)
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small", key=f"{key}_navigator"):
        st.button(previous, key=f"{key}_prev", icon=":material/chevron_left:", disabled=t <= 1,
                  shortcut=STEP_KEYS[0], help=previous_help, on_click=_current_step, args=(key, n_steps, -1))
        if n_steps > 1:
            t = int(st.slider(label, 1, n_steps, key=key))
        st.button(next_, key=f"{key}_next", icon=":material/chevron_right:", icon_position="right",
                  disabled=t >= n_steps, shortcut=STEP_KEYS[1], help=next_help, on_click=_current_step,
                  args=(key, n_steps, 1))
    return t


def share_link(label: str, help_text: str, state: PageState) -> None:
    """A button that opens the link reproducing this view, in a code box with a copy button,
    and under it the maker of a link for a class (:func:`class_link`).

    The link is built only while the box is open: it changes with every step, and a code
    box redrawn on every step change would cost the browser more than the step itself.
    """
    tr = Translator(st.session_state["lang"])
    box = st.popover(label, help=help_text, icon=":material/link:", key=f"{state.page_id}_share", on_change="rerun")
    if box.open:
        with box:
            st.code(state.share_url(), language=None, wrap_lines=True)
    Section(tr("common.class_link"), f"{state.page_id}_class_link", lambda: class_link(tr, state),
            ":material/school:").show()


def class_link(tr: Translator, state: PageState) -> None:
    """“A link for my class”: the teacher picks presenter mode and the settings to hide and
    gets the link to this view with them. (In a section, not a popover: a popover at the
    foot of a sidebar opens below the screen's edge at 1280 × 720.)"""
    st.caption(tr("common.class_link_help"))
    options = presenter.controls(state.page_id)
    hidden_now = [name for name in presenter.current().hide if name in options]
    on = st.toggle(tr("common.present"), value=True, key=f"{state.page_id}_class_present")
    hide = st.multiselect(tr("common.class_hide"), options, default=hidden_now,
                          format_func=lambda name: tr.param(state.page_id, name), key=f"{state.page_id}_class_hide",
                          placeholder=tr("common.class_hide_none"))
    st.code(state.share_url(presenter.FrameSettings(on, tuple(hide)).query()), language=None, wrap_lines=True)
    st.caption(tr("common.class_link_caption"))


@dataclass(frozen=True)
class Section:
    """A collapsed section whose content is computed and sent only while it is open.

    The page a reader lands on stays light (no chart is drawn that nobody looks at);
    opening the section reruns the script (or the fragment it sits in) and draws it.
    """

    label: str
    key: str  # session-state key of the expander: True while open
    draw: Callable[[], None]
    icon: str | None = None

    def show(self) -> None:
        box = st.expander(self.label, key=self.key, icon=self.icon, on_change="rerun")
        if box.open:
            with box:
                self.draw()

    @property
    def is_open(self) -> bool:
        return bool(st.session_state.get(self.key))


def sections(*shown: Section) -> None:
    for section in shown:
        section.show()


class FragmentSections:
    """Sections whose content follows a fragment's state (e.g. the current step).

    While one of them is open they sit at the end of the fragment and rerun with it; while
    all are closed they sit right below it and a fragment rerun costs them nothing. Either
    way the reader sees them in the same place. Streamlit can only move an element in or
    out of a fragment in a full run, so closing the last open one reruns the page once.

    Call :meth:`before_fragment` in the full run, :meth:`in_fragment` at the end of the
    fragment, :meth:`after_fragment` right after it.
    """

    def __init__(self, name: str, shown: Sequence[Section]) -> None:
        self.placed_key = f"_{name}_in_fragment"  # where this full run put them
        self.shown = tuple(shown)

    def any_open(self) -> bool:
        return any(section.is_open for section in self.shown)

    def before_fragment(self) -> None:
        st.session_state[self.placed_key] = self.any_open()

    def in_fragment(self) -> None:
        if self.any_open():
            sections(*self.shown)
        elif st.session_state.get(self.placed_key):
            st.rerun(scope="app")  # the last open one was just closed: draw them below the fragment again

    def after_fragment(self) -> None:
        if not st.session_state[self.placed_key]:
            sections(*self.shown)
