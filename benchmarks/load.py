"""A class on one server: simulated students speaking Streamlit's own websocket protocol.

Thirty Chromium contexts on a 2-core machine measure Chromium, not the server, so each
student here is a :class:`StudentSession`: a websocket to ``/_stcore/stream`` that does
what the browser's Streamlit client does, without drawing anything. It sends ``BackMsg``
``rerun_script`` requests (the page's script hash or, on the first run, its name; the
query string the server last published; every widget's state, as the frontend encodes
it; the fragment's id for a fragment rerun; the hashes of the messages it has cached)
and reads the ``ForwardMsg`` stream: ``new_session`` (the session id), ``navigation``
(the pages' hashes), ``page_info_changed`` (the query string), ``delta`` elements (widget
ids, values and fragment ids; an ``exception`` element counts as an error), ``ref_hash``
(a message the client said it had cached: it must be in the cache), ``auto_rerun`` (a
fragment's ``run_every``: it is rerun at that interval, as the browser does while a
training runs), ``page_not_found`` (an error) and ``script_finished`` (a run is over).

The class: students arrive within 5 s and open /step with one of several texts (Korean
among them), seeds and languages, then step every ~3 s (jittered; Next to the end, then
Previous back); some switch language, some open /gradients and move T, and a fraction
train one model each on /train (the server's pool runs two at a time, the rest queue).
Everything is bounded in count and time, and only loopback hosts are accepted.
Meanwhile one real Chromium session (Playwright + Debian's chromium) measures what a
student sees under that load: the first view of /step and step changes.

Reported, for two consecutive runs on one server (a fresh one unless ``--url``): errors
(exception elements, disconnects, failed or timed-out runs, cache misses), first view
p50/p95 (websocket opened → first ``script_finished``), step change p50/p95 (rerun sent →
``script_finished``), the browser's first view and step change, the server's RSS peak
and after the students left; then the capacity: the largest class (30, 60, 120, …) whose
step p95 stays ≤ 250 ms.

Usage: ``.venv/bin/python benchmarks/load.py [--students 30] [--seconds 45] [--json]``
(``--capacity-classes 30 60 120 240``, ``--no-capacity``, ``--no-browser``,
``--script benchmarks/reference_app.py`` for bare Streamlit under the same load, ``--url``
for a running server on this machine). With ``--json`` the last line is one JSON object:
errors (both runs), first_p95_ms, p50_ms, p95_ms (the worse run's), rss_peak_mb,
rss_after_mb (after the second run; rss_after_first_mb after the first), capacity, and
the browser's first view and step p95.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import os
import random
import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from lstm_viz.i18n import strings  # noqa: E402
from tests.e2e.server import free_port, start_server, stop_server  # noqa: E402

TEXTS = ("hello", "안녕하세요", "the cat sat on the mat", "LSTM 배우기", "나는 학교에 간다", "hello world",
         "to be or not to be", "가는 말이 고와야 오는 말이 곱다")
GRADIENT_T = (20, 50, 100, 150)
STEP_EVERY = (2.0, 4.0)  # seconds between a student's actions (uniform): ~3 s
ARRIVAL = 5.0  # every student arrives within this many seconds
RUN_TIMEOUT = 60.0  # a run not finished after this long counts as an error
TRAIN_TIMEOUT = 120.0  # a training (queue included) not over after this long counts as an error
CAPACITY_STEP_P95_MS = 250.0
TRAINING = {"hidden": 32, "layers": 2, "steps": 500}  # a few seconds each on this machine, so that some queue
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


def require_loopback(url: str) -> None:
    """Refuse any server but this machine's own: a load test sends traffic only to loopback."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as error:
        raise SystemExit(f"cannot resolve {host!r}: {error}") from error
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"refusing {url}: only loopback hosts (127.0.0.0/8, ::1, localhost) are load-tested")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


