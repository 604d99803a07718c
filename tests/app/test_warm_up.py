"""The server's warm-up (app.py → ui.warm_up): it imports what the pages use, and only that,
and computes /step's default view."""

from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT
from ui import warm_up


def test_it_covers_every_module_of_the_project_but_the_pandas_tables():
    names = warm_up.modules()
    for expected in ("lstm_core", "lstm_core.cells", "lstm_viz.diagram", "lstm_viz.cards", "ui.frame", "ui.step_data",
                     "ui.gradients_data", "ui.race_board", "streamlit.emojis"):
        assert expected in names
    assert "lstm_viz.tables" not in names and "ui.warm_up" not in names and len(names) == len(set(names))


def last_line_printed_by(program: str) -> str:
    """Run ``program`` in a fresh interpreter (nothing imported yet) from the project's root."""
    out = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_a_fresh_interpreter_is_warm_after_it_and_has_not_loaded_pandas():
    assert last_line_printed_by("import sys; from ui.warm_up import modules, warm_up; warm_up(); "
                                "missing = [m for m in modules() if m not in sys.modules]; "
                                "print(missing, 'pandas' in sys.modules)") == "[] False"


def test_it_leaves_the_default_step_view_in_the_cache():
    """After the warm-up, /step's default view needs no training (the trainer may not even run)."""
    assert last_line_printed_by("from ui import step_data; from ui.warm_up import warm_up; warm_up(); "
                                "step_data.fit_next_char = None; run = step_data.step_run(step_data.View()); "
                                "print(run['symbols'], run['history']['accuracy'])") == "['h', 'e', 'l', 'l', 'o'] 1.0"
