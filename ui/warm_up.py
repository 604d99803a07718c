"""What the server does once, right after it starts (see ``app.py``): import the modules
the pages use and compute /step's default view, so that no visitor's first page run has to.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("lstm_core", "lstm_viz", "ui")
# Loaded by Streamlit on a page's first run: the emoji catalogue (the page icon is an
# emoji, and the language switch's Hangul label is checked for a leading one). pandas is
# left to the tables that need it: its import would compete with the first visitor's
# browser for the CPU (docs/performance.md has the timings).
LIBRARIES = ("streamlit.emojis",)


def modules() -> list[str]:
    """Every module of the project's packages but the pandas tables, then the libraries above."""
    names = []
    for package in PACKAGES:
        names.append(package)
        names += [f"{package}.{info.name}" for info in pkgutil.iter_modules([str(ROOT / package)])]
    return [name for name in names if name not in (__name__, "lstm_viz.tables")] + list(LIBRARIES)


def warm_up() -> None:
    for name in modules():
        importlib.import_module(name)
    # Streamlit's first element in a process checks for a REPL with inspect.stack(), whose
    # first call maps every loaded module to its file, a noticeable part of the first page run.
    inspect.stack()
    # The view /step opens with (the home page's "start with hello"), trained once for all
    # sessions (imported here, in the background thread, like everything above).
    from ui import step_data

    step_data.step_run(step_data.View())
