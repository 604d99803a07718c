"""Figures of the step-through page: plain arrays in, Plotly figures and HTML out
(its tables are in :mod:`lstm_viz.tables`).

Every per-step array is (T, H) for one layer (time-major, the batch row squeezed out).
Gates (f, i, o) always use the sequential scale on [0, 1]; g, h and tanh c the
diverging scale on [−1, 1]; c the diverging scale on a symmetric range fixed for the
whole run, so a colour means the same value at every step. Characters typed by the user
are escaped for Plotly's label markup before they reach a tick, a title or a hover.

Figures are assembled as plain dicts and wrapped without Plotly's per-property
validation (``_validate=False``), which costs many times the build itself; the page
builds each figure once per run, and the tests validate every builder's output in full
(``go.Figure(fig.to_dict())``), so a typo still fails loudly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from lstm_viz import escape, notation, style
from lstm_viz.i18n import Translator

MAX_TICKS = 24  # more steps than this: label every k-th step only
SUBTITLE_SIZE = 14


def char_label(ch: str) -> str:
    """A typed character as Plotly shows it: visible (␣ for a space) and escaped."""
    return escape.html_text(escape.visible_char(ch))


def colour_axis(name: str) -> str:
    """The layout colour axis a quantity is drawn on: gates, unit-bounded, or c."""
    if name in notation.SIGMOID_GATES:
        return "coloraxis"
    return "coloraxis3" if name in ("c", "c_prev") else "coloraxis2"


def colour_axes(tr: Translator, c_bound: float, **colorbar) -> dict:
    """The three colour axes with their fixed ranges and legends (colour bars)."""
    return {
        "coloraxis": {"colorscale": style.GATE_SCALE, "cmin": style.GATE_RANGE[0], "cmax": style.GATE_RANGE[1],
                      "colorbar": {"title": {"text": tr("step.scale_gates")}, **colorbar.get("gates", {})}},
        "coloraxis2": {"colorscale": style.SIGNED_SCALE, "cmin": style.UNIT_RANGE[0], "cmax": style.UNIT_RANGE[1],
                       "colorbar": {"title": {"text": tr("step.scale_unit")}, **colorbar.get("unit", {})}},
        "coloraxis3": {"colorscale": style.SIGNED_SCALE, "cmin": -c_bound, "cmax": c_bound,
                       "colorbar": {"title": {"text": tr("step.scale_cell")}, **colorbar.get("cell", {})}},
    }


def c_bound(layers: Sequence[Mapping[str, np.ndarray]]) -> float:
    """The symmetric range of the cell state over the whole run (all layers, all steps)."""
    peak = max(float(np.abs(layer["c"]).max(initial=0.0)) for layer in layers)
    return style.signed_range(peak)[1]


def figure(spec: dict, *, title: str, x_title: str | None = None, y_title: str | None = None,
           height: int | None = None) -> go.Figure:
    """Wrap a figure spec (unvalidated, see the module docstring) and give it the shared look."""
    fig = go.Figure(spec, _validate=False)
    return style.apply_layout(fig, title=title, x_title=x_title, y_title=y_title, height=height)


def axis_name(k: int, letter: str) -> str:
    """Subplot k's axis (1-based): "x", "x2", … (``letter`` + "axis" for the layout key)."""
    return letter if k == 1 else f"{letter}{k}"


def grid(titles: Sequence[str], *, rows: int, cols: int, spacing: float) -> dict:
    """Layout axes for a rows × cols grid of subplots (numbered left to right, top to bottom)
    with a title above each; stacked rows share the bottom row's x axis."""
    layout: dict = {"annotations": []}
    width = (1 - spacing * (cols - 1)) / cols
    height = (1 - spacing * (rows - 1)) / rows
    for k, title in enumerate(titles, start=1):
        r, c = divmod(k - 1, cols)
        x0, y1 = c * (width + spacing), 1 - r * (height + spacing)
        x, y = axis_name(k, "x"), axis_name(k, "y")
        layout[f"xaxis{k if k > 1 else ''}"] = {"anchor": y, "domain": [max(x0, 0.0), min(x0 + width, 1.0)]}
        layout[f"yaxis{k if k > 1 else ''}"] = {"anchor": x, "domain": [max(y1 - height, 0.0), min(y1, 1.0)]}
        if cols == 1 and k < rows:
            layout[f"xaxis{k if k > 1 else ''}"].update(matches=axis_name(rows, "x"), showticklabels=False)
        layout["annotations"].append({"text": title, "x": x0 + width / 2, "y": y1, "xref": "paper", "yref": "paper",
                                      "xanchor": "center", "yanchor": "bottom", "showarrow": False,
                                      "font": {"size": SUBTITLE_SIZE}})
    return layout


