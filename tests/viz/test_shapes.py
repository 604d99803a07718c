"""The shapes page's content: every shape in the table is what lstm_core returned, and the
documented formula beside it agrees for every combination of the switches; the parameter
count, the Keras conventions and the bidirectional layout agree with real PyTorch and Keras
outputs (tests/core/fixtures); every worked example shows what it claims."""

from __future__ import annotations

import base64
import contextlib
import io
import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from lstm_core import GRU, LSTM, RNN
from lstm_viz import shapes
from lstm_viz.i18n import Translator
from lstm_viz.shapes import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "core" / "fixtures"
TORCH = np.load(FIXTURES / "torch_parity.npz")
KERAS = np.load(FIXTURES / "keras.npz")
EN = Translator("en")

TORCH_SWITCHES = list(itertools.product(("lstm", "gru", "rnn"), (1, 2, 3), (True, False), (True, False),
                                        (True, False), (True, False)))
KERAS_SWITCHES = list(itertools.product(("lstm", "gru", "rnn"), (True, False), (True, False)))


def torch_settings(cell, layers, bias, batch_first, bidirectional, batched, **sizes) -> Settings:
    return Settings("torch", cell, num_layers=layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional,
                    batched=batched, **sizes)


def keras_settings(cell, return_sequences, return_state, **sizes) -> Settings:
    return shapes.for_keras(Settings("keras", cell, return_sequences=return_sequences, return_state=return_state,
                                     **sizes))


@pytest.mark.parametrize("sizes", [{}, {"input_size": 7, "hidden_size": 5, "batch": 1, "steps": 1},
                                   {"input_size": 1, "hidden_size": 6, "batch": 4, "steps": 3}])
def test_every_formula_agrees_with_the_run_for_every_combination_of_switches(sizes):
    checked = 0
    for switches in TORCH_SWITCHES:
        for row in shapes.rows(torch_settings(*switches, **sizes)):
            assert row.shape == row.predicted, (switches, row)
            checked += 1
    for switches in KERAS_SWITCHES:
        for row in shapes.rows(keras_settings(*switches, **sizes)):
            assert row.shape == row.predicted, (switches, row)
            checked += 1
    assert checked > 2000


def test_the_table_is_read_from_the_engine_not_from_the_formulas():
    """measure() reports what a direct call of lstm_core returns, name by name."""
    s = torch_settings("lstm", 2, True, True, True, True, input_size=3, hidden_size=5, batch=2, steps=4)
    model = LSTM(3, 5, num_layers=2, batch_first=True, bidirectional=True)
    output, (h_n, c_n) = model(np.zeros((2, 4, 3)))
    expected = {"input": (2, 4, 3), "h_0": h_n.shape, "c_0": c_n.shape, "output": output.shape, "h_n": h_n.shape,
                "c_n": c_n.shape} | {name: w.shape for name, w in model.state_dict().items()}
    assert shapes.measure(s) == expected
    assert list(shapes.measure(s))[:6] == ["input", "h_0", "c_0", "output", "h_n", "c_n"]
    unbatched = shapes.measure(torch_settings("gru", 3, False, True, True, False))
    assert unbatched["input"] == (5, 4) and unbatched["h_n"] == (6, 3) and "c_n" not in unbatched
    assert "bias_ih_l0" not in unbatched and "weight_hh_l2_reverse" in unbatched


def test_keras_rows_follow_return_sequences_and_return_state():
    names = {flags: [row.name for row in shapes.rows(keras_settings("lstm", *flags))]
             for flags in itertools.product((True, False), repeat=2)}
    assert names[True, True] == ["inputs", "initial_state[0]", "initial_state[1]", "outputs", "h", "c", "kernel",
                                 "recurrent_kernel", "bias"]
    assert names[False, False] == ["inputs", "initial_state[0]", "initial_state[1]", "outputs", "kernel",
                                   "recurrent_kernel", "bias"]
    outputs = {row.name: row.shape for row in shapes.rows(keras_settings("gru", True, True))}
    assert outputs["outputs"] == (2, 5, 3) and outputs["bias"] == (2, 9) and "c" not in outputs


# ------------------------------------------------------------------ parameter count
@pytest.mark.parametrize("switches", [*TORCH_SWITCHES[::5], ("lstm", 4, True, False, True, True)])
def test_parameter_count_formula_matches_the_arrays(switches):
    count = shapes.count(torch_settings(*switches))
    assert count.total == count.predicted == sum(count.per_layer)


@pytest.mark.parametrize("case", ["lstm_l1", "lstm_l2_bi", "lstm_l2_nobias", "gru_l2_bi", "rnn_tanh_l3_bi_batch_first",
                                  "gru_l3_batch_first"])
