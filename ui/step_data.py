"""The step page's settings and numbers: what the URL carries (:data:`STATE`), and one
cached forward pass (with training) per :class:`View`.

Everything the page shows comes from :func:`step_run`, keyed by the view (sequence, hidden
size, layers, seed, weights) and cached across sessions, so a step change, a language
switch or a second visitor costs nothing. It returns plain arrays (one layer: (T, H)
each, the batch row squeezed out), ready for the pure builders in ``lstm_viz``.
"""

from __future__ import annotations

import hashlib
import io
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from lstm_core import LSTM, Vocabulary, fit_next_char, load_model, one_hot, split_symbols
from lstm_viz import step_figures
from lstm_viz.diagram import STAGES
from lstm_viz.i18n import Translator
from ui.params import ChoiceParam, IntParam, Notice, TextParam
from ui.url_state import PageState

MAX_SEQUENCE = 64
MAX_HIDDEN = 32  # also /train's bound, so every model trained there opens here
STEP_FIELDS = ("pre_f", "pre_i", "pre_g", "pre_o", "f", "i", "g", "o", "c", "tanh_c", "h", "h_prev", "c_prev", "x")


class View(NamedTuple):
    """The settings one run depends on, in :func:`step_run`'s order; the defaults are the
    view /step opens with (and the one the server computes ahead, see ``ui.warm_up``)."""

    seq: str = "hello"
    hidden: int = 4
    layers: int = 1
    seed: int = 0
    weights: str = "trained"
    model: str = ""  # weights "session": a digest of the session model's file (the cache key)


DEFAULT = View()
STATE = PageState("step", (
    TextParam("seq", DEFAULT.seq, MAX_SEQUENCE),
    IntParam("t", 1, 1, MAX_SEQUENCE),
    IntParam("hidden", DEFAULT.hidden, 1, MAX_HIDDEN),
    IntParam("layers", DEFAULT.layers, 1, 3),
    IntParam("seed", DEFAULT.seed, 0, 9999),
    ChoiceParam("weights", DEFAULT.weights, ("trained", "random", "session")),
    IntParam("layer", 1, 1, 3),  # the layer on view
    ChoiceParam("stage", "all", ("all", *STAGES)),  # one stage of the step on view, or all four
    IntParam("predict", 0, 0, 1),  # 1: predict, then reveal (a new step's numbers wait for the class's guess)
))
PREDICT = "_step_predict"  # session-state key: the steps revealed on the view on show, with each guess
NO_GUESS = -1  # a step revealed with the Reveal button, before anyone guessed


def trainable(symbols: list[str]) -> bool:
    """A next-character model needs at least one (input, next character) pair."""
    return len(symbols) >= 2


SESSION_MODEL = "session_model"  # session-state key: {"text", "file"} of the model /train trained or loaded


def session_model(seq: str) -> bytes | None:
    """The ``.npz`` file of the LSTM this session trained (or uploaded) on /train for ``seq``, if any."""
    kept = st.session_state.get(SESSION_MODEL)
    return kept["file"] if kept is not None and kept["text"] == seq else None


def session_settings(file: bytes, seq: str) -> dict:
    """The settings that open ``file``'s model on this page for ``seq`` (hidden size, layers
    and seed follow the model; the hidden-size slider shows at most its own maximum)."""
    config = load_model(io.BytesIO(file)).config
    hidden = STATE.params["hidden"]
    return {"seq": seq, "t": 1, "weights": "session", "hidden": min(config["hidden_size"], hidden.hi),
            "layers": config["num_layers"], "seed": config["seed"] or 0, "layer": 1}


def view(state: PageState, symbols: list[str], notices: list[Notice]) -> View:
    """The run the page's settings ask for; random weights (with a notice) where a
    sequence is too short to train on; the session's model (with its own sizes)."""
    weights = state["weights"]
    if weights == "session":
        file = session_model(state["seq"])
        config = load_model(io.BytesIO(file)).config
        return View(state["seq"], config["hidden_size"], config["num_layers"], config["seed"] or 0, "session",
                    hashlib.sha256(file).hexdigest())
    if weights == "trained" and not trainable(symbols):
        notices.append(Notice("step.notice_not_trainable"))
        weights = "random"
    return View(state["seq"], state["hidden"], state["layers"], state["seed"], weights)


@st.cache_data(max_entries=64, show_spinner=False)
def step_run(view: View, _file: bytes | None = None) -> dict:
    """Run (and for trained weights, first train) the LSTM the view describes; for
    weights "session", the model in ``_file`` (the view holds its digest, the cache key).

    Returns ``symbols`` (T), ``vocab`` (V), ``x`` (T, V) one-hot, ``layers``: a list of
    {name: (T, H) array} with the trace's fields plus ``h_prev``, ``c_prev`` and the
    layer's input ``x``; ``probs`` (T, V) next-character probabilities or None (random
    weights); ``history`` (steps, final loss, final accuracy) or None.
    """
    seq, hidden, layers, seed, weights, _ = view
    symbols = split_symbols(seq)
    if weights == "session":
        model = load_model(io.BytesIO(_file)).eval()
        lstm, vocab, summary = model.rnn, model.vocab, None
    elif weights == "trained":
        model, history = fit_next_char(seq, hidden_size=hidden, num_layers=layers, cell="lstm", seed=seed)
        lstm, vocab = model.rnn, model.vocab
        summary = {"steps": history[-1].step, "loss": history[-1].loss, "accuracy": history[-1].accuracy}
    else:
        vocab = Vocabulary.from_text(seq)
        lstm, model, summary = LSTM(len(vocab), hidden, num_layers=layers, seed=seed), None, None
    x = one_hot(vocab.encode(seq), len(vocab))
    _, _, trace = lstm(x, return_trace=True)
    run = [{name: np.ascontiguousarray(getattr(layer, name)[:, 0]) for name in STEP_FIELDS} for layer in trace]
    return {
        "symbols": symbols,
        "vocab": list(vocab.chars),
        "x": x,
        "layers": run,
        "probs": None if model is None else model.predict_proba(x),
        "history": summary,
    }


FIGURES = {"heatmaps": (step_figures.over_time_heatmaps, "step.heatmap_title"),
           "lines": (step_figures.state_lines, "step.lines_title"),
           "playback": (step_figures.playback, "step.playback_title")}


@st.cache_resource(max_entries=3 * 64, show_spinner=False)
def figure(name: str, view: View, layer_no: int, lang: str, _file: bytes | None = None) -> go.Figure:
    """One figure of one layer over the whole run (heatmaps, c/h lines or playback), built
    the first time a section shows it, once per run and language.

    None changes with the step; the heatmaps and lines even sit in the step's fragment
    (under its ruler), so a step change must not rebuild them. Shared read-only by every
    session (Streamlit only serialises them).
    """
    run = step_run(view, _file)
    build, title = FIGURES[name]
    tr = Translator(lang)
    return build(run["layers"][layer_no - 1], run["symbols"], tr, c_range=step_figures.c_bound(run["layers"]),
                 title=tr(title, layer=layer_no))


def revealed_steps(view: View, layer_no: int, t: int) -> dict[int, int | None]:
    """Predict, then reveal: the steps of this view and layer whose numbers are on show,
    each with the class's guess: a choice's index, :data:`NO_GUESS`, or None where no question
    was asked (the step the page opened or predicting began on). A new view starts at ``t``."""
    record = st.session_state.get(PREDICT)
    if record is None or record["view"] != (view, layer_no):
        record = st.session_state[PREDICT] = {"view": (view, layer_no), "steps": {t: None}}
    return record["steps"]
