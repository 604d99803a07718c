"""The shapes page's content: every tensor of a PyTorch or Keras recurrent layer, read
from a real run of ``lstm_core``, beside the formula that predicts it; the parameter
count; the weight matrices as gate blocks; the same model as code; and the numbers of
the worked examples (the notes' Keras example, the concatenation form, stacking, the
two directions).

:func:`measure` runs the engine and reports what it returned; :func:`rows` puts each of
those shapes beside its formula (symbols as in PyTorch's and Keras's documentation),
evaluated by :func:`evaluate` so that a test can hold the two together for every setting.
"""

from __future__ import annotations

import base64
import html
import re
import warnings
from typing import NamedTuple

import numpy as np

from lstm_core import GRU, LSTM, RNN, sigmoid
from lstm_core.keras import keras_call
from lstm_viz import notation
from lstm_viz.i18n import Translator

CELLS = {"lstm": LSTM, "gru": GRU, "rnn": RNN}
GATE_COUNT = {"lstm": 4, "gru": 3, "rnn": 1}
KERAS_LAYER = {"lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN"}
TORCH_LAYER = {"lstm": "LSTM", "gru": "GRU", "rnn": "RNN"}
SEED = 0  # the weights and the random input of every run

# The gate blocks of a weight matrix in each framework's order, named by each
# framework's letters, and the concept each letter stands for (one colour per concept).
BLOCKS = {
    ("torch", "lstm"): ("i", "f", "g", "o"), ("keras", "lstm"): ("i", "f", "c", "o"),
    ("torch", "gru"): ("r", "z", "n"), ("keras", "gru"): ("z", "r", "h"),
    ("torch", "rnn"): ("h",), ("keras", "rnn"): ("h",),
}
CONCEPT = {("keras", "lstm", "c"): "g", ("keras", "gru", "h"): "n", ("torch", "rnn", "h"): "W",
           ("keras", "rnn", "h"): "W"}
GATE_COLOURS = {  # Okabe–Ito
    "i": "#0072B2", "f": "#D55E00", "g": "#009E73", "o": "#CC79A7",
    "r": "#E69F00", "z": "#56B4E9", "n": "#009E73", "W": "#F0E442",
}
GATE_TERMS = {**notation.GATE_TERMS, **notation.GRU_GATE_TERMS}


class Settings(NamedTuple):
    """One model and its input, as the page's controls describe it (Keras: one layer, one
    direction, with a bias, batch first and batched; the page normalises it so)."""

    fw: str = "torch"  # "torch" or "keras"
    cell: str = "lstm"  # "lstm", "gru", "rnn"
    input_size: int = 4
    hidden_size: int = 3
    num_layers: int = 1
    bias: bool = True
    batch_first: bool = False
    dropout: float = 0.0
    bidirectional: bool = False
    batch: int = 2
    steps: int = 5
    batched: bool = True
    return_sequences: bool = False
    return_state: bool = True


def for_keras(s: Settings) -> Settings:
    """The settings a Keras layer can have: the torch-only switches at their defaults."""
    return s._replace(num_layers=1, bias=True, batch_first=True, dropout=0.0, bidirectional=False, batched=True)


