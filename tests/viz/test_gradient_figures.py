"""The RNN vs LSTM page's figure builders: plain arrays in, honest Plotly figures out —
log axes that never drop an overflow or an exact zero silently, fixed colour ranges, and
words from the i18n files in both languages."""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest

from lstm_viz import gradient_figures as figs
from lstm_viz.i18n import Translator, strings
from lstm_viz.style import CELL_COLOURS, GATE_SCALE, MAGNITUDE_SCALE
from tests.support import decode

EN = Translator("en")


def flow(cell: str = "rnn", T: int = 6, H: int = 3, dh=None, lstm: bool = False) -> figs.CellFlow:
    dh = np.geomspace(1.0, 1e-5, T) if dh is None else np.asarray(dh, dtype=float)
    units = np.outer(np.linspace(0.5, 1.0, H), dh)
    f = np.full((H, T), 0.9) if lstm else None
    return figs.CellFlow(cell=cell, dh=dh, dx=dh / 2, dh_units=units, jac=np.full(T, 0.5),
                         jac_product=0.5 ** np.arange(T), dc=dh if lstm else None, f=f,
                         f_product=np.cumprod(f, axis=1) if lstm else None)


def spec(fig) -> dict:
    return json.loads(fig.to_json())


def arr(a) -> np.ndarray:
    """A Plotly array (list, or base64 typed array) as floats; JSON null becomes NaN."""
    return np.array([math.nan if v is None else v for v in a], dtype=float) if isinstance(a, list) \
        else decode(a).astype(float)


@pytest.mark.parametrize(("values", "expected"), [
    (0.5 ** np.arange(10), 0.5),  # a geometric series: exactly its ratio
    (2.0 ** np.arange(5), 2.0),  # growth is a factor above 1
    ([1.0, 0.1, 0.0], 0.0),  # the gradient reached exactly 0
    ([1.0, math.inf, 1.0], math.nan),  # overflow: no honest factor
    ([1.0], math.nan),
])
def test_decay_per_step_is_the_geometric_mean_ratio(values, expected):
    r = figs.decay_per_step(np.asarray(values, dtype=float))
    assert (math.isnan(r) and math.isnan(expected)) or r == pytest.approx(expected, rel=1e-12)


def test_log_chart_draws_overflow_and_zero_in_labelled_lanes_not_on_the_axis():
    y = np.array([1.0, 1e-3, 0.0, math.inf, math.nan, 1e10])
    fig = figs.log_chart([figs.Curve("g", np.arange(6), y, "#000")], tr=EN, title="t", x_title="x", y_title="y",
                         quantity="q")
    s = spec(fig)
    line, overflow, zero = s["data"]
    drawn = arr(line["y"])  # JSON null → NaN: a gap, never a made-up value
    assert np.isnan(drawn[[2, 3, 4]]).all() and drawn[[0, 1, 5]].tolist() == [1.0, 1e-3, 1e10]
    assert overflow["yaxis"] == "y2" and arr(overflow["x"]).tolist() == [3, 4] and overflow["text"] == ["∞", "NaN"]
    assert zero["yaxis"] == "y3" and arr(zero["x"]).tolist() == [2] and "exactly 0" in zero["hovertemplate"]
    layout = s["layout"]
    assert layout["yaxis2"]["ticktext"] == ["∞ / NaN"] and layout["yaxis3"]["ticktext"] == ["0"]
    assert layout["yaxis"]["type"] == "log" and layout["yaxis"]["range"] == pytest.approx([-3.4, 10.4])
    assert "overflow" in layout["title"]["subtitle"]["text"]


def test_log_chart_without_trouble_has_no_lanes_and_decade_ticks():
    fig = figs.log_chart([figs.Curve("g", np.arange(4), np.geomspace(1, 1e-40, 4), "#000")], tr=EN, title="t",
                         x_title="x", y_title="y", quantity="q")
    layout = spec(fig)["layout"]
    assert "yaxis2" not in layout and "subtitle" not in layout["title"]
    assert layout["yaxis"]["dtick"] == 5  # 40 decades: a label every 5, never 2 and 5 between decades


def test_guide_lines_neither_stretch_the_axis_nor_claim_overflow():
    data = figs.Curve("data", np.arange(3), np.array([1.0, 0.5, 0.25]), "#000")
    guide = figs.Curve("bound", np.arange(3), np.array([1.0, 1e300, math.inf]), "#555", edges=False)
    s = spec(figs.log_chart([data, guide], tr=EN, title="t", x_title="x", y_title="y", quantity="q"))
    assert len(s["data"]) == 2 and s["layout"]["yaxis"]["range"] == pytest.approx([-1.4, 0.4])


