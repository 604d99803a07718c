"""Equations with the current numbers substituted, and user text escaped for KaTeX."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_viz import equations

STEP = {
    "pre_f": np.array([1.5, -0.25]), "f": np.array([0.8176, 0.4378]),
    "pre_i": np.array([0.1, 0.2]), "i": np.array([0.525, 0.55]),
    "pre_g": np.array([0.3, -0.4]), "g": np.array([0.2913, -0.3799]),
    "pre_o": np.array([2.0, 0.0]), "o": np.array([0.8808, 0.5]),
    "c_prev": np.array([1.0, -2.0]), "c": np.array([0.9705, -1.0845]),
    "tanh_c": np.array([0.7496, -0.7954]), "h": np.array([0.6603, -0.3977]),
}


def test_a_gate_shows_its_pre_activation_and_its_value():
    latex = equations.gate("f", STEP)
    assert r"f_t &= \sigma(W_{if}x_t" in latex
    assert r"\sigma\left(\begin{bmatrix}1.500 \\ -0.250\end{bmatrix}\right)" in latex
    assert r"= \begin{bmatrix}0.818 \\ 0.438\end{bmatrix}" in latex
    assert r"\tanh\left(\begin{bmatrix}0.300" in equations.gate("g", STEP)


def test_the_update_substitutes_every_vector_in_order():
    latex = equations.update(STEP)
    parts = [equations.column(STEP[k]) for k in ("f", "c_prev", "i", "g")]
    assert rf"&= {parts[0]} \odot {parts[1]} + {parts[2]} \odot {parts[3]}" in latex
    assert latex.endswith(rf"&= {equations.column(STEP['c'])}\end{{aligned}}")


def test_output_goes_through_tanh_and_the_mistake_skips_it():
    latex = equations.output(STEP)
    assert rf"\tanh\left({equations.column(STEP['c'])}\right)" in latex
    assert rf"{equations.column(STEP['tanh_c'])} = {equations.column(STEP['h'])}" in latex
    wrong = equations.wrong_output(STEP)
    assert equations.column(STEP["o"] * STEP["c"]) in wrong and r"\neq h_t" in wrong


def test_long_vectors_are_cut_with_a_vertical_ellipsis():
    column = equations.column(np.arange(32.0))
    assert column.count(r"\\") == equations.MAX_ROWS - 1 and r"\vdots" in column and "4.000" in column
    assert "5.000" not in column
    assert equations.rows_shown(32) == equations.MAX_ROWS - 1 and equations.rows_shown(4) == 4


def test_the_input_is_a_one_hot_row_named_by_its_character():
    latex = equations.input_vector(np.array([0.0, 0.0, 1.0, 0.0]), "l", 1, "one-hot vector")
    assert latex == r"x_t = \text{one-hot vector}(\text{“l”}) = \begin{bmatrix}0 & 0 & 1 & 0\end{bmatrix}^{\top}"
    wide = equations.input_vector(np.eye(20)[3], "a", 1, "one-hot")
    assert wide.count("&") == equations.MAX_INPUT and r"\cdots" in wide
    assert equations.input_vector(np.array([0.5, -0.25]), "a", 2, "x").startswith(r"x_t = h_t^{(1)} = ")


@pytest.mark.parametrize(("char", "shown"), [
    ("$", r"\$"), ("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("%", r"\%"), ("_", r"\_"),
    ("^", r"\^{}"), ("#", r"\#"), ("&", r"\&"), ("~", r"\~{}"), (" ", "␣"), ("안", "안"),
])
def test_user_characters_are_escaped_for_katex(char, shown):
    latex = equations.input_vector(np.array([1.0]), char, 1, "one-hot")
    assert rf"\text{{“{shown}”}}" in latex


def test_formulas_can_share_one_display():
    assert equations.together("a") == "a"
    assert equations.together("a", "b") == r"\begin{gathered}a \\[10pt] b\end{gathered}"