# ------------------------------------------------------------------ the run
def build(s: Settings):
    """The engine's layer for these settings (its dropout warning silenced: the page says it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return CELLS[s.cell](s.input_size, s.hidden_size, num_layers=s.num_layers, bias=s.bias,
                             batch_first=s.batch_first, dropout=s.dropout, bidirectional=s.bidirectional,
                             seed=SEED, init="keras" if s.fw == "keras" else "torch")


def input_array(s: Settings) -> np.ndarray:
    """A random input in the layout the settings ask for."""
    if s.fw == "keras" or (s.batched and s.batch_first):
        shape = (s.batch, s.steps, s.input_size)
    elif s.batched:
        shape = (s.steps, s.batch, s.input_size)
    else:
        shape = (s.steps, s.input_size)
    return np.random.default_rng(SEED).standard_normal(shape)


def measure(s: Settings) -> dict[str, tuple[int, ...]]:
    """Every tensor's shape as the engine takes and returns it, in the table's order.

    PyTorch: ``input``, ``h_0`` (``c_0``), ``output``, ``h_n`` (``c_n``), then the
    ``state_dict`` entries. The initial states are zeros shaped like the final states
    and handed back to the layer, which checks their shape. Keras: ``inputs``,
    ``initial_state`` arrays, what the call returns (``outputs``, ``h``, ``c``), then
    ``kernel``, ``recurrent_kernel``, ``bias`` from the layer's Keras weights.
    """
    layer, x = build(s), input_array(s)
    if s.fw == "keras":
        n_states = 2 if s.cell == "lstm" else 1
        init = [np.zeros((s.batch, s.hidden_size))] * n_states
        returned = keras_call(layer, x, init, return_sequences=s.return_sequences, return_state=s.return_state)
        returned = returned if s.return_state else [returned]
        shapes = {"inputs": x.shape}
        shapes.update({f"initial_state[{k}]": state.shape for k, state in enumerate(init)})
        shapes.update(dict(zip(("outputs", "h", "c"), (a.shape for a in returned), strict=False)))
        names = ("kernel", "recurrent_kernel", "bias")
        shapes.update({name: w.shape for name, w in zip(names, layer.get_keras_weights(), strict=False)})
        return shapes
    _, final = layer(x)
    finals = final if s.cell == "lstm" else (final,)
    zeros = tuple(np.zeros_like(state) for state in finals)
    output, final = layer(x, zeros if s.cell == "lstm" else zeros[0])  # the layer checks h_0's shape
    finals = final if s.cell == "lstm" else (final,)
    shapes = {"input": x.shape}
    shapes.update(dict(zip(("h_0", "c_0"), (z.shape for z in zeros), strict=False)))
    shapes["output"] = output.shape
    shapes.update(dict(zip(("h_n", "c_n"), (a.shape for a in finals), strict=False)))
    shapes.update({name: w.shape for name, w in layer.state_dict().items()})
    return shapes


# ------------------------------------------------------------------ the formulas
def symbols(s: Settings) -> dict[str, int]:
    """The values of the symbols the formulas are written in."""
    if s.fw == "keras":
        return {"batch": s.batch, "timesteps": s.steps, "features": s.input_size, "units": s.hidden_size}
    return {"N": s.batch, "L": s.steps, "H_in": s.input_size, "H_out": s.hidden_size, "H_cell": s.hidden_size,
            "D": 2 if s.bidirectional else 1, "num_layers": s.num_layers}


def evaluate(formula: tuple[str, ...], values: dict[str, int]) -> tuple[int, ...]:
    """``("D·num_layers", "N", "H_out")`` with the symbols' values: each dimension is a
    product of numbers and symbols."""
    def dim(text: str) -> int:
        product = 1
        for factor in text.split("·"):
            product *= int(factor) if factor.isdigit() else values[factor]
        return product
    return tuple(dim(text) for text in formula)


def _times(g: int, symbol: str) -> str:
    return symbol if g == 1 else f"{g}·{symbol}"


def formula(s: Settings, name: str) -> tuple[str, ...]:
    """The documented shape of tensor ``name`` (a key of :func:`measure`)."""
    G = GATE_COUNT[s.cell]
    if s.fw == "keras":
        return {
            "inputs": ("batch", "timesteps", "features"),
            "outputs": ("batch", "timesteps", "units") if s.return_sequences else ("batch", "units"),
            "kernel": ("features", _times(G, "units")),
            "recurrent_kernel": ("units", _times(G, "units")),
            "bias": ("2", "3·units") if s.cell == "gru" else (_times(G, "units"),),
        }.get(name, ("batch", "units"))  # initial_state[k], h, c
    batch = ("N",) if s.batched else ()
    if name == "input":
        return ("N", "L", "H_in") if s.batched and s.batch_first else ("L", *batch, "H_in")
    if name == "output":
        return ("N", "L", "D·H_out") if s.batched and s.batch_first else ("L", *batch, "D·H_out")
    if name in ("h_0", "h_n", "c_0", "c_n"):
        return ("D·num_layers", *batch, "H_cell" if name.startswith("c") else "H_out")
    kind, _, rest = name.partition("_l")
    layer = int(rest.split("_")[0])
    if kind.startswith("bias"):
        return (_times(G, "H_out"),)
    if kind == "weight_hh":
        return (_times(G, "H_out"), "H_out")
    return (_times(G, "H_out"), "H_in" if layer == 0 else "D·H_out")


class Row(NamedTuple):
    name: str
    shape: tuple[int, ...]  # as the run returned it
    formula: tuple[str, ...]
    predicted: tuple[int, ...]  # the formula evaluated
    meaning: str  # i18n key
    values: dict  # its fields
    weight: bool


def _meaning(s: Settings, name: str) -> tuple[str, dict]:
    if s.fw == "keras":
        if name.startswith("initial_state"):
            return f"shapes.meaning_keras_initial_{'c' if name.endswith('[1]') else 'h'}", {}
        if name == "outputs":
            return f"shapes.meaning_keras_outputs_{'seq' if s.return_sequences else 'last'}", {}
        gates = ", ".join(BLOCKS["keras", s.cell])
        bias = "bias_gru" if s.cell == "gru" and name == "bias" else name
        return f"shapes.meaning_keras_{bias}", {"gates": gates}
    if "_l" not in name or name in ("h_n", "c_n"):
        return f"shapes.meaning_{name}", {}
    kind, _, rest = name.partition("_l")
    layer = int(rest.split("_")[0]) + 1
    return f"shapes.meaning_{kind}", {"layer": layer, "gates": ", ".join(BLOCKS["torch", s.cell]),
                                      "reverse": name.endswith("_reverse")}


def rows(s: Settings) -> list[Row]:
    """The table: each tensor the run produced, its shape, its formula and that evaluated."""
    values = symbols(s)
    out = []
    for name, shape in measure(s).items():
        f = formula(s, name)
        key, fields = _meaning(s, name)
        weight = name.startswith(("weight", "bias", "kernel", "recurrent_kernel"))
        out.append(Row(name, tuple(shape), f, evaluate(f, values), key, fields, weight))
    return out


# ------------------------------------------------------------------ parameter count
class Count(NamedTuple):
    total: int  # from the run's arrays
    per_layer: tuple[int, ...]  # layer by layer, both directions together
    per_direction: str  # the formula of one layer and direction, in the framework's terms
    predicted: int  # the formulas, evaluated


def count_formula(s: Settings, layer: int = 0) -> tuple[str, int]:
    """One layer and direction: ``G·H·(I + H) + 2·G·H`` (PyTorch, two biases) or
    ``G·H·(I + H) + G·H`` (Keras, one bias; the GRU's reset_after bias has two rows)."""
    G, H = GATE_COUNT[s.cell], s.hidden_size
    I = s.input_size if layer == 0 else (2 if s.bidirectional else 1) * H  # noqa: E741 (the notes' I)
    biases = 0 if not s.bias else (1 if s.fw == "keras" and s.cell != "gru" else 2)
    text = f"{_times(G, 'H')}·(I + H)" + (f" + {_times(G * biases, 'H')}" if biases else "")
    return text, G * H * (I + H) + biases * G * H


def count(s: Settings) -> Count:
    shapes = {name: shape for name, shape in measure(s).items()
              if name.startswith(("weight", "bias", "kernel", "recurrent_kernel"))}
    per_layer = [0] * s.num_layers
    for name, shape in shapes.items():
        layer = int(name.partition("_l")[2].split("_")[0]) if s.fw == "torch" else 0
        per_layer[layer] += int(np.prod(shape))
    D = 2 if s.bidirectional else 1
    predicted = sum(D * count_formula(s, layer)[1] for layer in range(s.num_layers))
    return Count(sum(per_layer), tuple(per_layer), count_formula(s)[0], predicted)


# ------------------------------------------------------------------ HTML
def shape_text(shape: tuple) -> str:
    """(3, 2) as Python prints it, (12,) for one dimension."""
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def _formula_html(f: tuple[str, ...]) -> str:
    text = html.escape(shape_text(f))
    return re.sub(r"H_(in|out|cell)", r"H<sub>\1</sub>", text)


def table_html(table: list[Row], tr: Translator) -> str:
    """The tensors as one HTML table: name, shape from the run, formula, meaning."""
    head = "".join(f"<th>{html.escape(tr(f'shapes.col_{c}'))}</th>" for c in ("name", "shape", "formula", "meaning"))
    body = []
    for row in table:
        values = dict(row.values)
        if "reverse" in values:
            reverse = values.pop("reverse")
            values["direction"] = tr("shapes.direction_reverse" if reverse else "shapes.direction_forward")
        cls = ' class="weight"' if row.weight else ""
        body.append(f"<tr{cls}><td><code>{html.escape(row.name)}</code></td>"
                    f"<td><code>{shape_text(row.shape)}</code></td><td><code>{_formula_html(row.formula)}</code></td>"
                    f"<td>{html.escape(tr(row.meaning, **values))}</td></tr>")
    return f'<table class="shapes-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def matrix_html(a: np.ndarray, *, max_rows: int = 8, max_cols: int = 8, marks: np.ndarray | None = None) -> str:
    """A small array's numbers as a table (a vector as one row); ``marks`` (bool, same
    shape) puts a class on the cells it marks."""
    a = np.atleast_2d(np.asarray(a, dtype=float))
    m = None if marks is None else np.atleast_2d(marks)
    cells = []
    for r in range(min(a.shape[0], max_rows)):
        row = "".join(f'<td{" class=mark" if m is not None and m[r, c] else ""}>{notation.number(a[r, c])}</td>'
                      for c in range(min(a.shape[1], max_cols)))
        cells.append(f"<tr>{row}{'<td>…</td>' if a.shape[1] > max_cols else ''}</tr>")
    if a.shape[0] > max_rows:
        cells.append("<tr><td>⋮</td></tr>")
    return f'<div class="wide"><table class="numbers">{"".join(cells)}</table></div>'


def labelled_rows_html(rows: list[tuple[str, np.ndarray]], max_cols: int = 12) -> str:
    """Vectors one per row, each after its label (code), in one table: columns line up."""
    body = "".join(f"<tr><th><code>{html.escape(label)}</code></th>"
                   + "".join(f"<td>{notation.number(v)}</td>" for v in np.ravel(a)[:max_cols])
                   + ("<td>…</td>" if np.size(a) > max_cols else "") + "</tr>" for label, a in rows)
    return f'<div class="wide"><table class="numbers">{body}</table></div>'


def bool_html(equal: np.ndarray) -> str:
    """Element by element True / False, as NumPy prints ``a == b``."""
    equal = np.atleast_2d(equal)
    body = "".join("<tr>" + "".join(f'<td class="{"yes" if v else "no"}">{v}</td>' for v in row) + "</tr>"
                   for row in equal.tolist())
    return f'<div class="wide"><table class="numbers">{body}</table></div>'


# ------------------------------------------------------------------ the weight picture
def _block_colour(fw: str, cell: str, letter: str) -> str:
    return GATE_COLOURS[CONCEPT.get((fw, cell, letter), letter)]


def legend_html(s: Settings, tr: Translator) -> str:
    """One swatch per gate, named by the framework's letter and the glossary's term."""
    items = []
    for letter in BLOCKS[s.fw, s.cell]:
        concept = CONCEPT.get((s.fw, s.cell, letter), letter)
        name = tr.term(GATE_TERMS[concept]) if concept in GATE_TERMS else tr("shapes.rnn_block")
        items.append(f'<span class="swatch gate-{concept}"></span>'
                     f"<b>{letter}</b> {html.escape(name)}")
    return '<p class="gate-legend">' + " &nbsp; ".join(items) + "</p>"


def _matrix_svg(x: float, y: float, w: float, h: float, blocks: tuple[str, ...], colours: list[str], *,
                by_rows: bool, label: str, dims: str) -> str:
    parts = []
    n = len(blocks)
    for k, (letter, colour) in enumerate(zip(blocks, colours, strict=True)):
        bx, by = (x, y + k * h / n) if by_rows else (x + k * w / n, y)
        bw, bh = (w, h / n) if by_rows else (w / n, h)
        parts.append(f'<rect x="{bx:.1f}" y="{by:.1f}" width="{bw:.1f}" height="{bh:.1f}" fill="{colour}" '
                     f'fill-opacity="0.8" stroke="#ffffff" stroke-width="1"/>')
        if min(bw, bh) >= 12:
            parts.append(f'<text x="{bx + bw / 2:.1f}" y="{by + bh / 2 + 5:.1f}" text-anchor="middle" '
                         f'font-size="14" font-weight="600">{letter}</text>')
    parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="none" stroke="#31333F"/>')
    parts.append(f'<text x="{x + w / 2:.1f}" y="{y - 22:.1f}" text-anchor="middle" font-size="13" '
                 f'font-family="monospace">{html.escape(label)}</text>')
    parts.append(f'<text x="{x + w / 2:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-size="12" '
                 f'fill="#555555">{html.escape(dims)}</text>')
    return "".join(parts)


def weight_svg(s: Settings, tr: Translator) -> str:
    """Layer 1's weights (forward direction) drawn to scale, gate blocks coloured: PyTorch
    stacks the gates as row blocks of (G·H, ·) matrices, Keras as column blocks of
    (·, G·H) ones."""
    G, H, I = GATE_COUNT[s.cell], s.hidden_size, s.input_size  # noqa: E741
    blocks = BLOCKS[s.fw, s.cell]
    colours = [_block_colour(s.fw, s.cell, letter) for letter in blocks]
    long = 240.0  # the G·H side, in pixels
    unit = long / (G * H)

    def side(n: int) -> float:
        return min(max(n * unit, 14.0), 200.0)

    parts, x, top = [], 10.0, 40.0
    if s.fw == "torch":
        names = ["weight_ih_l0", "weight_hh_l0"] + (["bias_ih_l0", "bias_hh_l0"] if s.bias else [])
        widths = [side(I), side(H)] + ([14.0, 14.0] if s.bias else [])
        dims = [f"({G * H}, {I})", f"({G * H}, {H})"] + [f"({G * H},)"] * (2 if s.bias else 0)
        for name, width, dim in zip(names, widths, dims, strict=True):
            gap = max(width, 8 * len(name) * 0.9)
            parts.append(_matrix_svg(x + (gap - width) / 2, top, width, long, blocks, colours, by_rows=True,
                                     label=name, dims=dim))
            x += gap + 24
        height = top + long + 10
    else:
        shapes = [("kernel", side(I), f"({I}, {G * H})"), ("recurrent_kernel", side(H), f"({H}, {G * H})")]
        bias_rows = 2 if s.cell == "gru" else 1
        shapes.append(("bias", 18.0 * bias_rows, f"({bias_rows}, {G * H})" if bias_rows == 2 else f"({G * H},)"))
        y = top
        for name, height, dim in shapes:
            parts.append(_matrix_svg(x + 130, y, long, height, blocks, colours, by_rows=False, label="", dims=""))
            parts.append(f'<text x="{x + 120}" y="{y + height / 2 - 2:.1f}" text-anchor="end" font-size="13" '
                         f'font-family="monospace">{name}</text>'
                         f'<text x="{x + 120}" y="{y + height / 2 + 14:.1f}" text-anchor="end" font-size="12" '
                         f'fill="#555555">{dim}</text>')
            y += height + 24
        x, height = x + 130 + long + 10, y
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x:.0f} {height:.0f}" width="{x:.0f}" '
           f'height="{height:.0f}" font-family="sans-serif">{"".join(parts)}</svg>')
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt = html.escape(tr("shapes.picture_alt", framework=tr(f"shapes.fw_{s.fw}")))
    return f'<img class="weight-picture" src="{uri}" alt="{alt}" title="{alt}" width="{x:.0f}">'


