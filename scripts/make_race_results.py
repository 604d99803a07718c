"""Run the default race once and ship its table with the app, so that the RNN vs LSTM
page shows the accuracy-by-delay chart instantly instead of training for minutes.

    .venv/bin/python scripts/make_race_results.py      # writes assets/results/race_default.json

The file records the call, the lstm_core settings used (``DEFAULT_RACE``), the result
and where it was made; tests/app/test_gradients_page.py fails when ``DEFAULT_RACE``
changes and this file was not made again.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from lstm_core import DEFAULT_RACE, RaceResult, race  # noqa: E402
from ui.race_board import RACE_FILE, race_record  # noqa: E402


def lstm_core_commit() -> str:
    """The last commit that touched lstm_core, plus "+dirty" if it has changes since."""
    run = lambda *args: subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: E731
    commit = run("log", "-1", "--format=%H", "--", "lstm_core")
    return commit + ("+dirty" if run("status", "--porcelain", "--", "lstm_core") else "")


def main() -> None:
    for event in race(settings=DEFAULT_RACE):  # the default delays, cells and seeds
        if isinstance(event, RaceResult):
            record = race_record(event)
        elif event.test_accuracy is not None:
            print(f"{event.cell:>4} delay {event.delay:>3} seed {event.seed}: accuracy {event.test_accuracy:.3f}",
                  flush=True)
    record["made_with"] = {"lstm_core_commit": lstm_core_commit(), "numpy": np.__version__,
                           "python": platform.python_version(), "machine": platform.machine()}
    RACE_FILE.parent.mkdir(parents=True, exist_ok=True)
    RACE_FILE.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"{record['result']['seconds']:.1f} s → {RACE_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
