r"""The LSTM's equations for one step, with the step's numbers put in (KaTeX).

Each builder returns a LaTeX string for ``st.latex``: the symbolic line first, then the
same line with the current vectors substituted, then the result, so a student reads
the formula and its arithmetic together. Vectors are columns to three decimals; past
``max_rows`` units only the first ones are shown, followed by ⋮. The one piece of user
text, the character read at this step, goes through :func:`lstm_viz.escape.latex_text`
inside ``\text{…}``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lstm_viz import escape

MAX_ROWS = 6
MAX_INPUT = 12  # one-hot entries shown in a row before ⋯
GATE_PRE = {
    "f": r"W_{if}x_t + b_{if} + W_{hf}h_{t-1} + b_{hf}",
    "i": r"W_{ii}x_t + b_{ii} + W_{hi}h_{t-1} + b_{hi}",
    "g": r"W_{ig}x_t + b_{ig} + W_{hg}h_{t-1} + b_{hg}",
    "o": r"W_{io}x_t + b_{io} + W_{ho}h_{t-1} + b_{ho}",
}
ACTIVATION = {"f": r"\sigma", "i": r"\sigma", "g": r"\tanh", "o": r"\sigma"}


def number(x: float, decimals: int = 3) -> str:
    return f"{float(x):.{decimals}f}"


def column(v: np.ndarray, max_rows: int = MAX_ROWS) -> str:
    """A column vector; longer ones end with ⋮ after ``max_rows − 1`` entries."""
    v = np.asarray(v, dtype=float)
    cells = [number(x) for x in v]
    if len(cells) > max_rows:
        cells = [*cells[: max_rows - 1], r"\vdots"]
    return r"\begin{bmatrix}" + r" \\ ".join(cells) + r"\end{bmatrix}"


def rows_shown(H: int, max_rows: int = MAX_ROWS) -> int:
    """How many units the equations show (the page says so when it is not all of them)."""
    return min(H, max_rows) if max_rows >= H else max_rows - 1


def together(*formulas: str) -> str:
    """Several display formulas as one (one KaTeX element renders faster than two)."""
    if len(formulas) == 1:
        return formulas[0]
    return r"\begin{gathered}" + r" \\[10pt] ".join(formulas) + r"\end{gathered}"


def _aligned(*lines: str) -> str:
    return r"\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}"


def input_vector(x: np.ndarray, char: str, layer: int, one_hot_word: str) -> str:
    r"""x_t: the one-hot vector of the character read (layer 1), or the layer below's h_t."""
    if layer > 1:
        return rf"x_t = h_t^{{({layer - 1})}} = {column(x)}"
    x = np.asarray(x, dtype=float)
    cells = [f"{v:.0f}" for v in x[:MAX_INPUT]] + ([r"\cdots"] if len(x) > MAX_INPUT else [])
    label = escape.latex_text(escape.visible_char(char))
    word = escape.latex_text(one_hot_word)
    return (rf"x_t = \text{{{word}}}(\text{{“{label}”}}) = "
            r"\begin{bmatrix}" + " & ".join(cells) + r"\end{bmatrix}^{\top}")


def gate(name: str, step: Mapping[str, np.ndarray]) -> str:
    """f, i, g or o: its definition, then the activation of this step's pre-activation."""
    act = ACTIVATION[name]
    return _aligned(
        rf"{name}_t &= {act}({GATE_PRE[name]})",
        rf"&= {act}\left({column(step['pre_' + name])}\right) = {column(step[name])}",
    )


def update(step: Mapping[str, np.ndarray]) -> str:
    """c_t = f ⊙ c_{t−1} + i ⊙ g with the numbers."""
    f, c_prev, i, g = (column(step[k]) for k in ("f", "c_prev", "i", "g"))
    return _aligned(
        r"c_t &= f_t \odot c_{t-1} + i_t \odot g_t",
        rf"&= {f} \odot {c_prev} + {i} \odot {g}",
        rf"&= {column(step['c'])}",
    )


def output(step: Mapping[str, np.ndarray]) -> str:
    """h_t = o ⊙ tanh(c_t) with the numbers."""
    o = column(step["o"])
    return _aligned(
        r"h_t &= o_t \odot \tanh(c_t)",
        rf"&= {o} \odot \tanh\left({column(step['c'])}\right)",
        rf"&= {o} \odot {column(step['tanh_c'])} = {column(step['h'])}",
    )


def wrong_output(step: Mapping[str, np.ndarray]) -> str:
    """The common mistake h = o ⊙ c, computed for the same numbers, struck as wrong."""
    o, c = (np.asarray(step[k], dtype=float) for k in ("o", "c"))
    return rf"o_t \odot c_t = {column(o)} \odot {column(c)} = {column(o * c)} \quad \textcolor{{#B00020}}{{\neq h_t}}"
