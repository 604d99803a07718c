"""The shapes page's settings and numbers: what the URL carries (:data:`STATE`), the
model one :class:`View` describes, and its tensors, parameter count and worked examples,
each computed once per view by ``lstm_viz.shapes`` (which runs ``lstm_core``) and cached.
"""

from __future__ import annotations

import streamlit as st

from lstm_viz import shapes
from ui.params import ChoiceParam, FloatParam, IntParam, Notice
from ui.url_state import PageState

CACHE_ENTRIES = 64
BOOL = ("true", "false")
SIZES = ("input_size", "hidden_size", "num_layers")  # what PyTorch refuses below 1
TORCH_ONLY = ("num_layers", "bias", "batch_first", "dropout", "bidirectional", "batched")
KERAS_ONLY = ("return_sequences", "return_state")
DEFAULT = shapes.Settings(input_size=4, hidden_size=2, batch=3, steps=5)  # the notes' (3, 5, 4) batch, 2 units

View = shapes.Settings  # what every computation of the page depends on


class TenthsParam(FloatParam):
    """A number on a grid of tenths (dropout): 0.3 stays 0.3, not 0.30000000000000004."""

    def snap(self, value: float) -> float:
        return round(value, 1) + 0.0


def _flag(value: bool) -> str:
    return "true" if value else "false"


STATE = PageState("shapes", (
    ChoiceParam("fw", DEFAULT.fw, ("torch", "keras")),
    ChoiceParam("cell", DEFAULT.cell, tuple(shapes.CELLS)),
    IntParam("input_size", DEFAULT.input_size, 1, 64),
    IntParam("hidden_size", DEFAULT.hidden_size, 1, 64),
    IntParam("num_layers", DEFAULT.num_layers, 1, 4),
    ChoiceParam("bias", _flag(DEFAULT.bias), BOOL),
    ChoiceParam("batch_first", _flag(DEFAULT.batch_first), BOOL),
    TenthsParam("dropout", DEFAULT.dropout, 0.0, 0.9, step=0.1),
    ChoiceParam("bidirectional", _flag(DEFAULT.bidirectional), BOOL),
    IntParam("batch", DEFAULT.batch, 1, 16),
    IntParam("steps", DEFAULT.steps, 1, 32),
    ChoiceParam("batched", "batched", ("batched", "unbatched")),
    ChoiceParam("return_sequences", _flag(DEFAULT.return_sequences), BOOL),
    ChoiceParam("return_state", _flag(DEFAULT.return_state), BOOL),
))


def refusals(notices: list[Notice]) -> list[Notice]:
    """A size below 1 from a link is what PyTorch refuses with a ValueError: besides the
    clamp's notice, the page says so."""
    refused = []
    for notice in notices:
        name, raw = notice.values.get("name"), str(notice.values.get("raw", ""))
        if name in SIZES and notice.key == "common.notice_clamped" and raw.lstrip("-").isdigit() and int(raw) < 1:
            refused.append(Notice("shapes.notice_refused", {"name": name, "raw": raw}))
    return refused


def view(state: PageState) -> View:
    """The model the settings describe (for Keras, the torch-only switches do not apply)."""
    s = View(state["fw"], state["cell"], state["input_size"], state["hidden_size"], state["num_layers"],
             state["bias"] == "true", state["batch_first"] == "true", round(float(state["dropout"]), 1),
             state["bidirectional"] == "true", state["batch"], state["steps"], state["batched"] == "batched",
             state["return_sequences"] == "true", state["return_state"] == "true")
    return shapes.for_keras(s) if s.fw == "keras" else s._replace(return_sequences=False, return_state=True)


def framework_messages(v: View) -> list[tuple[str, dict]]:
    """What the framework itself would say about these settings (translated on the page)."""
    if v.fw == "torch" and v.dropout > 0 and v.num_layers == 1:
        return [("shapes.warn_dropout", {"dropout": f"{v.dropout:g}", "num_layers": v.num_layers})]
    return []


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def tensors(v: View) -> tuple[list[shapes.Row], shapes.Count]:
    """The table's rows (shapes read from the run) and the parameter count."""
    return shapes.rows(v), shapes.count(v)


@st.cache_data(max_entries=1, show_spinner=False)
def keras_example() -> dict:
    return shapes.keras_example()


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def concat_example(input_size: int, hidden_size: int) -> dict:
    return shapes.concat_example(DEFAULT._replace(input_size=input_size, hidden_size=hidden_size))


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def stack_example(v: View) -> dict:
    return shapes.stack_example(v)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def bidirectional_example(v: View) -> dict:
    return shapes.bidirectional_example(v)
