"""Helpers shared by the page tests (AppTest) and the browser tests."""

from __future__ import annotations

import base64
import json
from pathlib import Path

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
