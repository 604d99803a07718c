"""The RNN vs LSTM page's settings and numbers: what the URL carries (:data:`STATE`), and
what one :class:`View` computes, cached. Every number comes from ``lstm_core``'s
``gradient_flow``; this module only builds the models the view describes (the same input,
hidden size and seed for every cell) and reorders the results by steps back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from lstm_core import (
    DEFAULT_RACE,
    GRU,
    LSTM,
    RNN,
    Vocabulary,
    gradient_flow,
    long_range,
    long_range_model,
    one_hot,
    set_forget_bias,
    set_spectral_norm,
    train_long_range,
    with_recurrent_scale,
)
from lstm_viz import gradient_figures as figs
from lstm_viz.gradient_figures import CellFlow
from lstm_viz.i18n import Translator
from lstm_viz.notation import ACTIVATIONS, MAX_DERIVATIVE
from ui.params import ChoiceParam, FloatParam, IntParam, Notice, TextParam, clean_text
from ui.url_state import PageState

SIGNALS = "ABCD"  # the memory task's symbols to remember …
DISTRACTORS = "wxyz"  # … and the noise between them and the answer
TEXTBOOK_FACTORS = (0.5, 1.0, 2.0)  # W_hh × 0.5, × 1, × 2, as in 밑바닥부터 시작하는 딥러닝 2, ch. 6
# The textbook chart's own ‖W_hh‖₂ for the × 1 curve (random weights): with tanh and the memory
# task, saturation holds the gradient back, so the book's three regimes (vanish, hold,
# explode) appear around 2.5, not around 1 as in the book's linear recurrence.
TEXTBOOK_NORM = 2.5
REPEAT_WEIGHT = 1.5  # the one-unit example: a recurrent weight a little above 1
TRAIN_DELAY = 20  # trained weights: the race's recipe at a delay every cell can learn quickly
CACHE_ENTRIES = 32
SHOWN_SYMBOLS = 40  # how much of the input the caption spells out
MAX_TEXT = 200
SCALE_OPTIONS = (0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0)
FBIAS_STEP = 0.5

STATE = PageState("gradients", (
    ChoiceParam("input", "task", ("task", "text")),
    TextParam("seq", "hello", MAX_TEXT),
    IntParam("T", 100, 5, 200),
    IntParam("hidden", 16, 1, 64),
    IntParam("seed", 0, 0, 9999),
    ChoiceParam("weights", "random", ("random", "trained")),
    ChoiceParam("gru", "off", ("off", "on")),
    ChoiceParam("act", "tanh", ACTIVATIONS),
    FloatParam("scale", 0.9, SCALE_OPTIONS[0], SCALE_OPTIONS[-1], options=SCALE_OPTIONS),
    FloatParam("fbias", 3.0, -3.0, 8.0, step=FBIAS_STEP),
))


class View(NamedTuple):
    """What one computation of the page depends on (the settings as they apply: trained
    weights always read the memory task, and the random-only sliders do not apply to them)."""

    T: int
    hidden: int
    seed: int
    act: str
    scale: float
    fbias: float
    source: str  # "task" or "text"
    text: str
    weights: str  # "random" or "trained"
    gru: bool


def view(state: PageState, notices: list[Notice]) -> View:
    """The view the page's settings ask for; an unusable text is replaced (with a notice)."""
    trained = state["weights"] == "trained"
    source = "task" if trained else state["input"]
    default = state.params["seq"].default
    text, text_notices = clean_text(state["seq"], MAX_TEXT)
    if source == "text" and not text.strip():
        text_notices.append(Notice("gradients.notice_empty_text", {"used": default}))
        text = default
    notices += text_notices
    return View(state["T"], state["hidden"], state["seed"], state["act"], state["scale"], state["fbias"], source,
                text, state["weights"], state["gru"] == "on")


@dataclass(frozen=True)
class Flows:
    """Everything the page draws for one group of settings."""

    cells: dict[str, CellFlow]
    symbols: tuple[str, ...]  # the input, step by step
    sigma_max: float  # the RNN's ‖W_hh‖₂ (largest singular value) as used
    textbook: dict[float, np.ndarray]  # W_hh factor → RNN ‖∂L/∂h_t‖ by steps back
    forget_bias: float  # the LSTM's mean forget-gate bias b_if + b_hf as used
    textbook_norm: float = TEXTBOOK_NORM  # ‖W_hh‖₂ of the textbook's × 1 curve
    rnn_start: np.ndarray | None = None  # trained view: the race's RNN before training, ‖∂L/∂h_t‖


