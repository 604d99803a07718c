"""One stage of a step on view: the diagram's parts tagged with their stages and dimmed
outside the one on view, the stage's boxes and operations ringed; the stage's card in full
and the others folded; the stage's reading computed from the numbers (both languages)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from lstm_viz import cards, diagram, narrate
from lstm_viz.i18n import Translator
from lstm_viz.notation import number, percent
from tests.viz.test_diagram import SVG, _step
from tests.viz.test_equations import balanced

EN, KO = Translator("en"), Translator("ko")
STEP = {
    "f": np.array([0.93, 0.12, 0.5]), "i": np.array([0.9, 0.1, 0.5]), "g": np.array([-0.8, 0.9, 0.1]),
    "o": np.array([0.5, 0.99, 0.2]), "c_prev": np.array([0.0, 1.0, -2.0]), "h_prev": np.zeros(3),
}
STEP["c"] = STEP["f"] * STEP["c_prev"] + STEP["i"] * STEP["g"]
STEP["tanh_c"] = np.tanh(STEP["c"])
STEP["h"] = STEP["o"] * STEP["tanh_c"]
STEP |= {f"pre_{name}": np.zeros(3) for name in "figo"}
# What each stage lights up: boxes (data-box), operations (data-op), columns of values (data-column).
LIT = {
    "forget": {"box": {"f"}, "op": {"forget"}, "column": {"f", "c_prev", "h_prev", "x"}},
    "input": {"box": {"i", "g"}, "op": {"ig"}, "column": {"i", "g", "h_prev", "x"}},
    "update": {"box": set(), "op": {"forget", "ig", "write"}, "column": {"c_prev", "c"}},
    "output": {"box": {"o"}, "op": {"out", "tanh"}, "column": {"o", "tanh_c", "h", "h_prev", "x"}},
}
RINGED = {"forget": {"f", "forget"}, "input": {"i", "g", "ig"}, "update": {"forget", "ig", "write"},
          "output": {"o", "out", "tanh"}}


def _svg(stage: str, tr: Translator = EN, step=None) -> ET.Element:
    step, char = (step, "l") if step is not None else _step()
    svg, _ = diagram.cell_svg(step, tr, char=char, layer=1, c_range=2.0, stage=stage)
    return ET.fromstring(svg)  # well-formed, whatever the stage


def _lit(root: ET.Element, attr: str) -> tuple[set[str], set[str]]:
    """(shown, dimmed) names of the parts carrying ``data-<attr>``."""
    shown, dimmed = set(), set()
    for node in root.iter():
        name = node.get(f"data-{attr}")
        if name is not None and node.get("data-stage") is not None:
            (dimmed if node.get("opacity") == diagram.DIM else shown).add(name)
    return shown, dimmed


@pytest.mark.parametrize("tr", [EN, KO], ids=["en", "ko"])
@pytest.mark.parametrize("stage", diagram.STAGES)
def test_each_stage_lights_its_parts_and_dims_the_rest(stage, tr):
    root = _svg(stage, tr)
    staged = [node for node in root.iter() if node.get("data-stage")]
    assert staged and all((node.get("opacity") is None) == (stage in node.get("data-stage").split())
                          for node in staged)
    assert {node.get("opacity") for node in staged} == {None, diagram.DIM}  # some lit, some dimmed
    for attr, lit in LIT[stage].items():
        shown, dimmed = _lit(root, attr)
        assert shown == lit and not shown & dimmed, (attr, shown, dimmed)
    assert {node.get("data-ring") for node in root.iter() if node.get("data-ring")} == RINGED[stage]
    for node in root.iter(SVG + "text"):  # the legends and the unit numbers stay, whatever the stage
        if node.get("data-unit-number"):
            assert node.get("opacity") is None


@pytest.mark.parametrize("tr", [EN, KO], ids=["en", "ko"])
def test_all_stages_is_the_default_and_dims_nothing(tr):
    step, char = _step()
    default, _ = diagram.cell_svg(step, tr, char=char, layer=1, c_range=2.0)
    assert default == diagram.cell_svg(step, tr, char=char, layer=1, c_range=2.0, stage="all")[0]
    assert default == diagram.cell_svg(step, tr, char=char, layer=1, c_range=2.0, stage="<x>")[0]
    root = ET.fromstring(default)
    assert not [node for node in root.iter() if node.get("opacity") or node.get("data-ring")]
    assert len([node for node in root.iter() if node.get("data-stage")]) > 50  # tagged all the same
    html = diagram.cell_html(step, tr, char=char, layer=1, c_range=2.0, title="t", alt="a", stage="update")
    assert html != diagram.cell_html(step, tr, char=char, layer=1, c_range=2.0, title="t", alt="a")


@pytest.mark.parametrize("tr", [EN, KO], ids=["en", "ko"])
@pytest.mark.parametrize("stage", diagram.STAGES)
def test_the_stages_card_is_whole_and_the_others_folded(stage, tr):
    block = cards.four_steps(STEP, tr, stage)
    assert balanced(block) and f'<div class="four-steps" data-stage="{stage}">' in block
    looks = dict(re.findall(r'<div class="step-card (current|folded)" data-step="(\w+)"', block)[k][::-1]
                 for k in range(4))
    assert looks == {name: "current" if name == cards.CARD_OF_STAGE[stage] else "folded"
                     for name in ("forget", "write", "update", "output")}
    assert block.count('class="equations"') == 5  # every card keeps its numbers (the folded ones hidden by CSS)
    note = cards.stage_note(STEP, tr, stage)
    assert balanced(note) and tr(f"step.stage_{stage}") in note
    assert cards.sentence_html(narrate.stage(STEP, tr, stage)) in note


def test_all_stages_shows_every_card_and_how_to_walk_them():
    assert cards.four_steps(STEP, EN) == cards.four_steps(STEP, EN, "all")
    assert "folded" not in cards.four_steps(STEP, EN) and "current" not in cards.four_steps(STEP, EN)
    note = cards.stage_note(STEP, KO, "all")
    assert 'data-stage="all"' in note and KO("step.stage_all") in note and "N 키" in note


def test_forget_says_how_much_of_the_memory_it_keeps():
    said = narrate.stage(STEP, EN, "forget")
    f, c_prev = STEP["f"], STEP["c_prev"]
    assert f"**{percent(f.mean())}%**" in said and percent(f.mean()) == "52"
    assert f"size {number(3.0)}" in said and f"**{number(np.abs(f * c_prev).sum())}**" in said  # 0.12 + 1.0
    assert said.endswith(narrate.forget(STEP, EN)) and "Unit 1 keeps **93%**" in said and "unit 2" in said


def test_input_counts_the_units_it_raises_and_lowers():
    said = narrate.stage(STEP, EN, "input")  # i ⊙ g = −0.72, 0.09, 0.05
    assert "raises **2** units and lowers **1**" in said and f"by {number(0.86)}" in said
    assert said.endswith(narrate.write(STEP, EN))


def test_update_says_how_far_the_memory_moves():
    said = narrate.stage(STEP, EN, "update")
    moved = np.abs(STEP["c"] - STEP["c_prev"]).sum()
    assert f"**{number(moved)}**" in said and "c_t = f ⊙ c_t−1 + i ⊙ g" in said
    k = int(np.abs(STEP["c"] - STEP["c_prev"]).argmax())
    assert k == 2  # −2 → 0.5 · −2 + 0.5 · 0.1 = −0.95
    assert said.endswith(f"Unit 3's memory changes the most: from {number(-2.0)} to **{number(-0.95)}**.")


def test_output_says_how_much_of_the_memory_it_shows():
    said = narrate.stage(STEP, EN, "output")
    assert f"**{percent(STEP['o'].mean())}%**" in said and said.endswith(narrate.output(STEP, EN))
    assert "leaves the memory as it is" in said


@pytest.mark.parametrize("stage", diagram.STAGES)
def test_korean_readings_carry_the_same_numbers(stage):
    numbers = re.compile(r"−?\d+(?:\.\d+)?")
    said = {tr.lang: sorted(numbers.findall(narrate.stage(STEP, tr, stage))) for tr in (EN, KO)}
    assert said["ko"] == said["en"]


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError):
        narrate.stage(STEP, EN, "all")
