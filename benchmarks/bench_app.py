"""How fast every page feels, as ratios against bare Streamlit measured in the same run.

The speed contract (issue 17), for every page of ``ui.frame.PAGES``:

* **first view** — from launching a fresh ``streamlit run app.py`` to the page drawn as a
  visitor first sees it (its signature element rendered, no placeholder left, the script
  idle), in a browser context with nothing cached: ≤ 1.5 × the reference app's;
* **part redraw** — a step or control change that redraws part of a page (``/step``'s
  step, ``/playground``'s step, a size on ``/shapes``, a search on ``/glossary``), from the
  key press or click to the change drawn and the run over, timed inside the page: ≤ 3 ×
  the reference's fragment rerun;
* **recompute** — a control change that computes new numbers (a new sequence on
  ``/step``, a new T on ``/gradients``, an experiment on ``/playground``): ≤ 1 s.

The yardstick is ``benchmarks/reference_app.py`` (a title, a line of text, a slider in a
fragment and two HTML lines), started afresh in every round beside the pages, and its
variant with one small Plotly chart (``?chart=1``): the floor of a page that shows a
Plotly chart at first view; and its variant as a two-language multipage NumPy app
(``?frame=1``): the floor of any page's first view. The machine is shared and noisy, so a
ratio is taken within each round (page / reference of that round) and the table gives the
median over rounds with the lowest and highest in brackets; absolute times follow.

A page of ``PAGES`` without an entry in ``BENCHES`` is still measured: its first view,
until its title is drawn. Add an entry to say what its first view waits for and which
control changes to time.

Usage: ``.venv/bin/python benchmarks/bench_app.py [--rounds 3] [--changes 8] [--recomputes 4]
[--pages step gradients …] [--json] [--out FILE]``. With ``--json`` the last line is one
JSON object; ``--out`` also writes the table to FILE with the command at its top.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.server import APP_IDLE, CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server  # noqa: E402
from ui.frame import PAGES  # noqa: E402

FIRST_VIEW_RATIO = 1.5  # × the reference app's first view
PART_RATIO = 3.0  # × the reference's fragment rerun
RECOMPUTE_MS = 1000.0
REFERENCE = ROOT / "benchmarks" / "reference_app.py"
# New sequences for /step, of different lengths (the readout "t = 1 / T" tells them apart).
SEQUENCES = ("hello world", "안녕하세요 여러분", "the cat sat on the mat", "abcabcabcabc", "LSTM 배우기",
             "to be or not to be")
QUERIES = ("gate", "cell state", "기울기", "hidden", "tanh", "forget")  # searches on /glossary

# ------------------------------------------------------------------ in the browser
# Defined in every condition: an element shown, pictures decoded, Plotly charts drawn, no
# placeholder left (Streamlit shows a skeleton until a lazily loaded widget is drawn).
HELPERS = """const shown = sel => [...document.querySelectorAll(sel)]
    .some(el => el.getBoundingClientRect().height > 0);
  const decoded = (sel, n) => { const imgs = [...document.querySelectorAll(sel)];
    return imgs.length === n && imgs.every(img => img.complete && img.naturalWidth > 0); };
  const charts = n => { const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length === n && plots.every(gd => gd._fullLayout && gd.querySelector('.main-svg')); };
  const url = name => new URLSearchParams(location.search).get(name);
  const idle = document.querySelector('[data-test-script-state="notRunning"]') !== null
    && document.querySelector('[data-testid="stSkeleton"]') === null;"""
# The last key press or click, in the page's own clock.
RECORD_ACTIONS = """for (const type of ['keydown', 'click'])
  document.addEventListener(type, () => { window.__action = performance.now(); }, true);"""


def condition(body: str) -> str:
    """JavaScript ``(arg) => bool`` from a JavaScript expression over ``arg`` and HELPERS."""
    return f"(arg) => {{ {HELPERS}\n  return idle && ({body}); }}"


def timed(body: str) -> str:
    """JavaScript resolving with the milliseconds from the last action to ``body`` holding (checked every frame)."""
    return f"""(arg) => new Promise(resolve => {{
  const done = {condition(body)};
  const check = () => done(arg) ? resolve(performance.now() - window.__action) : requestAnimationFrame(check);
  check();
}})"""


# ------------------------------------------------------------------ what is timed
@dataclass(frozen=True)
class Change:
    """One kind of control change: ``act(page, k)`` makes the k-th one and returns what
    ``done`` (a JavaScript expression over ``arg``) waits for to show it drawn."""

    label: str
    act: Callable[[Page, int], object]
    done: str


@dataclass(frozen=True)
class Bench:
    """A page (or the reference app): where its first view opens, what it waits for, and
    its part-redraw and recompute changes, if it has them."""

    path: str
    drawn: str = "shown('h1')"
    part: Change | None = None
    recompute: Change | None = None
    script: Path | str = "app.py"


def back_and_forth(k: int) -> int:
    """The step after the k-th key press of 4 right, 4 left, … from step 1."""
    return 1 + sum(1 if (j // 4) % 2 == 0 else -1 for j in range(k + 1))


def slider_step(name: str) -> Callable[[Page, int], int]:
    """Move the slider ``name`` one step with the keyboard, back and forth between 1 and 5."""
    def act(page: Page, k: int) -> int:
        slider = page.get_by_role("slider", name=name)
        slider.focus()
        slider.press("ArrowRight" if (k // 4) % 2 == 0 else "ArrowLeft")
        return back_and_forth(k)
    return act


def new_sequence(page: Page, k: int) -> int:
    text = SEQUENCES[k % len(SEQUENCES)]
    box = page.get_by_role("textbox", name="Sequence")
    box.fill(text)
    box.press("Enter")
    return len(text)


def new_length(page: Page, k: int) -> int:
    """T = 200, then 199, 198, …: a length never computed before on this server."""
    slider = page.get_by_role("slider", name="Sequence length T")
    slider.focus()
    slider.press("End" if k == 0 else "ArrowLeft")
    return 200 - k


def size_up_down(page: Page, k: int) -> list[str]:
    """hidden_size one up, then back down, …"""
    box = page.locator(".st-key-shapes_hidden_size")
    size = int(box.locator("input").input_value()) + (1 if k % 2 == 0 else -1)
    box.get_by_test_id("stNumberInputStepUp" if k % 2 == 0 else "stNumberInputStepDown").click()
    return ["hidden_size", str(size)]


def search(page: Page, k: int) -> list[str]:
    query = QUERIES[k % len(QUERIES)]
    box = page.get_by_role("textbox", name="Search the glossary")
    box.fill(query)
    box.press("Enter")
    return ["q", query]


def experiment(page: Page, k: int) -> list[str]:
    names = ("amnesia", "perfect_memory", "leaky", "silent")  # the default is none of these
    name = names[k % len(names)]
    page.locator(f".st-key-playground_exp_{name} button").first.click()
    return ["exp", name]


# /step and the reference show the same markers, so their step changes are timed alike.
STEP_SHOWN = ("document.querySelector('.lstm-diagram p')?.textContent.includes(`t = ${arg} `) && "
              "document.querySelector('.prediction p')?.textContent.includes(`(t = ${arg})`)")
URL_SHOWS = "url(arg[0]) === arg[1]"  # the run that made the change has published it, and is over
STEP_CHANGE = Change("step change", slider_step("Time step"), STEP_SHOWN)
REFERENCE_BENCH = Bench("/", "document.querySelector('.prediction p')", STEP_CHANGE, script=REFERENCE)
REFERENCE_CHART = Bench("/?chart=1", "document.querySelector('.prediction p') && charts(1)", script=REFERENCE)
REFERENCE_FRAME = Bench("/?frame=1", "document.querySelector('.prediction p') && "
                        "document.querySelectorAll('[data-testid=\"stSidebar\"] a').length === 8", script=REFERENCE)
YARDSTICKS = ("reference", "reference_chart", "reference_frame")

BENCHES: dict[str, Bench] = {
    # one card picture per other page
    "home": Bench("/?lang=en", f"decoded('[data-testid=\"stImage\"] img', {len(PAGES) - 1})"),
    # the diagram picture decoded, the prediction, the six equation blocks
    "step": Bench("/step?seq=hello&t=1&lang=en",
                  "decoded('.lstm-diagram img', 1) && shown('.prediction') && "
                  "document.querySelectorAll('.equations').length >= 6",
                  STEP_CHANGE,
                  Change("new sequence", new_sequence, "document.querySelector('.step-readout')?.textContent"
                         ".startsWith(`t = 1 / ${arg} `) && decoded('.lstm-diagram img', 1)")),
    # the chart of the gradient reaching each step; every control recomputes it
    "gradients": Bench("/gradients?lang=en", "charts(1)", None,
                       Change("T → 200, 199, …", new_length, "charts(1) && [...document.querySelectorAll("
                              "'.js-plotly-plot')].every(gd => gd._fullData.every(trace => "
                              "(trace._length ?? (trace.x || []).length) === arg))")),
    "shapes": Bench("/shapes?lang=en", "shown('.shapes-table')",
                    Change("hidden_size ± 1", size_up_down, URL_SHOWS)),
    "playground": Bench("/playground?lang=en", "shown('.play-panels') && decoded('.play-panels img', 2)",
                        Change("step change", slider_step("Time step"), "url('t') === String(arg)"),
                        Change("an experiment", experiment, URL_SHOWS)),
    # no training: a first view does not press Train
    "train": Bench("/train?lang=en", "shown('h1') && shown('[data-testid=\"stTextInput\"] input') && "
                                     "shown('.st-key-train_go button') && "
                                     "shown('[data-testid=\"stFileUploaderDropzone\"]')"),
    "glossary": Bench("/glossary?lang=en", "shown('table.glossary')", Change("a search", search, URL_SHOWS)),
}


def bench_of(page_id: str) -> Bench:
    return BENCHES.get(page_id) or Bench(f"/{page_id}?lang=en")


# ------------------------------------------------------------------ measuring
@dataclass
class Timings:
    """One app's measurements over the rounds: first views in s, changes in ms per round."""

    first: list[float]
    part: list[list[float]]
    recompute: list[list[float]]