# ------------------------------------------------------------------ code
def _py(value: bool) -> str:
    return "True" if value else "False"


def torch_code(s: Settings, tr: Translator) -> str:
    """A PyTorch program that builds this layer and prints every shape of the table."""
    cls = TORCH_LAYER[s.cell]
    indent = " " * len(f"rnn = nn.{cls}(")
    args = (f"input_size={s.input_size}, hidden_size={s.hidden_size}, num_layers={s.num_layers},\n"
            f"{indent}bias={_py(s.bias)}, batch_first={_py(s.batch_first)}, dropout={s.dropout:g}, "
            f"bidirectional={_py(s.bidirectional)}")
    x_shape = evaluate(formula(s, "input"), symbols(s))
    h_shape = evaluate(formula(s, "h_0"), symbols(s))
    lstm = s.cell == "lstm"
    lines = [
        f"# {tr('shapes.code_torch_title')}",
        "import torch",
        "from torch import nn",
        "",
        f"rnn = nn.{cls}({args})",
        f"x = torch.randn{shape_text(x_shape)}  # {shape_text(formula(s, 'input'))}",
        f"h_0 = torch.zeros{shape_text(h_shape)}",
    ]
    if lstm:
        lines += [f"c_0 = torch.zeros{shape_text(h_shape)}", "output, (h_n, c_n) = rnn(x, (h_0, c_0))"]
    else:
        lines.append("output, h_n = rnn(x, h_0)")
    names = ("x", "h_0", "c_0", "output", "h_n", "c_n") if lstm else ("x", "h_0", "output", "h_n")
    return _program(lines, {"input" if n == "x" else n: n for n in names},
                    ("for name, p in rnn.named_parameters():", "    print(name, tuple(p.shape))"),
                    "sum(p.numel() for p in rnn.parameters())")


