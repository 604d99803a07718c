"""The gate playground's builders: the one-click experiments (which gates they fix, and
what the numbers of a run show about them), the c and h lines of the untouched and the
overridden cell, and the equations of one step with the fixed gates marked.

A run is :func:`lstm_core.override.run_with_gates`'s dict of (T, H) arrays. Each
experiment's sentence is computed from the run it describes (the values, the steps, the
exactness), never written in advance: :func:`observe` returns the template key and the
numbers that fill it, and the tests check those numbers against the run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go

from lstm_core.override import GATES, Fixed
from lstm_viz import equations, notation, style
from lstm_viz.i18n import Translator
from lstm_viz.step_figures import axes, axis_name, figure, grid, step_ticks

EXPERIMENTS = ("perfect_memory", "amnesia", "leaky", "silent", "write_once", "saturation")
FLAT = 0.01  # tanh(c) "has saturated" once a step moves it by less than this


def experiment_gates(name: str, T: int) -> dict[str, Fixed]:
    """The gates an experiment fixes, for a sequence of T ≥ 1 steps (steps count from 1)."""
    after_first = min(2, T)
    hold = {"f": Fixed(1.0, after_first), "i": Fixed(0.0, after_first)}
    return {
        "perfect_memory": hold,
        "amnesia": {"f": Fixed(0.0)},
        "leaky": {"f": Fixed(0.5, after_first), "i": Fixed(0.0, after_first)},
        "silent": {**hold, "o": Fixed(1.0, T, before=0.0)},  # shut until the last step, then open
        "write_once": {"f": Fixed(1.0, after_first), "i": Fixed(0.0, after_first, before=1.0)},
        "saturation": {"f": Fixed(1.0), "i": Fixed(1.0), "g": Fixed(1.0)},
    }[name]


def experiment_step(name: str, T: int) -> int:
    """The step an experiment opens the diagram at (where its lesson shows)."""
    return min(3, T) if name == "amnesia" else T


class Observation(NamedTuple):
    key: str  # the sentence's template, ``playground.<key>``
    values: dict[str, object]  # the numbers, formatted as the page shows them
    facts: dict[str, object]  # the same numbers unformatted, for the tests


def vec(v: np.ndarray) -> str:
    """One unit's value as a number, several units' as a bracketed list."""
    v = np.atleast_1d(np.asarray(v, dtype=float))
    return notation.number(v[0]) if len(v) == 1 else "[" + ", ".join(notation.number(x) for x in v) + "]"


def _steps_where(run: Mapping[str, np.ndarray], **gates: float) -> np.ndarray:
    """The steps (from 1) at which every unit has each named gate fixed at the given value."""
    ok = np.ones(len(run["c"]), dtype=bool)
    for name, value in gates.items():
        ok &= np.all(run[f"fixed_{name}"] & (run[name] == value), axis=1)
    return np.flatnonzero(ok) + 1


def _run_from(steps: np.ndarray) -> np.ndarray:
    """The first unbroken stretch of steps in ``steps`` (sorted)."""
    if len(steps) == 0:
        return steps
    breaks = np.flatnonzero(np.diff(steps) != 1)
    return steps[: breaks[0] + 1] if len(breaks) else steps


def _stretch(run: Mapping[str, np.ndarray], **gates: float) -> tuple[int, int] | None:
    """The first and last step of the first unbroken stretch with the gates fixed so."""
    steps = _run_from(_steps_where(run, **gates))
    return (int(steps[0]), int(steps[-1])) if len(steps) else None


def observe(name: str, run: Mapping[str, np.ndarray]) -> Observation | None:
    """What an experiment's run shows, as a sentence key and its numbers; None where the
    run has no step with the experiment's gates (e.g. after the gates were changed)."""
    return OBSERVERS[name](run)


def _perfect_memory(run):
    if (stretch := _stretch(run, f=1.0, i=0.0)) is None:
        return None
    first, last = stretch
    kept = run["c_prev"][first - 1]
    exact = bool(np.all(run["c"][first - 1:last] == kept))
    facts = {"start": first, "end": last, "n": last - first + 1, "c": kept, "exact": exact}
    return Observation("exp_perfect_memory_note" if exact else "exp_not_exact", _shown(facts), facts)


