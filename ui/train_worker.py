"""A training job's work, done in a process of its own (see :mod:`ui.train_jobs`).

Training is many short NumPy calls, so a training thread in the server holds the
interpreter lock most of the time it runs, and every other session's script run waits for
it. Measured with one student stepping through /step as fast as the server answers
(``benchmarks/load.py``'s client) while two 64-unit, 3-layer trainings ran: as threads in
the server, step p50 96 ms, p95 328 ms; as two low-priority processes, p50 52 ms, p95
98 ms — the same as with no training (52 / 118 ms). So each job runs in a process at
low priority, and this module imports NumPy and the engine only (no Streamlit).

The process reports on a queue: ``("start", {cell: initial weights})``, then
``("records", {cell: [(step, loss, accuracy), …]})`` every ``REPORT_EVERY`` seconds and
at the end, then ``("end", "done" | "stopped", {cell: weights reached})``, or
``("error", text)``. It stops at the next step once ``stop`` is set.
"""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass

from lstm_core import SGD, Adam, CharModel, next_char, train

SGD_MOMENTUM = 0.9
CLIP_NORM = 1.0
REPORT_EVERY = 0.05  # seconds between reports of the records (the page polls 5 times a second)


@dataclass(frozen=True)
class TrainSpec:
    """One press of Train: the text, the cell(s) (two to compare them), the model and the optimiser."""

    text: str
    cells: tuple[str, ...]
    hidden: int
    layers: int
    optimizer: str  # "adam" or "sgd" (with momentum SGD_MOMENTUM)
    lr: float
    steps: int
    seed: int


def models(spec: TrainSpec) -> dict[str, CharModel]:
    """The spec's model(s) as initialised: the same weights in the worker and in the server."""
    _, _, vocab = next_char(spec.text)
    return {cell: CharModel.for_vocab(vocab, spec.hidden, num_layers=spec.layers, cell=cell, seed=spec.seed)
            for cell in spec.cells}


def _optimizer(spec: TrainSpec, model: CharModel):
    if spec.optimizer == "sgd":
        return SGD(model.parameters(), lr=spec.lr, momentum=SGD_MOMENTUM)
    return Adam(model.parameters(), lr=spec.lr)


def work(spec: TrainSpec, events, stop) -> None:
    """The process's body: train the model(s), one step of each in turn, until the steps are
    done or ``stop`` is set; full-batch next-character training, gradients clipped at CLIP_NORM."""
    os.nice(10)  # the server's sessions first
    try:
        trained = models(spec)
        events.put(("start", {cell: model.state_dict() for cell, model in trained.items()}))
        x, y, _ = next_char(spec.text)
        active = {cell: train(model, itertools.repeat((x, y)), steps=spec.steps,
                              optimizer=_optimizer(spec, model), clip_norm=CLIP_NORM)
                  for cell, model in trained.items()}
        fresh: dict[str, list] = {cell: [] for cell in trained}
        reported = time.monotonic()
        while active and not stop.is_set():
            for cell, steps in list(active.items()):
                record = next(steps, None)
                if record is None:
                    del active[cell]
                else:
                    fresh[cell].append((record.step, record.loss, record.accuracy))
            if time.monotonic() - reported >= REPORT_EVERY or not active:
                events.put(("records", fresh))
                fresh, reported = {cell: [] for cell in trained}, time.monotonic()
        events.put(("records", fresh))
        events.put(("end", "stopped" if active else "done",
                    {cell: model.state_dict() for cell, model in trained.items()}))
    except Exception as error:  # reported to the server, which shows the job as stopped
        events.put(("error", repr(error)))
