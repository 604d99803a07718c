"""The gate playground (/playground) in AppTest: every control, every experiment, links,
hostile URL values, both languages; numbers equal to lstm_core's."""

from __future__ import annotations

import base64
import re

import numpy as np
import pytest

from lstm_core import LSTM
from lstm_core.override import Fixed, run_with_gates
from lstm_viz import playground
from lstm_viz.i18n import strings
from lstm_viz.notation import number
from tests.support import drawn, open_page, svg_lines, svg_of, svg_shaded_steps
from ui import playground_data

PAGE = "pages/4_playground.py"
EN, KO = strings("en"), strings("ko")
PULSE = np.array([1.0, 0, 0, 0, 0, 0, 0, 0]).reshape(-1, 1)


def page(**query: str):
    at = open_page(PAGE, **query)
    assert not at.exception, at.exception
    return at


def notices(at) -> str:
    return "\n".join(el.value for el in at.info if el.proto.icon == ":material/info:")


def lesson(at) -> str:
    return "\n".join(el.value for el in at.success)


def chart(at) -> str:
    """The lines chart's SVG (one st.html element, no Plotly chart on the page)."""
    charts = [el.proto.body for el in at.get("html") if 'class="play-lines"' in el.proto.body]
    assert len(charts) == 1 and not at.get("plotly_chart")
    return svg_of(charts[0])


def lines(at) -> dict:
    """The lines chart's values, {(legend label, "c" or "h"): values}, read back from its SVG."""
    return svg_lines(chart(at))


def svgs(at) -> list[str]:
    body = next(el.proto.body for el in at.get("html") if "play-panels" in el.proto.body)
    return [base64.b64decode(uri).decode("utf-8") for uri in re.findall(r"base64,([^\"]+)", body)]


def test_first_view_is_one_unit_reading_a_pulse_with_every_gate_the_models():
    at = page()
    assert at.title[0].value == EN["playground.title"]
    assert at.text_input(key="playground_signal").value == "1 0 0 0 0 0 0 0"
    assert at.slider(key="playground_hidden").value == 1 and at.slider(key="playground_t").max == 8
    untouched = run_with_gates(LSTM(1, 1, seed=0).state_dict(), PULSE)
    shown = lines(at)
    assert drawn(shown["untouched", "c"], untouched["c"][:, 0])
    assert drawn(shown["your gates", "c"], untouched["c"][:, 0])  # nothing fixed yet
    assert drawn(shown["your gates", "h"], untouched["h"][:, 0]) and not svg_shaded_steps(chart(at))
    assert len(svgs(at)) == 2 and all("data-fixed" not in svg for svg in svgs(at))
    assert at.query_params["exp"] == "none" and at.query_params["f"] == "model"


@pytest.mark.parametrize("name", playground.EXPERIMENTS)
def test_each_experiment_sets_its_gates_and_says_what_the_numbers_show(name):
    at = page()
    at.button(key=f"playground_exp_{name}").click().run()
    assert not at.exception
    chosen = playground.experiment_gates(name, 8)
    for gate in ("f", "i", "g", "o"):
        assert at.query_params[gate] == ("fixed" if gate in chosen else "model")
    assert at.query_params["exp"] == name
    assert at.slider(key="playground_t").value == playground.experiment_step(name, 8)
    expected = run_with_gates(LSTM(1, 1, seed=0).state_dict(), PULSE, chosen)
    assert drawn(lines(at)["your gates", "c"], expected["c"][:, 0])
    assert drawn(lines(at)["your gates", "h"], expected["h"][:, 0])
    untouched = run_with_gates(LSTM(1, 1, seed=0).state_dict(), PULSE)
    assert drawn(lines(at)["untouched", "h"], untouched["h"][:, 0])
    shaded = [t for t in range(1, 9) if any(expected[f"fixed_{g}"][t - 1].any() for g in "figo")]
    assert shaded and svg_shaded_steps(chart(at)) == shaded
    seen = playground.observe(name, expected)
    assert lesson(at) == f"**{EN[f'playground.exp_{name}']}** — " + EN[f"playground.{seen.key}"].format(**seen.values)
    marked = re.findall(r'data-fixed="(\w)"', svgs(at)[1])
    t = playground.experiment_step(name, 8)
    assert sorted(marked) == sorted(g for g in chosen if expected[f"fixed_{g}"][t - 1].any())
    assert "data-fixed" not in svgs(at)[0]  # the untouched cell


def test_changing_a_gate_by_hand_ends_the_experiments_sentence():
    at = page()
    at.button(key="playground_exp_leaky").click().run()
    assert lesson(at)
    at.slider(key="playground_f_v").set_value(0.75).run()
    assert not at.exception and not lesson(at) and at.query_params["exp"] == "none"
    assert at.query_params["f_v"] == "0.75"


