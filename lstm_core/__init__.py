"""lstm_core: a pure-NumPy LSTM, RNN and GRU with PyTorch's interface.

Traces of every gate, exact gradients and a gradient-flow analysis for teaching.
Imports NumPy only.
"""

from .activations import log_softmax, relu, sigmoid, softmax, tanh
from .gradflow import GradientFlow, gradient_flow
from .recurrent import GRU, LSTM, RNN
from .trace import LayerTrace, Trace

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "GradientFlow",
    "LayerTrace",
    "Trace",
    "gradient_flow",
    "log_softmax",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]

# --- training modules (text, tasks, model, optim, training, persist): append below ---
from .model import CharModel, LossAndGrads
from .optim import SGD, Adam, clip_grad_norm
from .persist import ModelFileError, load_model, save_model
from .tasks import adding_problem, long_range, next_char
from .text import Vocabulary, one_hot, split_symbols
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
    set_memory_gate_bias,
    train,
    train_long_range,
)

__all__ += [
    "DEFAULT_RACE",
    "SGD",
    "Adam",
    "CharModel",
    "LossAndGrads",
    "ModelFileError",
    "Progress",
    "RaceProgress",
    "RaceResult",
    "RaceSettings",
    "Vocabulary",
    "adding_problem",
    "clip_grad_norm",
    "fit_next_char",
    "load_model",
    "long_range",
    "long_range_accuracy",
    "long_range_model",
    "next_char",
    "one_hot",
    "race",
    "save_model",
    "set_memory_gate_bias",
    "split_symbols",
    "train",
    "train_long_range",
]
