"""The training page's worker: a bounded pool of training jobs shared by the server.

A student's training runs in a thread of this pool, never in the script run that asked
for it, so the page stays live (its fragment polls the job's progress five times a
second) and other sessions are not held up. The pool is one per server
(:func:`pool`, a ``st.cache_resource`` singleton) and bounded:

* at most one job per session (keyed by an id the page keeps in its session state): a
  second Train stops the first and replaces it;
* at most ``max_running`` jobs at once on the server; later ones wait in a queue, in
  order, and the page says how many are ahead;
* a job stops at the next training step once its Stop flag is set, keeping the model it
  reached (a step of the largest model the page allows takes about 30 ms);
* every poll is a heartbeat: a job whose session stopped polling for
  ``heartbeat_timeout`` seconds (the tab was closed, the session ended) is stopped and
  dropped with its models, so their memory is freed.

Threads, not processes: the models are small (at most 64 units, 3 layers, 64 time
steps), so a step is many short NumPy calls; Python hands the interpreter lock over
every 5 ms. Measured on this 2-core machine: a thread sleeping 5 ms woke 0.07 ms late
(median) with the pool idle and 0.09 ms late with two 64-unit, 3-layer trainings
running (about 75 ms a step each). Threads also stop at once and hand their model over
without copying.

Nothing here calls Streamlit but :func:`pool`; the tests drive :class:`TrainPool` directly.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from lstm_core import SGD, Adam, CharModel, next_char, train

MAX_RUNNING = 2  # this server has 2 cores
HEARTBEAT_TIMEOUT = 5.0  # seconds without a poll after which a session's job is dropped
SGD_MOMENTUM = 0.9
CLIP_NORM = 1.0


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


@dataclass
class Job:
    """A training job and what it has reached; written by its worker, read by the page.

    ``records[cell]`` is a list of (step, loss, accuracy), one per step; ``models[cell]``
    the model being trained (after the job ends: the model reached, in eval mode);
    ``initial[cell]`` its weights before the first step. (The page's learning rates are
    at most 0.1 and gradients are clipped, so a tanh cell cannot diverge; an error would
    end the job as stopped, see :meth:`TrainPool._work`.)
    """

    spec: TrainSpec
    heartbeat: float
    state: str = "queued"  # queued → running → done | stopped | abandoned
    records: dict[str, list[tuple[int, float, float]]] = field(default_factory=dict)
    models: dict[str, CharModel] = field(default_factory=dict)
    initial: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    stop_flag: threading.Event = field(default_factory=threading.Event)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "stopped", "abandoned")

    def latest(self, cell: str) -> tuple[int, float, float] | None:
        records = self.records.get(cell)
        return records[-1] if records else None


def _optimizer(spec: TrainSpec, model: CharModel):
    if spec.optimizer == "sgd":
        return SGD(model.parameters(), lr=spec.lr, momentum=SGD_MOMENTUM)
    return Adam(model.parameters(), lr=spec.lr)


def run(job: Job, abandoned: Callable[[], bool] = lambda: False) -> None:
    """Train the job's model(s), one step of each in turn, until its steps are done, its
    Stop flag is set or ``abandoned()`` says nobody is watching; full-batch next-character
    training on the text, gradients clipped at CLIP_NORM."""
    spec = job.spec
    x, y, vocab = next_char(spec.text)
    for cell in spec.cells:
        model = CharModel.for_vocab(vocab, spec.hidden, num_layers=spec.layers, cell=cell, seed=spec.seed)
        job.models[cell], job.initial[cell], job.records[cell] = model, model.state_dict(), []
    active = {cell: train(model, itertools.repeat((x, y)), steps=spec.steps, optimizer=_optimizer(spec, model),
                          clip_norm=CLIP_NORM) for cell, model in job.models.items()}
    job.state = "running"
    while active:
        if job.stop_flag.is_set() or abandoned():
            job.state = "abandoned" if abandoned() else "stopped"
            break
        for cell, steps in list(active.items()):
            try:
                record = next(steps)
            except StopIteration:
                del active[cell]
                continue
            job.records[cell].append((record.step, record.loss, record.accuracy))
    else:
        job.state = "done"
    for model in job.models.values():
        model.eval()


class TrainPool:
    """Every session's training jobs: one per session, ``max_running`` at a time."""

    def __init__(self, max_running: int = MAX_RUNNING, heartbeat_timeout: float = HEARTBEAT_TIMEOUT,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_running, self.heartbeat_timeout, self.clock = max_running, heartbeat_timeout, clock
        self.lock = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self.waiting: deque[str] = deque()
        self.running = 0

    def submit(self, session: str, spec: TrainSpec) -> Job:
        """Queue a job for ``session`` (stopping and replacing its earlier one); start it if a slot is free."""
        with self.lock:
            self._reap()
            self._drop(session)
            job = self.jobs[session] = Job(spec, heartbeat=self.clock())
            self.waiting.append(session)
            self._start_waiting()
            return job

    def poll(self, session: str) -> Job | None:
        """The session's job (None if it has none); counts as the session's heartbeat."""
        with self.lock:
            self._reap()
            job = self.jobs.get(session)
            if job is not None:
                job.heartbeat = self.clock()
            return job

    def ahead(self, session: str) -> int:
        """How many queued jobs wait before this session's (0 if it runs or has none)."""
        with self.lock:
            return self.waiting.index(session) if session in self.waiting else 0

    def stop(self, session: str) -> None:
        """Stop the session's job at its next step (a queued one never starts)."""
        with self.lock:
            job = self.jobs.get(session)
            if job is None:
                return
            job.stop_flag.set()
            if session in self.waiting:
                self.waiting.remove(session)
                job.state = "stopped"

    def take(self, session: str) -> Job | None:
        """Remove and return the session's job once it has finished (else None)."""
        with self.lock:
            job = self.jobs.get(session)
            if job is None or not job.finished:
                return None
            return self.jobs.pop(session)

    # ------------------------------------------------------------------ inside the lock
    def _stale(self, job: Job) -> bool:
        return self.clock() - job.heartbeat > self.heartbeat_timeout

    def _drop(self, session: str) -> None:
        job = self.jobs.pop(session, None)
        if job is not None:
            job.stop_flag.set()
        if session in self.waiting:
            self.waiting.remove(session)

    def _reap(self) -> None:
        """Drop the jobs of sessions that stopped polling (a running one stops at its next step)."""
        for session in [s for s, job in self.jobs.items() if self._stale(job)]:
            self._drop(session)

    def _start_waiting(self) -> None:
        while self.running < self.max_running and self.waiting:
            session = self.waiting.popleft()
            job = self.jobs[session]
            self.running += 1
            threading.Thread(target=self._work, args=(job,), name=f"train-{session[:8]}", daemon=True).start()

    def _work(self, job: Job) -> None:
        try:
            run(job, abandoned=lambda: self._stale(job))
        except Exception:  # a bug must not take the slot with it; the page shows the job as stopped
            job.state = "stopped"
        finally:
            with self.lock:
                self.running -= 1
                if job.state == "abandoned":
                    job.models.clear()
                self._start_waiting()


@st.cache_resource
def pool() -> TrainPool:
    """The server's one pool, shared by every session."""
    return TrainPool()
