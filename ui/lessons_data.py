"""The lessons page's settings and numbers: what the URL carries (:data:`STATE`: the lesson
and its screen, so a link reopens the exact screen, and the sequence and seed the lessons'
links open with), and the live numbers a screen quotes (:data:`FACTS`).

A screen's numbers are computed by the linked page's own functions from the settings its
link carries (parsed by that page's own :class:`~ui.url_state.PageState` params and read
by its own ``view``), so a sentence on /lessons says what the student will see there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import streamlit as st

from lstm_core import Vocabulary, one_hot, sigmoid, split_symbols
from lstm_viz import escape, lessons, notation
from lstm_viz import shapes as shape_viz
from lstm_viz.gradient_figures import fraction_at
from lstm_viz.gradient_notes import probe_steps
from lstm_viz.i18n import Translator
from ui import gradients_data, playground_data, shapes_data, step_data
from ui.params import ChoiceParam, IntParam, Notice, TextParam, clean_text
from ui.url_state import PageState

DEFAULT_SEQ = "hello"


@dataclass(frozen=True)
class LessonParam(ChoiceParam):
    """A lesson id; anything else opens the first lesson, with a notice of its own (the list
    of every lesson's title would make too long a notice for a projector)."""

    def parse(self, raw: str) -> tuple[str, Notice | None]:
        value, notice = super().parse(raw)
        if notice is None:
            return value, None
        return value, Notice("lessons.notice_unknown_lesson", {"name": self.key, "raw": notice.values["raw"]})


STATE = PageState("lessons", (
    LessonParam("lesson", lessons.IDS[0], lessons.IDS),
    IntParam("screen", 1, 1, lessons.MAX_SCREENS),
    TextParam("seq", DEFAULT_SEQ, step_data.MAX_SEQUENCE),
    IntParam("seed", 0, 0, 9999),
))
PAGE_STATES = {"step": step_data.STATE, "gradients": gradients_data.STATE, "shapes": shapes_data.STATE,
               "playground": playground_data.STATE}


class View(NamedTuple):
    lesson: str
    screen: int
    seq: str  # at least two symbols: /step trains on it
    seed: int


def view(state: PageState, notices: list[Notice]) -> View:
    """The screen on view, with the sequence as /step will read it from the links (cleaned as
    a link's is); one too short to train on is replaced by "hello" (with a notice)."""
    seq, text_notices = clean_text(state["seq"], step_data.MAX_SEQUENCE)
    notices += text_notices
    if not step_data.trainable(split_symbols(seq)):
        notices.append(Notice("lessons.notice_short_seq", {"used": DEFAULT_SEQ}))
        seq = DEFAULT_SEQ
    return View(state["lesson"], state["screen"], seq, state["seed"])


def link_query(v: View, link: lessons.Link) -> dict[str, str]:
    """The link's settings for the lesson's sequence and seed; the sequence cut to what the
    linked page takes (the playground's 24 symbols), so that the page opens without a notice."""
    seq_param = PAGE_STATES[link.page].params.get("seq")
    seq = v.seq if seq_param is None else clean_text(v.seq, seq_param.max_length)[0]
    return lessons.query(link, seq, v.seed)


class Linked(dict):
    """A linked page's settings as that page's ``view`` reads them: every parameter of its
    STATE, the link's values parsed by the page's own params, the rest at their defaults."""

    def __init__(self, page: str, query: dict[str, str]) -> None:
        self.params = PAGE_STATES[page].params
        super().__init__({name: param.default for name, param in self.params.items()})
        self.update({name: self.params[name].parse(raw)[0] for name, raw in query.items()})


class Facts(NamedTuple):
    key: str  # the i18n key of the sentence
    values: dict[str, Any]  # its fields, besides the lesson's sequence and seed (``seq``, ``seed``)
    table: Any = None  # a one-hot table (pandas DataFrame) to show under it, or None


def _flows(q: dict[str, str]) -> gradients_data.Flows:
    return gradients_data.compute_flows(gradients_data.view(Linked("gradients", q), []))


def _step_layer(q: dict[str, str]) -> dict[str, np.ndarray]:
    """Layer 1 of the run /step shows for a link's query."""
    run = step_data.step_run(step_data.view(Linked("step", q), split_symbols(q["seq"]), []))
    return run["layers"][0]


def shares(v: View, q: dict[str, str], tr: Translator) -> Facts:
    flows, k = _flows(q), probe_steps(int(q["T"]))
    return Facts("lessons.facts_shares", {"k": k, "rnn": tr.term("vanilla_rnn"),
                                          "lstm": tr.term("lstm"),
                                          "rnn_share": notation.sci(fraction_at(flows.cells["rnn"].dh, k)),
                                          "lstm_share": notation.sci(fraction_at(flows.cells["lstm"].dh, k))})


def one_hot_facts(v: View, q: dict[str, str], tr: Translator) -> Facts:
    from lstm_viz import tables  # pandas: imported when this screen is first shown

    symbols, vocab = split_symbols(v.seq), Vocabulary.from_text(v.seq)
    x = one_hot(vocab.encode(v.seq), len(vocab))
    return Facts("lessons.facts_one_hot", {"T": len(symbols), "V": len(vocab)},
                 tables.one_hot_table(symbols, list(vocab.chars), x, tr))


def repeat(v: View, q: dict[str, str], tr: Translator) -> Facts:
    """The input at the linked step, and the other steps that read the same symbol."""
    symbols, vocab = split_symbols(v.seq), Vocabulary.from_text(v.seq)
    t = int(q["t"])
    x = one_hot(vocab.encode(v.seq), len(vocab))
    same = [str(s) for s in range(1, len(symbols) + 1) if symbols[s - 1] == symbols[t - 1] and s != t]
    values = {"t": t, "char": escape.markdown(escape.visible_char(symbols[t - 1])),
              "x": notation.integer_vector(x[t - 1])}
    if same:
        return Facts("lessons.facts_repeat_same", {**values, "others": ", ".join(same)})
    return Facts("lessons.facts_repeat_alone", values)


def memories(v: View, q: dict[str, str], tr: Translator) -> Facts:
    layer = _step_layer(q)
    return Facts("lessons.facts_memories", {"c_max": notation.number(float(np.abs(layer["c"]).max())),
                                            "h_max": notation.number(float(np.abs(layer["h"]).max())),
                                            "T": layer["c"].shape[0]})


REPEAT_STEPS = 50


def repeat_unit(v: View, q: dict[str, str], tr: Translator) -> Facts:
    """The one-unit chart of /gradients' derivatives section, read 50 steps back."""
    dh = gradients_data.repeated_product(int(q["T"]))
    k = REPEAT_STEPS
    return Facts("lessons.facts_repeat_unit", {"k": k, "w": f"{gradients_data.REPEAT_WEIGHT:g}",
                                               **{act: notation.sci(fraction_at(dh[act], k), 1)
                                                  for act in notation.ACTIVATIONS}})


def relu(v: View, q: dict[str, str], tr: Translator) -> Facts:
    rnn = _flows(q).cells["rnn"]
    if rnn.h_overflow is not None:
        return Facts("lessons.facts_relu_overflow", {"t": rnn.h_overflow})
    k = probe_steps(int(q["T"]))
    return Facts("lessons.facts_relu_finite", {"k": k, "share": notation.sci(fraction_at(rnn.dh, k))})


def bound(v: View, q: dict[str, str], tr: Translator) -> Facts:
    flows, k = _flows(q), probe_steps(int(q["T"]))
    b = gradients_data.jacobian_bound(flows, q["act"])
    return Facts("lessons.facts_bound", {"bound": notation.number(b), "k": k, "power": notation.sci(b ** k, 1),
                                         "rnn": tr.term("vanilla_rnn"),
                                         "share": notation.sci(fraction_at(flows.cells["rnn"].dh, k))})


def forget(v: View, q: dict[str, str], tr: Translator) -> Facts:
    flows, k = _flows(q), probe_steps(int(q["T"]))
    f0 = float(sigmoid(float(q["fbias"])))
    lstm = flows.cells["lstm"]
    return Facts("lessons.facts_forget", {"fbias": notation.number(float(q["fbias"]), 1), "f0": notation.number(f0),
                                          "k": k, "f0_k": notation.sci(f0 ** k, 1), "lstm": tr.term("lstm"),
                                          "share": notation.sci(fraction_at(lstm.dh, k)),
                                          "cell_share": notation.sci(fraction_at(lstm.dc, k))})


def shapes(v: View, q: dict[str, str], tr: Translator) -> Facts:
    rows, _ = shapes_data.tensors(shapes_data.view(Linked("shapes", q)))
    shown = {row.name: shape_viz.shape_text(row.shape) for row in rows}
    return Facts("lessons.facts_shapes", {name: shown[name] for name in ("input", "output", "h_n", "c_n")})


def keras(v: View, q: dict[str, str], tr: Translator) -> Facts:
    """The notes' Keras example's shapes (that its outputs equal h, the sentence says: a test checks it)."""
    ex = shapes_data.keras_example()
    return Facts("lessons.facts_keras", {name: shape_viz.shape_text(ex[name].shape)
                                         for name in ("x", "outputs", "h", "c")})


FACTS: dict[str, Callable[[View, dict[str, str], Translator], Facts]] = {
    "shares": shares, "one_hot": one_hot_facts, "repeat": repeat, "memories": memories, "repeat_unit": repeat_unit,
    "relu": relu, "bound": bound, "forget": forget, "shapes": shapes, "keras": keras,
}


@st.cache_data(max_entries=64, show_spinner=False)
def facts(v: View, lang: str) -> Facts | None:
    """The live numbers of the screen on view, in ``lang`` (None if it quotes none)."""
    screen = lessons.lesson(v.lesson).screens[v.screen - 1]
    if screen.facts is None:
        return None
    q = link_query(v, screen.link) if screen.link is not None else {}
    return FACTS[screen.facts](v, q, Translator(lang))
