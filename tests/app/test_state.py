"""Every setting of both pages keeps its value across a language switch, and the URL carries
canonical values only. (The browser test, tests/e2e/test_state_e2e.py, covers what AppTest
cannot: widgets that hold a translated label, and the Back and Forward buttons.)"""

from __future__ import annotations

import pytest

from tests.support import open_page
from ui import gradients_data, step_data

LINKS = {
    "pages/1_step.py": (step_data.STATE, {"seq": "hello", "t": "3", "hidden": "6", "layers": "2", "seed": "3",
                                          "weights": "random", "layer": "2", "stage": "update", "predict": "1"}),
    "pages/2_gradients.py": (gradients_data.STATE, {"input": "text", "seq": "abcd", "T": "60", "hidden": "8",
                                                    "seed": "2", "weights": "random", "gru": "on", "act": "relu",
                                                    "scale": "2", "fbias": "1.5"}),
}


@pytest.mark.parametrize("page", LINKS)
def test_a_language_switch_keeps_every_setting_and_the_url_canonical(page):
    state, link = LINKS[page]
    assert set(link) == set(state.params)  # every setting of the page is exercised
    at = open_page(page, **link, lang="ko")
    assert not at.exception
    values = {name: at.session_state[state.key(name)] for name in link}
    assert {name: state.params[name].format(value) for name, value in values.items()} == {
        name: state.params[name].format(state.params[name].parse(raw)[0]) for name, raw in link.items()}
    for lang in ("en", "ko"):
        at.segmented_control(key="ui_lang_switch").set_value(lang).run()
        assert not at.exception and at.query_params["lang"] == lang
        assert {name: at.session_state[state.key(name)] for name in link} == values
        assert {name: at.query_params[name] for name in link} == {
            name: state.params[name].format(value) for name, value in values.items()}
