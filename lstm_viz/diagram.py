"""The LSTM cell diagram with the current step's values on it.

Drawn in the conventions of the study notes (colah's): yellow boxes are neural-network
layers (σ or tanh), circles are point-wise operations (×, +, tanh), lines that merge are
concatenated and a line that splits is copied (a dot marks each split). The cell state
runs along the top like a conveyor belt; h_{t−1} and x_t merge at the bottom left and
feed the four layers.

Every vector sits on its wire as a column of coloured cells, in the colour scales of all
the page's figures (gates on [0, 1]; g, h and tanh c on [−1, 1]; c on the run's fixed
range), with three colour legends underneath.

Why an SVG picture and not a Plotly figure: Streamlit's HTML sanitiser removes inline
``<svg>`` (checked in the browser), and a Plotly drawing with ~50 annotations was far
too slow for the browser to redraw at every step. So the SVG is shown as an
``<img>`` (a data URI) and hovering works through transparent ``<div title=…>`` regions
laid over it in percentages, so they scale with the picture: hovering a column shows the
whole vector, hovering a box or a circle what it computes. All text drawn or put in a
tooltip goes through :func:`lstm_viz.escape.html_text`.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import plotly.colors as pc

from lstm_viz import escape, notation, style
from lstm_viz.i18n import Translator
from lstm_viz.step_figures import colour_axis

WIDTH = 680  # the picture's width in SVG units; its height follows from the number of units
# Sizes in SVG units, chosen so that at 1280 px wide (sidebar open) the picture is drawn
# about 1 : 1: every number at 16 (about 15 px on screen), every label at 14 or more.
NUMBER_SIZE, LABEL_SIZE, SYMBOL_SIZE = 16, 14, 18
CELL_Y = 42  # the cell-state belt
GATE_TOP = 116  # unit k of f, i, g and o sits on one line: GATE_TOP + k × cell height
BOX_W, BOX_H = 48, 28
STRIP_W, STRIP_MAX = 48, 104
OP_R = 13
UNIT_X = 94  # the unit numbers, left of the gate columns
IN_X, OUT_X, H_UP_X = 40, 616, 566  # c_{t−1}/h_{t−1} columns; c_t/h_t columns; h_t going up
TANH = (470, 64)
GREY, TEXT, WIRE = "#4A4A4A", "#222222", "#444444"
LAYER_FILL, LAYER_LINE = "#FBE7A1", "#B8860B"  # the notes' yellow boxes
CELL_FILL, CELL_LINE = "#EEF3F8", "#8FA3B8"
STRIPE = "#DDE5EE"  # every other unit's line across the gate columns
# Latin first (a clear decimal point at small sizes), then a Korean font for Hangul glyphs.
FONT = ('Arial, "Helvetica Neue", Helvetica, "Liberation Sans", "DejaVu Sans", "Apple SD Gothic Neo", '
        '"Malgun Gothic", "Nanum Gothic", NanumGothic, sans-serif')
TOKEN_FONT = '"DejaVu Sans Mono", Menlo, Consolas, "Nanum Gothic Coding", monospace'

# Symbols as (base, subscript); drawn with a lowered, smaller subscript.
SYMBOLS = {"x": ("x", "t"), "h_prev": ("h", "t−1"), "c_prev": ("c", "t−1"), "f": ("f", "t"), "i": ("i", "t"),
           "g": ("g", "t"), "o": ("o", "t"), "c": ("c", "t"), "h": ("h", "t"), "tanh_c": ("tanh(c", "t", ")")}
PART_TERMS = {**notation.GATE_TERMS, "c_prev": "cell_state", "h_prev": "hidden_state", "tanh_c": "cell_state"}
# Gate layers: name → (x of its wire and column, activation in its box).
LAYERS = {name: (x, notation.GATE_ACTIVATION[name]) for name, x in (("f", 150), ("i", 232), ("g", 314), ("o", 396))}
OPS = {"forget": (150, CELL_Y, "×"), "write": (314, CELL_Y, "+"), "ig": (314, 82, "×"), "out": (TANH[0], 98, "×")}
STAGES = ("forget", "input", "update", "output")  # the four stages of one step, in order (the notes')
DIM = "0.18"  # the opacity of every part outside the stage on view
GATES_READ = ("forget", "input", "output")  # the stages whose gates read [h_{t−1}, x_t]
# Which stage(s) each column of values belongs to.
COLUMN_STAGES = {"f": ("forget",), "i": ("input",), "g": ("input",), "o": ("output",), "c_prev": ("forget", "update"),
                 "c": ("update",), "tanh_c": ("output",), "h": ("output",), "h_prev": GATES_READ}
OP_STAGES = {"forget": ("forget", "update"), "ig": ("input", "update"), "write": ("update",), "out": ("output",)}
SCALES = {"coloraxis": style.GATE_SCALE, "coloraxis2": style.SIGNED_SCALE, "coloraxis3": style.SIGNED_SCALE}


def cell_height(n: int) -> float:
    """Cells are tall enough for a number up to six units; beyond that the column is fixed."""
    return 22.0 if n <= 4 else (17.0 if n <= 6 else STRIP_MAX / n)


@dataclass(frozen=True)
class Layout:
    """Where the rows of the picture fall for ``H`` units (only the gate columns' height varies)."""

    H: int

    @property
    def cell(self) -> float:
        return cell_height(self.H)

    @property
    def band(self) -> float:  # the height of every column of values
        return self.cell * self.H

    @property
    def box_y(self) -> float:  # centre of the σ / tanh boxes, under the gate columns
        return GATE_TOP + self.band + 10 + BOX_H / 2

    @property
    def term_y(self) -> float:  # the gates' names, under their boxes
        return self.box_y + BOX_H / 2 + 12

    @property
    def bus_y(self) -> float:  # [h_{t−1}, x_t] entering on the left; h_t leaving on the right
        return self.term_y + 18

    @property
    def input_y(self) -> float:  # top of the x_t row, under the cell
        return self.bus_y + 30

    @property
    def legend_y(self) -> float:
        return self.input_y + 38

    @property
    def height(self) -> float:
        return self.legend_y + 40

    def unit_y(self, k: int) -> float:
        """The centre line of unit ``k`` (from 0) across the gate columns."""
        return GATE_TOP + (k + 0.5) * self.cell

    def spans(self) -> dict[str, tuple[float, float, float]]:
        """(centre x, top, bottom) of every column of values."""
        band = self.band
        tops = {name: (x, GATE_TOP) for name, (x, _) in LAYERS.items()}
        tops |= {"c_prev": (IN_X, CELL_Y + 10), "h_prev": (IN_X, self.bus_y - 10 - band),
                 "tanh_c": (TANH[0] + 50, CELL_Y + 10), "c": (OUT_X, CELL_Y + 10), "h": (OUT_X, self.bus_y - 10 - band)}
        return {name: (x, top, top + band) for name, (x, top) in tops.items()}


@dataclass(frozen=True)
class Region:
    """A hover region in canvas units, with its tooltip (plain text, newlines allowed)."""

    x: float
    y: float
    w: float
    h: float
    title: str


@cache
def _scale(name: str) -> tuple:
    return tuple(tuple(stop) for stop in pc.get_colorscale(name))


def _range(axis: str, c_range: float) -> tuple[float, float]:
    return {"coloraxis": style.GATE_RANGE, "coloraxis2": style.UNIT_RANGE}.get(axis, (-c_range, c_range))


def fill_colours(values: np.ndarray, axis: str, c_range: float) -> list[str]:
    """The colour of each value on its colour axis (the same scales and ranges as the figures)."""
    lo, hi = _range(axis, c_range)
    where = np.clip((np.asarray(values, dtype=float) - lo) / (hi - lo), 0.0, 1.0)
    return pc.sample_colorscale([list(stop) for stop in _scale(SCALES[axis])], list(where))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``colour`` ("rgb(r, g, b)", 0–255 each)."""
    channels = [float(c) / 255 for c in colour[colour.index("(") + 1:-1].split(",")]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: float, b: float) -> float:
    """WCAG 2 contrast ratio of two relative luminances (1 to 21)."""
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def ink(colour: str) -> str:
    """Black or white text, whichever has the higher contrast on ``colour``: at least 4.58 : 1
    on any background, above WCAG's 4.5 for normal text (a projector washes colours out)."""
    bright = luminance(colour)
    return "#000000" if contrast(bright, 0.0) >= contrast(bright, 1.0) else "#FFFFFF"


def vector_text(v: np.ndarray, per_line: int = 8) -> str:
    """A whole vector for a tooltip: 3 decimals, ``per_line`` numbers a line."""
    cells = [notation.number(x) for x in np.asarray(v, dtype=float)]
    return "[" + ",\n ".join(", ".join(cells[k:k + per_line]) for k in range(0, len(cells), per_line)) + "]"


def _sub(text: str) -> str:
    return f'<tspan baseline-shift="sub" font-size="72%">{escape.html_text(text)}</tspan>'


def _symbol(name: str) -> str:
    """A symbol as SVG text content: x with a lowered, smaller t."""
    base, sub, *tail = SYMBOLS[name]
    return escape.html_text(base) + _sub(sub) + "".join(f"<tspan>{escape.html_text(t)}</tspan>" for t in tail)


def _plain_symbol(name: str) -> str:
    base, sub, *tail = SYMBOLS[name]
    return f"{base}_{sub}{''.join(tail)}"


def svg_text(x: float, y: float, content: str, size: float = 12, colour: str = TEXT, anchor: str = "middle",
             extra: str = "") -> str:
    """``content`` must already be SVG-safe (escaped text or our own tspans)."""
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" fill="{colour}" text-anchor="{anchor}" '
            f'dominant-baseline="central" {extra}>{content}</text>')


