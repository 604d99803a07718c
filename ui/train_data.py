"""The training page's settings and numbers: what the URL carries (:data:`STATE`), the
model the session trained or uploaded (:class:`Trained`, in session state), and cached
computations keyed by the model's file bytes (a model is its ``.npz`` file here: the
download, the upload, the copy /step shows and the cache key are the same bytes).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from lstm_core import CharModel, ModelFileError, load_model, save_model, split_symbols
from ui.params import ChoiceParam, FloatParam, IntParam, TextParam
from ui.step_data import MAX_HIDDEN, SESSION_MODEL
from ui.train_jobs import Job, TrainSpec
from ui.url_state import PageState

MAX_TEXT = 64
CELLS = ("lstm", "gru", "rnn")
OPTIMIZERS = ("adam", "sgd")
LEARNING_RATES = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
DEFAULT_TEXT = "the cat sat on the mat"
EXAMPLES = ("the quick brown fox jumps over the lazy dog", "가는 말이 고와야 오는 말이 곱다")
SAMPLE_LENGTH = 60
UPLOAD_LIMIT = 1 * 2**20  # the uploader's own limit (.streamlit/config.toml maxUploadSize = 1 MB)
RESULT = "train_result"  # session-state key of the session's Trained model

STATE = PageState("train", (
    TextParam("text", DEFAULT_TEXT, MAX_TEXT),
    ChoiceParam("cell", "lstm", CELLS),
    IntParam("hidden", 16, 1, MAX_HIDDEN),  # each model trained here opens on /step
    IntParam("layers", 1, 1, 3),
    ChoiceParam("opt", "adam", OPTIMIZERS),
    FloatParam("lr", 0.01, LEARNING_RATES[0], LEARNING_RATES[-1], options=LEARNING_RATES),
    IntParam("steps", 300, 1, 2000),
    IntParam("seed", 0, 0, 9999),
    FloatParam("temp", 1.0, 0.1, 2.0, step=0.1),
))


def spec(state: PageState, compare: bool) -> TrainSpec:
    """What Train trains: the chosen cell, and beside it (compare) a vanilla RNN, or an
    LSTM when the chosen cell is the RNN."""
    cell = state["cell"]
    cells = (cell, "lstm" if cell == "rnn" else "rnn") if compare else (cell,)
    return TrainSpec(state["text"], cells, state["hidden"], state["layers"], state["opt"], float(state["lr"]),
                     state["steps"], state["seed"])


def model_file(model: CharModel) -> bytes:
    buf = io.BytesIO()
    save_model(buf, model)
    return buf.getvalue()


def digest(file: bytes) -> str:
    return hashlib.sha256(file).hexdigest()[:16]


@dataclass(frozen=True)
class Trained:
    """The session's model: the text it was trained on, each cell's ``.npz`` file (the
    first cell's is the one to look inside, download and open on /step), its weights
    before training, and the records of every step (none for an uploaded model)."""

    text: str
    files: dict[str, bytes]
    initial: dict[str, bytes] = field(default_factory=dict)
    records: dict[str, list[tuple[int, float, float]]] = field(default_factory=dict)
    steps: int = 0  # the steps planned (the curves' x range)
    stopped: bool = False
    uploaded: bool = False

    @property
    def cell(self) -> str:
        return next(iter(self.files))

    @property
    def file(self) -> bytes:
        return self.files[self.cell]

    @classmethod
    def from_job(cls, job: Job) -> Trained:
        initial = {}
        for cell, state in job.initial.items():
            model = CharModel.for_vocab(job.models[cell].vocab, job.spec.hidden, num_layers=job.spec.layers,
                                        cell=cell, seed=job.spec.seed)
            model.load_state_dict(state)
            initial[cell] = model_file(model)
        return cls(job.spec.text, {cell: model_file(model) for cell, model in job.models.items()}, initial,
                   {cell: list(rows) for cell, rows in job.records.items()}, job.spec.steps,
                   stopped=job.state == "stopped")


def keep(trained: Trained) -> None:
    """Make ``trained`` the session's model; an LSTM is also offered to /step for its text."""
    st.session_state[RESULT] = trained
    if trained.cell == "lstm":
        st.session_state[SESSION_MODEL] = {"text": trained.text, "file": trained.file}
    else:
        st.session_state.pop(SESSION_MODEL, None)


def upload(data: bytes, text: str) -> str | None:
    """Load an uploaded model file; on success it becomes the session's model (for ``text``)
    and None is returned, else the reason it was refused (nothing in the session changes)."""
    try:
        model = load_model(io.BytesIO(data), max_bytes=UPLOAD_LIMIT)
    except ModelFileError as refused:
        return refused.reason
    if model.vocab is None or model.config["loss_on"] != "all":
        return "config"
    if len(split_symbols(text)) < 2 or model.vocab.unknown(text):
        return "unknown_text"
    keep(Trained(text, {model.config["cell"]: data}, uploaded=True))
    return None


@st.cache_resource(max_entries=16, show_spinner=False)
def load(file: bytes) -> CharModel:
    """The model in a file (shared read-only: only forward passes use it)."""
    return load_model(io.BytesIO(file), max_bytes=UPLOAD_LIMIT)


@st.cache_data(max_entries=32, show_spinner=False)
def inside(file: bytes, text: str) -> dict:
    """What the model does on ``text``: ``symbols``, ``vocab``, ``probs`` (T, V) next-character
    probabilities, and layer 1's trace fields as (T, H) arrays in ``trace``."""
    model = load(file)
    x = model.vocab.one_hot(text)
    _, _, trace = model.rnn(x, return_trace=True)
    layer = trace[0]
    return {"symbols": split_symbols(text), "vocab": list(model.vocab.chars), "probs": model.predict_proba(x),
            "trace": {name: np.ascontiguousarray(getattr(layer, name)[:, 0]) for name in layer.fields},
            "cell": model.config["cell"]}


@st.cache_data(max_entries=64, show_spinner=False)
def sample(file: bytes, text: str, temperature: float, seed: int) -> tuple[str, str]:
    """(greedy, sampled): SAMPLE_LENGTH symbols after the text's first symbol, the most
    likely every time, and drawn at ``temperature`` with ``seed``."""
    model = load(file)
    prefix = split_symbols(text)[0]
    return (model.sample(prefix, SAMPLE_LENGTH, temperature=0.0),
            model.sample(prefix, SAMPLE_LENGTH, temperature=float(temperature), seed=seed))