def wait(page: Page, body: str, arg=None) -> None:
    page.wait_for_function(condition(body), arg=arg, timeout=120_000)
    page.wait_for_selector(APP_IDLE, timeout=120_000)


def time_changes(page: Page, change: Change, count: int) -> list[float]:
    timings = []
    for k in range(count):
        arg = change.act(page, k)
        timings.append(page.evaluate(timed(change.done), arg))
        page.wait_for_selector(APP_IDLE)
    return timings


def measure_once(browser, bench: Bench, changes: int, recomputes: int, log: Path) -> tuple[float, list, list]:
    """A fresh server and a fresh browser context: the first view (s from the server's
    launch), then the part redraws and the recomputes (ms each)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.add_init_script(RECORD_ACTIONS)
    started = time.perf_counter()
    server = None
    try:
        port = free_port()
        server = start_server(port, log, bench.script)
        page.goto(f"http://127.0.0.1:{port}{bench.path}")
        wait(page, bench.drawn)
        first = time.perf_counter() - started
        part = time_changes(page, bench.part, changes) if bench.part else []
        recompute = time_changes(page, bench.recompute, recomputes) if bench.recompute else []
    finally:
        if server is not None:
            stop_server(server)
        context.close()
    return first, part, recompute


def measure(names: list[str], rounds: int, changes: int, recomputes: int) -> dict[str, Timings]:
    """``rounds`` rounds of: the reference app, its chart and frame variants, then each page;
    every one on a fresh server."""
    benches = {"reference": REFERENCE_BENCH, "reference_chart": REFERENCE_CHART, "reference_frame": REFERENCE_FRAME} | {
        n: bench_of(n) for n in names}
    timings = {name: Timings([], [], []) for name in benches}
    log = ROOT / "benchmarks" / "streamlit-bench.log"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(rounds):
                for name, bench in benches.items():
                    first, part, recompute = measure_once(browser, bench, changes, recomputes, log)
                    timings[name].first.append(first)
                    timings[name].part.append(part)
                    timings[name].recompute.append(recompute)
        finally:
            browser.close()
    return timings


# ------------------------------------------------------------------ reporting
def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarise(timings: dict[str, Timings]) -> dict:
    """Per app: first view (s), part redraw and recompute (ms), each a median with its
    range over rounds, and the ratios to the reference taken round by round."""
    ref, chart, frame = timings["reference"], timings["reference_chart"], timings["reference_frame"]
    ref_part = [statistics.median(r) for r in ref.part]
    out = {}
    for name, t in timings.items():
        row = {"first_view_s": spread(t.first),
               "first_view_ratio": spread([a / b for a, b in zip(t.first, ref.first, strict=True)]),
               "first_view_ratio_chart": spread([a / b for a, b in zip(t.first, chart.first, strict=True)]),
               "first_view_ratio_frame": spread([a / b for a, b in zip(t.first, frame.first, strict=True)])}
        if any(t.part):
            part = [statistics.median(r) for r in t.part]
            row["part_ms"] = spread(part) | {"slowest": max(max(r) for r in t.part)}
            row["part_ratio"] = spread([a / b for a, b in zip(part, ref_part, strict=True)])
        if any(t.recompute):
            every = [ms for r in t.recompute for ms in r]
            row["recompute_ms"] = spread([statistics.median(r) for r in t.recompute]) | {
                "median_all": statistics.median(every), "slowest": max(every)}
        out[name] = row
    return out


def label_of(name: str) -> str:
    return {"reference": "reference app", "reference_chart": "  + one Plotly chart",
            "reference_frame": "  as an MPA", "home": "home (/)"}.get(
        name, f"/{name}")


def cell(stat: dict | None, unit: str, target: float | None) -> str:
    """``1.37 × (1.30–1.41) yes``: median, range over rounds, and whether the median meets ``target``."""
    if stat is None:
        return "—"
    digits = 0 if unit == "ms" else 2
    met = "" if target is None else (" yes" if stat["median"] <= target else " NO")
    return f"{stat['median']:.{digits}f} {unit} ({stat['min']:.{digits}f}–{stat['max']:.{digits}f}){met}"


def table(summary: dict, names: list[str], rounds: int, load: tuple[float, float]) -> str:
    head = ("page", f"first view × ref (≤ {FIRST_VIEW_RATIO})", "× ref + chart", "× ref as MPA",
            f"part redraw × ref (≤ {PART_RATIO:g})", f"recompute (≤ {RECOMPUTE_MS:.0f} ms)",
            "first view", "part redraw")
    widths = (22, 30, 22, 22, 30, 28, 24, 20)
    rows = [head, tuple("-" * (w - 1) for w in widths)]
    for name in (*YARDSTICKS, *names):
        s = summary[name]
        page = name not in YARDSTICKS
        rows.append((label_of(name),
                     cell(s["first_view_ratio"], "×", FIRST_VIEW_RATIO if page else None),
                     cell(s["first_view_ratio_chart"], "×", None),
                     cell(s["first_view_ratio_frame"], "×", None),
                     cell(s.get("part_ratio"), "×", PART_RATIO if page else None),
                     cell(s.get("recompute_ms"), "ms", RECOMPUTE_MS),
                     cell(s["first_view_s"], "s", None), cell(s.get("part_ms"), "ms", None)))
    lines = ["".join(f"{text:<{w}}" for text, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines += ["", f"Medians of {rounds} rounds, each on fresh servers, (lowest–highest round); a ratio is taken "
                  "within each round. “× ref + chart”: against the reference with one Plotly chart, the floor of "
                  "a page that draws one at first view. “× ref as MPA”: against the reference as a two-language "
                  "multipage NumPy app (NumPy imported, a language switch English / 한국어 and eight page links in "
                  "its sidebar), the floor of any page's first view.", "What each page's changes are:"]
    for name in ("reference", *names):
        bench = REFERENCE_BENCH if name == "reference" else bench_of(name)
        for kind, change in (("part redraw", bench.part), ("recompute", bench.recompute)):
            if change:
                stat = summary[name]["part_ms" if kind == "part redraw" else "recompute_ms"]
                lines.append(f"  {label_of(name)}: {kind} = {change.label}, slowest {stat['slowest']:.0f} ms")
    lines.append(f"load average (1 min) before / after: {load[0]:.2f} / {load[1]:.2f} on {os.cpu_count()} cores")
    return "\n".join(lines)


def rounded(value):
    if isinstance(value, dict):
        return {key: rounded(v) for key, v in value.items()}
    return round(value, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    page_ids = [page.id for page in PAGES]
    parser.add_argument("--rounds", type=int, default=3, help="fresh servers per page (default 3)")
    parser.add_argument("--changes", type=int, default=8, help="part redraws timed per round (default 8)")
    parser.add_argument("--recomputes", type=int, default=4,
                        help=f"recomputes timed per round, 1 … {len(SEQUENCES)} (default 4)")
    parser.add_argument("--pages", nargs="+", choices=page_ids, default=page_ids, metavar="PAGE",
                        help=f"the pages to measure: {', '.join(page_ids)} (default: all)")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the results")
    parser.add_argument("--out", type=Path, help="also write the table here, with the command at its top")
    args = parser.parse_args()
    if not 1 <= args.recomputes <= len(SEQUENCES):
        parser.error(f"--recomputes must be 1 … {len(SEQUENCES)}: each one must compute something new")
    before = os.getloadavg()[0]
    summary = summarise(measure(args.pages, args.rounds, args.changes, args.recomputes))
    text = table(summary, args.pages, args.rounds, (before, os.getloadavg()[0]))
    print(text)
    if args.out:
        command = " ".join([".venv/bin/python", "benchmarks/bench_app.py", *sys.argv[1:]])
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(f"$ {command}\n\n{text}\n", encoding="utf-8")
    if args.json:
        print(json.dumps(rounded(summary)))


if __name__ == "__main__":
    main()
