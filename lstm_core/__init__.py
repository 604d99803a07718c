"""lstm_core: a pure-NumPy LSTM, RNN and GRU with PyTorch's interface.

Traces of every gate, exact gradients and a gradient-flow analysis for teaching, a
plain reference of each step (:mod:`lstm_core.reference`), and the training the app
runs. Imports NumPy only.
"""

from . import reference
from .activations import log_softmax, relu, sigmoid, softmax, tanh
from .gradflow import GradientFlow, gradient_flow
from .model import CharModel, LossAndGrads
from .optim import SGD, Adam, clip_grad_norm
from .persist import ModelFileError, load_model, save_model
from .recurrent import GRU, LSTM, RNN
from .tasks import adding_problem, long_range, next_char
from .text import Vocabulary, one_hot, split_symbols
from .trace import LayerTrace, Trace
from .training import (
    DEFAULT_RACE,
    Progress,
    RaceProgress,
    RaceResult,
    RaceSettings,
    fit_next_char,
    long_range_accuracy,
    long_range_model,
    race,
    set_forget_bias,
    set_memory_gate_bias,
    set_spectral_norm,
    train,
    train_long_range,
    with_recurrent_scale,
)

__all__ = [  # noqa: RUF022 (grouped by purpose, sorted within each group)
    # layers and traces
    "GRU", "LSTM", "LayerTrace", "RNN", "Trace",
    "log_softmax", "relu", "sigmoid", "softmax", "tanh",
    # reference: the plain equations the layers are tested against
    "reference",
    # analysis
    "GradientFlow", "gradient_flow",
    # data
    "Vocabulary", "adding_problem", "long_range", "next_char", "one_hot", "split_symbols",
    # training
    "SGD", "Adam", "CharModel", "LossAndGrads", "Progress", "clip_grad_norm", "fit_next_char",
    "set_memory_gate_bias", "train",
    # model surgery for the gradient lessons
    "set_forget_bias", "set_spectral_norm", "with_recurrent_scale",
    # the race: RNN vs GRU vs LSTM on the long-range task
    "DEFAULT_RACE", "RaceProgress", "RaceResult", "RaceSettings", "long_range_accuracy",
    "long_range_model", "race", "train_long_range",
    # persistence
    "ModelFileError", "load_model", "save_model",
]
