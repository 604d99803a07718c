"""Figures of the RNN vs LSTM page: plain arrays in, Plotly figures out.

Every gradient array here is indexed by *steps back* k = T − t: k = 0 is the last step,
where the loss is read, and k = T − 1 the first input. Gradients span hundreds of powers
of ten, so they sit on log axes; a log axis cannot show an exact 0 or an overflow
(∞ / NaN), so those points are drawn as markers on the bottom and top edges and named
in the hover and on the chart, never dropped silently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from lstm_core.activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from lstm_viz.i18n import Translator
from lstm_viz.notation import ACTIVATION_SYMBOLS, MAX_DERIVATIVE, number, sci
from lstm_viz.style import (
    CELL_COLOURS,
    GATE_RANGE,
    GATE_SCALE,
    HOVER_NUMBER,
    HOVER_SCIENTIFIC,
    MAGNITUDE_SCALE,
    apply_layout,
    series_colour,
)

LOG_RANGE = (-16, 8)  # heatmap colours, log₁₀: from float64's relative precision to a clear explosion
OVERFLOW_RED = "#b00020"
OVERFLOW_GREY = "#9e9e9e"  # heatmap cells that overflowed: outside the colour scale on purpose
CELL_NAMES = {"rnn": "vanilla_rnn", "lstm": "lstm", "gru": "gru"}  # glossary concepts
ACTIVATION_COLOURS = {"sigmoid": series_colour(3), "tanh": series_colour(0), "relu": series_colour(4)}
BOUNDED_DERIVATIVES = ("sigmoid", "tanh")  # the bounds the activations chart marks (ReLU's is no bound)
DH, DX, DC = "‖∂L/∂h<sub>t</sub>‖", "‖∂L/∂x<sub>t</sub>‖", "‖∂L/∂c<sub>t</sub>‖"  # Plotly's label markup


@dataclass(frozen=True)
class CellFlow:
    """One cell's gradient flow, every array indexed by steps back k (0 = the last step).

    ``dh``/``dx``: ‖∂L/∂h_t‖, ‖∂L/∂x_t‖; ``dh_units`` (H, T): |∂L/∂h_t| per unit;
    ``jac``: ‖∂h_t/∂h_{t−1}‖₂; ``jac_product``: ‖∂h_T/∂h_t‖₂; LSTM only: ``dc``,
    ``f`` (H, T) and ``f_product`` (H, T), the product of f from step t + 1 to T.
    ``h_overflow``: the first step t (1 … T) whose hidden state overflowed, if any.
    """

    cell: str
    dh: np.ndarray
    dx: np.ndarray
    dh_units: np.ndarray
    jac: np.ndarray
    jac_product: np.ndarray
    dc: np.ndarray | None = None
    f: np.ndarray | None = None
    f_product: np.ndarray | None = None
    h_overflow: int | None = None

    @property
    def T(self) -> int:
        return len(self.dh)


def decay_per_step(values: np.ndarray) -> float:
    """The average factor per step: (v[T−1] / v[0])^(1 / (T − 1)), the geometric mean of
    the T − 1 step-to-step ratios. NaN if a value overflowed; 0 if the gradient reached 0."""
    v = np.asarray(values, dtype=float)
    if len(v) < 2 or not np.isfinite(v).all() or v[0] <= 0:
        return math.nan
    if v[-1] == 0:
        return 0.0
    return float(np.exp(np.log(v[-1] / v[0]) / (len(v) - 1)))


def fraction_at(values: np.ndarray, k: int) -> float:
    """values[k] / values[0]: the share of the last step's gradient that reaches k steps back
    (NaN where either overflowed or the last step's is 0)."""
    v0, vk = float(values[0]), float(values[k])
    if not (math.isfinite(v0) and math.isfinite(vk)) or v0 == 0:
        return math.nan
    return vk / v0


def factor_text(r: float, tr: Translator) -> str:
    """An average factor per step as the page writes it, or "not finite" where it overflowed."""
    return tr("common.not_finite") if math.isnan(r) else number(r)


# ------------------------------------------------------- what a curve does, in words
GEOMETRIC_DECADES = 0.5  # r^k may always stray half a decade (a factor of √10 ≈ 3.2) from the curve …
GEOMETRIC_SHARE = 0.1  # … or a tenth of the curve's whole change in decades, if that is more
VANISHED = 1e-3  # less than a thousandth of the last step's gradient left: it has vanished


def geometric_misfit(values: np.ndarray) -> float:
    """How far the curve strays from the steady decline r^k its average factor per step r
    describes: the largest |log₁₀(v[k] / v[0]) − k·log₁₀ r| over every k, in decades
    (powers of ten). ∞ where there is no positive finite factor (a zero or an overflow)."""
    v = np.asarray(values, dtype=float)
    r = decay_per_step(v)
    if not (math.isfinite(r) and r > 0) or not (np.isfinite(v).all() and (v > 0).all()):
        return math.inf
    k = np.arange(len(v))
    return float(np.max(np.abs(np.log10(v / v[0]) - k * math.log10(r))))


def geometric_tolerance(values: np.ndarray) -> float:
    """How far (in decades) r^k may stray from the curve and still describe it: half a
    decade, or a tenth of the decades the curve falls (or rises) from end to end."""
    v = np.asarray(values, dtype=float)
    with np.errstate(all="ignore"):
        change = abs(math.log10(v[-1] / v[0])) if v[0] > 0 and v[-1] > 0 else math.inf
    return max(GEOMETRIC_DECADES, GEOMETRIC_SHARE * change) if math.isfinite(change) else GEOMETRIC_DECADES


def is_geometric(values: np.ndarray) -> bool:
    """Does "× r per step" describe the curve? Only where the curve is close to a straight
    line on the log axis: r^k within :func:`geometric_tolerance` of it at every step back."""
    return geometric_misfit(values) <= geometric_tolerance(values)


@dataclass(frozen=True)
class CurveShape:
    """A curve told by its values, as shares of the last step's: ``first`` one step back,
    then its lowest ``lo`` (at ``k_lo``) and highest ``hi`` (at ``k_hi``) from k = 2 to ``last``."""

    first: float
    lo: float
    k_lo: int
    hi: float
    k_hi: int
    last: int


def curve_shape(values: np.ndarray) -> CurveShape | None:
    """What the curve does step by step (None below three steps, or if it overflowed)."""
    v = np.asarray(values, dtype=float)
    if len(v) < 3 or not np.isfinite(v).all() or v[0] <= 0:
        return None
    rest = v[2:] / v[0]
    k_lo, k_hi = int(np.argmin(rest)), int(np.argmax(rest))
    return CurveShape(float(v[1] / v[0]), float(rest[k_lo]), k_lo + 2, float(rest[k_hi]), k_hi + 2, len(v) - 1)


def curve_label(values: np.ndarray, tr: Translator, overflow: bool = False) -> str:
    """The short label at the end of a ‖∂L/∂h‖ line: "× r per step" where the curve is
    geometric (:func:`is_geometric`), otherwise its values (one step back, then its range)."""
    shape = curve_shape(values)
    if overflow or shape is None:
        return tr("gradients.decay_overflow")
    if is_geometric(values):
        return tr("gradients.decay_label", r=number(decay_per_step(values)))
    return tr("gradients.shape_label", first=sci(shape.first, 1), lo=sci(shape.lo, 1), hi=sci(shape.hi, 1))


def curve_sentence(values: np.ndarray, tr: Translator) -> str:
    """One sentence under a cell's share: the steady factor per step, or what the curve does."""
    shape = curve_shape(values)
    if shape is None:
        return ""
    if is_geometric(values):
        return tr("gradients.share_rate", r=number(decay_per_step(values)))
    return tr("gradients.share_shape", first=sci(shape.first, 1), lo=sci(shape.lo, 1), k_lo=shape.k_lo,
              hi=sci(shape.hi, 1), k_hi=shape.k_hi, last=shape.last)


def regime(values: np.ndarray, k: int) -> str:
    """What happened to the gradient k steps back: "grow" (more than at the last step, or
    overflowed), "vanish" (less than ``VANISHED`` of it left) or "hold" (in between)."""
    share = fraction_at(values, k)
    if not math.isfinite(share) or share > 1.0:
        return "grow"
    return "vanish" if share < VANISHED else "hold"


def cell_name(tr: Translator, cell: str) -> str:
    return tr.term(CELL_NAMES[cell])


# --------------------------------------------------------------------------- log axes
@dataclass(frozen=True)
class Curve:
    """One line on a log chart: ``y`` against ``x``."""

    name: str
    x: np.ndarray
    y: np.ndarray
    colour: str
    dash: str = "solid"
    width: float = 2.5
    legendgroup: str | None = None
    opacity: float = 1.0
    showlegend: bool = True
    edges: bool = True  # mark exact zeros and overflow on the edges (False for analytic guide lines)


def _decades(curves: Sequence[Curve]) -> tuple[float, float]:
    """The log10 range that holds every positive finite value of the data (guide lines may
    run off it), whole decades, at least one."""
    found = [c.y[np.isfinite(c.y) & (c.y > 0)] for c in curves if c.edges]
    values = np.concatenate(found) if found else np.empty(0)
    if values.size == 0:
        return -1.0, 1.0
    lo, hi = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
    return float(lo), float(max(hi, lo + 1))


def _lane(fig: go.Figure, axis: str, domain: list[float], label: str) -> None:
    """A thin strip above or below the log axis for the values it cannot show."""
    fig.update_layout({f"yaxis{axis}": {"domain": domain, "range": [-1, 1], "tickvals": [0], "ticktext": [label],
                                        "showgrid": False, "zeroline": False, "fixedrange": True,
                                        "tickfont": {"color": OVERFLOW_RED}}})


def log_chart(curves: Sequence[Curve], *, tr: Translator, title: str, x_title: str, y_title: str,
              quantity: str, height: int = 420, x_hover: str = "k = %{x}") -> go.Figure:
    """Lines on a log y axis. Values a log axis cannot show get their own labelled lanes:
    overflow (∞ / NaN) as ▲ in a strip above the chart, exact zeros as ▼ in a strip below."""
    lo, hi = _decades(curves)
    fig = go.Figure()
    lanes = {"2": False, "3": False}  # y2: overflow lane on top, y3: zero lane at the bottom
    for c in curves:
        y = np.asarray(c.y, dtype=float)
        finite = np.isfinite(y)
        positive = finite & (y > 0)
        fig.add_trace(go.Scatter(
            x=c.x, y=np.where(positive, y, np.nan), name=c.name, mode="lines", connectgaps=False,
            opacity=c.opacity, line={"color": c.colour, "dash": c.dash, "width": c.width},
            legendgroup=c.legendgroup, showlegend=c.showlegend,
            hovertemplate=f"{c.name}<br>{x_hover}<br>{quantity} = %{{y:{HOVER_SCIENTIFIC}}}<extra></extra>",
        ))
        if not c.edges:
            continue
        for mask, axis, symbol, label in ((~finite, "2", "triangle-up", tr("common.not_finite")),
                                          (finite & (y <= 0), "3", "triangle-down", tr("gradients.exactly_zero"))):
            if not mask.any():
                continue
            lanes[axis] = True
            texts = [sci(v) if axis == "2" else "0" for v in y[mask]]
            fig.add_trace(go.Scatter(
                x=np.asarray(c.x)[mask], y=np.zeros(int(mask.sum())), yaxis=f"y{axis}", mode="markers",
                marker={"symbol": symbol, "size": 7, "color": c.colour}, legendgroup=c.legendgroup,
                showlegend=False, text=texts, name=c.name,
                hovertemplate=f"{c.name}<br>{x_hover}<br>{quantity} = %{{text}} ({label})<extra></extra>",
            ))
    apply_layout(fig, title=title, x_title=x_title, y_title=y_title, height=height)
    legend_below(fig)
    fig.update_yaxes(type="log", range=[lo - 0.4, hi + 0.4], exponentformat="power",
                     dtick=max(1, math.ceil((hi - lo) / 8)),
                     domain=[0.1 if lanes["3"] else 0.0, 0.88 if lanes["2"] else 1.0])
    if lanes["2"]:
        _lane(fig, "2", [0.92, 1.0], "∞ / NaN")
    if lanes["3"]:
        _lane(fig, "3", [0.0, 0.05], "0")
    notes = [tr("gradients.overflow_note")] if lanes["2"] else []
    notes += [tr("gradients.zero_note")] if lanes["3"] else []
    if notes:
        fig.update_layout(title_subtitle_text=" · ".join(notes), title_subtitle_font_color=OVERFLOW_RED)
    return fig


def legend_below(fig: go.Figure) -> go.Figure:
    """Legend under the x axis, so that long entries never run over the title."""
    fig.update_layout(legend={"orientation": "h", "yref": "container", "y": 0.0, "yanchor": "bottom",
                              "x": 0.0, "xanchor": "left"}, margin={"b": 130})
    return fig


def _steps_back(T: int) -> np.ndarray:
    return np.arange(T)


# ------------------------------------------------------------------- the main chart
def gradient_reach_figure(flows: Sequence[CellFlow], tr: Translator) -> go.Figure:
    """‖∂L/∂h_t‖ (solid), ‖∂L/∂x_t‖ (dotted) and the LSTM's ‖∂L/∂c_t‖ (dashed) against
    steps back, all cells on one chart; each ∂L/∂h curve is labelled by :func:`curve_label`."""
    curves = []
    for flow in flows:
        name = cell_name(tr, flow.cell)
        k = _steps_back(flow.T)
        curves.append(Curve(f"{name} · {DH}", k, flow.dh, CELL_COLOURS[flow.cell], legendgroup=flow.cell))
        curves.append(Curve(f"{name} · {DX}", k, flow.dx, CELL_COLOURS[flow.cell], dash="dot", width=2,
                            legendgroup=flow.cell))
        if flow.dc is not None:  # the LSTM's cell state: the second way back
            curves.append(Curve(f"{name} · {DC}", k, flow.dc, CELL_COLOURS[flow.cell], dash="dash", width=2,
                                legendgroup=flow.cell))
    fig = log_chart(curves, tr=tr, title=tr("gradients.reach_title"), x_title=tr("gradients.steps_back_axis"),
                    y_title=tr("gradients.norm_axis"), quantity=tr("gradients.norm_axis"), height=460)
    for flow in flows:
        if flow.h_overflow is not None:  # steps h_overflow … T hold h = ∞/NaN: k = 0 … T − h_overflow
            fig.add_vrect(x0=-0.5, x1=flow.T - flow.h_overflow + 0.5, fillcolor=OVERFLOW_RED, opacity=0.08,
                          line_width=0, annotation_text=tr("gradients.h_overflow_band", cell=cell_name(tr, flow.cell)),
                          annotation_position="top left", annotation_font_color=OVERFLOW_RED)
    for row, flow in enumerate(flows):  # labels stacked, so that ends close together stay readable
        label = curve_label(flow.dh, tr, overflow=flow.h_overflow is not None)
        end = flow.dh[-1]
        y = float(end) if np.isfinite(end) and end > 0 else None
        fig.add_annotation(
            x=flow.T - 1, y=math.log10(y) if y else 1.0, yref="y" if y else "paper",
            text=f"<b>{cell_name(tr, flow.cell)}</b> {label}", showarrow=True, arrowhead=0, ax=-10, ay=-24 - 22 * row,
            xanchor="right", font={"color": CELL_COLOURS[flow.cell]},
            bgcolor="rgba(255,255,255,0.85)",
        )
    return fig


def unit_heatmap(flow: CellFlow, tr: Translator) -> go.Figure:
    """log₁₀|∂L/∂h_t| per unit (rows) and step back (columns), on one fixed colour range
    (``LOG_RANGE``) for every cell and setting, so colours compare at a glance; cells that
    overflowed are grey, outside the scale."""
    v = np.asarray(flow.dh_units, dtype=float)
    H, T = v.shape
    finite = np.isfinite(v)
    with np.errstate(divide="ignore"):
        z = np.log10(np.abs(np.where(finite, v, 1.0)))
    z = np.where(finite, np.clip(z, *LOG_RANGE), np.nan)
    unit = tr.term("unit")
    lo, hi = LOG_RANGE
    ticks = list(range(lo, hi + 1, 4))
    labels = [f"≤10<sup>{t}</sup>" if t == lo else f"≥10<sup>{t}</sup>" if t == hi else
              "1" if t == 0 else f"10<sup>{t}</sup>" for t in ticks]
    where = f"{unit} %{{y}} · k = %{{x}}<br>|∂L/∂h<sub>t</sub>| = "
    fig = go.Figure(go.Heatmap(
        z=z, x=_steps_back(T), y=np.arange(1, H + 1), zmin=lo, zmax=hi, colorscale=MAGNITUDE_SCALE,
        customdata=np.where(finite, np.abs(v), 0.0),
        colorbar={"title": {"text": "|∂L/∂h|"}, "thickness": 12, "tickvals": ticks, "ticktext": labels},
        hovertemplate=where + f"%{{customdata:{HOVER_SCIENTIFIC}}}<extra></extra>",
    ))
    title = tr("gradients.units_title", cell=cell_name(tr, flow.cell))
    apply_layout(fig, title=title, x_title=tr("gradients.steps_back_axis"), y_title=unit, height=320)
    fig.update_yaxes(autorange="reversed")
    if not finite.all():
        text = np.where(finite, "", np.vectorize(sci, otypes=[object])(v))
        fig.add_trace(go.Heatmap(z=np.where(finite, np.nan, 1.0), x=_steps_back(T), y=np.arange(1, H + 1),
                                 colorscale=[[0, OVERFLOW_GREY], [1, OVERFLOW_GREY]], showscale=False, text=text,
                                 hovertemplate=where + f"%{{text}} ({tr('common.not_finite')})<extra></extra>"))
        fig.update_layout(title_subtitle_text=tr("gradients.heatmap_overflow_note"),
                          title_subtitle_font_color=OVERFLOW_RED)
    return fig


# ------------------------------------------------------------------------- the why
def jacobian_figure(flow: CellFlow, bound: float | None, tr: Translator) -> go.Figure:
    """The step factors ‖∂h_t/∂h_{t−1}‖ and the norm of their running product; for the
    RNN also the bound max φ'·‖W_hh‖₂ that every factor respects, and its k-th power,
    which bounds the product."""
    k = _steps_back(flow.T)
    colour = CELL_COLOURS[flow.cell]
    curves = [
        Curve(tr("gradients.jac_step_name"), k, flow.jac, colour, dash="dot", width=2),
        Curve(tr("gradients.jac_product_name"), k, flow.jac_product, colour),
    ]
    if bound is not None:
        with np.errstate(over="ignore", under="ignore"):
            power = bound ** k.astype(float)
        curves += [Curve(tr("gradients.bound_name", bound=number(bound)), k, np.full(flow.T, bound), "#555555",
                         dash="dash", width=1.5, edges=False),
                   Curve(tr("gradients.bound_power_name", bound=number(bound)), k, power, "#555555",
                         dash="dashdot", width=1.5, edges=False)]
    return log_chart(curves, tr=tr, title=tr("gradients.jac_title", cell=cell_name(tr, flow.cell)),
                     x_title=tr("gradients.steps_back_axis"), y_title=tr("gradients.jac_axis"),
                     quantity=tr("gradients.jac_axis"), height=400)


def forget_heatmap(flow: CellFlow, tr: Translator) -> go.Figure:
    """f_t per unit and step back on the one gate scale, Cividis [0, 1]."""
    f = np.asarray(flow.f, dtype=float)
    H, T = f.shape
    gate = tr.term("forget_gate")
    unit = tr.term("unit")
    fig = go.Figure(go.Heatmap(
        z=f, x=_steps_back(T), y=np.arange(1, H + 1), zmin=GATE_RANGE[0], zmax=GATE_RANGE[1],
        colorscale=GATE_SCALE, colorbar={"title": {"text": "f"}, "thickness": 12},
        hovertemplate=f"{unit} %{{y}} · k = %{{x}}<br>f = %{{z:{HOVER_NUMBER}}}<extra></extra>",
    ))
    apply_layout(fig, title=tr("gradients.forget_title", gate=gate), x_title=tr("gradients.steps_back_axis"),
                 y_title=unit, height=300)
    fig.update_yaxes(autorange="reversed")
    return fig


def forget_product_figure(flow: CellFlow, tr: Translator) -> go.Figure:
    """The cell path's factor per unit, ∏ f from step t + 1 to T, thin lines, with
    ‖∂L/∂c_t‖ on top: where the products stay near 1, the gradient survives."""
    k = _steps_back(flow.T)
    colour = CELL_COLOURS[flow.cell]
    unit = tr.term("unit")
    curves = [Curve(f"{unit} {j + 1}", k, row, colour, width=1, opacity=0.35, legendgroup="units",
                    showlegend=j == 0)
              for j, row in enumerate(np.asarray(flow.f_product, dtype=float))]
    if curves:
        curves[0] = Curve(tr("gradients.f_product_name"), k, curves[0].y, colour, width=1, opacity=0.35,
                          legendgroup="units")
    curves.append(Curve(DC, k, flow.dc, "#000000", width=2.5))
    return log_chart(curves, tr=tr, title=tr("gradients.f_product_title"), x_title=tr("gradients.steps_back_axis"),
                     y_title=tr("gradients.factor_axis"), quantity=tr("gradients.factor_axis"), height=400)


# ------------------------------------------------------------------- the textbook
def textbook_figure(rnn_curves: Mapping[float, np.ndarray], norm: float, lstm_dh: np.ndarray,
                    tr: Translator, lstm_dc: np.ndarray | None = None) -> go.Figure:
    """‖∂L/∂h_t‖ for the RNN with W_hh × 0.5, × 1, × 2 and the LSTM on the same input, with
    the LSTM's ‖∂L/∂c_t‖ (dashed): where its gradient travels when little of it is in h."""
    dashes = {0.5: "dot", 1.0: "solid", 2.0: "dash"}
    rnn = tr.term("vanilla_rnn")
    curves = [Curve(tr("gradients.textbook_rnn_name", rnn=rnn, factor=f"{factor:g}", norm=f"{factor * norm:.3g}"),
                    _steps_back(len(dh)), dh, CELL_COLOURS["rnn"], dash=dashes.get(factor, "solid"))
              for factor, dh in rnn_curves.items()]
    curves.append(Curve(tr.term("lstm"), _steps_back(len(lstm_dh)), lstm_dh, CELL_COLOURS["lstm"]))
    if lstm_dc is not None:
        curves.append(Curve(f"{tr.term('lstm')} · {DC}", _steps_back(len(lstm_dc)), lstm_dc, CELL_COLOURS["lstm"],
                            dash="dash", width=2))
    return log_chart(curves, tr=tr, title=tr("gradients.textbook_title"), x_title=tr("gradients.steps_back_axis"),
                     y_title=DH, quantity=DH, height=420)


# ----------------------------------------------------------------- derivatives
ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_grad), "tanh": (tanh, tanh_grad), "relu": (relu, relu_grad)}


