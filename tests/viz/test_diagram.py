"""The cell diagram: the right numbers in the right places, every label escaped."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import numpy as np
import plotly.colors as pc
import pytest

from lstm_core.override import at_step
from lstm_viz import diagram
from lstm_viz.i18n import Translator
from lstm_viz.notation import number
from ui.step_data import View, step_run

EN, KO = Translator("en"), Translator("ko")


def _step(seq="hello", hidden=4, layers=1, t=3, layer=1):
    data = step_run(View(seq, hidden, layers, 0, "random"))
    return at_step(data["layers"][layer - 1], t), data["symbols"][t - 1]


def _svg_of(html: str) -> str:
    uri = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    return base64.b64decode(uri).decode("utf-8")


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # also proves the SVG is well-formed, i.e. correctly escaped
    return ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]


SVG = "{http://www.w3.org/2000/svg}"


def _numbers(svg: str) -> dict[tuple[str, int], str]:
    """The numbers drawn in the cells, by (column, unit), in drawing order."""
    return {(node.get("data-column"), int(node.get("data-unit"))): "".join(node.itertext())
            for node in ET.fromstring(svg).iter(SVG + "text") if node.get("data-column")}


def _html(step, char, tr=EN, layer=1):
    return diagram.cell_html(step, tr, char=char, layer=layer, c_range=2.0, title="T <b>", alt="A & B")


def test_every_vector_is_drawn_with_its_values_to_two_decimals():
    step, char = _step()
    texts = _texts(_svg_of(_html(step, char)))
    for name in ("c_prev", "h_prev", "f", "i", "g", "o", "tanh_c", "c", "h"):
        for value in step[name]:
            assert number(value, 2) in texts, (name, value)
    assert "l" in texts  # the character read at t = 3
    assert [text for (column, _), text in _numbers(_svg_of(_html(step, char))).items()
            if column == "x"] == ["0", "0", "1", "0"]  # its one-hot vector


def test_hover_regions_carry_the_full_vectors_to_three_decimals():
    step, char = _step()
    html = _html(step, char)
    titles = re.findall(r'<div title="([^"]*)"', html)
    for name in ("f", "i", "g", "o", "c", "h", "c_prev", "h_prev", "tanh_c"):
        vector = ", ".join(number(v) for v in step[name])
        assert any(vector in title for title in titles), name
    products = {"f_t ⊙ c_t−1": step["f"] * step["c_prev"], "i_t ⊙ g_t": step["i"] * step["g"]}
    for label, values in products.items():
        assert any(label in t and ", ".join(number(v) for v in values) in t for t in titles)
    assert any("z_f = [" + ", ".join(number(v) for v in step["pre_f"]) in t for t in titles)


def test_regions_lie_on_the_picture():
    step, char = _step()
    _, regions = diagram.cell_svg(step, EN, char=char, layer=1, c_range=2.0)
    width, height = diagram.size(len(step["h"]))
    for r in regions:
        assert r.x >= 0 and r.x + r.w <= width and r.y >= 0 and r.y + r.h <= height


@pytest.mark.parametrize("char", ["<script>alert(1)</script>", '"', "&", "$\\frac{1}{2}$", "**b**", "שׁ", "👍🏽"])
def test_hostile_characters_are_drawn_literally(char):
    step, _ = _step()
    html = _html(step, char)
    assert "<script" not in html and "<b>" not in html  # title and alt escaped too
    svg = _svg_of(html)
    assert char in _texts(svg)  # the XML parser gives back exactly the typed text


def test_a_space_is_shown_as_a_visible_space():
    step, _ = _step()
    assert "␣" in _texts(_svg_of(_html(step, " ")))


def test_colours_come_from_the_shared_scales_and_ranges():
    step, char = _step()
    svg = _svg_of(_html(step, char))
    expected = pc.sample_colorscale(pc.get_colorscale("Cividis"), [float(step["f"][0])])[0]
    assert f'fill="{expected}"' in svg
    assert diagram.fill_colours(np.array([-5.0, 0.0, 5.0]), "coloraxis2", 2.0)[0] == \
        diagram.fill_colours(np.array([-1.0]), "coloraxis2", 2.0)[0]  # clipped to the fixed range
    assert diagram.ink("rgb(0, 34, 78)") == "#FFFFFF" and diagram.ink("rgb(253, 231, 55)") == "#000000"


def test_many_units_drop_the_numbers_but_keep_the_hover():
    step, char = _step(hidden=32)
    html = _html(step, char)
    texts = _texts(_svg_of(html))
    assert number(step["f"][0], 2) not in texts
    assert any(", ".join(number(v) for v in step["f"][:8]) in t for t in re.findall(r'title="([^"]*)"', html))


def test_upper_layers_read_the_layer_below_and_labels_are_translated():
    step, char = _step(layers=2, layer=2)
    texts = _texts(_svg_of(_html(step, char, KO, layer=2)))
    assert KO("step.input_from_below", below=1) in texts
    assert KO.term("forget_gate") in texts and KO("step.scale_gates") in texts


@pytest.mark.parametrize("hidden", [1, 4, 6, 10])
def test_each_unit_sits_on_one_line_across_the_gate_columns_and_is_numbered(hidden):
    step, char = _step(hidden=hidden)
    root = ET.fromstring(_svg_of(_html(step, char)))
    cells = {(node.get("data-column"), int(node.get("data-unit"))): node for node in root.iter(SVG + "rect")
             if node.get("data-column")}
    for k in range(1, hidden + 1):
        tops = {float(cells[name, k].get("y")) for name in "figo"}
        assert len(tops) == 1, (k, tops)  # unit k: the same line in f, i, g and o
        heights = {float(cells[name, k].get("height")) for name in "figo"}
        assert len(heights) == 1
    lines = [float(cells["f", k].get("y")) for k in range(1, hidden + 1)]
    assert lines == sorted(lines) and len(set(lines)) == hidden  # unit 1 on top, then 2, …
    numbers = {int(node.get("data-unit-number")): node for node in root.iter(SVG + "text")
               if node.get("data-unit-number")}
    expected = set(range(1, hidden + 1)) if hidden <= 6 else {1, hidden}  # many units: the first and the last
    assert set(numbers) == expected
    for k, node in numbers.items():
        assert "".join(node.itertext()) == str(k)
        top, height = float(cells["f", k].get("y")), diagram.cell_height(hidden)
        assert float(node.get("y")) == pytest.approx(top + height / 2)  # on its unit's line
        assert float(node.get("x")) < min(float(cells[name, k].get("x")) for name in "figo")  # left of the gates
    assert EN.term("unit") in _texts(ET.tostring(root, encoding="unicode"))


def test_the_legend_says_what_each_end_of_each_scale_means():
    step, char = _step()
    texts = _texts(_svg_of(_html(step, char)))
    for expected in ("0 closed", "open 1", "−1 negative", "positive 1", "−2 negative", "positive 2",
                     EN("step.scale_gates"), EN("step.scale_unit"), EN("step.scale_cell")):
        assert expected in texts
    ko = _texts(_svg_of(_html(step, char, KO)))
    assert "0 닫힘" in ko and "열림 1" in ko and "−1 음수" in ko and "양수 2" in ko


def test_numbers_are_large_for_the_picture_and_fit_their_cells():
    """The picture is about as wide as it is drawn at 1280 px (see lstm_viz.diagram), so its
    font sizes are about the sizes on screen; the browser test measures them there."""
    for layers, layer in ((1, 1), (2, 2)):
        step, char = _step(layers=layers, layer=layer)
        root = ET.fromstring(_svg_of(_html(step, char, layer=layer)))
        cells = {(node.get("data-column"), node.get("data-unit")): node for node in root.iter(SVG + "rect")
                 if node.get("data-column")}
        texts = [node for node in root.iter(SVG + "text") if node.get("data-column")]
        assert texts and {node.get("data-column") for node in texts} >= {"f", "c", "h", "x"}
        for node in texts:
            size, text = float(node.get("font-size")), "".join(node.itertext())
            assert size >= 16
            cell = cells[node.get("data-column"), node.get("data-unit")]
            assert 0.6 * size * len(text) <= float(cell.get("width")) + 1, text  # Arial digits: 0.56 em
        if layer == 2:  # the layer below's h, to 2 decimals like every other cell
            assert [t for (column, _), t in _numbers(ET.tostring(root, encoding="unicode")).items()
                    if column == "x"] == [number(v, 2) for v in step["x"]]
    assert diagram.size(4)[0] / diagram.size(4)[1] > 1.7  # wide rather than tall: it fits beside the prediction


def test_numbers_on_the_cells_take_the_ink_of_higher_contrast_on_every_colour_scale():
    """Black or white by WCAG contrast: on every colour the cells can take (each scale
    sampled finely), the chosen ink reaches 4.5 : 1 and beats the other. The mid-greys of
    the gates' scale, where a brightness threshold picked white (about 4.2 : 1), get black."""
    worst = 21.0
    for axis in diagram.SCALES:
        for colour in diagram.fill_colours(np.linspace(-3, 3, 601), axis, c_range=3.0):
            bright = diagram.luminance(colour)
            chosen, other = (0.0, 1.0) if diagram.ink(colour) == "#000000" else (1.0, 0.0)
            assert diagram.contrast(bright, chosen) >= diagram.contrast(bright, other)
            worst = min(worst, diagram.contrast(bright, chosen))
    assert worst >= 4.5
    assert diagram.ink("rgb(124, 123, 120)") == "#000000"  # Cividis' middle
    assert diagram.contrast(diagram.luminance("rgb(255, 255, 255)"), 0.0) == 21.0
