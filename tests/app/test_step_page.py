"""The step-through page (/step) in AppTest: inputs, steps, links, bad input, both languages,
and numbers equal to lstm_core's."""

from __future__ import annotations

import base64
import html
import re

import numpy as np
import pytest

from lstm_core import LSTM, Vocabulary, fit_next_char, one_hot
from lstm_viz.i18n import strings
from lstm_viz.notation import number
from tests.support import all_text, decode, open_page, plotly_spec_titled, plotly_specs

PAGE = "pages/1_step.py"
EN, KO = strings("en"), strings("ko")


SECTIONS = ("code", "over_time", "encoding", "playback", "trace")
ALL_OPEN = {f"step_open_{name}": True for name in SECTIONS} | {"step_share": True}


def step_page(**query: str):
    """The page with every section and the share box open, so that every panel can be checked."""
    at = open_page(PAGE, state=ALL_OPEN, **query)
    assert not at.exception, at.exception
    return at


def readout(at) -> str:
    """The step's heading as a reader sees it (its HTML unescaped)."""
    found = re.search(r'<h3 class="step-readout">([^<]*)</h3>', html_of(at, "step-readout"))
    return html.unescape(found.group(1)) if found else ""


def heatmap(at, name: str) -> np.ndarray:
    spec = plotly_spec_titled(at, "over time")
    return decode(next(trace["z"] for trace in spec["data"] if trace["name"] == name))


def all_html(at, css_class: str) -> list[str]:
    return [el.proto.body for el in at.get("html") if f'class="{css_class}"' in el.proto.body]


def html_of(at, css_class: str) -> str:
    found = all_html(at, css_class)
    return found[0] if found else ""


def diagram_svg(at) -> str:
    body = html_of(at, "lstm-diagram")
    return base64.b64decode(re.search(r"base64,([^\"]+)", body).group(1)).decode("utf-8")


def notices(at) -> str:
    """The page's notices (why an input was changed), not its other info boxes."""
    return "\n".join(el.value for el in at.info if el.proto.icon == ":material/info:")


def infos(at) -> str:
    return "\n".join(el.value for el in at.info)


def test_default_view_is_hello_at_step_one_with_every_panel():
    at = step_page()
    assert at.title[0].value == EN["step.title"]
    assert at.text_input(key="step_seq").value == "hello"
    assert at.slider(key="step_t").max == 5 and at.slider(key="step_t").label == "Time step"
    assert readout(at) == "t = 1 / 5 · input 'h'"
    assert dict(at.query_params) | {"lang": "en"} == {"lang": "en", "seq": "hello", "t": "1", "hidden": "4",
                                                      "layers": "1", "seed": "0", "weights": "trained", "layer": "1",
                                                      "stage": "all", "predict": "0"}
    titles = [s["layout"]["title"]["text"] for s in plotly_specs(at)]
    assert any("over time" in t for t in titles) and "Next-character" in html_of(at, "prediction")
    assert 'data-t="1"' in html_of(at, "step-ruler")
    blocks = "".join(all_html(at, "equations")).split('class="equations"')[1:]
    assert len(blocks) == 6  # x_t; forget; input (i and g); update; output (o and h); the mistake
    assert "<i>i</i><sub>t</sub></div>" in blocks[2] and "<i>g</i><sub>t</sub></div>" in blocks[2]
    assert "one-hot vector(“h”)" in blocks[0] and "0.000" not in blocks[0]  # the input is printed as 0s and 1s
    cards = html_of(at, "four-steps")
    assert [cards.index(f'data-step="{name}"') for name in ("forget", "write", "update", "output", "mistake")] == (
        sorted(cards.index(f'data-step="{name}"') for name in ("forget", "write", "update", "output", "mistake")))
    assert at.text_input(key="step_seq").label == "Sequence" and at.slider(key="step_hidden").label == "Hidden size"