def activations_figure(tr: Translator, x_max: float = 5.0) -> go.Figure:
    """σ, tanh, ReLU (solid) and their derivatives (dashed), values from lstm_core,
    with the bounds max σ' = 0.25 and max tanh' = 1 marked."""
    x = np.linspace(-x_max, x_max, 401)
    fig = go.Figure()
    for name, (phi, phi_grad) in ACTIVATIONS.items():
        y = phi(x)
        colour, shown = ACTIVATION_COLOURS[name], ACTIVATION_SYMBOLS[name]
        for values, dash, label in ((y, "solid", f"{shown}(x)"), (phi_grad(y), "dash", f"{shown}′(x)")):
            fig.add_trace(go.Scatter(x=x, y=values, name=label, mode="lines", legendgroup=name,
                                     line={"color": colour, "dash": dash, "width": 2.5},
                                     hovertemplate=f"{label}<br>x = %{{x:{HOVER_NUMBER}}}<br>"
                                                   f"y = %{{y:{HOVER_NUMBER}}}<extra></extra>"))
    for name in BOUNDED_DERIVATIVES:
        fig.add_hline(y=MAX_DERIVATIVE[name], line={"color": ACTIVATION_COLOURS[name], "dash": "dot", "width": 1.5},
                      annotation_text=tr(f"gradients.bound_{name}"), annotation_position="top left",
                      annotation_font_color=ACTIVATION_COLOURS[name])
    apply_layout(fig, title=tr("gradients.activations_title"), x_title=tr("gradients.activations_x"),
                 y_title=tr("gradients.activations_y"), height=420)
    legend_below(fig)
    fig.update_yaxes(range=[-1.15, 2.2])
    return fig