# ---------------------------------------------------------------------------- widget states
def widget_value(element, kind: str) -> WidgetState | None:
    """The state the browser keeps for a widget it was just sent (``value`` if the server set
    it, else its ``default``), encoded as the frontend encodes it; None for widgets without one."""
    state = WidgetState(id=element.id)
    given = getattr(element, "set_value", False)
    if kind == "slider" and not element.options:
        state.double_array_value.data.extend(element.value if given else element.default)
    elif kind == "text_input":
        state.string_value = element.value if given else element.default
    elif kind == "number_input":
        number = element.value if given else element.default
        if element.data_type == element.INT:
            state.int_value = int(number)
        else:
            state.double_value = number
    elif kind == "radio":
        if not given and not 0 <= element.default < len(element.options):
            return None
        state.string_value = element.raw_value if given else element.options[element.default]
    elif kind == "button_group":
        state.string_array_value.data.extend(element.raw_values if given else
                                             (element.options[i].content for i in element.default))
    elif kind == "checkbox":
        state.bool_value = element.value if given else element.default
    else:
        return None
    return state


@dataclass
class Widget:
    element: object  # the widget's proto as last sent
    fragment: str  # the fragment it was drawn in ("" outside fragments)
    state: WidgetState | None


@dataclass
class Stats:
    """What one class's students measured."""

    first_ms: list[float] = field(default_factory=list)
    step_ms: list[float] = field(default_factory=list)
    other_ms: list[float] = field(default_factory=list)  # language switches, page changes, T on /gradients
    errors: list[str] = field(default_factory=list)
    trainings: int = 0
    queued_seen: int = 0  # students who saw their training wait in the queue
    auto_reruns: int = 0
    cache_hits: int = 0  # messages the server sent as a reference to the client's cache

    def error(self, what: str) -> None:
        self.errors.append(what)


class RunFailed(Exception):
    """A run that did not finish as the browser would need it to."""


