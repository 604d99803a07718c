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
``<svg>`` (checked in the browser), and a Plotly drawing with ~50 annotations took the
browser several hundred milliseconds to redraw at every step. So the SVG is shown as an
``<img>`` (a data URI) and hovering works through transparent ``<div title=…>`` regions
laid over it in percentages, so they scale with the picture: hovering a column shows the
whole vector, hovering a box or a circle what it computes. All text drawn or put in a
tooltip goes through :func:`lstm_viz.escape.html_text`.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import plotly.colors as pc

from lstm_viz import escape, notation, style
from lstm_viz.i18n import Translator
from lstm_viz.step_figures import colour_axis

WIDTH, HEIGHT = 660, 545
CELL_Y, BUS_Y, OUT_Y = 60, 365, 420  # the cell-state belt, the concatenated input, the h_t line
BOX_Y, BOX_W, BOX_H = 320, 48, 30
BOX_TOP = BOX_Y - BOX_H / 2
STRIP_W, STRIP_MAX = 44, 104
OP_R = 13
TANH = (510, 115)
GREY, TEXT, WIRE = "#555555", "#222222", "#444444"
LAYER_FILL, LAYER_LINE = "#FBE7A1", "#B8860B"  # the notes' yellow boxes
CELL_FILL, CELL_LINE = "#EEF3F8", "#8FA3B8"
# Latin first (a clear decimal point at small sizes), then a Korean font for Hangul glyphs.
FONT = ('Arial, "Helvetica Neue", Helvetica, "Liberation Sans", "DejaVu Sans", "Apple SD Gothic Neo", '
        '"Malgun Gothic", "Nanum Gothic", NanumGothic, sans-serif')
TOKEN_FONT = '"DejaVu Sans Mono", Menlo, Consolas, "Nanum Gothic Coding", monospace'

# Symbols as (base, subscript); drawn with a lowered, smaller subscript.
SYMBOLS = {"x": ("x", "t"), "h_prev": ("h", "t−1"), "c_prev": ("c", "t−1"), "f": ("f", "t"), "i": ("i", "t"),
           "g": ("g", "t"), "o": ("o", "t"), "c": ("c", "t"), "h": ("h", "t"), "tanh_c": ("tanh(c", "t", ")")}
PART_TERMS = {**notation.GATE_TERMS, "c_prev": "cell_state", "h_prev": "hidden_state", "tanh_c": "cell_state"}
# Gate layers: name → (x of its wire, activation in its box, top of its column of values).
LAYERS = {name: (x, notation.GATE_ACTIVATION[name], top)
          for name, x, top in (("f", 180, 160), ("i", 270, 185), ("g", 345, 185), ("o", 440, 196))}
# Values off the gate wires: name → (centre x, top y; None = just above its line).
STATES = {"c_prev": (38, 75), "h_prev": (38, None), "tanh_c": (470, 76), "c": (622, 75), "h": (622, None)}
OPS = {"forget": (180, CELL_Y, "×"), "write": (345, CELL_Y, "+"), "ig": (345, 150, "×"), "out": (510, 190, "×")}
SCALES = {"coloraxis": style.GATE_SCALE, "coloraxis2": style.SIGNED_SCALE, "coloraxis3": style.SIGNED_SCALE}
LEGEND_Y = 500


@dataclass(frozen=True)
class Region:
    """A hover region in canvas units, with its tooltip (plain text, newlines allowed)."""

    x: float
    y: float
    w: float
    h: float
    title: str


def cell_height(n: int) -> float:
    """Cells are tall enough for a number up to six units; beyond that the column is fixed."""
    return 22.0 if n <= 4 else (17.0 if n <= 6 else STRIP_MAX / n)


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


