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

from lstm_core.override import GATES, Fixed
from lstm_viz import diagram, equations, escape, notation, style
from lstm_viz.i18n import Translator

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
    facts: dict[str, object]  # the same numbers unformatted: what the sentence claims


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


# ------------------------------------------------------------------------ the lines
# The c and h chart as an SVG picture (see lstm_viz.diagram for why a picture and not a
# Plotly figure): two panels side by side, c on the run's signed range and h on [−1, 1].
# Sizes in SVG units: the picture is LINES_WIDTH wide and drawn about 1 : 1 at 1280 px wide
# (sidebar open), so the smallest text, TICK_SIZE, is about 14 px there.
LINES_WIDTH = 840
TICK_SIZE, LINE_LABEL_SIZE, PANEL_TITLE_SIZE = 15, 16, 17
PANEL_LEFT, PANEL_W, PANEL_GAP, PLOT_H = 76, 320, 96, 210
GRID, AXIS, FIXED_OPACITY = "#E3E3E3", "#8C8C8C", 0.16
DOTS = "1 6"  # the untouched cell's dotted line (round caps make dots of it)
TICK_SPACE = 30  # the least room, in SVG units, one labelled step needs


def _svg_text(x: float, y: float, content: str, size: float, *, colour: str = diagram.TEXT,
              anchor: str = "middle", extra: str = "") -> str:
    """The diagram's SVG text, with ``content`` (plain text) escaped."""
    return diagram.svg_text(round(x, 1), round(y, 1), escape.html_text(content), size, colour, anchor, extra.strip())


def _tick_step(bound: float) -> float:
    """A round distance between y ticks: at most three ticks on each side of 0."""
    for step in (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0):
        if bound / step <= 3:
            return step
    return float(np.ceil(bound / 3))


def _tick_text(v: float) -> str:
    return notation.number(v, 0 if float(v).is_integer() else (1 if float(v * 2).is_integer() else 2))


class Panel(NamedTuple):
    """One panel of the lines chart: where it is (SVG units) and the values it spans."""

    name: str  # "c" or "h"
    left: float
    top: float
    lo: float
    hi: float
    T: int

    def x(self, step: float) -> float:
        """The centre of a step (from 1) across the panel."""
        return self.left + (step - 0.5) * PANEL_W / self.T

    def y(self, value: float) -> float:
        return self.top + (self.hi - min(max(float(value), self.lo), self.hi)) * PLOT_H / (self.hi - self.lo)


def fixed_steps(run: Mapping[str, np.ndarray]) -> list[int]:
    """The steps (from 1) at which some gate of some unit is fixed."""
    return [int(s) + 1 for s in np.flatnonzero(np.any([run[f"fixed_{g}"].any(axis=1) for g in GATES], axis=0))]


def _spans(steps: Sequence[int]) -> list[tuple[int, int]]:
    """Unbroken stretches of sorted steps as (first, last)."""
    spans: list[tuple[int, int]] = []
    for s in steps:
        if spans and spans[-1][1] == s - 1:
            spans[-1] = (spans[-1][0], s)
        else:
            spans.append((s, s))
    return spans


def _line_label(tr: Translator, which: str, k: int, H: int) -> str:
    return tr(f"playground.line_{which}") + (f" · {tr.term('unit')} {k + 1}" if H > 1 else "")


def _legend(tr: Translator, H: int) -> tuple[list[str], float]:
    """The key: dotted = untouched, solid = your gates, shaded = a gate fixed; then one
    colour per unit (several units only). Returns the parts and the y under the key."""
    ink = style.series_colour(0) if H == 1 else diagram.GREY
    x, y, parts = PANEL_LEFT, 16.0, []
    for which, dash in (("model", DOTS), ("played", None)):
        label = tr(f"playground.line_{which}")
        parts.append(_sample(x, y, ink, dash))
        parts.append(_svg_text(x + 40, y, label, LINE_LABEL_SIZE, anchor="start"))
        x += 40 + _text_width(label, LINE_LABEL_SIZE) + 28
    parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="30" height="18" fill="{style.HIGHLIGHT}" '
                 f'fill-opacity="{2 * FIXED_OPACITY:g}"/>')
    parts.append(_svg_text(x + 40, y, tr("playground.lines_fixed"), LINE_LABEL_SIZE, anchor="start"))
    if H > 1:
        y, x = y + 26, PANEL_LEFT
        for k in range(H):
            label = f"{tr.term('unit')} {k + 1}"
            parts.append(_sample(x, y, style.series_colour(k), None))
            parts.append(_svg_text(x + 40, y, label, LINE_LABEL_SIZE, anchor="start"))
            x += 40 + _text_width(label, LINE_LABEL_SIZE) + 28
    return parts, y + 16


