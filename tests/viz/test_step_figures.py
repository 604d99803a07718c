"""Figures and tables of the step page: data equal to the trace, fixed scales, escaped labels."""

from __future__ import annotations

import json
import re

import numpy as np
import plotly.colors as pc
import plotly.graph_objects as go
import pytest

from lstm_viz import notation, step_figures, style, tables
from lstm_viz.i18n import Translator
from tests.support import decode
from tests.viz.test_equations import css_rules
from ui.step_data import View, step_run

EN, KO = Translator("en"), Translator("ko")
HOSTILE = "<b>$x$</b> *a* 안👍🏽"


@pytest.fixture(scope="module")
def run():
    return step_run(View("hello", 4, 1, 0, "trained"))


def spec(fig: go.Figure) -> dict:
    """What the browser receives (plotly's JSON), after full validation of every property."""
    return json.loads(go.Figure(fig.to_dict()).to_json())


def traces(fig: go.Figure) -> dict[str, dict]:
    return {trace["name"]: trace for trace in spec(fig)["data"]}


def test_heatmap_cells_are_the_trace_on_fixed_scales(run):
    layer = run["layers"][0]
    fig = step_figures.over_time_heatmaps(layer, run["symbols"], EN, c_range=2.0, title="T")
    by_name = traces(fig)
    for name in notation.OVER_TIME:
        np.testing.assert_array_equal(decode(by_name[name]["z"]), layer[name].T)  # unit × step
    assert [by_name[n]["coloraxis"] for n in ("f", "g", "c")] == ["coloraxis", "coloraxis2", "coloraxis3"]
    layout = spec(fig)["layout"]
    assert (layout["coloraxis"]["cmin"], layout["coloraxis"]["cmax"]) == style.GATE_RANGE
    assert (layout["coloraxis2"]["cmin"], layout["coloraxis2"]["cmax"]) == style.UNIT_RANGE
    assert (layout["coloraxis3"]["cmin"], layout["coloraxis3"]["cmax"]) == (-2.0, 2.0)
    assert [c for _, c in layout["coloraxis"]["colorscale"]] == [c for _, c in pc.get_colorscale("Cividis")]
    assert [c for _, c in layout["coloraxis3"]["colorscale"]] == [c for _, c in pc.get_colorscale("RdBu_r")]
    assert layout["title"]["text"] == "T" and layout["xaxis"]["title"]["text"] == EN("step.axis_step")
    assert layout["yaxis"]["title"]["text"] == EN("step.axis_units")
    assert ":.3f}" in by_name["f"]["hovertemplate"]


def test_the_heatmaps_do_not_change_with_the_step_and_the_ruler_marks_it(run):
    fig = step_figures.over_time_heatmaps(run["layers"][0], run["symbols"], EN, c_range=2.0, title="T")
    assert fig.layout.margin.l == step_figures.HEAT_MARGIN["l"] and fig.layout.margin.autoexpand is False
    ruler = step_figures.step_ruler(run["symbols"], 3, EN)
    assert ruler.count('title="t = ') == 5 and 'data-t="3"' in ruler
    assert f'margin:26px {step_figures.HEAT_MARGIN["r"]}px 0 {step_figures.HEAT_MARGIN["l"]}px' in ruler
    now = ruler.split('class="now"')[1]
    assert "t = 3 · l" in now and ruler.index('class="now"') > ruler.index('title="t = 2 · e"')
    assert "&lt;b&gt;" in step_figures.step_ruler(["<b>"], 1, EN)


def test_titles_axes_and_hovers_are_translated(run):
    fig = step_figures.over_time_heatmaps(run["layers"][0], run["symbols"], KO, c_range=1.0, title="제목")
    layout = spec(fig)["layout"]
    assert KO.term("forget_gate") in " ".join(layout["yaxis"]["ticktext"])
    assert layout["xaxis"]["title"]["text"] == KO("step.axis_step")
    assert KO.term("unit") in traces(fig)["f"]["hovertemplate"]


def test_typed_text_is_escaped_in_ticks_and_hovers():
    data = step_run(View(HOSTILE, 2, 1, 0, "random"))
    fig = step_figures.over_time_heatmaps(data["layers"][0], data["symbols"], EN, c_range=1.0, title="T")
    ticks = [t.replace("<br>", "") for t in spec(fig)["layout"]["xaxis"]["ticktext"]]
    shown = [t.split(None, 1)[0] for t in ticks]  # "1&lt;" → the step number glued to the character
    assert ticks[0] == "1&lt;" and "<" not in "".join(ticks) and "␣" in "".join(ticks)
    custom = traces(fig)["f"]["customdata"][0]
    assert custom[:3] == ["&lt;", "b", "&gt;"] and "👍🏽" in custom and all("<" not in c for c in custom)
    assert len(shown) == len(data["symbols"])


def test_state_lines_one_line_per_unit(run):
    layer = run["layers"][0]
    fig = spec(step_figures.state_lines(layer, run["symbols"], EN, c_range=2.0, title="L"))
    assert len(fig["data"]) == 2 * 4
    np.testing.assert_array_equal(decode(fig["data"][1]["y"]), layer["c"][:, 1])
    np.testing.assert_array_equal(decode(fig["data"][4 + 2]["y"]), layer["h"][:, 2])
    assert fig["layout"]["yaxis2"]["range"] == list(style.UNIT_RANGE)


