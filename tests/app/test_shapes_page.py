"""The shapes page (AppTest): the table on screen is the engine's run for every combination
of the switches, every control and URL parameter works and is bounded, the examples show
their claims with live numbers, and the page speaks Korean."""

from __future__ import annotations

import itertools
import re

import pytest

from lstm_viz import notation, shapes
from lstm_viz.i18n import strings
from tests.support import all_text, open_page
from ui import shapes_data as data

PAGE = "pages/3_shapes.py"
EN, KO = strings("en"), strings("ko")
SECTIONS = ("code", "keras", "concat", "stack", "bi")
ALL_OPEN = {f"shapes_open_{name}": True for name in SECTIONS}
ROW = re.compile(r"<tr[^>]*><td><code>(.*?)</code></td><td><code>(.*?)</code></td><td><code>(.*?)</code></td>")


def html_blocks(at) -> list[str]:
    return [el.proto.body for el in at.get("html")]


def table(at) -> dict[str, str]:
    """The tensors table on screen: name → shape as shown."""
    body = next(b for b in html_blocks(at) if 'class="shapes-table"' in b)
    return {name: shape for name, shape, _ in ROW.findall(body)}


def expected(view: shapes.Settings) -> dict[str, str]:
    return {name: shapes.shape_text(shape) for name, shape in shapes.measure(view).items()}


def test_default_view_shows_the_runs_shapes_and_count():
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == EN["shapes.title"]
    assert table(at) == expected(data.DEFAULT) == {
        "input": "(5, 3, 4)", "h_0": "(1, 3, 2)", "c_0": "(1, 3, 2)", "output": "(5, 3, 2)", "h_n": "(1, 3, 2)",
        "c_n": "(1, 3, 2)", "weight_ih_l0": "(8, 4)", "weight_hh_l0": "(8, 2)", "bias_ih_l0": "(8,)",
        "bias_hh_l0": "(8,)"}
    assert at.metric[0].value == "64"  # 4·2·(4 + 2) + 8·2
    text = all_text(at)
    assert "`4·H·(I + H) + 8·H` = **64**" in text and "`4·H·(I + H) + 4·H` = 56" in text
    assert not at.warning and not at.info
    assert any('class="weight-picture"' in b for b in html_blocks(at))
    assert [el.label for el in at.main.expander] == [EN[f"shapes.{name}_heading"] for name in SECTIONS]
    assert not at.code  # the sections are drawn only when opened


def test_every_control_changes_the_table_and_the_link():
    at = open_page(PAGE)
    steps = [
        ("number_input", "input_size", 6, "input_size", "6", "weight_ih_l0", "(8, 6)"),
        ("number_input", "hidden_size", 5, "hidden_size", "5", "h_n", "(1, 3, 5)"),
        ("number_input", "num_layers", 2, "num_layers", "2", "weight_ih_l1", "(20, 5)"),
        ("segmented_control", "bidirectional", "true", "bidirectional", "true", "h_n", "(4, 3, 5)"),
        ("segmented_control", "bias", "false", "bias", "false", "weight_hh_l1_reverse", "(20, 5)"),
        ("segmented_control", "batch_first", "true", "batch_first", "true", "output", "(3, 5, 10)"),
        ("number_input", "batch", 7, "batch", "7", "output", "(7, 5, 10)"),
        ("number_input", "steps", 9, "steps", "9", "input", "(7, 9, 6)"),
        ("segmented_control", "batched", "unbatched", "batched", "unbatched", "output", "(9, 10)"),
        ("segmented_control", "cell", "gru", "cell", "gru", "weight_hh_l0", "(15, 5)"),
        ("slider", "dropout", 0.3, "dropout", "0.3", "h_n", "(4, 5)"),
        ("segmented_control", "fw", "keras", "fw", "keras", "kernel", "(6, 15)"),
        ("segmented_control", "return_sequences", "true", "return_sequences", "true", "outputs", "(7, 9, 5)"),
        ("segmented_control", "return_state", "false", "return_state", "false", "outputs", "(7, 9, 5)"),
    ]
    for kind, name, value, param, shown, tensor, shape in steps:
        getattr(at, kind)(key=f"shapes_{name}").set_value(value).run()
        assert not at.exception, name
        assert at.query_params[param] == shown, name
        assert table(at)[tensor] == shape, (name, table(at))
    assert "h" not in table(at) and "bias_ih_l0" not in table(at)  # return_state=False; Keras has one bias
    at.segmented_control(key="shapes_fw").set_value("torch").run()  # back to PyTorch: its settings are kept
    assert table(at)["h_n"] == "(4, 5)" and "bias_ih_l0" not in table(at) and at.query_params["num_layers"] == "2"