def _sample(x: float, y: float, colour: str, dash: str | None) -> str:
    style_ = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<path d="M {x:.1f} {y:.1f} h 30" stroke="{colour}" stroke-width="{2.5 if dash else 3}" '
            f'stroke-linecap="round"{style_}/>')


def _text_width(text: str, size: float) -> float:
    """A generous guess of a label's width (Hangul is about square, Latin about half)."""
    return sum(size if ord(ch) > 0x2E7F else 0.56 * size for ch in text)


def _axes(panel: Panel, labels: Sequence[str], tr: Translator, title: str) -> list[str]:
    """The panel's grid, zero line, ticks, tick labels and titles."""
    left, right, top, bottom = panel.left, panel.left + PANEL_W, panel.top, panel.top + PLOT_H
    step = _tick_step(panel.hi)
    ticks = np.arange(-np.floor(panel.hi / step), np.floor(panel.hi / step) + 1) * step
    parts = [_svg_text(left, top - 18, title, PANEL_TITLE_SIZE, anchor="start", extra=' font-weight="600"')]
    for v in ticks:
        y = panel.y(v)
        colour, width = (AXIS, 1.5) if v == 0 else (GRID, 1)
        parts.append(f'<path d="M {left} {y:.1f} H {right}" stroke="{colour}" stroke-width="{width}"/>')
        parts.append(_svg_text(left - 8, y, _tick_text(v), TICK_SIZE, colour=diagram.GREY, anchor="end"))
    parts.append(f'<rect x="{left}" y="{top}" width="{PANEL_W}" height="{PLOT_H}" fill="none" stroke="{AXIS}"/>')
    parts.append(_svg_text(left - 52, top + PLOT_H / 2, panel.name, LINE_LABEL_SIZE + 2, extra=' font-style="italic"'))
    T = panel.T
    width = max(max((_text_width(lab, TICK_SIZE) for lab in labels), default=0), _text_width(str(T), TICK_SIZE))
    every = next(k for k in range(1, T + 1) if k * PANEL_W / T >= max(width + 6, TICK_SPACE) or k == T)
    for s in range(1, T + 1, every):
        x = panel.x(s)
        parts.append(f'<path d="M {x:.1f} {bottom} v 5" stroke="{AXIS}"/>')
        parts.append(_svg_text(x, bottom + 17, str(s), TICK_SIZE, colour=diagram.GREY))
        parts.append(_svg_text(x, bottom + 37, _input_label(labels[s - 1]), TICK_SIZE,
                               extra=f" font-family='{diagram.TOKEN_FONT}'"))
    parts.append(_svg_text(left + PANEL_W / 2, bottom + 64, tr("step.axis_step"), LINE_LABEL_SIZE,
                           colour=diagram.GREY))
    return parts


def _markers(H: int) -> str:
    """A round marker per unit colour and run (the untouched cell's smaller)."""
    return "".join(
        f'<marker id="m{which}{k}" viewBox="-5 -5 10 10" refX="0" refY="0" markerUnits="userSpaceOnUse" '
        f'markerWidth="{size}" markerHeight="{size}"><circle r="4" fill="{fill}" stroke="{style.series_colour(k)}" '
        f'stroke-width="2"/></marker>'
        for k in range(H) for which, size, fill in (("model", 7, "white"), ("played", 9, style.series_colour(k))))