def _program(lines: list[str], shown: dict[str, str], weights: tuple[str, str], parameters: str) -> str:
    """``lines``, then a print of each array's shape (label → variable), of every weight,
    and of the parameter count."""
    lines = lines + [f'print("{label}", tuple({name}.shape))' for label, name in shown.items()]
    return "\n".join([*lines, *weights, f'print("parameters", {parameters})']) + "\n"


def keras_code(s: Settings, tr: Translator) -> str:
    """A Keras 3 program that builds this layer and prints every shape of the table."""
    cls = KERAS_LAYER[s.cell]
    returned = ["outputs"] + (["h", "c"] if s.cell == "lstm" else ["h"]) if s.return_state else ["outputs"]
    states = "[h_0, c_0]" if s.cell == "lstm" else "[h_0]"
    lines = [
        f"# {tr('shapes.code_keras_title')}",
        "import numpy as np",
        "import keras",
        "",
        f"layer = keras.layers.{cls}(units={s.hidden_size}, return_sequences={_py(s.return_sequences)},\n"
        f"{' ' * len(f'layer = keras.layers.{cls}(')}return_state={_py(s.return_state)})",
        f"x = np.random.randn({s.batch}, {s.steps}, {s.input_size}).astype('float32')"
        "  # (batch, timesteps, features)",
        f"h_0 = np.zeros(({s.batch}, {s.hidden_size}), 'float32')",
    ]
    if s.cell == "lstm":
        lines.append(f"c_0 = np.zeros(({s.batch}, {s.hidden_size}), 'float32')")
    lines.append(f"{', '.join(returned)} = layer(x, initial_state={states})"
                 if s.return_state else f"outputs = layer(x, initial_state={states})")
    return _program(lines, {"inputs": "x"} | {n: n for n in returned},
                    ("for w in layer.weights:", "    print(w.name, tuple(w.shape))"), "layer.count_params()")