def test_pytorch_parameter_count_formula_against_real_pytorch(case):
    """The state_dict PyTorch itself wrote (I = 4, H = 3) has as many numbers as the formula says."""
    import json

    opts = {name: o for name, _, o in json.loads(str(TORCH["cases"]))}[case]
    real = sum(TORCH[k].size for k in TORCH.files if k.startswith(case + "/") and k.split("/")[1].startswith(
        ("weight_", "bias_")))
    cell = case.split("_")[0]
    s = torch_settings(cell, opts.get("num_layers", 1), opts.get("bias", True), opts.get("batch_first", False),
                       opts.get("bidirectional", False), True, input_size=4, hidden_size=3)
    assert shapes.count(s).predicted == shapes.count(s).total == real


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_keras_weights_and_their_count_against_real_keras(cell):
    """Keras's own get_weights() (I = 4, units = 3): the kernel, recurrent_kernel and bias
    shapes of the table and the one-bias formula G·H·(I + H) + G·H (GRU: two bias rows)."""
    real = [KERAS[f"{cell}/w{k}"] for k in range(3)]
    s = keras_settings(cell, True, True, input_size=4, hidden_size=3)
    measured = shapes.measure(s)
    assert [measured[name] for name in ("kernel", "recurrent_kernel", "bias")] == [w.shape for w in real]
    assert shapes.count(s).total == shapes.count_formula(s)[1] == sum(w.size for w in real)
    assert shapes.count_formula(s)[0] == {"lstm": "4·H·(I + H) + 4·H", "gru": "3·H·(I + H) + 6·H",
                                          "rnn": "H·(I + H) + H"}[cell]
    assert shapes.count_formula(s._replace(fw="torch"))[0] == {"lstm": "4·H·(I + H) + 8·H", "gru": "3·H·(I + H) + 6·H",
                                                               "rnn": "H·(I + H) + 2·H"}[cell]


# ------------------------------------------------------------------ the examples
def test_the_notes_keras_example():
    ex = shapes.keras_example()
    x = ex["x"]
    assert x.shape == (3, 5, 4) and (x.sum(axis=-1) == 1).all()
    assert ["".join("helo"[k] for k in word.argmax(axis=-1)) for word in x] == ["hello", "eolll", "lleel"]
    assert ex["outputs"].shape == ex["h"].shape == ex["c"].shape == (3, 2)
    assert (ex["outputs"] == ex["h"]).all() and not np.allclose(ex["h"], ex["c"])
    assert ex["sequences"].shape == (3, 5, 2) and np.array_equal(ex["sequences"][:, -1], ex["h_seq"])


def test_keras_itself_returns_h_as_the_last_output_step():
    """The claim of the example, checked on Keras's own numbers (return_sequences=True)."""
    np.testing.assert_array_equal(KERAS["lstm/output"][:, -1], KERAS["lstm/h_n"])
    assert KERAS["lstm/output"].shape == (3, 5, 3) and KERAS["lstm/h_n"].shape == KERAS["lstm/c_n"].shape == (3, 3)


@pytest.mark.parametrize(("I", "H"), [(4, 2), (1, 1), (7, 5), (100, 100)])
def test_concatenated_weight_gives_the_same_gates(I, H):  # noqa: E741
    ex = shapes.concat_example(Settings(input_size=I, hidden_size=H))
    assert ex["W_cat"] == (4 * H, H + I) and ex["per_gate"] == (H, H + I)
    assert ex["weight_ih"] == (4 * H, I) and ex["weight_hh"] == (4 * H, H)
    assert ex["kernel"] == (I, 4 * H) and ex["recurrent_kernel"] == (H, 4 * H)
    assert ex["diff"] < 1e-12 and ex["diff_keras"] < 1e-12
    if I == H == 100:  # the notes' example: 100 + 100 = 200 in, 100 out per gate
        assert ex["per_gate"] == (100, 200)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_stacked_layers_read_the_layer_below_equal_in_eval_not_in_training(cell):
    ex = shapes.stack_example(Settings(cell=cell, dropout=0.0))
    assert ex["p"] == shapes.STACK_DROPOUT
    assert ex["weight_ih_l1"][1] == Settings().hidden_size  # layer 2 reads H features
    assert ex["eval"]["equal"] and ex["eval"]["diff"] == 0
    train = ex["train"]
    assert not train["equal"] and train["zeroed"] > 0
    kept = train["x2"] != 0
    np.testing.assert_allclose(train["x2"][kept], train["h1"][kept] / (1 - ex["p"]), rtol=1e-12)
    assert shapes.stack_example(Settings(cell=cell, dropout=0.2))["p"] == 0.2


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_backward_direction_ends_at_t_0(cell):
    ex = shapes.bidirectional_example(Settings(cell=cell, hidden_size=3, steps=6))
    assert ex["backward_equal"] and ex["forward_equal"] and not ex["backward_last_equal"]
    assert ex["output"].shape == (6, 2, 6) and ex["h_n"].shape == (2, 2, 3)


