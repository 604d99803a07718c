"""The project's notation, in one place: gate names and their order, symbols, activation
names, derivative bounds, how a number is written, and the fixed LaTeX the pages show.

Every figure, card, sentence and page takes these from here, so a gate is called the same
and a number is written the same (one minus sign, one rounding rule) wherever it appears.
"""

from __future__ import annotations

import math

from lstm_viz.i18n import Translator

# The four stages of one time step in the order the notes teach them (forget, input with
# its candidate, update, output), and the order of torch's weight rows.
GATES = ("f", "i", "g", "o")
TORCH_GATE_ORDER = ("i", "f", "g", "o")
SIGMOID_GATES = ("f", "i", "o")  # on [0, 1]; g, like h and tanh(c), is on [−1, 1]
GATE_ACTIVATION = {"f": "σ", "i": "σ", "g": "tanh", "o": "σ"}
GATE_TERMS = {"f": "forget_gate", "i": "input_gate", "g": "candidate", "o": "output_gate",
              "c": "cell_state", "h": "hidden_state"}
GRU_GATE_TERMS = {"r": "reset_gate", "z": "update_gate", "n": "candidate"}
OVER_TIME = (*GATES, "c", "h")  # what the step page draws over time, in the same order

# A vanilla RNN's φ: its symbol, and the largest value of its derivative (σ' ≤ 1/4 at 0,
# tanh' ≤ 1 at 0, ReLU' = 1 for positive input), the bound behind vanishing gradients.
ACTIVATIONS = ("tanh", "sigmoid", "relu")
ACTIVATION_SYMBOLS = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU"}
MAX_DERIVATIVE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0}

MINUS = "−"  # U+2212, not the hyphen: every negative number the app writes uses it


def number(x: float, decimals: int = 3) -> str:
    """``x`` rounded to ``decimals`` places, with a true minus sign (∞ and NaN spelled out)."""
    x = float(x)
    if not math.isfinite(x):
        return _not_finite(x)
    text = f"{x:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")  # −0.000 reads as a sign where there is none
    return text.replace("-", MINUS)


def percent(x: float) -> str:
    """A share in [0, 1] as a whole percentage, without the % sign (the templates add it)."""
    return f"{100 * float(x):.0f}"


def sci(x: float, digits: int = 3) -> str:
    """Scientific notation for quantities that span many powers of ten (gradients);
    ∞ and NaN mean the computation overflowed."""
    x = float(x)
    if not math.isfinite(x):
        return _not_finite(x)
    return f"{x:.{digits}e}".replace("-", MINUS)


def _not_finite(x: float) -> str:
    return "NaN" if math.isnan(x) else ("∞" if x > 0 else MINUS + "∞")


def gate_term(tr: Translator, name: str) -> str:
    """The glossary word for a gate or state symbol (``f`` → "forget gate")."""
    return tr.term(GATE_TERMS[name])


# ----------------------------------------------------------------- fixed LaTeX (KaTeX)
LSTM_EQUATIONS = r"""
\begin{aligned}
f_t &= \sigma(W_{if}x_t + b_{if} + W_{hf}h_{t-1} + b_{hf}) \\
i_t &= \sigma(W_{ii}x_t + b_{ii} + W_{hi}h_{t-1} + b_{hi}) \\
g_t &= \tanh(W_{ig}x_t + b_{ig} + W_{hg}h_{t-1} + b_{hg}) \\
o_t &= \sigma(W_{io}x_t + b_{io} + W_{ho}h_{t-1} + b_{ho}) \\
c_t &= f_t \odot c_{t-1} + i_t \odot g_t \\
h_t &= o_t \odot \tanh(c_t)
\end{aligned}
"""
RNN_STEP = r"h_t = \varphi\left(W_{ih}\,x_t + W_{hh}\,h_{t-1} + b\right)"
LSTM_STEP = r"c_t = f_t \odot c_{t-1} + i_t \odot g_t,\quad f_t = \sigma\left(W_f\,[x_t, h_{t-1}] + b_f\right)"
RNN_JACOBIAN = (r"\begin{gathered}\frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}\big(\varphi'(a_t)\big)"
                r"\,W_{hh} \\ \Big\lVert \frac{\partial h_t}{\partial h_{t-1}} \Big\rVert_2"
                r" \le \max\varphi' \cdot \lVert W_{hh} \rVert_2\end{gathered}")
LSTM_CELL_PATH = (r"\begin{gathered}\frac{\partial c_t}{\partial c_{t-1}} = \operatorname{diag}(f_t) \\"
                  r"\frac{\partial c_T}{\partial c_t} = \operatorname{diag}\Big(\prod_{s=t+1}^{T} f_s\Big)"
                  r"\end{gathered}")
GRU_STATE = r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}"


def integer_vector(row) -> str:
    """A vector of whole numbers as the notes write it: a one-hot ``[0, 1, 0, 0]``."""
    return "[" + ", ".join(str(int(value)) for value in row) + "]"