def numpy_code(s: Settings, tr: Translator) -> str:
    """The same with ``lstm_core`` (NumPy only): the run the page's table comes from."""
    cls = TORCH_LAYER[s.cell]
    lines = [f"# {tr('shapes.code_numpy_title')}", "import numpy as np"]
    if s.fw == "keras":
        lines += [f"from lstm_core import {cls}", "from lstm_core.keras import keras_call", "",
                  f'layer = {cls}({s.input_size}, {s.hidden_size}, batch_first=True, init="keras")',
                  f"x = np.random.randn({s.batch}, {s.steps}, {s.input_size})",
                  f"result = keras_call(layer, x, return_sequences={_py(s.return_sequences)}, "
                  f"return_state={_py(s.return_state)})",
                  "for array in (result if isinstance(result, list) else [result]):",
                  "    print(array.shape)",
                  "for w in layer.get_keras_weights():", "    print(w.shape)"]
        return "\n".join(lines) + "\n"
    x_shape = evaluate(formula(s, "input"), symbols(s))
    lines += [f"from lstm_core import {cls}", "",
              f"rnn = {cls}({s.input_size}, {s.hidden_size}, num_layers={s.num_layers}, bias={_py(s.bias)},\n"
              f"{' ' * len(f'rnn = {cls}(')}batch_first={_py(s.batch_first)}, dropout={s.dropout:g}, "
              f"bidirectional={_py(s.bidirectional)})",
              f"x = np.random.randn{shape_text(x_shape)}",
              "output, state = rnn(x)",
              'print("output", output.shape)']
    if s.cell == "lstm":
        lines += ["h_n, c_n = state", 'print("h_n", h_n.shape)', 'print("c_n", c_n.shape)']
    else:
        lines.append('print("h_n", state.shape)')
    lines += ["for name, w in rnn.state_dict().items():", "    print(name, w.shape)"]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ worked examples