def _halo(colour: str) -> str:
    """Text drawn over a wire gets a halo in the background colour, so it stays readable."""
    return f'paint-order="stroke" stroke="{colour}" stroke-width="5" stroke-linejoin="round"'


def _wire(path: str, arrow: bool = False) -> str:
    end = ' marker-end="url(#arrow)"' if arrow else ""
    return f'<path d="{path}" fill="none" stroke="{WIRE}" stroke-width="2.5"{end}/>'


def _circle(x: float, y: float, r: float, fill: str = "white", stroke: str = WIRE) -> str:
    return f'<circle cx="{x:g}" cy="{y:g}" r="{r:g}" fill="{fill}" stroke="{stroke}" stroke-width="2.5"/>'


class Stager:
    """Tags every part of the picture with the stage(s) it belongs to (``data-stage``) and,
    while one stage is on view, dims the parts of the others (``opacity``); parts with no
    stage (the cell's outline, the unit numbers, the legends) stay as they are."""

    def __init__(self, stage: str | None) -> None:
        self.stage = stage if stage in STAGES else None

    def on(self, stages: Sequence[str]) -> bool:
        return self.stage is None or self.stage in stages

    def __call__(self, stages: Sequence[str], *elements: str) -> list[str]:
        dim = "" if self.on(stages) else f' opacity="{DIM}"'
        mark = f'data-stage="{" ".join(stages)}"{dim}'
        return [re.sub(r"^<(\w+) ", lambda m: f"<{m.group(1)} {mark} ", element, count=1) for element in elements]