class StudentSession:
    """One browser session's side of Streamlit's websocket protocol, without rendering."""

    def __init__(self, base_url: str, stats: Stats, lang: str) -> None:
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.base_url, self.stats, self.lang = base_url.rstrip("/"), stats, lang
        self.socket = None
        self.session_id = ""
        self.page_hash = ""
        self.pages: dict[str, str] = {}  # url path → page script hash (from ``navigation``)
        self.query = ""
        self.widgets: dict[str, Widget] = {}
        self.seen: set[str] = set()  # widget ids drawn in the current run
        self.run_fragments: set[str] = set()  # the fragments the current run reruns (none: a full run)
        self.cache: dict[str, list] = {}  # hash → [ForwardMsg, runs since last use]
        self.max_age = 2
        self.finished: asyncio.Future | None = None
        self.status: int | None = None  # how the last run finished (ForwardMsg.ScriptFinishedStatus)
        self.auto: dict[str, asyncio.Task] = {}  # fragment id → its auto-rerun task
        self.texts: list[str] = []  # the alerts' texts since the student last cleared them
        self.reader: asyncio.Task | None = None
        self.closed = False

    # -------------------------------------------------------------- connection
    async def connect(self) -> None:
        protocols = ["streamlit"] if not self.session_id else ["streamlit", "-", self.session_id]
        self.socket = await connect(self.ws_url, subprotocols=protocols, max_size=None, open_timeout=RUN_TIMEOUT,
                                    ping_interval=None, compression=None)
        self.reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        self.closed = True
        for task in self.auto.values():
            task.cancel()
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.reader

    async def _read(self) -> None:
        try:
            async for payload in self.socket:
                if isinstance(payload, bytes):
                    self._handle(ForwardMsg.FromString(payload))
        except ConnectionClosed:
            pass
        if not self.closed:
            self.stats.error("disconnected")
            self._fail(RunFailed("disconnected"))

    def _fail(self, error: Exception) -> None:
        if self.finished is not None and not self.finished.done():
            self.finished.set_exception(error)

    # -------------------------------------------------------------- the server's messages
    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            entry = self.cache.get(msg.ref_hash)
            if entry is None:
                self.stats.error("cache miss")
                return
            entry[1] = 0
            self.stats.cache_hits += 1
            cached = ForwardMsg()
            cached.CopyFrom(entry[0])
            cached.metadata.CopyFrom(msg.metadata)
            msg, kind = cached, "delta"
        if msg.metadata.cacheable:
            self.cache[msg.hash] = [msg, 0]
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            self.max_age = msg.new_session.config.max_cached_message_age or self.max_age
            self.page_hash = msg.new_session.page_script_hash
            self.seen, self.run_fragments = set(), set(msg.metadata.run.fragment_ids)
            if not self.run_fragments:  # a full run (fragment runs start with new_session too)
                for task in self.auto.values():  # it clears the browser's auto-rerun timers
                    task.cancel()
                self.auto.clear()
        elif kind == "navigation":
            self.pages = {page.url_pathname or page.page_name: page.page_script_hash
                          for page in msg.navigation.app_pages}
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta":
            self._delta(msg.delta)
        elif kind == "auto_rerun":
            fragment = msg.auto_rerun.fragment_id
            if fragment not in self.auto:
                self.auto[fragment] = asyncio.create_task(self._auto_rerun(fragment, msg.auto_rerun.interval))
        elif kind == "stop_auto_rerun":
            for fragment in msg.stop_auto_rerun.fragment_ids:
                task = self.auto.pop(fragment, None)
                if task is not None:
                    task.cancel()
        elif kind == "page_not_found":
            self.stats.error(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "script_finished":
            self._script_finished(msg.script_finished)

    def _delta(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.stats.error(f"exception: {element.exception.type}: {element.exception.message[:120]}")
            return
        if kind == "alert":
            self.texts.append(element.alert.body)
            return
        widget = getattr(element, kind)
        widget_id = getattr(widget, "id", "")
        if not isinstance(widget_id, str) or not widget_id.startswith("$$ID-"):
            return
        self.seen.add(widget_id)
        known = self.widgets.get(widget_id)
        if known is not None and not getattr(widget, "set_value", False):
            known.element, known.fragment = widget, delta.fragment_id  # the browser keeps its own value
            return
        self.widgets[widget_id] = Widget(widget, delta.fragment_id, widget_value(widget, kind))

    def _script_finished(self, status: int) -> None:
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return  # another run follows (st.rerun, a page switch)
        self.status = status
        if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            # the widgets a full run, or a fragment run in its fragment, did not draw are gone
            self.widgets = {wid: w for wid, w in self.widgets.items() if wid in self.seen
                            or (self.run_fragments and w.fragment not in self.run_fragments)}
        for entry in self.cache.values():
            entry[1] += 1
        self.cache = {h: entry for h, entry in self.cache.items() if entry[1] <= self.max_age}
        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self.stats.error("script compile error")
        if self.finished is not None and not self.finished.done():
            self.finished.set_result(status)

    # -------------------------------------------------------------- the client's requests
    def widget(self, suffix: str) -> Widget | None:
        """The widget whose user key is ``suffix`` (ids end in ``-<key>``), if drawn."""
        return next((w for wid, w in self.widgets.items() if wid.endswith("-" + suffix)), None)

    async def rerun(self, *, page: str | None = None, query: str | None = None, changes: tuple[WidgetState, ...] = (),
                    fragment: str = "", auto: bool = False) -> float:
        """Send one rerun as the browser does and wait for its ``script_finished``; milliseconds."""
        if self.finished is not None and not self.finished.done():
            raise RunFailed("a run is already pending")
        message = BackMsg()
        state = message.rerun_script
        if page is not None:  # a new page: its hash once known, else its name (the first load)
            state.page_script_hash = self.pages.get(page, "")
            state.page_name = "" if state.page_script_hash else page
        else:
            state.page_script_hash = self.page_hash
        state.query_string = self.query if query is None else query
        state.fragment_id, state.is_auto_rerun = fragment, auto
        state.cached_message_hashes.extend(self.cache)
        state.context_info.timezone, state.context_info.timezone_offset = "Asia/Seoul", -540
        state.context_info.locale = "ko-KR" if self.lang == "ko" else "en-US"
        state.context_info.url = f"{self.base_url}/{page or ''}"
        state.context_info.color_scheme = "light"
        changed = {change.id: change for change in changes}
        if page is None:
            for widget_id, widget in self.widgets.items():
                if widget.state is not None and widget_id not in changed:
                    state.widget_states.widgets.append(widget.state)
        state.widget_states.widgets.extend(changed.values())
        for change in changes:  # the browser keeps what it sent (a trigger is one-shot)
            if change.WhichOneof("value") != "trigger_value" and change.id in self.widgets:
                self.widgets[change.id].state = change
        self.finished = asyncio.get_running_loop().create_future()
        begin = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        try:
            await asyncio.wait_for(asyncio.shield(self.finished), RUN_TIMEOUT)
        except TimeoutError:
            self.stats.error("run timed out")
            raise RunFailed("timeout") from None
        return (time.perf_counter() - begin) * 1000

    async def _auto_rerun(self, fragment: str, interval: float) -> None:
        """A fragment's ``run_every``: rerun it every ``interval`` seconds while the page shows it."""
        while True:
            await asyncio.sleep(interval)
            if self.finished is not None and not self.finished.done():
                continue  # a run is in flight; the browser's timer would queue behind it
            self.stats.auto_reruns += 1
            try:
                await self.rerun(fragment=fragment, auto=True)
            except RunFailed:
                return

    async def idle(self, timeout: float) -> None:
        """Wait until no auto-rerun is pending (a training or race poll has stopped) or ``timeout``."""
        deadline = time.monotonic() + timeout
        while self.auto and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        if self.auto:
            self.stats.error("auto reruns never stopped")
            raise RunFailed("auto reruns never stopped")
        while self.finished is not None and not self.finished.done():
            await asyncio.sleep(0.05)


def trigger(widget: Widget) -> WidgetState:
    return WidgetState(id=widget.element.id, trigger_value=True)


def slider_at(widget: Widget, value: float) -> WidgetState:
    state = WidgetState(id=widget.element.id)
    state.double_array_value.data.append(value)
    return state


# ---------------------------------------------------------------------------- one student
@dataclass(frozen=True)
class Plan:
    """What one student does in the lesson."""

    arrive: float
    text: str
    seed: int
    lang: str
    switches_language: bool
    visits_gradients: bool
    trains: bool


def plans(n: int, rng: random.Random, train_fraction: float) -> list[Plan]:
    trainers = set(rng.sample(range(n), round(n * train_fraction)))
    return [Plan(arrive=rng.uniform(0, ARRIVAL), text=TEXTS[k % len(TEXTS)], seed=rng.randrange(4),
                 lang="ko" if k % 2 else "en", switches_language=rng.random() < 0.3,
                 visits_gradients=rng.random() < 0.3, trains=k in trainers) for k in range(n)]


async def student(base_url: str, plan: Plan, stop_at: float, stats: Stats, rng: random.Random,
                  reference: bool) -> None:
    """One student's lesson; on the reference app (``reference``) only its page and its slider."""
    await asyncio.sleep(plan.arrive)
    session = StudentSession(base_url, stats, plan.lang)
    page, step_query = ("", "") if reference else ("step", urlencode({"seq": plan.text, "seed": plan.seed,
                                                                       "lang": plan.lang}))
    try:
        begin = time.perf_counter()
        await session.connect()
        await session.rerun(page=page, query=step_query)
        stats.first_ms.append((time.perf_counter() - begin) * 1000)
        errands = [name for name, wanted in (("language", plan.switches_language), ("gradients", plan.visits_gradients),
                                             ("train", plan.trains)) if wanted and not reference]
        rng.shuffle(errands)
        forward = True
        while time.monotonic() + STEP_EVERY[1] < stop_at:
            await asyncio.sleep(rng.uniform(*STEP_EVERY))
            if errands and rng.random() < 0.15:
                await errand(session, errands.pop(), step_query, stats, rng)
                continue
            forward = await step(session, forward, stats)
    except RunFailed:
        pass
    except (OSError, ConnectionClosed) as error:
        stats.error(f"connection: {error!r}")
    finally:
        await session.close()


async def step(session: StudentSession, forward: bool, stats: Stats) -> bool:
    """Next to the last step, then Previous back to the first (the navigator's buttons; on the
    reference app its slider, moved by one); the new direction."""
    slider = session.widget("step_t") or session.widget("t")
    if slider is None:  # a one-symbol text has no slider: nothing to step
        return forward
    t, last = slider.state.double_array_value.data[0], slider.element.max
    forward = t < last if t in (slider.element.min, last) else forward
    button = session.widget("step_t_next" if forward else "step_t_prev")
    change = trigger(button) if button is not None else slider_at(slider, t + (1 if forward else -1))
    stats.step_ms.append(await session.rerun(changes=(change,), fragment=slider.fragment))
    return forward


async def errand(session: StudentSession, name: str, step_query: str, stats: Stats, rng: random.Random) -> None:
    if name == "language":
        switch = session.widget("ui_lang_switch")
        current = set(switch.state.string_array_value.data)
        other = next(option.content for option in switch.element.options if option.content not in current)
        change = WidgetState(id=switch.element.id)
        change.string_array_value.data.append(other)
        stats.other_ms.append(await session.rerun(changes=(change,)))
        return
    if name == "gradients":
        stats.other_ms.append(await session.rerun(page="gradients", query=f"lang={session.lang}"))
        slider = session.widget("gradients_T")
        value = rng.choice([t for t in GRADIENT_T if slider.element.min <= t <= slider.element.max])
        stats.other_ms.append(await session.rerun(changes=(slider_at(slider, value),)))
    else:
        await train_once(session, stats)
    stats.other_ms.append(await session.rerun(page="step", query=step_query))


async def train_once(session: StudentSession, stats: Stats) -> None:
    """Open /train, press Train, follow the job (the page polls it) until the page redraws with the model."""
    await session.rerun(page="train", query=urlencode({"lang": session.lang, **TRAINING}))
    session.texts.clear()
    await session.rerun(changes=(trigger(session.widget("train_go")),))  # its run starts the page's polling
    stats.trainings += 1
    await session.idle(TRAIN_TIMEOUT)
    queued = {strings(lang)["train.queued"].split("{")[0] for lang in ("en", "ko")}  # the message's fixed start
    if any(text.startswith(start) for text in session.texts for start in queued):
        stats.queued_seen += 1


# ---------------------------------------------------------------------------- the browser
class BrowserProbe(threading.Thread):
    """One real Chromium session on /step while the class works: its first view and step changes."""

    def __init__(self, base_url: str, stop_at: float, rng: random.Random) -> None:
        super().__init__(name="browser-probe", daemon=True)
        self.base_url, self.stop_at, self.rng = base_url, stop_at, rng
        self.first_ms: float | None = None
        self.step_ms: list[float] = []
        self.error: str | None = None

    def run(self) -> None:
        from playwright.sync_api import sync_playwright

        from benchmarks.bench_app import BENCHES, RECORD_ACTIONS, STEP_SHOWN, timed, wait
        from tests.e2e.server import APP_IDLE, CHROMIUM, CHROMIUM_ARGS

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="en-US")
                    page.add_init_script(RECORD_ACTIONS)
                    time.sleep(ARRIVAL / 2)  # arrives with the class
                    begin = time.perf_counter()
                    page.goto(f"{self.base_url}/step?seq=hello%20world&t=1&lang=en")
                    wait(page, BENCHES["step"].drawn)
                    self.first_ms = (time.perf_counter() - begin) * 1000
                    slider = page.get_by_role("slider", name="Time step")
                    t = 1
                    while time.monotonic() + STEP_EVERY[1] < self.stop_at:
                        time.sleep(self.rng.uniform(*STEP_EVERY))
                        key = "ArrowRight" if t < 11 else "Home"
                        t = t + 1 if key == "ArrowRight" else 1
                        slider.focus()
                        slider.press(key)
                        self.step_ms.append(page.evaluate(timed(STEP_SHOWN), t))
                        page.wait_for_selector(APP_IDLE)
                finally:
                    browser.close()
        except Exception as error:  # reported with the results
            self.error = repr(error)


# ---------------------------------------------------------------------------- the server's memory
def tree_rss_mb(pid: int) -> float:
    """The resident memory of the server and its child processes (a race runs in one)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
    return total


def server_pid(port: int) -> int | None:
    """The pid listening on a loopback port (for ``--url``), from /proc/net/tcp and the fds."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                    inodes.add(fields[9])
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                link = os.readlink(fd)
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return int(proc.name)
    return None


async def sample_rss(pid: int | None, peak: list[float], done: asyncio.Event) -> None:
    while pid is not None and not done.is_set():
        peak[0] = max(peak[0], tree_rss_mb(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 0.5)


# ---------------------------------------------------------------------------- a class
async def lesson(base_url: str, n: int, seconds: float, seed: int, train_fraction: float, pid: int | None,
                 reference: bool) -> dict:
    rng = random.Random(seed)
    stats = Stats()
    stop_at = time.monotonic() + seconds
    peak, done = [0.0], asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, peak, done))
    await asyncio.gather(*(student(base_url, plan, stop_at, stats, random.Random(rng.random()), reference)
                           for plan in plans(n, rng, train_fraction)))
    done.set()
    await sampler
    return {"students": n, "seconds": seconds, "errors": len(stats.errors), "error_kinds": dict(Counter(stats.errors)),
            "first_p50_ms": percentile(stats.first_ms, 50), "first_p95_ms": percentile(stats.first_ms, 95),
            "p50_ms": percentile(stats.step_ms, 50), "p95_ms": percentile(stats.step_ms, 95),
            "steps": len(stats.step_ms), "other_p50_ms": percentile(stats.other_ms, 50),
            "other_p95_ms": percentile(stats.other_ms, 95), "trainings": stats.trainings,
            "queued_seen": stats.queued_seen, "auto_reruns": stats.auto_reruns, "cache_hits": stats.cache_hits,
            "rss_peak_mb": peak[0]}


