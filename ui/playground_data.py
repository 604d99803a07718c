"""The gate playground's settings and numbers: what the URL carries (:data:`STATE`), the
model a :class:`View` describes, and one cached pair of runs per view and gate settings:
the untouched cell and the cell with your gates (``lstm_core.override``).

The input is a signal (numbers, one per time step: input size 1) or a typed text
(one-hot). Weights are random (seeded), trained on the text (``fit_next_char``), or set by
hand: the by-hand sliders exist for one unit reading a signal only, where every gate has
exactly three numbers (input weight, recurrent weight, bias); with a text every input
weight would be one per symbol.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

import numpy as np
import streamlit as st

from lstm_core import LSTM, Vocabulary, fit_next_char, one_hot, split_symbols
from lstm_core.override import GATE_RANGE, GATES, Fixed, run_with_gates
from lstm_viz import playground
from lstm_viz.i18n import Translator
from ui.params import ChoiceParam, FloatParam, IntParam, Notice, TextParam, clean_text
from ui.url_state import PageState

MAX_STEPS = 24  # numbers of a signal, symbols of a text
SIGNAL_BOUND = 4.0  # |x_t| of a signal
WEIGHT_BOUND = 8.0
WEIGHT_STEP, VALUE_STEP = 0.1, 0.05
SIGNALS = {"pulse": "1 0 0 0 0 0 0 0", "two_pulses": "1 0 0 0 -1 0 0 0", "steady": "1 1 1 1 1 1 1 1",
           "alternating": "1 -1 1 -1 1 -1 1 -1"}
WEIGHT_PARTS = ("wx", "wh", "b")  # W_i·, W_h·, b_· of one gate (input size 1, one unit)
# A cell that notices a pulse and keeps it (f ≈ 0.88 always; i and g open on x = 1, shut on 0).
HAND_DEFAULT = {"f": (0.0, 0.0, 2.0), "i": (4.0, 0.0, -2.0), "g": (2.0, 0.0, 0.0), "o": (0.0, 0.0, 1.0)}
VALUE_DEFAULT = {"f": 1.0, "i": 0.0, "g": 1.0, "o": 1.0}
BEFORE = ("model", "0", "1")  # a gate before its first fixed step: the model's value, shut or open


def weight_key(part: str, gate: str) -> str:
    return f"{part}_{gate}"


STATE = PageState("playground", (
    ChoiceParam("input", "signal", ("signal", "text")),
    TextParam("signal", SIGNALS["pulse"], 160),
    TextParam("seq", "hello", MAX_STEPS),
    IntParam("hidden", 1, 1, 4),
    ChoiceParam("weights", "random", ("random", "trained", "hand")),
    IntParam("seed", 0, 0, 9999),
    IntParam("t", 1, 1, MAX_STEPS),
    ChoiceParam("exp", "none", ("none", *playground.EXPERIMENTS)),
    *(param for gate in GATES for param in (
        ChoiceParam(gate, "model", ("model", "fixed")),
        FloatParam(f"{gate}_v", VALUE_DEFAULT[gate], *GATE_RANGE[gate], step=VALUE_STEP),
        IntParam(f"{gate}_from", 1, 1, MAX_STEPS),
        ChoiceParam(f"{gate}_before", "model", BEFORE))),
    *(FloatParam(weight_key(part, gate), HAND_DEFAULT[gate][k], -WEIGHT_BOUND, WEIGHT_BOUND, step=WEIGHT_STEP)
      for gate in GATES for k, part in enumerate(WEIGHT_PARTS)),
))


class View(NamedTuple):
    """What the model and its input depend on; the defaults are the page's first view."""

    kind: str = "signal"
    inputs: tuple = tuple(float(v) for v in SIGNALS["pulse"].split())  # numbers, or the text's symbols
    hidden: int = 1
    seed: int = 0
    weights: str = "random"
    hand: tuple[float, ...] | None = None  # 12 numbers, gates f, i, g, o × (wx, wh, b)


Gates = tuple[tuple[str, float, int, float | None], ...]  # (gate, value, from step, before) of each fixed gate


def parse_signal(raw: str) -> tuple[tuple[float, ...], list[Notice]]:
    """Numbers separated by spaces or commas, each within ±SIGNAL_BOUND, at most MAX_STEPS
    of them; what is not a number is left out, with a notice for each kind of fix."""
    notices: list[Notice] = []
    tokens = [tok for tok in re.split(r"[\s,;]+", raw[:1000]) if tok]
    values, bad = [], []
    for tok in tokens:
        try:
            value = float(tok.replace("−", "-"))
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            values.append(value)
        else:
            bad.append(tok)
    if bad:
        notices.append(Notice("playground.notice_signal_bad", {"raw": " ".join(bad)[:24]}))
    clamped = [min(max(v, -SIGNAL_BOUND), SIGNAL_BOUND) for v in values]
    if clamped != values:
        notices.append(Notice("playground.notice_signal_clamped", {"bound": f"{SIGNAL_BOUND:g}"}))
    if len(clamped) > MAX_STEPS:
        notices.append(Notice("common.notice_truncated", {"length": len(clamped), "max": MAX_STEPS}))
        clamped = clamped[:MAX_STEPS]
    return tuple(v + 0.0 for v in clamped), notices


def signal_text(values: tuple[float, ...]) -> str:
    return " ".join(f"{v:g}" for v in values)