def _stripes(lay: Layout) -> list[str]:
    """Every other unit's line across the gate columns, and the units' numbers on its left."""
    x0, x1 = UNIT_X - 12, LAYERS["o"][0] + STRIP_W / 2 + 8
    parts = [f'<rect x="{x0:g}" y="{lay.unit_y(k) - lay.cell / 2:g}" width="{x1 - x0:g}" height="{lay.cell:g}" '
             f'fill="{STRIPE}"/>' for k in range(1, lay.H, 2)]
    numbered = range(lay.H) if lay.cell >= 15 else (0, lay.H - 1)  # many units: the first and the last
    parts += [svg_text(UNIT_X, lay.unit_y(k), str(k + 1), NUMBER_SIZE, GREY,
                    extra=f'font-weight="bold" data-unit-number="{k + 1}"') for k in sorted(set(numbered))]
    return parts


def _skeleton(lay: Layout, spans: Mapping[str, tuple[float, float, float]], staged: Stager) -> list[str]:
    """What does not depend on the numbers: the cell, its wires, layers and operations,
    each tagged with its stage(s) (see :class:`Stager`)."""
    r = OP_R
    fx, ix, gx, ox = (LAYERS[k][0] for k in "figo")
    tx, ty = TANH
    ig_y, out_y = OPS["ig"][1], OPS["out"][1]
    bus, box_top, right = lay.bus_y, lay.box_y - BOX_H / 2, WIDTH - 8

    def gate_wire(name: str, rest: str) -> str:  # the bus → its box; box → its column of values → onwards
        x, top, bottom = spans[name]
        return _wire(f"M {x} {bus:g} V {box_top + BOX_H:g} M {x} {box_top} V {bottom} M {x} {top} {rest}", arrow=True)

    parts = [
        f'<rect x="{UNIT_X - 16}" y="22" width="{tx + 86 - UNIT_X + 16}" height="{bus + 22 - 22:g}" rx="14" '
        f'fill="{CELL_FILL}" stroke="{CELL_LINE}" stroke-width="1.5"/>',
        *_stripes(lay),
        *staged(("forget", "update"), _wire(f"M 8 {CELL_Y} H {fx - r} M {fx + r} {CELL_Y} H {gx - r}")),
        *staged(("update", "output"), _wire(f"M {gx + r} {CELL_Y} H {right}", arrow=True)),
        *staged(GATES_READ, _wire(f"M 8 {bus:g} H {ox}")),
        *staged(("forget",), gate_wire("f", f"V {CELL_Y + r + 2}")),
        *staged(("input",), gate_wire("i", f"V {ig_y} H {gx - r - 2}"), gate_wire("g", f"V {ig_y + r + 2}")),
        *staged(("output",), gate_wire("o", f"V {out_y} H {tx - r - 2}")),
        *staged(("input", "update"), _wire(f"M {gx} {ig_y - r} V {CELL_Y + r + 2}", arrow=True)),
        *staged(("output",), _wire(f"M {tx} {CELL_Y} V {ty - 10} M {tx} {ty + 10} V {out_y - r - 2}", arrow=True),
                _wire(f"M {tx} {out_y + r} V {bus:g} H {right}", arrow=True),
                _wire(f"M {H_UP_X} {bus:g} V 6", arrow=True)),
        *staged(GATES_READ, _wire(f"M {IN_X + 72} {lay.input_y:g} V {bus + 2:g}", arrow=True)),
    ]
    for name, (x, act) in LAYERS.items():
        stages = COLUMN_STAGES[name]
        parts += staged(stages, f'<rect x="{x - BOX_W / 2:g}" y="{box_top:g}" width="{BOX_W}" height="{BOX_H}" '
                                f'fill="{LAYER_FILL}" stroke="{LAYER_LINE}" stroke-width="2" data-box="{name}"/>',
                        svg_text(x, lay.box_y, escape.html_text(act), 15))
    for name, (x, y, op) in OPS.items():
        parts += staged(OP_STAGES[name], _circle(x, y, r).replace("<circle ", f'<circle data-op="{name}" '),
                        svg_text(x, y + 1, op, 17))
    parts += staged(("output",), f'<ellipse cx="{tx}" cy="{ty}" rx="22" ry="10" fill="white" stroke="{WIRE}" '
                                 'stroke-width="2.5" data-op="tanh"/>', svg_text(tx, ty, "tanh", 13))
    for stages, (x, y) in ((GATES_READ, (fx, bus)), (GATES_READ, (ix, bus)), (GATES_READ, (gx, bus)),
                           (("output",), (tx, CELL_Y)), (("output",), (H_UP_X, bus))):
        parts += staged(stages, _circle(x, y, 4, fill=WIRE, stroke="none"))
    parts += staged(("output",), svg_text(H_UP_X + 8, 12, _symbol("h"), SYMBOL_SIZE, anchor="start"))
    return parts


