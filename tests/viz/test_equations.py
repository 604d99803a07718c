"""Equations with the current numbers substituted, typeset as HTML, user text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pytest

from lstm_viz import equations, notation
from tests.support import ROOT

STEP = {
    "pre_f": np.array([1.5, -0.25]), "f": np.array([0.8176, 0.4378]),
    "pre_i": np.array([0.1, 0.2]), "i": np.array([0.525, 0.55]),
    "pre_g": np.array([0.3, -0.4]), "g": np.array([0.2913, -0.3799]),
    "pre_o": np.array([2.0, 0.0]), "o": np.array([0.8808, 0.5]),
    "c_prev": np.array([1.0, -2.0]), "c": np.array([0.9705, -1.0845]),
    "tanh_c": np.array([0.7496, -0.7954]), "h": np.array([0.6603, -0.3977]),
}


def text(html: str) -> str:
    """What a reader sees, one space between boxes (subscripts run on: W_if reads "Wif")."""
    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts = []

        def handle_starttag(self, tag, attrs):
            if tag in ("div", "span") and self.parts and self.parts[-1] != " ":
                self.parts.append(" ")

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def balanced(html: str) -> bool:
    """Every opened tag is closed, in order (st.html would otherwise repair it its own way)."""
    stack = []
    for closing, tag in re.findall(r"<(/?)([a-z]+)[^>]*>", html):
        if not closing:
            stack.append(tag)
        elif not stack or stack.pop() != tag:
            return False
    return not stack


def test_a_gate_shows_its_pre_activation_and_its_value():
    shown = text(equations.gate("f", STEP))
    assert shown == "ft = σ(Wif xt + bif + Whf ht−1 + bhf) = σ 1.500 −0.250 = 0.818 0.438"
    assert "= tanh 0.300 −0.400 = 0.291 −0.380" in text(equations.gate("g", STEP))
    assert balanced(equations.gate("o", STEP))


def test_the_update_substitutes_every_vector_in_order():
    html = equations.update(STEP)
    parts = [equations.column(STEP[k]) for k in ("f", "c_prev", "i", "g")]
    positions = [html.index(part) for part in parts]
    assert positions == sorted(positions) and balanced(html)
    assert text(html) == ("ct = ft ⊙ ct−1 + it ⊙ gt = 0.818 0.438 ⊙ 1.000 −2.000 + 0.525 0.550 ⊙ 0.291 −0.380"
                          " = 0.818 −0.876 ft ⊙ ct−1 + 0.153 −0.209 it ⊙ gt = 0.971 −1.085")


def test_the_update_shows_both_products_as_vectors_and_c_as_their_sum_of_the_trace():
    """Card ③: f ⊙ c_{t−1} (what is kept) and i ⊙ g (what is written), each a vector with
    its numbers, then c_t; on a real run, c of the trace is their sum."""
    from lstm_core.override import at_step
    from ui.step_data import View, step_run

    run = step_run(View("hello", 4, 1, 0, "trained"))
    for t in range(1, 6):
        step = at_step(run["layers"][0], t)
        kept, written = step["f"] * step["c_prev"], step["i"] * step["g"]
        np.testing.assert_allclose(step["c"], kept + written, atol=1e-12)
        lines = equations.update(step).split('<div class="eq-line">')[1:]
        assert len(lines) == 4  # the formula, the factors, the two products, c_t
        assert lines[2].count('class="named"') == 2
        assert equations.column(kept) in lines[2] and equations.column(written) in lines[2]
        assert lines[2].index(equations.column(kept)) < lines[2].index("+") < lines[2].index(
            equations.column(written))
        assert "<i>f</i><sub>t</sub> ⊙ <i>c</i><sub>t−1</sub>" in lines[2]
        assert "<i>i</i><sub>t</sub> ⊙ <i>g</i><sub>t</sub>" in lines[2]
        assert equations.column(step["c"]) in lines[3]


def test_output_goes_through_tanh_and_the_mistake_skips_it():
    shown = text(equations.output(STEP))
    assert shown == ("ht = ot ⊙ tanh(ct) = 0.881 0.500 ⊙ tanh 0.971 −1.085"
                     " = 0.881 0.500 ⊙ 0.750 −0.795 = 0.660 −0.398")
    wrong = equations.wrong_output(STEP)
    assert text(wrong) == "ot ⊙ ct = 0.881 0.500 ⊙ 0.971 −1.085 = 0.855 −0.542 ≠ ht"
    assert '<span class="wrong">≠' in wrong and balanced(wrong)


def test_long_vectors_are_cut_with_a_vertical_ellipsis():
    column = text(equations.column(np.arange(32.0)))
    assert column == "0.000 1.000 2.000 3.000 4.000 ⋮"
    assert equations.rows_shown(32) == equations.MAX_ROWS - 1 and equations.rows_shown(4) == 4
    assert notation.number(-0.5) == "−0.500"  # a true minus sign, as in print


def test_the_input_is_a_one_hot_row_named_by_its_character():
    shown = text(equations.input_vector(np.array([0.0, 0.0, 1.0, 0.0]), "l", 1, "one-hot vector"))
    assert shown == "xt = one-hot vector(“l”) = 0 0 1 0⊤"  # ⊤ set as a superscript of the bracketed row
    wide = text(equations.input_vector(np.eye(20)[3], "a", 1, "one-hot"))
    assert wide == "xt = one-hot(“a”) = 0 0 0 1 0 0 0 0 0 0 0 0 ⋯⊤"  # MAX_INPUT = 12 entries, then ⋯
    assert text(equations.input_vector(np.array([0.5, -0.25]), "a", 2, "x")) == "xt = ht(1) = 0.500 −0.250"


@pytest.mark.parametrize(("char", "shown"), [
    ("<", "&lt;"), (">", "&gt;"), ("&", "&amp;"), ('"', "&quot;"), ("'", "&#x27;"), (" ", "␣"), ("안", "안"),
    ("$", "$"), ("\\", "\\"),
])
def test_user_characters_are_escaped_for_html(char, shown):
    html = equations.input_vector(np.array([1.0]), char, 1, "one-hot")
    assert f"(“{shown}”)" in html and balanced(html)
    assert "<script" not in equations.input_vector(np.array([1.0]), "<script>", 1, "<b>")


def test_formulas_share_one_block_in_the_math_font():
    block = equations.together(equations.gate("f", STEP), equations.gate("i", STEP))
    assert block.startswith('<div class="equations">') and balanced(block)
    assert text(block).count("= σ") == 4  # each gate's definition and its numbers
    rules = css_rules()
    assert "Latin Modern Math" in rules[".equations"] and "#B00020" in rules[".wrong"]


def css_rules() -> dict[str, str]:
    """The project stylesheet as {selector: declarations}, comments dropped."""
    css = re.sub(r"/\*.*?\*/", "", (ROOT / "assets" / "css" / "lab.css").read_text(encoding="utf-8"), flags=re.S)
    rules = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        for selector in selectors.split(","):
            rules[selector.strip()] = rules.get(selector.strip(), "") + body
    return rules


def test_every_class_the_builders_use_is_styled():
    html = "".join([equations.together(equations.gate("g", STEP), equations.update(STEP), equations.output(STEP),
                                       equations.wrong_output(STEP)),
                    equations.input_vector(np.array([0.0, 1.0]), "a", 1, "one-hot")])
    used = {name for attr in re.findall(r'class="([^"]+)"', html) for name in attr.split()}
    styled = {name for selector in css_rules() for name in re.findall(r"\.([\w-]+)", selector)}
    assert used == {"equations", "eq", "eq-lhs", "eq-line", "vec", "row", "paren", "wrong", "named", "vec-name"}
    assert used <= styled


def test_a_vector_is_one_element_whatever_its_length():
    html = equations.column(np.linspace(-1, 1, 32))
    assert html.count("<") == 2 and html.startswith('<span class="vec">')  # brackets come from the stylesheet