NOTES_WORDS = ("hello", "eolll", "lleel")  # the notes' batch of three words over h, e, l, o
NOTES_LETTERS = "helo"


def notes_batch() -> np.ndarray:
    """The notes' (3, 5, 4) one-hot batch: three words, five letters, four symbols."""
    return np.eye(4)[[[NOTES_LETTERS.index(ch) for ch in word] for word in NOTES_WORDS]]


def keras_example() -> dict[str, np.ndarray]:
    """``LSTM(units=2, return_sequences=False, return_state=True)`` on the notes' batch
    (Keras's initialisation, seeded), and the same layer with ``return_sequences=True``;
    with the two equalities the page shows (element by element, and the last step's)."""
    layer = LSTM(4, 2, batch_first=True, init="keras", seed=SEED)
    x = notes_batch()
    outputs, h, c = keras_call(layer, x, return_state=True)
    sequences, h_seq, _ = keras_call(layer, x, return_sequences=True, return_state=True)
    return {"x": x, "outputs": outputs, "h": h, "c": c, "sequences": sequences, "h_seq": h_seq,
            "outputs_is_h": outputs == h, "last_is_h": bool(np.array_equal(sequences[:, -1], h_seq))}


def concat_example(s: Settings) -> dict:
    """The notes' one weight over [h_{t−1}, x_t] against PyTorch's two and Keras's two,
    for one LSTM step of layer 1 with these sizes: the same gates either way."""
    I, H = s.input_size, s.hidden_size  # noqa: E741
    layer = LSTM(I, H, seed=SEED)
    w = layer.state_dict()
    rng = np.random.default_rng(SEED)
    x_t, h_prev = rng.standard_normal(I), rng.standard_normal(H)
    W_cat = np.hstack([w["weight_hh_l0"], w["weight_ih_l0"]])  # (4H, H + I), columns h first, as the notes
    b = w["bias_ih_l0"] + w["bias_hh_l0"]
    z_cat = W_cat @ np.concatenate([h_prev, x_t]) + b
    z_split = w["weight_ih_l0"] @ x_t + w["bias_ih_l0"] + w["weight_hh_l0"] @ h_prev + w["bias_hh_l0"]
    kernel, recurrent, bias = layer.get_keras_weights()
    z_keras = x_t @ kernel + h_prev @ recurrent + bias  # columns i, f, c, o: torch's order for the LSTM

    def gates(z: np.ndarray) -> np.ndarray:
        return np.concatenate([sigmoid(z[:2 * H]), np.tanh(z[2 * H:3 * H]), sigmoid(z[3 * H:])])
    return {"W_cat": W_cat.shape, "weight_ih": w["weight_ih_l0"].shape, "weight_hh": w["weight_hh_l0"].shape,
            "kernel": kernel.shape, "recurrent_kernel": recurrent.shape, "per_gate": (H, H + I),
            "gates_cat": gates(z_cat), "gates_split": gates(z_split), "gates_keras": gates(z_keras),
            "diff": float(np.max(np.abs(gates(z_cat) - gates(z_split)))),
            "diff_keras": float(np.max(np.abs(gates(z_keras) - gates(z_split))))}