def run_class(base_url: str, n: int, seconds: float, seed: int, train_fraction: float, pid: int | None,
              browser: bool, settle: float, reference: bool = False) -> dict:
    """One class: the students (and, if asked, the browser probe); RSS ``settle`` s after they left."""
    probe = BrowserProbe(base_url, time.monotonic() + seconds, random.Random(seed)) if browser else None
    if probe is not None:
        probe.start()
    result = asyncio.run(lesson(base_url, n, seconds, seed, train_fraction, pid, reference))
    if probe is not None:
        probe.join(timeout=seconds + 120)
        result.update(browser_first_ms=probe.first_ms, browser_step_p50_ms=percentile(probe.step_ms, 50),
                      browser_step_p95_ms=percentile(probe.step_ms, 95), browser_steps=len(probe.step_ms),
                      browser_error=probe.error)
        if probe.error:
            result["errors"] += 1
    time.sleep(settle)
    result["rss_after_mb"] = tree_rss_mb(pid) if pid is not None else float("nan")
    return result


def capacity(base_url: str, classes: list[int], seconds: float, seed: int, train_fraction: float,
             pid: int | None, reference: bool) -> tuple[int, list[dict]]:
    """The largest class, of ``classes`` in order, whose step p95 stays ≤ 250 ms with no error."""
    best, tried = 0, []
    for n in classes:
        result = run_class(base_url, n, seconds, seed, train_fraction, pid, browser=False, settle=2.0,
                           reference=reference)
        tried.append(result)
        if result["errors"] or not result["p95_ms"] <= CAPACITY_STEP_P95_MS:
            break
        best = n
    return best, tried