def _by_steps_back(a: np.ndarray | None) -> np.ndarray | None:
    """Time order t = 0 … T−1 → steps back k = 0 … T−1; (T, H) arrays become (H, T)."""
    if a is None:
        return None
    a = np.asarray(a, dtype=float)[::-1]
    return np.ascontiguousarray(a.T if a.ndim == 2 else a)


def cell_flow(model, x: np.ndarray) -> CellFlow:
    """One model's gradient flow for a loss at the last step, as the page draws it."""
    with np.errstate(all="ignore"):  # an exploding ReLU RNN overflows on purpose: ∞/NaN are shown
        gf = gradient_flow(model, x)
        h, _ = model(x)
    finite = np.isfinite(h).all(axis=1)
    return CellFlow(
        cell=gf.kind, dh=_by_steps_back(gf.dh_norm), dx=_by_steps_back(gf.dx_norm),
        dh_units=_by_steps_back(gf.dh), jac=_by_steps_back(gf.jac_h_norm),
        jac_product=_by_steps_back(gf.jac_h_product_norm),
        dc=None if gf.dc is None else _by_steps_back(gf.dc_norm),
        f=_by_steps_back(gf.f), f_product=_by_steps_back(gf.f_cumprod),
        h_overflow=None if finite.all() else int(np.argmin(finite)) + 1,
    )


