"""Figures of the training page: plain records and arrays in, Plotly figures and HTML out.

* :func:`curves` — loss or accuracy against the training step, one line per cell (the
  compare mode draws LSTM and RNN on one chart), on an x range fixed to the planned
  steps so that a live curve visibly grows towards the right edge;
* :func:`gates_start_end` — a layer's gates over the text before training and after it,
  side by side on the fixed [0, 1] gate scale: gates near 0.5 at the start turn into
  clear 0s and 1s (a vanilla RNN has no gate: its hidden state is shown, on the signed scale);
* :func:`predictions_html` — what the model expects after each character, right answers marked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lstm_viz import escape, notation, style
from lstm_viz.i18n import Translator
from lstm_viz.step_figures import char_label, step_ticks

Record = tuple[int, float, float]  # (training step, loss, accuracy)
HALF_WIDTH_TICKS = 12  # step labels in a half-width panel before they collide
SHOWN_GATES = {"lstm": ("f", "i", "o"), "gru": ("r", "z"), "rnn": ("h",)}
TERMS = {**notation.GATE_TERMS, **notation.GRU_GATE_TERMS}
CURVE_HEIGHT = 300


def cell_name(tr: Translator, cell: str) -> str:
    return tr(f"train.cell_{cell}")


def curves(records: Mapping[str, Sequence[Record]], tr: Translator, *, metric: str, steps: int) -> go.Figure:
    """Loss (metric "loss") or accuracy in % ("accuracy") after each training step, per cell."""
    column = {"loss": 1, "accuracy": 2}[metric]
    scale = 100.0 if metric == "accuracy" else 1.0
    fig = go.Figure()
    for cell, rows in records.items():
        table = np.asarray(rows, dtype=float).reshape(-1, 3)
        fig.add_scatter(x=table[:, 0], y=table[:, column] * scale, mode="lines", name=cell_name(tr, cell),
                        line={"color": style.CELL_COLOURS[cell], "width": 2.5},
                        hovertemplate=(f"{tr.term('training_step')} %{{x}}<br>{tr(f'train.{metric}')} = "
                                       f"%{{y:{style.HOVER_NUMBER}}}<extra>{cell_name(tr, cell)}</extra>"))
    fig.update_xaxes(range=[0, max(steps, 1)])
    if metric == "accuracy":
        fig.update_yaxes(range=[0, 105], ticksuffix=" %")
    else:
        fig.update_yaxes(rangemode="tozero")
    return style.apply_layout(fig, title=tr(f"train.{metric}_title"), x_title=tr.term("training_step"),
                              y_title=tr(f"train.{metric}_axis"), height=CURVE_HEIGHT)


def gates_start_end(start: Mapping[str, np.ndarray], end: Mapping[str, np.ndarray], cell: str,
                    symbols: Sequence[str], tr: Translator, *, title: str) -> go.Figure:
    """Unit × time-step heatmaps of each gate, before training (left) and after (right).

    ``start`` and ``end`` map a trace field (``f``, ``r``, ``h`` …) to its (T, H) values.
    """
    names = SHOWN_GATES[cell]
    signed = cell == "rnn"
    fig = make_subplots(rows=len(names), cols=2, shared_xaxes=True, horizontal_spacing=0.06,
                        vertical_spacing=0.08 if len(names) > 1 else 0.0,
                        column_titles=[tr("train.gates_start"), tr("train.gates_end")])
    chars = [char_label(ch) for ch in symbols]
    T = len(symbols)
    for row, name in enumerate(names, start=1):
        term = tr.term(TERMS[name])
        for col, values in enumerate((start[name], end[name]), start=1):
            H = values.shape[1]
            fig.add_heatmap(z=values.T, x=np.arange(1, T + 1), y=np.arange(1, H + 1), row=row, col=col,
                            coloraxis="coloraxis", customdata=np.broadcast_to(np.array(chars, dtype=object), (H, T)),
                            name=name, xgap=1, ygap=1 if H <= 16 else 0,
                            hovertemplate=(f"<b>{name}</b> · {term}<br>{tr.term('time_step')} %{{x}} · %{{customdata}}"
                                           f"<br>{tr.term('unit')} %{{y}}<br>{name} = %{{z:{style.HOVER_NUMBER}}}"
                                           "<extra></extra>"))
        fig.update_yaxes(title_text=f"<b>{name}</b> {term}", row=row, col=1)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(**step_ticks(symbols, max_ticks=HALF_WIDTH_TICKS), showgrid=False)
    fig.update_xaxes(title_text=tr.term("time_step"), row=len(names))
    low, high = style.UNIT_RANGE if signed else style.GATE_RANGE
    fig.update_layout(coloraxis={"colorscale": style.SIGNED_SCALE if signed else style.GATE_SCALE,
                                 "cmin": low, "cmax": high, "colorbar": {"thickness": 14, "len": 0.8}})
    return style.apply_layout(fig, title=title, height=110 + 150 * len(names))


def near_ends(values: Sequence[np.ndarray], signed: bool) -> float:
    """The share of ``values`` within 0.1 of their range's ends: 0 and 1 for gates, −1 and 1
    for a tanh state. A gate near an end blocks or lets through; near 0.5 it half-passes."""
    v = np.concatenate([np.ravel(a) for a in values])
    ends = np.abs(v) if signed else np.abs(v - 0.5) + 0.5
    return float(np.mean(ends >= 0.9))


def gates_caption(start: Mapping[str, np.ndarray], end: Mapping[str, np.ndarray], cell: str, tr: Translator) -> str:
    """What the start-vs-end heatmaps show, computed from them: how many values sit near
    an end before and after training, and whether that share grew."""
    names, signed = SHOWN_GATES[cell], cell == "rnn"
    before = near_ends([start[name] for name in names], signed)
    after = near_ends([end[name] for name in names], signed)
    verdict = ("states" if signed else "gates") + ("_sharpened" if after > before else "_not_sharpened")
    return (tr(f"train.gates_caption_{cell}", before=notation.percent(before), after=notation.percent(after))
            + " " + tr(f"train.{verdict}"))


def predictions_html(symbols: Sequence[str], probs: np.ndarray, vocab: Sequence[str], tr: Translator) -> str:
    """One chip per position but the last: the character read, the character the model
    expects next with its probability, and whether that is the text's next character
    (✓, or ✗ and the right answer)."""
    chips = []
    for t in range(len(symbols) - 1):
        k = int(np.argmax(probs[t]))
        guess, answer = vocab[k], symbols[t + 1]
        right = guess == answer
        mark = "✓" if right else f"✗ {char_label(answer)}"
        label = tr("train.chip_label", read=escape.visible_char(symbols[t]), guess=escape.visible_char(guess),
                   p=notation.percent(probs[t][k]), answer=escape.visible_char(answer))
        chips.append(f'<span class="train-chip {"right" if right else "wrong"}" title="{escape.html_text(label)}">'
                     f'{char_label(symbols[t])} → <b>{char_label(guess)}</b> '
                     f'<small>{notation.percent(probs[t][k])} %</small> '
                     f'<span class="mark">{mark}</span></span>')
    return f'<div class="train-chips">{"".join(chips)}</div>'