def test_every_gate_control_works():
    at = page()
    at.button_group(key="playground_g").set_value("fixed").run()
    at.slider(key="playground_g_v").set_value(-0.5).run()
    at.slider(key="playground_g_from").set_value(3).run()
    at.button_group(key="playground_g_before").set_value("1").run()
    assert not at.exception
    expected = run_with_gates(LSTM(1, 1, seed=0).state_dict(), PULSE, {"g": Fixed(-0.5, 3, before=1.0)})
    assert drawn(lines(at)["your gates", "c"], expected["c"][:, 0])
    assert (at.query_params["g"], at.query_params["g_v"], at.query_params["g_from"],
            at.query_params["g_before"]) == ("fixed", "-0.5", "3", "1")
    at.slider(key="playground_t").set_value(3).run()
    assert re.findall(r'data-fixed="(\w)"', svgs(at)[1]) == ["g"]
    equations = next(el.proto.body for el in at.get("html") if 'class="equations"' in el.proto.body)
    assert EN["playground.fixed_word"] in equations and number(expected["model_g"][2, 0]) in equations


def test_weights_by_hand_start_from_the_random_model_and_move_the_numbers():
    at = page()
    at.radio(key="playground_weights").set_value("hand").run()
    assert not at.exception
    start = playground_data.weights_of(LSTM(1, 1, seed=0).state_dict())
    assert all(at.slider(key=f"playground_{key}").value == pytest.approx(value) for key, value in start.items())
    at.button(key="playground_hand_demo").click().run()
    assert at.slider(key="playground_wx_i").value == 4.0
    at.slider(key="playground_b_f").set_value(-3.0).run()
    assert at.query_params["b_f"] == "-3"
    hand = dict(playground_data.HAND_DEFAULT)
    hand["f"] = (0.0, 0.0, -3.0)
    weights = playground_data.hand_state_dict(tuple(v for g in "figo" for v in hand[g]))
    assert drawn(lines(at)["untouched", "c"], run_with_gates(weights, PULSE)["c"][:, 0])
    at.button(key="playground_hand_random").click().run()
    assert at.slider(key="playground_b_f").value == pytest.approx(start["b_f"])


def test_weights_by_hand_from_a_link():
    at = page(weights="hand", wx_f="1.5", wh_f="-0.3", b_f="2", b_o="99")
    assert at.slider(key="playground_wx_f").value == 1.5 and at.slider(key="playground_b_o").value == 8.0
    assert "99" in notices(at)


def test_text_input_trained_weights_hidden_size_and_seed():
    at = page(input="text", seq="hello", weights="trained", hidden="2", seed="3")
    assert at.slider(key="playground_t").max == 5
    assert not notices(at)
    at.number_input(key="playground_seed").set_value(4).run()
    at.slider(key="playground_hidden").set_value(3).run()
    assert not at.exception and lines(at)["your gates · unit 1", "c"].values.shape == (5,)
    assert sum(1 for (name, axis) in lines(at) if axis == "c") == 6  # 3 units × (untouched, yours)


def test_signal_chips_and_typed_signals():
    at = page()
    at.button(key="playground_chip_2").click().run()
    assert at.text_input(key="playground_signal").value == "1 1 1 1 1 1 1 1"
    at.text_input(key="playground_signal").input("0.5, -1 x 9").run()
    assert not at.exception and at.slider(key="playground_t").max == 3
    assert "x" in notices(at) and "4" in notices(at)


def test_a_shared_link_reproduces_amnesia_at_step_three():
    at = page(exp="amnesia", f="fixed", f_v="0", f_from="3", t="3")
    assert at.slider(key="playground_t").value == 3
    text = lesson(at)
    assert text.startswith("**Amnesia**") and "at time step 3" in text


@pytest.mark.parametrize(("query", "said"), [
    ({"hidden": "99"}, "4"), ({"t": "500"}, "8"), ({"f_v": "7", "f": "fixed"}, "1"),
    ({"g_v": "-9", "g": "fixed"}, "-1"),
    ({"o": "<script>"}, "script"), ({"f_from": "40", "f": "fixed"}, "8"), ({"exp": "nope"}, "nope"),
    ({"wx_g": "nan", "weights": "hand"}, "nan"), ({"signal": "1 inf 2"}, "inf"), ({"weights": "trained"}, ""),
    ({"weights": "hand", "hidden": "2"}, ""),
])
def test_hostile_url_values_are_bounded_with_a_notice(query, said):
    at = page(**query)
    assert notices(at) and said in notices(at) and "<script>" not in notices(at)


def test_korean_page():
    at = page(lang="ko", exp="silent", f="fixed", f_from="2", i="fixed", i_v="0", i_from="2", o="fixed", o_v="1",
              o_from="8", o_before="0", t="8")
    assert at.title[0].value == KO["playground.title"]
    assert "타임 스텝 1부터 7까지" in lesson(at)
    assert at.button_group(key="playground_f").options[0] == "모델"
    assert set(lines(at)) == {(KO[f"playground.line_{w}"], name) for w in ("model", "played") for name in "ch"}
    assert "셀 상태" in chart(at) and svg_shaded_steps(chart(at)) == list(range(1, 9))


def test_an_empty_signal_asks_for_input():
    at = page(signal="  ")
    assert EN["playground.empty_prompt"] in "\n".join(el.value for el in at.info)