def test_gradient_reach_puts_both_cells_on_one_chart_with_their_factor_per_step():
    rnn = flow("rnn", dh=0.5 ** np.arange(6))
    lstm = flow("lstm", dh=0.9 ** np.arange(6), lstm=True)
    s = spec(figs.gradient_reach_figure([rnn, lstm], EN))
    assert s["layout"]["title"]["text"] == strings("en")["gradients.reach_title"]
    names = [t["name"] for t in s["data"]]
    assert names == [f"vanilla RNN · {figs.DH}", f"vanilla RNN · {figs.DX}", f"LSTM · {figs.DH}", f"LSTM · {figs.DX}",
                     f"LSTM · {figs.DC}"]  # the LSTM's cell state: its second way back
    assert [t["line"]["color"] for t in s["data"]] == [CELL_COLOURS["rnn"]] * 2 + [CELL_COLOURS["lstm"]] * 3
    assert [t["line"]["dash"] for t in s["data"]] == ["solid", "dot", "solid", "dot", "dash"]
    notes = [a["text"] for a in s["layout"]["annotations"]]
    assert "<b>vanilla RNN</b> ×0.500 per step" in notes and "<b>LSTM</b> ×0.900 per step" in notes


# A curve like the default LSTM's ‖∂L/∂h‖: a drop to 0.10 in the first step, then about flat,
# rising at the end. Its geometric mean is 0.98 per step, and 0.98⁵⁰ ≈ 0.36 is nowhere near it.
FLAT_AFTER_A_DROP = np.concatenate([[1.0, 0.1], np.full(47, 0.07), np.linspace(0.07, 0.13, 51)])


def test_a_steady_factor_is_claimed_only_where_the_curve_is_geometric():
    assert figs.geometric_misfit(0.5 ** np.arange(40)) == pytest.approx(0.0, abs=1e-12)
    assert figs.is_geometric(0.5 ** np.arange(40)) and figs.is_geometric(2.0 ** np.arange(40))
    r = figs.decay_per_step(FLAT_AFTER_A_DROP)
    assert 0.97 < r < 0.99 and abs(math.log10(r ** 50 / FLAT_AFTER_A_DROP[50])) > 0.5  # r^k misses by > ½ decade
    assert not figs.is_geometric(FLAT_AFTER_A_DROP)
    assert figs.geometric_tolerance(FLAT_AFTER_A_DROP) == figs.GEOMETRIC_DECADES
    # a long geometric fall with a first step off the line: a tenth of its 30 decades is allowed
    steep = np.concatenate([[1.0], 0.47 * 0.5 ** np.arange(99)])
    assert figs.geometric_tolerance(steep) == pytest.approx(0.1 * -math.log10(steep[-1]))
    assert figs.is_geometric(steep)
    assert not figs.is_geometric(np.array([1.0, 0.5, 0.0])) and not figs.is_geometric(np.array([1.0, math.inf, 1.0]))


def test_a_curve_that_is_not_geometric_is_told_by_its_values():
    shape = figs.curve_shape(FLAT_AFTER_A_DROP)
    assert (shape.first, shape.lo, shape.hi, shape.last) == (0.1, 0.07, pytest.approx(0.13), 99)
    assert FLAT_AFTER_A_DROP[shape.k_lo] == shape.lo and FLAT_AFTER_A_DROP[shape.k_hi] == shape.hi
    assert figs.curve_label(FLAT_AFTER_A_DROP, EN) == "1 step back 1.0e−01, then 7.0e−02 … 1.3e−01"
    assert "per step" not in figs.curve_label(FLAT_AFTER_A_DROP, EN)
    assert figs.curve_label(0.5 ** np.arange(6), EN) == "×0.500 per step"
    assert figs.curve_label(np.array([1.0, math.inf, 1.0]), EN) == EN("gradients.decay_overflow")
    assert figs.curve_sentence(0.5 ** np.arange(6), EN) == EN("gradients.share_rate", r="0.500")
    sentence = figs.curve_sentence(FLAT_AFTER_A_DROP, EN)
    assert "no steady factor" in sentence and "1.0e−01" in sentence and f"(k = {shape.k_hi})" in sentence
    ko = Translator("ko")
    assert figs.curve_label(FLAT_AFTER_A_DROP, ko) == "1 타임 스텝 전 1.0e−01, 그 뒤 7.0e−02 … 1.3e−01"
    lstm = flow("lstm", dh=FLAT_AFTER_A_DROP, T=100, lstm=True)
    notes = [a["text"] for a in spec(figs.gradient_reach_figure([lstm], EN))["layout"]["annotations"]]
    assert notes == ["<b>LSTM</b> 1 step back 1.0e−01, then 7.0e−02 … 1.3e−01"]


@pytest.mark.parametrize(("values", "expected"), [
    (0.5 ** np.arange(60), "vanish"),  # 0.5⁵⁰ ≈ 8.9e-16
    (np.full(60, 0.3), "hold"),
    (np.full(60, 1e-3), "hold"),  # exactly a thousandth is not yet gone
    (1.1 ** np.arange(60), "grow"),
    (np.array([1.0] + [math.inf] * 59), "grow"),  # overflow is growth taken to its end
])
def test_regime_at_k_steps_back(values, expected):
    assert figs.regime(np.asarray(values, dtype=float), 50) == expected


def test_a_forward_overflow_shades_the_steps_it_spoils():
    spoilt = figs.CellFlow(**{**flow().__dict__, "h_overflow": 4})  # h_4 … h_6 are ∞/NaN: k = 0 … 2
    s = spec(figs.gradient_reach_figure([spoilt], EN))
    shape, = s["layout"]["shapes"]
    assert (shape["x0"], shape["x1"]) == (-0.5, 2.5)
    assert any("h = ∞ / NaN" in a["text"] for a in s["layout"]["annotations"])