def _amnesia(run):
    wiped = _steps_where(run, f=0.0)
    if len(wiped) == 0:
        return None
    t = int(next((s for s in wiped if s >= 2), wiped[0]))
    s = t - 1
    written = run["i"][s] * run["g"][s]
    exact = bool(np.all(run["c"][wiped - 1] == (run["i"] * run["g"])[wiped - 1]))
    facts = {"t": t, "c_prev": run["c_prev"][s], "i": run["i"][s], "g": run["g"][s], "c": run["c"][s],
             "n": len(wiped), "exact": exact and bool(np.all(run["c"][s] == written))}
    return Observation("exp_amnesia_note" if facts["exact"] else "exp_not_exact", _shown(facts), facts)


def _leaky(run):
    if (stretch := _stretch(run, f=0.5, i=0.0)) is None:
        return None
    first, last = stretch
    start = run["c_prev"][first - 1]
    c = run["c"][first - 1:last]
    k = np.arange(1, len(c) + 1)
    exact = bool(np.all(c == start * 0.5 ** k[:, None]))
    facts = {"start": first, "c0": start, "values": c[:4], "more": len(c) > 4, "n": len(c), "c_last": c[-1],
             "exact": exact}
    values = _shown(facts)
    values["values"] = ", ".join(vec(v) for v in c[:4]) + (" …" if len(c) > 4 else "")
    return Observation("exp_leaky_note" if exact else "exp_not_exact", values, facts)


def _silent(run):
    if (stretch := _stretch(run, o=0.0)) is None:
        return None
    first, last = stretch
    silent = bool(np.all(run["h"][first - 1:last] == 0.0))
    facts = {"start": first, "end": last, "c_kept": run["c"][last - 1], "silent": silent}
    if last == len(run["c"]) or not silent:
        return Observation("exp_silent_closed" if silent else "exp_not_exact", _shown(facts), facts)
    u = last  # the next step, 0-based
    facts |= {"open": last + 1, "o": run["o"][u], "c": run["c"][u], "h": run["h"][u]}
    return Observation("exp_silent_note", _shown(facts), facts)


def _write_once(run):
    wide = _steps_where(run, i=1.0)
    if len(wide) == 0:
        return None
    s = int(wide[0])
    after = _steps_where(run, f=1.0, i=0.0)
    held = _run_from(after[after > s])
    end = int(held[-1]) if len(held) and held[0] == s + 1 else s
    c = run["c"][s - 1]
    exact = bool(np.all(run["c"][s - 1:end] == c)) and bool(np.all(c == run["f"][s - 1] * run["c_prev"][s - 1]
                                                                    + run["g"][s - 1]))
    facts = {"t": s, "f": run["f"][s - 1], "c_prev": run["c_prev"][s - 1], "g": run["g"][s - 1], "c": c,
             "end": end, "exact": exact}
    return Observation("exp_write_once_note" if exact else "exp_not_exact", _shown(facts), facts)


def _saturation(run):
    if (stretch := _stretch(run, f=1.0, i=1.0, g=1.0)) is None:
        return None
    first, last = stretch
    c, tanh_c = run["c"][first - 1:last], run["tanh_c"][first - 1:last]
    prev = np.vstack([np.tanh(run["c_prev"][first - 1])[None], tanh_c[:-1]])
    moved = np.max(np.abs(tanh_c - prev), axis=1)
    flat = np.flatnonzero(moved < FLAT)
    exact = bool(np.all(c == run["c_prev"][first - 1:last] + 1.0))
    facts = {"start": first, "c": c, "tanh_c": tanh_c, "exact": exact,
             "flat": int(first + flat[0]) if len(flat) else None, "moved": moved}
    values = _shown(facts)
    values["c"] = ", ".join(vec(v) for v in c[:5]) + (" …" if len(c) > 5 else "")
    values["tanh_c"] = ", ".join(vec(v) for v in tanh_c[:5]) + (" …" if len(c) > 5 else "")
    values["limit"] = notation.number(FLAT, 2)
    key = "exp_saturation_note" if facts["flat"] is not None else "exp_saturation_short"
    return Observation(key if exact else "exp_not_exact", values, facts)


def _shown(facts: dict) -> dict[str, object]:
    """Facts as the sentence writes them: one step's values (a number or an (H,) vector)
    to 3 decimals; counts and step numbers as they are; lists of steps are written by the caller."""
    return {k: vec(v) if isinstance(v, float) or (isinstance(v, np.ndarray) and v.ndim <= 1) else v
            for k, v in facts.items()}