def test_prediction_lists_the_likeliest_characters_and_marks_the_right_answer(run):
    html = step_figures.prediction(run["probs"][2], run["vocab"], 2, EN, t=3, char="l")
    assert "Next-character probabilities after &#x27;l&#x27; (t = 3)" in html
    rows = html.split('class="p-row')[1:]
    assert len(rows) == 4 and rows[0].startswith(' right"') and "✓" in rows[0]  # 'l' → 'l' is likeliest
    assert "✓</b> right answer" in html
    for k, ch in enumerate(run["vocab"]):
        assert f'title="{ch}: {run["probs"][2][k]:.3f}"' in html
    last = step_figures.prediction(run["probs"][4], run["vocab"], None, EN, t=5, char="o")
    assert "✓" not in last and EN("step.prob_last") in last  # no next character to check against


def test_prediction_of_a_large_vocabulary_keeps_the_answer():
    p = np.linspace(1, 0, 30)
    p /= p.sum()
    vocab = [chr(ord("a") + k) for k in range(26)] + ["<", "&", " ", "👍"]
    html = step_figures.prediction(p, vocab, 28, KO, t=1, char="<")
    assert html.count('class="p-row') == 10 and 'title="␣: ' in html and "&lt;" in html
    assert KO("step.prob_top", shown=10, V=30) in html and "<b>" not in html.replace('<b class="tick">', "")


def test_the_prediction_and_the_ruler_take_every_colour_from_the_stylesheet(run):
    html = (step_figures.prediction(run["probs"][2], run["vocab"], 2, EN, t=3, char="l")
            + step_figures.step_ruler(run["symbols"], 3, EN))
    assert not re.search(r"colou?r:|background|#[0-9A-Fa-f]{3,6}\b", html)  # no inline colour
    used = {name for attr in re.findall(r'class="([^"]+)"', html) for name in attr.split()}
    rules = css_rules()
    assert used <= {name for selector in rules for name in re.findall(r"\.([\w-]+)", selector)}
    # the stylesheet's bars are the figures' colours: the answer highlighted, the rest the first series colour
    assert style.HIGHLIGHT in rules[".p-row.right .p-bar"] and style.SERIES_COLOURS[0] in rules[".p-bar"]
    assert style.HIGHLIGHT in rules[".step-ruler div.now"]


def test_playback_has_one_frame_per_step_with_that_steps_values(run):
    layer = run["layers"][0]
    fig = spec(step_figures.playback(layer, run["symbols"], EN, c_range=2.0, title="Play"))
    assert [f["name"] for f in fig["frames"]] == ["1", "2", "3", "4", "5"]
    f_bars = fig["frames"][3]["data"][0]
    assert f_bars["name"] == "f"
    np.testing.assert_array_equal(decode(f_bars["y"]), layer["f"][3])
    assert fig["frames"][2]["layout"]["title"]["text"] == "Play · t = 3 / 5 · input 'l'"
    assert len(fig["layout"]["sliders"][0]["steps"]) == 5
    assert fig["layout"]["updatemenus"][0]["buttons"][0]["label"] == f"▶ {EN('step.play')}"


def test_playback_controls_and_legend_do_not_cover_each_other(run):
    """Play/Pause sit on a row of their own above the slider and its label (whatever the
    width or the language); the legend stands right of the plots, below the top edge where
    Plotly's mode bar appears."""
    fig = spec(step_figures.playback(run["layers"][0], run["symbols"], KO, c_range=2.0, title="Play"))
    buttons, slider = fig["layout"]["updatemenus"][0], fig["layout"]["sliders"][0]
    assert buttons["yanchor"] == slider["yanchor"] == "top" and slider["y"] < buttons["y"] - 0.12
    assert slider["currentvalue"]["xanchor"] == "left" and slider["x"] == buttons["x"] == 0.0
    legend = fig["layout"]["legend"]
    assert legend["orientation"] == "v" and legend["x"] > 1.0 and legend["y"] <= 1.0 and legend["yanchor"] == "top"


def test_long_sequences_label_every_kth_step():
    ticks = step_figures.step_ticks(list("abcdefghij" * 6))
    assert ticks["tickvals"][:3] == [1, 4, 7] and len(ticks["tickvals"]) <= step_figures.MAX_TICKS


def test_one_hot_table_and_trace_table(run):
    table = tables.one_hot_table(run["symbols"], run["vocab"], run["x"], EN)
    assert list(table.columns) == [EN("step.col_input"), "h", "e", "l", "o"]
    assert table.loc[3, "l"] == 1 and table.loc[3].iloc[1:].sum() == 1
    trace = tables.trace_table(run["layers"], run["symbols"], EN)
    assert len(trace) == 5 * 4
    row = trace[(trace[EN("step.col_t")] == 3) & (trace[EN.term("unit")] == 2)].iloc[0]
    assert row[EN("step.col_input")] == "l" and row[EN("step.col_f")] == run["layers"][0]["f"][2, 1]


def test_column_labels_stay_distinct():
    assert tables.column_labels([" ", "␣", "a"]) == ["␣", "␣ (U+2423)", "a"]


def test_csv_opens_in_spreadsheets_without_running_formulas():
    data = step_run(View("=1+2", 1, 1, 0, "random"))
    csv = tables.csv_bytes(tables.trace_table(data["layers"], data["symbols"], KO))
    assert csv.startswith("\ufeff".encode()) and b"'=" in csv and b"'+" in csv
    assert KO.term("layer").encode() in csv
