"""The four stages of a step on /step in AppTest: ``stage=`` from a link (every value, and a
hostile one with a notice), the Previous/Next stage buttons, and the stage surviving a step
change and a language switch, in the URL throughout."""

from __future__ import annotations

import re

import pytest

from lstm_viz import diagram
from lstm_viz.i18n import Translator
from tests.app.test_step_page import diagram_svg, html_of, notices, readout
from tests.support import open_page

PAGE = "pages/1_step.py"
EN, KO = Translator("en"), Translator("ko")
ORDER = ("all", *diagram.STAGES)


def shown_stage(at) -> str:
    """The stage the page shows: its note beside the diagram, the cards and the diagram agree."""
    note = re.search(r'<div class="stage-note" data-stage="(\w+)">', html_of(at, "step-panels")).group(1)
    block = html_of(at, "step-panels")
    assert f'<div class="four-steps" data-stage="{note}">' in block
    svg = diagram_svg(at)
    assert ('data-ring=' in svg) == (note != "all") and (f'opacity="{diagram.DIM}"' in svg) == (note != "all")
    assert at.session_state["step_stage"] == note and at.query_params["stage"] == note
    return note


@pytest.mark.parametrize("stage", ORDER)
def test_a_link_opens_on_its_stage(stage):
    at = open_page(PAGE, seq="hello", t="3", stage=stage, lang="en")
    assert not at.exception and readout(at) == "t = 3 / 5 · input 'l'"
    assert shown_stage(at) == stage and not notices(at)
    assert f'<p class="stage-name">{EN.choice("step", "stage", stage)}</p>' in html_of(at, "step-panels")


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "UPDATE ", "5", ""])
def test_a_hostile_or_odd_stage_in_a_link(raw):
    at = open_page(PAGE, seq="hello", stage=raw, lang="en")
    assert not at.exception
    if raw.strip().lower() == "update":
        assert shown_stage(at) == "update" and not notices(at)
        return
    assert shown_stage(at) == "all"
    said = notices(at)
    assert "“Stage”" in said and "“③ Update”" in said and "so All stages is used" in said
    assert "<script>" not in html_of(at, "step-panels")


def test_the_buttons_walk_the_stages_both_ways():
    at = open_page(PAGE, seq="hello", t="2", lang="en")
    assert shown_stage(at) == "all"
    assert at.button(key="step_stage_next").label == "Later stage"
    assert at.button(key="step_stage_prev").label == "Earlier stage"
    assert "(key N)" in at.button(key="step_stage_next").help and "(key P)" in at.button(key="step_stage_prev").help
    for stage in (*ORDER[1:], "all"):
        at.button(key="step_stage_next").click().run()
        assert not at.exception and shown_stage(at) == stage and at.query_params["t"] == "2"
    for stage in (*reversed(ORDER[1:]), "all", "output"):  # back: output … forget, all, and round again
        at.button(key="step_stage_prev").click().run()
        assert shown_stage(at) == stage


def test_the_stage_survives_a_step_change_a_new_sequence_and_a_language_switch():
    at = open_page(PAGE, seq="hello", t="3", stage="update", lang="en")
    at.button(key="step_t_next").click().run()
    assert readout(at) == "t = 4 / 5 · input 'l'" and shown_stage(at) == "update"
    at.slider(key="step_t").set_value(2).run()
    assert shown_stage(at) == "update" and at.query_params["t"] == "2"
    at.segmented_control(key="ui_lang_switch").set_value("ko").run()
    assert not at.exception and at.query_params["lang"] == "ko" and shown_stage(at) == "update"
    assert KO("step.stage_update") in html_of(at, "step-panels")
    assert at.button(key="step_stage_next").label == "뒤 단계"
    at.text_input(key="step_seq").set_value("abc").run()
    assert shown_stage(at) == "update" and at.query_params["t"] == "1"


def test_a_stage_with_several_layers_and_random_weights():
    at = open_page(PAGE, seq="ab", layers="2", layer="2", weights="random", stage="output", lang="ko")
    assert not at.exception and shown_stage(at) == "output"
    assert KO("step.stage_output") in html_of(at, "step-panels")
