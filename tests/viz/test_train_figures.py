"""The training page's builders: curves, gates before and after, the prediction chips."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from lstm_viz import style
from lstm_viz.i18n import Translator
from lstm_viz.train_figures import curves, gates_caption, gates_start_end, near_ends, predictions_html

EN, KO = Translator("en"), Translator("ko")
RECORDS = {"lstm": [(0, 2.0, 0.2), (1, 1.5, 0.4), (2, 1.0, 1.0)], "rnn": [(0, 2.1, 0.1), (1, 1.9, 0.3)]}


@pytest.mark.parametrize("tr", [EN, KO])
def test_curves_draw_one_line_per_cell_in_its_colour_on_the_planned_steps(tr):
    fig = curves(RECORDS, tr, metric="loss", steps=300)
    go.Figure(fig.to_dict())  # the spec is valid
    assert [t.name for t in fig.data] == [tr("train.cell_lstm"), tr("train.cell_rnn")]
    assert [t.line.color for t in fig.data] == [style.CELL_COLOURS["lstm"], style.CELL_COLOURS["rnn"]]
    np.testing.assert_array_equal(fig.data[0].y, [2.0, 1.5, 1.0])
    assert tuple(fig.layout.xaxis.range) == (0, 300)
    assert fig.layout.title.text == tr("train.loss_title") and fig.layout.xaxis.title.text == tr.term("training_step")
    accuracy = curves(RECORDS, tr, metric="accuracy", steps=300)
    np.testing.assert_array_equal(accuracy.data[0].y, [20.0, 40.0, 100.0])
    assert tuple(accuracy.layout.yaxis.range) == (0, 105)


def test_curves_of_a_job_that_has_no_record_yet_are_empty():
    fig = curves({"lstm": []}, EN, metric="loss", steps=10)
    assert len(fig.data[0].x) == 0


@pytest.mark.parametrize(("cell", "names", "scale"), [("lstm", ("f", "i", "o"), style.GATE_SCALE),
                                                      ("gru", ("r", "z"), style.GATE_SCALE),
                                                      ("rnn", ("h",), style.SIGNED_SCALE)])
def test_gates_before_and_after_sit_side_by_side_on_the_fixed_scale(cell, names, scale):
    rng = np.random.default_rng(0)
    start = {name: rng.uniform(0.4, 0.6, (5, 3)) for name in names}
    end = {name: rng.uniform(0, 1, (5, 3)) for name in names}
    fig = gates_start_end(start, end, cell, list("he<lo"), KO, title="t")
    go.Figure(fig.to_dict())
    assert [t.name for t in fig.data] == [name for name in names for _ in (0, 1)]
    np.testing.assert_array_equal(fig.data[0].z, start[names[0]].T)
    np.testing.assert_array_equal(fig.data[1].z, end[names[0]].T)
    low, high = style.UNIT_RANGE if cell == "rnn" else style.GATE_RANGE
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (low, high)
    expected = go.Figure(layout={"coloraxis": {"colorscale": scale}}).layout.coloraxis.colorscale
    assert fig.layout.coloraxis.colorscale == expected
    assert "&lt;" in "".join(fig.layout.xaxis.ticktext) and "<br><" not in "".join(fig.layout.xaxis.ticktext)
    titles = [a.text for a in fig.layout.annotations]
    assert KO("train.gates_start") in titles and KO("train.gates_end") in titles


def test_prediction_chips_mark_right_and_wrong_answers_and_escape_the_text():
    vocab = ["<", "a", " "]
    probs = np.array([[0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.6, 0.2, 0.2]])  # right, wrong, wrong
    html = predictions_html(["<", "a", "<", " "], probs, vocab, EN)
    assert html.count('class="train-chip ') == 3
    assert html.count('class="train-chip right"') == 1 and html.count('class="train-chip wrong"') == 2
    assert "&lt; → <b>a</b> <small>80 %</small>" in html and "<<" not in html
    assert "a → <b>a</b> <small>70 %</small>" in html and "✗ &lt;" in html
    assert "✗ ␣" in html  # the right answer after the second "<" is a space, shown as ␣


def test_the_gates_caption_quotes_the_heatmaps_numbers_and_says_only_what_they_show():
    half = {name: np.full((4, 3), 0.5) for name in ("f", "i", "o")}
    sharp = {name: np.array([[0.02, 0.97, 0.5]] * 4) for name in ("f", "i", "o")}  # two in three near an end
    assert near_ends(half.values(), signed=False) == 0.0 and near_ends(sharp.values(), signed=False) == 2 / 3
    for tr in (EN, KO):
        grown = gates_caption(half, sharp, "lstm", tr)
        assert grown.endswith(tr("train.gates_sharpened")) and " 0" in grown and "67" in grown
        assert gates_caption(sharp, half, "lstm", tr).endswith(tr("train.gates_not_sharpened"))
    states = {"h": np.array([[-0.95, 0.2], [0.91, -0.1]])}
    assert near_ends(states.values(), signed=True) == 0.5
    assert gates_caption({"h": np.zeros((2, 2))}, states, "rnn", EN).endswith(EN("train.states_sharpened"))


def test_a_trained_lstm_really_sharpens_its_gates():
    """The caption's claim on the page's default text, recomputed from lstm_core's traces."""
    from lstm_core import CharModel, fit_next_char, one_hot

    text = "the cat sat on the mat"
    model, _ = fit_next_char(text, hidden_size=16, seed=0)
    start = CharModel.for_vocab(model.vocab, 16, seed=0).rnn
    x = one_hot(model.vocab.encode(text), len(model.vocab))
    traces = [rnn(x, return_trace=True)[2][0] for rnn in (start, model.rnn)]
    before, after = (near_ends([getattr(trace, g) for g in ("f", "i", "o")], signed=False) for trace in traces)
    assert after > before + 0.3


def test_the_chips_take_their_colours_from_the_stylesheet():
    from tests.viz.test_equations import css_rules

    html = predictions_html(list("abca"), np.eye(3)[[1, 0, 0]], ["a", "b", "c"], EN)
    assert "style=" not in html  # every colour and size in lab.css
    rules = css_rules()
    right, wrong = style.SERIES_COLOURS[2], style.SERIES_COLOURS[1]  # Okabe–Ito bluish green, vermillion
    assert right in rules[".train-chip.right"] and right in rules[".train-chip.right .mark"]
    assert wrong in rules[".train-chip.wrong"] and wrong in rules[".train-chip.wrong .mark"]
