"""How fast the app feels: the real server driven by headless Chromium.

Measures, on freshly started ``streamlit run app.py`` servers:

* first render — from launching the server to /step completely drawn as a visitor first
  sees it (the diagram picture decoded, the prediction, the six equation blocks, the
  script idle; the sections below open on request and are not part of it), in a browser
  context with nothing cached; median of ``--rounds`` fresh servers;
* first view of every other page (``--pages``) the same way, each on a fresh server of its
  own in every round, until its signature element is drawn and the script idle (see
  ``FIRST_VIEWS``): / its cards' pictures decoded (one per other page), /gradients its three charts,
  /shapes its table, /playground its two cell pictures decoded, /train its title and
  controls (no training: a first view does not press Train);
* step change — from the key press on the "Time step" slider to every step-synchronised
  panel showing the new step and the fragment's run over, timed inside the page; median
  of many steps; the same again with the "Over time" section (ruler, heatmaps, lines) open;
* sequence change — from pressing Enter on a new sequence to the page redrawn for it,
  training included (new sequences each time, so nothing comes from the cache); median;
* server memory (RSS) after all of that;
* /gradients at T = 200 — from the key press that sets T = 200 on the open page to every
  chart redrawn with 200 steps (median; the first is computed afresh), and the same page
  opened in a fresh browser tab, which also loads Streamlit's and Plotly's scripts.

The first render and the step change are also measured, in interleaved rounds, on
``benchmarks/reference_app.py`` — Streamlit's own cost for a title, a slider in a fragment
and two HTML lines — and printed as ratios: the machine is shared and noisy, so absolute
times drift between runs while the ratio to a reference measured alongside drifts less.
Each round starts the reference app, then /step, then each other page, so every page's
first view has the reference measured in the same rounds; the speed contract wants every
page's first view from a fresh server within 1.5 × the reference's.

Usage: ``.venv/bin/python benchmarks/bench_app.py [--steps 24] [--rounds 3] [--pages home shapes …]
[--json] [--out FILE]``.
With ``--json`` the last line is one JSON object; ``--out`` also writes the table to
FILE with the command at its top. The machine's load average is printed with the table:
the browser and the server share its cores, so a busy machine shows in every row.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.server import APP_IDLE, CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server  # noqa: E402
from ui.frame import PAGES  # noqa: E402

TARGETS = {"first_render_s": 3.0, "step_ms_median": 150.0, "sequence_ms_median": 1000.0, "rss_mb": 250.0,
           "gradients_render_s": 1.0}
FIRST_VIEW_RATIO = 1.5  # the speed contract: any page's first view ≤ 1.5 × the reference app's
SEQUENCES = ("hello world", "안녕하세요 여러분", "the cat sat on the mat", "abcabcabcabc", "LSTM 배우기",
             "to be or not")

# Resolves once every step panel shows step `t` (the ruler too, where "Over time" is open) and
# the fragment's run is over, i.e. every element after them is updated: ms from the last keydown.
STEP_DONE = """(t) => new Promise(resolve => {
  const t0 = window.__keydown;
  const ready = () => {
    const diagram = document.querySelector('.lstm-diagram p');
    const probs = document.querySelector('.prediction p');
    const ruler = document.querySelector('.step-ruler');
    return diagram && diagram.textContent.includes(`t = ${t} `) && probs && probs.textContent.includes(`(t = ${t})`)
      && (!ruler || ruler.dataset.t === String(t))
      && document.querySelector('[data-test-script-state="notRunning"]') !== null;
  };
  const check = () => ready() ? resolve(performance.now() - t0) : requestAnimationFrame(check);
  check();
})"""
# True once the script is idle and every trace of every chart has T points (reach lines, unit heatmaps).
ALL_CHARTS_AT = """(T) => document.querySelector('[data-test-script-state="notRunning"]') !== null &&
  document.querySelectorAll('.js-plotly-plot').length >= 3 && [...document.querySelectorAll('.js-plotly-plot')]
  .every(gd => gd._fullData && gd._fullData.every(trace => (trace._length ?? (trace.x || []).length) === T))"""
# Resolves with the milliseconds from the last keydown to ALL_CHARTS_AT(T) holding.
CHARTS_DONE = f"""(T) => new Promise(resolve => {{
  const done = {ALL_CHARTS_AT};
  const check = () => done(T) ? resolve(performance.now() - window.__keydown) : requestAnimationFrame(check);
  check();
}})"""
RECORD_KEYDOWN = "document.addEventListener('keydown', () => { window.__keydown = performance.now(); }, true)"
# The first view: diagram picture decoded, prediction, the six equation blocks, script idle
# (plus ``charts`` Plotly charts where sections with charts are open).
DRAWN = """(charts) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= charts &&
  document.querySelector('.prediction') && document.querySelectorAll('.lstm-diagram img').length === 1 &&
  [...document.querySelectorAll('.lstm-diagram img')].every(img => img.complete && img.naturalWidth > 0) &&
  document.querySelectorAll('.equations').length >= 6"""


# The other pages' first views: helpers for the conditions of FIRST_VIEWS, and no placeholder
# left (Streamlit loads widgets and charts lazily and shows a skeleton until they are drawn).
VIEW_HELPERS = """const shown = sel => [...document.querySelectorAll(sel)]
    .some(el => el.getBoundingClientRect().height > 0);
  const decoded = (sel, n) => { const imgs = [...document.querySelectorAll(sel)];
    return imgs.length === n && imgs.every(img => img.complete && img.naturalWidth > 0); };
  const charts = n => { const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length === n && plots.every(gd => gd._fullLayout && gd.querySelector('.main-svg')); };
  const settled = document.querySelector('[data-testid="stSkeleton"]') === null;"""


def drawn_then_idle(page: Page, condition: str, arg=None) -> None:
    page.wait_for_function(condition, arg=arg, timeout=120_000)
    page.wait_for_selector(APP_IDLE, timeout=120_000)


def wait_drawn(page: Page, charts: int = 0) -> None:
    drawn_then_idle(page, DRAWN, charts)


def view_drawn(condition: str) -> Callable[[Page], None]:
    """Wait until ``condition`` (JavaScript, with VIEW_HELPERS) holds with no placeholder left, then the script idle."""
    return partial(drawn_then_idle, condition=f"() => {{ {VIEW_HELPERS}\n  return settled && {condition}; }}")


# Each page's first view as a visitor first sees it: its path and when it counts as drawn
# (the page's signature element present and rendered, then the script idle).
FIRST_VIEWS: dict[str, tuple[str, Callable[[Page], None]]] = {
    "home": ("/?lang=en", view_drawn(f"decoded('[data-testid=\"stImage\"] img', {len(PAGES) - 1})")),  # a card a page
    "step": ("/step?seq=hello&t=1&lang=en", wait_drawn),
    "gradients": ("/gradients?lang=en", view_drawn("charts(3)")),  # reach, then RNN and LSTM units
    "shapes": ("/shapes?lang=en", view_drawn("shown('.shapes-table')")),
    "playground": ("/playground?lang=en", view_drawn("shown('.play-panels') && decoded('.play-panels img', 2)")),
    "train": ("/train?lang=en", view_drawn("shown('h1') && shown('[data-testid=\"stTextInput\"] input') && "
                                           "shown('.st-key-train_go button') && "
                                           "shown('[data-testid=\"stFileUploaderDropzone\"]')")),
}


def time_steps(page: Page, steps: int, t: int = 1) -> list[float]:
    """Move the "Time step" slider ``steps`` times from step ``t`` with the keyboard:
    4 right, 4 left, … (so it ends at ``t`` when ``steps`` is a multiple of 8)."""
    slider = page.get_by_role("slider", name="Time step")
    timings = []
    for k in range(steps):
        key = "ArrowRight" if (k // 4) % 2 == 0 else "ArrowLeft"
        t += 1 if key == "ArrowRight" else -1
        slider.focus()
        slider.press(key)
        timings.append(page.evaluate(STEP_DONE, t))
        page.wait_for_selector(APP_IDLE)
    return timings


def measure_gradients(page: Page, port: int, changes: int = 5) -> dict:
    """/gradients: T → 200 on the open page (median of ``changes``, the first one computed
    afresh), and the whole page in a new tab (Streamlit's and Plotly's scripts included)."""
    page.goto(f"http://127.0.0.1:{port}/gradients?T=100&lang=en")
    page.wait_for_function(ALL_CHARTS_AT, arg=100, timeout=120_000)
    page.evaluate(RECORD_KEYDOWN)
    slider = page.get_by_role("slider", name="Sequence length T")
    timings = []
    for _ in range(changes):
        slider.focus()
        slider.press("End")
        timings.append(page.evaluate(CHARTS_DONE, 200))
        slider.press("Home")
        page.wait_for_function(ALL_CHARTS_AT, arg=5, timeout=60_000)
    tab = page.context.browser.new_page(viewport=page.viewport_size, locale="en-US")  # cold: nothing cached
    begin = time.perf_counter()
    tab.goto(f"http://127.0.0.1:{port}/gradients?T=200&lang=en")
    tab.wait_for_function(ALL_CHARTS_AT, arg=200, timeout=120_000)
    new_tab = time.perf_counter() - begin
    tab.close()
    return {"gradients_render_s": statistics.median(timings) / 1000, "gradients_render_max_s": max(timings) / 1000,
            "gradients_new_tab_s": new_tab}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def fresh_view(browser, script: str, path: str, drawn: Callable[[Page], None], log: Path):
    """Start a server for ``script``, open ``path`` in a new browser context (nothing
    cached) and wait until ``drawn``; return (seconds from the server's launch, page,
    server, port)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    port = free_port()
    started = time.perf_counter()
    try:
        server = start_server(port, log, script)
    except BaseException:
        context.close()
        raise
    try:
        page.goto(f"http://127.0.0.1:{port}{path}")
        drawn(page)
    except BaseException:  # e.g. a page never drawn: leave no server behind
        stop_server(server)
        context.close()
        raise
    page.evaluate(RECORD_KEYDOWN)
    return time.perf_counter() - started, page, server, port


