"""The cell diagram: the right numbers in the right places, every label escaped."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import numpy as np
import plotly.colors as pc
import pytest

from lstm_viz import diagram
from lstm_viz.i18n import Translator
from lstm_viz.notation import number
from ui.step_data import View, at_step, step_run

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


def _html(step, char, tr=EN, layer=1):
    return diagram.cell_html(step, tr, char=char, layer=layer, c_range=2.0, title="T <b>", alt="A & B")


def test_every_vector_is_drawn_with_its_values_to_two_decimals():
    step, char = _step()
    texts = _texts(_svg_of(_html(step, char)))
    for name in ("c_prev", "h_prev", "f", "i", "g", "o", "tanh_c", "c", "h"):
        for value in step[name]:
            assert number(value, 2) in texts, (name, value)
    assert "l" in texts  # the character read at t = 3
    assert [t for t in texts if t in ("0", "1")][:4] == ["0", "0", "1", "0"]  # its one-hot vector


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
    for r in regions:
        assert r.x >= 0 and r.x + r.w <= diagram.WIDTH and r.y >= 0 and r.y + r.h <= diagram.HEIGHT


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