def make_input(T: int, seed: int, source: str, text: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """The one sequence every cell reads: (T, I) one-hot rows and their symbols.

    ``task``: the race's memory task — a symbol to remember at step 1, then T − 1 random
    distractors. ``text``: the student's text, repeated until it is T steps long.
    """
    if source == "text":
        vocab = Vocabulary.from_text(text)
        k = np.resize(vocab.encode(text), T)
        return one_hot(k, len(vocab)), tuple(vocab.chars[i] for i in k)
    x, _ = long_range(1, T - 1, len(SIGNALS), len(DISTRACTORS), seed=seed)
    names = SIGNALS + DISTRACTORS
    return x[:, 0], tuple(names[i] for i in x[:, 0].argmax(axis=1))


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def trained_weights(cell: str, hidden: int, seed: int, act: str) -> dict[str, np.ndarray]:
    """The recurrent weights of a model trained on the memory task at ``TRAIN_DELAY``,
    exactly as the race trains its models (``DEFAULT_RACE``, with this hidden size)."""
    settings = replace(DEFAULT_RACE, hidden_size=hidden)
    model = long_range_model(cell, seed, settings, nonlinearity=act)
    with np.errstate(all="ignore"):
        for _ in train_long_range(model, TRAIN_DELAY, seed, settings):
            pass
    return model.rnn.state_dict()


def _models(n_in: int, hidden: int, seed: int, act: str, scale: float, fbias: float, weights: str, gru: bool):
    cells = ("rnn", "lstm") + (("gru",) if gru else ())
    if weights == "trained":
        built = {"rnn": RNN(n_in, hidden, nonlinearity=act), "lstm": LSTM(n_in, hidden), "gru": GRU(n_in, hidden)}
        for cell in cells:
            built[cell].load_state_dict(trained_weights(cell, hidden, seed, act))
        return [built[cell] for cell in cells]
    models = [set_spectral_norm(RNN(n_in, hidden, nonlinearity=act, seed=seed), scale),
              set_forget_bias(LSTM(n_in, hidden, seed=seed), fbias)]
    return models + ([GRU(n_in, hidden, seed=seed)] if gru else [])


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def compute_flows(view: View) -> Flows:
    """RNN, LSTM (and GRU) on the same input with the same hidden size and seed.

    Random weights: PyTorch's initialisation, then the RNN's W_hh rescaled to
    ‖W_hh‖₂ = ``scale`` and the LSTM's forget-gate bias set to ``fbias``; the textbook
    curves rescale the same W_hh to ``TEXTBOOK_NORM`` × 0.5, × 1, × 2. Trained
    weights: as learnt on the memory task (``scale`` and ``fbias`` do not apply); the
    textbook curves are the learnt W_hh × 0.5, × 1, × 2, and ``rnn_start`` is the
    race's RNN before training on the same input.
    """
    x, symbols = make_input(view.T, view.seed, view.source, view.text)
    models = _models(x.shape[1], view.hidden, view.seed, view.act, view.scale, view.fbias, view.weights, view.gru)
    cells = {model.mode: cell_flow(model, x) for model in models}
    rnn, lstm = models[0], models[1]
    sigma = float(np.linalg.norm(rnn.state_dict()["weight_hh_l0"], 2))
    rnn_start = None
    if view.weights == "trained":  # the trained RNN as learnt, × 0.5, × 1, × 2
        base, norm = rnn, sigma
        settings = replace(DEFAULT_RACE, hidden_size=view.hidden)
        rnn_start = cell_flow(long_range_model("rnn", view.seed, settings, nonlinearity=view.act).rnn, x).dh
    else:  # the same RNN (seed, φ, input) at the textbook's own ‖W_hh‖₂
        base, norm = set_spectral_norm(with_recurrent_scale(rnn, 1.0), TEXTBOOK_NORM), TEXTBOOK_NORM
    textbook = {factor: cell_flow(with_recurrent_scale(base, factor), x).dh for factor in TEXTBOOK_FACTORS}
    H = lstm.hidden_size
    state = lstm.state_dict()
    forget_bias = float(np.mean(state["bias_ih_l0"][H:2 * H] + state["bias_hh_l0"][H:2 * H]))
    return Flows(cells, symbols, sigma, textbook, forget_bias, norm, rnn_start)


@st.cache_resource(max_entries=CACHE_ENTRIES * 8, show_spinner=False)
def chart(name: str, view: View, lang: str) -> go.Figure:
    """One figure of the page (by chart key) for one view and language.

    Building a Plotly figure costs more than the maths here, so each is built only when a
    section shows it, once, and shared by every session (read-only: Streamlit only
    serialises it); the first view of T = 200 builds one figure, not ten.
    """
    flows = compute_flows(view)
    tr = Translator(lang)
    if name.startswith("units_"):
        return figs.unit_heatmap(flows.cells[name.removeprefix("units_")], tr)
    builders = {
        "reach": lambda: figs.gradient_reach_figure(list(flows.cells.values()), tr),
        "jac_rnn": lambda: figs.jacobian_figure(flows.cells["rnn"], jacobian_bound(flows, view.act), tr),
        "jac_gru": lambda: figs.jacobian_figure(flows.cells["gru"], None, tr),
        "forget": lambda: figs.forget_heatmap(flows.cells["lstm"], tr),
        "forget_product": lambda: figs.forget_product_figure(flows.cells["lstm"], tr),
        "textbook": lambda: figs.textbook_figure(flows.textbook, flows.textbook_norm, flows.cells["lstm"].dh, tr,
                                                 flows.cells["lstm"].dc),
        "activations": lambda: figs.activations_figure(tr),
        "repeat": lambda: figs.repeated_product_figure(repeated_product(view.T), REPEAT_WEIGHT, tr),
    }
    return builders[name]()


def jacobian_bound(flows: Flows, act: str) -> float:
    """‖diag(φ'(a)) W_hh‖₂ ≤ max φ' · ‖W_hh‖₂: no step factor of the RNN can exceed this."""
    return MAX_DERIVATIVE[act] * flows.sigma_max


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def repeated_product(T: int, w: float = REPEAT_WEIGHT) -> dict[str, np.ndarray]:
    """One unit, h_t = φ(w·h_{t−1} + x_t), input 1 at the first step then 0: |∂L/∂h| by
    steps back for each activation — ReLU passes w through unchanged, w^k, and blows up."""
    x = np.zeros((T, 1))
    x[0, 0] = 1.0
    out = {}
    for act in ACTIVATIONS:
        rnn = RNN(1, 1, nonlinearity=act)
        rnn.load_state_dict({"weight_ih_l0": [[1.0]], "weight_hh_l0": [[w]], "bias_ih_l0": [0.0],
                             "bias_hh_l0": [0.0]})
        out[act] = cell_flow(rnn, x).dh
    return out