def lines_svg(model: Mapping[str, np.ndarray], played: Mapping[str, np.ndarray], labels: Sequence[str],
              tr: Translator) -> tuple[str, list[diagram.Region], tuple[float, float]]:
    """c and h over the steps as an SVG picture: the untouched cell dotted, the one with
    your gates solid, one colour per unit; the steps where a gate is fixed are shaded.

    Returns the SVG, its hover regions (one per step and panel: every unit's value in both
    runs) and its size. Each line is a ``polyline`` with ``data-name`` (c or h),
    ``data-run`` (model or played) and ``data-unit`` (from 0); each panel's frame is a
    ``rect`` with ``data-panel``, ``data-lo`` and ``data-hi`` (its value range), each shaded
    stretch a ``rect`` with ``data-from`` and ``data-to`` (steps): what each mark means.
    """
    T, H = played["c"].shape
    legend, below = _legend(tr, H)
    top = below + 40
    peak = max(float(np.abs(played["c"]).max(initial=0)), float(np.abs(model["c"]).max(initial=0)))
    c_bound = style.signed_range(peak * 1.05)[1]
    panels = (Panel("c", PANEL_LEFT, top, -c_bound, c_bound, T),
              Panel("h", PANEL_LEFT + PANEL_W + PANEL_GAP, top, -1.05, 1.05, T))
    fixed = fixed_steps(played)
    fixed_by_step = {s: [g for g in GATES if played[f"fixed_{g}"][s - 1].any()] for s in fixed}
    parts, regions = list(legend), []
    for panel in panels:
        band = PANEL_W / T
        parts += [f'<rect x="{panel.x(first) - band / 2:.2f}" y="{top}" width="{(last - first + 1) * band:.2f}" '
                  f'height="{PLOT_H}" fill="{style.HIGHLIGHT}" fill-opacity="{FIXED_OPACITY:g}" '
                  f'data-from="{first}" data-to="{last}"/>' for first, last in _spans(fixed)]
        term = f"{panel.name} — {notation.gate_term(tr, panel.name)}"
        parts += _axes(panel, labels, tr, term)
        parts.append(f'<rect x="{panel.left}" y="{top}" width="{PANEL_W}" height="{PLOT_H}" fill="none" '
                     f'data-panel="{panel.name}" data-lo="{panel.lo!r}" data-hi="{panel.hi!r}" data-steps="{T}"/>')
        for k in range(H):
            for which, run in (("played", played), ("model", model)):
                values = np.asarray(run[panel.name][:, k], dtype=float)
                points = " ".join(f"{panel.x(s + 1):.1f},{panel.y(v):.2f}" for s, v in enumerate(values))
                colour, m = style.series_colour(k), f"url(#m{which}{k})"
                look = ('stroke-width="3"' if which == "played"
                        else f'stroke-width="2.5" stroke-dasharray="{DOTS}" stroke-linecap="round"')
                parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" {look} '
                             f'stroke-linejoin="round" marker-start="{m}" marker-mid="{m}" marker-end="{m}" '
                             f'data-name="{panel.name}" data-run="{which}" data-unit="{k}" '
                             f'data-label="{escape.html_text(_line_label(tr, which, k, H))}"/>')
        for s in range(1, T + 1):
            regions.append(diagram.Region(panel.x(s) - band / 2, top, band, PLOT_H,
                                          _step_title(panel.name, s, labels, model, played, tr, fixed_by_step)))
    height = top + PLOT_H + 80
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LINES_WIDTH} {height:g}" width="{LINES_WIDTH}" '
           f'height="{height:g}" font-family=\'{diagram.FONT}\'><defs>{_markers(H)}</defs>{"".join(parts)}</svg>')
    return svg, regions, (LINES_WIDTH, height)


def _input_label(label: str) -> str:
    """A step's input as the chart writes it: a typed character made visible, a number as it is."""
    return escape.visible_char(label) if len(label) == 1 else label


def _step_title(name: str, s: int, labels: Sequence[str], model: Mapping[str, np.ndarray],
                played: Mapping[str, np.ndarray], tr: Translator, fixed: Mapping[int, Sequence[str]]) -> str:
    """A step's tooltip in one panel: the step, its input, every unit's value in both runs."""
    H = played[name].shape[1]
    head = f"{tr.term('time_step')} {s} · “{_input_label(labels[s - 1])}”"
    rows = [f"{name}_{s} — {notation.gate_term(tr, name)}"]
    for k in range(H):
        unit = f"{tr.term('unit')} {k + 1}: " if H > 1 else ""
        rows.append(f"{unit}{tr('playground.line_model')} {notation.number(model[name][s - 1, k])} · "
                    f"{tr('playground.line_played')} {notation.number(played[name][s - 1, k])}")
    if s in fixed:
        rows.append(f"{tr('playground.fixed_mark')}: {', '.join(fixed[s])}")
    return "\n".join([head, *rows])


def lines_html(model: Mapping[str, np.ndarray], played: Mapping[str, np.ndarray], labels: Sequence[str],
               tr: Translator, *, title: str) -> str:
    """The lines chart for ``st.html``: its title, the picture and its hover regions."""
    svg, regions, size = lines_svg(model, played, labels, tr)
    figure = diagram.html_figure(svg, regions, title=title, alt=title, size=size)
    return f'<div class="play-lines">{figure}</div>'


# ------------------------------------------------------------------------ equations
def gate_equation(name: str, step: Mapping[str, np.ndarray], fixed_word: str) -> str:
    """A gate's line: σ(…) with the numbers, or, where it is fixed, the value you set and
    (in red) what the model would have said."""
    mask = np.asarray(step[f"fixed_{name}"], dtype=bool)
    if not mask.any():
        return equations.gate(name, step)
    act = notation.GATE_ACTIVATION[name]
    model = f'<span class="wrong">{equations.symbols(act)}(…) = </span>{equations.column(step["model_" + name])}'
    return equations.aligned(f"{name}_t", [equations.column(step[name]), f'<span class="fixed-word">'
                                            f"{fixed_word}</span>"], [model])


def step_equations(step: Mapping[str, np.ndarray], fixed_word: str) -> str:
    """The step's six equations with its numbers (fixed gates marked), as one block."""
    return equations.together(*(gate_equation(name, step, fixed_word) for name in GATES),
                              equations.update(step), equations.output(step))