def test_every_switch_combination_shows_the_run():
    """The table on screen is lstm_core's run, and the formula beside each shape gives it."""
    at = open_page(PAGE, input_size="3", hidden_size="2", batch="2", steps="4")
    combos = [("torch", *c) for c in itertools.product(("lstm", "gru", "rnn"), (1, 2), data.BOOL, data.BOOL,
                                                       data.BOOL, ("batched", "unbatched"))]
    combos += [("keras", c, 1, "true", "false", "false", "batched", rs, rst)
               for c, rs, rst in itertools.product(("lstm", "gru", "rnn"), data.BOOL, data.BOOL)]
    for fw, cell, layers, bias, batch_first, bidirectional, batched, *keras in combos:
        values = {"fw": fw, "cell": cell, "num_layers": layers, "bias": bias, "batch_first": batch_first,
                  "bidirectional": bidirectional, "batched": batched}
        values.update(zip(data.KERAS_ONLY, keras, strict=False))
        for name, value in values.items():
            at.session_state[f"shapes_{name}"] = value
        at.run()
        assert not at.exception
        view = shapes.Settings(fw, cell, 3, 2, layers, bias == "true", batch_first == "true", 0.0,
                               bidirectional == "true", 2, 4, batched == "batched",
                               *(flag == "true" for flag in keras or ("false", "true")))
        view = shapes.for_keras(view) if fw == "keras" else view
        shown = table(at)
        assert shown == expected(view), values
        symbols = shapes.symbols(view)
        for row in shapes.rows(view):
            assert shapes.shape_text(shapes.evaluate(row.formula, symbols)) == shown[row.name]


def test_dropout_with_one_layer_gets_pytorchs_warning():
    at = open_page(PAGE, dropout="0.5")
    assert not at.exception
    assert at.warning[0].value == EN["shapes.warn_dropout"].format(dropout="0.5", num_layers=1)
    at.number_input(key="shapes_num_layers").set_value(2).run()
    assert not at.warning
    at.segmented_control(key="shapes_fw").set_value("keras").run()  # Keras's dropout is another argument
    assert not at.warning and not at.exception


@pytest.mark.parametrize(("query", "shown", "used"), [
    ({"input_size": "0"}, "1–64", {"input_size": "1"}),
    ({"hidden_size": "-3"}, "1–64", {"hidden_size": "1"}),
    ({"num_layers": "99"}, "1–4", {"num_layers": "4"}),
    ({"batch": "abc"}, "abc", {"batch": "3"}),
    ({"steps": "1e9"}, "1e9", {"steps": "5"}),
    ({"steps": "100000"}, "1–32", {"steps": "32"}),
    ({"dropout": "2"}, "0–0.9", {"dropout": "0.9"}),
    ({"dropout": "0.33"}, "0.3", {"dropout": "0.3"}),
    ({"dropout": "nan"}, "nan", {"dropout": "0"}),
    ({"fw": "tensorflow"}, "tensorflow", {"fw": "torch"}),
    ({"cell": "<script>alert(1)</script>"}, "script", {"cell": "lstm"}),
    ({"bias": "maybe"}, "maybe", {"bias": "true"}),
    ({"batched": "x" * 5000}, "xxxx", {"batched": "batched"}),
    ({"return_state": "yes"}, "yes", {"return_state": "true"}),
])
def test_hostile_links_are_bounded_with_a_notice(query, shown, used):
    at = open_page(PAGE, **query)
    assert not at.exception
    notices = "\n".join(el.value for el in at.info).replace("\\", "")
    assert shown in notices
    for key, value in used.items():
        assert at.query_params[key] == value
    assert table(at)  # the page is drawn