def _rings(lay: Layout, stage: str | None) -> list[str]:
    """The boxes and operations of the stage on view, ringed in the highlight colour."""
    if stage not in STAGES:
        return []
    pad, box_top = 4, lay.box_y - BOX_H / 2
    rings = [f'<rect x="{x - BOX_W / 2 - pad:g}" y="{box_top - pad:g}" width="{BOX_W + 2 * pad}" '
             f'height="{BOX_H + 2 * pad}" rx="4" fill="none" stroke="{style.HIGHLIGHT}" stroke-width="3" '
             f'data-ring="{name}"/>' for name, (x, _) in LAYERS.items() if stage in COLUMN_STAGES[name]]
    rings += [f'<circle cx="{x:g}" cy="{y:g}" r="{OP_R + pad}" fill="none" stroke="{style.HIGHLIGHT}" '
              f'stroke-width="3" data-ring="{name}"/>' for name, (x, y, _) in OPS.items() if stage in OP_STAGES[name]]
    if stage == "output":
        tx, ty = TANH
        rings.append(f'<ellipse cx="{tx}" cy="{ty}" rx="{22 + pad}" ry="{10 + pad}" fill="none" '
                     f'stroke="{style.HIGHLIGHT}" stroke-width="3" data-ring="tanh"/>')
    return rings