def reference_drawn(page: Page) -> None:
    drawn_then_idle(page, "() => document.querySelector('.lstm-diagram p') && document.querySelector('.prediction p')")


def measure_sequences(page: Page) -> list[float]:
    """Milliseconds from Enter on each new sequence to the page redrawn for it (training included)."""
    timings = []
    box = page.get_by_role("textbox", name="Sequence")
    for text in SEQUENCES:
        box.fill(text)
        begin = time.perf_counter()
        box.press("Enter")
        page.wait_for_function("(T) => document.querySelector('.step-readout')?.textContent"
                               ".startsWith(`t = 1 / ${T} `)", arg=len(text), timeout=60_000)
        expect(page.get_by_role("slider", name="Time step")).to_have_attribute("max", str(len(text)), timeout=60_000)
        wait_drawn(page)
        timings.append((time.perf_counter() - begin) * 1000)
    return timings


def measure(steps: int, rounds: int, pages: list[str]) -> dict:
    """``rounds`` interleaved rounds of (reference app, LSTM Lab's /step, each of the other
    ``pages``): a fresh server and its first view each, plus ``steps`` step changes on the
    reference and /step; then, on the last /step server, the rest."""
    log = ROOT / "benchmarks" / "streamlit-bench.log"
    others = [name for name in pages if name != "step"]  # /step is measured in every case
    firsts: dict[str, list[float]] = {"reference": [], "app": [], **{name: [] for name in others}}
    step_times: dict[str, list[float]] = {"reference": [], "app": []}
    results: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for k in range(rounds):
                for name, script, path, drawn in (
                        ("reference", ROOT / "benchmarks" / "reference_app.py", "/", reference_drawn),
                        ("app", "app.py", *FIRST_VIEWS["step"])):
                    seconds, page, server, port = fresh_view(browser, script, path, drawn, log)
                    try:
                        firsts[name].append(seconds)
                        step_times[name] += time_steps(page, steps)  # 5 steps, from t = 1 up to 5 and back
                        if name == "app" and k == rounds - 1:
                            results.update(measure_rest(page, server, port, steps))
                    finally:
                        stop_server(server)
                        page.context.close()
                for name in others:
                    seconds, page, server, _ = fresh_view(browser, "app.py", *FIRST_VIEWS[name], log)
                    firsts[name].append(seconds)
                    stop_server(server)
                    page.context.close()
        finally:
            browser.close()
    results.update(first_render_s=statistics.median(firsts["app"]), step_ms_median=statistics.median(step_times["app"]),
                   step_ms_max=max(step_times["app"]),
                   reference_first_render_s=statistics.median(firsts["reference"]),
                   reference_step_ms_median=statistics.median(step_times["reference"]))
    results["first_render_ratio"] = results["first_render_s"] / results["reference_first_render_s"]
    results["step_ratio"] = results["step_ms_median"] / results["reference_step_ms_median"]
    medians = {"step": results["first_render_s"]} | {name: statistics.median(firsts[name]) for name in others}
    for name in (name for name in FIRST_VIEWS if name in medians):
        results[f"first_view_s_{name}"] = medians[name]
        results[f"first_view_ratio_{name}"] = medians[name] / results["reference_first_render_s"]
    return results