def line(label: str, r: dict) -> str:
    text = (f"{label}: {r['students']} students × {r['seconds']:.0f} s — errors {r['errors']}"
            f"{' ' + json.dumps(r['error_kinds'], ensure_ascii=False) if r['errors'] else ''}; "
            f"first view p50 {r['first_p50_ms']:.0f} / p95 {r['first_p95_ms']:.0f} ms; "
            f"step p50 {r['p50_ms']:.0f} / p95 {r['p95_ms']:.0f} ms ({r['steps']} steps); "
            f"other reruns p50 {r['other_p50_ms']:.0f} / p95 {r['other_p95_ms']:.0f} ms; "
            f"trainings {r['trainings']} (queued {r['queued_seen']}); cache hits {r['cache_hits']}; "
            f"RSS peak {r['rss_peak_mb']:.0f} MB, "
            f"after {r['rss_after_mb']:.0f} MB")
    if "browser_steps" in r:
        first = r["browser_first_ms"]
        text += (f"\n  Chromium beside them: first view {first:.0f} ms, step p50 {r['browser_step_p50_ms']:.0f} / "
                 f"p95 {r['browser_step_p95_ms']:.0f} ms ({r['browser_steps']} steps)" if first is not None
                 else f"\n  Chromium beside them failed: {r['browser_error']}")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30, help="the class (default 30)")
    parser.add_argument("--seconds", type=float, default=45.0, help="how long each class works (default 45)")
    parser.add_argument("--train-fraction", type=float, default=0.2, help="share of students who train once (0.2)")
    parser.add_argument("--capacity-classes", type=int, nargs="*", default=[30, 60, 120, 240],
                        help="classes tried for the capacity, in order, until one misses (default 30 60 120 240)")
    parser.add_argument("--capacity-seconds", type=float, default=30.0, help="how long each capacity class works")
    parser.add_argument("--no-capacity", action="store_true", help="skip the capacity search")
    parser.add_argument("--no-browser", action="store_true", help="no Chromium session beside the class")
    parser.add_argument("--script", default="app.py", help="the app to serve (benchmarks/reference_app.py: the floor)")
    parser.add_argument("--url", help="a running server on this machine instead of a fresh one")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the results")
    args = parser.parse_args()
    if not 1 <= args.students <= 1000 or not 1 <= args.seconds <= 600 or any(n > 1000 for n in args.capacity_classes):
        parser.error("classes are bounded to 1000 students and 600 s")
    server = None
    if args.url:
        require_loopback(args.url)
        base_url = args.url.rstrip("/")
        pid = server_pid(urlsplit(base_url).port or 80)
    else:
        port = free_port()
        server = start_server(port, ROOT / "benchmarks" / "streamlit-load.log", args.script)
        base_url, pid = f"http://127.0.0.1:{port}", server.pid
    try:
        load_before = os.getloadavg()
        reference = Path(args.script).name != "app.py"  # bare Streamlit: its page and its slider only
        runs = [run_class(base_url, args.students, args.seconds, args.seed + k, args.train_fraction, pid,
                          browser=not (args.no_browser or reference), settle=5.0, reference=reference)
                for k in range(2)]
        for k, r in enumerate(runs, 1):
            print(line(f"run {k}", r), flush=True)
        best, tried = (None, []) if args.no_capacity else capacity(
            base_url, args.capacity_classes, args.capacity_seconds, args.seed, args.train_fraction, pid, reference)
        for r in tried:
            print(line("capacity", r), flush=True)
        if best is not None:
            print(f"capacity: {best} students with step p95 ≤ {CAPACITY_STEP_P95_MS:.0f} ms and no error"
                  f" (tried {', '.join(str(r['students']) for r in tried)})")
        load_after = os.getloadavg()
        print(f"load average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
              f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} on {os.cpu_count()} cores")
    finally:
        if server is not None:
            stop_server(server)
    if args.json:
        worst = max(runs, key=lambda r: r["p95_ms"])
        print(json.dumps({
            "errors": sum(r["errors"] for r in runs), "first_p95_ms": round(max(r["first_p95_ms"] for r in runs), 1),
            "p50_ms": round(max(r["p50_ms"] for r in runs), 1), "p95_ms": round(worst["p95_ms"], 1),
            "rss_peak_mb": round(max(r["rss_peak_mb"] for r in runs), 1),
            "rss_after_mb": round(runs[-1]["rss_after_mb"], 1), "rss_after_first_mb": round(runs[0]["rss_after_mb"], 1),
            "capacity": best, "browser_first_ms": runs[-1].get("browser_first_ms"),
            "browser_step_p95_ms": runs[-1].get("browser_step_p95_ms"), "students": args.students,
            "seconds": args.seconds, "loadavg": [round(v, 2) for v in os.getloadavg()]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