def test_sizes_below_one_are_what_pytorch_refuses():
    at = open_page(PAGE, hidden_size="0", num_layers="-1")
    notices = "\n".join(el.value for el in at.info).replace("\\", "")
    assert notices.count("ValueError") == 2 and "hidden_size (H_out) · units = 0" in notices
    assert at.query_params["hidden_size"] == "1" and table(at)["h_n"] == "(1, 3, 1)"
    at = open_page(PAGE, hidden_size="100")  # too large is clamped, not refused
    assert "ValueError" not in "\n".join(el.value for el in at.info)


def test_every_parameter_round_trips_through_the_link():
    query = {"fw": "torch", "cell": "gru", "input_size": "7", "hidden_size": "9", "num_layers": "3", "bias": "false",
             "batch_first": "true", "dropout": "0.2", "bidirectional": "true", "batch": "4", "steps": "11",
             "batched": "unbatched", "return_sequences": "true", "return_state": "false"}
    at = open_page(PAGE, state={"shapes_share": True}, **query)
    assert not at.exception and not at.info
    assert {k: at.query_params[k] for k in query} == query
    assert at.code[-1].value.endswith("&".join(f"{k}={v}" for k, v in query.items()))
    assert table(at)["output"] == "(11, 18)"


# ------------------------------------------------------------------ the sections
def test_the_examples_show_their_claims():
    at = open_page(PAGE, state=ALL_OPEN, num_layers="2", dropout="0.4")
    assert not at.exception
    text = all_text(at)
    ex = shapes.keras_example()
    assert "`outputs == h` element by element: **True** everywhere" in text
    assert "outputs of shape **(3, 5, 2)**" in text and "equals h: **True**" in text
    assert all(shapes.matrix_html(ex[name]) in html_blocks(at) for name in ("outputs", "h", "c"))
    assert shapes.bool_html(ex["outputs"] == ex["h"]) in html_blocks(at)
    diff = shapes.concat_example(data.DEFAULT)
    assert shapes.labelled_rows_html([("W [h, x] + b", diff["gates_cat"])]).split("</tr>")[0] in "".join(
        html_blocks(at))
    assert f"the largest difference is {notation.sci(max(diff['diff'], diff['diff_keras']), 1)}," in text
    assert "its `weight_ih_l1` is (8, 2)" in text
    assert "**Eval mode**" in text and "(largest difference 0.000)" in text
    assert "**Training mode**, dropout = 0.4" in text
    assert "h_n[-1] equals `output[0, :, 2:]`: **True**" in text and "`output[-1, :, 2:]`: **False**" in text
    codes = [el.value for el in at.code]
    assert any("nn.LSTM(input_size=4, hidden_size=2, num_layers=2,\n" in c and "dropout=0.4" in c for c in codes)
    assert any("keras.layers.LSTM(units=2" in c for c in codes)
    assert any("from lstm_core import LSTM" in c for c in codes)
    assert EN["shapes.code_keras_differs"] in text


def test_the_keras_view_keeps_the_sections_working():
    at = open_page(PAGE, state=ALL_OPEN, fw="keras", cell="gru", return_sequences="true")
    assert not at.exception
    codes = [el.value for el in at.code]
    assert any("keras.layers.GRU(units=2, return_sequences=True,\n" in c for c in codes)
    assert any("keras_call(layer, x, return_sequences=True" in c for c in codes)
    assert "(reset_after=True)" in "".join(html_blocks(at))


def test_korean_page_speaks_korean():
    at = open_page(PAGE, lang="ko", state=ALL_OPEN, bidirectional="true")
    assert not at.exception
    assert at.title[0].value == KO["shapes.title"]
    text = all_text(at)
    assert KO["shapes.count_heading"] in text and "역방향" in text and "원-핫 벡터" in text
    body = next(b for b in html_blocks(at) if 'class="shapes-table"' in b)
    assert "이름" in body and "1번 층, 역방향(reverse)" in body
    assert EN["shapes.meaning_input"] not in body
