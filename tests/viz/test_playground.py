"""The playground's experiments: each sentence says what the run's numbers are, checked
here against the run itself (recomputed from the arrays, not from the sentence's code);
the lines chart (its SVG read back), the equations with fixed gates, and the diagram's fixed-gate mark."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from lstm_core import LSTM
from lstm_core.override import GATES, Fixed, at_step, run_with_gates
from lstm_viz import diagram, playground, style
from lstm_viz.i18n import Translator
from lstm_viz.notation import number
from tests.support import SVG, drawn, svg_lines, svg_of, svg_shaded_steps

EN, KO = Translator("en"), Translator("ko")
PULSE = np.array([[1.0], [0], [0], [0], [0], [0], [0], [0]])


def played(name: str, seed: int = 0, hidden: int = 1, x=PULSE):
    weights = LSTM(x.shape[1], hidden, seed=seed).state_dict()
    run = run_with_gates(weights, x, playground.experiment_gates(name, len(x)))
    return run, playground.observe(name, run)


def sentence(tr: Translator, seen) -> str:
    return tr(f"playground.{seen.key}", **seen.values)


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_perfect_memory_says_the_value_c_holds_and_for_how_long(seed):
    run, seen = played("perfect_memory", seed)
    assert seen.key == "exp_perfect_memory_note"
    c1 = run["c"][0]
    assert np.all(run["c"][1:] == c1)  # bit for bit
    assert (seen.facts["start"], seen.facts["end"], seen.facts["n"]) == (2, 8, 7)
    assert f"exactly {number(c1[0])} (7 time steps)" in sentence(EN, seen)
    assert f"정확히 {number(c1[0])}에 머뭅니다(7개 타임 스텝)" in sentence(KO, seen)


def test_amnesia_says_c_is_the_steps_own_write():
    run, seen = played("amnesia")
    assert seen.key == "exp_amnesia_note" and seen.facts["t"] == 2 and seen.facts["n"] == 8
    assert np.array_equal(run["c"], run["i"] * run["g"])
    i, g, c, c_prev = (run[k][1, 0] for k in ("i", "g", "c", "c_prev"))
    assert c_prev != 0 and c == i * g
    assert f"(c_t−1 = {number(c_prev)})" in sentence(EN, seen)
    assert f"= {number(i)} × {number(g)} = {number(c)}" in sentence(EN, seen)


def test_leaky_memory_halves_exactly_and_says_so():
    run, seen = played("leaky")
    c1 = run["c"][0, 0]
    expected = [c1 * 0.5 ** k for k in range(1, 8)]
    assert run["c"][1:, 0].tolist() == expected  # exact: a halving only lowers the exponent
    text = sentence(EN, seen)
    assert ", ".join(number(v) for v in expected[:4]) + " …" in text
    assert f"c = {number(c1)} × 0.5^k" in text and f"({number(expected[-1])} after 7)" in text


def test_silent_but_remembering_keeps_h_at_zero_then_lets_the_memory_out():
    run, seen = played("silent")
    assert seen.key == "exp_silent_note"
    assert np.all(run["h"][:7] == 0) and np.all(run["c"][1:] == run["c"][0])
    assert run["o"][7, 0] == 1.0 and run["h"][7, 0] == np.tanh(run["c"][0, 0])
    text = sentence(EN, seen)
    assert "From time step 1 to 7" in text and f"carries {number(run['c'][0, 0])}" in text
    assert f"h = 1.000 × tanh({number(run['c'][7, 0])}) = {number(np.tanh(run['c'][0, 0]))}" in text


def test_silent_with_the_gate_never_opened_says_so():
    weights = LSTM(1, 1, seed=0).state_dict()
    run = run_with_gates(weights, PULSE, {"o": playground.Fixed(0.0)})
    seen = playground.observe("silent", run)
    assert seen.key == "exp_silent_closed" and np.all(run["h"] == 0)


def test_write_once_stores_the_candidate_itself():
    run, seen = played("write_once", seed=3)
    g1 = run["g"][0, 0]
    assert run["i"][0, 0] == 1.0 and run["c"][0, 0] == g1 and np.all(run["c"][:, 0] == g1)
    assert f"+ 1 × {number(g1)} = {number(g1)}" in sentence(EN, seen)
    assert f"still exactly {number(g1)} at time step 8" in sentence(EN, seen)


def test_saturation_counts_up_by_one_and_tanh_flattens():
    run, seen = played("saturation")
    assert run["c"][:, 0].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    tanh = np.tanh(np.arange(0, 9.0))
    first_flat = 1 + int(np.flatnonzero(np.diff(tanh) < 0.01)[0])  # step t: tanh(t) − tanh(t − 1) < 0.01
    assert seen.facts["flat"] == first_flat == 4
    text = sentence(EN, seen)
    assert "c = 1.000, 2.000, 3.000, 4.000, 5.000 …" in text
    assert ", ".join(number(v) for v in tanh[1:6]) in text and "from time step 4 on" in text
    _, seen_short = played("saturation", x=PULSE[:3])
    assert seen_short.key == "exp_saturation_short"


def test_several_units_are_written_as_vectors():
    run, seen = played("perfect_memory", hidden=2)
    assert seen.values["c"] == f"[{number(run['c'][0, 0])}, {number(run['c'][0, 1])}]"


def test_an_experiment_whose_gates_are_gone_says_nothing():
    run = run_with_gates(LSTM(1, 1, seed=0).state_dict(), PULSE)
    assert all(playground.observe(name, run) is None for name in playground.EXPERIMENTS)


def test_every_experiment_fills_in_both_languages():
    for name in playground.EXPERIMENTS:
        for hidden in (1, 3):
            _, seen = played(name, hidden=hidden)
            for tr in (EN, KO):
                text = sentence(tr, seen)
                assert "{" not in text and "(으)로" not in text


def test_lines_show_both_runs_and_shade_the_fixed_steps():
    run, _ = played("perfect_memory")
    model = run_with_gates(LSTM(1, 1, seed=0).state_dict(), PULSE)
    svg, regions, (width, height) = playground.lines_svg(model, run, [f"{v:g}" for v in PULSE[:, 0]], EN)
    root = ET.fromstring(svg)  # well-formed
    assert root.get("viewBox") == f"0 0 {width} {height:g}"
    lines = list(root.iter(f"{SVG}polyline"))
    assert [(ln.get("data-label"), ln.get("data-name")) for ln in lines] == [
        ("your gates", "c"), ("untouched", "c"), ("your gates", "h"), ("untouched", "h")]
    shown = svg_lines(svg)  # the drawn points are the values
    for name in ("c", "h"):
        assert drawn(shown["your gates", name], run[name][:, 0])
        assert drawn(shown["untouched", name], model[name][:, 0])
    assert lines[0].get("stroke-dasharray") is None and lines[1].get("stroke-dasharray") == playground.DOTS
    assert lines[0].get("stroke") == lines[1].get("stroke") == style.SERIES_COLOURS[0]
    assert svg_shaded_steps(svg) == list(range(2, 9))
    texts = "".join(root.itertext())
    assert "c — cell state" in texts and "h — hidden state" in texts and "time step · input" in texts
    assert EN("playground.lines_fixed") in texts
    assert len(regions) == 2 * 8  # one per step and panel
    assert regions[2].title.splitlines() == [
        "time step 3 · “0”", "c_3 — cell state",
        f"untouched {number(model['c'][2, 0])} · your gates {number(run['c'][2, 0])}", "fixed: f, i"]


def test_lines_of_several_units_in_korean_escape_the_typed_text():
    x = np.eye(3)[[0, 1, 2, 0]]
    weights = LSTM(3, 3, seed=2).state_dict()
    model = run_with_gates(weights, x)
    run = run_with_gates(weights, x, {"o": Fixed(0.0, 3)})
    labels = ["<", "&", " ", "<"]
    svg, regions, _ = playground.lines_svg(model, run, labels, KO)
    assert "<tspan" not in svg and "&lt;" in svg and "&amp;" in svg
    root = ET.fromstring(svg)
    texts = list(root.itertext())
    assert {"<", "&", "␣"} <= set(texts)  # the typed text, shown as itself
    assert "c — 셀 상태" in texts and "h — 은닉 상태" in texts and "타임 스텝 · 입력" in texts
    assert "유닛 3" in texts and KO("playground.line_model") in texts
    shown = svg_lines(svg)
    for k in range(3):
        for name in ("c", "h"):
            assert drawn(shown[f"내가 정한 게이트 · 유닛 {k + 1}", name], run[name][:, k])
            assert drawn(shown[f"손대지 않은 셀 · 유닛 {k + 1}", name], model[name][:, k])
        colours = {ln.get("stroke") for ln in root.iter(f"{SVG}polyline") if ln.get("data-unit") == str(k)}
        assert colours == {style.series_colour(k)}
    assert svg_shaded_steps(svg) == [3, 4]
    assert regions[0].title.startswith("타임 스텝 1 · “<”") and "유닛 3: " in regions[0].title
    page = playground.lines_html(model, run, labels, KO, title="<b>제목</b>")
    assert "<b>" not in page and "&lt;b&gt;제목" in page and svg_of(page) == svg


def test_equations_mark_fixed_gates_and_strike_the_model_value():
    run, _ = played("perfect_memory")
    html = playground.step_equations(at_step(run, 3), "fixed by you")
    assert html.count("fixed by you") == 2  # f and i
    assert html.count('class="wrong"') == 2
    assert number(run["model_f"][2, 0]) in html and number(run["pre_g"][2, 0]) in html  # g stays σ/tanh(z)


def test_the_diagram_rings_the_fixed_gates_and_names_a_signal_input():
    run, _ = played("silent")
    step = at_step(run, 8)
    page = diagram.cell_html(step, EN, char="0", layer=1, c_range=1.0, title="t", alt="a",
                             fixed=[g for g in GATES if step[f"fixed_{g}"].any()], fixed_label="fixed",
                             input_label="signal value")
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", page).group(1)).decode("utf-8")
    assert sorted(re.findall(r'data-fixed="(\w)"', svg)) == ["f", "i", "o"]
    assert svg.count(">fixed<") == 3 and "signal value" in svg and "one-hot" not in svg
    plain = diagram.cell_svg(step, EN, char="0", layer=1, c_range=1.0)[0]
    assert "data-fixed" not in plain and "one-hot" in plain