OBSERVERS = {"perfect_memory": _perfect_memory, "amnesia": _amnesia, "leaky": _leaky, "silent": _silent,
             "write_once": _write_once, "saturation": _saturation}


# ------------------------------------------------------------------------ figures
def lines(model: Mapping[str, np.ndarray], played: Mapping[str, np.ndarray], labels: Sequence[str],
          tr: Translator, *, title: str) -> go.Figure:
    """c and h over the steps: the untouched cell dashed, the one with your gates solid,
    one colour per unit; the steps where a gate is fixed are shaded."""
    T, H = played["c"].shape
    steps = np.arange(1, T + 1)
    layout = grid([f"c — {tr.term('cell_state')}", f"h — {tr.term('hidden_state')}"], rows=1, cols=2, spacing=0.1)
    data = []
    for row, name in enumerate(("c", "h"), start=1):
        for k in range(H):
            for which, run, dash in (("model", model, "dot"), ("played", played, "solid")):
                label = tr(f"playground.line_{which}") + (f" · {tr.term('unit')} {k + 1}" if H > 1 else "")
                data.append({
                    "type": "scatter", "x": steps, "y": run[name][:, k], "mode": "lines+markers", "name": label,
                    "legendgroup": f"{which}{k}", "showlegend": row == 1, "customdata": list(labels),
                    "line": {"color": style.series_colour(k), "width": 3 if which == "played" else 2, "dash": dash},
                    "marker": {"size": 7 if which == "played" else 5}, "opacity": 1.0 if which == "played" else 0.7,
                    "xaxis": axis_name(row, "x"), "yaxis": axis_name(row, "y"),
                    "hovertemplate": (f"{label} · {tr.term('time_step')} %{{x}} · %{{customdata}}"
                                      f"<br>{name} = %{{y:{style.HOVER_NUMBER}}}<extra></extra>")})
    fixed = np.flatnonzero(np.any([played[f"fixed_{g}"].any(axis=1) for g in GATES], axis=0)) + 1
    layout["shapes"] = [{"type": "rect", "xref": f"x{'' if row == 1 else row}", "yref": "paper", "x0": s - 0.5,
                         "x1": s + 0.5, "y0": 0, "y1": 1, "fillcolor": style.HIGHLIGHT, "opacity": 0.12,
                         "line": {"width": 0}, "layer": "below"} for row in (1, 2) for s in fixed]
    peak = max(float(np.abs(played["c"]).max(initial=0)), float(np.abs(model["c"]).max(initial=0)))
    layout["yaxis"].update(title={"text": "c"}, range=list(style.signed_range(peak * 1.05)), zeroline=True)
    layout["yaxis2"].update(title={"text": "h"}, range=[-1.05, 1.05], zeroline=True)
    axes(layout, "x", 2, range=[0.5, T + 0.5], title={"text": tr("step.axis_step")}, **step_ticks(labels))
    fig = figure({"data": data, "layout": layout}, title=title, height=380)
    return fig.update_layout(legend={"orientation": "h", "y": -0.28, "yanchor": "top", "x": 0.0, "xanchor": "left"},
                             margin={"b": 90})


# ------------------------------------------------------------------------ equations
def gate_equation(name: str, step: Mapping[str, np.ndarray], fixed_word: str) -> str:
    """A gate's line: σ(…) with the numbers, or, where it is fixed, the value you set and
    (struck through) what the model would have said."""
    mask = np.asarray(step[f"fixed_{name}"], dtype=bool)
    if not mask.any():
        return equations.gate(name, step)
    act = notation.GATE_ACTIVATION[name]
    model = f'<span class="wrong">{equations.symbols(act)}(…) = </span>{equations.column(step["model_" + name])}'
    return equations._aligned(f"{name}_t", [equations.column(step[name]), f'<span class="fixed-word">'
                                            f"{fixed_word}</span>"], [model])


def step_equations(step: Mapping[str, np.ndarray], fixed_word: str) -> str:
    """The step's six equations with its numbers (fixed gates marked), as one block."""
    return equations.together(*(gate_equation(name, step, fixed_word) for name in GATES),
                              equations.update(step), equations.output(step))