def ink(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour`` ("rgb(r, g, b)")."""
    r, g, b = (float(c) for c in colour[colour.index("(") + 1:-1].split(","))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#FFFFFF"


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


def _text(x: float, y: float, content: str, size: float = 12, colour: str = TEXT, anchor: str = "middle",
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


def _spans(H: int) -> dict[str, tuple[float, float, float]]:
    """(centre x, top, bottom) of every column of values, for H units."""
    height = cell_height(H) * H
    spans = {name: (x, top, top + height) for name, (x, _, top) in LAYERS.items()}
    for name, (x, top) in STATES.items():
        if top is None:  # h_{t-1} and h_t sit just above their lines
            top = (BUS_Y if name == "h_prev" else OUT_Y) - 10 - height
        spans[name] = (x, top, top + height)
    return spans


def _skeleton(spans: Mapping[str, tuple[float, float, float]]) -> list[str]:
    """What does not depend on the numbers: the cell, its wires, layers and operations."""
    r = OP_R
    fx, ix, gx, ox = (LAYERS[k][0] for k in "figo")
    tx, ty = TANH
    ig_y, out_y = OPS["ig"][1], OPS["out"][1]

    def gate_wire(name: str, rest: str) -> str:  # box → its column of values → onwards
        x, top, bottom = spans[name]
        return _wire(f"M {x} {BOX_TOP} V {bottom} M {x} {top} {rest}", arrow=True)

    parts = [
        f'<rect x="86" y="28" width="488" height="378" rx="14" fill="{CELL_FILL}" stroke="{CELL_LINE}" '
        'stroke-width="1.5"/>',
        _wire(f"M 8 {CELL_Y} H {fx - r} M {fx + r} {CELL_Y} H {gx - r}"),
        _wire(f"M {gx + r} {CELL_Y} H 652", arrow=True),
        _wire(f"M 8 {BUS_Y} H {ox} " + " ".join(f"M {x} {BUS_Y} V {BOX_Y + BOX_H / 2}" for x in (fx, ix, gx, ox))),
        gate_wire("f", f"V {CELL_Y + r + 2}"),
        gate_wire("i", f"V {ig_y} H {gx - r - 2}"),
        gate_wire("g", f"V {ig_y + r + 2}"),
        gate_wire("o", f"V {out_y} H {tx - r - 2}"),
        _wire(f"M {gx} {ig_y - r} V {CELL_Y + r + 2}", arrow=True),
        _wire(f"M {tx} {CELL_Y} V {ty - 12} M {tx} {ty + 12} V {out_y - r - 2}", arrow=True),
        _wire(f"M {tx} {out_y + r} V {OUT_Y} H 652", arrow=True),
        _wire(f"M 596 {OUT_Y} V 8", arrow=True),
        _wire(f"M 120 {HEIGHT - 95} V {BUS_Y + 2}", arrow=True),
    ]
    for x, act, _ in LAYERS.values():
        parts.append(f'<rect x="{x - BOX_W / 2:g}" y="{BOX_TOP:g}" width="{BOX_W}" height="{BOX_H}" '
                     f'fill="{LAYER_FILL}" stroke="{LAYER_LINE}" stroke-width="2"/>')
        parts.append(_text(x, BOX_Y, escape.html_text(act), 14))
    for x, y, op in OPS.values():
        parts += [_circle(x, y, r), _text(x, y + 1, op, 17)]
    parts += [f'<ellipse cx="{tx}" cy="{ty}" rx="22" ry="12" fill="white" stroke="{WIRE}" stroke-width="2.5"/>',
              _text(tx, ty, "tanh", 12)]
    for x, y in ((fx, BUS_Y), (ix, BUS_Y), (gx, BUS_Y), (tx, CELL_Y), (596, OUT_Y)):
        parts.append(_circle(x, y, 4, fill=WIRE, stroke="none"))
    parts.append(_text(606, 12, _symbol("h"), 14, anchor="start"))
    return parts


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
                     f'fill="{colour}"/>')
        if few:
            parts.append(_text(x, y + h / 2, notation.number(value, 2), 13, ink(colour)))
    parts.append(f'<rect x="{x - STRIP_W / 2:g}" y="{top:g}" width="{STRIP_W}" height="{h * len(v):g}" fill="none" '
                 'stroke="#9AA5B1" stroke-width="0.8"/>')
    return parts


def _label(name: str, span: tuple[float, float, float]) -> str:
    """Gate columns are named on their left; c above its belt, h below its line."""
    x, top, bottom = span
    if name in LAYERS or name == "tanh_c":
        return _text(x - STRIP_W / 2 - 5, (top + bottom) / 2, _symbol(name), 17, anchor="end")
    if name in ("c_prev", "c"):
        return _text(x, CELL_Y - 15, _symbol(name), 17)
    return _text(x, (BUS_Y if name == "h_prev" else OUT_Y) + 17, _symbol(name), 17)


def _input(x: np.ndarray, char: str, label: str, axis: str) -> tuple[list[str], Region]:
    """x_t below the cell: the typed character in a box and its vector as a row of cells."""
    n = len(x)
    w = min(24.0, 300.0 / n)
    y = HEIGHT - 116
    token = escape.html_text(escape.visible_char(char))
    parts = [
        _text(96, y + 11, _symbol("x"), 15, anchor="end"),
        f'<rect x="104" y="{y - 4:g}" width="32" height="30" rx="4" fill="white" stroke="{TEXT}" stroke-width="1.5"/>',
        _text(120, y + 11, token, 17, extra=f'font-weight="bold" font-family=\'{TOKEN_FONT}\''),
        _text(150, y + 36, escape.html_text(label), 11, GREY, anchor="start"),
    ]
    colours = fill_colours(x, axis, 1.0)
    for k, (value, colour) in enumerate(zip(x, colours, strict=True)):
        parts.append(f'<rect x="{150 + k * w:g}" y="{y:g}" width="{w - 1:g}" height="22" fill="{colour}"/>')
        if w >= 18:
            parts.append(_text(150 + (k + 0.5) * w, y + 11, notation.number(value, 0 if axis == "coloraxis" else 2),
                               11, ink(colour)))
    region = Region(104, y - 4, 46 + n * w, 30, "")
    return parts, region


def _legends(tr: Translator, c_range: float) -> list[str]:
    """The three colour scales under the drawing, each with its fixed range."""
    parts = []
    specs = (("coloraxis", tr("step.scale_gates"), 20), ("coloraxis2", tr("step.scale_unit"), 240),
             ("coloraxis3", tr("step.scale_cell"), 460))
    for axis, title, x0 in specs:
        lo, hi = _range(axis, c_range)
        stops = "".join(f'<stop offset="{where:g}" stop-color="{colour}"/>' for where, colour in _scale(SCALES[axis]))
        parts += [
            f'<defs><linearGradient id="scale_{axis}">{stops}</linearGradient></defs>',
            _text(x0, LEGEND_Y, escape.html_text(title), 11, GREY, anchor="start"),
            f'<rect x="{x0}" y="{LEGEND_Y + 10}" width="180" height="10" fill="url(#scale_{axis})"/>',
            _text(x0, LEGEND_Y + 32, f"{lo:g}", 10, GREY, anchor="start"),
            _text(x0 + 90, LEGEND_Y + 32, "0" if lo < 0 else f"{(lo + hi) / 2:g}", 10, GREY),
            _text(x0 + 180, LEGEND_Y + 32, f"{hi:g}", 10, GREY, anchor="end"),
        ]
    return parts


def _op_regions(step: Mapping[str, np.ndarray], tr: Translator) -> list[Region]:
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
    regions = [Region(x - 16, y - 16, 32, 32, text) for (x, y), text in texts.items()]
    for name, (x, act, _) in LAYERS.items():
        regions.append(Region(x - BOX_W / 2, BOX_TOP, BOX_W, BOX_H,
                              f"{name}_t = {act}(z_{name}) · {notation.gate_term(tr, name)}\n"
                              f"z_{name} = {vector_text(step['pre_' + name])}\n{name}_t = {vector_text(step[name])}"))
    return regions


def cell_svg(step: Mapping[str, np.ndarray], tr: Translator, *, char: str, layer: int,
             c_range: float) -> tuple[str, list[Region]]:
    """The LSTM cell at one step of one layer, as SVG text and its hover regions.

    ``step`` holds the (H,) vectors ``h_prev``, ``c_prev``, ``f``, ``i``, ``g``, ``o``, ``c``,
    ``tanh_c``, ``h``, the pre-activations ``pre_f`` … ``pre_o`` and the layer's input ``x``;
    ``char`` is the typed symbol read at this step; ``layer`` counts from 1.
    """
    spans = _spans(len(step["h"]))
    parts = _skeleton(spans)
    regions = []
    for name, span in spans.items():
        parts += _column(name, np.asarray(step[name], dtype=float), span, c_range)
        parts.append(_label(name, span))
        term = tr.term(PART_TERMS[name])
        regions.append(Region(span[0] - STRIP_W / 2, span[1], STRIP_W, span[2] - span[1],
                              f"{_plain_symbol(name)} · {term}\n{vector_text(step[name])}"))
    halo = _halo(CELL_FILL)
    parts += [_text(x, BOX_Y + 28, escape.html_text(notation.gate_term(tr, name)), 12, GREY, extra=halo)
              for name, (x, _, _) in LAYERS.items()]
    parts.append(_text(447, CELL_Y - 13, escape.html_text(f"{tr.term('cell_state')} · {tr.term('long_term_memory')}"),
                       11, GREY))
    concat = (f"[h{_sub('t−1')}<tspan>, x</tspan>{_sub('t')}"
              f"<tspan>] · {escape.html_text(tr.term('concatenation'))}</tspan>")
    parts.append(_text(232, BUS_Y + 15, concat, 11, GREY))
    if layer == 1:
        label, axis = tr.term("one_hot"), "coloraxis"
    else:
        label, axis = tr("step.input_from_below", below=layer - 1), "coloraxis2"
    input_parts, input_region = _input(np.asarray(step["x"], dtype=float), char, label, axis)
    parts += input_parts + _legends(tr, c_range)
    shown = escape.visible_char(char)
    regions.append(Region(input_region.x, input_region.y, input_region.w, input_region.h,
                          f"x_t = “{shown}” · {label}\n{vector_text(step['x'])}"))
    regions += _op_regions(step, tr)
    marker = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" '
              f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{WIRE}"/></marker></defs>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
           f'height="{HEIGHT}" font-family=\'{FONT}\'>{marker}{"".join(parts)}</svg>')
    return svg, regions


def cell_html(step: Mapping[str, np.ndarray], tr: Translator, *, char: str, layer: int, c_range: float,
              title: str, alt: str) -> str:
    """The diagram for ``st.html``: a title, the SVG as an image, and its hover regions."""
    svg, regions = cell_svg(step, tr, char=char, layer=layer, c_range=c_range)
    return html_figure(svg, regions, title=title, alt=alt)


def html_figure(svg: str, regions: Sequence[Region], *, title: str, alt: str) -> str:
    """An SVG picture with tooltips that scale with it (``title`` and ``alt`` are escaped here)."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    hits = "".join(
        f'<div title="{escape.html_text(r.title)}" style="position:absolute;left:{100 * r.x / WIDTH:.2f}%;'
        f'top:{100 * r.y / HEIGHT:.2f}%;width:{100 * r.w / WIDTH:.2f}%;height:{100 * r.h / HEIGHT:.2f}%;'
        'cursor:help"></div>' for r in regions)
    return (f'<div class="lstm-diagram"><p style="font-weight:600;margin:0 0 4px 0">{escape.html_text(title)}</p>'
            f'<div style="position:relative;width:100%;max-width:{WIDTH * 1.25:g}px">'
            f'<img src="{uri}" alt="{escape.html_text(alt)}" style="width:100%;height:auto;display:block">'
            f"{hits}</div></div>")
