"""Helpers shared by the page tests (AppTest) and the browser tests."""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "home.py")  # the main script (app.py wraps it in an st.App for the server)
APPTEST_TIMEOUT = 30  # seconds per run; a 2-core CI machine trains models on first render


def open_page(page: str | None = None, *, state: dict | None = None, **query: str) -> AppTest:
    """Run the app (optionally on ``pages/<file>``) with query parameters, as a first visit;
    ``state`` presets session-state keys (e.g. a lazy section's key = True: it is open)."""
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT)
    if page is not None:
        at.switch_page(page)
    for key, val in (state or {}).items():
        at.session_state[key] = val
    for key, val in query.items():
        at.query_params[key] = val
    return at.run()


def plotly_specs(at: AppTest) -> list[dict]:
    """Every Plotly chart on the page as its JSON spec (data + layout)."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def plotly_spec_titled(at: AppTest, fragment: str) -> dict:
    """The one chart whose title contains ``fragment``."""
    found = [s for s in plotly_specs(at) if fragment in _title(s)]
    assert len(found) == 1, f"{len(found)} charts titled with {fragment!r}: {[_title(s) for s in plotly_specs(at)]}"
    return found[0]


def _title(spec: dict) -> str:
    title = spec.get("layout", {}).get("title", {})
    return title.get("text", "") if isinstance(title, dict) else str(title)


def decode(array) -> np.ndarray:
    """Plotly ≥ 6 sends NumPy arrays as base64 typed arrays; turn them back into arrays."""
    if isinstance(array, dict) and "bdata" in array:
        flat = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
        shape = array.get("shape")
        return flat.reshape([int(s) for s in str(shape).split(",")]) if shape else flat
    return np.asarray(array)


def all_text(at: AppTest) -> str:
    """Everything written as markdown, captions, alerts and titles (to search for strings)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts.extend(str(el.value) for el in getattr(at, kind))
    return "\n".join(parts)


SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html: str) -> str:
    """The SVG picture of an HTML figure (``lstm_viz.diagram.html_figure``): its data URI decoded."""
    return base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1)).decode("utf-8")


class Drawn(NamedTuple):
    """A line read back from the chart: its values and how finely the picture draws them."""

    values: np.ndarray
    atol: float


def svg_lines(svg: str) -> dict[tuple[str, str], Drawn]:
    """The playground's lines chart (``lstm_viz.playground.lines_svg``) read back: every
    polyline as {(its legend label, "c" or "h"): the values its points draw on its panel},
    after checking that the points sit at the steps' band centres."""
    root = ET.fromstring(svg)
    panels = {r.get("data-panel"): r for r in root.iter(f"{SVG}rect") if r.get("data-panel")}
    shown = {}
    for line in root.iter(f"{SVG}polyline"):
        panel = panels[line.get("data-name")]
        x0, y0, w, h = (float(panel.get(k)) for k in ("x", "y", "width", "height"))
        lo, hi, T = float(panel.get("data-lo")), float(panel.get("data-hi")), int(panel.get("data-steps"))
        points = np.array([[float(n) for n in p.split(",")] for p in line.get("points").split()])
        assert len(points) == T
        assert np.allclose(points[:, 0], x0 + (np.arange(T) + 0.5) * w / T, atol=0.051)
        values = hi - (points[:, 1] - y0) * (hi - lo) / h
        shown[line.get("data-label"), line.get("data-name")] = Drawn(values, 0.0051 * (hi - lo) / h)
    return shown


def drawn(line: Drawn, expected: np.ndarray) -> bool:
    """Whether the line draws ``expected`` (to the picture's rounding of its points to 0.01 units)."""
    expected = np.asarray(expected, dtype=float)
    return line.values.shape == expected.shape and bool(np.allclose(line.values, expected, rtol=0, atol=line.atol))


def svg_shaded_steps(svg: str) -> list[int]:
    """The steps the lines chart shades (one list per panel, checked to be the same)."""
    root = ET.fromstring(svg)
    by_panel: dict[str, list[int]] = {}
    panels = {r.get("data-panel"): r for r in root.iter(f"{SVG}rect") if r.get("data-panel")}
    for span in (r for r in root.iter(f"{SVG}rect") if r.get("data-from")):
        x = float(span.get("x")) + float(span.get("width")) / 2
        name = next(n for n, p in panels.items() if float(p.get("x")) <= x <= float(p.get("x")) + float(p.get("width")))
        first, last = int(span.get("data-from")), int(span.get("data-to"))
        band = float(panels[name].get("width")) / int(panels[name].get("data-steps"))
        assert abs(float(span.get("x")) - (float(panels[name].get("x")) + (first - 1) * band)) < 0.01
        assert abs(float(span.get("width")) - (last - first + 1) * band) < 0.01
        by_panel.setdefault(name, []).extend(range(first, last + 1))
    assert len({tuple(sorted(v)) for v in by_panel.values()}) <= 1
    return sorted(by_panel.get("c", []))