def measure_rest(page: Page, server, port: int, steps: int) -> dict:
    """Step changes with "Over time" open, new sequences, the server's memory, /gradients."""
    results = {}
    page.locator("summary").filter(has_text="Over time").click()
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2",
                           timeout=60_000)
    page.wait_for_selector(APP_IDLE)
    results["step_open_ms_median"] = statistics.median(time_steps(page, steps))
    page.locator("summary").filter(has_text="Over time").click()
    page.wait_for_selector(APP_IDLE)
    timings = measure_sequences(page)
    results["sequence_ms_median"] = statistics.median(timings)
    results["sequence_ms_max"] = max(timings)
    results["rss_mb"] = rss_mb(server.pid)
    results.update(measure_gradients(page, port))
    return results


def page_label(name: str) -> str:
    return "home (/)" if name == "home" else f"/{name}"


def table(results: dict, steps: int, rounds: int, load: tuple[float, float]) -> str:
    ratio_target = f"≤ {FIRST_VIEW_RATIO} ×"
    rows = [(f"server start → /step fully drawn (median of {rounds})", "first_render_s", "s", "≤ 3 s"),
            ("  reference app, same rounds (a title, text, a slider, two HTML lines)", "reference_first_render_s",
             "s", ""),
            ("  ratio /step / reference", "first_render_ratio", "×", ratio_target),
            (f"step change → panels updated (median of {rounds} × {steps})", "step_ms_median", "ms", "≤ 150 ms"),
            ("  slowest step change", "step_ms_max", "ms", ""),
            ("  reference app, same rounds", "reference_step_ms_median", "ms", ""),
            ("  ratio /step / reference", "step_ratio", "×", ""),
            ("  the same with “Over time” open (ruler, heatmaps, lines; median)", "step_open_ms_median", "ms", ""),
            (f"new sequence → page redrawn, training included (median of {len(SEQUENCES)})", "sequence_ms_median",
             "ms", "≤ 1000 ms"),
            ("  slowest new sequence", "sequence_ms_max", "ms", ""),
            ("server RSS after the runs", "rss_mb", "MB", "≤ 250 MB"),
            ("/gradients: T 100 → 200 on the open page, charts redrawn (median of 5)", "gradients_render_s", "s",
             "≤ 1 s"),
            ("  slowest of those", "gradients_render_max_s", "s", ""),
            ("/gradients?T=200 in a new tab (loads Streamlit's and Plotly's scripts)", "gradients_new_tab_s", "s", "")]
    pages = [name for name in FIRST_VIEWS if name != "step" and f"first_view_s_{name}" in results]
    rows[3:3] = [row for name in pages for row in (
        (f"server start → {page_label(name)} drawn (median of {rounds}, same rounds)", f"first_view_s_{name}", "s", ""),
        (f"  ratio {page_label(name)} / reference", f"first_view_ratio_{name}", "×", ratio_target))]
    targets = TARGETS | {"first_render_ratio": FIRST_VIEW_RATIO} | {
        f"first_view_ratio_{name}": FIRST_VIEW_RATIO for name in FIRST_VIEWS}
    lines = [f"{'measure':<72} {'value':>10}  target     met",
             f"{'-' * 72} {'-' * 10}  ---------  ---"]
    for label, key, unit, target in rows:
        value = results[key]
        met = "" if key not in targets else ("yes" if value <= targets[key] else "NO")
        decimals = 2 if unit in ("s", "×") else 0
        lines.append(f"{label:<72} {value:>8.{decimals}f} {unit:<2} {target:<9}  {met}")
    lines.append(f"load average (1 min) before / after: {load[0]:.2f} / {load[1]:.2f} on {os.cpu_count()} cores")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=24, help="step changes to time, a multiple of 8 (default 24)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="fresh servers per app for the first view and the steps (default 3)")
    parser.add_argument("--pages", nargs="+", choices=list(FIRST_VIEWS), default=list(FIRST_VIEWS), metavar="PAGE",
                        help="the pages whose first view to measure, each on a fresh server per round: "
                             f"{', '.join(FIRST_VIEWS)} (default: all; /step is always measured)")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the results")
    parser.add_argument("--out", type=Path, help="also write the table here, with the command at its top")
    args = parser.parse_args()
    if args.steps % 8:
        parser.error("--steps must be a multiple of 8 (4 steps forward, 4 back)")
    before = os.getloadavg()[0]
    results = measure(args.steps, args.rounds, args.pages)
    text = table(results, args.steps, args.rounds, (before, os.getloadavg()[0]))
    print(text)
    if args.out:
        command = " ".join([".venv/bin/python", "benchmarks/bench_app.py", *sys.argv[1:]])
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(f"$ {command}\n\n{text}\n", encoding="utf-8")
    if args.json:
        print(json.dumps({k: round(v, 4) for k, v in results.items()}))


if __name__ == "__main__":
    main()