def axes(layout: dict, letter: str, count: int, **settings) -> None:
    """Apply the same settings to the first ``count`` x or y axes of a grid."""
    for k in range(1, count + 1):
        layout[f"{letter}axis{k if k > 1 else ''}"].update(settings)


def step_ticks(symbols: Sequence[str], max_ticks: int = MAX_TICKS) -> dict:
    """x ticks at the steps, labelled with the step and its (escaped) character; at most
    ``max_ticks`` of them (every k-th step)."""
    T = len(symbols)
    every = max(1, -(-T // max_ticks))
    steps = list(range(1, T + 1, every))
    return {"tickmode": "array", "tickvals": steps,
            "ticktext": [f"{t}<br>{char_label(symbols[t - 1])}" for t in steps]}


HEAT_MARGIN = {"l": 180, "r": 180, "t": 44, "b": 64, "autoexpand": False}  # fixed, so the ruler can line up


def over_time_heatmaps(layer: Mapping[str, np.ndarray], symbols: Sequence[str], tr: Translator,
                       *, c_range: float, title: str) -> go.Figure:
    """f, i, g, o, c and h as unit × step heatmaps stacked in one panel.

    The figure does not depend on the current step: Streamlit redraws a Plotly chart from
    scratch whenever its spec changes, so the page draws it once per run and marks the step
    with :func:`step_ruler`, an HTML strip right above it (the margins are fixed for that).
    """
    T, H = layer["f"].shape
    band = H + 1  # each quantity's rows, then one empty row
    chars = np.broadcast_to(np.array([char_label(ch) for ch in symbols], dtype=object), (H, T))
    data = [{"type": "heatmap", "z": layer[name].T, "x": np.arange(1, T + 1), "y": q * band + np.arange(H),
             "coloraxis": colour_axis(name), "customdata": chars, "name": name, "xgap": 1, "ygap": 1 if H <= 16 else 0,
             "hovertemplate": (f"<b>{name}</b> · {notation.gate_term(tr, name)}<br>{tr.term('time_step')} %{{x}} · "
                               f"%{{customdata}}<br>{tr.term('unit')} %{{text}}<br>{name} = %{{z:{style.HOVER_NUMBER}}}"
                               "<extra></extra>"),
             "text": np.broadcast_to(np.arange(1, H + 1)[:, None], (H, T))}
            for q, name in enumerate(notation.OVER_TIME)]
    bar = {"len": 0.3, "thickness": 14}
    layout = {
        "xaxis": {"title": {"text": tr("step.axis_step")}, "range": [0.5, T + 0.5], **step_ticks(symbols)},
        "yaxis": {"autorange": "reversed", "tickmode": "array", "showgrid": False, "zeroline": False,
                  "title": {"text": tr("step.axis_units")},
                  "tickvals": [q * band + (H - 1) / 2 for q in range(len(notation.OVER_TIME))],
                  "ticktext": [f"<b>{name}</b> {notation.gate_term(tr, name)}" for name in notation.OVER_TIME]},
        **colour_axes(tr, c_range, gates={**bar, "y": 0.85}, unit={**bar, "y": 0.5}, cell={**bar, "y": 0.15}),
    }
    row_px = float(np.clip(480 / (len(notation.OVER_TIME) * H), 3.5, 16))
    fig = figure({"data": data, "layout": layout}, title=title,
                 height=int(HEAT_MARGIN["t"] + HEAT_MARGIN["b"] + row_px * len(notation.OVER_TIME) * band))
    return fig.update_layout(margin=HEAT_MARGIN)


def step_ruler(symbols: Sequence[str], t: int, tr: Translator) -> str:
    """An HTML strip over the heatmaps' plot area, one cell per step, pointing at step ``t``."""
    T = len(symbols)
    cells = []
    for s, ch in enumerate(symbols, start=1):
        label = escape.html_text(escape.visible_char(ch))
        if s == t:
            cells.append(f'<div class="now" title="t = {s} · {label}"><span>'
                         f'{escape.html_text(tr("step.ruler_now"))} t = {s} · {label} ▼</span></div>')
        else:
            cells.append(f'<div title="t = {s} · {label}"></div>')
    return (f'<div class="step-ruler" data-t="{t}" data-steps="{T}" '
            f'style="margin:26px {HEAT_MARGIN["r"]}px 0 {HEAT_MARGIN["l"]}px">{"".join(cells)}</div>')


def state_lines(layer: Mapping[str, np.ndarray], symbols: Sequence[str], tr: Translator, *, c_range: float,
                title: str) -> go.Figure:
    """c and h of every unit over time, one line per unit, side by side (drawn once per run,
    so it carries no step marker: the heatmaps above show the step)."""
    T, H = layer["c"].shape
    steps = np.arange(1, T + 1)
    chars = [char_label(ch) for ch in symbols]
    layout = grid([f"c — {tr.term('cell_state')}", f"h — {tr.term('hidden_state')}"], rows=1, cols=2, spacing=0.08)
    data = [{"type": "scatter", "x": steps, "y": layer[name][:, k], "mode": "lines+markers", "customdata": chars,
             "name": f"{tr.term('unit')} {k + 1}", "legendgroup": str(k), "showlegend": row == 1,
             "line": {"color": style.series_colour(k), "width": 2}, "marker": {"size": 6},
             "xaxis": axis_name(row, "x"), "yaxis": axis_name(row, "y"),
             "hovertemplate": (f"{tr.term('unit')} {k + 1} · {tr.term('time_step')} %{{x}} · %{{customdata}}"
                               f"<br>{name} = %{{y:{style.HOVER_NUMBER}}}<extra></extra>")}
            for row, name in enumerate(("c", "h"), start=1) for k in range(H)]
    layout["yaxis"].update(title={"text": "c"}, range=[-c_range, c_range], zeroline=True)
    layout["yaxis2"].update(title={"text": "h"}, range=list(style.UNIT_RANGE), zeroline=True)
    axes(layout, "x", 2, range=[0.5, T + 0.5], title={"text": tr("step.axis_step")}, **step_ticks(symbols))
    fig = figure({"data": data, "layout": layout}, title=title, height=420 + 22 * ((H - 1) // 8))
    return fig.update_layout(legend={"orientation": "h", "y": -0.25, "yanchor": "top", "x": 0.0, "xanchor": "left"})


def prediction(p: np.ndarray, vocab: Sequence[str], answer: int | None, tr: Translator, *, t: int, char: str,
               rows: int = 10) -> str:
    """The model's next-character probabilities at one step, as an HTML bar list (most likely
    first, at most ``rows`` bars, the right answer always among them and marked ✓; at the
    last step there is no answer, and a note says so).

    HTML rather than a Plotly chart: it changes at every step, and a changed Plotly chart is
    rebuilt from scratch by Streamlit, which cost more than the rest of the step together.
    """
    order = [int(k) for k in np.argsort(-np.asarray(p), kind="stable")[:rows]]
    if answer is not None and answer not in order:
        order[-1] = answer
    lines = []
    for k in order:
        right = k == answer
        label = escape.html_text(escape.visible_char(vocab[k]))
        mark = ' <b class="tick">✓</b>' if right else ""
        lines.append(
            f'<div class="p-row{" right" if right else ""}" title="{label}: {p[k]:{style.HOVER_NUMBER}}">'
            f'<span class="p-char">{label}</span>'
            f'<span class="p-track"><span class="p-bar" style="width:{100 * float(p[k]):.1f}%"></span></span>'
            f'<span class="p-value">{p[k]:{style.HOVER_NUMBER}}{mark}</span></div>')
    notes = ([escape.html_text(tr("step.prob_last"))] if answer is None
             else [f'<b class="tick">✓</b> {escape.html_text(tr("step.right_answer"))}'])
    if len(order) < len(vocab):
        notes.append(escape.html_text(tr("step.prob_top", shown=len(order), V=len(vocab))))
    shown = f'<p class="p-note">{" · ".join(notes)}</p>'
    title = tr("step.prob_title", t=t, char=escape.visible_char(char))
    return (f'<div class="prediction"><p class="p-title">{escape.html_text(title)}</p>'
            f'<p class="p-axes">{escape.html_text(tr("step.axis_probability"))}'
            f' · {escape.html_text(tr("step.axis_next_char"))}</p>{"".join(lines)}{shown}</div>')


PLAY_ORDER = (*notation.SIGMOID_GATES, "g", "c", "h")  # gates on the left axis, signed values on the right


def playback(layer: Mapping[str, np.ndarray], symbols: Sequence[str], tr: Translator, *, c_range: float,
             title: str) -> go.Figure:
    """Every step as an animation frame, played by Plotly in the browser (no server round trip).

    Left: the gates f, i, o per unit (0…1); right: g, c and h per unit. Under them the
    Play/Pause buttons, and on a row of its own the slider with its label (the step
    shown), so the buttons never cover the label whatever the width; the legend stands
    on the right, below the top edge where Plotly's mode bar appears.
    """
    T, H = layer["f"].shape
    units = [str(k + 1) for k in range(H)]
    layout = grid([tr("step.play_gates"), tr("step.play_states")], rows=1, cols=2, spacing=0.08)

    def bars(s: int) -> list[dict]:
        return [{"type": "bar", "x": units, "y": layer[name][s], "name": name,
                 "marker": {"color": style.series_colour(k)}, "xaxis": "x" if name in notation.SIGMOID_GATES else "x2",
                 "yaxis": "y" if name in notation.SIGMOID_GATES else "y2",
                 "hovertemplate": f"{tr.term('unit')} %{{x}}<br>{name} = %{{y:{style.HOVER_NUMBER}}}<extra></extra>"}
                for k, name in enumerate(PLAY_ORDER)]

    def frame_title(s: int) -> str:
        return f"{title} · {tr('step.readout', t=s + 1, T=T, char=char_label(symbols[s]))}"

    animate = {"frame": {"duration": 700, "redraw": False}, "transition": {"duration": 400},
               "mode": "immediate", "fromcurrent": True}
    layout["yaxis"].update(range=list(style.GATE_RANGE), title={"text": tr("step.axis_value")})
    layout["yaxis2"].update(range=[-c_range, c_range], title={"text": tr("step.axis_value")})
    axes(layout, "x", 2, title={"text": tr.term("unit")})
    layout.update(
        barmode="group",
        updatemenus=[{"type": "buttons", "direction": "left", "x": 0.0, "y": -0.2, "xanchor": "left",
                      "yanchor": "top", "showactive": False, "pad": {"t": 0, "l": 0},
                      "buttons": [{"label": f"▶ {tr('step.play')}", "method": "animate", "args": [None, animate]},
                                  {"label": f"❚❚ {tr('step.pause')}", "method": "animate",
                                   "args": [[None], {"mode": "immediate", "frame": {"duration": 0}}]}]}],
        sliders=[{"active": 0, "x": 0.0, "len": 1.0, "y": -0.38, "yanchor": "top", "pad": {"t": 0, "l": 0},
                  "currentvalue": {"prefix": f"{tr.term('time_step')}: ", "xanchor": "left"},
                  "steps": [{"label": f"{s + 1} {char_label(symbols[s])}", "method": "animate",
                             "args": [[str(s + 1)], {**animate, "frame": {"duration": 0, "redraw": False}}]}
                            for s in range(T)]}],
    )
    frames = [{"data": bars(s), "name": str(s + 1), "layout": {"title": {"text": frame_title(s)}}} for s in range(T)]
    fig = figure({"data": bars(0), "layout": layout, "frames": frames}, title=frame_title(0), height=560)
    return fig.update_layout(margin={"b": 210, "r": 70},
                             legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"})