def _column(name: str, v: np.ndarray, span: tuple[float, float, float], c_range: float) -> list[str]:
    """One vector as a column of cells; its numbers inside while they fit."""
    x, top, _ = span
    h = cell_height(len(v))
    colours = fill_colours(v, colour_axis(name), c_range)
    few = len(v) <= 6  # few units: a gap and a number in every cell; many: a plain band
    parts = []
    for k, (value, colour) in enumerate(zip(v, colours, strict=True)):
        y = top + k * h
        parts.append(f'<rect x="{x - STRIP_W / 2:g}" y="{y:g}" width="{STRIP_W}" height="{h - (1 if few else 0):g}" '
                     f'fill="{colour}" data-column="{name}" data-unit="{k + 1}"/>')
        if few:
            parts.append(svg_text(x, y + h / 2, notation.number(value, 2), NUMBER_SIZE, ink(colour),
                               extra=f'data-column="{name}" data-unit="{k + 1}"'))
    parts.append(f'<rect x="{x - STRIP_W / 2:g}" y="{top:g}" width="{STRIP_W}" height="{h * len(v):g}" fill="none" '
                 'stroke="#9AA5B1" stroke-width="0.8"/>')
    return parts


def _label(name: str, span: tuple[float, float, float], lay: Layout) -> str:
    """Gate columns are named on their left; tanh c under its column; c above its belt, h below its line."""
    x, top, bottom = span
    if name in LAYERS:
        return svg_text(x - STRIP_W / 2 - 5, (top + bottom) / 2, _symbol(name), SYMBOL_SIZE, anchor="end")
    if name == "tanh_c":
        return svg_text(x, bottom + 13, _symbol(name), 16)
    if name in ("c_prev", "c"):
        return svg_text(x, CELL_Y - 16, _symbol(name), SYMBOL_SIZE)
    return svg_text(x, lay.bus_y + 16, _symbol(name), SYMBOL_SIZE)


