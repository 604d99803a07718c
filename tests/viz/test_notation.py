"""One way to write a number and to name a gate or an activation, everywhere."""

from __future__ import annotations

import math

from lstm_viz import notation
from lstm_viz.i18n import Translator

EN, KO = Translator("en"), Translator("ko")


def test_numbers_have_one_minus_sign_and_one_rounding_rule():
    assert notation.number(-0.7294) == "−0.729"
    assert notation.number(0.7295, 2) == "0.73"
    assert notation.number(-1e-9) == "0.000"  # no sign on a value that rounds to zero
    assert notation.number(-0.004, 2) == "0.00"
    assert notation.number(3) == "3.000" and notation.number(-2.5, 0) == "−2"  # round half to even
    assert notation.percent(0.996) == "100" and notation.percent(0.125) == "12"


def test_scientific_notation_and_overflow_are_spelled_out():
    assert notation.sci(1.23456e-15) == "1.235e−15"
    assert notation.sci(-2.5e3) == "−2.500e+03"
    assert [notation.sci(v) for v in (math.inf, -math.inf, math.nan)] == ["∞", "−∞", "NaN"]
    assert notation.number(math.inf) == "∞"


def test_gates_are_named_by_the_glossary_in_the_readers_language():
    assert notation.GATES == ("f", "i", "g", "o") and set(notation.SIGMOID_GATES) == {"f", "i", "o"}
    for tr in (EN, KO):
        assert notation.gate_term(tr, "f") == tr.term("forget_gate")
    assert {notation.GATE_ACTIVATION[g] for g in notation.SIGMOID_GATES} == {"σ"}
    assert notation.GATE_ACTIVATION["g"] == "tanh"


def test_derivative_bounds():
    assert notation.MAX_DERIVATIVE == {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0}
    assert set(notation.ACTIVATIONS) == set(notation.ACTIVATION_SYMBOLS) == set(notation.MAX_DERIVATIVE)