def test_a_first_visit_draws_the_step_and_leaves_the_sections_closed():
    """What a first look needs arrives first: no chart, table or code box is drawn until
    its section is opened; an open section follows the step (the ruler) and stays open."""
    at = open_page(PAGE)
    assert not at.exception
    sections = [EN["step.code_heading"], EN["step.over_time"], EN["step.encoding"], EN["step.playback_heading"],
                EN["step.trace_heading"]]
    assert [el.label for el in at.main.expander] == sections
    assert not plotly_specs(at) and not at.dataframe and not at.code and html_of(at, "step-ruler") == ""
    assert "".join(all_html(at, "equations")).count('class="equations"') == 6
    assert "Next-character" in html_of(at, "prediction")
    at.session_state["step_open_over_time"] = True
    at.run()
    assert len(plotly_specs(at)) == 2 and 'data-t="1"' in html_of(at, "step-ruler")
    assert [el.label for el in at.main.expander] == sections  # now drawn in the step's fragment, in the same place
    at.slider(key="step_t").set_value(4).run()
    assert 'data-t="4"' in html_of(at, "step-ruler") and len(plotly_specs(at)) == 2
    at.session_state["step_share"] = True
    at.run()
    assert at.code[0].value.endswith("seq=hello&t=4&hidden=4&layers=1&seed=0&weights=trained&layer=1&stage=all"
                                     "&predict=0")


def test_typing_a_sequence_changes_the_number_of_steps_and_starts_at_one():
    at = step_page(t="4")
    at.text_input(key="step_seq").input("abcabcab").run()
    assert not at.exception
    assert at.slider(key="step_t").max == 8 and at.slider(key="step_t").value == 1
    assert at.query_params["seq"] == "abcabcab" and at.query_params["t"] == "1"


def test_slider_and_buttons_move_the_step():
    at = step_page()
    assert at.button(key="step_t_prev").disabled
    at.slider(key="step_t").set_value(3).run()
    assert readout(at) == "t = 3 / 5 · input 'l'" and at.query_params["t"] == "3"
    at.button(key="step_t_next").click().run()
    assert at.slider(key="step_t").value == 4 and readout(at) == "t = 4 / 5 · input 'l'"
    at.button(key="step_t_next").click().run()
    assert at.slider(key="step_t").value == 5 and at.button(key="step_t_next").disabled
    at.button(key="step_t_prev").click().run()
    assert at.slider(key="step_t").value == 4 and at.query_params["t"] == "4"
    assert 'data-t="4"' in html_of(at, "step-ruler") and "(t = 4)" in html_of(at, "prediction")


def test_a_shared_link_opens_exactly_that_view_and_round_trips():
    at = step_page(seq="hello", t="3", hidden="6", seed="5", weights="random", lang="en")
    assert readout(at) == "t = 3 / 5 · input 'l'"
    assert at.slider(key="step_hidden").value == 6 and at.number_input(key="step_seed").value == 5
    assert at.radio(key="step_weights").value == "random"
    assert heatmap(at, "f").shape == (6, 5)
    again = step_page(**dict(at.query_params))
    np.testing.assert_array_equal(heatmap(again, "c"), heatmap(at, "c"))
    assert readout(again) == readout(at) and notices(again) == ""


def test_out_of_range_link_values_are_clamped_with_a_notice():
    at = step_page(seq="hello", t="99", hidden="100", layers="0", seed="abc", weights="magic", layer="7")
    assert at.slider(key="step_t").value == 5 and at.slider(key="step_hidden").value == 32
    assert at.query_params["layers"] == "1" and at.query_params["layer"] == "1"
    assert at.query_params["seed"] == "0" and at.query_params["weights"] == "trained"
    text = notices(at)
    for name in ("t", "hidden", "layers", "seed", "weights"):  # named by the widget's label, not the URL's name
        assert f"“{EN['params.step_' + name]}”" in text and f"“{name}”" not in text, name
    assert text.count(f"“{EN['params.step_t']}”") == 1 and "outside 1–5, so 5 is used" in text  # one notice for t
    assert "“Trained”" in text and "“Random”" in text and "so Trained is used" in text  # as the widget shows them
    assert text.count(f"“{EN['params.step_layer']}”") == 1 and "outside 1–1, so 1 is used" in text  # 1 layer only


def test_empty_sequence_shows_a_prompt_and_the_examples():
    at = step_page(seq="")
    assert EN["step.empty_prompt"] in infos(at)
    assert not plotly_specs(at) and [b.key for b in at.button][:3] == ["step_chip_0", "step_chip_1", "step_chip_2"]
    at.button(key="step_chip_1").click().run()
    assert at.text_input(key="step_seq").value == "안녕하세요" and at.slider(key="step_t").max == 5