def view(state: PageState, inputs: tuple, notices: list[Notice]) -> View:
    """The model the settings ask for; random weights (with a notice) where the asked ones
    do not apply: trained weights need a text of two symbols or more, weights by hand one
    unit reading a signal."""
    kind, weights = state["input"], state["weights"]
    if weights == "trained" and (kind != "text" or len(inputs) < 2):
        notices.append(Notice("playground.notice_trained_text"))
        weights = "random"
    if weights == "hand" and (kind != "signal" or state["hidden"] != 1):
        notices.append(Notice("playground.notice_hand_only"))
        weights = "random"
    hand = tuple(float(state[weight_key(p, g)]) for g in GATES for p in WEIGHT_PARTS) if weights == "hand" else None
    return View(kind, inputs, state["hidden"], state["seed"], weights, hand)


def gates(state: PageState) -> Gates:
    """The fixed gates, as a hashable key of the cached run."""
    return tuple((g, float(state[f"{g}_v"]), int(state[f"{g}_from"]),
                  None if state[f"{g}_before"] == "model" else float(state[f"{g}_before"]))
                 for g in GATES if state[g] == "fixed")


def overrides(fixed: Gates, T: int) -> dict[str, Fixed]:
    lo_hi = GATE_RANGE
    return {g: Fixed(value, min(start, T), None if before is None else min(max(before, lo_hi[g][0]), lo_hi[g][1]))
            for g, value, start, before in fixed}


def hand_state_dict(hand: tuple[float, ...]) -> dict[str, np.ndarray]:
    """One unit, input size 1: torch's layout (rows i, f, g, o), the bias in ``bias_ih``."""
    by_gate = {g: hand[3 * k:3 * k + 3] for k, g in enumerate(GATES)}
    order = ("i", "f", "g", "o")
    return {"weight_ih_l0": np.array([[by_gate[g][0]] for g in order]),
            "weight_hh_l0": np.array([[by_gate[g][1]] for g in order]),
            "bias_ih_l0": np.array([by_gate[g][2] for g in order]), "bias_hh_l0": np.zeros(4)}


def weights_of(state_dict: dict[str, np.ndarray]) -> dict[str, float]:
    """A one-unit, input-size-1 model's weights as the by-hand sliders' values (rounded to
    their grid and bounded): W_i·, W_h· and b_ih + b_hh of each gate."""
    order = ("i", "f", "g", "o")
    b = state_dict["bias_ih_l0"] + state_dict["bias_hh_l0"]
    out = {}
    for row, g in enumerate(order):
        for part, value in zip(WEIGHT_PARTS, (state_dict["weight_ih_l0"][row, 0], state_dict["weight_hh_l0"][row, 0],
                                              b[row]), strict=True):
            snapped = round(min(max(float(value), -WEIGHT_BOUND), WEIGHT_BOUND) / WEIGHT_STEP) * WEIGHT_STEP
            out[weight_key(part, g)] = round(snapped, 1) + 0.0
    return out


@st.cache_data(max_entries=64, show_spinner=False)
def model(view: View) -> dict:
    """The model's weights (torch's state_dict), its input x (T, I), the step labels, and
    for trained weights the training summary."""
    history = None
    if view.kind == "text":
        text = "".join(view.inputs)
        if view.weights == "trained":
            trained, progress = fit_next_char(text, hidden_size=view.hidden, seed=view.seed)
            vocab, weights = trained.vocab, trained.rnn.state_dict()
            history = {"steps": progress[-1].step, "accuracy": progress[-1].accuracy}
        else:
            vocab = Vocabulary.from_text(text)
            weights = LSTM(len(vocab), view.hidden, seed=view.seed).state_dict()
        x, labels = one_hot(vocab.encode(text), len(vocab)), list(view.inputs)
    else:
        x = np.asarray(view.inputs, dtype=float).reshape(-1, 1)
        labels = [f"{v:g}" for v in view.inputs]
        weights = (hand_state_dict(view.hand) if view.weights == "hand"
                   else LSTM(1, view.hidden, seed=view.seed).state_dict())
    return {"state_dict": weights, "x": x, "labels": labels, "history": history}


@st.cache_data(max_entries=128, show_spinner=False)
def runs(view: View, fixed: Gates) -> dict:
    """The untouched run and the run with the fixed gates, each a dict of (T, H) arrays."""
    m = model(view)
    T = len(m["x"])
    return {"model": run_with_gates(m["state_dict"], m["x"]),
            "played": run_with_gates(m["state_dict"], m["x"], overrides(fixed, T)),
            "labels": m["labels"], "history": m["history"]}


@st.cache_data(max_entries=128, show_spinner=False)
def lines_html(view: View, fixed: Gates, lang: str) -> str:
    """c and h over the steps, both runs, as an SVG picture for ``st.html``: built once per
    run and language (so it does not mark the step, which moves without a rerun of the page)."""
    data = runs(view, fixed)
    tr = Translator(lang)
    return playground.lines_html(data["model"], data["played"], data["labels"], tr, title=tr("playground.lines_title"))


def inputs_of(state: PageState, notices: list[Notice]) -> tuple:
    """The sequence the page reads: the signal's numbers or the text's symbols."""
    if state["input"] == "text":
        return tuple(split_symbols(state["seq"]))
    values, found = parse_signal(state["signal"])
    notices.extend(found)
    return values


def clean_seq(raw: str) -> tuple[str, list[Notice]]:
    return clean_text(raw, MAX_STEPS)
