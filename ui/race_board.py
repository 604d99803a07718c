"""The race on /gradients: which cell still remembers across a long delay.

The shipped table (``assets/results/race_default.json``, written by
``scripts/make_race_results.py``) is shown at once; a reader may run the race again for
another seed. That takes about a minute, so it runs as a background job in a separate,
low-priority process: it never holds up the page or other people's sessions, and one
:class:`RaceBoard` per server runs one race at a time and shares its results by seed.
Every page that shows the running race polls it once a second; a race that nobody has
polled for ``heartbeat_timeout`` seconds (every tab that watched it was closed) is
stopped, so a class leaving the room leaves no minute of work behind.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import streamlit as st

from lstm_core import DEFAULT_RACE, RaceResult, race

RACE_FILE = Path(__file__).resolve().parents[1] / "assets" / "results" / "race_default.json"
RACE_DELAYS = (5, 10, 20, 50, 100)
RACE_CELLS = ("rnn", "gru", "lstm")
RACE_KEPT = 16  # finished races kept in memory (each is a small table)
HEARTBEAT_TIMEOUT = 5.0  # seconds without a poll after which a running race is stopped
WATCH_INTERVAL = 0.5  # seconds between two looks of the watchdog
# Measured once (tests/app/test_gradients_page.py trains these again and must get the same
# numbers, bit for bit): the race's LSTM at one delay with DEFAULT_RACE in every respect but
# the head start (gate_bias=None, PyTorch's initial biases), scored on the race's test set.
NO_HEAD_START = {"cell": "lstm", "delay": 50, "seeds": (0, 1, 2), "accuracy": (0.25, 0.278, 0.265)}


def race_record(result: RaceResult) -> dict:
    """A finished race as plain JSON data: the call, the settings it used, the table."""
    return {"call": {"delays": list(result.delays), "cells": list(result.cells), "seeds": list(result.seeds)},
            "settings": asdict(result.settings), "result": result.to_dict()}


@st.cache_data(show_spinner=False)
def shipped_race() -> dict:
    """The default race, run once by scripts/make_race_results.py and shipped with the app."""
    return json.loads(RACE_FILE.read_text(encoding="utf-8"))


def _race_worker(seed: int, delays: tuple[int, ...], events) -> None:
    """Runs in a separate process at low priority: the race for one seed, reported as
    ("progress", cell, delay, step, steps, fraction), then ("done", record) or ("error", text)."""
    os.nice(10)
    try:
        for event in race(delays, RACE_CELLS, (seed,), DEFAULT_RACE):
            if isinstance(event, RaceResult):
                events.put(("done", race_record(event)))
            else:
                events.put(("progress", event.cell, event.delay, event.step, event.steps, event.fraction))
    except Exception as error:  # reported to the page, never raised into the server
        events.put(("error", repr(error)))


@dataclass
class RaceJob:
    """One race running in its own process; the page polls it."""

    seed: int
    process: multiprocessing.Process
    events: object
    progress: tuple = ("", 0, 0, 0, 0.0)  # cell, delay, step, steps, fraction
    started: float = field(default_factory=time.monotonic)
    heartbeat: float = field(default_factory=time.monotonic)  # the last poll
    error: str | None = None


class RaceBoard:
    """Every session's view of the races: one at a time, shared results by seed.

    One job runs at a time, in a separate low-priority process, so a long race neither
    blocks this server's other sessions nor runs twice when two people ask for it.
    """

    def __init__(self, heartbeat_timeout: float = HEARTBEAT_TIMEOUT) -> None:
        self.heartbeat_timeout = heartbeat_timeout
        self.lock = threading.Lock()
        self.job: RaceJob | None = None
        self.results: dict[int, dict] = {}

    def start(self, seed: int, delays: tuple[int, ...] = RACE_DELAYS) -> bool:
        """Start the race for ``seed``; False if another one is running."""
        with self.lock:
            if self.job is not None and self.job.process.is_alive():
                return self.job.seed == seed
            context = multiprocessing.get_context("spawn")  # no fork of a threaded server
            events = context.Queue()
            process = context.Process(target=_race_worker, args=(seed, delays, events), daemon=True)
            process.start()
            self.job = RaceJob(seed, process, events)
            threading.Thread(target=self._watch, args=(self.job,), name=f"race-watch-{seed}", daemon=True).start()
            return True

    def _watch(self, job: RaceJob) -> None:
        """Stop the race once nobody has polled it for ``heartbeat_timeout`` seconds."""
        while job.process.is_alive():
            with self.lock:
                if self.job is not job:
                    return
                abandoned = time.monotonic() - job.heartbeat > self.heartbeat_timeout
                if abandoned:
                    job.error, self.job = "abandoned", None
            if abandoned:
                job.process.terminate()
                job.process.join(timeout=5)
                return
            time.sleep(WATCH_INTERVAL)

    def poll(self) -> RaceJob | None:
        """Read the running job's news; a finished race moves to ``results``."""
        with self.lock:
            job = self.job
            if job is None:
                return None
            job.heartbeat = time.monotonic()
            while True:
                try:
                    kind, *payload = job.events.get_nowait()
                except queue.Empty:
                    break
                if kind == "progress":
                    job.progress = tuple(payload)
                elif kind == "done":
                    self.results[job.seed] = payload[0]
                    while len(self.results) > RACE_KEPT:
                        self.results.pop(next(iter(self.results)))
                else:
                    job.error = payload[0]
            finished = job.seed in self.results or job.error is not None
            if finished or not job.process.is_alive():
                if not finished:
                    job.error = f"exit code {job.process.exitcode}"
                job.process.join(timeout=1)
                self.job = None
            return job


@st.cache_resource
def board() -> RaceBoard:
    return RaceBoard()