def _input(x: np.ndarray, char: str, label: str, axis: str, lay: Layout) -> tuple[list[str], Region]:
    """x_t below the cell: the typed character in a box and its vector as a row of cells
    (numbers in the cells while they fit: 0 and 1, or the layer below's h to 2 decimals)."""
    n = len(x)
    one_hot = axis == "coloraxis"
    need = 22.0 if one_hot else 50.0  # the width a cell's number needs at NUMBER_SIZE
    w = min(need, 330.0 / n)
    y, x0, left = lay.input_y, IN_X + 94, IN_X + 56
    token = escape.html_text(escape.visible_char(char))
    parts = [
        svg_text(left - 6, y + 14, _symbol("x"), SYMBOL_SIZE, anchor="end"),
        f'<rect x="{left}" y="{y:g}" width="32" height="28" rx="4" fill="white" stroke="{TEXT}" stroke-width="1.5"/>',
        svg_text(left + 16, y + 14, token, 18, extra=f'font-weight="bold" font-family=\'{TOKEN_FONT}\''),
        svg_text(x0 + n * w + 8, y + 14, escape.html_text(label), LABEL_SIZE, GREY, anchor="start"),
    ]
    colours = fill_colours(x, axis, 1.0)
    for k, (value, colour) in enumerate(zip(x, colours, strict=True)):
        tag = f'data-column="x" data-unit="{k + 1}"'
        parts.append(f'<rect x="{x0 + k * w:g}" y="{y + 2:g}" width="{w - 1:g}" height="24" fill="{colour}" {tag}/>')
        if w >= need:
            parts.append(svg_text(x0 + (k + 0.5) * w, y + 14, notation.number(value, 0 if one_hot else 2),
                               NUMBER_SIZE, ink(colour), extra=tag))
    region = Region(left, y, x0 - left + n * w, 28, "")
    return parts, region


def _legends(tr: Translator, c_range: float, lay: Layout) -> list[str]:
    """The three colour scales under the drawing, each with its fixed range and what its
    ends mean, so that dark blue reads as "closed" on one and "negative" on the others."""
    parts = []
    y = lay.legend_y
    specs = (("coloraxis", tr("step.scale_gates"), 16, "step.scale_closed", "step.scale_open"),
             ("coloraxis2", tr("step.scale_unit"), 244, "step.scale_negative", "step.scale_positive"),
             ("coloraxis3", tr("step.scale_cell"), 472, "step.scale_negative", "step.scale_positive"))
    for axis, title, x0, low, high in specs:
        lo, hi = _range(axis, c_range)
        stops = "".join(f'<stop offset="{where:g}" stop-color="{colour}"/>' for where, colour in _scale(SCALES[axis]))
        parts += [
            f'<defs><linearGradient id="scale_{axis}">{stops}</linearGradient></defs>',
            svg_text(x0, y, escape.html_text(title), LABEL_SIZE, TEXT, anchor="start", extra='font-weight="bold"'),
            f'<rect x="{x0}" y="{y + 9:g}" width="192" height="11" fill="url(#scale_{axis})"/>',
            svg_text(x0, y + 31, escape.html_text(tr(low, value=notation.number(lo, 0))), LABEL_SIZE, GREY,
                  anchor="start"),
            svg_text(x0 + 192, y + 31, escape.html_text(tr(high, value=notation.number(hi, 0))), LABEL_SIZE, GREY,
                  anchor="end"),
        ]
    return parts