def test_long_sequences_are_cut_to_64_characters_with_a_notice():
    at = step_page(seq="x" * 80)
    assert at.slider(key="step_t").max == 64 and "80" in notices(at)
    at.text_input(key="step_seq").input("ab" * 40).run()
    assert at.text_input(key="step_seq").value == "ab" * 32 and at.slider(key="step_t").max == 64
    assert "80" in notices(at)


def test_one_character_still_works_with_random_weights():
    at = step_page(seq="a")
    assert EN["step.notice_not_trainable"] in notices(at)
    assert readout(at) == "t = 1 / 1 · input 'a'" and [s for s in at.slider if s.key == "step_t"] == []
    assert at.button(key="step_t_prev").disabled and at.button(key="step_t_next").disabled
    assert heatmap(at, "h").shape == (4, 1)


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "$\\frac{1}{2}$", "**bold** _x_", "שלום",
                                  "a b👍🏽", "<b>hi</b>"])
def test_hostile_text_is_shown_literally(text):
    at = step_page(seq=text, t="1")
    first = text[0]
    assert readout(at).startswith("t = 1 / ")
    assert "<script" not in all_text(at) and "<b>hi" not in all_text(at)
    svg = diagram_svg(at)
    assert "<script" not in svg and ("&lt;" in svg if first == "<" else True)
    for part in ("prediction", "step-ruler", "equations", "four-steps"):
        assert "<script" not in html_of(at, part) and "<b>hi" not in html_of(at, part)
    if first == "<":
        assert "(“&lt;”)" in html_of(at, "equations")
    for spec in plotly_specs(at):
        ticks = spec["layout"].get("xaxis", {}).get("ticktext", [])
        assert all("<" not in t.replace("<br>", "").replace("<b>", "").replace("</b>", "") for t in ticks)


def test_spaces_are_visible_in_the_readout():
    at = step_page(seq="a b", t="2")
    assert readout(at) == "t = 2 / 3 · input '␣'"


def test_korean_page():
    at = step_page(lang="ko", t="2")
    assert at.title[0].value == KO["step.title"]
    assert at.slider(key="step_t").label == KO["step.time_step"] == "타임 스텝"
    assert readout(at) == "t = 2 / 5 · 입력 'e'"
    assert KO["step.forget_heading"] in html_of(at, "four-steps") and "유닛" in html_of(at, "four-steps")
    spec = plotly_spec_titled(at, KO["step.heatmap_title"].format(layer=1))
    assert KO["step.axis_step"] == spec["layout"]["xaxis"]["title"]["text"]
    assert KO["glossary.forget_gate"] in diagram_svg(at)


def test_random_weights_show_no_prediction():
    at = step_page(weights="random")
    assert EN["step.prob_random"] in html_of(at, "lab-note") and html_of(at, "prediction") == ""


def test_trained_prediction_marks_the_next_character():
    at = step_page(t="2")
    rows = html_of(at, "prediction").split('class="p-row')[1:]
    right = [row for row in rows if row.startswith(' right"')]
    assert len(right) == 1 and 'title="l: ' in right[0]  # after 'e' comes 'l'
    assert rows[0] == right[0]  # and the trained model finds it most likely


def test_values_on_the_page_equal_a_fresh_lstm_core_run():
    at = step_page(seq="hello", hidden="4", layers="2", layer="2", weights="trained", t="3")
    model, _ = fit_next_char("hello", hidden_size=4, num_layers=2, cell="lstm", seed=0)
    _, _, trace = model.rnn(one_hot(model.vocab.encode("hello"), len(model.vocab)), return_trace=True)
    for name in ("f", "i", "g", "o", "c", "h"):
        np.testing.assert_array_equal(heatmap(at, name), getattr(trace[1], name)[:, 0].T)
    assert number(trace[1].c[2, 0, 0], 2) in diagram_svg(at)


def test_random_model_values_equal_the_engine_and_layers_can_be_switched():
    at = step_page(seq="abca", hidden="3", layers="3", layer="3", weights="random", seed="2")
    vocab = Vocabulary.from_text("abca")
    _, _, trace = LSTM(len(vocab), 3, num_layers=3, seed=2)(one_hot(vocab.encode("abca"), 3), return_trace=True)
    np.testing.assert_array_equal(heatmap(at, "g"), trace[2].g[:, 0].T)
    next(b for b in at.get("button_group") if b.key == "step_layer").set_value(1).run()
    np.testing.assert_array_equal(heatmap(at, "g"), trace[0].g[:, 0].T)
    assert at.query_params["layer"] == "1"