STACK_DROPOUT = 0.5  # the stacking example's dropout when the page's is 0


def stack_example(s: Settings) -> dict:
    """Two stacked layers: layer 1's h_t sequence is layer 2's input — the same numbers in
    eval mode; in training mode dropout zeroes some and scales the rest by 1/(1 − p)."""
    p = s.dropout if s.dropout > 0 else STACK_DROPOUT
    layer = CELLS[s.cell](s.input_size, s.hidden_size, num_layers=2, dropout=p, seed=SEED)
    x = np.random.default_rng(SEED).standard_normal((s.steps, s.batch, s.input_size))
    out = {"p": p}
    for mode in ("eval", "train"):
        layer.train(mode == "train")
        _, _, trace = layer(x, return_trace=True)
        h1, x2 = trace[0].h, trace[1].x
        out[mode] = {"h1": h1, "x2": x2, "diff": float(np.max(np.abs(h1 - x2))),
                     "equal": bool(np.array_equal(h1, x2)), "zeroed": int(np.sum((x2 == 0) & (h1 != 0)))}
    out["weight_ih_l1"] = layer.state_dict()["weight_ih_l1"].shape
    return out


def bidirectional_example(s: Settings) -> dict:
    """One bidirectional layer (time-major): output[..., :H] is the forward direction,
    output[..., H:] the backward one, whose last state h_n[-1] is output[0, :, H:]."""
    H = s.hidden_size
    layer = CELLS[s.cell](s.input_size, H, bidirectional=True, seed=SEED)
    x = np.random.default_rng(SEED).standard_normal((s.steps, s.batch, s.input_size))
    output, state = layer(x)
    h_n = state[0] if s.cell == "lstm" else state
    return {"output": output, "h_n": h_n, "H": H,
            "forward_last": output[-1, :, :H], "backward_first": output[0, :, H:], "backward_last": output[-1, :, H:],
            "h_n_forward": h_n[0], "h_n_backward": h_n[-1],
            "forward_equal": bool(np.array_equal(h_n[0], output[-1, :, :H])),
            "backward_equal": bool(np.array_equal(h_n[-1], output[0, :, H:])),
            "backward_last_equal": bool(np.array_equal(h_n[-1], output[-1, :, H:]))}
