"""The LSTM's equations for one step, with the step's numbers put in (HTML for ``st.html``).

Each builder returns HTML: the symbolic line first, then the same line with the current
vectors substituted, then the result, so a student reads the formula and its arithmetic
together. Vectors are bracketed columns to three decimals; past ``max_rows`` units only
the first ones are shown, followed by ⋮.

They are typeset with HTML and CSS rather than KaTeX because they change at every step:
the browser lays these boxes out far faster than KaTeX typesets the same six blocks of
matrices (docs/performance.md has the measurement).
The look lives in ``assets/css/lab.css`` (loaded once per page), so the HTML is classes
and text: a vector is one element whatever its length, its brackets drawn by CSS. The
one piece of user text, the character read at this step, is HTML-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

from lstm_viz import escape, notation

MAX_ROWS = 6
MAX_INPUT = 12  # one-hot entries shown in a row before ⋯
GATE_PRE = {name: f"W_i{name} x_t + b_i{name} + W_h{name} h_t−1 + b_h{name}" for name in notation.GATES}
_SUBSCRIPTED = re.compile(r"([A-Za-z])_([A-Za-z0-9−]+)")


def symbols(formula: str) -> str:
    """Plain formula text to HTML: ``W_if`` → italic W with subscript "if"; the rest as written."""
    return _SUBSCRIPTED.sub(r"<i>\1</i><sub>\2</sub>", formula)


def column(v: np.ndarray, max_rows: int = MAX_ROWS) -> str:
    """A column vector in square brackets, one entry a line; longer ones end with ⋮ after
    ``max_rows − 1`` entries. One element and one text node, whatever its length."""
    cells = [notation.number(x) for x in np.asarray(v, dtype=float)]
    if len(cells) > max_rows:
        cells = [*cells[: max_rows - 1], "⋮"]
    entries = "\n".join(cells)
    return f'<span class="vec">{entries}</span>'


def _call(function: str, argument: str) -> str:
    """σ(…) or tanh(…) around a vector, the parentheses as tall as the vector."""
    return f'{symbols(function)}<span class="paren">{argument}</span>'


def rows_shown(H: int, max_rows: int = MAX_ROWS) -> int:
    """How many units the equations show (the page says so when it is not all of them)."""
    return min(H, max_rows) if max_rows >= H else max_rows - 1


def _line(*parts: str) -> str:
    """One line of a formula; each part is one box of the line's flex row."""
    boxes = "".join(p if p.startswith("<span") else f"<span>{p}</span>" for p in parts)
    return f'<div class="eq-line">{boxes}</div>'


def aligned(lhs: str, *lines: list[str]) -> str:
    """Lines of one formula aligned on their "=": ``lhs`` left of the first line only."""
    cells = []
    for k, parts in enumerate(lines):
        cells.append(f'<div class="eq-lhs">{symbols(lhs) if k == 0 else ""}</div>')
        cells.append(_line("=", *parts))
    return f'<div class="eq">{"".join(cells)}</div>'


def together(*formulas: str) -> str:
    """One block of display formulas (in the math font, scrolling sideways if too wide:
    class ``equations`` of ``assets/css/lab.css``)."""
    return f'<div class="equations">{"".join(formulas)}</div>'


def input_vector(x: np.ndarray, char: str, layer: int, one_hot_word: str) -> str:
    """x_t: the one-hot vector of the character read (layer 1), or the layer below's h_t."""
    if layer > 1:
        return aligned("x_t", [f"<i>h</i><sub><i>t</i></sub><sup>({layer - 1})</sup>", "=", column(x)])
    x = np.asarray(x, dtype=float)
    cells = [f"{v:.0f}" for v in x[:MAX_INPUT]] + (["⋯"] if len(x) > MAX_INPUT else [])
    row = f'<span class="vec row">{" ".join(cells)}</span>'
    label = escape.html_text(escape.visible_char(char))
    word = escape.html_text(one_hot_word)
    return aligned("x_t", [f"{word}(“{label}”)", "=", f"{row}<sup>⊤</sup>"])


def gate(name: str, step: Mapping[str, np.ndarray]) -> str:
    """f, i, g or o: its definition, then the activation of this step's pre-activation."""
    act = notation.GATE_ACTIVATION[name]
    return aligned(f"{name}_t",
                    [f"{symbols(act)}({symbols(GATE_PRE[name])})"],
                    [_call(act, column(step["pre_" + name])), "=", column(step[name])])


def _named(vector: str, name: str) -> str:
    """A vector with its name under it (e.g. the two products of the update)."""
    return f'<span class="named">{vector}<span class="vec-name">{symbols(name)}</span></span>'


def update(step: Mapping[str, np.ndarray]) -> str:
    """c_t = f ⊙ c_{t−1} + i ⊙ g with the numbers: the two products as vectors of their
    own (what is kept, what is written), then their sum."""
    f, c_prev, i, g = (np.asarray(step[k], dtype=float) for k in ("f", "c_prev", "i", "g"))
    return aligned("c_t",
                    [symbols("f_t ⊙ c_t−1 + i_t ⊙ g_t")],
                    [column(f), "⊙", column(c_prev), "+", column(i), "⊙", column(g)],
                    [_named(column(f * c_prev), "f_t ⊙ c_t−1"), "+", _named(column(i * g), "i_t ⊙ g_t")],
                    [column(step["c"])])


def output(step: Mapping[str, np.ndarray]) -> str:
    """h_t = o ⊙ tanh(c_t) with the numbers."""
    o = column(step["o"])
    return aligned("h_t",
                    [symbols("o_t ⊙ tanh(c_t)")],
                    [o, "⊙", _call("tanh", column(step["c"]))],
                    [o, "⊙", column(step["tanh_c"]), "=", column(step["h"])])


def wrong_output(step: Mapping[str, np.ndarray]) -> str:
    """The common mistake h = o ⊙ c, computed for the same numbers, struck as wrong."""
    o, c = (np.asarray(step[k], dtype=float) for k in ("o", "c"))
    return aligned("o_t ⊙ c_t",
                    [column(o), "⊙", column(c), "=", column(o * c), f'<span class="wrong">≠ {symbols("h_t")}</span>'])