def test_unit_heatmap_uses_one_fixed_log_range_and_greys_out_overflow():
    units = np.array([[1.0, 1e-3, 1e-30, np.inf], [1e12, 0.5, 0.0, np.nan]])
    f = figs.CellFlow(**{**flow(T=4, H=2).__dict__, "dh_units": units})
    s = spec(figs.unit_heatmap(f, EN))
    colours, grey = s["data"]
    assert (colours["zmin"], colours["zmax"]) == figs.LOG_RANGE
    assert colours["colorscale"] == MAGNITUDE_SCALE and colours["colorscale"][0][1] == "rgb(0,0,4)"
    z = arr(colours["z"])
    assert z[0, :3].tolist() == [0.0, -3.0, -16.0] and z[1, 0] == 8.0 and z[1, 2] == -16.0  # clipped, 0 → floor
    assert np.isnan(z[0, 3]) and np.isnan(z[1, 3])
    assert arr(grey["z"])[:, 3].tolist() == [1.0, 1.0] and grey["showscale"] is False
    assert grey["text"][0][3] == "∞" and grey["text"][1][3] == "NaN" and grey["text"][0][0] == ""
    assert s["layout"]["title"]["subtitle"]["text"] == strings("en")["gradients.heatmap_overflow_note"]


def test_jacobian_figure_draws_the_bound_and_its_power():
    s = spec(figs.jacobian_figure(flow(T=5), 0.8, EN))
    power = next(t for t in s["data"] if "<sup>k</sup>" in t["name"])
    assert arr(power["y"]) == pytest.approx(0.8 ** np.arange(5))
    assert len(spec(figs.jacobian_figure(flow(T=5), None, EN))["data"]) == 2  # the GRU: no such bound


def test_forget_gate_heatmap_is_on_the_one_gate_scale():
    heatmap = spec(figs.forget_heatmap(flow("lstm", lstm=True), EN))["data"][0]
    cividis = spec(go.Figure(go.Heatmap(colorscale=GATE_SCALE)))["data"][0]["colorscale"]
    assert heatmap["colorscale"] == cividis and (heatmap["zmin"], heatmap["zmax"]) == (0.0, 1.0)


def test_activations_mark_the_derivative_bounds_from_lstm_core_values():
    s = spec(figs.activations_figure(EN))
    by_name = {t["name"]: arr(t["y"]) for t in s["data"]}
    assert by_name["σ′(x)"].max() == pytest.approx(0.25)
    assert by_name["tanh′(x)"].max() == pytest.approx(1.0)
    assert set(np.unique(by_name["ReLU′(x)"])) == {0.0, 1.0}
    assert sorted(shape["y0"] for shape in s["layout"]["shapes"]) == [0.25, 1.0]


def test_race_figure_shows_every_cell_and_the_chance_line():
    acc = {"rnn": {"5": 1.0, "50": 0.25}, "gru": {"5": 1.0, "50": 1.0}, "lstm": {"5": 1.0, "50": 0.99}}
    s = spec(figs.race_figure(acc, 0.25, EN))
    assert [t["name"] for t in s["data"]] == ["LSTM", "vanilla RNN", "GRU"]  # the GRU drawn last, on top
    assert s["layout"]["shapes"][0]["y0"] == 0.25 and s["layout"]["xaxis"]["type"] == "log"
    assert s["layout"]["xaxis"]["tickvals"] == [5, 50] and "error_y" not in s["data"][0]
    seeds = {cell: {d: [v - 0.1, v, v + 0.05] for d, v in by.items()} for cell, by in acc.items()}
    bars = spec(figs.race_figure(acc, 0.25, EN, seeds))["data"][1]["error_y"]  # the RNN: min … max over seeds
    assert arr(bars["array"]) == pytest.approx([0.05, 0.05]) and arr(bars["arrayminus"]) == pytest.approx([0.1, 0.1])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_figure_speaks_the_language(lang):
    tr = Translator(lang)
    rnn, lstm = flow("rnn"), flow("lstm", lstm=True)
    built = [figs.gradient_reach_figure([rnn, lstm], tr), figs.unit_heatmap(rnn, tr),
             figs.jacobian_figure(rnn, 0.9, tr), figs.forget_heatmap(lstm, tr), figs.forget_product_figure(lstm, tr),
             figs.textbook_figure({0.5: rnn.dh, 1.0: rnn.dh, 2.0: rnn.dh}, 0.9, lstm.dh, tr),
             figs.activations_figure(tr), figs.repeated_product_figure({"relu": rnn.dh}, 1.5, tr),
             figs.race_figure({"rnn": {"5": 1.0}}, 0.25, tr)]
    for fig in built:
        layout = spec(fig)["layout"]
        assert layout["title"]["text"] and layout["xaxis"]["title"]["text"]
        if lang == "ko":
            assert any("가" <= ch <= "힣" for ch in layout["title"]["text"] + layout["xaxis"]["title"]["text"])
