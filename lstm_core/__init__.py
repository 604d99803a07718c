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