def _op_regions(step: Mapping[str, np.ndarray], tr: Translator, lay: Layout) -> list[Region]:
    """Tooltips of the operations and layers: what each computes, with the numbers."""
    f, i, g, o, c_prev, tanh_c = (np.asarray(step[k], dtype=float) for k in ("f", "i", "g", "o", "c_prev", "tanh_c"))
    product = tr.term("element_wise_product")
    texts = {
        OPS["forget"][:2]: f"f_t ⊙ c_t−1 ({product})\n{vector_text(f * c_prev)}",
        OPS["ig"][:2]: f"i_t ⊙ g_t ({product})\n{vector_text(i * g)}",
        OPS["write"][:2]: f"c_t = f_t ⊙ c_t−1 + i_t ⊙ g_t\n{vector_text(step['c'])}",
        OPS["out"][:2]: f"h_t = o_t ⊙ tanh(c_t) ({product})\n{vector_text(o * tanh_c)}",
        TANH: f"tanh(c_t)\n{vector_text(tanh_c)}",
    }
    regions = [Region(x - 16, y - 16 if y > 16 else 0, 32, 32, text) for (x, y), text in texts.items()]
    for name, (x, act) in LAYERS.items():
        regions.append(Region(x - BOX_W / 2, lay.box_y - BOX_H / 2, BOX_W, BOX_H,
                              f"{name}_t = {act}(z_{name}) · {notation.gate_term(tr, name)}\n"
                              f"z_{name} = {vector_text(step['pre_' + name])}\n{name}_t = {vector_text(step[name])}"))
    return regions


def _fixed_marks(fixed: Collection[str], label: str, lay: Layout,
                 spans: Mapping[str, tuple[float, float, float]]) -> list[str]:
    """A gate fixed by hand (the playground): its layer box says ``label`` instead of σ /
    tanh (the layer is bypassed), and a dashed ring in the highlight colour surrounds the
    box and its column of values."""
    parts = []
    for name in (n for n in LAYERS if n in fixed):
        x, top, _ = spans[name]
        box_top = lay.box_y - BOX_H / 2
        parts += [
            f'<rect x="{x - BOX_W / 2:g}" y="{box_top:g}" width="{BOX_W}" height="{BOX_H}" fill="#FFFFFF" '
            f'stroke="{style.HIGHLIGHT}" stroke-width="2"/>',
            svg_text(x, lay.box_y, escape.html_text(label), 13, TEXT, extra='font-weight="bold"'),
            f'<rect x="{x - STRIP_W / 2 - 5:g}" y="{top - 5:g}" width="{STRIP_W + 10}" '
            f'height="{box_top + BOX_H + 5 - (top - 5):g}" rx="6" fill="none" stroke="{style.HIGHLIGHT}" '
            f'stroke-width="3" stroke-dasharray="6 3" data-fixed="{name}"/>',
        ]
    return parts


