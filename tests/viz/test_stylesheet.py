"""One stylesheet: every colour and look of the project's HTML is in assets/css/lab.css, so a
palette (presenter mode's included) changes in one place. The only style written from Python
is presenter mode's rule that hides a teacher's chosen controls (its selectors are the link's)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STYLE = re.compile(r"<style|\b(?:color|background|border|font-size)\s*:")


def test_no_python_file_writes_style_but_the_hidden_controls_rule():
    sources = [*ROOT.glob("lstm_viz/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "home.py"]
    found = {f"{path.relative_to(ROOT)}:{n}": line.strip() for path in sources
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if STYLE.search(line)}
    assert list(found.values()) == ['st.html(f"<style>{selectors} {{ display: none; }}</style>")'], found