def repeated_product_figure(curves: Mapping[str, np.ndarray], w: float, tr: Translator) -> go.Figure:
    """One unit with recurrent weight ``w``: ‖∂L/∂h‖ after k steps back for each activation."""
    lines = [Curve(ACTIVATION_SYMBOLS[name], _steps_back(len(dh)), dh, ACTIVATION_COLOURS[name])
             for name, dh in curves.items()]
    return log_chart(lines, tr=tr, title=tr("gradients.repeat_title", w=f"{w:g}"),
                     x_title=tr("gradients.steps_back_axis"), y_title="|∂L/∂h<sub>t</sub>|",
                     quantity="|∂L/∂h<sub>t</sub>|", height=420)


# --------------------------------------------------------------------- the race
def race_figure(accuracy: Mapping[str, Mapping[str, float]], chance: float, tr: Translator,
                per_seed: Mapping[str, Mapping[str, Sequence[float]]] | None = None) -> go.Figure:
    """Accuracy by delay for each cell (the mean over seeds, with bars from the lowest to
    the highest seed when there are several), and the chance level as a dashed line."""
    fig = go.Figure()
    looks = {"rnn": ("solid", "circle", 10), "lstm": ("solid", "circle", 12), "gru": ("dash", "diamond", 9)}
    for cell in sorted(accuracy, key=("lstm", "rnn", "gru").index):  # the GRU on top: it often hides under the LSTM
        by_delay = accuracy[cell]
        delays = sorted(by_delay, key=int)
        name = cell_name(tr, cell)
        dash, symbol, size = looks[cell]
        y = np.array([by_delay[d] for d in delays])
        spread = None
        if per_seed is not None and max(len(per_seed[cell][d]) for d in delays) > 1:
            seeds = [np.asarray(per_seed[cell][d]) for d in delays]
            spread = {"type": "data", "symmetric": False, "array": [a.max() for a in seeds] - y,
                      "arrayminus": y - [a.min() for a in seeds], "color": CELL_COLOURS[cell], "thickness": 1.5}
        fig.add_trace(go.Scatter(
            x=[int(d) for d in delays], y=y, error_y=spread, name=name, mode="lines+markers",
            line={"color": CELL_COLOURS[cell], "width": 3, "dash": dash}, marker={"size": size, "symbol": symbol},
            hovertemplate=f"{name}<br>{tr.term('delay')} = %{{x}}<br>{tr.term('accuracy')} = "
                          f"%{{y:{HOVER_NUMBER}}}<extra></extra>",
        ))
    fig.add_hline(y=chance, line={"color": "#555555", "dash": "dash", "width": 1.5},
                  annotation_text=tr("gradients.chance_label", chance=number(chance, 2)),
                  annotation_position="bottom right")
    apply_layout(fig, title=tr("gradients.race_title"), x_title=tr("gradients.race_x"),
                 y_title=tr.term("accuracy"), height=420)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    delays = sorted({int(d) for by_delay in accuracy.values() for d in by_delay})
    fig.update_xaxes(type="log", tickvals=delays, ticktext=[str(d) for d in delays])
    return fig