def cell_svg(step: Mapping[str, np.ndarray], tr: Translator, *, char: str, layer: int,
             c_range: float, fixed: Collection[str] = (), fixed_label: str = "",
             input_label: str | None = None, stage: str = "all") -> tuple[str, list[Region]]:
    """The LSTM cell at one step of one layer, as SVG text and its hover regions.

    ``step`` holds the (H,) vectors ``h_prev``, ``c_prev``, ``f``, ``i``, ``g``, ``o``, ``c``,
    ``tanh_c``, ``h``, the pre-activations ``pre_f`` … ``pre_o`` and the layer's input ``x``;
    ``char`` is the typed symbol read at this step; ``layer`` counts from 1. The gates named
    in ``fixed`` (set by hand, not by their layer) are ringed and their boxes say
    ``fixed_label``; ``input_label`` names an input of plain numbers (a signal, drawn on the
    signed scale), in place of the one-hot vector. ``stage`` (one of :data:`STAGES`, or
    "all") puts one stage on view: its boxes and operations ringed, every part of the other
    stages dimmed. The picture is :data:`WIDTH` wide and :func:`size` high.
    """
    lay = Layout(len(step["h"]))
    spans = lay.spans()
    staged = Stager(stage)
    parts = _skeleton(lay, spans, staged) + _fixed_marks(fixed, fixed_label, lay, spans)
    regions = []
    for name, span in spans.items():
        parts += staged(COLUMN_STAGES[name], *_column(name, np.asarray(step[name], dtype=float), span, c_range),
                        _label(name, span, lay))
        term = tr.term(PART_TERMS[name])
        regions.append(Region(span[0] - STRIP_W / 2, span[1], STRIP_W, span[2] - span[1],
                              f"{_plain_symbol(name)} · {term}\n{vector_text(step[name])}"))
    halo = _halo(CELL_FILL)
    for name, (x, _) in LAYERS.items():
        parts += staged(COLUMN_STAGES[name], svg_text(x, lay.term_y, escape.html_text(notation.gate_term(tr, name)),
                                                   LABEL_SIZE, GREY, extra=halo))
    parts.append(svg_text(UNIT_X, GATE_TOP - 12, escape.html_text(tr.term("unit")), LABEL_SIZE - 1, GREY, extra=halo))
    parts.append(svg_text(LAYERS["i"][0], 12, escape.html_text(f"{tr.term('cell_state')} · "
                                                            f"{tr.term('long_term_memory')}"), LABEL_SIZE, GREY))
    concat = (f"[h{_sub('t−1')}<tspan>, x</tspan>{_sub('t')}"
              f"<tspan>] · {escape.html_text(tr.term('concatenation'))}</tspan>")
    parts += staged(GATES_READ, svg_text(LAYERS["g"][0], lay.bus_y + 14, concat, LABEL_SIZE, GREY))
    if input_label is not None:
        label, axis = input_label, "coloraxis2"
    elif layer == 1:
        label, axis = tr.term("one_hot"), "coloraxis"
    else:
        label, axis = tr("step.input_from_below", below=layer - 1), "coloraxis2"
    input_parts, input_region = _input(np.asarray(step["x"], dtype=float), char, label, axis, lay)
    parts += staged(GATES_READ, *input_parts) + _rings(lay, staged.stage) + _legends(tr, c_range, lay)
    shown = escape.visible_char(char)
    regions.append(Region(input_region.x, input_region.y, input_region.w, input_region.h,
                          f"x_t = “{shown}” · {label}\n{vector_text(step['x'])}"))
    regions += _op_regions(step, tr, lay)
    marker = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" '
              f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{WIRE}"/></marker></defs>')
    height = lay.height
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" '
           f'height="{height:g}" font-family=\'{FONT}\'>{marker}{"".join(parts)}</svg>')
    return svg, regions


def size(H: int) -> tuple[float, float]:
    """Width and height of the picture for ``H`` units, in SVG units."""
    return WIDTH, Layout(H).height


def cell_html(step: Mapping[str, np.ndarray], tr: Translator, *, char: str, layer: int, c_range: float,
              title: str, alt: str, fixed: Collection[str] = (), fixed_label: str = "",
              input_label: str | None = None, stage: str = "all") -> str:
    """The diagram for ``st.html``: a title, the SVG as an image, and its hover regions
    (``fixed``, ``fixed_label``, ``input_label``: for the playground; ``stage``: the stage
    on view; see :func:`cell_svg`)."""
    svg, regions = cell_svg(step, tr, char=char, layer=layer, c_range=c_range, fixed=fixed, fixed_label=fixed_label,
                            input_label=input_label, stage=stage)
    return html_figure(svg, regions, title=title, alt=alt, size=size(len(step["h"])))


def html_figure(svg: str, regions: Sequence[Region], *, title: str, alt: str,
                size: tuple[float, float]) -> str:
    """An SVG picture with tooltips that scale with it (``title`` and ``alt`` are escaped here).

    Its width follows its container, up to 1.5 times its own (class ``lstm-diagram`` in
    ``assets/css/lab.css``)."""
    width, height = size
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    hits = "".join(
        f'<div title="{escape.html_text(r.title)}" style="position:absolute;left:{100 * r.x / width:.2f}%;'
        f'top:{100 * r.y / height:.2f}%;width:{100 * r.w / width:.2f}%;height:{100 * r.h / height:.2f}%;'
        'cursor:help"></div>' for r in regions)
    return (f'<div class="lstm-diagram"><p class="diagram-title">{escape.html_text(title)}</p>'
            f'<div class="diagram-picture"><img src="{uri}" alt="{escape.html_text(alt)}">{hits}</div></div>')
