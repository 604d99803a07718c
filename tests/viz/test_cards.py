"""The four step cards: one HTML block with every heading, equation and reading in order."""

from __future__ import annotations

import re

import numpy as np

from lstm_viz import cards, equations, narrate
from lstm_viz.i18n import Translator
from tests.viz.test_equations import STEP, balanced, css_rules

EN, KO = Translator("en"), Translator("ko")


def test_cards_hold_heading_equations_and_reading_in_order():
    block = cards.four_steps(STEP, EN)
    assert balanced(block) and block.count('class="equations"') == 5  # f; i and g; c; o and h; the mistake
    order = [block.index(EN(f"step.{name}_heading")) for name in ("forget", "write", "update", "output", "mistake")]
    assert order == sorted(order)
    assert block.index(equations.gate("g", STEP)) < block.index(EN("step.update_heading"))
    output_card = block.split('data-step="output"')[1]
    assert 'class="mistake"' in output_card and equations.wrong_output(STEP) in output_card
    assert cards.sentence_html(narrate.update(STEP, EN)) in block


def test_readings_become_html_with_bold_numbers():
    assert cards.sentence_html("Unit 2 keeps **93%** of c; a < b & **0.5**") == (
        "Unit 2 keeps <strong>93%</strong> of c; a &lt; b &amp; <strong>0.5</strong>")
    block = cards.four_steps(STEP, KO)
    assert "**" not in block and "<strong>" in block and KO("step.forget_heading") in block


def test_one_unit_cards_still_read_well():
    one = {name: np.asarray(values[:1]) for name, values in STEP.items()}
    block = cards.four_steps(one, EN)
    assert "The unit keeps <strong>82%</strong>" in block and balanced(block)
    assert not re.search(r"\{\w+\}", block)  # every template field was filled


def test_the_input_block_reads_the_diagram_then_shows_x_and_which_units_are_shown():
    block = cards.step_input({**STEP, "x": np.array([0.0, 1.0])}, "<", 1, EN)
    assert balanced(block) and block.index("How to read the diagram") < block.index(EN("step.input_heading"))
    assert "(“&lt;”)" in block and "<strong>How to read the diagram.</strong>" in block
    assert "units 1–" not in block  # two units: the equations show them all
    wide = {name: np.arange(10.0) for name in STEP} | {"x": np.array([1.0])}
    assert EN("step.rows_shown", shown=equations.MAX_ROWS - 1, H=10) in cards.step_input(wide, "a", 1, EN)


def test_the_heading_the_panels_and_the_note_escape_what_they_show():
    heading = cards.readout(EN, 2, 3, "<b>")
    assert heading == "<h3 class=\"step-readout\">t = 2 / 3 · input '&lt;b&gt;'</h3>"
    assert "input '␣'" in cards.readout(EN, 1, 1, " ")
    assert cards.side_by_side("<p>a</p>", "<p>b</p>") == (
        '<div class="step-panels"><div><p>a</p></div><div><p>b</p></div></div>')
    assert cards.note("a <i> & **b**") == '<div class="lab-note">a &lt;i&gt; &amp; <strong>b</strong></div>'


def test_every_class_of_the_cards_is_styled_or_a_marker_for_tests():
    html = "".join([cards.readout(EN, 1, 2, "a"), cards.side_by_side("", cards.note("x")),
                    cards.step_input({**STEP, "x": np.array([1.0])}, "a", 1, EN), cards.four_steps(STEP, EN)])
    used = {name for attr in re.findall(r'class="([^"]+)"', html) for name in attr.split()}
    styled = {name for selector in css_rules() for name in re.findall(r"\.([\w-]+)", selector)}
    assert used - styled == {"step-input"}  # the one class only tests look for