@pytest.mark.parametrize("case", ["lstm_l2_bi", "gru_l2_bi", "rnn_tanh_l2_bi"])
def test_real_pytorch_puts_the_backward_final_state_at_output_0(case):
    H = 3
    output, h_n = TORCH[f"{case}/output"], TORCH[f"{case}/h_n"]
    np.testing.assert_allclose(h_n[-1], output[0, :, H:], rtol=0, atol=1e-15)
    np.testing.assert_allclose(h_n[-2], output[-1, :, :H], rtol=0, atol=1e-15)
    assert np.abs(h_n[-1] - output[-1, :, H:]).max() > 1e-3


# ------------------------------------------------------------------ code and pictures
def test_numpy_code_runs_and_prints_the_tables_shapes():
    for s in (torch_settings("lstm", 2, True, True, True, True), torch_settings("gru", 1, False, False, False, False),
              keras_settings("lstm", True, True), keras_settings("rnn", False, False)):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(shapes.numpy_code(s, EN), {})  # our own generated program
        printed = [tuple(int(n) for n in re.findall(r"\d+", line.split("(", 1)[1])) for line in
                   out.getvalue().splitlines()]
        table = {row.name: row.shape for row in shapes.rows(s)}
        wanted = [shape for name, shape in table.items() if name not in ("input", "inputs", "h_0", "c_0")
                  and not name.startswith("initial_state")]
        assert sorted(printed) == sorted(wanted), (s, printed)


def test_framework_code_builds_the_same_layer():
    s = torch_settings("lstm", 3, False, True, True, True, input_size=5, hidden_size=7, batch=4, steps=6)._replace(
        dropout=0.3)
    code = shapes.torch_code(s, EN)
    assert ("nn.LSTM(input_size=5, hidden_size=7, num_layers=3,\n              bias=False, batch_first=True, "
            "dropout=0.3, bidirectional=True)") in code
    assert "x = torch.randn(4, 6, 5)" in code and "h_0 = torch.zeros(6, 4, 7)" in code
    compile(code, "torch_code", "exec")
    k = shapes.keras_code(keras_settings("gru", True, False, input_size=5, hidden_size=7), EN)
    assert "keras.layers.GRU(units=7, return_sequences=True,\n                         return_state=False)" in k
    assert "outputs = layer(x" in k and "astype('float32')  # (batch, timesteps, features)" in k
    compile(k, "keras_code", "exec")
    assert "outputs, h, c = layer(x" in shapes.keras_code(keras_settings("lstm", False, True), EN)


def _svg(img: str) -> str:
    return base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", img).group(1)).decode()


def test_weight_picture_colours_each_gate_alike_in_both_frameworks():
    for cell in ("lstm", "gru"):
        torch_svg = _svg(shapes.weight_svg(Settings(cell=cell), EN))
        keras_svg = _svg(shapes.weight_svg(shapes.for_keras(Settings("keras", cell)), EN))
        for fw, svg in (("torch", torch_svg), ("keras", keras_svg)):
            blocks = shapes.BLOCKS[fw, cell]
            fills = re.findall(r'fill="(#[0-9A-F]{6})" fill-opacity', svg)
            n_matrices = 4 if fw == "torch" else 3
            assert fills == [shapes._block_colour(fw, cell, g) for g in blocks] * n_matrices
    colour = shapes._block_colour
    assert colour("torch", "lstm", "g") == colour("keras", "lstm", "c")  # the candidate
    assert colour("torch", "gru", "r") == colour("keras", "gru", "r")
    assert shapes.BLOCKS["keras", "gru"][:2] == ("z", "r")
    assert len({colour("torch", "lstm", g) for g in "ifgo"}) == 4
    legend = shapes.legend_html(Settings(), EN)
    assert all(EN.term(term) in legend for term in ("input_gate", "forget_gate", "candidate", "output_gate"))


def test_tables_escape_and_format():
    html = shapes.table_html(shapes.rows(torch_settings("lstm", 2, True, False, True, True)), EN)
    assert html.count("<tr") == 1 + 6 + 16 and "backward (reverse)" in html and "H<sub>out</sub>" in html
    assert shapes.shape_text((8,)) == "(8,)" and shapes.shape_text((1, 3, 2)) == "(1, 3, 2)"
    numbers = shapes.matrix_html(np.array([[-0.5, 1.0]]))
    assert "−0.500" in numbers and "1.000" in numbers
    assert shapes.bool_html(np.array([True, False])).count("<td") == 2


def test_engine_classes_cover_every_cell():
    assert shapes.CELLS == {"lstm": LSTM, "gru": GRU, "rnn": RNN}


def test_the_gate_legend_takes_the_weight_pictures_colours_from_the_stylesheet():
    from tests.viz.test_equations import css_rules

    rules = css_rules()
    for fw, cell in itertools.product(("torch", "keras"), ("lstm", "gru", "rnn")):
        html = shapes.legend_html(Settings(fw=fw, cell=cell), EN)
        assert "style=" not in html
        for concept in re.findall(r'class="swatch gate-(\w)"', html):
            assert shapes.GATE_COLOURS[concept] in rules[f".swatch.gate-{concept}"], (fw, cell, concept)
